"""The HTML charts in headless Chromium (issue 11): opt in with --browser.

The pages are opened as local files (file://): everything they need is inlined, nothing is fetched.
Hovering a mark shows its counts in Vega's tooltip; clicking it lists its events with their sentences.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventcoder.store import open_store, plots
from eventcoder.store.analytics import dyad_series, event_sentences, network
from eventcoder.store.ingest import ingest_results
from eventcoder.store.synthetic import corpus

pytestmark = [pytest.mark.browser, pytest.mark.issue(11)]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plots")
    with open_store(str(folder / "events.duckdb")) as store:
        ingest_results(store, corpus(120, days=200), commit_every=40)
        series = dyad_series(store, "USA", "CHN", freq="month")
        return {
            "series": plots.plot_series(
                series,
                folder / "dyad.html",
                title="USA-CHN",
                freq="month",
                events=event_sentences(store, dyad=("USA", "CHN")),
            ),
            "network": plots.plot_network(
                network(store, level="country"),
                folder / "network.html",
                title="network",
                events=event_sentences(store),
            ),
        }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.mark.parametrize(
    ("name", "mark", "tip"),
    [
        ("series", "path[aria-roledescription='bar']", "events in the period"),
        ("network", "path[aria-roledescription='circle']", "events (as source or target)"),
    ],
)
def test_hover_shows_counts_and_click_lists_events(
    pages: dict[str, Path], browser: Any, name: str, mark: str, tip: str
) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(pages[name].as_uri())
    page.wait_for_selector(mark, timeout=20_000)
    assert "could not be drawn" not in page.locator("#chart").inner_text()
    target = page.locator(mark).first
    target.hover()
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    assert tip in page.locator("#vg-tooltip-element").inner_text()
    target.click()
    page.wait_for_selector("#events li", timeout=5_000)
    heading = page.locator("#events h2").inner_text()
    assert " events" in heading and page.locator("#events li").count() >= 1
    assert all(url.startswith("file://") for url in requests)  # nothing fetched from the network
    if name == "network":
        assert page.locator("text=events (node size)").count() == 1  # the node-size legend
    page.close()
