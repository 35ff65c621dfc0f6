"""Member states of a group of named states (G7) through the store: tables, upgrade, exports, analytics."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from eventcoder.api import ApiSettings, create_app
from eventcoder.errors import StoreError
from eventcoder.records import Actor, CodedArticle, EventRecord
from eventcoder.store import SQLStore, analytics, open_store
from eventcoder.store.export import export
from eventcoder.store.synthetic import coded, record

pytestmark = pytest.mark.issue(14)

G7 = ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN"]
TEXT = "The G7 condemned Russia on Friday. France denounced Iran on Saturday."


def g7_record(article_id: str, day: str, cameo: str = "111") -> EventRecord:
    """'The G7 condemned Russia': the source names the G7 (code IGO) and carries its members."""
    event = record(article_id, "IGO", "RUSGOV", cameo, day)
    event.source = Actor(text="G7", code="IGO", country="IGO", name="G7", start=4, end=6, members=G7)
    return event


def articles() -> list[CodedArticle]:
    g7 = g7_record("a1", "2023-05-19")
    france = record("a1", "FRAGOV", "IRNGOV", "111", "2023-05-20", sentence_id=1, trigger_start=42)
    return [coded("a1", TEXT, "2023-05-20", [g7, france], source="AP", url="https://example.org/a1")]


@pytest.fixture
def store(store_url: str) -> Iterator[SQLStore]:
    with open_store(store_url) as db:
        db.write(articles(), "test")
        yield db


def test_members_are_stored_with_mentions_events_and_actors(store: SQLStore) -> None:
    rows = store.execute(
        "SELECT source_code, source_members, target_members FROM mentions ORDER BY source_code"
    )
    assert rows == [("FRAGOV", None, None), ("IGO", G7, None)]
    rows = store.execute(
        "SELECT source_code, source_members, target_members FROM events ORDER BY source_code"
    )
    assert rows == [("FRAGOV", None, None), ("IGO", G7, None)]
    assert store.execute("SELECT actor_code, name, members FROM actors WHERE members IS NOT NULL") == [
        ("IGO", "G7", G7)
    ]
    # a later mention of the same grouping adds to the catalogue row and keeps its members
    later = coded("a2", "The G7 condemned Russia again.", "2023-06-01", [g7_record("a2", "2023-06-01")])
    store.write([later])
    assert store.execute("SELECT n_mentions, members FROM actors WHERE actor_code = 'IGO'") == [(2, G7)]


def _as_schema_2(store: SQLStore) -> None:
    """Take the schema-3 columns away again, as a store written before them has none."""
    store.execute("DROP INDEX IF EXISTS events_num")  # DuckDB cannot drop columns of an indexed table
    for table, column in (
        ("mentions", "source_members"),
        ("mentions", "target_members"),
        ("events", "source_members"),
        ("events", "target_members"),
        ("actors", "members"),
    ):
        store.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    store.execute("DELETE FROM schema_version")
    store.execute("INSERT INTO schema_version VALUES (2, '2023-01-01 00:00:00')")


def test_a_schema_2_store_gains_the_members_from_its_stored_actors(store_url: str) -> None:
    """An older store opens, gains the columns, and its G7 mentions get their members from the stored text."""
    with open_store(store_url) as store:
        store.write(articles(), "old")
        _as_schema_2(store)
    if "://" not in store_url:
        with pytest.raises(StoreError, match=r"^\[E208\]"):
            open_store(store_url, read_only=True)
    with open_store(store_url) as store:
        assert store.execute("SELECT max(version) FROM schema_version") == [(3,)]
        assert store.execute("SELECT source_members FROM mentions WHERE source_code = 'IGO'") == [(G7,)]
        assert store.execute("SELECT source_members FROM events WHERE source_code = 'IGO'") == [(G7,)]
        assert store.execute("SELECT members FROM actors WHERE name = 'G7'") == [(G7,)]
        assert store.execute("SELECT count(*) FROM mentions WHERE source_members IS NOT NULL") == [(1,)]
        # ingesting the same article again stays idempotent; a new one is stored with its members
        assert store.write(articles()).skipped == 1
        later = coded("a2", "The G7 condemned Russia again.", "2023-05-20", [g7_record("a2", "2023-05-19")])
        assert store.write([later]).mentions == 1
        assert store.execute("SELECT n_mentions, source_members FROM events WHERE source_code = 'IGO'") == [
            (2, G7)
        ]
    with open_store(store_url, read_only=True) as store:  # upgraded once: read-only opens now work
        assert store.count("mentions") == 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_native_exports_keep_the_members(store: SQLStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    assert export(store, table="events", output=out) == 2
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        members = {r["source_code"]: r["source_members"] for r in rows}
        assert members == {"IGO": G7, "FRAGOV": None}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        members = {r["source_code"]: r["source_members"] for r in rows}
        assert members == {"IGO": json.dumps(G7), "FRAGOV": ""}
    else:
        table = pq.read_table(out)
        assert dict(
            zip(table["source_code"].to_pylist(), table["source_members"].to_pylist(), strict=True)
        ) == {
            "IGO": G7,
            "FRAGOV": None,
        }
    actors = tmp_path / f"actors.{fmt}"
    assert export(store, table="actors", output=actors) == 4  # G7, RUSGOV, FRAGOV, IRNGOV
    if fmt == "jsonl":
        rows = [json.loads(line) for line in actors.read_text().splitlines()]
        assert [r["members"] for r in rows if r["name"] == "G7"] == [G7]


def test_the_plover_layout_lists_the_members_of_a_grouping_actor(store: SQLStore) -> None:
    sink = io.BytesIO()
    export(store, layout="plover", stream=sink)
    rows = [json.loads(line) for line in sink.getvalue().decode().splitlines()]
    sources = {r["source"][0]["cameo_code"]: r["source"][0]["members"] for r in rows}
    assert sources == {"IGO": G7, "FRAGOV": None}


def test_a_grouping_counts_under_its_own_code_unless_members(store: SQLStore) -> None:
    def events(**filters: object) -> int:
        return int(analytics.dyad_series(store, "USA", "RUS", **filters)["events"].sum())

    assert events() == 0  # by default the G7's events are the G7's (code IGO), not its members'
    assert events(members=True) == 1
    assert events(members=True, directed=True) == 1
    assert int(analytics.dyad_series(store, "IGO", "RUS")["events"].sum()) == 1
    assert analytics.events(store, country="JPN").height == 0
    assert analytics.events(store, country="JPN", members=True)["source_code"].to_list() == ["IGO"]
    assert analytics.events(store, source="RUS", members=True).height == 0  # members are of the G7 only
    assert analytics.events(store, table="mentions", actor="CAN", members=True).height == 1
    assert analytics.events(store, actor="FRA", members=True)["source_code"].to_list() == ["IGO", "FRAGOV"]


def test_the_network_draws_a_grouping_from_each_member(store: SQLStore) -> None:
    plain = analytics.network(store, level="country")
    assert sorted(plain.edges) == [("FRA", "IRN"), ("IGO", "RUS")]
    expanded = analytics.network(store, level="country", members=True)
    assert sorted(expanded.edges) == sorted([*((m, "RUS") for m in G7), ("FRA", "IRN")])
    assert expanded.edges["USA", "RUS"]["weight"] == 1 and expanded.nodes["RUS"]["events"] == 7
    assert expanded.nodes["FRA"]["events"] == 2  # a member of the G7 and a source of its own
    assert sorted(analytics.network(store, level="country", members=True, min_events=2).edges) == []


def test_the_api_shows_members_and_filters_by_them(store_url: str) -> None:
    if "://" in store_url:
        pytest.skip("the API over PostgreSQL is tested in tests/api")
    with open_store(store_url) as store:
        store.write(articles(), "test")
    store = open_store(store_url, read_only=True)
    with TestClient(create_app(store, ApiSettings(max_page=100))) as client:
        events = client.get("/events").json()["events"]
        assert {e["source_code"]: e["source_members"] for e in events} == {"IGO": G7, "FRAGOV": None}
        detail = client.get(f"/events/{events[0]['event_num']}").json()
        assert [m["source_members"] for m in detail["mentions"]] == [events[0]["source_members"]]
        actors = client.get("/actors").json()["actors"]
        assert [a["members"] for a in actors if a["name"] == "G7"] == [G7]
        series = client.get("/dyads/USA/RUS", params={"freq": "year"}).json()["series"]
        assert sum(p["events"] for p in series) == 0
        series = client.get("/dyads/USA/RUS", params={"freq": "year", "members": "true"}).json()["series"]
        assert sum(p["events"] for p in series) == 1
        listed = client.get("/events", params={"country": "DEU", "members": "true"}).json()["events"]
        assert [e["source_code"] for e in listed] == ["IGO"]
        edges = client.get("/network", params={"members": "true"}).json()["edges"]
        assert ("USA", "RUS") in {(e["source"], e["target"]) for e in edges}
        # the dashboard: the filter box, the members beside the code, the dyad page's box
        page = client.get("/ui/", params={"country": "DEU", "members": "true"}).text
        assert 'name="members" value="true" checked' in page and "G7: USA, CAN, GBR" in page
        assert "G7: USA" not in client.get("/ui/", params={"country": "DEU"}).text
        article = client.get(f"/ui/articles/{events[0]['first_article_hash']}").text
        assert "<small>(USA, CAN, GBR, FRA, DEU, ITA, JPN)</small>" in article
        dyad = client.get("/ui/dyad", params={"a": "USA", "b": "RUS", "freq": "year", "members": "true"}).text
        assert 'name="members" value="true" checked' in dyad and '"events": 1' in dyad.replace("&#34;", '"')
    store.close()
