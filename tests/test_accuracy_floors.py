"""Accuracy floors on the dev gold (issue 5): a change that drops a score below its floor fails.

Floors sit a little under the figures measured when they were set (2026-11-30): VOA articles event F1
.438, type .515, dyad .531; held-out wire sentences (tests/gold/dev_wire_sentences.jsonl) root .792,
type .792, dyad .854. Raise them when the coder improves.
"""

from pathlib import Path

import pytest
from spacy.language import Language

from eventcoder.evaluation import evaluate

GOLD = Path(__file__).parent / "gold"
FLOORS = {
    "dev_voa_articles.jsonl": {"event": 0.40, "type": 0.48, "dyad": 0.50},
    "dev_wire_sentences.jsonl": {"root": 0.74, "type": 0.74, "dyad": 0.80},
}


@pytest.mark.slow
@pytest.mark.issue(5)
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_f1_stays_above_floor(nlp: Language, name: str) -> None:
    (report,) = evaluate([GOLD / name], nlp)
    got = {score: round(report.overall[score].f1, 3) for score in FLOORS[name]}
    assert all(got[score] >= floor for score, floor in FLOORS[name].items()), got
