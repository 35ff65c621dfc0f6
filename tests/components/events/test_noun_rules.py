"""Each event-noun rule of eventcoder/components/events/noun_rules.py on a hand-built parse (no model)."""

from __future__ import annotations

import pytest
from hand_parse import Row, hand_doc
from spacy.language import Language

from eventcoder.components.events import noun_rules as rules
from eventcoder.components.events.arguments import DocState
from eventcoder.components.events.component import EventCoder
from eventcoder.knowledge.patterns import load_patterns

ACTORS = {"China": "CHN", "Japan": "JPN", "Kenya": "KEN", "Somalia": "SOM", "Lebanon": "LBN"}


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder("events", table=load_patterns())


def call_for(nlp: Language, coder: EventCoder, rows: list[Row], noun: int) -> rules.NounCall:
    """rows: (word, head, dep, pos, tag, lemma); the words of ACTORS are actors of that country ("Lebanon"
    a place). The call's light governor is set as ``apply_noun_rules`` sets it."""
    doc = hand_doc(nlp, rows, ACTORS, places={"Lebanon"})
    actors = doc._.actors
    entry = coder.triggers.noun_entry(doc[noun])
    assert entry is not None
    call = rules.NounCall(DocState(doc, {a["head"]: i for i, a in enumerate(actors)}), 0, doc[noun], entry)
    call.governor = coder.triggers._light_governor(doc[noun])
    return call


def countries(c: rules.NounCall, actors: list[int]) -> list[str]:
    return [c.state.doc._.actors[a]["country"] for a in actors]


def light(verb: str, lemma: str, noun: str, nlemma: str, prep: str = "with", obj: str = "Japan") -> list[Row]:
    """ "China <verb> <noun> <prep> <obj> ." with the prepositional phrase on the noun."""
    return [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        (verb, 1, "ROOT", "VERB", "VBD", lemma),
        (noun, 1, "dobj", "NOUN", "NNS", nlemma),
        (prep, 2, "prep", "ADP", "IN", prep),
        (obj, 3, "pobj", "PROPN", "NNP", obj),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


def run(coder: EventCoder, c: rules.NounCall, upto: rules.Rule) -> None:
    """Apply the call's rule list up to (without) ``upto``."""
    for rule in rules.LIGHT_RULES if c.governor is not None else rules.MENTION_RULES:
        if rule is upto:
            return
        assert rule(coder, c)


# ---------------------------------------------------------------------- 0. skip rules


def test_appealed(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("demanded", 1, "ROOT", "VERB", "VBD", "demand"),
        ("release", 1, "dobj", "NOUN", "NN", "release"),
    ], 2)  # fmt: skip
    assert rules.appealed(coder, c)
    assert not rules.apply_noun_rules(coder, c)
    assert not rules.appealed(coder, call_for(blank, coder, light("held", "hold", "talks", "talk"), 2))


def test_content_of_claim(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
        ("rejected", 1, "ROOT", "VERB", "VBD", "reject"),
        ("accusations", 1, "dobj", "NOUN", "NNS", "accusation"),
        ("that", 5, "mark", "SCONJ", "IN", "that"),
        ("China", 5, "nsubj", "PROPN", "NNP", "China"),
        ("launched", 2, "acl", "VERB", "VBD", "launch"),
        ("attacks", 5, "dobj", "NOUN", "NNS", "attack"),
    ], 6)  # fmt: skip
    assert c.governor is not None and c.governor.i == 5
    assert rules.content_of_claim(coder, c)
    assert not rules.content_of_claim(
        coder, call_for(blank, coder, light("held", "hold", "talks", "talk"), 2)
    )


# ---------------------------------------------------------------------- 1. light-verb rules


def test_governor_frame(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("urged", 1, "ROOT", "VERB", "VBD", "urge"),
        ("Japan", 1, "dobj", "PROPN", "NNP", "Japan"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("hold", 1, "xcomp", "VERB", "VB", "hold"),
        ("talks", 4, "dobj", "NOUN", "NNS", "talk"),
    ], 5)  # fmt: skip
    assert not rules.governor_frame(coder, c)  # coded as the appeal
    c = call_for(blank, coder, light("held", "hold", "talks", "talk"), 2)
    assert rules.governor_frame(coder, c) and c.frame.modality == "asserted"


def test_governing_class(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, light("refused", "refuse", "talks", "talk"), 2)
    run(coder, c, rules.governing_class)
    assert rules.governing_class(coder, c)
    assert c.frame.gclass == "refusal" and c.frame.governor is not None and c.frame.governor.i == 1


def test_light_subjects(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, light("held", "hold", "talks", "talk"), 2)
    run(coder, c, rules.light_subjects)
    assert rules.light_subjects(coder, c)
    assert countries(c, c.sources) == ["CHN"] and countries(c, c.noun_targets) == ["JPN"]


def test_statement_cause(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("expressed", 1, "ROOT", "VERB", "VBD", "express"),
        ("concern", 1, "dobj", "NOUN", "NN", "concern"),
        ("over", 2, "prep", "ADP", "IN", "over"),
        ("Japan", 6, "poss", "PROPN", "NNP", "Japan"),
        ("'s", 4, "case", "PART", "POS", "'s"),
        ("attack", 3, "pobj", "NOUN", "NN", "attack"),
    ], 2)  # fmt: skip
    assert c.entry.code[:2] in rules.STATEMENT_ROOTS
    run(coder, c, rules.statement_cause)
    assert rules.statement_cause(coder, c) and countries(c, c.noun_targets) == ["JPN"]  # the attack's agent


def test_light_targets_from_the_dative(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("gave", 1, "ROOT", "VERB", "VBD", "give"),
        ("support", 1, "dobj", "NOUN", "NN", "support"),
        ("to", 1, "dative", "ADP", "IN", "to"),
        ("Kenya", 3, "pobj", "PROPN", "NNP", "Kenya"),
    ], 2)  # fmt: skip
    assert c.governor is not None and c.governor.i == 1
    run(coder, c, rules.light_targets)
    assert rules.light_targets(coder, c) and countries(c, c.targets) == ["KEN"]


def test_refused_demand(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
        ("rejected", 1, "ROOT", "VERB", "VBD", "reject"),
        ("China", 4, "poss", "PROPN", "NNP", "China"),
        ("'s", 2, "case", "PART", "POS", "'s"),
        ("demand", 1, "dobj", "NOUN", "NN", "demand"),
    ], 4)  # fmt: skip
    assert c.governor is not None and c.governor.i == 1
    run(coder, c, rules.refused_demand)
    assert c.frame.gclass == "refusal"
    assert rules.refused_demand(coder, c) and countries(c, c.targets) == ["CHN"]


def test_light_symmetric_partners(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Japan", 0, "conj", "PROPN", "NNP", "Japan"),
        ("held", 3, "ROOT", "VERB", "VBD", "hold"),
        ("talks", 3, "dobj", "NOUN", "NNS", "talk"),
    ], 4)  # fmt: skip
    assert c.entry.symmetric
    run(coder, c, rules.light_symmetric_partners)
    assert rules.light_symmetric_partners(coder, c)
    assert sorted(countries(c, c.sources)) == ["CHN", "JPN"] and c.targets == []


def test_light_protest_purpose(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
        ("staged", 1, "ROOT", "VERB", "VBD", "stage"),
        ("protests", 1, "dobj", "NOUN", "NNS", "protest"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("denounce", 1, "advcl", "VERB", "VB", "denounce"),
        ("Somalia", 4, "dobj", "PROPN", "NNP", "Somalia"),
    ], 2)  # fmt: skip
    assert c.entry.code[:2] == "14"
    run(coder, c, rules.light_protest_purpose)
    assert c.targets == []
    assert rules.light_protest_purpose(coder, c) and countries(c, c.targets) == ["SOM"]


def test_light_place_target(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, light("launched", "launch", "airstrikes", "airstrike", "in", "Lebanon"), 2)
    assert c.entry.code[:2] in coder.place_target_roots
    run(coder, c, rules.light_place_target)
    c.targets = []  # as if no target were found before
    assert rules.light_place_target(coder, c) and countries(c, c.targets) == ["LBN"]


def test_light_composition(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, light("threatened", "threaten", "sanctions", "sanction", "against"), 2)
    assert rules.apply_noun_rules(coder, c)
    assert c.confidence == 0.8 and c.code[:2] == "13"  # the threat of sanctions
    assert c.trigger is not None and c.trigger.i == 1


def test_light_negated_cooperation(blank: Language, coder: EventCoder) -> None:
    rows = [
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("will", 3, "aux", "AUX", "MD", "will"),
        ("not", 3, "neg", "PART", "RB", "not"),
        ("resume", 3, "ROOT", "VERB", "VB", "resume"),
        ("talks", 3, "dobj", "NOUN", "NNS", "talk"),
        ("with", 4, "prep", "ADP", "IN", "with"),
        ("Japan", 5, "pobj", "PROPN", "NNP", "Japan"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    c = call_for(blank, coder, rows, 4)
    assert rules.apply_noun_rules(coder, c)
    assert (c.code, c.frame.negated) == ("125", False)  # "will not resume talks with Japan": a refusal


# ---------------------------------------------------------------------- 2. bare-mention rules


def attack_on(target: str = "Japan") -> list[Row]:
    return [
        ("China", 2, "poss", "PROPN", "NNP", "China"),
        ("'s", 0, "case", "PART", "POS", "'s"),
        ("attack", 2, "ROOT", "NOUN", "NN", "attack"),
        ("on", 2, "prep", "ADP", "IN", "on"),
        (target, 3, "pobj", "PROPN", "NNP", target),
    ]


def test_mention_roles(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, attack_on(), 2)
    assert c.governor is None
    assert rules.mention_roles(coder, c)
    assert (countries(c, c.sources), countries(c, c.targets)) == (["CHN"], ["JPN"])
    assert 2 in c.state.mentions  # a later "the attack" may refer to it


def test_adjunct_trip(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("During", 4, "prep", "ADP", "IN", "during"),
        ("a", 2, "det", "DET", "DT", "a"),
        ("visit", 0, "pobj", "NOUN", "NN", "visit"),
        ("China", 4, "nsubj", "PROPN", "NNP", "China"),
        ("said", 4, "ROOT", "VERB", "VBD", "say"),
    ], 2)  # fmt: skip
    rules.mention_roles(coder, c)
    assert c.sources == []
    assert rules.adjunct_trip(coder, c) and countries(c, c.sources) == ["CHN"]


def test_both_parties(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, attack_on(), 2)
    rules.mention_roles(coder, c)
    assert rules.both_parties(coder, c)
    c = call_for(blank, coder, attack_on("it"), 2)
    rules.mention_roles(coder, c)
    assert not rules.both_parties(coder, c)  # "China's attack on it": no target actor


# ---------------------------------------------------------------------- implied sources (#15)


def _person(c: rules.NounCall, word: str, country: str) -> None:
    """Make ``word`` (a token of the call's doc) a person actor of ``country``."""
    tok = next(t for t in c.state.doc if t.text == word)
    actors = list(c.state.doc._.actors)
    actors.append({
        "text": word, "start": tok.idx, "end": tok.idx + len(tok), "token_start": tok.i,
        "token_end": tok.i + 1, "head": tok.i, "sentence_id": 0, "code": country + "OPP", "country": country,
        "sector": "OPP", "name": word, "kind": "person",
    })  # fmt: skip
    c.state.doc._.actors = actors
    c.state.t2a[tok.i] = len(actors) - 1


def test_mention_implied_agent(blank: Language, coder: EventCoder) -> None:
    rows: list[Row] = [
        ("the", 1, "det", "DET", "DT", "the"),
        ("detention", 1, "ROOT", "NOUN", "NN", "detention"),
        ("of", 1, "prep", "ADP", "IN", "of"),
        ("Odinga", 2, "pobj", "PROPN", "NNP", "Odinga"),
    ]
    c = call_for(blank, coder, rows, 1)
    _person(c, "Odinga", "KEN")
    run(coder, c, rules.mention_implied_agent)
    assert rules.mention_implied_agent(coder, c) and rules.both_parties(coder, c)
    assert c.sources == [] and [(t, i["code"]) for t, i in c.implicit.items()] == [(0, "KENCOP")]
    # a possessive that is not the patient names an agent: nothing is implied
    rows = [("Kenya", 1, "poss", "PROPN", "NNP", "Kenya"), *rows[1:]]
    c = call_for(blank, coder, rows, 1)
    _person(c, "Odinga", "KEN")
    run(coder, c, rules.mention_implied_agent)
    rules.mention_implied_agent(coder, c)
    assert c.implicit == {}


def test_custody_patient(blank: Language, coder: EventCoder) -> None:
    c = call_for(blank, coder, [
        ("Odinga", 1, "nsubj", "PROPN", "NNP", "Odinga"),
        ("remains", 1, "ROOT", "VERB", "VBZ", "remain"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("detention", 2, "pobj", "NOUN", "NN", "detention"),
    ], 3)  # fmt: skip
    _person(c, "Odinga", "KEN")
    run(coder, c, rules.custody_patient)
    assert rules.custody_patient(coder, c) and c.targets == [0]
    assert rules.mention_implied_agent(coder, c) and c.implicit[0]["code"] == "KENCOP"
