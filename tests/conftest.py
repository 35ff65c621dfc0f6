"""Shared fixtures and opt-in markers (the only conftest)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

OPT_IN = {
    "slow": "real-model runs over many texts",
    "postgres": "a PostgreSQL server (EVENTCODER_TEST_PG_URL)",
    "browser": "headless Chromium (/usr/bin/chromium) driven by Playwright",
    "ray": "a local Ray instance (the optional ray[data] dependency)",
}
DATA = Path(__file__).parent / "data"
# Third-party text (news, other projects' sentences) is never committed: it is read from the data/ folder of
# the shared folder: $EVENTCODER_SHARED, else ../shared beside the checkout (or ../../shared beside a worktree
# under wt/), as tools/output_digest.py finds it.
_ROOT = Path(__file__).resolve().parents[1]
_BESIDE = (p for p in (_ROOT.parent / "shared", _ROOT.parent.parent / "shared") if p.is_dir())
SHARED = Path(os.environ.get("EVENTCODER_SHARED") or next(_BESIDE, "shared")) / "data"
# The knowledge build cache of the whole run (and of the commands and workers it starts) is a temporary
# folder: tests never read or write the user's cache (~/.cache/eventcoder). Removed at the end of the run.
_CACHE = tempfile.mkdtemp(prefix="eventcoder-test-cache-")
os.environ["EVENTCODER_CACHE_DIR"] = _CACHE


def shared_path(name: str) -> Path:
    """A file of the shared data folder; skips the test (one line) when it is absent."""
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"third-party data {name} not in {SHARED} (set EVENTCODER_SHARED to the shared folder)")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    for marker, what in OPT_IN.items():
        parser.addoption(
            f"--{marker}", action="store_true", default=False, help=f"run tests that need {what}"
        )


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis: a few generated cases per property in the fast suite, a thousand with --slow."""
    from hypothesis import settings

    settings.register_profile("fast", max_examples=10, deadline=None, database=None)
    settings.register_profile("slow", max_examples=1000, deadline=None, database=None)
    settings.load_profile("slow" if config.getoption("--slow") else "fast")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker in OPT_IN:
        if config.getoption(f"--{marker}"):
            continue
        skip = pytest.mark.skip(reason=f"needs --{marker}")
        for item in items:  # the marker, not item.keywords (which hold folder names: a checkout named "ray")
            if item.get_closest_marker(marker) is not None:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Callable[[str], Path]:
    """``shared("news_dev/tune.jsonl")``: the path of a shared data file, skipping when it is absent."""
    return shared_path


Triple = tuple[str | None, str | None, str]


@pytest.fixture(scope="session")
def triples(nlp: Language) -> Callable[[str], list[Triple]]:
    """``triples(text)``: (source country, target country, CAMEO code) of each event the rules code (the
    statistical fallback's events are left out: tests/components/events/test_fallback.py tests those)."""

    def code(text: str) -> list[Triple]:
        doc = nlp(text)

        def country(i: int | None) -> str | None:
            return None if i is None else doc._.actors[i]["country"]

        return [
            (country(e["source"]), country(e["target"]), e["cameo"])
            for e in doc._.events
            if e.get("method") != "statistical"
        ]

    return code


@pytest.fixture(scope="session")
def blank() -> Language:
    """A blank English pipeline with the eventcoder extensions registered (for hand-built Docs)."""
    import spacy

    from eventcoder.components.extensions import register_extensions

    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The default spaCy model without eventcoder components."""
    from eventcoder.pipeline import load_model

    return load_model()


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full eventcoder pipeline on the default model (loaded once per test session)."""
    from eventcoder.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of the PostgreSQL server for tests marked ``postgres``."""
    url = os.environ.get("EVENTCODER_TEST_PG_URL")
    if not url:
        pytest.skip("EVENTCODER_TEST_PG_URL is not set")
    yield url


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each back-end: a DuckDB file in tmp_path, or a reset PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "events.duckdb")
    import psycopg

    url: str = request.getfixturevalue("pg_url")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url


@pytest.fixture(scope="session")
def run_gold_paragraph() -> Callable[[Language, dict[str, Any]], Doc]:
    """Run the pipeline on a tests/data/wire_dates_places.jsonl row with its gold triggers as the events."""
    return _run_gold_paragraph


def _run_gold_paragraph(nlp: Language, row: dict[str, Any]) -> Doc:
    """Run the pipeline on one paragraph with its gold triggers as the events (not the event coder's)."""
    doc = nlp.make_doc(row["text"])
    doc._.meta = {"article_id": row["id"], "date": row["date"]}
    for name, proc in nlp.pipeline:
        if name == "eventcoder_dates":
            sents = list(doc.sents)
            events = []
            for gold in row["events"]:
                start = -1
                for _ in range(gold["nth"] + 1):
                    start = row["text"].index(gold["trigger"], start + 1)
                span = doc.char_span(start, start + len(gold["trigger"]), alignment_mode="expand")
                assert span is not None
                sid = next(i for i, s in enumerate(sents) if s.start <= span.start < s.end)
                events.append({"sentence_id": sid, "trigger_token": span.start, "cameo": "010"})
            doc._.events = events
        doc = proc(doc)
    return doc
