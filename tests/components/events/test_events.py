"""eventcoder_events on hand-built parses with hand-set actors (no model needed)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hand_parse import Row, hand_doc
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.events.component import EventCoder
from eventcoder.errors import ConfigError
from eventcoder.knowledge.patterns import load_patterns

COUNTRIES = {"China": "CHN", "Beijing": "CHN", "Japan": "JPN", "Taiwan": "TWN", "Taipei": "TWN",
             "Washington": "USA", "US": "USA", "Harris": "USA", "Tokyo": "JPN"}  # fmt: skip


def make_doc(nlp: Language, rows: list[Row]) -> Doc:
    """rows -> a hand-parsed Doc; actors are the words in COUNTRIES."""
    return hand_doc(nlp, rows, COUNTRIES)


def coder(**kwargs: Any) -> EventCoder:
    return EventCoder("events", table=load_patterns(), **kwargs)


def one_sided(**kwargs: Any) -> EventCoder:
    return coder(require_source=False, require_target=False, **kwargs)


def summary(doc: Doc) -> list[tuple[str | None, str | None, str, str, bool]]:
    def country(i: int | None) -> str | None:
        return None if i is None else doc._.actors[i]["country"]

    return [
        (country(e["source"]), country(e["target"]), e["cameo"], e["modality"], e["negated"])
        for e in doc._.events
    ]


def test_phrasal_verb_with_target_preposition(blank: Language) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("hit", 1, "ROOT", "VERB", "VBD", "hit"),
        ("out", 1, "prt", "ADP", "RP", "out"),
        ("at", 1, "prep", "ADP", "IN", "at"),
        ("Japan", 3, "pobj", "PROPN", "NNP", "Japan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [("CHN", "JPN", "111", "asserted", False)]
    event = doc._.events[0]
    assert event["trigger"] == {"text": "hit", "start": 6, "end": 9}
    assert event["sentence_id"] == 0
    assert event["confidence"] == 0.9


def test_passive_agent_is_the_source(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Japan", 2, "nsubjpass", "PROPN", "NNP", "Japan"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("condemned", 2, "ROOT", "VERB", "VBN", "condemn"),
        ("by", 2, "agent", "ADP", "IN", "by"),
        ("Beijing", 3, "pobj", "PROPN", "NNP", "Beijing"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [("CHN", "JPN", "111", "asserted", False)]


def test_negation_is_a_field_not_a_code(blank: Language) -> None:
    doc = make_doc(blank, [
        ("China", 3, "nsubj", "PROPN", "NNP", "China"),
        ("did", 3, "aux", "AUX", "VBD", "do"),
        ("not", 3, "neg", "PART", "RB", "not"),
        ("attack", 3, "ROOT", "VERB", "VB", "attack"),
        ("Taiwan", 3, "dobj", "PROPN", "NNP", "Taiwan"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [("CHN", "TWN", "190", "asserted", True)]
    dropped = make_doc(blank, [(t.text, t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_) for t in doc])
    coder(keep_negated=False)(dropped)
    assert dropped._.events == []


def xcomp_rows(
    governor: str, lemma: str, verb: str, vlemma: str
) -> list[tuple[str, int, str, str, str, str]]:
    return [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        (governor, 1, "ROOT", "VERB", "VBD", lemma),
        ("to", 3, "aux", "PART", "TO", "to"),
        (verb, 1, "xcomp", "VERB", "VB", vlemma),
        ("Taiwan", 3, "dobj", "PROPN", "NNP", "Taiwan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


def test_threatened_to_attack_is_a_threat(blank: Language) -> None:
    doc = make_doc(blank, xcomp_rows("threatened", "threaten", "attack", "attack"))
    coder()(doc)
    assert summary(doc) == [("CHN", "TWN", "138", "asserted", False)]
    assert doc._.events[0]["trigger"]["text"] == "threatened"


def test_refused_to_meet_is_a_refusal(blank: Language) -> None:
    doc = make_doc(blank, xcomp_rows("refused", "refuse", "meet", "meet"))
    coder()(doc)
    assert summary(doc) == [("CHN", "TWN", "125", "asserted", False)]


def test_intent_to_cooperate_maps_to_intent_code(blank: Language) -> None:
    doc = make_doc(blank, xcomp_rows("pledged", "pledge", "visit", "visit"))
    coder()(doc)
    assert summary(doc) == [("CHN", "TWN", "036", "intended", False)]


def test_vowed_to_attack_is_an_intended_threat(blank: Language) -> None:
    doc = make_doc(blank, xcomp_rows("vowed", "vow", "attack", "attack"))
    coder()(doc)
    assert summary(doc) == [("CHN", "TWN", "138", "intended", False)]
    only_asserted = make_doc(blank, xcomp_rows("vowed", "vow", "attack", "attack"))
    coder(keep_modalities=["asserted"])(only_asserted)
    assert only_asserted._.events == []


def test_conjoined_subjects_give_one_event_each(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Taipei", 3, "nsubj", "PROPN", "NNP", "Taipei"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Washington", 0, "conj", "PROPN", "NNP", "Washington"),
        ("rejected", 3, "ROOT", "VERB", "VBD", "reject"),
        ("Beijing", 3, "dobj", "PROPN", "NNP", "Beijing"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [
        ("TWN", "CHN", "120", "asserted", False),
        ("USA", "CHN", "120", "asserted", False),
    ]


def test_light_verb_takes_the_noun_code_symmetric_and_future(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Taiwan", 4, "nsubj", "PROPN", "NNP", "Taiwan"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Japan", 0, "conj", "PROPN", "NNP", "Japan"),
        ("will", 4, "aux", "AUX", "MD", "will"),
        ("hold", 4, "ROOT", "VERB", "VB", "hold"),
        ("talks", 4, "dobj", "NOUN", "NNS", "talk"),
        (".", 4, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    # announced talks are an intent to meet (maps.announce: 04 -> 036)
    assert summary(doc) == [("TWN", "JPN", "036", "future", False), ("JPN", "TWN", "036", "future", False)]
    assert doc._.events[0]["trigger"]["text"] == "talks"


def test_reported_clause_and_later_reference_to_the_talks(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Taiwan", 4, "nsubj", "PROPN", "NNP", "Taiwan"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Japan", 0, "conj", "PROPN", "NNP", "Japan"),
        ("will", 4, "aux", "AUX", "MD", "will"),
        ("hold", 8, "ccomp", "VERB", "VB", "hold"),
        ("talks", 4, "dobj", "NOUN", "NNS", "talk"),
        (",", 8, "punct", "PUNCT", ",", ","),
        ("Taipei", 8, "nsubj", "PROPN", "NNP", "Taipei"),
        ("said", 8, "ROOT", "VERB", "VBD", "say"),
        (".", 8, "punct", "PUNCT", ".", "."),
        ("Beijing", 11, "nsubj", "PROPN", "NNP", "Beijing"),
        ("condemned", 11, "ROOT", "VERB", "VBD", "condemn"),
        ("the", 13, "det", "DET", "DT", "the"),
        ("talks", 11, "dobj", "NOUN", "NNS", "talk"),
        (".", 11, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [
        ("TWN", "JPN", "040", "future", False),
        ("JPN", "TWN", "040", "future", False),
        ("CHN", "TWN", "111", "asserted", False),
        ("CHN", "JPN", "111", "asserted", False),
    ]
    assert doc._.events[2]["sentence_id"] == 1
    assert doc._.events[2]["warnings"] == ["target resolved from an earlier mention of the event"]


def test_no_target_is_invented_and_boilerplate_is_skipped(blank: Language) -> None:
    rows = [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("criticized", 1, "ROOT", "VERB", "VBD", "criticize"),
        ("the", 3, "det", "DET", "DT", "the"),
        ("plan", 1, "dobj", "NOUN", "NN", "plan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = make_doc(blank, rows)
    one_sided()(doc)
    assert summary(doc) == [("CHN", None, "111", "asserted", False)]
    strict = make_doc(blank, rows)
    coder()(strict)  # the default: a dyad or nothing
    assert strict._.events == []
    skipped = make_doc(blank, rows)
    skipped._.boilerplate = [[0, len(skipped.text)]]
    coder()(skipped)
    assert skipped._.events == []


def test_unknown_modality_in_config_is_an_error() -> None:
    with pytest.raises(ConfigError, match="E303"):
        coder(keep_modalities=["asserted", "rumoured"])


def test_factory_in_a_pipeline(blank: Language) -> None:
    import eventcoder.components.events.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("eventcoder_events", config={"keep_negated": False})
    # a blank pipeline assigns nothing: every requirement is missing
    assert nlp.analyze_pipes()["problems"] == {
        "eventcoder_events": [
            "doc._.actors",
            "doc._.boilerplate",
            "doc.sents",
            "doc.ents",
            "token.dep",
            "token.head",
            "token.lemma",
        ]
    }


def test_appeal_takes_the_code_of_what_it_asks_for(blank: Language) -> None:
    doc = make_doc(blank, [
        ("China", 1, "nsubj", "PROPN", "NNP", "China"),
        ("urged", 1, "ROOT", "VERB", "VBD", "urge"),
        ("Japan", 1, "dobj", "PROPN", "NNP", "Japan"),
        ("to", 4, "aux", "PART", "TO", "to"),
        ("release", 1, "xcomp", "VERB", "VB", "release"),
        ("Taiwan", 4, "dobj", "PROPN", "NNP", "Taiwan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    # the release has not happened: only the appeal for a release (0253) is coded
    assert summary(doc) == [("CHN", "JPN", "0253", "asserted", False)]


def test_take_part_in_a_protest(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Taiwan", 1, "nsubj", "PROPN", "NNP", "Taiwan"),
        ("took", 1, "ROOT", "VERB", "VBD", "take"),
        ("part", 1, "dobj", "NOUN", "NN", "part"),
        ("in", 2, "prep", "ADP", "IN", "in"),
        ("a", 5, "det", "DET", "DT", "a"),
        ("protest", 3, "pobj", "NOUN", "NN", "protest"),
        ("against", 5, "prep", "ADP", "IN", "against"),
        ("China", 6, "pobj", "PROPN", "NNP", "China"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [("TWN", "CHN", "140", "asserted", False)]
    assert doc._.events[0]["trigger"]["text"] == "protest"


def test_experiencer_passive_is_the_source(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Japan", 2, "nsubjpass", "PROPN", "NNP", "Japan"),
        ("is", 2, "auxpass", "AUX", "VBZ", "be"),
        ("concerned", 2, "ROOT", "VERB", "VBN", "concern"),
        ("about", 2, "prep", "ADP", "IN", "about"),
        ("China", 3, "pobj", "PROPN", "NNP", "China"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    assert summary(doc) == [("JPN", "CHN", "111", "asserted", False)]


def test_pronoun_subject_of_a_reported_clause_is_the_speaker(blank: Language) -> None:
    doc = make_doc(blank, [
        ("Taiwan", 1, "nsubj", "PROPN", "NNP", "Taiwan"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("it", 4, "nsubj", "PRON", "PRP", "it"),
        ("would", 4, "aux", "AUX", "MD", "would"),
        ("meet", 1, "ccomp", "VERB", "VB", "meet"),
        ("Japan", 4, "dobj", "PROPN", "NNP", "Japan"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])  # fmt: skip
    coder()(doc)
    # its own announced meeting is an intent to meet (maps.announce: 04 -> 036)
    assert summary(doc) == [("TWN", "JPN", "036", "future", False)]


def test_hypothetical_events_are_dropped_by_default(blank: Language) -> None:
    rows = [
        ("China", 2, "nsubj", "PROPN", "NNP", "China"),
        ("could", 2, "aux", "AUX", "MD", "could"),
        ("attack", 2, "ROOT", "VERB", "VB", "attack"),
        ("Taiwan", 2, "dobj", "PROPN", "NNP", "Taiwan"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    doc = make_doc(blank, rows)
    coder()(doc)
    assert doc._.events == []
    kept = make_doc(blank, rows)
    coder(keep_modalities=["asserted", "hypothetical"])(kept)
    assert summary(kept) == [("CHN", "TWN", "190", "hypothetical", False)]


def test_without_a_parser_nothing_is_coded_and_a_warning_is_set(blank: Language) -> None:
    doc = blank("China condemned Japan.")
    coder()(doc)
    assert doc._.events == []
    assert doc._.warnings == [
        "[W105] no dependency parse: events not coded (use a spaCy pipeline with a parser)."
    ]


@pytest.mark.issue(5)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia did not attack Ukraine on Monday.", [("RUS", "UKR", "190", "asserted", True)]),
        ("Russia threatened to attack Ukraine.", [("RUS", "UKR", "138", "asserted", False)]),
        ("Iran refused to meet Britain in Vienna.", [("IRN", "GBR", "125", "asserted", False)]),
        ("Ukraine was attacked by Russia on Thursday.", [("RUS", "UKR", "190", "asserted", False)]),
        ("India accused Pakistan of sponsoring terrorism.", [("IND", "PAK", "112", "asserted", False)]),
        ("Japan will hold talks with South Korea next week.", [("JPN", "KOR", "036", "future", False)]),
        ("The United States imposed new sanctions on Russia.", [("USA", "RUS", "163", "asserted", False)]),
        ("Kenya deployed troops to the border with Somalia.", [("KEN", "SOM", "154", "asserted", False)]),
        (
            "Pakistan denied that its troops had crossed into Afghanistan.",
            [("PAK", "AFG", "016", "asserted", False)],
        ),
        (
            "Seoul and Washington have rejected Pyongyang's claims.",
            [("KOR", "PRK", "120", "asserted", False), ("USA", "PRK", "120", "asserted", False)],
        ),
        ("Russian forces shelled the Ukrainian city of Kharkiv.", [("RUS", "UKR", "194", "asserted", False)]),
        # no one-sided events by default (one_sided_roots: test_one_sided_roots_decide_...)
        ("Iran test-fired two ballistic missiles on Sunday.", []),
        (
            "Germany sent medical supplies to flood victims in Pakistan.",
            [("DEU", "PAK", "073", "asserted", False)],
        ),
        # "staged" is lemmatised "stag" by the model: the form gives the verb, whose curated pattern
        # "stage drill ... (near border)" is the more specific code (154)
        (
            "Belarus staged military drills near its border with Poland.",
            [("BLR", "POL", "154", "asserted", False)],
        ),
        (
            "Turkish officials released details about the airstrikes they launched in northern Iraq.",
            [("TUR", "IRQ", "195", "asserted", False)],
        ),
        (
            "Thousands of Armenians joined a rally in Yerevan to denounce the Azerbaijani blockade.",
            [("ARM", "AZE", "140", "asserted", False), ("ARM", "AZE", "111", "asserted", False)],
        ),
        ("Kenyan opposition activists began a hunger strike.", []),
        # the one released is not the one asked
        ("China demanded the release of the Chinese captain.", []),
        ("Russia called for talks with Ukraine.", [("RUS", "UKR", "026", "asserted", False)]),
        (
            "The United States pressed Israel to release the prisoners.",
            [("USA", "ISR", "1053", "asserted", False)],
        ),
        # "after holding X for days": detention, by the subject of the main clause
        (
            "Egyptian police freed a Canadian journalist after holding a British photographer for days.",
            [("EGY", "CAN", "0841", "asserted", False), ("EGY", "GBR", "173", "asserted", False)],
        ),
        ("Hamas held two Israeli soldiers hostage.", [("PSE", "ISR", "181", "asserted", False)]),
        # extradition is judicial cooperation with the receiving country (CAMEO 063)
        (
            "Spain extradited a Russian hacker to the United States.",
            [("ESP", "USA", "063", "asserted", False)],
        ),
        # intent adjectives: "ready / prepared / willing to ..."
        ("Serbia is ready to talk with Kosovo.", [("SRB", "XKX", "036", "intended", False)]),
        ("Iran said it is prepared to retaliate against Israel.", [("IRN", "ISR", "138", "intended", False)]),
        (
            "India reinforced its troops along the border with China.",
            [("IND", "CHN", "154", "asserted", False)],
        ),
        # the act one is accused of is alleged, not coded
        (
            "India accused Pakistan of sending weapons to militants in Kashmir.",
            [("IND", "PAK", "112", "asserted", False)],
        ),
        # what a claim, appeal or accusation says has not happened
        (
            "Rwanda rejected claims by Congo that its army was committing atrocities.",
            [("RWA", "COD", "120", "asserted", False)],
        ),
        (
            "Greece repeated its appeal to Italy to hand over a smuggler.",
            [("GRC", "ITA", "020", "asserted", False)],
        ),
        ("China demanded talks with Japan.", [("CHN", "JPN", "106", "asserted", False)]),
        (
            "Beijing demanded that Japan release the Chinese captain.",
            [("CHN", "JPN", "1053", "asserted", False)],
        ),
    ],
)
def test_real_parses(nlp: Language, text: str, expected: list[tuple[str, str, str, str, bool]]) -> None:
    doc = nlp(text)

    def country(i: int | None) -> str | None:
        return None if i is None else doc._.actors[i]["country"]

    got = [
        (country(e["source"]), country(e["target"]), e["cameo"], e["modality"], e["negated"])
        for e in doc._.events
    ]
    assert got == expected


@pytest.mark.issue(5)
def test_one_sided_roots_decide_which_events_may_lack_a_target(nlp: Language) -> None:
    doc = nlp("Iran test-fired two ballistic missiles on Sunday.")
    coder(one_sided_roots=[])(doc)
    assert doc._.events == []
    coder(one_sided_roots=["15"])(doc)
    assert summary(doc) == [("IRN", None, "150", "asserted", False)]


@pytest.mark.issue(5)
def test_a_demanded_release_is_asked_of_whoever_detained_them(nlp: Language) -> None:
    doc = nlp(
        "Iranian authorities arrested two French tourists. Paris demanded the release of the French tourists."
    )
    got = [
        (doc._.actors[e["source"]]["country"], doc._.actors[e["target"]]["country"], e["cameo"])
        for e in doc._.events
    ]
    assert got == [("IRN", "FRA", "173"), ("FRA", "IRN", "1053")]


@pytest.mark.issue(5)
def test_a_later_mention_of_an_event_is_resolved_and_not_coded_twice(nlp: Language) -> None:
    doc = nlp(
        "Iranian authorities arrested two French tourists on Monday. France condemned the arrest. "
        "Protesters in Paris denounced Iran's arrest of the French tourists."
    )
    got = [
        (
            doc._.actors[e["source"]]["country"],
            doc._.actors[e["target"]]["country"],
            e["cameo"],
            e["sentence_id"],
        )
        for e in doc._.events
    ]
    assert got == [("IRN", "FRA", "173", 0), ("FRA", "IRN", "111", 1), ("FRA", "IRN", "111", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "In a policy paper, Canberra linked Australia's security with Japan's, ending a long tradition.",
        "Chinese officials said they had mastered the crisis.",
    ],
)
def test_a_converted_default_alone_is_no_one_sided_event(nlp: Language, text: str) -> None:
    # PETRARCH's "defeat" block defaults break/master/best... to 190; without a target that is too weak
    doc = nlp(text)
    assert [e["cameo"] for e in doc._.events if e["cameo"][:2] in ("18", "19", "20")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya kicked out the Somali ambassador on Monday.", ("KEN", "SOM", "174")),
        ("Kenyan troops gunned down three Somali soldiers near the border.", ("KEN", "SOM", "190")),
    ],
)
def test_the_phrasal_class_of_the_converted_verbs_codes_multi_word_verbs(
    nlp: Language, text: str, expected: tuple[str, str, str]
) -> None:
    # off by default (no class of the converted dictionary gained events on the held-out tune half);
    # setting converted_verbs = ["phrasal"] adds PETRARCH-2's multi-word verbs ("kick out", "gun down")
    doc = nlp(text)
    assert doc._.events == []
    EventCoder("events", table=load_patterns("curated+phrasal"))(doc)
    assert [
        (doc._.actors[e["source"]]["country"], doc._.actors[e["target"]]["country"], e["cameo"])
        for e in doc._.events
    ] == [expected]
