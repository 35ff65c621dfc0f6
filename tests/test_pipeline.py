"""The pipeline's components declare what they read and write, so spaCy can check their order (#10)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.pipeline import COMPONENTS

pytestmark = pytest.mark.issue(10)


def test_analyze_pipes_finds_no_problem(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}


def test_wrong_order_is_a_problem(base_nlp: Language) -> None:
    """Events before actors: analyze_pipes names the missing doc._.actors (the check can fail)."""
    nlp = Language(base_nlp.vocab)  # a blank pipeline on the same vocab: no parser, nothing assigned
    for factory, module in reversed(COMPONENTS):
        __import__(module)
        nlp.add_pipe(factory)
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert "doc._.actors" in problems["eventcoder_events"]
    assert "token.dep" in problems["eventcoder_actors"]


@pytest.mark.parametrize("factory", [name for name, _ in COMPONENTS])
def test_every_extension_written_is_assigned(nlp: Language, factory: str) -> None:
    """What a component writes on the Doc (doc._.*) appears in its assigns."""
    meta = nlp.get_pipe_meta(factory)
    writes = {
        "eventcoder_acronyms": set(),  # token.norm only
        "eventcoder_segmenter": set(),  # token.is_sent_start only
        "eventcoder_boilerplate": {"doc._.boilerplate", "doc._.dateline", "doc._.meta"},
        "eventcoder_actors": {"doc._.actors"},
        "eventcoder_events": {"doc._.events", "doc._.actors", "doc._.warnings"},
        "eventcoder_fallback": {"doc._.events"},
        "eventcoder_dates": {"doc._.dates", "doc._.events", "doc._.warnings"},
        "eventcoder_places": {"doc._.places", "doc._.events"},
        "eventcoder_quotes": {"doc._.quotes", "doc._.events", "doc._.warnings"},
    }[factory]
    assert writes <= set(meta.assigns)


@pytest.mark.issue(13)
def test_fast_pipeline_leaves_out_ner_and_still_codes() -> None:
    from eventcoder.driver import code
    from eventcoder.parallel import build_from_recipe, recipe_of
    from eventcoder.pipeline import build_nlp

    nlp = build_nlp(fast=True)
    assert "ner" not in nlp.pipe_names and "eventcoder_actors" in nlp.pipe_names
    assert recipe_of(nlp)["fast"] is True
    records = code("Chinese troops attacked Vietnamese fishermen on Monday.", date="2021-08-25", nlp=nlp)
    assert [(r.source.code, r.target.code) for r in records] == [("CHNMIL", "VNMAGR")]
    assert "ner" not in build_from_recipe(recipe_of(nlp)).pipe_names
