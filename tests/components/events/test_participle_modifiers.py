"""A participle that modifies a noun ("the signed agreement") is an adjective, no event trigger."""

from __future__ import annotations

from hand_parse import Row, hand_doc
from spacy.language import Language

from eventcoder.components.events.component import EventCoder
from eventcoder.knowledge.patterns import load_patterns


def welcomed(participle: Row) -> list[tuple[str, str]]:
    """ "China welcomed the <participle> agreement with Japan", coded with one-sided events kept."""
    from spacy import blank

    from eventcoder.components.extensions import register_extensions

    register_extensions()
    nlp: Language = blank("en")
    doc = hand_doc(nlp, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("welcomed", 1, "ROOT", "VERB", "VBD", "welcome"),
        ("the", 4, "det", "DET", "DT", "the"),
        participle,
        ("agreement", 1, "dobj", "NOUN", "NN", "agreement"),
        ("with", 3, "prep", "ADP", "IN", "with"),
        ("Japan", 5, "pobj", "PROPN", "NNP", "Japan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ], {"China": "CHN", "Japan": "JPN"})  # fmt: skip
    coder = EventCoder("events", table=load_patterns(), require_source=False, require_target=False)
    doc = coder(doc)
    return [(e["cameo"], doc[e["trigger_token"]].text) for e in doc._.events]


def test_a_participle_in_amod_position_is_no_trigger() -> None:
    found = welcomed(("signed", 4, "amod", "VERB", "VBN", "sign"))
    assert ("051", "welcomed") in found
    assert not [t for _, t in found if t == "signed"]


def test_the_same_participle_as_a_clause_still_codes() -> None:
    # "the agreement signed with Japan": a reduced relative clause is a verb with its own arguments
    found = welcomed(("signed", 4, "acl", "VERB", "VBN", "sign"))
    assert [t for _, t in found if t == "signed"]
