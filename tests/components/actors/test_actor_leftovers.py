"""Leftover actor bugs (issue 14): each test is one construction on sentences written for it, run through the
full pipeline on the default model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from support import actor_codes

pytestmark = pytest.mark.issue(14)


def actors(nlp: Language, text: str, date: str = "2023-12-06") -> dict[str, str | None]:
    return actor_codes(nlp, text, date)


def test_a_bare_journalist_is_not_the_earlier_outlets(nlp):
    found = actors(
        nlp, "The BBC reported the attack on Monday. The journalist said police fired tear gas at protesters."
    )
    assert found["BBC"] == "GBRMED"
    assert found["journalist"] is None
    found = actors(nlp, "Al Jazeera reported the strike on Monday. Reporters said the army shelled the town.")
    assert found["Reporters"] is None


def test_a_journalist_of_a_named_outlet_keeps_its_country(nlp):
    found = actors(nlp, "A Reuters journalist said the army shelled the town on Monday.")
    assert found["Reuters journalist"] == "GBRMED"


def test_an_outlet_and_its_reporter_do_not_make_the_articles_country(nlp):
    found = actors(
        nlp,
        "Russian President Vladimir Putin spoke on Monday. A Reuters journalist asked him about the war. "
        "The journalist was later detained by police.",
    )
    assert found["police"] is None or found["police"][:3] != "GBR"
