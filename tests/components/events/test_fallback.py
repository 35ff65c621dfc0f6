"""The statistical event fallback (eventcoder/components/events/fallback.py and fallback_features.py, issue
#15): the weights loader, candidates and features on sentences written for these tests, and the component
on the default model with small hand-made weight files."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from eventcoder.components.events.fallback import (
    NONE_CLASS,
    WEIGHTS_FORMAT,
    FallbackModel,
    load_model,
    parse_model,
)
from eventcoder.components.events.fallback_features import (
    FEATURE_KINDS,
    FEATURE_VERSION,
    Candidate,
    candidates,
    features,
    trigger_token,
)
from eventcoder.config import DEFAULTS, pipeline_config
from eventcoder.driver import code
from eventcoder.errors import ConfigError, KnowledgeError
from eventcoder.pipeline import build_nlp

UNCOVERED = "The Russian army pounded Ukrainian positions near the border."  # no rule codes "pound"


def weights_file(tmp_path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "format": WEIGHTS_FORMAT,
        "feature_version": FEATURE_VERSION,
        "classes": [NONE_CLASS, "19"],
        "intercepts": [0.0, -4.0],
        "threshold": 0.6,
        "meta": {"trained_on": ["written for the tests"]},
        "weights": {"trigger=pound": [0.0, 4.0], "s_role=nsubj": [0.0, 1.5]},
    }
    data.update(changes)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rules_nlp() -> Language:
    """The default pipeline with the fallback switched off: the rules' events only."""
    return build_nlp(config={"eventcoder_fallback": {"enabled": False}})


def pairs(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(doc._.actors[c.source]["code"], doc._.actors[c.target]["code"]) for c, _ in candidates(doc)]


# ---------------------------------------------------------------------- weights file


def test_load_model_reads_a_valid_file(tmp_path: Path) -> None:
    model = load_model(weights_file(tmp_path))
    assert model.classes == [NONE_CLASS, "19"] and model.threshold == 0.6
    probs = model.probabilities(["trigger=pound", "s_role=nsubj", "unknown feature"])
    expected = 1 / (1 + math.exp(-(-4.0 + 4.0 + 1.5)))
    assert probs[1] == pytest.approx(expected) and sum(probs) == pytest.approx(1.0)
    assert model.best_root(["trigger=pound"]) == ("19", pytest.approx(0.5))
    assert model.best_root([])[1] < 0.5  # the intercept alone says "no event"


@pytest.mark.parametrize(
    ("changes", "code", "where"),
    [
        ({"format": "something else"}, "E002", "format"),
        ({"feature_version": FEATURE_VERSION + 1}, "E002", "retrain"),
        ({"classes": ["19", "11"]}, "E002", "classes"),
        ({"classes": [NONE_CLASS, "99"]}, "E002", "not a two-digit CAMEO root"),
        ({"classes": [NONE_CLASS, "190"]}, "E002", "not a two-digit CAMEO root"),
        ({"intercepts": [0.0]}, "E002", "intercepts"),
        ({"intercepts": [0.0, float("nan")]}, "E002", "intercepts"),
        ({"threshold": 0}, "E002", "threshold"),
        ({"threshold": 1.5}, "E002", "threshold"),
        ({"threshold": True}, "E002", "threshold"),
        ({"weights": {"trigger=pound": [1.0, 2.0, 3.0]}}, "E002", "trigger=pound"),
        ({"weights": {"trigger=pound": [1.0, "2"]}}, "E002", "trigger=pound"),
        ({"weights": []}, "E002", "weights"),
    ],
)
def test_load_model_rejects_a_bad_file(
    tmp_path: Path, changes: dict[str, Any], code: str, where: str
) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_model(weights_file(tmp_path, **changes))
    assert err.value.code == code and where in str(err.value) and "weights.json" in str(err.value)


def test_load_model_names_a_missing_field_and_bad_json(tmp_path: Path) -> None:
    data = json.loads(weights_file(tmp_path).read_text())
    del data["intercepts"]
    with pytest.raises(KnowledgeError, match=r"\[E001\].*intercepts"):
        parse_model(data, "w.json")
    with pytest.raises(KnowledgeError, match=r"\[E002\].*expected a JSON object"):
        parse_model([1, 2], "w.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E004\] .*bad.json, line 1: not valid JSON"):
        load_model(bad)
    with pytest.raises(KnowledgeError, match=r"\[E003\]"):
        load_model(tmp_path / "missing.json")


def test_shipped_weights_load_and_say_what_they_were_trained_on() -> None:
    model = load_model("")
    assert NONE_CLASS in model.classes and len(model.classes) > 2 and model.weights
    assert model.meta["trained_on"] and model.meta["articles"] > 0
    # weights only: feature names are one kind of feature and single lemmas or parse labels, never text
    kinds = {name.split("=")[0] for name in model.weights}
    assert kinds <= set(FEATURE_KINDS) and "trigger" in kinds
    assert not [name for name in model.weights if any(c.isspace() for c in name)]


def test_model_round_trips_through_json(tmp_path: Path) -> None:
    model = FallbackModel([NONE_CLASS, "11"], [0.1, -0.2], {"lca=criticize": [0.0, 1.5]}, 0.5, {"x": 1})
    again = parse_model(json.loads(json.dumps(model.to_json())), "mem")
    assert again == model


# ---------------------------------------------------------------------- candidates and features


def test_candidates_skip_dyads_the_rules_coded(rules_nlp: Language) -> None:
    nlp = rules_nlp
    doc = nlp("The Chinese government criticized Japan on Monday.")
    assert [(e["cameo"][:2]) for e in doc._.events] == ["11"]  # CHNGOV -> JPN by the rules
    assert pairs(nlp, "The Chinese government criticized Japan on Monday.") == [("JPN", "CHNGOV")]
    assert sorted(pairs(nlp, UNCOVERED)) == [("RUSMIL", "UKR"), ("UKR", "RUSMIL")]


def test_candidates_need_two_different_codes(rules_nlp: Language) -> None:
    assert pairs(rules_nlp, "The Russian army pounded the hills near the border.") == []


def test_features_of_a_subject_object_pair(nlp: Language) -> None:
    doc = nlp("The Chinese government criticized Japan over the islands.")
    actors = doc._.actors
    src = next(i for i, a in enumerate(actors) if a["code"] == "CHNGOV")
    tgt = next(i for i, a in enumerate(actors) if a["code"] == "JPN")
    cand = Candidate(0, src, tgt)
    feats = features(doc, cand)
    for expected in (
        "s_role=nsubj",
        "t_role=dobj",
        "roles=nsubj|dobj",
        "s_sector=GOV",
        "sectors=GOV|-",
        "order=st",
        "same_country=False",
        "lca=criticize",
        "lca|roles=criticize|nsubj|dobj",
        "trigger=criticize",
        "trigger_prep=criticize_over",
        "path_deps=nsubj^dobj",
    ):
        assert expected in feats, expected
    assert "negated" not in feats
    assert trigger_token(doc, cand).text == "criticized"
    assert not any("Japan" in f or "Chinese" in f for f in feats)  # no mention words


def test_features_of_a_prepositional_target_and_negation(nlp: Language) -> None:
    doc = nlp("Iran did not retaliate against Israel after the strike.")
    actors = doc._.actors
    src = next(i for i, a in enumerate(actors) if a["country"] == "IRN")
    tgt = next(i for i, a in enumerate(actors) if a["country"] == "ISR")
    feats = features(doc, Candidate(0, src, tgt))
    assert "t_role=pobj_against" in feats and "path_prep=against" in feats
    assert "trigger=retaliate" in feats and "negated" in feats


# ---------------------------------------------------------------------- the component


def fallback_nlp(tmp_path: Path, **config: Any) -> Language:
    settings = {"enabled": True, "weights": str(weights_file(tmp_path)), **config}
    return build_nlp(config={"eventcoder_fallback": settings})


def test_component_emits_a_marked_root_level_record(tmp_path: Path) -> None:
    nlp = fallback_nlp(tmp_path)
    stat = [r for r in code(UNCOVERED, nlp=nlp, article_id="t") if r.method == "statistical"]
    assert [(r.source.code, r.target.country, r.cameo) for r in stat if r.source and r.target] == [
        ("RUSMIL", "UKR", "190")
    ]
    record = stat[0]
    assert record.cameo_root == "19" and record.quad_class == 4 and record.goldstein == -10.0
    assert record.plover_type is not None
    assert (
        record.trigger.text == "pounded" and UNCOVERED[record.trigger.start : record.trigger.end] == "pounded"
    )
    assert 0.6 <= record.confidence < 1.0 and any("[W107]" in w for w in record.warnings)
    assert (
        record.source.start is not None
        and UNCOVERED[record.source.start : record.source.end] == "Russian army"
    )


def test_component_respects_threshold_switch_and_negation(tmp_path: Path) -> None:
    off = fallback_nlp(tmp_path, enabled=False)
    assert off.get_pipe("eventcoder_fallback").model is None
    assert not [r for r in code(UNCOVERED, nlp=off, article_id="t") if r.method == "statistical"]
    strict = fallback_nlp(tmp_path, threshold=0.99)
    assert not [e for e in strict(UNCOVERED)._.events if e.get("method")]
    on = fallback_nlp(tmp_path)
    negated = "The Russian army did not pound Ukrainian positions near the border."
    hypothetical = "The Russian army could pound Ukrainian positions near the border."
    for text in (negated, hypothetical):
        assert not [e for e in on(text)._.events if e.get("method")], text


def test_component_rejects_a_bad_threshold(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[E303\].*threshold"):
        fallback_nlp(tmp_path, threshold=1.5)


def test_settings_switch_the_fallback() -> None:
    settings = pipeline_config(dict(DEFAULTS))["eventcoder_fallback"]
    assert settings["enabled"] is DEFAULTS["fallback"] is False and settings["threshold"] is None
    assert pipeline_config({**DEFAULTS, "fallback": False})["eventcoder_fallback"]["enabled"] is False
    chosen = pipeline_config(
        {**DEFAULTS, "fallback": True, "fallback_threshold": 0.7, "fallback_weights": "w"}
    )
    assert chosen["eventcoder_fallback"] == {
        "enabled": True,
        "weights": "w",
        "threshold": 0.7,
        "keep_modalities": list(DEFAULTS["keep_modalities"]),
    }
