"""Look-ups for browsing a store: a page of events after a cursor, one event with its evidence, one article
with its coded spans, the actor catalogue. The REST API and the dashboard call these; SQL stays here.

A cursor is opaque to clients: the (date, event_num) of the last row of a page, base64url-encoded JSON.
Pages are keyset-paginated, so a page costs the same wherever it is in the result and never repeats or
skips a row when new events arrive.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventcoder.errors import ConfigError, Errors
from eventcoder.store.analytics import _filters
from eventcoder.store.base import SQLStore

ORDERS = ("desc", "asc")
WINDOW_DAYS = 32  # the first date window of a page search on a date-ordered store
SPAN_KINDS = ("quote", "source", "target", "trigger", "date", "place")
_ARTICLE_COLUMNS = (
    "article_hash, article_id, source, url, date, title, text, story_id, duplicate_of, similarity, "
    "n_mentions, ingested_at"
)


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last page)."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(day: date, event_num: int) -> str:
    """The cursor after a row with this anchor date and event id."""
    raw = json.dumps([day.isoformat(), event_num], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int]:
    """(date, event_num) from a cursor; raises ConfigError [E304] when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, num = json.loads(raw.decode("utf-8"))
        if type(num) is not int or not 0 <= num < 2**63:
            raise ValueError("bad id")
        return date.fromisoformat(day), num
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ConfigError(Errors.E304.format(value=cursor[:80])) from None


def events_page(
    store: SQLStore, *, limit: int = 50, cursor: str | None = None, order: str = "desc", **filters: Any
) -> Page:
    """A page of deduplicated events matching the filters (see :class:`eventcoder.store.analytics.Filters`).

    Args:
        limit: rows per page.
        cursor: ``next_cursor`` of the previous page, or None for the first page.
        order: "desc" (newest first) or "asc" (oldest first, as ``eventcoder events`` prints them).
    """
    if order not in ORDERS:
        raise ConfigError(Errors.E303.format(value=order, name="order", expected=", ".join(ORDERS)))
    where, params = _filters(**filters).where()
    day: date | None = None
    if cursor:
        day, num = decode_cursor(cursor)
        op = "<" if order == "desc" else ">"
        where += f" AND (date {op} ? OR (date = ? AND event_num {op} ?))"
        params.extend([day, day, num])
    direction = "DESC" if order == "desc" else "ASC"
    # Two steps: the ids of the page (a narrow top-N over the filter columns), then the page's full rows by
    # id (an index look-up). A top-N over every column reads all of them for every matching row: at 1M
    # events that is ten times slower.
    ordering = f"ORDER BY date {direction}, event_num {direction}"
    anchor = _anchor(order, day, filters.get("since"), filters.get("until"))
    keys = _page_keys(store, where, params, ordering, int(limit) + 1, order, anchor)
    more = len(keys) > limit
    keys = keys[:limit]
    if not keys:
        return Page([], None)
    nums = [num for num, _ in keys]
    marks = ", ".join("?" * len(nums))
    span, bounds = "", []
    if store.date_ordered():  # the page's date range: only its blocks are read
        span, bounds = "date BETWEEN ? AND ? AND ", [min(d for _, d in keys), max(d for _, d in keys)]
    rows = store.frame(
        f"SELECT * FROM events WHERE {span}event_num IN ({marks}) {ordering}",  # noqa: S608 - fixed text
        [*bounds, *nums],
    ).to_dicts()
    last = rows[-1]
    return Page(rows, encode_cursor(last["date"], last["event_num"]) if more else None)


def _anchor(order: str, cursor_day: date | None, since: Any, until: Any) -> date | None:
    """Where a page starts in time: the cursor's date or the filter's bound, whichever is nearer the end."""
    bound = until if order == "desc" else since
    days = [d for d in (cursor_day, date.fromisoformat(str(bound)) if bound else None) if d is not None]
    if not days:
        return None
    return min(days) if order == "desc" else max(days)


def _page_keys(
    store: SQLStore,
    where: str,
    params: list[Any],
    ordering: str,
    n: int,
    order: str,
    anchor: date | None,
) -> list[tuple[int, date]]:
    """The (event_num, date) of the first ``n`` events in page order.

    On a date-ordered store (:meth:`SQLStore.date_ordered`) the search starts with the ``WINDOW_DAYS`` after
    the anchor (before it, newest first) and widens (to the width that would hold ``n`` rows at the density
    seen, at least fourfold) until ``n`` rows are found or the window holds every date: rows outside a
    window all come after the rows in it, so the result is the same, and each try reads only the blocks of
    its window."""

    def ids(condition: str, extra: list[Any]) -> list[tuple[int, date]]:
        sql = f"SELECT event_num, date FROM events WHERE {condition} {ordering} LIMIT ?"  # noqa: S608
        return [(row[0], row[1]) for row in store.execute(sql, [*params, *extra, n])]

    if store.date_ordered():
        ((first, last),) = store.execute("SELECT min(date), max(date) FROM events")
        if first is None:
            return []
        days = WINDOW_DAYS
        start = min(anchor or last, last) if order == "desc" else max(anchor or first, first)
        for _ in range(32):  # ends sooner: the window grows at least fourfold up to all the dates
            if order == "desc":
                edge = start - timedelta(days=days)
                if edge <= first:
                    break
                found = ids(f"{where} AND date >= ?", [edge])
            else:
                edge = start + timedelta(days=days)
                if edge >= last:
                    break
                found = ids(f"{where} AND date <= ?", [edge])
            if len(found) >= n:
                return found
            # wide enough for n rows at the density seen so far (x1.5), at least 4 times wider, and never
            # wider than all the dates (the next window then holds them all)
            days = min(max(4 * days, int(days * 1.5 * n / max(len(found), 0.5))), (last - first).days + 1)
    return ids(where, [])


def event_detail(store: SQLStore, event_num: int) -> dict[str, Any] | None:
    """One event by its integer id, with every mention (evidence offsets) and the articles they come from."""
    frame = store.frame("SELECT * FROM events WHERE event_num = ?", [event_num])
    if frame.height == 0:
        return None
    event = frame.to_dicts()[0]
    mentions = store.frame(
        "SELECT m.*, a.title AS article_title, a.date AS article_date FROM mentions AS m "
        "JOIN articles AS a ON a.article_hash = m.article_hash "
        "WHERE m.event_key = ? ORDER BY m.pub_date, m.article_hash, m.mention_id",
        [event["event_key"]],
    ).to_dicts()
    event["mentions"] = [_mention(m) for m in mentions]
    return event


def article_detail(store: SQLStore, article: str) -> dict[str, Any] | None:
    """One article by content hash (or by its id when no hash matches) with its mentions, quotes and spans.

    Mentions carry ``event_num`` (None for negated or undated mentions, which are not clustered).
    """
    frame = store.frame(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_hash = ?", [article])  # noqa: S608
    if frame.height == 0:
        frame = store.frame(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_id = ? "  # noqa: S608
            "ORDER BY ingested_at LIMIT 1",
            [article],
        )
    if frame.height == 0:
        return None
    row = frame.to_dicts()[0]
    key = row["article_hash"]
    mentions = store.frame(
        "SELECT m.*, e.event_num FROM mentions AS m LEFT JOIN events AS e ON e.event_key = m.event_key "
        "WHERE m.article_hash = ? ORDER BY m.sentence_id, m.trigger_start, m.mention_id",
        [key],
    ).to_dicts()
    quotes = store.frame(
        'SELECT start_char AS start, end_char AS "end", kind, text, speaker_text, speaker_name, '
        "speaker_code, speaker_start, speaker_end, event_ids FROM quotes WHERE article_hash = ? "
        "ORDER BY start_char",
        [key],
    ).to_dicts()
    for quote in quotes:
        quote["event_ids"] = json.loads(quote["event_ids"] or "[]")
    row["mentions"] = [_mention(m) for m in mentions]
    row["quotes"] = quotes
    row["spans"] = coded_spans(row["mentions"], quotes)
    return row


def actors(store: SQLStore, *, q: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The actor catalogue, most mentioned first; ``q`` keeps codes starting with it or names with it."""
    where, params = "TRUE", []
    if q:
        where = "(actor_code LIKE ? OR lower(name) LIKE ?)"
        params = [q.upper() + "%", f"%{q.lower()}%"]
    return store.frame(
        f"SELECT actor_code, name, country, sector, n_mentions, first_date, last_date, members FROM actors "  # noqa: S608
        f"WHERE {where} ORDER BY n_mentions DESC, actor_code, name LIMIT ?",
        [*params, int(limit)],
    ).to_dicts()


def summary(store: SQLStore) -> dict[str, Any]:
    """Row counts and the date range of the events: what /health and the dashboard header show."""
    ((n_events, first, last),) = store.execute("SELECT count(*), min(date), max(date) FROM events")
    return {
        "events": int(n_events),
        "articles": store.count("articles"),
        "mentions": store.count("mentions"),
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
    }


def _mention(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("_group", None)
    warnings = row.get("warnings")
    row["warnings"] = json.loads(warnings) if isinstance(warnings, str) and warnings else []
    return row


def coded_spans(
    mentions: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Evidence spans of flat mention rows and quotes, sorted by start: what to highlight in the text.

    Each span is ``{"start", "end", "kind", "label", "mention_ids"}`` with kind in :data:`SPAN_KINDS`
    (character offsets, half-open); a span shared by several mentions appears once.
    """
    spans: dict[tuple[int, int, str], dict[str, Any]] = {}

    def add(start: Any, end: Any, kind: str, label: str, mention_id: str | None) -> None:
        if start is None or end is None or end <= start:
            return
        span = spans.setdefault(
            (int(start), int(end), kind),
            {"start": int(start), "end": int(end), "kind": kind, "label": label, "mention_ids": []},
        )
        if mention_id and mention_id not in span["mention_ids"]:
            span["mention_ids"].append(mention_id)

    for quote in quotes:
        speaker = quote.get("speaker_name") or quote.get("speaker_text") or "unknown speaker"
        add(quote["start"], quote["end"], "quote", f"{quote['kind']} quote: {speaker}", None)
    for m in mentions:
        mid = m.get("mention_id")
        for side in ("source", "target"):
            code = m.get(f"{side}_code") or "?"
            add(m.get(f"{side}_start"), m.get(f"{side}_end"), side, f"{side} {code}", mid)
        add(m.get("trigger_start"), m.get("trigger_end"), "trigger", f"CAMEO {m.get('cameo')}", mid)
        add(m.get("date_start"), m.get("date_end"), "date", f"date {m.get('event_date') or ''}".strip(), mid)
        add(
            m.get("place_start"),
            m.get("place_end"),
            "place",
            f"place {m.get('place_name') or ''}".strip(),
            mid,
        )
    return sorted(spans.values(), key=lambda s: (s["start"], -s["end"], SPAN_KINDS.index(s["kind"])))


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut a text at every span boundary: ``[{"text", "kinds", "labels", "mention_ids"}]`` in order.

    Overlapping spans (a source inside a quote) give segments with several kinds, so a page can highlight
    them without nesting markup.
    """
    cuts = {0, len(text)}
    for span in spans:
        cuts.update((max(0, min(span["start"], len(text))), max(0, min(span["end"], len(text)))))
    bounds = sorted(cuts)
    out: list[dict[str, Any]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start == end:
            continue
        covering = [s for s in spans if s["start"] <= start and s["end"] >= end]
        out.append(
            {
                "text": text[start:end],
                "start": start,
                "kinds": sorted({s["kind"] for s in covering}, key=SPAN_KINDS.index),
                "labels": [s["label"] for s in covering],
                "mention_ids": sorted({m for s in covering for m in s["mention_ids"]}),
            }
        )
    return out
