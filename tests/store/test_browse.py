"""Store look-ups behind the API (eventcoder.store.browse) on both back-ends, and span segmentation."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.store import open_store
from eventcoder.store.browse import (
    ORDERS,
    actors,
    article_detail,
    coded_spans,
    decode_cursor,
    encode_cursor,
    event_detail,
    events_page,
    segments,
    summary,
)
from eventcoder.store.synthetic import coded, corpus, record

pytestmark = pytest.mark.issue(17)


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as opened:
        opened.write(list(corpus(60, 4, seed=5)))
        opened.write(
            [
                coded(
                    "hand-1",
                    "Berlin accused Tehran on Monday.",
                    "2021-02-01",
                    [record("hand-1", "DEUGOV", "IRNGOV", "112", "2021-02-01", text="x")],
                    source="Test Wire",
                    quotes=1,
                )
            ]
        )
        yield opened


def test_pages_cover_the_filtered_events_in_order(store) -> None:
    for order in ("desc", "asc"):
        seen, cursor = [], None
        while True:
            page = events_page(store, limit=7, cursor=cursor, order=order, actor="USA")
            seen.extend((row["date"], row["event_num"]) for row in page.rows)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        expected = store.execute(
            "SELECT date, event_num FROM events WHERE source_code LIKE 'USA%' OR source_country = 'USA' "
            "OR target_code LIKE 'USA%' OR target_country = 'USA' ORDER BY date, event_num"
        )
        assert seen == (expected if order == "asc" else expected[::-1])
        assert len(expected) > 7


def test_cursor_round_trip_and_bad_input(store) -> None:
    from datetime import date

    assert decode_cursor(encode_cursor(date(2021, 2, 1), 123)) == (date(2021, 2, 1), 123)
    for bad in (
        "%%%",
        "bm90LWpzb24",
        encode_cursor(date(2021, 2, 1), -1),
        encode_cursor(date(2021, 2, 1), 2**64),
    ):
        with pytest.raises(ConfigError, match=r"\[E304\]"):
            decode_cursor(bad)
    with pytest.raises(ConfigError, match=r"\[E303\]"):
        events_page(store, order="up")


def test_event_and_article_detail(store) -> None:
    day = {"since": "2021-02-01", "until": "2021-02-01"}
    (row,) = events_page(store, source="DEUGOV", target="IRNGOV", cameo="112", **day).rows
    event = event_detail(store, row["event_num"])
    assert event is not None
    (mention,) = event["mentions"]
    assert (mention["source_code"], mention["cameo"], mention["article_id"]) == ("DEUGOV", "112", "hand-1")
    assert mention["article_title"] == "Berlin accused Tehran on Monday."
    assert event_detail(store, 1) is None
    by_id = article_detail(store, "hand-1")
    assert by_id is not None and article_detail(store, by_id["article_hash"]) == by_id
    assert [m["event_num"] for m in by_id["mentions"]] == [row["event_num"]]
    assert {s["kind"] for s in by_id["spans"]} == {"quote", "source", "target", "trigger"}
    assert by_id["quotes"][0]["event_ids"] == [mention["mention_id"]]
    assert article_detail(store, "missing") is None


def test_actors_and_summary(store) -> None:
    listed = actors(store, limit=500)
    counts = [a["n_mentions"] for a in listed]
    assert counts == sorted(counts, reverse=True)
    assert {a["actor_code"] for a in actors(store, q="deug")} == {"DEUGOV"}
    totals = summary(store)
    assert (totals["articles"], totals["events"]) == (61, store.count("events"))


def test_segments_split_overlapping_spans() -> None:
    text = 'He said "Berlin accused Tehran" today.'
    mentions = [
        {
            "mention_id": "m1",
            "source_code": "DEUGOV",
            "source_start": 9,
            "source_end": 15,
            "target_code": "IRNGOV",
            "target_start": 24,
            "target_end": 30,
            "trigger_start": 16,
            "trigger_end": 23,
            "cameo": "112",
            "date_start": 32,
            "date_end": 37,
            "event_date": "2021-02-01",
        },
        {"mention_id": "m2", "trigger_start": 16, "trigger_end": 23, "cameo": "112"},
    ]
    quotes = [{"start": 9, "end": 30, "kind": "direct", "speaker_name": None, "speaker_text": "He"}]
    spans = coded_spans(mentions, quotes)
    (trigger,) = [s for s in spans if s["kind"] == "trigger"]
    assert trigger["mention_ids"] == ["m1", "m2"]
    cut = segments(text, spans)
    assert "".join(s["text"] for s in cut) == text
    assert [(s["text"], s["kinds"]) for s in cut if s["kinds"]] == [
        ("Berlin", ["quote", "source"]),
        (" ", ["quote"]),
        ("accused", ["quote", "trigger"]),
        (" ", ["quote"]),
        ("Tehran", ["quote", "target"]),
        ("today", ["date"]),
    ]


# --- performance features: date-ordered stores, date windows, pooled readers -----------------------------

FILTER_SETS = [
    {},
    {"actor": "USA"},
    {"dyad": ("USA", "CHN")},
    {"plover": "ASSAULT"},
    {"country": "UKR", "since": "2021-01-01"},
    {"quad_class": 4, "until": "2020-06-30"},
    {"since": "0001-01-01", "until": "9999-12-31"},  # bounds beyond the stored dates
    {"since": "2031-01-01"},  # none
]


def walk(store, order: str, limit: int = 9, **filters) -> list[tuple]:
    """Every (date, event_num) the pages give, in page order."""
    keys, cursor = [], None
    for _ in range(1000):
        page = events_page(store, limit=limit, cursor=cursor, order=order, **filters)
        keys.extend((row["date"], row["event_num"]) for row in page.rows)
        if page.next_cursor is None:
            return keys
        cursor = page.next_cursor
    raise AssertionError("pages never ended")


def test_optimize_keeps_every_page_the_same(store, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.store import browse

    before = {
        (order, i): walk(store, order, **filters) for order in ORDERS for i, filters in enumerate(FILTER_SETS)
    }
    counts = store.execute("SELECT count(*), sum(n_mentions) FROM events")
    done = store.optimize()
    assert done == (store.dialect == "duckdb") == store.date_ordered()
    assert store.execute("SELECT count(*), sum(n_mentions) FROM events") == counts
    monkeypatch.setattr(browse, "WINDOW_DAYS", 1)  # many windows, widened several times per page
    for (order, i), keys in before.items():
        assert walk(store, order, **FILTER_SETS[i]) == keys, (order, FILTER_SETS[i])
        assert len(keys) == len(set(keys))
    assert any(len(keys) > 9 for keys in before.values())
    if done:
        dates = [row[0] for row in store.execute("SELECT date FROM events")]
        assert dates == sorted(dates)  # stored in date order


def test_date_ordered_reads_row_group_statistics() -> None:
    from datetime import date

    from eventcoder.store.duckdb import _date_ordered

    d = date.fromisoformat
    apart = [
        (0, {"min": d("2020-01-01"), "max": d("2020-06-30")}),
        (1, {"min": d("2020-07-01"), "max": d("2020-12-31")}),
    ]
    mixed = [
        (0, {"min": d("2020-01-01"), "max": d("2020-12-31")}),
        (1, {"min": d("2020-01-02"), "max": d("2020-12-30")}),
    ]
    assert _date_ordered(apart) and not _date_ordered(mixed)
    old_style = [
        (0, "[Min: 2020-01-01, Max: 2020-06-30][Has Null: false]"),
        (1, "[Min: 2020-07-01, Max: 2020-12-31]"),
    ]
    assert _date_ordered(old_style)
    assert not _date_ordered(apart[:1]) and not _date_ordered([(0, "no statistics"), (1, None)])


def test_pages_stay_stable_while_newer_events_arrive(store) -> None:
    """Keyset pages (newest first) neither repeat nor skip an event when newer events are ingested between
    two requests: the cursor holds the last (date, event_num), not an offset."""
    expected = walk(store, "desc", actor="USA")
    latest = expected[0][0]
    keys, cursor, added = [], None, 0
    while True:
        page = events_page(store, limit=5, cursor=cursor, order="desc", actor="USA")
        keys.extend((row["date"], row["event_num"]) for row in page.rows)
        day = latest.fromordinal(latest.toordinal() + 40 * (added + 1)).isoformat()  # apart: new events
        result = store.write(
            [
                coded(
                    f"late-{added}",
                    f"Washington accused Beijing, story {added}.",
                    day,
                    [record(f"late-{added}", "USAGOV", "CHNGOV", "112", day, text=f"late {added}")],
                )
            ]
        )
        added += 1
        assert result.new_events == 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert keys == expected
    assert len(walk(store, "desc", actor="USA")) == len(expected) + added


def test_readers_query_in_parallel_and_close_with_the_store(store_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from eventcoder.errors import StoreError

    with open_store(store_url) as writer:
        writer.write(list(corpus(40, 4, seed=9)))
    opened = open_store(store_url, read_only=store_url.endswith(".duckdb"))
    expected = {i: walk(opened, "desc", **f) for i, f in enumerate(FILTER_SETS)}

    def read(i: int) -> list[tuple]:
        with opened.reader() as handle:
            return walk(handle, "desc", **FILTER_SETS[i % len(FILTER_SETS)])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(48)))
    assert all(r == expected[i % len(FILTER_SETS)] for i, r in enumerate(results))
    if opened.dialect == "duckdb":
        assert 1 <= len(opened._readers) <= 8  # cursors are pooled and reused
    opened.close()
    with pytest.raises(StoreError, match=r"\[E204\]"), opened.reader() as handle:
        handle.execute("SELECT count(*) FROM events")


def test_readers_neither_wait_for_a_writer_nor_see_its_uncommitted_rows(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(str(tmp_path / "w.duckdb"))
    store.write(list(corpus(20, 3, seed=2)))
    before = store.count("events")

    def count() -> int:
        with store.reader() as handle:
            return handle.count("events")

    with ThreadPoolExecutor(1) as pool:
        with store.lock, store.transaction():  # what POST /articles holds while it writes
            store.write(list(corpus(5, 3, seed=99)))
            assert pool.submit(count).result(timeout=60) == before
        assert pool.submit(count).result(timeout=60) > before
    store.close()
