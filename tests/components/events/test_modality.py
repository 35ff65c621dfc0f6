"""clause_frame: modality, negation and governing verbs from hand-built parses."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from eventcoder.components.events.modality import clause_frame
from eventcoder.knowledge.patterns import load_patterns


def parse(rows: list[tuple[str, int, str, str, str, str]]) -> Doc:
    nlp = spacy.blank("en")
    return Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )


def test_would_under_a_speech_verb_is_future_and_reported_clauses_keep_negation() -> None:
    doc = parse([
        ("Harris", 1, "nsubj", "PROPN", "NNP", "Harris"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("China", 5, "nsubj", "PROPN", "NNP", "China"),
        ("would", 5, "aux", "AUX", "MD", "would"),
        ("not", 5, "neg", "PART", "RB", "not"),
        ("attack", 1, "ccomp", "VERB", "VB", "attack"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    frame = clause_frame(doc[5], load_patterns())
    assert (frame.modality, frame.negated, frame.governor) == ("future", True, None)


def test_if_clause_is_hypothetical_and_refusal_is_the_governor() -> None:
    doc = parse([
        ("If", 2, "mark", "SCONJ", "IN", "if"),
        ("Iran", 2, "nsubj", "PROPN", "NNP", "Iran"),
        ("refuses", 5, "advcl", "VERB", "VBZ", "refuse"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("negotiate", 2, "xcomp", "VERB", "VB", "negotiate"),
        ("talks", 5, "ROOT", "VERB", "VBZ", "talk"),
        ("end", 5, "dobj", "NOUN", "NN", "end"),
        (".", 5, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    frame = clause_frame(doc[4], load_patterns())
    assert (frame.modality, frame.gclass, frame.governor.text if frame.governor else None) == (
        "hypothetical",
        "refusal",
        "refuses",
    )
