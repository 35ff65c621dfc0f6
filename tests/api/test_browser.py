"""The dashboard in headless Chromium (issue 17): opt in with --browser.

Starts ``eventcoder serve``'s app with uvicorn on 127.0.0.1 over a temporary DuckDB holding our own test
articles, drives Debian's /usr/bin/chromium with Playwright, and saves a screenshot of each step under
tests/artifacts/browser/ (gitignored; $EVENTCODER_ARTIFACTS moves it).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from eventcoder.api import ApiSettings, create_app
from eventcoder.io.inputs import read_inputs
from eventcoder.store import open_store
from eventcoder.store.ingest import ingest

pytestmark = [pytest.mark.browser, pytest.mark.issue(17)]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLES = Path(__file__).parent.parent / "data" / "api_articles.jsonl"
ARTIFACTS = (
    Path(os.environ.get("EVENTCODER_ARTIFACTS", Path(__file__).parent.parent / "artifacts")) / "browser"
)
PASTED = (
    "BERLIN, Feb. 1 (Test Wire) - Germany condemned Iran on Monday over its nuclear program, and the "
    'German foreign minister said in Berlin: "Tehran must return to the talks."'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Iterator[str]:
    """Base URL of a live server over a fresh store with the test articles."""
    import uvicorn

    path = str(tmp_path_factory.mktemp("browser") / "events.duckdb")
    with open_store(path) as store:
        ingest(store, read_inputs([str(ARTICLES)]), nlp=nlp)
    store = open_store(path, read_only=True)
    port = free_port()
    config = uvicorn.Config(
        create_app(store, ApiSettings(nlp=nlp)), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records console errors and every URL it requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.requested = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    page.on("request", lambda request: page.requested.append(request.url))
    page.set_default_timeout(20_000)
    yield page
    assert page.console_errors == []
    assert [u for u in page.requested if not u.startswith(server) and not u.startswith("data:")] == []
    context.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_filter_events_and_open_an_article(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/")
    rows = page.locator("table.events tbody tr")
    total = rows.count()
    assert total > 5
    assert page.evaluate(
        "[...document.querySelectorAll('input, select, textarea')].every(e => e.labels.length > 0)"
    )
    shot(page, "01-events")
    page.fill("input[name=actor]", "RUS")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"actor=RUS"))
    assert 0 < rows.count() < total
    for text in rows.all_inner_texts():
        assert "RUS" in text
    shot(page, "02-events-filtered")
    row = rows.filter(has_text="112").first
    row.locator("td").first.click()  # a click on the row, not on its link, opens the article
    page.wait_for_url(re.compile(r"/ui/articles/"))
    focus = page.locator("mark.focus")
    assert "accused" in focus.all_inner_texts()
    assert page.locator("mark.hl.source").count() > 0 and page.locator("mark.hl.target").count() > 0
    assert page.locator("h1").inner_text() == "Russia accuses Ukraine over border clash"
    shot(page, "03-article")


def test_paste_text_and_see_events(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/code")
    page.fill("#code-text", PASTED)
    page.fill("#code-date", "2021-02-01")
    page.click("#code-submit")
    page.wait_for_selector("#code-result:not([hidden])")
    first = page.locator("#code-events tbody tr").first.inner_text()
    assert "Germany" in first and "111" in first and "Iran" in first
    assert page.locator("#code-text-out").inner_text() == PASTED
    marks = dict(zip(page.locator("#code-text-out mark.trigger").all_inner_texts(), [1], strict=False))
    assert "condemned" in marks
    assert page.locator("#code-text-out mark.quote").count() >= 1
    assert re.match(r"\d+ events, \d+ quotes, coded in", page.locator("#code-status").inner_text())
    shot(page, "04-code")


def test_code_box_shows_the_api_error(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/code")
    page.fill("#code-text", " ")
    page.click("#code-submit")
    page.wait_for_function("document.getElementById('code-status').textContent.includes('[E')")
    status = page.locator("#code-status").inner_text()
    assert "[E408]" in status and "only whitespace" in status
    assert [e for e in page.console_errors if "status of 422" not in e] == []  # the browser logs the 422
    page.console_errors.clear()


def test_dyad_timeline_and_network_draw(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/dyad?a=RUS&b=UKR&freq=month")
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart svg .mark-rect path").count() >= 1
    shot(page, "05-dyad")
    page.goto(f"{server}/ui/network")
    page.wait_for_selector("#network svg")
    labels = page.locator("#network svg .mark-text text").all_text_contents()
    assert {"RUS", "UKR", "CHN", "USA"} <= set(labels)
    assert page.locator("#edges tbody tr").count() > 3
    shot(page, "06-network")
    page.goto(f"{server}/ui/api")
    assert page.locator("section.endpoint").count() == 9
    shot(page, "07-api-reference")
