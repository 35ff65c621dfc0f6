"""Each noun-phrase rule of eventcoder/components/actors/phrase_rules.py on a hand-built parse (no model)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.actors import phrase_rules as rules
from eventcoder.components.actors.context import Mention
from eventcoder.components.actors.lexicon import Lexicon, build_lexicon
from eventcoder.components.actors.matching import lexicon_matches
from eventcoder.components.actors.phrase_parts import Resolved

DATE = "2021-08-25"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return build_lexicon([])


def phrase(
    nlp: Language,
    lexicon: Lexicon,
    text: str,
    heads: list[int],
    deps: str,
    pos: str,
    ents: str,
    head: int,
    aliases: dict[str, Resolved] | None = None,
    lemmas: str | None = None,
) -> rules.Phrase:
    """The Phrase headed on token ``head`` of a Doc built from space-separated words, absolute heads, deps,
    POS and entity labels (``O``, ``B-GPE`` ...); tags follow the POS (NNS for a plural noun ending in s)."""
    words = text.split()
    pos_list = pos.split()
    tags = [
        {"PROPN": "NNP", "ADJ": "JJ", "VERB": "VBD", "DET": "DT", "ADP": "IN", "PUNCT": "."}.get(p, "NN")
        for p in pos_list
    ]
    tags = [
        "NNS" if t == "NN" and w.endswith("s") and p == "NOUN" else t
        for t, w, p in zip(tags, words, pos_list, strict=True)
    ]
    doc = Doc(
        nlp.vocab, words=words, heads=heads, deps=deps.split(), pos=pos_list, tags=tags, ents=ents.split()
    )
    for token, lem in zip(doc, (lemmas or text).split(), strict=True):
        token.lemma_ = lem
    matches = lexicon_matches(lexicon, doc, set(), [0] * len(doc), DATE)
    groups, match_at = rules.group_matches(doc, matches)
    return rules.Phrase(lexicon, doc, doc[head], groups.get(head, []), match_at, aliases or {}, DATE)


def spans(p: rules.Phrase, mentions: list[Mention] | None) -> list[tuple[str, str | None, str]]:
    assert mentions is not None
    return [(p.doc[m.start : m.end].text, m.code, m.kind) for m in mentions]


# ---------------------------------------------------------------------- grouping


def test_group_matches_on_the_phrase_head(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "China 's military threats", [3, 0, 3, 3], "poss case compound ROOT",
               "PROPN PART NOUN NOUN", "B-GPE O O O", head=3)  # fmt: skip
    assert [(p.doc[m.start : m.end].text, crossed) for m, crossed in p.group] == [
        ("China", True),  # reached over the possessive
        ("military", False),
    ]
    assert p.head_match is None and len(p.mods) == 2


# ---------------------------------------------------------------------- 1. a head that is no actor


def test_possessed_agent(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "China 's military threats", [3, 0, 3, 3], "poss case compound ROOT",
               "PROPN PART NOUN NOUN", "B-GPE O O O", head=3, lemmas="China 's military threat")  # fmt: skip
    assert spans(p, rules.possessed_agent(p)) == [("China 's military", "CHNMIL", "group")]
    p = phrase(blank, lexicon, "Taiwan 's future", [2, 0, 2], "poss case ROOT", "PROPN PART NOUN",
               "B-GPE O O", head=2)  # fmt: skip
    assert rules.possessed_agent(p) is None  # no sector word


def test_demonym_city_under_force(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Troops shelled the Ukrainian city", [1, 1, 4, 4, 1],
               "nsubj ROOT det amod dobj", "NOUN VERB DET ADJ NOUN", "O O O B-NORP O", head=4,
               lemmas="troop shell the Ukrainian city")  # fmt: skip
    assert spans(p, rules.demonym_city_under_force(p)) == [("Ukrainian", "UKR", "country")]
    p = phrase(blank, lexicon, "Troops visited the Ukrainian city", [1, 1, 4, 4, 1],
               "nsubj ROOT det amod dobj", "NOUN VERB DET ADJ NOUN", "O O O B-NORP O", head=4,
               lemmas="troop visit the Ukrainian city")  # fmt: skip
    assert rules.demonym_city_under_force(p) is None


def test_demonym_participant(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Troops shelled Ukrainian trenches", [1, 1, 3, 1], "nsubj ROOT amod dobj",
               "NOUN VERB ADJ NOUN", "O O B-NORP O", head=3,
               lemmas="troop shell Ukrainian trench")  # fmt: skip
    assert spans(p, rules.demonym_participant(p)) == [("Ukrainian trenches", "UKR", "group")]
    p = phrase(blank, lexicon, "a Ukrainian drone strike", [3, 3, 3, 3], "det amod compound ROOT",
               "DET ADJ NOUN NOUN", "O B-NORP O O", head=3, lemmas="a Ukrainian drone strike")  # fmt: skip
    assert spans(p, rules.demonym_participant(p)) == [("Ukrainian", "UKR", "country")]  # the event's actor


def test_igo_body(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "the NATO envoy arrived", [2, 2, 3, 3], "det compound nsubj ROOT",
               "DET PROPN NOUN VERB", "O B-ORG O O", head=2, lemmas="the NATO envoy arrive")  # fmt: skip
    assert spans(p, rules.igo_body(p)) == [("NATO envoy", "IGOWSTNAT", "igo")]
    p = phrase(blank, lexicon, "the NATO members arrived", [2, 2, 3, 3], "det compound nsubj ROOT",
               "DET PROPN NOUN VERB", "O B-ORG O O", head=2, lemmas="the NATO member arrive")  # fmt: skip
    assert rules.igo_body(p) is None


def test_group_modifier(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Taliban prisoners escaped", [1, 2, 2], "compound nsubj ROOT",
               "PROPN NOUN VERB", "B-ORG O O", head=1, lemmas="Taliban prisoner escape")  # fmt: skip
    # DATE is after the fall of Kabul (2021-08-15): the Taliban code AFGGOV from then on.
    assert spans(p, rules.group_modifier(p)) == [("Taliban prisoners", "AFGGOV", "group")]
    p = phrase(blank, lexicon, "a Taliban attack", [2, 2, 2], "det compound ROOT", "DET PROPN NOUN",
               "O B-ORG O", head=2, lemmas="a Taliban attack")  # fmt: skip
    assert spans(p, rules.group_modifier(p)) == [("Taliban", "AFGGOV", "organisation")]


def test_possessors(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Taiwan 's future", [2, 0, 2], "poss case ROOT", "PROPN PART NOUN",
               "B-GPE O O", head=2)  # fmt: skip
    assert spans(p, rules.possessors(p)) == [("Taiwan", "TWN", "country")]
    p = phrase(blank, lexicon, "the Taiwan issue", [2, 2, 2], "det compound ROOT", "DET PROPN NOUN",
               "O B-GPE O", head=2)  # fmt: skip
    assert rules.possessors(p) == []  # a topic, no actor


def test_non_actor_head_rules_stop_at_the_first_answer(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Taiwan 's future", [2, 0, 2], "poss case ROOT", "PROPN PART NOUN",
               "B-GPE O O", head=2)  # fmt: skip
    assert spans(p, rules.code_phrase(p)) == [("Taiwan", "TWN", "country")]


# ---------------------------------------------------------------------- 2. no participant


def test_agent_word_not_a_noun(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "they will police the border", [2, 2, 2, 4, 2], "nsubj aux ROOT det dobj",
               "PRON AUX VERB DET NOUN", "O O O O O", head=2)  # fmt: skip
    assert p.agent_head and rules.agent_word_not_a_noun(p)
    p = phrase(blank, lexicon, "the military left", [1, 2, 2], "det nsubj ROOT", "DET NOUN VERB", "O O O",
               head=1)  # fmt: skip
    assert not rules.agent_word_not_a_noun(p)


def test_apposition_to_a_person(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Masahisa Sato , a parliamentarian", [1, 1, 1, 4, 1],
               "compound ROOT punct det appos", "PROPN PROPN PUNCT DET NOUN", "B-PERSON I-PERSON O O O",
               head=4)  # fmt: skip
    assert rules.apposition_to_a_person(p)


def test_predicate_nominal(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "he is a president", [1, 1, 3, 1], "nsubj ROOT det attr", "PRON AUX DET NOUN",
               "O O O O", head=3)  # fmt: skip
    assert rules.predicate_nominal(p)


def test_building_as_place(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "protested outside the embassy", [0, 0, 3, 1], "ROOT prep det pobj",
               "VERB ADP DET NOUN", "O O O O", head=3, lemmas="protest outside the embassy")  # fmt: skip
    assert rules.building_as_place(p)
    p = phrase(blank, lexicon, "the embassy said", [1, 2, 2], "det nsubj ROOT", "DET NOUN VERB", "O O O",
               head=1, lemmas="the embassy say")  # fmt: skip
    assert not rules.building_as_place(p)


def test_unknown_name_as_place(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "fighting in Zorblat", [0, 0, 1], "ROOT prep pobj", "NOUN ADP PROPN",
               "O O B-ORG", head=2)  # fmt: skip
    assert rules.unknown_name_as_place(p)


def test_weapons_without_owner(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "fired cruise missiles", [0, 2, 0], "ROOT compound dobj", "VERB NOUN NOUN",
               "O O O", head=2, lemmas="fire cruise missile")  # fmt: skip
    rules.phrase_span(p)
    assert rules.weapons_without_owner(p)


# ---------------------------------------------------------------------- 3. the code


def test_alias_code(blank: Language, lexicon: Lexicon) -> None:
    aliases = {"zorblat": Resolved("TWNLEG", "Lin Zorblat", "person")}
    p = phrase(blank, lexicon, "Zorblat said", [1, 1], "nsubj ROOT", "PROPN VERB", "B-PERSON O", head=0,
               aliases=aliases)  # fmt: skip
    assert rules.alias_code(p) and (p.code, p.name, p.kind) == ("TWNLEG", "Lin Zorblat", "person")
    p = phrase(blank, lexicon, "Zorblat said", [1, 1], "nsubj ROOT", "PROPN VERB", "B-PERSON O", head=0)
    assert not rules.alias_code(p)


def test_entry_code(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Beijing condemned", [1, 1], "nsubj ROOT", "PROPN VERB", "B-GPE O", head=0)
    rules.phrase_span(p)
    p.kind = "capital"
    assert rules.entry_code(p) and p.code == "CHNGOV"
    p = phrase(blank, lexicon, "troops seized Kabul", [1, 1, 1], "nsubj ROOT dobj", "NOUN VERB PROPN",
               "O O B-GPE", head=2, lemmas="troop seize Kabul")  # fmt: skip
    rules.phrase_span(p)
    p.kind = "capital"
    assert rules.entry_code(p) and p.code == "AFG"  # the city, not the government


def test_sector_noun_code(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "a Taiwanese lawmaker said", [2, 2, 3, 3], "det amod nsubj ROOT",
               "DET ADJ NOUN VERB", "O B-NORP O O", head=2)  # fmt: skip
    rules.phrase_span(p)
    p.kind = "agent"
    assert rules.sector_noun_code(p) and (p.code, p.kind, p.sector) == ("TWNLEG", "group", "LEG")
    p = phrase(blank, lexicon, "lawmakers from Taiwan", [0, 0, 1], "ROOT prep pobj", "NOUN ADP PROPN",
               "O O B-GPE", head=0)  # fmt: skip
    rules.phrase_span(p)
    p.kind = "agent"
    assert rules.sector_noun_code(p) and p.code == "TWNLEG"  # the country from the prepositional phrase


# ---------------------------------------------------------------------- 4. a place or a modifier


def test_country_as_place(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "arrived in Tokyo", [0, 0, 1], "ROOT prep pobj", "VERB ADP PROPN", "O O B-GPE",
               head=2, lemmas="arrive in Tokyo")  # fmt: skip
    p.kind = "capital"
    assert rules.country_as_place(p)
    assert rules.code_phrase(p) == []


def test_hyphenated_modifier(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "US - led forces", [2, 2, 3, 3], "npadvmod punct amod ROOT",
               "PROPN PUNCT VERB NOUN", "B-GPE O O O", head=0)  # fmt: skip
    p.kind = "country"
    assert rules.hyphenated_modifier(p)


def test_bare_demonym_adjective(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Japanese said", [1, 1], "nsubj ROOT", "ADJ VERB", "B-NORP O", head=0)
    p.kind = "country"
    assert rules.bare_demonym_adjective(p)


def test_code_phrase_composes_a_mention(blank: Language, lexicon: Lexicon) -> None:
    p = phrase(blank, lexicon, "Georgian and Russian troops left", [3, 0, 0, 4, 4], "amod cc conj nsubj ROOT",
               "ADJ CCONJ ADJ NOUN VERB", "B-NORP O B-NORP O O", head=3,
               lemmas="Georgian and Russian troop leave")  # fmt: skip
    assert spans(p, rules.code_phrase(p)) == [
        ("Georgian", "GEOMIL", "group"),
        ("Russian troops", "RUSMIL", "group"),
    ]
