"""Places: gazetteer and ambiguity rule, locating vs acting mentions, event locations, dateline fallback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.extensions import register_extensions
from eventcoder.components.places.component import PlaceTagger
from eventcoder.knowledge.gazetteer import gazetteer, normalise, resolve_place

GOLD = Path(__file__).parents[2] / "data" / "wire_dates_places.jsonl"  # hand-annotated wire paragraphs
GoldRunner = Callable[[Language, dict[str, Any]], Doc]


def test_normalise() -> None:
    assert normalise("the U.S.") == "us"
    assert normalise("Côte d\u2019Ivoire") == "côte d'ivoire"


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Hanoi", "VNM", "city"),
        ("Vietnam", "VNM", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Taipei", "TWN", "city"),
        ("Gaza Strip", "PSE", "region"),
        ("Georgia", "GEO", "country"),  # a country beats the US state and any city
        ("Moscow", "RUS", "city"),  # population: Russia's capital, not Moscow, Idaho
        ("South Korea", "KOR", "country"),
    ],
)
def test_resolve_place(name: str, country: str, kind: str) -> None:
    place = resolve_place(name)
    assert place is not None and (place.country, place.kind) == (country, kind)


def country_of(name: str, context: set[str], local: set[str] | None = None) -> str | None:
    place = resolve_place(name, context, local or set())
    return place.country if place else None


def test_ambiguity_prefers_a_country_in_context_then_population() -> None:
    assert {"IND", "PAK"} <= {p.country for p in gazetteer().candidates("Hyderabad")}
    assert country_of("Hyderabad", set()) == "IND"  # population
    assert country_of("Hyderabad", {"PAK"}) == "PAK"  # the country in context
    # ... unless a namesake is over five times larger: Geneva, Illinois loses to Geneva in a US story.
    assert country_of("Geneva", {"USA"}) == "CHE"
    assert country_of("Tripoli", {"LBN"}) == "LBY"
    # A country named beside the place always wins: "the Lebanese city of Tripoli".
    assert country_of("Tripoli", set(), {"LBN"}) == "LBN"


def test_country_place_has_capital_coordinates() -> None:
    vietnam, hanoi = resolve_place("Vietnam"), resolve_place("Hanoi")
    assert vietnam is not None and hanoi is not None
    assert (vietnam.lat, vietnam.lon) == (hanoi.lat, hanoi.lon)


def test_unknown_place() -> None:
    assert resolve_place("Xyzzyville") is None


def build(words: list[str], heads: list[int], deps: list[str], pos: list[str], ents: list[str]) -> Doc:
    register_extensions()
    nlp = spacy.blank("en")
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        ents=ents,
        sent_starts=[i == 0 for i in range(len(words))],
    )
    doc._.meta = {"article_id": "t", "date": "2021-08-25"}
    return doc


def test_in_tokyo_locates_the_event() -> None:
    # "Officials met in Tokyo ."
    doc = build(
        ["Officials", "met", "in", "Tokyo", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["NOUN", "VERB", "ADP", "PROPN", "PUNCT"],
        ["O", "O", "O", "B-GPE", "O"],
    )
    doc._.events = [{"sentence_id": 0, "trigger_token": 1, "cameo": "040"}]
    doc = PlaceTagger("places")(doc)
    assert [(p["text"], p["name"], p["country"], p["start"]) for p in doc._.places] == [
        ("Tokyo", "Tokyo", "JPN", 17)
    ]
    assert doc._.events[0]["location"]["name"] == "Tokyo"


def test_tokyo_linked_is_an_actor_not_a_place() -> None:
    # "Tokyo linked security with Taipei ."  (metonymy: both name governments)
    doc = build(
        ["Tokyo", "linked", "security", "with", "Taipei", "."],
        [1, 1, 1, 1, 3, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["B-GPE", "O", "O", "O", "B-GPE", "O"],
    )
    doc._.events = [{"sentence_id": 0, "trigger_token": 1, "cameo": "010"}]
    doc = PlaceTagger("places")(doc)
    assert doc._.places == []
    assert doc._.events[0]["location"] is None


def test_trip_to_hanoi() -> None:
    # "During a trip to Hanoi , Harris criticised Beijing ."
    words = ["During", "a", "trip", "to", "Hanoi", ",", "Harris", "criticised", "Beijing", "."]
    heads = [7, 2, 0, 2, 3, 7, 7, 7, 7, 7]
    deps = ["prep", "det", "pobj", "prep", "pobj", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "VERB", "PROPN", "PUNCT"]
    ents = ["O", "O", "O", "O", "B-GPE", "O", "B-PERSON", "O", "B-GPE", "O"]
    doc = build(words, heads, deps, pos, ents)
    doc._.events = [{"sentence_id": 0, "trigger_token": 7, "cameo": "111"}]
    doc = PlaceTagger("places")(doc)
    assert [p["name"] for p in doc._.places] == ["Hanoi"]
    loc = doc._.events[0]["location"]
    assert (loc["name"], loc["country"], round(loc["lat"], 1), round(loc["lon"], 1)) == (
        "Hanoi",
        "VNM",
        21.0,
        105.8,
    )


def test_dateline_is_the_fallback_place() -> None:
    doc = build(
        ["Officials", "met", "."],
        [1, 1, 1],
        ["nsubj", "ROOT", "punct"],
        ["NOUN", "VERB", "PUNCT"],
        ["O", "O", "O"],
    )
    taipei = {
        "text": "TAIPEI",
        "start": 0,
        "end": 6,
        "sentence_id": 0,
        "name": "Taipei",
        "country": "TWN",
        "lat": 25.05,
        "lon": 121.53,
    }
    doc._.dateline = {"text": "TAIPEI (AFP) -", "start": 0, "end": 14, "place": taipei, "source": "AFP"}
    doc._.events = [{"sentence_id": 0, "trigger_token": 1, "cameo": "040"}]
    doc = PlaceTagger("places")(doc)
    assert doc._.events[0]["location"] == taipei
    doc._.events = [{"sentence_id": 0, "trigger_token": 1, "cameo": "040"}]
    doc = PlaceTagger("places", use_dateline=False)(doc)
    assert doc._.events[0]["location"] is None


def test_place_accuracy_on_wire_paragraphs(nlp: Language, run_gold_paragraph: GoldRunner) -> None:
    """Gold: a place name (matched through the gazetteer) and/or a country; None where the text names none."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    right = total = 0
    for row in rows:
        doc = run_gold_paragraph(nlp, row)
        for gold, event in zip(row["events"], doc._.events, strict=True):
            total += 1
            loc = event["location"]
            if gold["country"] is None:
                right += loc is None
                continue
            named = gold["place"] is None or (
                loc is not None
                and (
                    normalise(loc["name"]) == normalise(gold["place"])
                    or getattr(resolve_place(gold["place"]), "name", None) == loc["name"]
                )
            )
            right += loc is not None and loc["country"] == gold["country"] and named
    # Measured 87/98 (dev 43/48, held-out 27/28 and 17/22; 26/28 and 17/22 blind): README "Places".
    assert right / total >= 0.85, f"place accuracy {right}/{total}"


def test_an_event_noun_keeps_its_place_through_the_article(
    nlp: Language, run_gold_paragraph: GoldRunner
) -> None:
    row = {
        "id": "t",
        "date": "2004-12-14",
        "text": "The peace talks, which are taking place in Abuja, stalled on Monday. "
        "Rebel leaders said they were quitting the talks.",
        "events": [{"trigger": "quitting", "nth": 0}, {"trigger": "said", "nth": 0}],
    }
    quitting, said = run_gold_paragraph(nlp, row)._.events
    assert (quitting["location"]["name"], quitting["location"]["country"]) == ("Abuja", "NGA")
    assert said["location"] is None


@pytest.mark.issue(11)
def test_a_place_under_force_is_the_events_place_not_the_datelines(nlp):
    """ "KYIV (Reuters) - Russian forces shelled the Ukrainian city of Kharkiv": the shelling (and the
    killing it brought) happened in Kharkiv; the dateline stays out of the actor spans."""
    doc = nlp.make_doc(
        "KYIV (Reuters) - Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing three "
        "Ukrainian soldiers, officials said."
    )
    doc._.meta = {"date": "2024-03-04"}
    doc = nlp(doc)
    places = {doc[e["trigger_token"]].lower_: (e["location"] or {}).get("name") for e in doc._.events}
    assert places.get("shelled") == "Kharkiv"
    assert places.get("killing") == "Kharkiv"
    assert all("KYIV" not in a["text"] and "Reuters" not in a["text"] for a in doc._.actors)
    assert "Russian forces" in {a["text"] for a in doc._.actors}


@pytest.mark.issue(11)
def test_the_dateline_still_places_events_the_text_does_not_place(nlp):
    doc = nlp.make_doc("KYIV (Reuters) - Ukraine's foreign minister criticized Russia on Monday.")
    doc._.meta = {"date": "2024-03-04"}
    doc = nlp(doc)
    assert doc._.events and all((e["location"] or {}).get("name") == "Kyiv" for e in doc._.events)
