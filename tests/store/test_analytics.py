"""Analytics, exports and charts over a small store with known events, on both back-ends."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl
import pyarrow.parquet as pq
import pytest

from eventcoder.errors import ConfigError
from eventcoder.knowledge.cameo import lookup
from eventcoder.store import SQLStore, analytics, open_store, plots
from eventcoder.store.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, export
from eventcoder.store.synthetic import coded, record

pytestmark = pytest.mark.issue(7)

# (article id, outlet, source, target, CAMEO, date, place country)
MENTIONS = [
    ("r1", "Reuters", "CHNGOV", "JPNGOV", "112", "2021-01-05", "CHN"),
    ("a1", "AP", "CHNGOV", "JPNGOV", "112", "2021-01-05", "CHN"),  # same event, another outlet
    ("r2", "Reuters", "JPNGOV", "CHNGOV", "040", "2021-01-20", None),
    ("r3", "Reuters", "USAGOV", "IRNGOV", "036", "2021-02-15", None),
    ("r4", "Reuters", "USAGOV", "CHNGOV", "190", "2021-03-02", None),
    ("r5", "AFP", "RUSMIL", "UKRMIL", "190", "2021-03-10", "UKR"),
]


@pytest.fixture
def store(store_url: str) -> Iterator[SQLStore]:
    items = [
        coded(
            aid,
            f"Story {aid} about {src} and {tgt} on {day}.",
            day,
            [record(aid, src, tgt, cameo, day, place=place)],
            source=outlet,
            url=f"https://example.org/{aid}",
        )
        for aid, outlet, src, tgt, cameo, day, place in MENTIONS
    ]
    with open_store(store_url) as db:
        db.write(items, "test")
        yield db


def cameos(frame: pl.DataFrame) -> list[str]:
    return frame["cameo"].to_list()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "CHN"}, ["112", "040", "190"]),
        ({"actor": "chngov"}, ["112", "040", "190"]),
        ({"dyad": ("CHN", "JPN")}, ["112", "040"]),
        ({"dyad": ("CHN", "JPN"), "directed": True}, ["112"]),
        ({"source": "USA"}, ["036", "190"]),
        ({"target": "CHN"}, ["040", "190"]),
        ({"country": "UKR"}, ["190"]),
        ({"cameo": "19"}, ["190", "190"]),
        ({"plover": "consult"}, ["040"]),
        ({"quad_class": 4}, ["190", "190"]),
        ({"since": "2021-01-20", "until": "2021-02-15"}, ["040", "036"]),
        ({"place": "kyiv"}, ["190"]),
        ({"place": "CHN"}, ["112"]),
    ],
)
def test_event_filters(store: SQLStore, filters: dict, expected: list[str]) -> None:
    assert cameos(analytics.events(store, **filters)) == expected


def test_events_are_deduplicated_and_mentions_are_not(store: SQLStore) -> None:
    frame = analytics.events(store, dyad=("CHN", "JPN"), directed=True)
    assert frame.select("n_mentions", "n_articles", "n_sources").rows() == [(2, 2, 2)]
    assert analytics.events(store, table="mentions", actor="CHN").height == 4
    assert analytics.events(store, limit=2).height == 2


def test_dyad_series_counts_goldstein_and_quads(store: SQLStore) -> None:
    series = analytics.dyad_series(store, "CHN", "JPN", freq="month")
    g112, g040 = lookup("112").goldstein, lookup("040").goldstein
    assert series.rows(named=True) == [
        {
            "period": date(2021, 1, 1),
            "events": 2,
            "mentions": 3,
            "goldstein_sum": g112 + g040,
            "goldstein_mean": (g112 + g040) / 2,
            "q1_verbal_coop": 1,
            "q2_material_coop": 0,
            "q3_verbal_conflict": 1,
            "q4_material_conflict": 0,
        }
    ]


def test_series_fill_empty_periods_with_zero(store: SQLStore) -> None:
    series = analytics.goldstein_series(store, actor="CHN", freq="month")
    assert series.select("period", "events", "mentions").rows() == [
        (date(2021, 1, 1), 2, 3),
        (date(2021, 2, 1), 0, 0),
        (date(2021, 3, 1), 1, 1),
    ]
    assert series["goldstein_mean"][1] is None
    weekly = analytics.goldstein_series(store, freq="week", since="2021-03-01")
    assert weekly.select("period", "events").rows() == [(date(2021, 3, 1), 1), (date(2021, 3, 8), 1)]


def test_network_weights_and_export(store: SQLStore, tmp_path: Path) -> None:
    graph = analytics.network(store, level="country")
    assert sorted((u, v, d["weight"]) for u, v, d in graph.edges(data=True)) == [
        ("CHN", "JPN", 1),
        ("JPN", "CHN", 1),
        ("RUS", "UKR", 1),
        ("USA", "CHN", 1),
        ("USA", "IRN", 1),
    ]
    assert graph.edges["CHN", "JPN"]["mentions"] == 2
    assert graph.nodes["USA"]["events"] == 2
    for suffix, read in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        analytics.write_graph(graph, tmp_path / f"g{suffix}")
        again = read(tmp_path / f"g{suffix}")
        assert again.number_of_edges() == 5
    with pytest.raises(ConfigError, match="E303"):
        analytics.write_graph(graph, tmp_path / "g.txt")


@pytest.mark.parametrize(
    "call",
    [
        lambda s: analytics.dyad_series(s, "A", "B", freq="fortnight"),
        lambda s: analytics.events(s, since="last year"),
        lambda s: analytics.events(s, quad_class=5),
        lambda s: analytics.events(s, table="articles"),
        lambda s: analytics.network(s, level="region"),
    ],
)
def test_bad_options_raise_config_errors(store: SQLStore, call) -> None:  # noqa: ANN001
    with pytest.raises(ConfigError, match=r"^\[E303\]"):
        call(store)


def test_export_native_formats(store: SQLStore, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    assert export(store, table="events", fmt="jsonl", stream=buffer) == 5
    rows = [json.loads(line) for line in buffer.getvalue().decode().splitlines()]
    assert [r["cameo"] for r in rows] == ["112", "040", "036", "190", "190"]
    assert rows[0]["date"] == "2021-01-05" and rows[0]["n_mentions"] == 2
    buffer = io.BytesIO()
    assert export(store, table="mentions", fmt="csv", stream=buffer) == 6
    lines = buffer.getvalue().decode().splitlines()
    assert lines[0].startswith('"article_hash","mention_id"') and len(lines) == 7
    assert export(store, table="events", fmt="parquet", output=tmp_path / "e.parquet") == 5
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 5


def test_export_gdelt_layout(store: SQLStore) -> None:
    buffer = io.BytesIO()
    assert export(store, table="events", fmt="csv", layout="gdelt", stream=buffer) == 5
    lines = buffer.getvalue().decode().splitlines()
    fields = lines[0].split("\t")
    assert len(lines) == 5 and len(fields) == len(GDELT_EVENT_COLUMNS) == 61
    row = dict(zip(GDELT_EVENT_COLUMNS, fields, strict=True))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["EventCode"], row["EventRootCode"]) == (
        "20210105",
        "202101",
        "2021",
        "112",
        "11",
    )
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("CHNGOV", "CHN", "GOV")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"], row["QuadClass"]) == (
        "2",
        "2",
        "2",
        "3",
    )
    assert (row["ActionGeo_FullName"], row["ActionGeo_CountryCode"], row["ActionGeo_Type"]) == (
        "Beijing",
        "CH",
        "4",
    )
    assert row["SOURCEURL"] == "https://example.org/r1" and int(row["GLOBALEVENTID"]) > 0
    buffer = io.BytesIO()
    assert export(store, table="mentions", fmt="jsonl", layout="gdelt", stream=buffer) == 6
    mentions = [json.loads(line) for line in buffer.getvalue().decode().splitlines()]
    assert list(mentions[0]) == GDELT_MENTION_COLUMNS
    assert {m["GLOBALEVENTID"] for m in mentions[:2]} == {int(row["GLOBALEVENTID"])}
    assert (mentions[0]["EventTimeDate"], mentions[0]["SentenceID"], mentions[0]["Confidence"]) == (
        20210105000000,
        1,
        90,
    )


def test_export_rejects_bad_options(store: SQLStore) -> None:
    with pytest.raises(ConfigError, match="E303"):
        export(store, fmt="xml")
    with pytest.raises(ConfigError, match="E303"):
        export(store, fmt="parquet")  # needs a file
    with pytest.raises(ConfigError, match="E303"):
        export(store, table="actors", layout="gdelt")


def test_charts_are_written(store: SQLStore, tmp_path: Path) -> None:
    series = analytics.goldstein_series(store, freq="month")
    png = plots.plot_series(series, tmp_path / "series.png", title="All events")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = plots.plot_series(series, tmp_path / "series.html", title="All events").read_text()
    assert page.count("<noscript><svg") == 1 and "<td>2021-03-01</td>" in page
    assert "<title>All events</title>" in page
    net = plots.plot_network(analytics.network(store), tmp_path / "net.svg", title="Actors")
    assert "<svg" in net.read_text()
    empty = plots.plot_series(series.clear(), tmp_path / "empty.png", title="Nothing")
    assert empty.stat().st_size > 0
    with pytest.raises(ConfigError, match="E303"):
        plots.plot_series(series, tmp_path / "chart.pdf", title="x")


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "filters",
    [
        {"actor": "%"},
        {"actor": "_"},
        {"source": "C_N"},
        {"cameo": "%"},
        {"cameo": "1_"},
        {"place": "%"},
        {"place": "_"},
        {"place": "\\"},
        {"dyad": ("%", "%")},
    ],
)
def test_issue12_like_wildcards_match_themselves(store: SQLStore, filters: dict) -> None:
    assert cameos(analytics.events(store, **filters)) == []


# --- issue 11: occurred events, date ranges, faithful layouts ---------------------------------------------

GDELT_EVENT_TYPES = {  # the GDELT 2.0 event codebook's column types
    **dict.fromkeys(["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass"], pl.Int64),
    **dict.fromkeys(["NumMentions", "NumSources", "NumArticles", "DATEADDED"], pl.Int64),
    **dict.fromkeys(["FractionDate", "GoldsteinScale", "AvgTone"], pl.Float64),
    **{f"{p}Geo_Type": pl.Int64 for p in ("Actor1", "Actor2", "Action")},
    **{f"{p}Geo_{f}": pl.Float64 for p in ("Actor1", "Actor2", "Action") for f in ("Lat", "Long")},
}
GDELT_MENTION_TYPES = {
    **dict.fromkeys(
        [
            "GLOBALEVENTID",
            "EventTimeDate",
            "MentionTimeDate",
            "MentionType",
            "SentenceID",
            "Actor1CharOffset",
        ],
        pl.Int64,
    ),
    **dict.fromkeys(
        ["Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen"], pl.Int64
    ),
    "MentionDocTone": pl.Float64,
}


@pytest.fixture
def layout_store(store_url: str) -> Iterator[SQLStore]:
    """An IGO actor, a country-level place, a lead and a deep event, a future and a negated one."""
    lead = "KYIV - The United Nations condemned Russia on Monday.\nLater paragraphs follow here. More text."
    un = record("u1", "IGOUNO", "RUS", "122", "2021-03-01", place="UKR", place_name="Ukraine")
    deep = record("u1", "RUSMIL", "UKR", "190", "2021-03-01", sentence_id=2, trigger_start=70, place="UKR")
    deep = deep.model_copy(update={"sentence_start": 54, "sentence_end": len(lead)})
    future = record("u2", "USAGOV", "CHNGOV", "040", "2021-03-05", modality="future")
    denied = record("u2", "CHNGOV", "USAGOV", "112", "2021-03-01", negated=True, trigger_start=40)
    items = [
        coded("u1", lead, "2021-03-01", [un, deep], source="AP", url="https://example.org/u1"),
        coded(
            "u2", "Talks and a denial, published 2021-03-01.", "2021-03-01", [future, denied], source="AFP"
        ),
    ]
    with open_store(store_url) as db:
        db.write(items, "test")
        yield db


@pytest.mark.issue(11)
def test_analytics_filter_on_modality_and_negation(layout_store: SQLStore) -> None:
    assert sorted(cameos(analytics.events(layout_store))) == ["122", "190"]  # occurred events only
    assert cameos(analytics.events(layout_store, modality="future")) == ["040"]
    assert cameos(analytics.events(layout_store, modality="asserted", negated=True)) == ["112"]
    assert len(analytics.events(layout_store, modality="any", negated="any")) == 4
    assert cameos(analytics.events(layout_store, table="mentions", modality="future")) == ["040"]
    assert analytics.goldstein_series(layout_store, freq="day")["events"].sum() == 2
    assert analytics.network(layout_store, modality="any", negated="any").number_of_edges() == 4
    assert analytics.events(layout_store, quad=4)["cameo"].to_list() == ["190"]  # the CLI's name works too
    with pytest.raises(ConfigError, match=r"\[E303\].*'maybe' for modality"):
        analytics.events(layout_store, modality="maybe")
    with pytest.raises(ConfigError, match=r"\[E303\].*'colour' for filter"):
        analytics.events(layout_store, colour="red")


@pytest.mark.issue(11)
def test_gdelt_export_reads_with_gdelt_column_types(layout_store: SQLStore, tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.csv"
    assert export(layout_store, layout="gdelt", output=out) == 2  # format from the extension; occurred only
    schema = {c: GDELT_EVENT_TYPES.get(c, pl.String) for c in GDELT_EVENT_COLUMNS}
    frame = pl.read_csv(out, separator="\t", has_header=False, new_columns=GDELT_EVENT_COLUMNS, schema=schema)
    rows = {r["EventCode"]: r for r in frame.iter_rows(named=True)}
    un, deep = rows["122"], rows["190"]
    assert (un["Actor1Code"], un["Actor1CountryCode"], un["Actor1KnownGroupCode"], un["Actor1Type1Code"]) == (
        "IGOUNO",
        None,
        "UNO",
        "IGO",
    )
    assert (un["IsRootEvent"], deep["IsRootEvent"]) == (1, 0)  # lead paragraph vs third sentence
    assert (un["ActionGeo_FullName"], un["ActionGeo_Type"], un["ActionGeo_FeatureID"]) == ("Ukraine", 1, "UP")
    assert deep["ActionGeo_Type"] == 4 and deep["ActionGeo_FeatureID"] not in (None, "")
    mentions = tmp_path / "mentions.gdelt.csv"
    export(layout_store, table="mentions", layout="gdelt", output=mentions)
    schema = {c: GDELT_MENTION_TYPES.get(c, pl.String) for c in GDELT_MENTION_COLUMNS}
    frame = pl.read_csv(
        mentions, separator="\t", has_header=False, new_columns=GDELT_MENTION_COLUMNS, schema=schema
    )
    assert (
        frame["MentionDocLen"].to_list()
        == [len(layout_store.execute("SELECT text FROM articles WHERE article_id = 'u1'")[0][0])] * 2
    )


@pytest.mark.issue(11)
def test_icews_and_plover_layouts(layout_store: SQLStore) -> None:
    buffer = io.BytesIO()
    assert export(layout_store, layout="icews", fmt="csv", stream=buffer) == 2
    frame = pl.read_csv(io.BytesIO(buffer.getvalue()), schema_overrides={"CAMEO Code": pl.String})
    assert frame.columns[:8] == [
        "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
        "CAMEO Code", "Intensity",
    ]  # fmt: skip
    deep = frame.filter(pl.col("CAMEO Code") == "190").row(0, named=True)
    assert (deep["Source Sectors"], deep["Source Country"], deep["Target Country"]) == (
        "Military",
        "Russia",
        "Ukraine",
    )
    assert (deep["Event Text"], deep["Sentence Number"], deep["Publisher"]) == (lookup("190").name, 3, "AP")
    buffer = io.BytesIO()
    assert export(layout_store, layout="plover", stream=buffer, modality="any", negated="any") == 4
    events = {e["cameo"]: e for e in map(json.loads, buffer.getvalue().decode().splitlines())}
    row = events["190"]
    # field names of the PLOVER manual's "JSON Data Fields" chapter
    assert list(row)[:16] == [
        "id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_loc",
        "event_text", "quad_code", "event_scale", "link", "text_info", "cite_info", "coder",
    ]  # fmt: skip
    assert (row["event"], row["source"][0]["code"], row["recipient"][0]["code"], row["date"]) == (
        ["ASSAULT"],
        "RUS",
        "UKR",
        "2021-03-01",
    )
    assert row["source"][0]["sector"] == "MIL" and row["source"][0]["actor_text"]
    assert row["text_info"]["sequence"] == 3 and row["cite_info"]["publication"] == "AP"
    assert row["event_scale"] == lookup("190").goldstein and row["quad_code"] == 4
    assert row["context"] is None and events["040"]["context"] == ["future"]
    assert events["112"]["context"] == ["negation"]
    with pytest.raises(ConfigError, match=r"\[E303\].*--layout plover"):
        export(layout_store, layout="plover", fmt="csv", stream=io.BytesIO())
    assert (events["040"]["modality"], events["112"]["negated"]) == ("future", True)


@pytest.mark.issue(11)
def test_export_format_follows_the_extension(layout_store: SQLStore, tmp_path: Path) -> None:
    assert export(layout_store, output=tmp_path / "events.parquet") == 4
    assert pq.read_table(tmp_path / "events.parquet").num_rows == 4  # native: every event, flagged
    assert set(pq.read_table(tmp_path / "events.parquet").column("modality").to_pylist()) == {
        "asserted",
        "future",
    }
    with pytest.raises(ConfigError, match=r"\[E303\] .*'jsonl' for --format for out.parquet"):
        export(layout_store, fmt="jsonl", output=tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.issue(11)
def test_interactive_html_series_lists_events_with_sentences(store: SQLStore, tmp_path: Path) -> None:
    series = analytics.dyad_series(store, "CHN", "JPN", freq="day")
    listed = analytics.event_sentences(store, dyad=("CHN", "JPN"))
    assert listed["sentence"].to_list()[0] == "CHNGOV 112 JPNGOV."  # the synthetic sentence
    caption = plots.store_caption(store, analytics.describe())
    assert "(6 articles); occurred events: asserted or reported, not negated" in caption
    assert "2021-01-05 to 2021-03-10" in caption
    page = plots.plot_series(
        series, tmp_path / "d.html", title="CHN-JPN", caption=caption, freq="day", events=listed
    )
    text = page.read_text(encoding="utf-8")
    data = page_data(text)
    bars = [r for r in data["spec"]["data"]["values"] if r["count"]]
    assert bars[0]["label"] == "2021-01-05" and bars[0]["quad"] == "verbal conflict"  # the accusation
    assert data["events"][0]["cameo"] == "112" and data["events"][0]["period_index"] == bars[0]["i"]
    assert data["events"][0]["sentence"] == "CHNGOV 112 JPNGOV."
    bar = data["spec"]["layer"][0]
    titles = {t["title"] for t in bar["encoding"]["tooltip"]}
    assert titles >= {"period", "events in the period", "mean Goldstein"}
    assert bar["params"][0]["select"] == {"type": "point", "fields": ["i"], "on": "click"}
    assert 'result.view.addEventListener("click"' in text  # a click lists the period's events
    assert "vegaEmbed" in text and "vega-lite" in text.lower()  # the vendored libraries, inlined
    assert "<script src=" not in text and "<link" not in text  # nothing fetched: the file works offline
    assert caption in text


def page_data(text: str) -> dict[str, Any]:
    """The JSON a plot page embeds (``const PAGE = {...};``)."""
    return json.loads(text.split("const PAGE = ", 1)[1].split(";\nconst ENTITIES", 1)[0])


@pytest.mark.issue(11)
def test_interactive_html_network_has_tooltips_size_legend_and_events(store: SQLStore, tmp_path: Path):
    graph = analytics.network(store, level="country")
    listed = analytics.event_sentences(store)
    page = plots.plot_network(graph, tmp_path / "n.html", title="net", caption="Source: test", events=listed)
    text = page.read_text(encoding="utf-8")
    data = page_data(text)
    edges, nodes, _ = (layer["data"]["values"] for layer in data["spec"]["layer"])
    assert {n["id"]: n["events"] for n in nodes} == {n: graph.nodes[n]["events"] for n in graph.nodes}
    assert {(e["source"], e["target"]): e["weight"] for e in edges} == {
        (u, v): d["weight"] for u, v, d in graph.edges(data=True) if u != v
    }
    node_layer = data["spec"]["layer"][1]
    assert node_layer["encoding"]["size"]["title"] == "events (node size)"  # the node-size legend
    assert node_layer["encoding"]["tooltip"][0] == {"field": "name", "title": "actor"}
    assert data["spec"]["layer"][0]["encoding"]["tooltip"][2] == {"field": "weight", "title": "events"}
    assert data["match"] == {"kind": "actor", "source": "source_country", "target": "target_country"}
    assert {"source_country", "target_country", "sentence"} <= set(data["events"][0])
    assert 'result.view.addEventListener("click"' in text and "<script src=" not in text


@pytest.mark.issue(11)
def test_one_day_bars_and_network_names(store: SQLStore, tmp_path: Path) -> None:
    one_day = analytics.dyad_series(store, "RUS", "UKR", freq="day")
    assert one_day.height == 1
    assert plots._bar_width(one_day["period"].to_list()) == 0.85  # one period is one day wide, not 20
    assert plots.FREQ_DAYS["day"] * 0.85 < 1
    graph = analytics.network(store, level="country")
    assert graph.nodes["UKR"]["name"] == "Ukraine" and graph.nodes["CHN"]["name"] == "China"
    assert plots._node_label("IGOUNO", "United Nations") == "United Nations\n(IGOUNO)"
    out = plots.plot_network(graph, tmp_path / "n.svg", title="network", caption="Source: test")
    assert "node size" in out.read_text(encoding="utf-8")


@pytest.mark.issue(11)
def test_series_legend_sits_above_the_bars(store: SQLStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    drawn = {}

    def keep(fig: Any, path: Path, *args: Any) -> Path:
        fig.canvas.draw()
        drawn["fig"] = fig
        return path

    monkeypatch.setattr(plots, "_save", keep)
    plots.plot_series(analytics.goldstein_series(store, freq="month"), tmp_path / "s.png", title="All")
    axes = drawn["fig"].axes[0]
    legend = axes.get_legend().get_window_extent()
    assert legend.y0 >= axes.get_window_extent().y1 - 1  # above the plotting area: never over a bar
