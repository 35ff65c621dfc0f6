"""tools/train_fallback.py end to end on article gold written for this test: label, fit, write weights that
the component loads and applies. Needs scikit-learn (the train extra, also in dev)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import load_script

from eventcoder.components.events.fallback import NONE_CLASS, load_model
from eventcoder.pipeline import build_nlp

pytest.importorskip("sklearn", reason="scikit-learn (pip install -e '.[train]') trains the fallback")

# (source country, target country, sentence with a gold event of root 19) and sentences without an event
ATTACKS = [
    ("RUS", "UKR", "The Russian army pounded Ukrainian positions near the border on Monday."),
    ("ISR", "LBN", "Israeli troops pounded Lebanese villages overnight, residents said."),
    ("IND", "PAK", "Indian artillery pounded Pakistani posts along the frontier."),
    ("ARM", "AZE", "Armenian forces pounded Azerbaijani trenches before dawn."),
    ("SDN", "SSD", "Sudanese soldiers pounded South Sudanese camps on Tuesday."),
]
QUIET = [
    "The Russian delegation and Ukrainian reporters stayed at the same hotel.",
    "Israeli tourists and Lebanese students watched the match together.",
    "Indian engineers and Pakistani farmers share the river's water.",
    "Armenian singers and Azerbaijani dancers appeared at the festival.",
    "Sudanese traders and South Sudanese herders met at the market.",
]


def tool() -> ModuleType:
    return load_script("tools/train_fallback.py")


def gold_file(tmp_path: Path) -> Path:
    lines = []
    for i, ((src, tgt, attack), quiet) in enumerate(zip(ATTACKS, QUIET, strict=True)):
        event: dict[str, Any] = {
            "id": "E1",
            "what": "attack",
            "sents": [attack[:30]],
            "src": [src],
            "tgt": [tgt],
        }
        event["roots"] = ["19", "18"]
        article = {
            "id": f"a{i}",
            "date": "2024-03-0{i + 1}",
            "text": f"{attack} {quiet}",
            "gold": {"core": [event]},
        }
        lines.append(json.dumps(article))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_pair_roots_matches_like_the_scorer() -> None:
    train = tool()
    gold = {
        "gold": {
            "core": [{"sents": ["pounded"], "src": ["RUS"], "tgt": ["UKR"], "roots": ["19", "18"]}],
            "optional": [{"sents": ["pounded"], "src": [], "tgt": [], "roots": ["15"]}],
        }
    }
    sentence = "The Russian army pounded Ukrainian positions."
    assert train.pair_roots(gold, sentence, "RUS", "UKR", optional="all") == ["19", "18", "15"]
    assert train.pair_roots(gold, sentence, "UKR", "RUS", optional="all") == ["15"]
    assert train.pair_roots(gold, sentence, "RUS", "UKR") == ["19", "18"]  # default: core events only
    assert train.pair_roots(gold, sentence, "UKR", "RUS") == []
    assert train.pair_roots(gold, sentence, "UKR", "RUS", optional="named") == []
    assert train.pair_roots(gold, "Another sentence.", "RUS", "UKR") == []


def test_training_writes_weights_the_component_applies(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    args = [
        str(gold_file(tmp_path)),
        "--out",
        str(out),
        "--threshold",
        "0.5",
        "--min-count",
        "1",
        "--C",
        "10",
        "--labels",
        "first",  # the first root of each event (19); the default "all" adds a row for 18 too
    ]
    assert tool().main(args) == 0
    model = load_model(out)
    assert model.classes == ["19", NONE_CLASS] and model.threshold == 0.5
    assert model.meta["articles"] == 5 and model.meta["positives"]["19"] >= 5 and model.meta["pairs"] > 10
    assert model.meta["trained_on"] == ["gold.jsonl"] and model.meta["labels"] == "first"
    assert "trigger=pound" in model.weights  # lemmas and parse labels, no text of the articles
    assert not [name for name in model.weights if any(w in name for w in ("Russian", "army", "positions"))]
    nlp = build_nlp(config={"eventcoder_fallback": {"enabled": True, "weights": str(out)}})
    doc = nlp("Georgian troops pounded Russian positions near the border.")
    stat = [e for e in doc._.events if e.get("method") == "statistical"]
    assert [
        (doc._.actors[e["source"]]["country"], doc._.actors[e["target"]]["country"], e["cameo"]) for e in stat
    ] == [("GEO", "RUS", "190")]
    assert not [e for e in nlp(QUIET[0])._.events if e.get("method")]


def test_training_refuses_gold_without_positives(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text(json.dumps({"id": "q", "text": QUIET[0], "gold": {"core": []}}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no positive pair"):
        tool().main([str(path), "--out", str(tmp_path / "w.json")])


def test_evaluate_scores_held_out_gold_with_and_without_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train_dir, held_dir = tmp_path / "train", tmp_path / "held"
    train_dir.mkdir()
    held_dir.mkdir()
    held = gold_file(held_dir)
    # the held-out articles: other countries, the same construction
    lines = held.read_text(encoding="utf-8").splitlines()
    swaps = {"Russian": "Georgian", "RUS": "GEO", "Israeli": "Syrian", "ISR": "SYR"}
    for old, new in swaps.items():
        lines = [line.replace(old, new) for line in lines]
    held.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [str(gold_file(train_dir)), "--out", str(tmp_path / "w.json"), "--min-count", "1", "--C", "10"]
    assert tool().main([*args, "--evaluate", str(held), "--thresholds", "0.3,1.0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "gold.jsonl (5 articles, held out):"
    rules, low, high = out[1:4]
    assert rules.startswith("  rules only: ") and "(tp " in rules
    base_tp = int(rules.split("(tp ")[1].split()[0])
    assert low.startswith("  with the fallback at 0.3: ")
    gained = int(low.split("; tp ")[1].split()[0])
    assert gained >= 1 and base_tp + gained <= 5  # the fallback codes held-out attacks the rules missed
    assert "tp +0 fp +0; 0 of 0 added records match gold" in high  # nothing reaches probability 1.0


def test_evaluate_refuses_check_splits_and_training_gold(tmp_path: Path) -> None:
    gold = gold_file(tmp_path)
    check = tmp_path / "check.jsonl"
    check.write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    out = str(tmp_path / "w.json")
    for held in (check, gold):
        with pytest.raises(SystemExit):
            tool().main([str(gold), "--out", out, "--evaluate", str(held)])
