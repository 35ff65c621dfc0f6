"""Argument rules (argument_rules.py) one by one, on hand-built parses with hand-set actors."""

from __future__ import annotations

from typing import Any

import pytest
from hand_parse import hand_doc
from spacy.language import Language

from eventcoder.components.events import argument_rules as rules
from eventcoder.components.events.arguments import ArgumentFinder, DocState
from eventcoder.components.events.triggers import TriggerLexicon
from eventcoder.components.extensions import token_to_actor
from eventcoder.knowledge.patterns import load_patterns

# the government of each country
ACTORS = {"China": "CHNGOV", "Japan": "JPNGOV", "Russia": "RUSGOV", "Chile": "CHLGOV", "Peru": "PERGOV"}


@pytest.fixture(scope="module")
def finder() -> ArgumentFinder:
    return ArgumentFinder(TriggerLexicon(load_patterns()))


def parse(
    nlp: Language,
    text: str,
    heads: list[int],
    deps: str,
    pos: str,
    tags: str,
    lemmas: str,
) -> DocState:
    """A Doc from space-separated words, absolute heads, deps, POS, tags and lemmas (``_`` = the word)."""
    words = text.split()
    lemma_list = [w if lem == "_" else lem for w, lem in zip(words, lemmas.split(), strict=True)]
    rows = zip(words, heads, deps.split(), pos.split(), tags.split(), lemma_list, strict=True)
    doc = hand_doc(nlp, list(rows), ACTORS)
    return DocState(doc, token_to_actor(doc))


def names(state: DocState, found: list[int] | None) -> list[str] | None:
    return None if found is None else [state.doc._.actors[a]["text"] for a in found]


# fmt: off
SUBJECT_CASES = [
    # rule, sentence, heads, deps, pos, tags, lemmas, verb index, expected
    (rules.passive_agent, "The plan was condemned by Japan .", [1, 3, 3, 3, 3, 4, 3],
     "det nsubjpass auxpass ROOT agent pobj punct", "DET NOUN AUX VERB ADP PROPN PUNCT",
     "DT NN VBD VBN IN NNP .", "the _ be condemn by _ .", 3, ["Japan"]),
    (rules.passive_event_agent, "Soldiers were killed in an attack by Russia .", [2, 2, 2, 2, 5, 3, 5, 6, 2],
     "nsubjpass auxpass ROOT prep det pobj prep pobj punct", "NOUN AUX VERB ADP DET NOUN ADP PROPN PUNCT",
     "NNS VBD VBN IN DT NN IN NNP .", "soldier be kill in a attack by _ .", 2, ["Russia"]),
    (rules.active_subject, "Japan criticised China .", [1, 1, 1, 1], "nsubj ROOT dobj punct",
     "PROPN VERB PROPN PUNCT", "NNP VBD NNP .", "_ criticise _ .", 1, ["Japan"]),
    (rules.active_subject, "Chile , which criticised Peru , met Japan .", [6, 0, 3, 0, 3, 0, 6, 6, 6],
     "nsubj punct nsubj relcl dobj punct ROOT dobj punct",
     "PROPN PUNCT PRON VERB PROPN PUNCT VERB PROPN PUNCT",
     "NNP , WDT VBD NNP , VBD NNP .", "_ , which criticise _ , meet _ .", 3, ["Chile"]),
    # the parser hangs the subject on the auxiliary when quotation marks stand between it and the verb
    (rules.auxiliary_subject, 'China is " openly " defying Japan .', [1, 5, 5, 5, 5, 5, 5, 5],
     "nsubj aux punct advmod punct ROOT dobj punct", "PROPN AUX PUNCT ADV PUNCT VERB PROPN PUNCT",
     "NNP VBZ `` RB '' VBG NNP .", "_ be \" openly \" defy _ .", 5, ["China"]),
    (rules.experiencer_subject, "Japan is concerned about China .", [2, 2, 2, 2, 3, 2],
     "nsubjpass auxpass ROOT prep pobj punct", "PROPN AUX VERB ADP PROPN PUNCT", "NNP VBZ VBN IN NNP .",
     "_ be concern about _ .", 2, ["Japan"]),
    (rules.experiencer_subject, "China was criticised .", [2, 2, 2, 2], "nsubjpass auxpass ROOT punct",
     "PROPN AUX VERB PUNCT", "NNP VBD VBN .", "_ be criticise .", 2, []),
    (rules.sentence_root, "Criticise China .", [0, 0, 0], "ROOT dobj punct", "VERB PROPN PUNCT", "VB NNP .",
     "criticise _ .", 0, []),
    (rules.adjective_complement, "Japan is ready to meet China .", [1, 1, 1, 4, 2, 4, 1],
     "nsubj ROOT acomp aux xcomp dobj punct", "PROPN AUX ADJ PART VERB PROPN PUNCT",
     "NNP VBZ JJ TO VB NNP .", "_ be ready to meet _ .", 2, ["Japan"]),
    (rules.control, "Japan urged China to withdraw .", [1, 1, 1, 4, 1, 1],
     "nsubj ROOT dobj aux xcomp punct", "PROPN VERB PROPN PART VERB PUNCT", "NNP VBD NNP TO VB .",
     "_ urge _ to withdraw .", 4, ["China"]),
    (rules.control, "Japan moved to sanction China .", [1, 1, 3, 1, 3, 1],
     "nsubj ROOT aux xcomp dobj punct", "PROPN VERB PART VERB PROPN PUNCT", "NNP VBD TO VB NNP .",
     "_ move to sanction _ .", 3, ["Japan"]),
    (rules.inherited_subject, "Japan met Chile and criticised China .", [1, 1, 1, 1, 1, 4, 1],
     "nsubj ROOT dobj cc conj dobj punct", "PROPN VERB PROPN CCONJ VERB PROPN PUNCT",
     "NNP VBD NNP CC VBD NNP .", "_ meet _ and criticise _ .", 4, ["Japan"]),
    (rules.inherited_subject, "Japan left because China criticised Peru .", [1, 1, 4, 4, 1, 4, 1],
     "nsubj ROOT mark nsubj advcl dobj punct", "PROPN VERB SCONJ PROPN VERB PROPN PUNCT",
     "NNP VBD IN NNP VBD NNP .", "_ leave because _ criticise _ .", 4, []),
]
# fmt: on


# subject rules added for #15
# fmt: off
NEW_SUBJECT_CASES = [
    (rules.finite_conjunct, "Japan remains committed to helping refugees and commends Peru .",
     [1, 1, 1, 2, 3, 4, 4, 4, 7, 1], "nsubj ROOT acomp prep pcomp dobj cc conj dobj punct",
     "PROPN VERB ADJ ADP VERB NOUN CCONJ VERB PROPN PUNCT", "NNP VBZ JJ IN VBG NNS CC VBZ NNP .",
     "_ remain committed to help refugee and commend _ .", 7, ["Japan"]),
    (rules.inherited_subject, "Japan remains committed to helping refugees and commends Peru .",
     [1, 1, 1, 2, 3, 4, 4, 4, 7, 1], "nsubj ROOT acomp prep pcomp dobj cc conj dobj punct",
     "PROPN VERB ADJ ADP VERB NOUN CCONJ VERB PROPN PUNCT",
     "NNP VBZ JJ IN VBG NNS CC VBZ NNP .", "_ remain committed to help refugee and commend _ .", 7, []),
    (rules.inherited_subject, "In announcing sanctions on Peru Japan said .", [6, 0, 1, 2, 3, 6, 6, 6],
     "prep pcomp dobj prep pobj nsubj ROOT punct", "ADP VERB NOUN ADP PROPN PROPN VERB PUNCT",
     "IN VBG NNS IN NNP NNP VBD .", "in announce sanction on _ _ say .", 1, ["Japan"]),
    (rules.inherited_subject, "Japan is interested in sanctioning Peru .", [1, 1, 1, 2, 3, 4, 1],
     "nsubj ROOT acomp prep pcomp dobj punct", "PROPN AUX ADJ ADP VERB PROPN PUNCT",
     "NNP VBZ JJ IN VBG NNP .", "_ be interested in sanction _ .", 4, []),
    # a chain of conjuncts: the third verb hangs on the second, the subject is the first one's
    (rules.inherited_subject, "Japan arrested suspects , seized arms and attacked Peru .",
     [1, 1, 1, 1, 1, 4, 4, 4, 6, 1], "nsubj ROOT dobj punct conj dobj cc conj dobj punct",
     "PROPN VERB NOUN PUNCT VERB NOUN CCONJ VERB PROPN PUNCT", "NNP VBD NNS , VBD NNS CC VBD NNP .",
     "_ arrest suspect , seize arm and attack _ .", 7, ["Japan"]),
    # ... but not when the first conjunct borrows its own subject ("urged X to reverse ... and release Y")
    (rules.inherited_subject, "Japan urged Peru to leave , stop and attack Chile .",
     [1, 1, 1, 4, 1, 4, 4, 4, 4, 8, 1], "nsubj ROOT dobj aux xcomp punct conj cc conj dobj punct",
     "PROPN VERB PROPN PART VERB PUNCT VERB CCONJ VERB PROPN PUNCT", "NNP VBD NNP TO VB , VB CC VB NNP .",
     "_ urge _ to leave , stop and attack _ .", 8, []),
    # the gerund adjunct of an agentless passive: its subject is the passive subject
    (rules.inherited_subject, "Japan was released after thanking Peru .", [2, 2, 2, 2, 3, 4, 2],
     "nsubjpass auxpass ROOT prep pcomp dobj punct", "PROPN AUX VERB ADP VERB PROPN PUNCT",
     "NNP VBD VBN IN VBG NNP .", "_ be release after thank _ .", 4, ["Japan"]),
    # ... not the cause a by-phrase names ("were displaced by fighting Peru")
    (rules.inherited_subject, "Japan was displaced by attacking Peru .", [2, 2, 2, 2, 3, 4, 2],
     "nsubjpass auxpass ROOT prep pcomp dobj punct", "PROPN AUX VERB ADP VERB PROPN PUNCT",
     "NNP VBD VBN IN VBG NNP .", "_ be displace by attack _ .", 4, []),
]
# fmt: on


@pytest.mark.issue(10)
@pytest.mark.parametrize(
    ("rule", "text", "heads", "deps", "pos", "tags", "lemmas", "verb", "expected"),
    [*SUBJECT_CASES, *(pytest.param(*case, marks=pytest.mark.issue(15)) for case in NEW_SUBJECT_CASES)],
)
def test_subject_rule(
    blank: Language,
    finder: ArgumentFinder,
    rule: rules.SubjectRule,
    text: str,
    heads: list[int],
    deps: str,
    pos: str,
    tags: str,
    lemmas: str,
    verb: int,
    expected: list[str],
) -> None:
    state = parse(blank, text, heads, deps, pos, tags, lemmas)
    assert names(state, rule(finder, state, state.doc[verb])) == expected


def test_subject_rule_does_not_apply(blank: Language, finder: ArgumentFinder) -> None:
    state = parse(
        blank, "Japan criticised China .", [1, 1, 1, 1], "nsubj ROOT dobj punct", "PROPN VERB PROPN PUNCT",
        "NNP VBD NNP .", "_ criticise _ .",
    )  # fmt: skip
    verb = state.doc[1]
    assert [r(finder, state, verb) for r in (rules.passive_agent, rules.control)] == [None, None]
    # no quotation marks between the auxiliary and the verb: the parse is taken as it is
    state = parse(
        blank, "China is openly defying Japan .", [1, 3, 3, 3, 3, 3], "nsubj aux advmod ROOT dobj punct",
        "PROPN AUX ADV VERB PROPN PUNCT", "NNP VBZ RB VBG NNP .", "_ be openly defy _ .",
    )  # fmt: skip
    assert rules.auxiliary_subject(finder, state, state.doc[3]) is None


# fmt: off
OBJECT_CASES = [
    (rules.recipient, "Japan extradited a suspect to China .", [1, 1, 3, 1, 1, 4, 1],
     "nsubj ROOT det dobj prep pobj punct", "PROPN VERB DET NOUN ADP PROPN PUNCT", "NNP VBD DT NN IN NNP .",
     "_ extradite a suspect to _ .", 1, ["China"]),
    (rules.direct_objects, "Japan criticised China and Peru .", [1, 1, 1, 2, 2, 1],
     "nsubj ROOT dobj cc conj punct", "PROPN VERB PROPN CCONJ PROPN PUNCT", "NNP VBD NNP CC NNP .",
     "_ criticise _ and _ .", 1, ["China", "Peru"]),
    (rules.direct_objects, "China was criticised .", [2, 2, 2, 2], "nsubjpass auxpass ROOT punct",
     "PROPN AUX VERB PUNCT", "NNP VBD VBN .", "_ be criticise .", 2, ["China"]),
    (rules.target_prepositions, "Japan protested against China .", [1, 1, 1, 2, 1],
     "nsubj ROOT prep pobj punct", "PROPN VERB ADP PROPN PUNCT", "NNP VBD IN NNP .", "_ protest against _ .",
     1, ["China"]),
    (rules.target_prepositions, "Japan sent troops to the border with China .", [1, 1, 1, 1, 5, 3, 5, 6, 1],
     "nsubj ROOT dobj prep det pobj prep pobj punct", "PROPN VERB NOUN ADP DET NOUN ADP PROPN PUNCT",
     "NNP VBD NNS IN DT NN IN NNP .", "_ send troop to the border with _ .", 1, ["China"]),
    (rules.clausal_addressee, "Japan demanded that China withdraw .", [1, 1, 4, 4, 1, 1],
     "nsubj ROOT mark nsubj ccomp punct", "PROPN VERB SCONJ PROPN VERB PUNCT", "NNP VBD IN NNP VB .",
     "_ demand that _ withdraw .", 1, ["China"]),
    # two verbs, one object (#15): "shelled and attacked" shares the object of "attacked"
    pytest.param(rules.shared_object, "Japan shelled and attacked Peru .", [1, 1, 1, 1, 3, 1],
                 "nsubj ROOT cc conj dobj punct", "PROPN VERB CCONJ VERB PROPN PUNCT",
                 "NNP VBD CC VBD NNP .", "_ shell and attack _ .", 1, ["Peru"],
                 marks=pytest.mark.issue(15)),
    # two clauses: "retreated and could attack Peru" is no shared object
    pytest.param(rules.shared_object, "Japan retreated and could attack Peru .", [1, 1, 1, 4, 1, 4, 1],
                 "nsubj ROOT cc aux conj dobj punct", "PROPN VERB CCONJ AUX VERB PROPN PUNCT",
                 "NNP VBD CC MD VB NNP .", "_ retreat and could attack _ .", 1, None,
                 marks=pytest.mark.issue(15)),
]
# fmt: on


@pytest.mark.issue(10)
@pytest.mark.parametrize(
    ("rule", "text", "heads", "deps", "pos", "tags", "lemmas", "verb", "expected"), OBJECT_CASES
)
def test_object_rule(
    blank: Language,
    finder: ArgumentFinder,
    rule: rules.ObjectRule,
    text: str,
    heads: list[int],
    deps: str,
    pos: str,
    tags: str,
    lemmas: str,
    verb: int,
    expected: list[str],
) -> None:
    state = parse(blank, text, heads, deps, pos, tags, lemmas)
    query = rules.object_query(finder, state.doc[verb], None, False)
    assert names(state, rule(finder, state, query)) == expected


@pytest.mark.issue(10)
def test_event_noun_object_takes_the_remembered_agent(blank: Language, finder: ArgumentFinder) -> None:
    state = parse(
        blank, "Chile detained sailors . Japan condemned the detention .", [1, 1, 1, 1, 5, 5, 7, 5, 5],
        "nsubj ROOT dobj punct nsubj ROOT det dobj punct", "PROPN VERB NOUN PUNCT PROPN VERB DET NOUN PUNCT",
        "NNP VBD NNS . NNP VBD DT NN .", "_ detain sailor . _ condemn the detention .",
    )  # fmt: skip
    state.memory["17"] = [0]  # Chile detained (the coder fills this from the first sentence)
    query = rules.object_query(finder, state.doc[5], None, False)
    assert names(state, rules.direct_objects(finder, state, query)) is None
    assert names(state, rules.event_noun_object(finder, state, query)) == ["Chile"]


def test_rules_apply_in_order(blank: Language, finder: ArgumentFinder) -> None:
    # "Japan is ready to meet China": control defers to the adjective's copula subject
    state = parse(
        blank, "Japan is ready to meet China .", [1, 1, 1, 4, 2, 4, 1],
        "nsubj ROOT acomp aux xcomp dobj punct",
        "PROPN AUX ADJ PART VERB PROPN PUNCT", "NNP VBZ JJ TO VB NNP .", "_ be ready to meet _ .",
    )  # fmt: skip
    meet = state.doc[4]
    assert names(state, finder.subjects(state, meet)) == ["Japan"]
    assert names(state, finder.objects(state, meet, None)) == ["China"]


# ---------------------------------------------------------------------- domestic dyads
def actor(code: str, country: str, kind: str = "country") -> dict[str, Any]:
    return {"code": code, "country": country, "kind": kind}


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("source", "target", "same_state"),
    [
        (actor("PERGOV", "PER"), actor("PER", "PER"), True),  # "Peru's government criticised Peru"
        (actor("PER", "PER"), actor("PERGOV", "PER"), False),  # "Peru launched an inquiry into ministers"
        (actor("PERGOV", "PER"), actor("PEROPP", "PER"), False),  # government vs opposition
        (actor("PERCOP", "PER"), actor("PERCVL", "PER"), False),  # police vs civilians
        (actor("PERMIL", "PER"), actor("PERREB", "PER"), False),  # army vs rebels
        (actor("PERMIL", "PER"), actor("PER", "PER", kind="place"), False),  # "struck targets in Peru"
        (actor("PERGOV", "PER"), actor("CHL", "CHL"), False),
    ],
)
def test_self_dyad(source: dict[str, Any], target: dict[str, Any], same_state: bool) -> None:
    from eventcoder.components.events.arguments import self_dyad

    assert self_dyad(source, target) is same_state


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (("PERCOP", "PEROPP"), [("PERCOP", "173", "PEROPP")]),  # police arrested protesters: domestic, kept
        (("PERGOV", "PER"), []),  # the government arrested Peru: one state, dropped
    ],
)
def test_domestic_dyads_kept_self_dyads_dropped(
    blank: Language, codes: tuple[str, str], expected: list[tuple[str, str, str]]
) -> None:
    from eventcoder.components.events.component import EventCoder

    state = parse(
        blank, "Peru arrested Chile .", [1, 1, 1, 1], "nsubj ROOT dobj punct", "PROPN VERB PROPN PUNCT",
        "NNP VBD NNP .", "_ arrest _ .",
    )  # fmt: skip
    doc = state.doc
    doc._.actors = [
        {**a, "code": code, "country": "PER", "sector": code[3:] or None}
        for a, code in zip(doc._.actors, codes, strict=True)
    ]
    EventCoder("events", table=load_patterns())(doc)
    assert [
        (doc._.actors[e["source"]]["code"], e["cameo"], doc._.actors[e["target"]]["code"])
        for e in doc._.events
    ] == expected


@pytest.mark.issue(15)
def test_light_verb_dative_gives_the_noun_its_target(blank: Language) -> None:
    from eventcoder.components.events.component import EventCoder

    # "Japan offers its support to Peru": the parser hangs "to Peru" on the verb as a dative
    state = parse(
        blank, "Japan offers its support to Peru .", [1, 1, 3, 1, 1, 4, 1],
        "nsubj ROOT poss dobj dative pobj punct", "PROPN VERB PRON NOUN ADP PROPN PUNCT",
        "NNP VBZ PRP$ NN IN NNP .", "_ offer its support to _ .",
    )  # fmt: skip
    EventCoder("events", table=load_patterns())(state.doc)
    actors = state.doc._.actors
    assert [
        (actors[e["source"]]["text"], e["cameo"], actors[e["target"]]["text"]) for e in state.doc._.events
    ] == [("Japan", "032", "Peru")]


@pytest.mark.issue(15)
def test_light_verb_without_coded_subject_takes_the_nouns_agent(blank: Language) -> None:
    from eventcoder.components.events.component import EventCoder

    # "Smith reiterated Japan 's support for Peru": Smith is no coded actor; Japan supports Peru
    state = parse(
        blank, "Smith reiterated Japan 's support for Peru .", [1, 1, 4, 2, 1, 4, 5, 1],
        "nsubj ROOT poss case dobj prep pobj punct", "PROPN VERB PROPN PART NOUN ADP PROPN PUNCT",
        "NNP VBD NNP POS NN IN NNP .", "_ reiterate _ 's support for _ .",
    )  # fmt: skip
    EventCoder("events", table=load_patterns())(state.doc)
    actors = state.doc._.actors
    assert [
        (actors[e["source"]]["text"], e["cameo"], actors[e["target"]]["text"]) for e in state.doc._.events
    ] == [("Japan", "051", "Peru")]


@pytest.mark.issue(15)
@pytest.mark.parametrize(("prep", "expected"), [("to", ["Peru"]), ("on", None)])
def test_actor_deep_inside_a_prepositional_phrase(
    blank: Language, finder: ArgumentFinder, prep: str, expected: list[str] | None
) -> None:
    # "moved troops to the sides of the Peru border" aims at Peru; "spoke on the sides of the Peru border"
    # is about a place, not to Peru
    state = parse(
        blank, f"Japan spoke {prep} the sides of the Peru border .", [1, 1, 1, 4, 2, 4, 8, 8, 5, 1],
        "nsubj ROOT prep det pobj prep det compound pobj punct",
        "PROPN VERB ADP DET NOUN ADP DET PROPN NOUN PUNCT", "NNP VBD IN DT NNS IN DT NNP NN .",
        f"_ speak {prep} the side of the _ border .",
    )  # fmt: skip
    query = rules.object_query(finder, state.doc[1], None, False)
    assert names(state, rules.target_prepositions(finder, state, query)) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(("owner", "expected"), [("The", []), ("Japan", ["Japan"])])
def test_one_way_event_noun_subject_is_its_agent_only(
    blank: Language, finder: ArgumentFinder, owner: str, expected: list[str]
) -> None:
    # "The call to Peru urged calm": Peru was called, it did not urge; "Japan's call ...": Japan urged
    dep, pos, tag = ("det", "DET", "DT") if owner == "The" else ("poss", "PROPN", "NNP")
    state = parse(
        blank, f"{owner} call to Peru urged calm .", [1, 4, 1, 2, 4, 4, 4],
        f"{dep} nsubj prep pobj ROOT dobj punct", f"{pos} NOUN ADP PROPN VERB NOUN PUNCT",
        f"{tag} NN IN NNP VBD NN .", "_ call to _ urge calm .",
    )  # fmt: skip
    assert names(state, rules.active_subject(finder, state, state.doc[4])) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(("pos", "expected"), [("PROPN", ["Chile", "Russia"]), ("NOUN", ["Chile"])])
def test_named_conjunct_of_an_apposition(
    blank: Language, finder: ArgumentFinder, pos: str, expected: list[str]
) -> None:
    # "meeting India's Prime Minister Narendra Modi and President Rodrigo Duterte": the parser hangs the
    # second person on the first one's apposition; only a named conjunct is a second actor
    state = parse(
        blank, "Japan met Chile Peru and Russia .", [1, 1, 1, 2, 3, 3, 1],
        "nsubj ROOT dobj appos cc conj punct", f"PROPN VERB PROPN PROPN CCONJ {pos} PUNCT",
        "NNP VBD NNP NNP CC NNP .", "_ meet _ _ and _ .",
    )  # fmt: skip
    assert names(state, finder.actors_of(state, state.doc[2])) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "heads", "deps", "pos", "tags", "lemmas", "verb", "expected"),
    [
        # the addressee is never the governing clause's subject ...
        ("Japan backs Chile as you fight Peru .", [1, 1, 1, 5, 5, 1, 5, 1],
         "nsubj ROOT dobj mark nsubj advcl dobj punct", "PROPN VERB PROPN SCONJ PRON VERB PROPN PUNCT",
         "NNP VBZ NNP IN PRP VBP NNP .", "_ back _ as you fight _ .", 5, []),
        # ... other uncoded pronouns still take it
        ("Japan said they fight Peru .", [1, 1, 3, 1, 3, 1], "nsubj ROOT nsubj ccomp dobj punct",
         "PROPN VERB PRON VERB PROPN PUNCT", "NNP VBD PRP VBP NNP .", "_ say they fight _ .", 3, ["Japan"]),
    ],
)  # fmt: skip
def test_you_takes_no_antecedent(
    blank: Language,
    finder: ArgumentFinder,
    text: str,
    heads: list[int],
    deps: str,
    pos: str,
    tags: str,
    lemmas: str,
    verb: int,
    expected: list[str],
) -> None:
    state = parse(blank, text, heads, deps, pos, tags, lemmas)
    assert names(state, rules.active_subject(finder, state, state.doc[verb])) == expected
