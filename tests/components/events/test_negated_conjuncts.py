"""clause_frame: "did not <verb>" and the conjuncts that share it or not, on hand-built parses."""

from __future__ import annotations

import spacy
from hand_parse import Row, hand_doc
from spacy.tokens import Doc

from eventcoder.components.events.modality import clause_frame
from eventcoder.knowledge.patterns import load_patterns


def parse(rows: list[Row]) -> Doc:
    return hand_doc(spacy.blank("en"), rows)


def police_did_not_fire(conjunct: Row) -> Doc:
    """ "Dutch police did not fire but <conjunct> the marchers." """
    return parse([
        ("Dutch", 1, "amod", "ADJ", "JJ", "dutch"),
        ("police", 4, "nsubj", "NOUN", "NNS", "police"),
        ("did", 4, "aux", "AUX", "VBD", "do"),
        ("not", 4, "neg", "PART", "RB", "not"),
        ("fire", 4, "ROOT", "VERB", "VB", "fire"),
        ("but", 4, "cc", "CCONJ", "CC", "but"),
        conjunct,
        ("the", 8, "det", "DET", "DT", "the"),
        ("marchers", 6, "dobj", "NOUN", "NNS", "marcher"),
        (".", 4, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip


def test_did_not_with_a_plural_subject_negates_the_verb() -> None:
    doc = police_did_not_fire(("detained", 4, "conj", "VERB", "VBD", "detain"))
    frame = clause_frame(doc[4], load_patterns())
    assert (frame.modality, frame.negated) == ("asserted", True)


def test_a_finite_conjunct_is_outside_the_first_verbs_negation() -> None:
    doc = police_did_not_fire(("detained", 4, "conj", "VERB", "VBD", "detain"))
    assert clause_frame(doc[6], load_patterns()).negated is False


def test_a_bare_conjunct_shares_the_negation() -> None:
    doc = police_did_not_fire(("detain", 4, "conj", "VERB", "VB", "detain"))  # "did not fire or detain"
    assert clause_frame(doc[6], load_patterns()).negated is True
