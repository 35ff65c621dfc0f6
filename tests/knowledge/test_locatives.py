"""The shared locative prepositions and motion words (eventcoder.knowledge.locatives, issue 10)."""

from __future__ import annotations

import pytest

from eventcoder.knowledge.locatives import load_locatives


def test_one_list_for_places_and_actors() -> None:
    from eventcoder.components.actors import rules as actor_rules
    from eventcoder.components.places import syntax as place_syntax

    loc = load_locatives()
    assert actor_rules.LOCATIVE_PREPS is loc.locative_preps is place_syntax.LOCATIVE_PREPS
    assert loc.motion | loc.reach == place_syntax.MOTION_LEMMAS
    assert "off" in loc.locative_preps  # quoted in YAML, where a bare off is a boolean
    assert not loc.motion & loc.reach


@pytest.mark.parametrize(
    ("prep", "governor", "reach", "expected"),
    [
        ("in", "anything", False, True),  # "in Tokyo"
        ("to", "trip", False, True),  # "a trip to Hanoi"
        ("to", "visit", True, True),  # the place of a visit (eventcoder_places)
        ("to", "visit", False, False),  # the host of a visit, an actor (eventcoder_actors)
        ("from", "visit", False, True),  # "a visit from Beijing": an origin for both
        ("from", "report", False, True),  # "reporting from London"
        ("to", "report", False, False),  # "reported to Tokyo"
        ("with", "trip", True, False),  # "contacts with Taipei": never a place
    ],
)
def test_locates(prep: str, governor: str, reach: bool, expected: bool) -> None:
    assert load_locatives().locates(prep, governor, reach=reach) is expected


def test_facilities_are_installations_not_speakers() -> None:
    loc = load_locatives()
    assert {"base", "airbase", "prison"} <= loc.facilities
    assert not {"embassy", "consulate", "camp", "office"} & loc.facilities  # they speak or name a side
