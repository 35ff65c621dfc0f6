"""Each verb rule of eventcoder/components/events/rules.py on a hand-built parse (no model needed)."""

from __future__ import annotations

import pytest
from hand_parse import Row, hand_doc
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.events import rules
from eventcoder.components.events.arguments import DocState
from eventcoder.components.events.component import EventCoder
from eventcoder.knowledge.patterns import load_patterns

ACTORS = {"China": "CHN", "Japan": "JPN", "Taiwan": "TWN", "Kenya": "KEN", "Somalia": "SOM",
          "Chad": "TCD", "Sudan": "SDN", "troops": "KEN", "Lebanon": "LBN", "Israel": "ISR"}  # fmt: skip


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder("events", table=load_patterns())


def make_doc(nlp: Language, rows: list[Row]) -> Doc:
    """rows -> a hand-parsed Doc; the words of ACTORS are actors of that country ("Lebanon" a place)."""
    return hand_doc(nlp, rows, ACTORS, places={"Lebanon"})


def call_for(doc: Doc, coder: EventCoder, verb: int) -> rules.VerbCall:
    t2a = {a["head"]: i for i, a in enumerate(doc._.actors)}
    entry = coder.table.verb(doc[verb].lemma_)
    assert entry is not None
    return rules.VerbCall(DocState(doc, t2a), 0, doc[verb], entry)


def countries(doc: Doc, actors: list[int]) -> list[str]:
    return [doc._.actors[a]["country"] for a in actors]


def svo(verb: str, lemma: str, obj: str = "Japan", subj: str = "China") -> list[Row]:
    return [
        (subj, 1, "nsubj", "PROPN", "NNP", subj),
        (verb, 1, "ROOT", "VERB", "VBD", lemma),
        (obj, 1, "dobj", "NOUN" if obj.islower() else "PROPN", "NN", obj.lower() if obj.islower() else obj),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


def governed(governor: str, glemma: str, verb: str, vlemma: str) -> list[Row]:
    return [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        (governor, 1, "ROOT", "VERB", "VBD", glemma),
        ("to", 3, "aux", "PART", "TO", "to"),
        (verb, 1, "xcomp", "VERB", "VB", vlemma),
        ("Japan", 3, "dobj", "PROPN", "NNP", "Japan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


# ---------------------------------------------------------------------- 1. skip rules


def test_governed_complement(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, governed("refused", "refuse", "meet", "meet"))
    assert rules.governed_complement(coder, call_for(doc, coder, 1))
    assert not rules.governed_complement(coder, call_for(doc, coder, 3))


def test_light_relative_clause(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("condemned", 1, "ROOT", "VERB", "VBD", "condemn"),
        ("airstrikes", 1, "dobj", "NOUN", "NNS", "airstrike"),
        ("Japan", 4, "nsubj", "PROPN", "NNP", "Japan"),
        ("launched", 2, "relcl", "VERB", "VBD", "launch"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    assert rules.light_relative_clause(coder, call_for(doc, coder, 4))


def test_intent_without_content(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("attacks", 0, "ROOT", "NOUN", "NNS", "attack"),
        ("China", 2, "nsubj", "PROPN", "NNP", "China"),
        ("planned", 0, "relcl", "VERB", "VBD", "plan"),
    ])  # fmt: skip
    assert rules.intent_without_content(coder, call_for(doc, coder, 2))
    doc = make_doc(blank, governed("planned", "plan", "attack", "attack"))
    assert not rules.intent_without_content(coder, call_for(doc, coder, 1))


def test_consumed_by_governor(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("declined", 1, "ROOT", "VERB", "VBD", "decline"),
        ("to", 3, "aux", "PART", "TO", "to"),
        ("comment", 1, "xcomp", "VERB", "VB", "comment"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    call = call_for(doc, coder, 3)
    assert rules.consumed_by_governor(coder, call)
    assert call.frame.governor is not None and call.frame.governor.i == 1


def test_asked_by_governor(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, governed("urged", "urge", "attack", "attack"))
    call = call_for(doc, coder, 3)
    rules.consumed_by_governor(coder, call)  # sets the frame
    assert rules.asked_by_governor(coder, call)


def test_content_of_noun(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("rejected", 1, "ROOT", "VERB", "VBD", "reject"),
        ("accusations", 1, "dobj", "NOUN", "NNS", "accusation"),
        ("that", 5, "mark", "SCONJ", "IN", "that"),
        ("it", 5, "nsubj", "PRON", "PRP", "it"),
        ("attacked", 2, "acl", "VERB", "VBD", "attack"),
        ("Japan", 5, "dobj", "PROPN", "NNP", "Japan"),
    ])  # fmt: skip
    assert rules.content_of_noun(coder, call_for(doc, coder, 5))


def test_noun_read_as_verb(blank: Language, coder: EventCoder) -> None:
    def doc_for(subj: str, tag: str, conj: bool = False) -> Doc:
        rows = [
            (subj, 1, "nsubj", "PROPN", tag, subj),
            ("trade", 1, "ROOT", "VERB", "VBP", "trade"),
            ("with", 1, "prep", "ADP", "IN", "with"),
            ("Sudan", 2, "pobj", "PROPN", "NNP", "Sudan"),
        ]
        if conj:  # "Kenya and Chad trade with Sudan"
            rows = [
                ("Kenya", 3, "nsubj", "PROPN", "NNP", "Kenya"),
                ("and", 0, "cc", "CCONJ", "CC", "and"),
                ("Chad", 0, "conj", "PROPN", "NNP", "Chad"),
                ("trade", 3, "ROOT", "VERB", "VBP", "trade"),
                ("with", 3, "prep", "ADP", "IN", "with"),
                ("Sudan", 4, "pobj", "PROPN", "NNP", "Sudan"),
            ]
        return make_doc(blank, rows)

    # a singular name right before a plural present verb: a headline's noun compound
    assert rules.noun_read_as_verb(coder, call_for(doc_for("Kenya", "NNP"), coder, 1))
    # a plural subject, or two conjoined names, take the plural verb
    assert not rules.noun_read_as_verb(coder, call_for(doc_for("Kenyans", "NNPS"), coder, 1))
    assert not rules.noun_read_as_verb(coder, call_for(doc_for("Kenya", "NNP", conj=True), coder, 3))
    # "Chad, Kenya trade with Sudan": the last name of a list the parser did not conjoin
    listed = make_doc(blank, [
        ("Chad", 3, "dep", "PROPN", "NNP", "Chad"),
        (",", 3, "punct", "PUNCT", ",", ","),
        ("Kenya", 3, "nsubj", "PROPN", "NNP", "Kenya"),
        ("trade", 3, "ROOT", "VERB", "VBP", "trade"),
        ("with", 3, "prep", "ADP", "IN", "with"),
        ("Sudan", 4, "pobj", "PROPN", "NNP", "Sudan"),
    ])  # fmt: skip
    assert not rules.noun_read_as_verb(coder, call_for(listed, coder, 3))
    # a group's name may take the plural verb ("Taliban seize Kabul"): only a state's is singular
    group = doc_for("Kenya", "NNP")
    group._.actors[0]["kind"] = "organisation"
    assert not rules.noun_read_as_verb(coder, call_for(group, coder, 1))


# ---------------------------------------------------------------------- 2. code rules


def test_noun_purpose_clause(blank: Language, coder: EventCoder) -> None:
    def doc_for(noun: str) -> Doc:
        return make_doc(blank, [
            ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
            ("joined", 1, "ROOT", "VERB", "VBD", "join"),
            (noun, 1, "dobj", "NOUN", "NN", noun),
            ("to", 4, "aux", "PART", "TO", "to"),
            ("expel", 2, "acl", "VERB", "VB", "expel"),
            ("Chad", 4, "dobj", "PROPN", "NNP", "Chad"),
        ])  # fmt: skip

    assert rules.noun_purpose_clause(coder, call_for(doc_for("effort"), coder, 4))
    assert not rules.noun_purpose_clause(coder, call_for(doc_for("decision"), coder, 4))


def test_table_code_pattern_default_and_no_speech_fallback(blank: Language, coder: EventCoder) -> None:
    call = call_for(make_doc(blank, svo("condemned", "condemn")), coder, 1)
    assert rules.table_code(coder, call) and call.code == "111" and call.confidence == 0.75
    # a speech verb whose complement codes nothing is no event (no 010 fallback)
    call = call_for(make_doc(blank, svo("said", "say", "it")), coder, 1)
    assert not rules.table_code(coder, call) and call.code == ""


def test_table_code_ignores_a_converted_default_alone(blank: Language, coder: EventCoder) -> None:
    entry = coder.table.verb("master")
    assert entry is not None and entry.code and entry.default_priority == 0  # PETRARCH's "defeat" block
    call = call_for(make_doc(blank, svo("mastered", "master")), coder, 1)
    assert not rules.table_code(coder, call)
    # the opt-in class "defaults" (setting converted_verbs) codes it, at the converted-default confidence
    with_defaults = EventCoder("events", table=load_patterns("curated+defaults"))
    call = call_for(make_doc(blank, svo("mastered", "master")), with_defaults, 1)
    assert rules.table_code(with_defaults, call) and call.code == entry.code
    assert call.confidence == rules.CONVERTED_DEFAULT_CONFIDENCE


def test_violent_subject(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("bombing", 1, "nsubj", "NOUN", "NN", "bombing"),
        ("killed", 1, "ROOT", "VERB", "VBD", "kill"),
        ("soldiers", 1, "dobj", "NOUN", "NNS", "soldier"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.table_code(coder, call)
    rules.violent_subject(coder, call)
    assert call.code == coder.triggers.noun_entry(doc[0]).code and call.code[:2] in ("18", "19", "20")


def test_governor_composition(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, governed("threatened", "threaten", "attack", "attack"))
    call = call_for(doc, coder, 3)
    rules.consumed_by_governor(coder, call)
    rules.table_code(coder, call)
    rules.governor_composition(coder, call)
    assert call.code == "138" and call.trigger is not None and call.trigger.i == 1


def negated(verb: str, lemma: str, aux: str = "will") -> list[Row]:
    """ "China <aux> not <verb> Japan ." """
    return [
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        (aux, 3, "aux", "AUX", "MD", aux),
        ("not", 3, "neg", "PART", "RB", "not"),
        (verb, 3, "ROOT", "VERB", "VB", lemma),
        ("Japan", 3, "dobj", "PROPN", "NNP", "Japan"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]


@pytest.mark.parametrize(
    ("verb", "lemma", "aux", "expected"),
    [
        ("recognize", "recognize", "will", ("120", False)),  # a cooperative act refused (maps.refusal)
        ("recognize", "recognize", "might", ("054", True)),  # a possibility: no refusal
        ("attack", "attack", "will", ("190", True)),  # not cooperative: a negated act
    ],
)
def test_negated_cooperation(
    blank: Language, coder: EventCoder, verb: str, lemma: str, aux: str, expected: tuple[str, bool]
) -> None:
    doc = make_doc(blank, negated(verb, lemma, aux))
    call = call_for(doc, coder, 3)
    rules.consumed_by_governor(coder, call)
    rules.table_code(coder, call)
    rules.negated_cooperation(coder, call)
    assert (call.code, call.frame.negated) == expected


def test_object_control_appeal(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("wants", 1, "ROOT", "VERB", "VBZ", "want"),
        ("Japan", 4, "nsubj", "PROPN", "NNP", "Japan"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("withdraw", 1, "ccomp", "VERB", "VB", "withdraw"),
    ])  # fmt: skip
    doc[4].dep_ = "xcomp"
    doc[2].dep_ = "dobj"
    doc[2].head = doc[1]
    call = call_for(doc, coder, 1)
    rules.object_control_appeal(coder, call)
    assert (call.code, call.classes) == ("020", {"appeal"})


def test_appeal_embedded_code(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("urged", 1, "ROOT", "VERB", "VBD", "urge"),
        ("Japan", 1, "dobj", "PROPN", "NNP", "Japan"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("release", 1, "xcomp", "VERB", "VB", "release"),
        ("prisoners", 4, "dobj", "NOUN", "NNS", "prisoner"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.table_code(coder, call)
    rules.object_control_appeal(coder, call)
    rules.appeal_embedded_code(coder, call)
    assert call.code == "0253"


# ---------------------------------------------------------------------- 3. source rules


def test_clause_subjects(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, svo("condemned", "condemn"))
    call = call_for(doc, coder, 1)
    rules.clause_subjects(coder, call)
    assert countries(doc, call.sources) == ["CHN"]


def test_participial_speaker(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("it", 3, "nsubj", "PRON", "PRP", "it"),
        ("left", 1, "ccomp", "VERB", "VBD", "leave"),
        (",", 3, "punct", "PUNCT", ",", ","),
        ("accusing", 3, "advcl", "VERB", "VBG", "accuse"),
        ("Japan", 5, "dobj", "PROPN", "NNP", "Japan"),
    ])  # fmt: skip
    call = call_for(doc, coder, 5)
    rules.table_code(coder, call)
    rules.participial_speaker(coder, call)
    assert countries(doc, call.sources) == ["CHN"]


# ---------------------------------------------------------------------- 4. target rules


def test_verb_objects(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, svo("condemned", "condemn"))
    call = call_for(doc, coder, 1)
    rules.verb_objects(coder, call)
    assert countries(doc, call.targets) == ["JPN"]


def test_own_troops_are_means(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
        ("deployed", 1, "ROOT", "VERB", "VBD", "deploy"),
        ("troops", 1, "dobj", "NOUN", "NNS", "troop"),
        ("to", 1, "prep", "ADP", "IN", "to"),
        ("Somalia", 3, "pobj", "PROPN", "NNP", "Somalia"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects, rules.own_troops_are_means):
        rule(coder, call)
    assert countries(doc, call.targets) == ["SOM"]


def test_own_weapons_aimed_at_a_place_are_means(blank: Language, coder: EventCoder) -> None:
    # "Kenya fired troops' missiles at Somalia": actors inside the object are the means, the at-phrase aims
    doc = make_doc(blank, [
        ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
        ("fired", 1, "ROOT", "VERB", "VBD", "fire"),
        ("troops", 3, "compound", "NOUN", "NNS", "troop"),
        ("missiles", 1, "dobj", "NOUN", "NNS", "missile"),
        ("at", 1, "prep", "ADP", "IN", "at"),
        ("Somalia", 4, "pobj", "PROPN", "NNP", "Somalia"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    for rule in (rules.table_code, rules.clause_subjects, rules.own_troops_are_means):
        rule(coder, call)
    call.targets = [1]  # as if the object's own troops had been taken for the target
    rules.own_troops_are_means(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("194", ["SOM"])


def test_statement_about_other_side(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("Japan", 3, "nsubj", "PROPN", "NNP", "Japan"),
        ("lied", 1, "ccomp", "VERB", "VBD", "lie"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    for rule in (rules.clause_subjects, rules.verb_objects):
        rule(coder, call)
    assert rules.statement_about_other_side(coder, call)
    assert countries(doc, call.targets) == ["JPN"]


def test_symmetric_partners(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("China", 2, "nsubj", "PROPN", "NNP", "China"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Japan", 0, "conj", "PROPN", "NNP", "Japan"),
        ("met", 3, "ROOT", "VERB", "VBD", "meet"),
    ])  # fmt: skip
    doc[0].head = doc[3]
    call = call_for(doc, coder, 3)
    rules.clause_subjects(coder, call)
    rules.symmetric_partners(coder, call)
    assert call.symmetric and sorted(countries(doc, call.sources)) == ["CHN", "JPN"]


def test_protest_purpose(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
        ("protested", 1, "ROOT", "VERB", "VBD", "protest"),
        ("to", 3, "aux", "PART", "TO", "to"),
        ("denounce", 1, "advcl", "VERB", "VB", "denounce"),
        ("Somalia", 3, "dobj", "PROPN", "NNP", "Somalia"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    call.code = "140"
    rules.protest_purpose(coder, call)
    assert countries(doc, call.targets) == ["SOM"]


def test_rule_lists_are_ordered_and_complete() -> None:
    listed = [r for group in rules.VERB_RULES for r in group]
    assert listed[0] is rules.governed_complement and listed[-1] is rules.announced_own_act
    assert len(listed) == len(set(listed))


def test_object_prep_target(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("Chad", 1, "nsubj", "PROPN", "NNP", "Chad"),
        ("closed", 1, "ROOT", "VERB", "VBD", "close"),
        ("its", 3, "poss", "PRON", "PRP$", "its"),
        ("border", 1, "dobj", "NOUN", "NN", "border"),
        ("with", 3, "prep", "ADP", "IN", "with"),
        ("Sudan", 4, "pobj", "PROPN", "NNP", "Sudan"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects, rules.object_prep_target):
        rule(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("160", ["SDN"])


def test_reported_hostile_act(blank: Language, coder: EventCoder) -> None:
    rows: list[Row] = [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("alleged", 1, "ROOT", "VERB", "VBD", "allege"),
        ("Japan", 3, "nsubj", "PROPN", "NNP", "Japan"),
        ("attacked", 1, "ccomp", "VERB", "VBD", "attack"),
        ("Taiwan", 3, "dobj", "PROPN", "NNP", "Taiwan"),
    ]
    doc = make_doc(blank, rows)
    call = call_for(doc, coder, 1)
    assert rules.reported_hostile_act(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("112", ["JPN"])
    # "could attack": a hypothetical act accuses no one
    doc = make_doc(blank, [
        *rows[:3],
        ("could", 4, "aux", "AUX", "MD", "could"),
        ("attack", 1, "ccomp", "VERB", "VB", "attack"),
        ("Taiwan", 4, "dobj", "PROPN", "NNP", "Taiwan"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert call.code == ""


SPEAKERS = {"Japan": "JPN", "China": "CHN", "ministry": "JPNGOV", "Beijing": "CHNGOV", "groups": "JPNNGO"}


def said_defying(blank: Language, speaker: str, agent: str, before: list[Row] | None = None) -> Doc:
    """ "SPEAKER said AGENT [BEFORE] violated the treaty": a state's speech verb reporting a violation."""
    extra = before or []
    n = len(extra)
    return hand_doc(blank, [
        (speaker, 1, "nsubj", "PROPN", "NNP", speaker),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        (agent, 3 + n, "nsubj", "PROPN", "NNP", agent),
        *[(w, 3 + n, dep, pos, tag, lemma) for w, _, dep, pos, tag, lemma in extra],
        ("violated", 1, "ccomp", "VERB", "VBD", "violate"),
        ("the", 5 + n, "det", "DET", "DT", "the"),
        ("treaty", 3 + n, "dobj", "NOUN", "NN", "treaty"),
    ], SPEAKERS)  # fmt: skip


def test_state_reports_defiance(blank: Language, coder: EventCoder) -> None:
    doc = said_defying(blank, "Japan", "China")
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert (call.code, countries(doc, call.targets), call.confidence) == ("112", ["CHN"], 0.6)
    # the violation is what the accusation says: not coded again on its own verb
    defying = rules.VerbCall(call.state, 0, doc[3], coder.table.verb("violate"))  # type: ignore[arg-type]
    assert rules.accused_defiance(coder, defying)
    doc = said_defying(blank, "ministry", "Beijing")  # a government speaks for its state
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("112", ["CHN"])


@pytest.mark.parametrize(
    ("speaker", "agent", "before"),
    [
        ("Japan", "China", [("not", 0, "neg", "PART", "RB", "not")]),  # "said China did not violate"
        ("Japan", "China", [("could", 0, "aux", "AUX", "MD", "could")]),  # hypothetical
        ("ministry", "Japan", []),  # the speaker's own country
        ("groups", "China", []),  # not a state speaker (an NGO)
    ],
)
def test_state_reports_defiance_not(
    blank: Language, coder: EventCoder, speaker: str, agent: str, before: list[Row]
) -> None:
    doc = said_defying(blank, speaker, agent, before)
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert call.code == ""


def test_state_reports_defiance_inside_the_clause(blank: Language, coder: EventCoder) -> None:
    """ "Japan said China tried to suppress protests": a violation a phrase of the clause holds."""
    doc = hand_doc(blank, [
        ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("tried", 1, "ccomp", "VERB", "VBD", "try"),
        ("to", 5, "aux", "PART", "TO", "to"),
        ("suppress", 3, "xcomp", "VERB", "VB", "suppress"),
        ("protests", 5, "dobj", "NOUN", "NNS", "protest"),
    ], SPEAKERS)  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("112", ["CHN"])
    suppress = rules.VerbCall(call.state, 0, doc[5], coder.table.verb("suppress"))  # type: ignore[arg-type]
    assert rules.accused_defiance(coder, suppress)
    # "Japan said it always acts if China violates the treaty": a condition accuses no one
    doc = hand_doc(blank, [
        ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("it", 4, "nsubj", "PRON", "PRP", "it"),
        ("always", 4, "advmod", "ADV", "RB", "always"),
        ("acts", 1, "ccomp", "VERB", "VBZ", "act"),
        ("if", 7, "mark", "SCONJ", "IN", "if"),
        ("China", 7, "nsubj", "PROPN", "NNP", "China"),
        ("violates", 4, "advcl", "VERB", "VBZ", "violate"),
        ("the", 9, "det", "DET", "DT", "the"),
        ("treaty", 7, "dobj", "NOUN", "NN", "treaty"),
    ], SPEAKERS)  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert call.code == ""


def test_state_reports_attack_is_no_accusation(blank: Language, coder: EventCoder) -> None:
    """ "Japan said China attacked Taiwan": a reported attack under a plain speech verb is the attack."""
    doc = make_doc(blank, [
        ("Japan", 1, "nsubj", "PROPN", "NNP", "Japan"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("attacked", 1, "ccomp", "VERB", "VBD", "attack"),
        ("Taiwan", 3, "dobj", "PROPN", "NNP", "Taiwan"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_hostile_act(coder, call)
    assert call.code == ""


def test_state_and_its_part_is_no_dyad() -> None:
    from eventcoder.components.events.component import _state_and_its_part

    state = {"code": "PER", "country": "PER", "kind": "country"}
    government = {"code": "PERGOV", "country": "PER", "kind": "actor"}
    police = {"code": "PERCOP", "country": "PER", "kind": "actor"}
    place = {"code": "PER", "country": "PER", "kind": "place"}
    actors = [state, government, police, place]
    assert _state_and_its_part(actors, 1, 0)  # the government acting on "Peru": no dyad
    assert not _state_and_its_part(actors, 0, 1)  # the state acting on its government: domestic
    assert not _state_and_its_part(actors, 2, 1)  # two parts: a domestic dyad
    assert not _state_and_its_part(actors, 1, 3)  # the country as the place of the act


def test_a_date_is_no_call_on(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, [
        ("On", 3, "prep", "ADP", "IN", "on"),
        ("Monday", 0, "pobj", "PROPN", "NNP", "Monday"),
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("called", 3, "ROOT", "VERB", "VBD", "call"),
        ("Japan", 5, "nsubj", "PROPN", "NNP", "Japan"),
        ("reckless", 3, "oprd", "ADJ", "JJ", "reckless"),
    ])  # fmt: skip
    doc[4].head = doc[3]
    doc[4].dep_ = "dobj"
    coded = coder.triggers._code_of(doc[3])
    assert coded is not None and coded[0] == "111"  # named reckless, not appealed to


def test_armed_sides_fight(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, svo("injured", "injure", "Sudan", "Chad"))
    call = call_for(doc, coder, 1)
    call.code, call.sources, call.targets = "182", [0], [1]
    rules.armed_sides_fight(coder, call)
    assert call.code == "182"  # states, not armed sides: an assault
    for actor, sector in zip(doc._.actors, ("MIL", "REB"), strict=True):
        actor["sector"] = sector
    rules.armed_sides_fight(coder, call)
    assert call.code == "190"


@pytest.mark.issue(15)
def test_domestic_sanction(blank: Language, coder: EventCoder) -> None:
    # "a court banned him from politics": a state's sanction on its own people is administrative (172)
    doc = make_doc(blank, svo("banned", "ban", "Sudan", "Chad"))
    call = call_for(doc, coder, 1)
    call.code, call.sources, call.targets = "163", [0], [1]
    rules.domestic_sanction(coder, call)
    assert call.code == "163"  # between two states: an embargo or sanction
    doc._.actors[1]["country"] = "TCD"
    rules.domestic_sanction(coder, call)
    assert call.code == "172"


@pytest.mark.issue(15)
def test_caused_feeling_goes_from_the_object(blank: Language, coder: EventCoder) -> None:
    # "China irritated Japan": Japan disapproves of China
    doc = make_doc(blank, svo("irritated", "irritate"))
    call = call_for(doc, coder, 1)
    for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects, rules.caused_feeling):
        rule(coder, call)
    feeling = (call.code, countries(doc, call.sources), countries(doc, call.targets))
    assert feeling == ("110", ["JPN"], ["CHN"])
    # a verb that is no feeling keeps its direction
    doc = make_doc(blank, svo("condemned", "condemn"))
    call = call_for(doc, coder, 1)
    for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects, rules.caused_feeling):
        rule(coder, call)
    assert (countries(doc, call.sources), countries(doc, call.targets)) == (["CHN"], ["JPN"])


@pytest.mark.issue(15)
def test_caused_feeling_leaves_the_passive_alone(blank: Language, coder: EventCoder) -> None:
    # "Japan was irritated by China": experiencer_subject already makes Japan the source
    doc = make_doc(blank, [
        ("Japan", 2, "nsubjpass", "PROPN", "NNP", "Japan"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("irritated", 2, "ROOT", "VERB", "VBN", "irritate"),
        ("by", 2, "agent", "ADP", "IN", "by"),
        ("China", 3, "pobj", "PROPN", "NNP", "China"),
    ])  # fmt: skip
    call = call_for(doc, coder, 2)
    call.code, call.sources, call.targets = "110", [0], [1]
    rules.caused_feeling(coder, call)
    assert (countries(doc, call.sources), countries(doc, call.targets)) == (["JPN"], ["CHN"])


@pytest.mark.issue(15)
def test_carried_not_visiting(blank: Language, coder: EventCoder) -> None:
    def flew(obj: bool) -> list[Row]:
        rows: list[Row] = [
            ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
            ("flew", 1, "ROOT", "VERB", "VBD", "fly"),
        ]
        if obj:
            rows.append(("refugees", 1, "dobj", "NOUN", "NNS", "refugee"))
        return [
            *rows,
            ("to", 1, "prep", "ADP", "IN", "to"),
            ("Chad", len(rows), "pobj", "PROPN", "NNP", "Chad"),
        ]

    call = call_for(make_doc(blank, flew(obj=False)), coder, 1)
    assert rules.table_code(coder, call) and call.code == "042"
    assert rules.carried_not_visiting(coder, call)  # Kenya flew to Chad: a visit
    call = call_for(make_doc(blank, flew(obj=True)), coder, 1)
    assert rules.table_code(coder, call) and call.code == "042"
    assert not rules.carried_not_visiting(coder, call)  # Kenya flew refugees to Chad: no visit
    call = call_for(make_doc(blank, svo("visited", "visit", "Chad", "Kenya")), coder, 1)
    call.code = "042"
    assert rules.carried_not_visiting(coder, call)  # the object of "visit" is its host


@pytest.mark.issue(15)
def test_order_to_own_forces_is_no_demand(blank: Language, coder: EventCoder) -> None:
    doc = make_doc(blank, svo("ordered", "order", "Sudan", "Chad"))
    call = call_for(doc, coder, 1)
    call.code, call.sources, call.targets = "100", [0], [1]
    assert rules.order_to_own_forces(coder, call)  # Chad's demand of Sudan
    doc._.actors[1]["country"], doc._.actors[1]["sector"] = "TCD", "MIL"
    assert not rules.order_to_own_forces(coder, call)  # Chad's order to its own military
    doc._.actors[1]["sector"] = "OPP"
    assert rules.order_to_own_forces(coder, call)  # a demand of its own opposition stays


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("verb", "lemma", "obj", "code"),
    [
        ("welcomed", "welcome", "Japan", "051"),  # endorsement (PETRARCH: WELCOME 051), not optimism (013)
        ("assured", "assure", "Japan", "030"),  # a promise (PETRARCH: ASSURE in the PROMISE block)
        ("killed", "kill", "civilians", "180"),  # unconventional violence; 202 needs mass scale
        ("killed", "kill", "soldiers", "190"),
    ],
)
def test_codes_by_cameo_definition(
    blank: Language, coder: EventCoder, verb: str, lemma: str, obj: str, code: str
) -> None:
    coded = coder.triggers._code_of(make_doc(blank, svo(verb, lemma, obj))[1])
    assert coded is not None and coded[0] == code


def test_announced_own_act(blank: Language, coder: EventCoder) -> None:
    def said(subject: str, verb: str, lemma: str) -> list[Row]:
        return [
            ("Kenya", 1, "nsubj", "PROPN", "NNP", "Kenya"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            (subject, 4, "nsubj", "PROPN", "NNP", subject),
            ("would", 4, "aux", "AUX", "MD", "would"),
            (verb, 1, "ccomp", "VERB", "VB", lemma),
            ("Sudan", 4, "dobj", "PROPN", "NNP", "Sudan"),
        ]

    for verb, lemma, code in (
        ("help", "help", "033"),
        ("attack", "attack", "138"),
        ("sanction", "sanction", "163"),
    ):
        doc = make_doc(blank, said("Kenya", verb, lemma))
        call = call_for(doc, coder, 4)
        assert not rules.consumed_by_governor(coder, call)  # sets the frame: future
        for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects):
            rule(coder, call)
        assert rules.announced_own_act(coder, call)
        assert call.code == code  # an intent, a threat; an announced sanction is coded as taken
    # another side's act in the speaker's forecast keeps its code
    doc = make_doc(blank, said("Chad", "attack", "attack"))
    call = call_for(doc, coder, 4)
    rules.consumed_by_governor(coder, call)
    for rule in (rules.table_code, rules.clause_subjects, rules.verb_objects, rules.announced_own_act):
        rule(coder, call)
    assert call.code == "190"


def said_modal(
    speech: str, slemma: str, modal: list[Row], verb: str, vlemma: str, subj: str = "Japan"
) -> list[Row]:
    """ "China said Japan <modal...> <verb> Taiwan": the modal rows sit between the subject and the verb."""
    v = 3 + len(modal)
    return [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        (speech, 1, "ROOT", "VERB", "VBD", slemma),
        (subj, v, "nsubj", "PROPN", "NNP", subj),
        *[(w, v if h < 0 else h, d, p, t, lem) for (w, h, d, p, t, lem) in modal],
        (verb, 1, "ccomp", "VERB", "VB", vlemma),
        ("Taiwan", v, "dobj", "PROPN", "NNP", "Taiwan"),
    ]


def test_reported_obligation(blank: Language, coder: EventCoder) -> None:
    must: list[Row] = [("must", -1, "aux", "AUX", "MD", "must")]
    call = call_for(make_doc(blank, said_modal("said", "say", must, "attack", "attack")), coder, 1)
    assert rules.reported_obligation(coder, call)
    assert (call.code[:2], countries(call.state.doc, call.targets)) == ("10", ["JPN"])
    # "said Japan needs to act": the obligation is the need's infinitive; an uncoded act is a plain 100
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("Japan", 3, "nsubj", "PROPN", "NNP", "Japan"),
        ("needs", 1, "ccomp", "VERB", "VBZ", "need"),
        ("to", 5, "aux", "PART", "TO", "to"),
        ("act", 3, "xcomp", "VERB", "VB", "act"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_obligation(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("100", ["JPN"])
    # "suggested Japan should ...": an appeal
    should: list[Row] = [("should", -1, "aux", "AUX", "MD", "should")]
    call = call_for(make_doc(blank, said_modal("suggested", "suggest", should, "act", "act")), coder, 1)
    rules.reported_obligation(coder, call)
    assert call.code == "020"
    # no demand: an inference ("must have attacked"), what a side must understand, the speaker's own duty
    inferred: list[Row] = [*must, ("have", -1, "aux", "AUX", "VB", "have")]
    for rows in (
        said_modal("said", "say", inferred, "attacked", "attack"),
        said_modal("said", "say", must, "understand", "understand"),
        said_modal("said", "say", must, "act", "act", subj="China"),
        said_modal("said", "say", [], "attacked", "attack"),
    ):
        call = call_for(make_doc(blank, rows), coder, 1)
        rules.reported_obligation(coder, call)
        assert call.code == ""


def test_reported_obligation_in_a_nested_clause(blank: Language, coder: EventCoder) -> None:
    # "China said its view remains that Japan should act": the obligation two clauses down
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("view", 3, "nsubj", "NOUN", "NN", "view"),
        ("remains", 1, "ccomp", "VERB", "VBZ", "remain"),
        ("that", 7, "mark", "SCONJ", "IN", "that"),
        ("Japan", 7, "nsubj", "PROPN", "NNP", "Japan"),
        ("should", 7, "aux", "AUX", "MD", "should"),
        ("act", 3, "ccomp", "VERB", "VB", "act"),
    ])  # fmt: skip
    call = call_for(doc, coder, 1)
    rules.reported_obligation(coder, call)
    assert (call.code, countries(doc, call.targets)) == ("100", ["JPN"])
