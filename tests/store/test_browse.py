"""Store look-ups behind the API (eventcoder.store.browse) on both back-ends, and span segmentation."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.store import open_store
from eventcoder.store.browse import (
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
