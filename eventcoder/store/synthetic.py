"""Synthetic coded articles for store tests and benchmarks (no model needed).

Built with ``model_construct`` (no validation), so a million records take seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from eventcoder.knowledge.cameo import lookup
from eventcoder.records import (
    Actor,
    Article,
    CodedArticle,
    EventRecord,
    Location,
    QuoteRecord,
    Span,
    Speaker,
    event_id,
)

COUNTRIES = (
    "USA",
    "CHN",
    "RUS",
    "UKR",
    "ISR",
    "PSE",
    "IRN",
    "IND",
    "PAK",
    "TWN",
    "JPN",
    "KOR",
    "PRK",
    "GBR",
    "FRA",
    "DEU",
    "TUR",
    "SYR",
    "IRQ",
    "AFG",
    "EGY",
    "SAU",
    "YEM",
    "SDN",
    "ETH",
    "NGA",
    "MLI",
    "BRA",
    "VEN",
    "COL",
    "MEX",
    "CUB",
)
SECTORS = ("GOV", "MIL", "LEG", "OPP", "REB", "MED", "BUS", "CVL")
CAMEO = (
    "010",
    "012",
    "020",
    "036",
    "040",
    "042",
    "043",
    "046",
    "051",
    "057",
    "061",
    "071",
    "111",
    "112",
    "120",
    "130",
    "138",
    "141",
    "145",
    "163",
    "172",
    "173",
    "180",
    "190",
    "193",
    "195",
)
OUTLETS = ("Reuters", "AP", "AFP", "BBC", "VOA", "Xinhua", "Al Jazeera", "Guardian")
PLACES = {
    "USA": ("Washington", 38.9, -77.04),
    "CHN": ("Beijing", 39.9, 116.4),
    "RUS": ("Moscow", 55.75, 37.6),
    "UKR": ("Kyiv", 50.45, 30.52),
    "ISR": ("Jerusalem", 31.77, 35.21),
}
_PROSE = (
    "the minister said talks would continue after officials met on the border while protesters gathered near "
    "parliament and troops moved toward the disputed region amid growing concern over sanctions trade "
    "security ceasefire elections aid refugees negotiations envoy statement"
)
_WORDS = _PROSE.split()


def actor(code: str, start: int = 0) -> Actor:
    """An actor whose text is its code (offsets into a synthetic text)."""
    return Actor.model_construct(
        text=code,
        code=code,
        country=code[:3],
        sector=code[3:] or None,
        name=None,
        start=start,
        end=start + len(code),
    )


def record(
    article_id: str,
    source: str | None,
    target: str | None,
    cameo: str,
    day: str | None,
    *,
    sentence_id: int = 0,
    trigger_start: int = 10,
    place: str | None = None,
    negated: bool = False,
    text: str | None = None,
    modality: str = "asserted",
    precision: str | None = None,
    place_name: str | None = None,
) -> EventRecord:
    """One synthetic EventRecord; codes and Goldstein come from the CAMEO table."""
    code = lookup(cameo)
    sentence = text or f"{source} {cameo} {target}."
    loc = None
    if place:
        name, lat, lon = PLACES.get(place, (place, None, None))
        name = place_name or name
        loc = Location.model_construct(
            name=name, country=place, lat=lat, lon=lon, text=name, start=None, end=None
        )
    return EventRecord.model_construct(
        event_id=event_id(article_id, sentence_id, trigger_start, source, target, cameo),
        article_id=article_id,
        sentence_id=sentence_id,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        event_date=day,
        date_precision=precision or ("day" if day else None),
        date_evidence=None,
        source=actor(source) if source else None,
        target=actor(target, 20) if target else None,
        cameo=cameo,
        cameo_root=code.root,
        goldstein=code.goldstein,
        quad_class=code.quad_class,
        plover_type=code.plover_type,
        plover_mode=code.plover_mode,
        trigger=Span.model_construct(text=cameo, start=trigger_start, end=trigger_start + 3),
        negated=negated,
        modality=modality,
        location=loc,
        quote=None,
        confidence=0.9,
        warnings=[],
    )


def coded(
    article_id: str,
    text: str,
    day: str | None,
    records: list[EventRecord],
    *,
    source: str | None = None,
    url: str | None = None,
    quotes: int = 0,
) -> CodedArticle:
    """A CodedArticle around ``records``, with ``quotes`` synthetic quotations."""
    article = Article.model_construct(
        id=article_id, text=text, title=text[:40], date=day, source=source, url=url
    )
    quote_records = [
        QuoteRecord.model_construct(
            article_id=article_id,
            kind="direct",
            text=text[:20],
            start=i,
            end=i + 20,
            speaker=Speaker.model_construct(text="minister", name=None, code=None, start=0, end=8),
            event_ids=[r.event_id for r in records[:1]],
        )
        for i in range(quotes)
    ]
    return CodedArticle.model_construct(article=article, records=records, quotes=quote_records, warnings=[])


def corpus(
    n_articles: int,
    mentions_per_article: int = 10,
    *,
    seed: int = 7,
    start: str = "2020-01-01",
    days: int = 1500,
    duplicate_rate: float = 0.2,
    rewrite_rate: float = 0.1,
    words: int = 200,
) -> Iterator[CodedArticle]:
    """Stream a synthetic corpus: random dyads over ``days`` days; ``duplicate_rate`` of the mentions
    re-report an earlier event (same dyad, code and place, up to a day apart, another outlet), and
    ``rewrite_rate`` of the articles are wire rewrites of an earlier one (one word in 20 changed)."""
    rng = random.Random(seed)
    first = date.fromisoformat(start)
    recent: list[tuple[str, str, str, date, str | None]] = []
    texts: list[list[str]] = []
    for n in range(n_articles):
        article_id = f"synthetic-{n}"
        if texts and rng.random() < rewrite_rate:
            tokens = list(rng.choice(texts))
            for i in rng.sample(range(len(tokens)), len(tokens) // 20):
                tokens[i] = rng.choice(_WORDS)
        else:
            tokens = rng.choices(_WORDS, k=words)
            texts.append(tokens)
            if len(texts) > 1000:
                texts.pop(rng.randrange(len(texts)))
        text = " ".join(tokens) + f" ({article_id})"
        pub = first + timedelta(days=rng.randrange(days))
        records = []
        for k in range(mentions_per_article):
            if recent and rng.random() < duplicate_rate:
                src, tgt, cameo, day, place = rng.choice(recent)
                day = day + timedelta(days=rng.choice((0, 0, 1)))
            else:
                src = rng.choice(COUNTRIES) + rng.choice(SECTORS)
                tgt = rng.choice(COUNTRIES) + rng.choice(SECTORS)
                cameo = rng.choice(CAMEO)
                day = pub - timedelta(days=rng.choice((0, 0, 1, 2)))
                place = src[:3] if rng.random() < 0.3 else None
                recent.append((src, tgt, cameo, day, place))
                if len(recent) > 5000:
                    recent.pop(rng.randrange(len(recent)))
            records.append(
                record(
                    article_id,
                    src,
                    tgt,
                    cameo,
                    day.isoformat(),
                    sentence_id=k,
                    trigger_start=k * 50,
                    place=place,
                )
            )
        yield coded(
            article_id,
            text,
            pub.isoformat(),
            records,
            source=rng.choice(OUTLETS),
            url=f"https://example.org/{n}",
        )
