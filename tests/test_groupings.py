"""expand_groupings (#14): a group of named states (G7) acts as its members, one record per member state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.config import DEFAULTS, pipeline_config
from eventcoder.driver import _expanded, iter_results
from eventcoder.groupings import expand_record
from eventcoder.records import Actor, Article, EventRecord, Span, event_id

G7 = ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN"]
G8 = [*G7, "RUS"]


def actor(code: str, start: int, members: list[str] | None = None, sector: str | None = None) -> Actor:
    country = "IGO" if members else code[:3]
    return Actor(
        text=code,
        code=code,
        country=country,
        sector=sector,
        name=code,
        start=start,
        end=start + 2,
        members=members or [],
    )


def record(source: Actor | None, target: Actor | None) -> EventRecord:
    sc, tc = source.code if source else None, target.code if target else None
    return EventRecord(
        event_id=event_id("a", 0, 10, sc, tc, "111"),
        article_id="a",
        sentence_id=0,
        sentence="The group criticized its rival.",
        sentence_start=0,
        sentence_end=31,
        event_date="2024-05-01",
        source=source,
        target=target,
        cameo="111",
        cameo_root="11",
        goldstein=-2.0,
        quad_class=3,
        plover_type="ACCUSE",
        trigger=Span(text="criticized", start=10, end=20),
        confidence=0.9,
        warnings=["W999"],
    )


def test_a_grouping_source_becomes_one_record_per_member() -> None:
    g7 = actor("IGO", 0, G7)
    out = list(expand_record(record(g7, actor("RUS", 25))))
    assert [r.source.country for r in out if r.source] == G7
    assert all(r.target and r.target.code == "RUS" for r in out)
    first = out[0].source
    assert first is not None
    # the member's bare country code (no sector on the mention), the group named in via, the same evidence
    assert (first.code, first.via, first.members, first.text, first.start, first.end) == (
        "USA",
        "IGO",
        [],
        "IGO",
        0,
        2,
    )
    assert len({r.event_id for r in out}) == 7
    assert first.name == "United States"
    assert all(r.cameo == "111" and r.trigger.start == 10 and r.event_date == "2024-05-01" for r in out)
    out[0].warnings.append("W000")  # each record has its own list
    assert out[1].warnings == ["W999"]


def test_a_member_facing_itself_is_left_out_and_both_sides_expand() -> None:
    out = list(expand_record(record(actor("IGO", 0, G7), actor("USA", 25))))
    assert [r.source.country for r in out if r.source] == G7[1:]
    both = list(expand_record(record(actor("IGO", 0, G8), actor("IGO", 25, G7))))
    pairs = {(r.source.country, r.target.country) for r in both if r.source and r.target}
    assert len(both) == len(pairs) == 8 * 7 - 7  # every pair but the seven members facing themselves
    assert ("RUS", "USA") in pairs and ("USA", "USA") not in pairs


def test_the_mention_sector_is_kept_and_other_records_are_untouched() -> None:
    out = list(expand_record(record(actor("RUSGOV", 0), actor("IGOGOV", 25, G7, sector="GOV"))))
    assert [r.target.code for r in out if r.target][:2] == ["USAGOV", "CANGOV"]
    plain = record(actor("RUS", 0), actor("UKR", 25))
    assert list(expand_record(plain)) == [plain]
    one_sided = record(actor("IGO", 0, G7), None)
    assert [r.source.code for r in expand_record(one_sided) if r.source] == G7


def test_a_member_record_repeating_a_kept_one_is_dropped_and_quotes_follow() -> None:
    direct = record(actor("USA", 0), actor("RUS", 25))
    group = record(actor("IGO", 4, G7), actor("RUS", 25))
    out, quotes = _expanded([direct, group], {0: [group.event_id], 1: [direct.event_id]})
    assert [r.source.country for r in out if r.source] == G7  # USA -> RUS once: the direct record
    assert out[0] == direct
    assert quotes[1] == [direct.event_id]
    assert quotes[0] == [r.event_id for r in out[1:]]


def test_the_setting_reaches_the_events_component() -> None:
    assert pipeline_config(dict(DEFAULTS))["eventcoder_events"]["expand_groupings"] is False
    on = pipeline_config({**DEFAULTS, "expand_groupings": True})
    assert on["eventcoder_events"]["expand_groupings"] is True


@pytest.fixture
def expanding(nlp: Language) -> Iterator[Language]:
    pipe = nlp.get_pipe("eventcoder_events")
    pipe.expand_groupings = True  # type: ignore[attr-defined]
    try:
        yield nlp
    finally:
        pipe.expand_groupings = False  # type: ignore[attr-defined]


TEXT = "The G7 condemned Russia on Monday. Russia criticized the G7 on Tuesday."


def dyads(nlp: Language) -> list[tuple[str | None, str | None, str | None]]:
    (coded,) = iter_results([Article(id="g", text=TEXT, date="2024-05-01")], nlp)
    assert not hasattr(coded, "stage")
    return [
        (
            r.source.code if r.source else None,
            r.target.code if r.target else None,
            (r.source and r.source.via) or (r.target and r.target.via),
        )
        for r in coded.records  # type: ignore[union-attr]
    ]


def test_off_by_default_the_group_is_one_actor(nlp: Language) -> None:
    assert dyads(nlp) == [("IGO", "RUS", None), ("RUS", "IGO", None)]


def test_on_the_group_acts_as_its_members(expanding: Language) -> None:
    got = dyads(expanding)
    assert got == [*((m, "RUS", "G7") for m in G7), *(("RUS", m, "G7") for m in G7)]


def test_cli_option_codes_members(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "g", "date": "2024-05-01", "text": TEXT}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(src), "--expand-groupings"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["source"]["country"], r["target"]["country"]) for r in rows][:2] == [
        ("USA", "RUS"),
        ("CAN", "RUS"),
    ]
    assert len(rows) == 14 and rows[0]["source"]["via"] == "G7" and rows[0]["source"]["members"] == []


def test_flat_outputs_carry_via(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from eventcoder.io.output import flatten, write_parquet

    out = list(expand_record(record(actor("IGO", 0, G7), actor("RUS", 25))))
    assert flatten(out[0])["source_via"] == "IGO" and flatten(out[0])["target_via"] is None
    assert write_parquet(out, str(tmp_path / "a.parquet")) == 7
    assert pq.read_table(tmp_path / "a.parquet")["source_via"].to_pylist() == ["IGO"] * 7
