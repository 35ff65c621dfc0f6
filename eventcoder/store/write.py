"""Writing a batch of coded articles: near-duplicate stories, mentions, events clustered across articles.

One transaction per batch (``write_batch``, called by ``SQLStore.write``): all of a batch or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from eventcoder.records import CodedArticle, EventRecord, Failure
from eventcoder.store import dedup
from eventcoder.store.rows import (
    EVENT_COPY,
    MENTION_COLUMNS,
    Columns,
    gc_paused,
    mention_row,
    now_utc,
    timestamp,
    to_date,
)

if TYPE_CHECKING:
    from eventcoder.store.base import SQLStore

_FAILURE_UPSERT = (
    "(article_id, stage) DO UPDATE SET article_hash = excluded.article_hash, "
    "error_code = excluded.error_code, message = excluded.message, detail = excluded.detail, "
    "failed_at = excluded.failed_at, run_id = excluded.run_id"
)


@dataclass
class BatchResult:
    """What one committed batch added."""

    articles: int = 0
    mentions: int = 0
    new_events: int = 0
    failures: int = 0
    near_duplicates: int = 0
    skipped: int = 0


@dataclass
class _Pending:
    """A batch being assembled: one list per column, per table."""

    tables: dict[str, Columns] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        columns = self.tables.setdefault(table, {name: [] for name in row})
        for name, value in row.items():
            columns[name].append(value)

    def extend(self, table: str, columns: Columns) -> None:
        target = self.tables.setdefault(table, {name: [] for name in columns})
        for name, values in columns.items():
            target[name].extend(values)


@dataclass
class _Tally:
    """What a batch adds to one event: counts, latest date, its most certain and most precise mention."""

    last: date
    modality: int  # index of the mention with the most certain modality
    precise: int  # index of the mention with the most precise date
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)


def _modality_rank(value: str | None) -> int:
    return dedup.MODALITY_RANK.get(value or "", 9)


def _precision_rank(value: str | None) -> int:
    return dedup.PRECISION_RANK.get(value or "day", 9)


def write_batch(
    store: SQLStore,
    items: Sequence[CodedArticle | Failure],
    run_id: str | None = None,
    hashes: dict[str, str] | None = None,
) -> BatchResult:
    """Store coded articles and failures in ONE transaction: all of them or none.

    Articles whose content hash is already stored are skipped (idempotent). ``hashes`` maps the
    article id of a failure to its input hash (text and metadata), so the same failed input is skipped
    next time while a corrected one is retried. A failure replaces the earlier one of the same article
    id and stage.
    """
    hashes = hashes or {}
    result = BatchResult()
    coded = [item for item in items if isinstance(item, CodedArticle)]
    failures = [item for item in items if isinstance(item, Failure)]
    with gc_paused(), store.transaction():
        stored = store.known(list({c.article.content_hash for c in coded}))
        fresh: list[CodedArticle] = []
        seen: set[str] = set()
        for item in coded:
            key = item.article.content_hash
            if key in stored or key in seen:
                result.skipped += 1
                continue
            seen.add(key)
            fresh.append(item)
        pending = _Pending()
        stories = link_near_duplicates(store, fresh, pending, result)
        add_mentions(store, fresh, stories, run_id, pending, result)
        for failure in {(f.article_id, f.stage): f for f in failures}.values():
            pending.add(
                "failures",
                {
                    "article_id": failure.article_id,
                    "stage": failure.stage,
                    "article_hash": hashes.get(failure.article_id),
                    "error_code": failure.error_code,
                    "message": failure.message,
                    "detail": failure.detail,
                    "failed_at": timestamp(failure.failed_at),
                    "run_id": run_id,
                },
            )
        result.failures = len(failures)
        for table in ("articles", "article_buckets", "sentences", "quotes", "failures"):
            if table in pending.tables:
                conflict = {"articles": "DO NOTHING", "failures": _FAILURE_UPSERT}.get(table)
                store.insert(table, pending.tables[table], on_conflict=conflict)
        add_events(store, pending, result)
    return result


def link_near_duplicates(
    store: SQLStore, fresh: Sequence[CodedArticle], pending: _Pending, result: BatchResult
) -> dict[str, str]:
    """Fingerprint new articles, link near duplicates to earlier stories; return hash -> story id."""
    if not fresh:
        return {}
    sigs, buckets = dedup.fingerprint([c.article.text for c in fresh])
    hashes = [c.article.content_hash for c in fresh]
    has_words = sigs.min(axis=1) != 0xFFFFFFFF
    flat = buckets[has_words].ravel()
    # Candidates: stored articles sharing an LSH bucket, then earlier articles of this batch.
    candidates: dict[int, list[str]] = {}
    for bucket, article_hash in store.execute(
        "SELECT bucket, article_hash FROM article_buckets WHERE bucket = ANY(?)",
        [np.unique(flat).tolist()],
    ):
        candidates.setdefault(bucket, []).append(article_hash)
    known: dict[str, tuple[str, Any]] = {}
    stored = sorted({h for hs in candidates.values() for h in hs})
    if stored:
        for article_hash, story_id, signature in store.execute(
            "SELECT article_hash, story_id, minhash FROM articles WHERE article_hash = ANY(?)", [stored]
        ):
            known[article_hash] = (story_id, np.frombuffer(signature, dtype="<u4"))
    # Only articles with a bucket that is stored or repeated in this batch can be near duplicates.
    values, counts = np.unique(flat, return_counts=True)
    shared = np.concatenate((values[counts > 1], np.fromiter(candidates, dtype=np.int64)))
    maybe = has_words & np.isin(buckets, shared).any(axis=1)
    stories = list(hashes)
    duplicate_of: list[str | None] = [None] * len(fresh)
    similarity: list[float | None] = [None] * len(fresh)
    for k in np.flatnonzero(maybe).tolist():
        key = hashes[k]
        row_buckets = buckets[k].tolist()
        best, best_sim = None, 0.0
        for other in sorted({h for b in row_buckets for h in candidates.get(b, ())}):
            sim = dedup.similarity(sigs[k], known[other][1])
            if sim > best_sim:
                best, best_sim = other, sim
        if best is not None and best_sim >= store.near_dup_threshold:
            stories[k], duplicate_of[k], similarity[k] = known[best][0], best, round(best_sim, 4)
            result.near_duplicates += 1
        known[key] = (stories[k], sigs[k])
        for bucket in row_buckets:
            candidates.setdefault(bucket, []).append(key)
    rows = np.flatnonzero(has_words)
    pending.tables["article_buckets"] = {
        "bucket": buckets[rows].ravel().tolist(),
        "article_hash": [hashes[k] for k in rows.tolist() for _ in range(dedup.BANDS)],
    }
    now = now_utc()
    signatures = sigs.astype("<u4")
    pending.tables["articles"] = {
        "article_hash": hashes,
        "article_id": [c.article.id for c in fresh],
        "source": [c.article.source for c in fresh],
        "url": [c.article.url for c in fresh],
        "date": [to_date(c.article.date) for c in fresh],
        "title": [c.article.title for c in fresh],
        "text": [c.article.text for c in fresh],
        "story_id": stories,
        "duplicate_of": duplicate_of,
        "similarity": similarity,
        "minhash": [row.tobytes() for row in signatures],
        "n_mentions": [len(c.records) for c in fresh],
        "run_id": [None] * len(fresh),
        "ingested_at": [now] * len(fresh),
    }
    result.articles += len(fresh)
    return dict(zip(hashes, stories, strict=True))


def add_mentions(
    store: SQLStore,
    fresh: Sequence[CodedArticle],
    stories: dict[str, str],
    run_id: str | None,
    pending: _Pending,
    result: BatchResult,
) -> None:
    if "articles" in pending.tables:
        pending.tables["articles"]["run_id"] = [run_id] * len(pending.tables["articles"]["article_hash"])
    rows: list[tuple[Any, ...]] = []
    sentence_rows: list[tuple[Any, ...]] = []
    for coded in fresh:
        article = coded.article
        key = article.content_hash
        pub_date = to_date(article.date)
        sentences: dict[int, EventRecord] = {}
        seen: set[str] = set()
        for record in coded.records:
            if record.event_id in seen:
                continue
            seen.add(record.event_id)
            sentences.setdefault(record.sentence_id, record)
            rows.append(mention_row(record, key, stories[key], run_id, article.source, article.url, pub_date))
        sentence_rows.extend(
            (key, sentence_id, record.sentence_start, record.sentence_end, record.sentence)
            for sentence_id, record in sentences.items()
        )
        for quote in coded.quotes:
            speaker = quote.speaker
            pending.add(
                "quotes",
                {
                    "article_hash": key,
                    "start_char": quote.start,
                    "end_char": quote.end,
                    "article_id": article.id,
                    "kind": quote.kind,
                    "text": quote.text,
                    "speaker_text": speaker.text if speaker else None,
                    "speaker_name": speaker.name if speaker else None,
                    "speaker_code": speaker.code if speaker else None,
                    "speaker_start": speaker.start if speaker else None,
                    "speaker_end": speaker.end if speaker else None,
                    "event_ids": json.dumps(quote.event_ids),
                },
            )
    columns = zip(*rows, strict=True) if rows else ([] for _ in MENTION_COLUMNS)
    pending.tables["mentions"] = {
        name: list(values) for name, values in zip(MENTION_COLUMNS, columns, strict=True)
    }
    result.mentions = len(rows)
    if sentence_rows:
        names = ("article_hash", "sentence_id", "start_char", "end_char", "text")
        pending.tables["sentences"] = dict(
            zip(names, map(list, zip(*sentence_rows, strict=True)), strict=True)
        )


def add_events(store: SQLStore, pending: _Pending, result: BatchResult) -> None:
    """Cluster the batch's mentions into events, insert mentions and new events, refresh counts."""
    mentions = pending.tables.get("mentions")
    if not mentions or not mentions["mention_id"]:
        return
    n = len(mentions["mention_id"])
    groups = mentions.pop("_group")
    earliest, latest = mentions["date_earliest"], mentions["date_latest"]
    clusterable = [i for i in range(n) if earliest[i] is not None]
    days = {i: earliest[i] for i in clusterable}
    batch_groups = sorted({groups[i] for i in clusterable})
    existing: list[tuple[str, date, str]] = []
    if batch_groups:
        # Only stored events within the window of a mention of the same group can absorb it.
        pairs = sorted({(groups[i], days[i]) for i in clusterable})
        w = int(store.window_days)
        existing = [
            (row[0], row[1], row[2])
            for row in store.execute(
                "SELECT DISTINCT e.group_key, e.date, e.event_key FROM events AS e "
                "JOIN (SELECT unnest(CAST(? AS VARCHAR[])) AS g, unnest(CAST(? AS DATE[])) AS d) AS m "
                f"ON e.group_key = m.g AND e.date BETWEEN m.d - {w} AND m.d + {w}",
                [[p[0] for p in pairs], [p[1] for p in pairs]],
            )
        ]
    assigned = dedup.cluster_dates([(groups[i], days[i]) for i in clusterable], existing, store.window_days)
    event_keys: list[str | None] = [None] * n
    firsts: dict[str, int] = {}  # new event -> its first (anchor) mention
    tally: dict[str, _Tally] = {}
    art, outlet, story = mentions["article_hash"], mentions["outlet"], mentions["story_id"]
    modality, precision = mentions["modality"], mentions["date_precision"]
    for i, (key, is_new) in zip(clusterable, assigned, strict=True):
        event_keys[i] = key
        if is_new:
            firsts[key] = i
        t = tally.get(key)
        if t is None:
            t = tally[key] = _Tally(last=days[i], modality=i, precise=i)
        t.mentions += 1
        t.articles.add(art[i])
        if outlet[i] is not None:
            t.outlets.add(outlet[i])
        t.stories.add(story[i])
        t.last = max(t.last, days[i])
        if _modality_rank(modality[i]) < _modality_rank(modality[t.modality]):
            t.modality = i
        if _precision_rank(precision[i]) < _precision_rank(precision[t.precise]):
            t.precise = i
    mentions["event_key"] = event_keys
    store.insert("mentions", mentions, on_conflict=None)
    add_actors(store, mentions)
    if firsts:
        # Events born in this batch have all their mentions here: count them without SQL.
        keys = list(firsts)
        idx = list(firsts.values())
        stats = [tally[k] for k in keys]
        columns: Columns = {
            "event_key": keys,
            "event_num": [dedup.event_number(k) for k in keys],
            "group_key": [groups[i] for i in idx],
            "date": [days[i] for i in idx],
            "last_date": [t.last for t in stats],
        }
        for name in EVENT_COPY:
            values = mentions[name]
            columns[name] = [values[i] for i in idx]
        columns.update(
            {
                "first_mention_id": [mentions["mention_id"][i] for i in idx],
                "first_article_hash": [art[i] for i in idx],
                "source_url": [mentions["url"][i] for i in idx],
                "n_mentions": [t.mentions for t in stats],
                "n_articles": [len(t.articles) for t in stats],
                "n_sources": [len(t.outlets) for t in stats],
                "n_stories": [len(t.stories) for t in stats],
                "date_added": [now_utc()] * len(keys),
                "modality": [modality[t.modality] for t in stats],
                "negated": [mentions["negated"][i] for i in idx],
                "date_earliest": [earliest[t.precise] for t in stats],
                "date_latest": [latest[t.precise] for t in stats],
                "date_precision": [precision[t.precise] or "day" for t in stats],
            }
        )
        store.insert("events", columns, on_conflict=None)  # keys are new by construction
        result.new_events = len(keys)
    older = sorted(k for k in tally if k not in firsts)
    if older:  # events stored before: recount (distinct outlets and stories need their old mentions)
        store.execute(
            "UPDATE events SET n_mentions = s.n_mentions, n_articles = s.n_articles, "
            "n_sources = s.n_sources, n_stories = s.n_stories, last_date = s.last_date "
            "FROM (SELECT event_key, count(*) AS n_mentions, count(DISTINCT article_hash) AS n_articles, "
            "count(DISTINCT outlet) AS n_sources, count(DISTINCT story_id) AS n_stories, "
            "max(coalesce(date_earliest, event_date, pub_date)) AS last_date "
            "FROM mentions WHERE event_key = ANY(?) GROUP BY event_key) AS s "
            "WHERE events.event_key = s.event_key",
            [older],
        )
        refresh_modality_and_range(store, older)


def refresh_modality_and_range(store: SQLStore, keys: list[str]) -> None:
    """Set the modality (the most certain mention's) and date range (the most precise mention's)."""
    best: dict[str, tuple[tuple[int, int], str, tuple[int, Any, Any, str]]] = {}
    for key, modality, precision, earliest, latest in store.execute(
        "SELECT event_key, modality, date_precision, date_earliest, date_latest FROM mentions "
        "WHERE event_key = ANY(?) ORDER BY event_key, date_earliest, mention_id",
        [keys],
    ):
        m_rank, p_rank = _modality_rank(modality), _precision_rank(precision)
        old = best.get(key)
        mod = modality if old is None or m_rank < old[0][0] else old[1]
        rng = (p_rank, earliest, latest, precision or "day")
        if old is not None and old[2][0] <= p_rank:
            rng = old[2]
        best[key] = ((min(m_rank, old[0][0]) if old else m_rank, rng[0]), mod, rng)
    names = sorted(best)
    store.execute(
        "UPDATE events SET modality = s.modality, date_earliest = s.e, date_latest = s.l, "
        "date_precision = s.p FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS k, "
        "unnest(CAST(? AS VARCHAR[])) AS modality, unnest(CAST(? AS DATE[])) AS e, "
        "unnest(CAST(? AS DATE[])) AS l, unnest(CAST(? AS VARCHAR[])) AS p) AS s "
        "WHERE events.event_key = s.k",
        [
            names,
            [best[k][1] for k in names],
            [best[k][2][1] for k in names],
            [best[k][2][2] for k in names],
            [best[k][2][3] for k in names],
        ],
    )


def add_actors(store: SQLStore, mentions: Columns) -> None:
    """Upsert the actor catalogue: mentions, first and last date and member states per (code, name)."""
    days = mentions["date_earliest"]
    frame = pl.concat(
        [
            pl.DataFrame(
                {
                    "actor_code": mentions[f"{side}_code"],
                    "name": mentions[f"{side}_name"],
                    "country": mentions[f"{side}_country"],
                    "sector": mentions[f"{side}_sector"],
                    "members": mentions[f"{side}_members"],
                    "day": days,
                },
                schema={
                    "actor_code": pl.String,
                    "name": pl.String,
                    "country": pl.String,
                    "sector": pl.String,
                    "members": pl.List(pl.String),
                    "day": pl.Date,
                },
            )
            for side in ("source", "target")
        ]
    )
    totals = (
        frame.filter(pl.col("actor_code").is_not_null() & (pl.col("actor_code") != ""))
        .with_columns(pl.col("name").fill_null(""))
        .group_by("actor_code", "name")
        .agg(
            pl.col("country").first(),
            pl.col("sector").first(),
            pl.len().alias("n_mentions"),
            pl.col("day").min().alias("first_date"),
            pl.col("day").max().alias("last_date"),
            pl.col("members").drop_nulls().first(),
        )
        .sort("actor_code", "name")
    )
    if totals.height == 0:
        return
    store.insert(
        "actors",
        {name: totals[name].to_list() for name in totals.columns},
        on_conflict=(
            "(actor_code, name) DO UPDATE SET n_mentions = actors.n_mentions + excluded.n_mentions, "
            "first_date = least(actors.first_date, excluded.first_date), "
            "last_date = greatest(actors.last_date, excluded.last_date), "
            "members = coalesce(actors.members, excluded.members)"
        ),
    )


def fill_members(store: SQLStore) -> None:
    """Give the actors of a store written before schema 3 their member states (a G7 mention: USA, CAN, ...).

    The members come from the stored code, name and text of each IGO actor, as the actor component finds
    them (:func:`eventcoder.components.actors.lexicon.members_of`); events take their first mention's.
    """
    from eventcoder.components.actors.lexicon import members_of

    found: dict[tuple[str, str], list[str]] = {}
    for side in ("source", "target"):
        rows = store.execute(
            f"SELECT DISTINCT {side}_code, {side}_name, {side}_text FROM mentions "  # noqa: S608 - fixed names
            f"WHERE {side}_code LIKE 'IGO%' AND {side}_members IS NULL"
        )
        for code, name, text in rows:
            members = members_of(code, name, text)
            if not members:
                continue
            found.setdefault((code, name or ""), members)
            store.execute(
                f"UPDATE mentions SET {side}_members = ? WHERE {side}_code = ? "  # noqa: S608 - fixed names
                f"AND {side}_name IS NOT DISTINCT FROM ? AND {side}_text IS NOT DISTINCT FROM ?",
                [members, code, name, text],
            )
    if not found:
        return
    store.execute(
        "UPDATE events SET source_members = m.source_members, target_members = m.target_members "
        "FROM mentions AS m WHERE m.article_hash = events.first_article_hash "
        "AND m.mention_id = events.first_mention_id "
        "AND (m.source_members IS NOT NULL OR m.target_members IS NOT NULL)"
    )
    for (code, name), members in sorted(found.items()):
        store.execute(
            "UPDATE actors SET members = ? WHERE actor_code = ? AND name = ? AND members IS NULL",
            [members, code, name],
        )
