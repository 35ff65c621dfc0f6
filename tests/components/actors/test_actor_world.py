"""Actor rules for the world's news (issue 14): sub-national names, unknown office holders, groups,
opposition, IGOs and actors with no country. Sentences written for these tests, parsed by the model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from support import actor_codes

from eventcoder.components.actors.regions import region_country, subdivisions


def codes(nlp: Language, text: str, date: str = "2024-03-01") -> dict[str, str | None]:
    return actor_codes(nlp, text, date)


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


# ---------------------------------------------------------------- unknown titled people, sides out of power


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        # A nationality word, an of-phrase or a possessive gives the country; the title the sector.
        (
            "Malian Defence Minister Sadio Kamaru met the Russian ambassador.",
            "Malian Defence Minister Sadio Kamaru",
            "MLIMIL",
        ),
        ("Army chief Tomas Varga of Hungary warned Slovakia.", "Army chief Tomas Varga", "HUNMIL"),
        # The opposition is not the government; a side out of power wins over the role held in it.
        (
            "Tanzanian opposition figure Amani Lugoe accused the ruling party.",
            "Tanzanian opposition figure Amani Lugoe",
            "TZAOPP",
        ),
        (
            "Opposition lawmaker Jan Novak criticised the Czech government.",
            "Opposition lawmaker Jan Novak",
            "CZEOPP",
        ),
        # With no country of its own, a side out of power is of the state it faces in its sentence.
        (
            "Opposition leader Ousmane Sarr accused the Senegalese government of fraud.",
            "Opposition leader Ousmane Sarr",
            "SENOPP",
        ),
        (
            "Rebel commander Yusuf Bakari threatened the Congolese army.",
            "Rebel commander Yusuf Bakari",
            "CODREB",
        ),
        ("Jihadists killed 20 Malian soldiers near the border.", "Jihadists", "MLIREB"),
    ],
)
def test_unknown_people_and_sides_out_of_power(nlp, text, phrase, code):
    assert codes(nlp, text)[phrase] == code


def test_a_side_facing_two_states_gets_no_country(nlp):
    found = codes(nlp, "Rebels attacked Malian and Nigerien troops.")
    assert found["Rebels"] is None


def test_titled_name_the_parser_missed_codes_its_later_surname(nlp):
    found = codes(nlp, "Turkish presidential adviser Mesut Casin condemned Israel. Casin said it was wrong.")
    assert found["Turkish presidential adviser Mesut Casin"] == "TURGOV"
    assert found["Casin"] == "TURGOV"


def test_civilians_take_the_one_country_of_their_sentence(nlp):
    assert codes(nlp, "Kenyan police fired on civilians in the capital.")["civilians"] == "KENCVL"
    assert codes(nlp, "Russian troops and American officials evacuated civilians.").get("civilians") is None


# ---------------------------------------------------------------- groups, owners, international bodies


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        ("The junta in Niger expelled the French ambassador.", "junta", "NERGOV"),
        ("Security forces in Iran arrested dozens of protesters.", "Security forces", "IRNCOP"),
        ("Security forces in Iran arrested dozens of protesters.", "protesters", "IRNOPP"),
        ("Militants in Nigeria kidnapped 30 students.", "Militants", "NGAREB"),
        ("The opposition coalition in Zimbabwe accused the president.", "opposition coalition", "ZWEOPP"),
    ],
)
def test_groups_take_their_country_from_the_text(nlp, text, phrase, code):
    assert codes(nlp, text)[phrase] == code


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        ("A spokesman for the Ghanaian police said the suspects were arrested.", "spokesman", "GHACOP"),
        ("A spokesman for the Kenyan army denied the report.", "spokesman", "KENMIL"),
    ],
)
def test_a_generic_title_speaks_for_the_body_of_its_for_phrase(nlp, text, phrase, code):
    assert codes(nlp, text)[phrase] == code


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        ("UN peacekeepers", "IGOUNO"),
        ("The EU foreign policy chief", "IGOEUREEC"),
        ("African Union troops", "IGOAFRAFU"),
        ("The UN Security Council", "IGOUNO"),
        ("A UN agency", "IGOUNO"),  # not named: the organisation
    ],
)
def test_bodies_with_no_code_of_their_own_code_as_the_organisation(nlp, subject, code):
    found = codes(nlp, f"{subject} criticised Hungary.")
    assert found[subject.removeprefix("The ").removeprefix("A ")] == code
    assert found["Hungary"] == "HUN"


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        # an agency with its own code takes it, named, abbreviated or described (igo_agencies.yaml)
        ("The UN refugee agency", "IGOUNOREFHCR"),
        ("The U.N.'s refugee agency", "IGOUNOREFHCR"),
        ("The UNHCR", "IGOUNOREFHCR"),
        ("The UN's nuclear watchdog", "IGOUNOIAE"),
        ("The UN children's agency", "IGOUNOKID"),
        ("The United Nations food agency", "IGOUNOWFP"),
        ("The EU's executive arm", "IGOEUREEC"),
        ("The Western military alliance", "IGOWSTNAT"),
        ("The Organization of the Petroleum Exporting Countries", "IGOBUSOPC"),
        ("The Economic Community of West African States", "IGOWAFWAS"),
        ("The International Monetary Fund", "IGOUNOFIN"),
    ],
)
def test_an_agency_takes_its_own_code_whether_named_or_described(nlp, subject, code):
    found = codes(nlp, f"{subject} criticised Hungary.")
    assert found[subject.removeprefix("The ")] == code
    assert found["Hungary"] == "HUN"


def test_groups_of_named_states_are_igo_with_their_members(nlp):
    doc = nlp("Group of Eight leaders criticised Hungary. Leaders of the Group of Seven criticised Serbia.")
    found = {a["text"]: (a["code"], a["members"]) for a in doc._.actors}
    assert found["Group of Eight leaders"] == (
        "IGO",
        ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN", "RUS"],
    )
    assert found["Leaders"] == ("IGO", ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN"])  # the of-phrase's


def test_an_event_noun_after_an_igo_is_no_actor(nlp):
    assert "NATO summit" not in codes(nlp, "A NATO summit criticised Hungary.")


# ---------------------------------------------------------------- actors with no country: the setting

UNKNOWN = "Blorvak Tessaline accused the Kenyan government of fraud."  # a name in no dictionary, no country


def test_an_actor_with_no_country_keeps_its_text_and_a_null_code(nlp):
    doc = nlp(UNKNOWN)
    actor = next(a for a in doc._.actors if a["text"] == "Blorvak Tessaline")
    assert (actor["code"], actor["country"]) == (None, None)
    assert not doc._.events  # default unknown_actors = "drop": no event with it


def test_flag_keeps_events_with_an_uncoded_actor_and_warns():
    from eventcoder.config import DEFAULTS, pipeline_config
    from eventcoder.pipeline import build_nlp

    flagged = build_nlp(config=pipeline_config(dict(DEFAULTS, unknown_actors="flag")))
    doc = flagged(UNKNOWN)
    assert doc._.events, "the event is kept"
    event = doc._.events[0]
    assert doc._.actors[event["source"]]["code"] is None
    assert doc._.actors[event["target"]]["code"] == "KENGOV"
    assert any(w.startswith("[W106]") and "Blorvak Tessaline" in w for w in event["warnings"])
    # Unresolved pronouns stay out even then.
    assert not flagged("It accused the Kenyan government of fraud.")._.events


def test_unknown_actors_setting_is_validated():
    from eventcoder.config import DEFAULTS, pipeline_config
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown_actors"):
        pipeline_config(dict(DEFAULTS, unknown_actors="keep"))


def test_cli_flag_for_unknown_actors(tmp_path):
    import json

    from typer.testing import CliRunner

    from eventcoder.cli import app

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": UNKNOWN, "date": "2024-03-01"}) + "\n", encoding="utf-8")
    dropped = CliRunner().invoke(app, ["code", str(path)])
    flagged = CliRunner().invoke(app, ["code", str(path), "--unknown-actors", "flag"])
    assert dropped.exit_code == flagged.exit_code == 0
    assert not dropped.stdout.strip()
    record = json.loads(flagged.stdout.splitlines()[0])
    assert record["source"]["text"] == "Blorvak Tessaline" and record["source"]["code"] is None
    assert record["warnings"]
    bad = CliRunner().invoke(app, ["code", str(path), "--unknown-actors", "maybe"])
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        (
            "Kenya summoned the Ugandan envoy. The country's top diplomat accused Uganda of lying.",
            "top diplomat",
            "KENGOV",
        ),
        ("Ghana protested to Togo. The nation's army chief said Togo had lied.", "army chief", "GHAMIL"),
    ],
)
def test_the_countrys_title_is_the_subject_country(nlp, text, phrase, code):
    assert codes(nlp, text)[phrase] == code
