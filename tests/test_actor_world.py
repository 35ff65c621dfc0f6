"""Actor rules for the world's news (issue 14): sub-national names, unknown office holders, groups,
opposition, IGOs and actors with no country. Sentences written for these tests, parsed by the model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.actor_regions import region_country, subdivisions


def codes(nlp: Language, text: str, date: str = "2024-03-01") -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date}
    doc = nlp(doc)
    return {a["text"]: a["code"] for a in doc._.actors}


# ---------------------------------------------------------------- sub-national names


@pytest.mark.parametrize(
    ("name", "country"),
    [("Donetsk", "UKR"), ("Lagos", "NGA"), ("Kharkiv", "UKR"), ("Ghazni", "AFG"), ("Lagos State", "NGA")],
)
def test_subnational_names_map_to_their_country(name, country):
    assert region_country(name) == country


def test_country_names_and_unknown_words_are_not_regions():
    assert region_country("France") is None
    assert region_country("Blorvania") is None
    assert "donetska" in {k.split()[0] for k in subdivisions()}  # ISO 3166-2, type word dropped


def test_context_picks_the_namesake_in_the_article_countries():
    # Two states named Punjab: the one in a country the article names.
    assert region_country("Punjab", {"PAK"}) == "PAK"
    assert region_country("Punjab", {"IND"}) == "IND"


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        ("The Lagos state government condemned the strike.", "Lagos state government", "NGAGOV"),
        ("Donetsk separatists shelled the town on Monday.", "Donetsk separatists", "UKRREB"),
        ("Kharkiv's governor accused Moscow of shelling the city.", "Kharkiv's governor", "UKRGOV"),
    ],
)
def test_subnational_modifier_gives_the_country(nlp, text, phrase, code):
    assert codes(nlp, text)[phrase] == code


def test_rebels_take_the_country_of_the_province_they_act_in(nlp):
    assert codes(nlp, "Rebels attacked a village in Tigray.")["Rebels"] == "ETHREB"
