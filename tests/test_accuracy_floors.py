"""Accuracy floors (issues 5, 16): an F1 dropping below its floor, or a pinned gold file changing, fails.

Floors, pinned SHA-256 sums and the figures measured when they were set live in tests/gold/floors.json:
the real-news tune and check splits and the other dev sets from the shared data folder (skipped when
absent), and the wire sentence sets written for these tests. Raise the floors when the coder improves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from eventcoder.evaluation import SetReport, evaluate

GOLD = Path(__file__).parent / "gold"
FLOORS: dict[str, dict[str, Any]] = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))["files"]
pytestmark = [pytest.mark.issue(5), pytest.mark.issue(16)]


def gold_file(name: str, shared: Callable[[str], Path]) -> Path:
    return shared(name) if FLOORS[name]["in"] == "shared" else GOLD / name


@pytest.fixture(scope="module")
def report_of(nlp: Language, shared: Callable[[str], Path]) -> Callable[[str], SetReport]:
    """Code and score each gold file once per module."""
    reports: dict[str, SetReport] = {}
    pipelines: dict[str, Language] = {}

    def get(name: str) -> SetReport:
        if name not in reports:
            path = gold_file(name, shared)
            actors = FLOORS[name].get("actors")
            model = nlp
            if actors:
                from eventcoder.pipeline import build_nlp

                model = pipelines.setdefault(actors, build_nlp(actor_files=[str(GOLD / actors)]))
            (reports[name],) = evaluate([path], model)
        return reports[name]

    return get


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_f1_stays_above_floor(report_of: Callable[[str], SetReport], name: str) -> None:
    report = report_of(name)
    assert report.failures == 0
    got = {score: round(report.overall[score].f1, 3) for score in FLOORS[name]["floors"]}
    below = {s: (got[s], floor) for s, floor in FLOORS[name]["floors"].items() if got[s] < floor}
    assert not below, f"{name}: (F1, floor) below floor: {below}"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pinned_gold_file_is_unchanged(shared: Callable[[str], Path], name: str) -> None:
    digest = hashlib.sha256(gold_file(name, shared).read_bytes()).hexdigest()
    assert digest == FLOORS[name]["sha256"], f"{name} changed: re-measure, re-set its floors.json entry"


def test_every_gold_set_in_the_repository_has_floors() -> None:
    assert {p.name for p in GOLD.glob("*.jsonl")} <= set(FLOORS)
    for entry in FLOORS.values():
        assert entry["floors"] and all(0.0 <= f <= entry["measured"][s] for s, f in entry["floors"].items())
