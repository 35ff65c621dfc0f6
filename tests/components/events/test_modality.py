"""clause_frame: modality, negation and governing verbs from hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from hand_parse import Row, hand_doc
from spacy.tokens import Doc

from eventcoder.components.events.modality import (
    CLIMB,
    STOP,
    Walk,
    adverbial,
    auxiliaries,
    called_for,
    clausal_complement,
    clause_frame,
    conditional,
    going_to,
    governed_complement,
    modality_of,
    negation,
    next_clause,
)
from eventcoder.knowledge.patterns import load_patterns


def parse(rows: list[Row]) -> Doc:
    return hand_doc(spacy.blank("en"), rows)


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


# --- one test per rule of clause_frame (#10) -------------------------------------------------------------

# fmt: off
WOULD_NOT = [  # "China would not attack if pressed ."
    ("China", 3, "nsubj", "PROPN", "NNP", "China"),
    ("would", 3, "aux", "AUX", "MD", "would"),
    ("not", 3, "neg", "PART", "RB", "not"),
    ("attack", 3, "ROOT", "VERB", "VB", "attack"),
    ("if", 5, "mark", "SCONJ", "IN", "if"),
    ("pressed", 3, "advcl", "VERB", "VBN", "press"),
    (".", 3, "punct", "PUNCT", ".", "."),
]
GOING_TO = [  # "Iran is going to strike ."
    ("Iran", 2, "nsubj", "PROPN", "NNP", "Iran"),
    ("is", 2, "aux", "AUX", "VBZ", "be"),
    ("going", 2, "ROOT", "VERB", "VBG", "go"),
    ("to", 4, "aux", "PART", "TO", "to"),
    ("strike", 2, "xcomp", "VERB", "VB", "strike"),
    (".", 2, "punct", "PUNCT", ".", "."),
]
PREPARED = [  # "It is prepared to retaliate ."
    ("It", 1, "nsubj", "PRON", "PRP", "it"),
    ("is", 1, "ROOT", "AUX", "VBZ", "be"),
    ("prepared", 1, "acomp", "ADJ", "JJ", "prepared"),
    ("to", 4, "aux", "PART", "TO", "to"),
    ("retaliate", 2, "xcomp", "VERB", "VB", "retaliate"),
    (".", 1, "punct", "PUNCT", ".", "."),
]
REFUSED = [  # "Iran refused to negotiate ."
    ("Iran", 1, "nsubj", "PROPN", "NNP", "Iran"),
    ("refused", 1, "ROOT", "VERB", "VBD", "refuse"),
    ("to", 3, "aux", "PART", "TO", "to"),
    ("negotiate", 1, "xcomp", "VERB", "VB", "negotiate"),
    (".", 1, "punct", "PUNCT", ".", "."),
]
CALLED_FOR = [  # "Japan called for Russia to withdraw ."
    ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
    ("called", 1, "ROOT", "VERB", "VBD", "call"),
    ("for", 5, "mark", "SCONJ", "IN", "for"),
    ("Russia", 5, "nsubj", "PROPN", "NNP", "Russia"),
    ("to", 5, "aux", "PART", "TO", "to"),
    ("withdraw", 1, "advcl", "VERB", "VB", "withdraw"),
    (".", 1, "punct", "PUNCT", ".", "."),
]
DENIED = [  # "Moscow denied that troops attacked ."
    ("Moscow", 1, "nsubj", "PROPN", "NNP", "Moscow"),
    ("denied", 1, "ROOT", "VERB", "VBD", "deny"),
    ("that", 4, "mark", "SCONJ", "IN", "that"),
    ("troops", 4, "nsubj", "NOUN", "NNS", "troop"),
    ("attacked", 1, "ccomp", "VERB", "VBD", "attack"),
    (".", 1, "punct", "PUNCT", ".", "."),
]
WHILE = [  # "China will talk while Japan attacked ."
    ("China", 2, "nsubj", "PROPN", "NNP", "China"),
    ("will", 2, "aux", "AUX", "MD", "will"),
    ("talk", 2, "ROOT", "VERB", "VB", "talk"),
    ("while", 5, "mark", "SCONJ", "IN", "while"),
    ("Japan", 5, "nsubj", "PROPN", "NNP", "Japan"),
    ("attacked", 2, "advcl", "VERB", "VBD", "attack"),
    (".", 2, "punct", "PUNCT", ".", "."),
]
PARTICIPLE = [  # "Troops will advance , killing three ."
    ("Troops", 2, "nsubj", "NOUN", "NNS", "troop"),
    ("will", 2, "aux", "AUX", "MD", "will"),
    ("advance", 2, "ROOT", "VERB", "VB", "advance"),
    (",", 2, "punct", "PUNCT", ",", ","),
    ("killing", 2, "advcl", "VERB", "VBG", "kill"),
    ("three", 4, "dobj", "NUM", "CD", "three"),
    (".", 2, "punct", "PUNCT", ".", "."),
]
WAYS = [  # "They found ways to raise funds ."  (infinitive relative clause on a noun)
    ("They", 1, "nsubj", "PRON", "PRP", "they"),
    ("found", 1, "ROOT", "VERB", "VBD", "find"),
    ("ways", 1, "dobj", "NOUN", "NNS", "way"),
    ("to", 4, "aux", "PART", "TO", "to"),
    ("raise", 2, "relcl", "VERB", "VB", "raise"),
    ("funds", 4, "dobj", "NOUN", "NNS", "fund"),
    (".", 1, "punct", "PUNCT", ".", "."),
]
# fmt: on


def test_rule_negation() -> None:
    walk = Walk()
    negation(walk, parse(WOULD_NOT)[3])
    assert walk.frame.negated is True
    untouched = Walk()
    negation(untouched, parse(GOING_TO)[4])
    assert untouched.frame.negated is False


@pytest.mark.issue(15)
@pytest.mark.parametrize(("adverb", "negated"), [("yet", True), ("still", False)])
def test_have_yet_to_is_negated(adverb: str, negated: bool) -> None:
    # "Officials have yet to comment": they have not commented ("have still to" is no such idiom here)
    doc = parse([
        ("Officials", 1, "nsubj", "NOUN", "NNS", "official"),
        ("have", 1, "ROOT", "VERB", "VBP", "have"),
        (adverb, 1, "advmod", "ADV", "RB", adverb),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("comment", 1, "xcomp", "VERB", "VB", "comment"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    assert clause_frame(doc[4], load_patterns()).negated is negated


def test_rule_auxiliaries() -> None:
    walk = Walk()
    auxiliaries(walk, parse(WOULD_NOT)[3])
    assert walk.mods == ["would"]
    outside = Walk(own_clause=False)  # above a participial clause the auxiliaries do not apply
    auxiliaries(outside, parse(WOULD_NOT)[3])
    assert outside.mods == []


def test_rule_conditional() -> None:
    walk = Walk()
    conditional(walk, parse(WOULD_NOT)[5])
    assert walk.mods == ["hypothetical"]


def test_rule_going_to() -> None:
    walk = Walk()
    going_to(walk, parse(GOING_TO)[2])
    assert walk.mods == ["future"]


def test_next_clause_through_copula_infinitive_relative_and_stop() -> None:
    prepared = parse(PREPARED)
    head, through_copula = next_clause(prepared[2]) or (None, None)
    assert (head.text if head else None, through_copula) == ("is", True)
    ways = parse(WAYS)
    head, through_copula = next_clause(ways[4]) or (None, None)
    assert (head.text if head else None, through_copula) == ("found", False)  # the verb governing "ways"
    assert next_clause(ways[1]) is None  # the root


def test_rule_governed_complement() -> None:
    doc = parse(REFUSED)
    walk = Walk()
    assert governed_complement(walk, doc[3], doc[1], load_patterns()) == CLIMB
    governor = walk.frame.governor.text if walk.frame.governor else None
    assert (governor, walk.frame.gclass) == ("refused", "refusal")
    assert called_for(walk, doc[3], doc[1], load_patterns()) is None  # not a "for" clause


def test_rule_called_for() -> None:
    doc = parse(CALLED_FOR)
    walk = Walk()
    assert called_for(walk, doc[5], doc[1], load_patterns()) == CLIMB
    assert (walk.frame.governor.text if walk.frame.governor else None, walk.frame.gclass) == (
        "called",
        "appeal",
    )


def test_rule_clausal_complement() -> None:
    doc = parse(DENIED)
    walk = Walk()
    assert clausal_complement(walk, doc[4], doc[1], load_patterns()) == CLIMB
    assert (walk.frame.negated, walk.reported) == (True, False)


def test_rule_adverbial() -> None:
    own = parse(WHILE)
    assert adverbial(Walk(), own[5], own[2], load_patterns()) == STOP
    participle = parse(PARTICIPLE)
    walk = Walk()
    assert adverbial(walk, participle[4], participle[2], load_patterns()) == CLIMB
    assert walk.own_clause is False


def test_modality_of_precedence() -> None:
    assert modality_of(Walk(mods=["would"], reported=True)) == "future"
    assert modality_of(Walk(mods=["would"])) == "hypothetical"
    assert modality_of(Walk(mods=["future", "intended"], reported=True)) == "intended"
    assert modality_of(Walk()) == "asserted"


def test_clause_frame_runs_the_rules_in_order() -> None:
    assert clause_frame(parse(PARTICIPLE)[4], load_patterns()).modality == "asserted"  # "will" not applied
    assert clause_frame(parse(WHILE)[5], load_patterns()).modality == "asserted"  # stops at "while"
    refused = clause_frame(parse(REFUSED)[3], load_patterns())
    assert (refused.modality, refused.gclass, refused.negated) == ("asserted", "refusal", False)
