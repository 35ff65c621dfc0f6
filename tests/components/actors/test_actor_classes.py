"""Actor classes found by the blind actor-phrase set (benchmarks/actor_phrases_blind.csv, fold h1; issue
14): titles and bodies of a kind, constructions, groups whose standing changed. Sentences written for these
tests."""

from __future__ import annotations

import pytest
from spacy.language import Language
from support import actor_codes

pytestmark = pytest.mark.issue(14)


def codes(nlp: Language, text: str, date: str = "2022-06-01") -> dict[str, str | None]:
    return actor_codes(nlp, text, date)


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        # Defence ministers and ministries are MIL, like the named ones of the world files.
        (
            "Ghanaian Defence Minister Kofi Mensah met the French ambassador.",
            "Ghanaian Defence Minister Kofi Mensah",
            "GHAMIL",
        ),
        ("Chad's defence ministry denied the report.", "Chad's defence ministry", "TCDMIL"),
        # An intelligence ministry is a spy agency; a constituent assembly legislates.
        ("Syria's intelligence ministry denied the report.", "Syria's intelligence ministry", "SYRSPY"),
        ("Tunisia's constituent assembly rejected the draft.", "Tunisia's constituent assembly", "TUNLEG"),
        # A subdivision before "Chief Minister" / "First Minister" gives the country.
        (
            "Sindh Chief Minister Ali Raza criticised the federal budget.",
            "Sindh Chief Minister Ali Raza",
            "PAKGOV",
        ),
    ],
)
def test_titles_and_bodies(nlp: Language, text: str, phrase: str, code: str) -> None:
    assert codes(nlp, text).get(phrase) == code


def test_a_generic_group_name_owned_by_a_state_is_that_states(nlp: Language) -> None:
    # "People's Defence Forces" is listed once (HPG, TURREB); owned by a named state it is that state's group.
    assert (
        codes(nlp, "Myanmar's People's Defence Forces attacked a police post.")[
            "Myanmar's People's Defence Forces"
        ]
        == "MMRREB"
    )
    # A name with a word of its own keeps its entry whatever the possessor.
    got = codes(nlp, "Iran's Hezbollah fired rockets at a base.")
    assert "LBNREB" in got.values() and "IRNREB" not in got.values()


def test_a_groups_own_state_as_possessor_of_its_chief(nlp: Language) -> None:
    assert "PAKSPY" in codes(nlp, "Pakistan's ISI chief met the Afghan envoy.").values()
    assert "ISRSPY" in codes(nlp, "Israel's Mossad chief travelled to Cairo.").values()


@pytest.mark.parametrize(
    ("text", "date", "code"),
    [
        # A party noun does not decide the named party's standing: its dated roles do.
        ("The Likud party criticised the coalition.", "2022-03-01", "ISROPP"),
        ("The Likud party criticised the opposition.", "2023-03-01", "ISRPTY"),
        # Parties of Europe and Africa with dated standing (PTY in national government, OPP out of it).
        ("Poland's Civic Platform criticised the budget.", "2020-03-01", "POLOPP"),
        ("Poland's Civic Platform criticised the budget.", "2024-03-01", "POLPTY"),
        ("Ghana's New Patriotic Party criticised the budget.", "2026-03-01", "GHAOPP"),
        # The Rapid Support Forces: a state paramilitary until their war with the army in April 2023.
        ("The Rapid Support Forces guarded the palace.", "2021-03-01", "SDNMIL"),
        ("The RSF paramilitary shelled a market.", "2023-06-01", "SDNREB"),
    ],
)
def test_dated_standing_of_named_groups(nlp: Language, text: str, date: str, code: str) -> None:
    assert code in codes(nlp, text, date).values()
