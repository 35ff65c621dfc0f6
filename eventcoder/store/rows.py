"""Row building for the store: column lists, the mention hot loop, dates and timestamps."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from eventcoder.records import EventRecord
from eventcoder.store import dedup

Columns = dict[str, list[Any]]


def to_date(value: str | None) -> date | None:
    """An ISO date (its first 10 characters), or None when missing or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def now_utc() -> datetime:
    """The current UTC time, naive (TIMESTAMP columns hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


TABLES = (
    "articles",
    "article_buckets",
    "sentences",
    "mentions",
    "events",
    "actors",
    "quotes",
    "failures",
    "runs",
    "schema_version",
)

MENTION_COLUMNS = (
    "article_hash",
    "mention_id",
    "article_id",
    "story_id",
    "run_id",
    "outlet",
    "url",
    "pub_date",
    "sentence_id",
    "sentence_start",
    "sentence_end",
    "event_date",
    "date_precision",
    "date_text",
    "date_start",
    "date_end",
    "source_text",
    "source_code",
    "source_country",
    "source_sector",
    "source_name",
    "source_start",
    "source_end",
    "target_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_name",
    "target_start",
    "target_end",
    "cameo",
    "cameo_root",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "negated",
    "modality",
    "place_name",
    "place_country",
    "place_lat",
    "place_lon",
    "place_text",
    "place_start",
    "place_end",
    "quote_speaker",
    "quote_text",
    "quote_start",
    "quote_end",
    "confidence",
    "warnings",
    "date_earliest",
    "date_latest",
    "source_members",
    "target_members",
    "_group",
)


def mention_row(
    r: EventRecord,
    article_hash: str,
    story: str,
    run_id: str | None,
    outlet: str | None,
    url: str | None,
    pub_date: date | None,
) -> tuple[Any, ...]:
    """One record as a tuple in MENTION_COLUMNS order (attribute access only: this is the hot loop)."""
    ev, src, tgt, loc, q, trig = r.date_evidence, r.source, r.target, r.location, r.quote, r.trigger
    day = r.event_date
    event_day = to_date(day) if day else None
    earliest, latest = dedup.date_range(event_day, r.date_precision, r.modality, pub_date)
    return (
        article_hash,
        r.event_id,
        r.article_id,
        story,
        run_id,
        outlet,
        url,
        pub_date,
        r.sentence_id,
        r.sentence_start,
        r.sentence_end,
        event_day,
        r.date_precision,
        ev.text if ev else None,
        ev.start if ev else None,
        ev.end if ev else None,
        *((src.text, src.code, src.country, src.sector, src.name, src.start, src.end) if src else _NO_ACTOR),
        *((tgt.text, tgt.code, tgt.country, tgt.sector, tgt.name, tgt.start, tgt.end) if tgt else _NO_ACTOR),
        r.cameo,
        r.cameo_root,
        r.goldstein,
        r.quad_class,
        r.plover_type,
        r.plover_mode,
        trig.text,
        trig.start,
        trig.end,
        r.negated,
        r.modality,
        *((loc.name, loc.country, loc.lat, loc.lon, loc.text, loc.start, loc.end) if loc else _NO_PLACE),
        *((q.speaker, q.text, q.start, q.end) if q else _NO_QUOTE),
        r.confidence,
        json.dumps(r.warnings) if r.warnings else None,
        earliest,
        latest,
        (src.members or None) if src else None,  # a group of named states (G7): its member states
        (tgt.members or None) if tgt else None,
        dedup.group_key(r),
    )


_NO_ACTOR = (None,) * 7
_NO_PLACE = (None,) * 7
_NO_QUOTE = (None,) * 4


EVENT_COLUMNS = (
    "event_key",
    "event_num",
    "group_key",
    "date",
    "last_date",
    "source_code",
    "source_country",
    "source_sector",
    "source_name",
    "target_code",
    "target_country",
    "target_sector",
    "target_name",
    "cameo",
    "cameo_root",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "place_name",
    "place_country",
    "place_lat",
    "place_lon",
    "first_mention_id",
    "first_article_hash",
    "source_url",
    "n_mentions",
    "n_articles",
    "n_sources",
    "n_stories",
    "date_added",
    "modality",
    "negated",
    "date_earliest",
    "date_latest",
    "date_precision",
    "source_members",
    "target_members",
)
# What a new event takes from its first mention: actors, CAMEO, PLOVER, place, members of groupings.
EVENT_COPY = (*EVENT_COLUMNS[5:23], "source_members", "target_members")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is assembled.

    A batch allocates hundreds of thousands of small acyclic containers (rows, tallies); every full
    collection would walk all of them and the batch's records again, which made writes ~25% slower.
    Reference counting still frees everything; the collector resumes (if it was on) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def shift(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


def timestamp(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return now_utc()
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
