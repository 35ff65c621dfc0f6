"""Take the README's dashboard screenshots (docs/dashboard-*.png) in headless Chromium.

    python tools/dashboard_screenshots.py

The article view uses our own test articles (tests/data/api_articles.jsonl) coded by the real pipeline; the
dyad timeline a synthetic store (eventcoder.store.synthetic), since four articles make a thin chart. Servers
bind to 127.0.0.1 on free ports; Debian's /usr/bin/chromium is driven by Playwright.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from eventcoder.api import ApiSettings, create_app
from eventcoder.io.inputs import read_inputs
from eventcoder.pipeline import build_nlp
from eventcoder.store import SQLStore, open_store
from eventcoder.store.ingest import ingest
from eventcoder.store.synthetic import corpus

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serving(store: SQLStore, nlp: object) -> Iterator[str]:
    """A uvicorn server over the store on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store, ApiSettings(nlp=nlp)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    nlp = build_nlp()
    coded = open_store(str(tmp / "coded.duckdb"))
    ingest(coded, read_inputs([str(ROOT / "tests" / "data" / "api_articles.jsonl")]), nlp=nlp)
    synthetic = open_store(str(tmp / "synthetic.duckdb"))
    synthetic.write(list(corpus(20_000, 10, seed=3)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 640})
        with serving(coded, nlp) as base:
            page.goto(f"{base}/ui/?actor=CHN")
            page.locator("table.events tbody tr td").first.click()
            page.wait_for_url("**/ui/articles/**")
            page.screenshot(path=str(ROOT / "docs" / "dashboard-article.png"))
        with serving(synthetic, nlp) as base:
            page.goto(f"{base}/ui/dyad?a=USA&b=CHN&freq=month&since=2021-01-01&until=2022-12-31")
            page.wait_for_selector("#chart svg")
            page.screenshot(path=str(ROOT / "docs" / "dashboard-dyad.png"))
        browser.close()
    coded.close()
    synthetic.close()
    print("wrote docs/dashboard-article.png and docs/dashboard-dyad.png")


if __name__ == "__main__":
    main()
