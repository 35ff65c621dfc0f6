"""Sub-national names for the actor coder: provinces, states, regions and cities map to their country.

"the Lagos state government" -> NGAGOV, "Donetsk separatists" -> UKRREB, "Kharkiv's governor" -> UKRGOV.
Names come from packages, never hand lists: ISO 3166-2 subdivisions (pycountry, accents folded, with and
without their type word: "Donetska oblast", "Ghazni") and the place gazetteer of eventcoder_places
(GeoNames cities of 15,000+ people and ``data/places/regions.csv``), so actors and places read one table.
A name is only looked up where the parser already sees a place (a GPE/LOC entity): common words and
person names that are also towns ("Mobile", "Marion") stay out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from functools import lru_cache

from eventcoder.knowledge.gazetteer import gazetteer, normalise

# Type words of ISO 3166-2 names, dropped to give the name news uses ("Lagos State" -> "Lagos").
TYPE_WORDS = frozenset(
    {
        "oblast",
        "province",
        "region",
        "state",
        "governorate",
        "prefecture",
        "county",
        "district",
        "department",
        "territory",
        "krai",
        "kray",
        "okrug",
        "respublika",
        "republic",
        "municipality",
        "division",
        "sheng",  # China's provinces ("Guangdong Sheng")
        "shi",  # and municipalities ("Chongqing Shi")
    }
)


def fold(text: str) -> str:
    """Lookup key without accents ("Ghaznī" -> "ghazni"), by the places component's normalisation."""
    decomposed = unicodedata.normalize("NFKD", text)
    return normalise("".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=1)
def subdivisions() -> dict[str, frozenset[str]]:
    """ISO 3166-2 subdivision names (folded, with and without the type word) -> ISO 3166 alpha-3 codes."""
    import pycountry

    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        key = fold(sub.name)
        keys = {key}
        words = key.split()
        if len(words) > 1 and words[-1] in TYPE_WORDS:
            keys.add(" ".join(words[:-1]))
        kind = fold(sub.type).split()[-1:]
        if kind and kind[0] in TYPE_WORDS and words[-1:] != kind:
            keys.add(f"{key} {kind[0]}")  # "Lagos" (a State) -> also "Lagos State"
        for k in keys:
            if len(k) >= 4:
                out.setdefault(k, set()).add(country.alpha_3)
    return {k: frozenset(v) for k, v in out.items()}


def region_country(name: str, context: Collection[str] = ()) -> str | None:
    """The country of a sub-national place name, or None when unknown or ambiguous.

    ``context``: countries the article names; a name found in several countries takes the one among them
    (the place gazetteer's ambiguity rule), else the gazetteer's choice, else a subdivision unique to one
    country.
    """
    key = fold(name)
    if not key:
        return None
    found = gazetteer().candidates(key)
    if any(p.kind == "country" for p in found):
        return None  # a country name is the lexicon's
    subs = subdivisions().get(key, frozenset())
    countries = {p.country for p in found if p.country} | set(subs)
    if not countries:
        return None
    local = countries & set(context)
    if len(local) == 1:
        return next(iter(local))
    if found:
        place = gazetteer().resolve(key, context)
        if place is not None and place.country:
            return place.country
    return next(iter(subs)) if len(subs) == 1 else None
