"""Deduplication: near-duplicate articles (MinHash + LSH) and event clustering across mentions.

Two kinds of duplicates inflate event counts. The same story reaches the store many times (several outlets,
wire rewrites): articles whose word 3-shingle sets have a Jaccard similarity of at least
``NEAR_DUP_THRESHOLD`` are linked to the earlier article's story. And one real-world event is mentioned in
many articles: mentions with the same dyad, CAMEO code, place country and polarity whose earliest dates lie
within a window of each other are clustered into one event, as GDELT's events/mentions tables do.

Everything here is plain Python over values; the store persists the LSH buckets and events and calls these
functions once per batch, so no index is held in memory across batches.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from eventcoder.records import MODALITIES, EventRecord

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: candidate probability 0.5 at Jaccard ~0.5, 0.98 at 0.8
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MAX_WORDS = 2000  # the lead and body of an article; enough to tell a rewrite from another story
NEAR_DUP_THRESHOLD = 0.5
EVENT_WINDOW_DAYS = 1

_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
_rng = np.random.RandomState(20211)  # fixed seed: signatures and buckets are persisted, they must not change
# Permutations h(x) = a * x + b modulo 2^32 (a odd) of the 32-bit shingle hashes: in uint32, 5x faster than
# 64-bit multiply-shift, and the estimates stay unbiased (tests/test_dedup.py checks against exact Jaccard).
_PERM_A = _rng.randint(0, 1 << 31, size=NUM_PERM, dtype=np.uint64).astype(np.uint32) * np.uint32(
    2
) + np.uint32(1)
_PERM_B = _rng.randint(0, 1 << 32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
_BAND_SALT = _rng.randint(1, 1 << 63, size=BANDS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (np.unique is an order of magnitude slower here, numpy 2.x)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """Return the LSH bucket keys: ``BANDS`` signed 64-bit ints per signature row (band index included)."""
    rows = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    keys = np.broadcast_to(_BAND_SALT, (len(signatures), BANDS)).copy()
    for r in range(ROWS):
        keys = (keys ^ rows[:, :, r]) * _MIX
        keys ^= keys >> _SHIFT
    return keys.view(np.int64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (share of equal values)."""
    if (a == 0xFFFFFFFF).all() or (b == 0xFFFFFFFF).all():  # no words: like nothing
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


_P = np.uint64(0x100000001B3)  # FNV prime: odd, so invertible modulo 2^64
_P_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[ord(c) for c in "0123456789abcdefghijklmnopqrstuvwxyz_"]] = True
_WORD_BYTE[0x80:] = True  # bytes of non-ASCII UTF-8 characters count as letters
MAX_CHARS = 20_000


def _powers(base: np.uint64, n: int) -> np.ndarray:
    powers = np.full(n, base, dtype=np.uint64)
    powers[0] = 1
    return np.cumprod(powers, dtype=np.uint64)


def batch_shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return (shingle hashes, text index) for the word 3-shingles of many texts, unique per text.

    Vectorised over the whole batch: words are hashed as polynomials over their UTF-8 bytes, computed
    from prefix sums (the base is odd, so its powers are invertible modulo 2^64). Only the first
    ``MAX_CHARS`` characters of a text count. Rows are sorted by text index, then hash.
    """
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    parts = [t[:MAX_CHARS].lower().encode("utf-8") for t in texts]
    raw = np.frombuffer(b" ".join(parts) + b" ", dtype=np.uint8)
    owner = np.repeat(np.arange(len(parts)), [len(p) + 1 for p in parts])
    is_word = _WORD_BYTE[raw]
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    weighted = raw.astype(np.uint64) * _powers(_P, len(raw))
    prefix = np.concatenate(([np.uint64(0)], np.cumsum(weighted, dtype=np.uint64)))
    words = (prefix[ends] - prefix[starts]) * _powers(_P_INV, len(raw))[starts]
    words = (words ^ (words >> _SHIFT)) & _MASK32
    word_owner = owner[starts]
    same = (word_owner[:-2] == word_owner[2:]) if len(words) >= SHINGLE else np.zeros(0, dtype=bool)
    tri = (words[:-2] * np.uint64(0x9E3779B1) + words[1:-1] * np.uint64(0x85EBCA77) + words[2:]) & _MASK32
    tri, tri_owner = tri[same], word_owner[:-2][same]
    # Texts with fewer than three words shingle as their words.
    counts = np.bincount(word_owner, minlength=len(parts))
    short = counts[word_owner] < SHINGLE
    values = np.concatenate((tri, words[short]))
    owners = np.concatenate((tri_owner, word_owner[short]))
    keyed = _unique((owners.astype(np.uint64) << _SHIFT) | values)
    return keyed & _MASK32, (keyed >> _SHIFT).astype(np.int64)


def fingerprint(texts: Sequence[str], chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Return (signatures, bucket keys) of many article texts, rows in input order.

    A text without words gets an all-ones signature (similar to nothing) and no buckets to look up.
    """
    values, owners = batch_shingles(texts)
    values = values.astype(np.uint32)
    sigs = np.full((len(texts), NUM_PERM), 0xFFFFFFFF, dtype=np.uint32)
    for i in range(0, len(values), chunk):
        part, who = values[i : i + chunk], owners[i : i + chunk]
        hashed = np.multiply.outer(part, _PERM_A) + _PERM_B  # wraps modulo 2^32
        cuts = np.flatnonzero(np.diff(who, prepend=-1))
        rows = who[cuts]  # unique within a chunk; a text cut by a chunk edge is merged by the minimum
        sigs[rows] = np.minimum(sigs[rows], np.minimum.reduceat(hashed, cuts, axis=0))
    return sigs, band_keys(sigs)


# --- event clustering -------------------------------------------------------------------------------------


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def group_key(record: EventRecord) -> str:
    """Return what must be equal for two mentions to be one event: dyad, CAMEO code, place and polarity.

    An actor is keyed by its code, else its country, else its text. A place is keyed by its country (its
    name when the country is unknown): "Kyiv" in one article and "Ukraine" in another do not split one event
    (two cities of one country with the same dyad and code within the window are one event too). A negated
    mention ("did not attack") is keyed apart: it makes a negated event, never part of an occurred one.
    """

    def actor(side: str) -> str:
        value = getattr(record, side)
        if value is None:
            return ""
        return value.code or value.country or f"~{_norm(value.text)}"

    place = record.location
    place_key = (place.country or f"~{_norm(place.name)}") if place is not None else ""
    key = f"{actor('source')}|{actor('target')}|{record.cameo}|{place_key}"
    return f"{key}|not" if record.negated else key


MODALITY_RANK = {modality: rank for rank, modality in enumerate(MODALITIES)}  # asserted 0 ... hypothetical 4
OCCURRED = ("asserted", "reported")  # what counts, series and networks count by default
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_ANNOUNCED = ("intended", "future")  # not happened yet when published: never dated before publication


def date_range(
    day: date | None, precision: str | None, modality: str, pub_date: date | None
) -> tuple[date | None, date | None]:
    """The (earliest, latest) dates an event can have, from its date, precision, modality and publication.

    A week, month or year date covers the whole period ("next week": Monday to Sunday). An intended or
    future event is never before its announcement: "later this week" published on Wednesday is Wednesday
    to Sunday, not Monday to Sunday. Without an event date the publication date is used.
    """
    day = day or pub_date
    if day is None:
        return None, None
    if precision == "week":
        latest = date.fromordinal(day.toordinal() + 6)
    elif precision == "month":
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        latest = date.fromordinal(nxt.toordinal() - 1)
    elif precision == "year":
        latest = date(day.year, 12, 31)
    else:
        latest = day
    earliest = day
    if modality in _ANNOUNCED and pub_date is not None:
        earliest, latest = max(earliest, pub_date), max(latest, pub_date)
    return earliest, latest


def event_key(group: str, anchor: date) -> str:
    """Stable id of an event cluster: its group key and the date of its first mention."""
    return hashlib.sha1(f"{group}|{anchor.isoformat()}".encode()).hexdigest()[:16]


def event_number(key: str) -> int:
    """A positive 60-bit integer id for an event key (GDELT's GLOBALEVENTID is an integer)."""
    return int(key[:15], 16)


@dataclass
class EventIndex:
    """Anchors (first-mention dates) of the events of some groups, for nearest-anchor lookups."""

    window_days: int = EVENT_WINDOW_DAYS
    anchors: dict[str, list[int]] = field(default_factory=dict)  # group -> sorted day ordinals
    keys: dict[tuple[str, int], str] = field(default_factory=dict)

    def add(self, group: str, anchor: date, key: str | None = None) -> str:
        """Record an existing (with its key) or new event anchor; return its event key."""
        day = anchor.toordinal()
        found = self.keys.get((group, day))
        if found is None:
            bisect.insort(self.anchors.setdefault(group, []), day)
            found = self.keys[(group, day)] = key or event_key(group, anchor)
        return found

    def assign(self, group: str, day: date) -> tuple[str, bool]:
        """Return (event key, is_new) for a mention of ``group`` on ``day``.

        The mention joins the event whose anchor is nearest within the window (the earlier anchor on a
        tie); otherwise it starts a new event anchored on its own date.
        """
        anchors = self.anchors.get(group)
        if anchors:
            n = day.toordinal()
            i = bisect.bisect_left(anchors, n)
            best, gap = None, self.window_days + 1
            for j in (i - 1, i):
                if 0 <= j < len(anchors) and abs(anchors[j] - n) < gap:
                    best, gap = anchors[j], abs(anchors[j] - n)
            if best is not None:
                return self.keys[(group, best)], False
        return self.add(group, day), True


def cluster_dates(
    mentions: Sequence[tuple[str, date]],
    existing: Iterable[tuple[str, date] | tuple[str, date, str]],
    window_days: int = EVENT_WINDOW_DAYS,
) -> list[tuple[str, bool]]:
    """Assign each (group key, date) mention to an event, given the anchors of stored events.

    Mentions are taken in date order, so a batch clusters the same way whatever its internal order.
    Returns (event key, is_new) per mention, in the input order.
    """
    index = EventIndex(window_days)
    for stored in existing:  # (group, anchor) or (group, anchor, event key)
        index.add(*stored)
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i][1], mentions[i][0]))
    out: list[tuple[str, bool]] = [("", False)] * len(mentions)
    for i in order:
        out[i] = index.assign(*mentions[i])
    return out
