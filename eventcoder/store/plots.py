"""Charts people read: a dyad timeline, a Goldstein series, an actor network (PNG, SVG or HTML).

PNG and SVG are drawn by matplotlib. HTML pages are interactive and self-contained: the chart is a Vega-Lite
spec with its data inline, drawn by the Vega, Vega-Lite and Vega-Embed builds vendored in
``eventcoder/api/static/vendor/`` and inlined into the page (nothing is fetched, the file works offline).
Hovering a bar, node or edge shows its counts; clicking it lists its events with their sentences. The
matplotlib SVG is kept in ``<noscript>`` and a table of the same data follows the chart.
"""

from __future__ import annotations

import html
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
import networkx as nx  # noqa: E402
import polars as pl  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from eventcoder.errors import ConfigError, Errors  # noqa: E402
from eventcoder.io.atomic import atomic_path  # noqa: E402
from eventcoder.store.rows import to_date  # noqa: E402

SUFFIXES = (".png", ".svg", ".html")
QUAD_STYLE = (  # column, label, colour: cooperation green, conflict red
    ("q1_verbal_coop", "verbal cooperation", "#a6d96a"),
    ("q2_material_coop", "material cooperation", "#1a9641"),
    ("q3_verbal_conflict", "verbal conflict", "#fdae61"),
    ("q4_material_conflict", "material conflict", "#d7191c"),
)


def _check(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ConfigError(
            Errors.E303.format(
                value=path.suffix or str(path), name="chart file type", expected=", ".join(SUFFIXES)
            )
        )
    return path


def _save(
    fig: Figure, path: Path, title: str, table: pl.DataFrame | None, page: dict[str, Any] | None = None
) -> Path:
    try:
        with atomic_path(path) as temp:  # whole or absent
            _draw(fig, temp, title, table, page)
    finally:
        plt.close(fig)
    return path


VENDOR = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


@cache
def _vendored_js() -> str:
    """The vendored Vega, Vega-Lite and Vega-Embed builds, to inline into a page (read once)."""
    folder = resources.files("eventcoder") / "api" / "static" / "vendor"
    return "".join(
        "<script>"
        + (folder / name).read_text(encoding="utf-8").replace("</script", "<\\/script")
        + "</script>"
        for name in VENDOR
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str).replace("</", "<\\/")


# Hover: Vega-Lite tooltips. Click: the clicked mark's events (page["events"], filtered by page["match"]).
_PAGE_SCRIPT = """
const PAGE = %s;
const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
function esc(t){ return String(t ?? "").replace(/[&<>"']/g, c => ENTITIES[c]); }
function list(title, rows){
  const box = document.getElementById("events");
  const more = PAGE.truncated ? " (of the first " + PAGE.events.length + " events listed in this page)" : "";
  box.innerHTML = "<h2>" + esc(title) + ": " + rows.length + " events" + more + "</h2><ol>" + rows.map(e =>
    "<li><b>" + esc(e.date) + " " + esc(e.source_code) + " " + esc(e.cameo) + " " + esc(e.target_code) +
    "</b> (" + esc(e.modality) + ") " + esc(e.sentence) + "</li>").join("") + "</ol>";
}
function pick(d){
  const m = PAGE.match;
  if (m.kind === "period") return [d.label, PAGE.events.filter(e => e.period_index === d.i)];
  if (d.source !== undefined && d.target !== undefined)
    return [d.source + " \u2192 " + d.target,
            PAGE.events.filter(e => e[m.source] === d.source && e[m.target] === d.target)];
  if (d.id !== undefined)
    return [d.name || d.id, PAGE.events.filter(e => e[m.source] === d.id || e[m.target] === d.id)];
  return null;
}
vegaEmbed("#chart", PAGE.spec, {actions: false, renderer: "svg"}).then(result => {
  result.view.addEventListener("click", (event, item) => {
    const found = item && item.datum ? pick(item.datum) : null;
    if (found) list(found[0], found[1]);
  });
}).catch(err => { document.getElementById("chart").textContent = "The chart could not be drawn: " + err; });
"""


def _draw(
    fig: Figure, path: Path, title: str, table: pl.DataFrame | None, page: dict[str, Any] | None = None
) -> None:
    suffix = path.suffix.lower()
    if suffix in (".png", ".svg"):
        fig.savefig(path, dpi=150, bbox_inches="tight")
    else:
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        svg = buffer.getvalue()
        svg = svg[svg.find("<svg") :]
        rows = ""
        if table is not None and table.height:
            head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                for row in table.head(500).iter_rows()
            )
            rows = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        chart, scripts = svg, ""
        if page is not None:
            chart = f"<div id='chart'></div><noscript>{svg}</noscript>"
            scripts = _vendored_js() + "<script>" + _PAGE_SCRIPT % _json(page) + "</script>"
        caption = (
            f"<p class='caption'>{html.escape(page['caption'])}</p>" if page and page.get("caption") else ""
        )
        hint = "<p class='hint'>Hover for counts; click a mark to list its events.</p>" if page else ""
        path.write_text(
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
            "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;"
            "text-align:right}svg{max-width:100%;height:auto}#chart{width:100%}"
            ".caption,.hint{color:#555;font-size:12px}#events li{margin:.3em 0}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{hint}{chart}{caption}<div id='events'></div>{rows}{scripts}"
            "</body></html>",
            encoding="utf-8",
        )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def store_caption(store: Any, what: str = "") -> str:
    """'Source: <store>; articles published <first> to <last> (<n> articles); <what is counted>'."""
    rows = store.execute("SELECT min(date), max(date), count(*) FROM articles")
    first, last, n = rows[0] if rows else (None, None, 0)
    url = str(getattr(store, "path", None) or store.url)
    if "@" in url:  # never print a password
        url = url.split("://", 1)[0] + "://" + url.rsplit("@", 1)[1]
    span = f"articles published {first} to {last}" if first else "no article dates"
    return f"Source: {url}; {span} ({n} articles)" + (f"; {what}" if what else "")


def _caption(fig: Figure, caption: str | None) -> None:
    if caption:
        fig.text(0.01, 0.005, caption, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)


FREQ_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def plot_series(
    series: pl.DataFrame,
    path: str | Path,
    *,
    title: str,
    caption: str | None = None,
    freq: str | None = None,
    events: pl.DataFrame | None = None,
) -> Path:
    """Stacked bars of events per period by quad class, with the mean Goldstein score as a line.

    ``series`` is the output of :func:`eventcoder.store.analytics.dyad_series` or ``goldstein_series``;
    ``freq`` (day, week, month, year) sets the bar width (inferred from the periods when omitted; one
    period alone is a day). The legend sits above the plot, never over the bars; ``caption`` below it.
    As HTML, hovering a bar shows its period's counts and clicking it lists the period's ``events`` (rows
    of :func:`eventcoder.store.analytics.event_sentences`: date, dyad, CAMEO, modality and sentence).
    """
    path = _check(path)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    fig.subplots_adjust(bottom=0.2)
    _caption(fig, caption)
    if series.height == 0:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
        return _save(fig, path, title, series)
    periods = series["period"].to_list()
    width = FREQ_DAYS[freq] * 0.85 if freq in FREQ_DAYS else _bar_width(periods)
    bottom = [0] * series.height
    for column, label, colour in QUAD_STYLE:
        values = series[column].to_list()
        bars = ax.bar(periods, values, width=width, bottom=bottom, label=label, color=colour, align="edge")
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{i}-{column[:2]}")  # found by the HTML page's script
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("events (deduplicated)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title, pad=28)
    line = ax.twinx()
    line.plot(
        periods,
        series["goldstein_mean"].to_list(),
        color="#2b2b2b",
        marker=".",
        linewidth=1.2,
        label="mean Goldstein",
    )
    line.axhline(0, color="#999999", linewidth=0.6)
    line.set_ylim(-10.5, 10.5)
    line.set_ylabel("mean Goldstein (-10 conflict .. +10 cooperation)")
    handles, labels = ax.get_legend_handles_labels()
    extra_handles, extra_labels = line.get_legend_handles_labels()
    ax.legend(
        handles + extra_handles,
        labels + extra_labels,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),  # above the axes: never over a bar
        fontsize=8,
        ncol=5,
        frameon=False,
    )
    fig.autofmt_xdate()
    page = _series_page(series, events, freq, title, caption) if path.suffix.lower() == ".html" else None
    return _save(fig, path, title, series, page)


def _period_of(day: Any, periods: list[Any], freq: str | None) -> int | None:
    """Index of the period a date falls in (periods are sorted starts)."""
    import bisect

    i = bisect.bisect_right(periods, day) - 1
    return i if i >= 0 else None


MAX_LISTED = 5000  # events embedded in an HTML page for click-to-list


def _event_rows(events: pl.DataFrame | None) -> list[dict[str, Any]]:
    if events is None:
        return []
    return [
        {k: (str(v) if v is not None else None) for k, v in row.items()}
        for row in events.head(MAX_LISTED).iter_rows(named=True)
    ]


def _series_page(
    series: pl.DataFrame, events: pl.DataFrame | None, freq: str | None, title: str, caption: str | None
) -> dict[str, Any]:
    """The Vega-Lite page of a series: stacked quad bars with tooltips, the Goldstein line, click to list."""
    periods = series["period"].to_list()
    rows = []
    for i, row in enumerate(series.iter_rows(named=True)):
        mean = None if row["goldstein_mean"] is None else round(row["goldstein_mean"], 2)
        low = 0
        for order, (column, label, _) in enumerate(QUAD_STYLE):
            high = low + row[column]  # stacked here: a bar spans x..x2 (its period) and y..y2
            rows.append(
                {
                    "i": i,
                    "period": str(row["period"]),
                    "label": str(row["period"]),
                    "end": str(_period_end(row["period"], freq, periods)),
                    "middle": str(
                        row["period"] + (_period_end(row["period"], freq, periods) - row["period"]) / 2
                    ),
                    "quad": label,
                    "order": order,
                    "count": row[column],
                    "low": low,
                    "high": high,
                    "events": row["events"],
                    "goldstein_mean": mean,
                }
            )
            low = high
    listed = _event_rows(events)
    for event in listed:
        day = event.get("date")
        index = _period_of(to_date(day), periods, freq) if day else None
        event["period_index"] = index
    x = {"field": "period", "type": "temporal", "title": None}  # a bar spans its period: period .. end
    tooltip = [
        {"field": "label", "title": "period"},
        {"field": "quad", "title": "quad class"},
        {"field": "count", "title": "events of this class"},
        {"field": "events", "title": "events in the period"},
        {"field": "goldstein_mean", "title": "mean Goldstein"},
    ]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",  # an identifier, never fetched
        "width": "container",
        "height": 320,
        "data": {"values": rows},
        "layer": [
            {
                "transform": [{"filter": "datum.count > 0"}],
                "params": [{"name": "picked", "select": {"type": "point", "fields": ["i"], "on": "click"}}],
                "mark": {"type": "bar", "cursor": "pointer", "stroke": "white", "strokeWidth": 0.5},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "y": {"field": "high", "type": "quantitative", "title": "events (deduplicated)"},
                    "y2": {"field": "low"},
                    "color": {
                        "field": "quad",
                        "type": "nominal",
                        "title": "quad class",
                        "sort": [label for _, label, _ in QUAD_STYLE],
                        "scale": {
                            "domain": [label for _, label, _ in QUAD_STYLE],
                            "range": [colour for _, _, colour in QUAD_STYLE],
                        },
                        "legend": {"orient": "top"},
                    },
                    "order": {"field": "order"},
                    "opacity": {"condition": {"param": "picked", "value": 1, "empty": True}, "value": 0.45},
                    "tooltip": tooltip,
                },
            },
            {
                "transform": [{"filter": "datum.order == 0 && datum.goldstein_mean != null"}],
                "mark": {"type": "line", "point": True, "color": "#2b2b2b"},
                "encoding": {
                    "x": {**x, "field": "middle"},
                    "y": {
                        "field": "goldstein_mean",
                        "type": "quantitative",
                        "title": "mean Goldstein (-10 conflict .. +10 cooperation)",
                        "scale": {"domain": [-10, 10]},
                    },
                    "tooltip": [tooltip[0], tooltip[3], tooltip[4]],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }
    return {
        "spec": spec,
        "events": listed,
        "truncated": events is not None and events.height > MAX_LISTED,
        "match": {"kind": "period"},
        "caption": caption,
        "title": title,
    }


def _period_end(start: Any, freq: str | None, periods: list[Any]) -> Any:
    """The day after a period's last day (the next period's start): a bar spans start .. end."""
    from datetime import timedelta

    if freq == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1, day=1)
    if freq == "year":
        return start.replace(year=start.year + 1, month=1, day=1)
    if freq in FREQ_DAYS:
        return start + timedelta(days=FREQ_DAYS[freq])
    return start + timedelta(days=max(1, round(_bar_width(periods) / 0.85)))


def _network_page(
    sub: nx.DiGraph, pos: dict[Any, Any], events: pl.DataFrame | None, title: str, caption: str | None
) -> dict[str, Any]:
    """The Vega-Lite page of a network: edges and nodes with tooltips, a node-size legend, click to list."""
    level = sub.graph.get("level", "code")
    nodes = [
        {
            "id": n,
            "name": sub.nodes[n].get("name") or n,
            "events": sub.nodes[n]["events"],
            "x": round(float(pos[n][0]), 4),
            "y": round(float(pos[n][1]), 4),
        }
        for n in sub.nodes
    ]
    edges = [
        {
            "source": u,
            "target": v,
            "weight": d["weight"],
            "goldstein_mean": d["goldstein_mean"],
            "conflict": d.get("conflict"),
            "x": round(float(pos[u][0]), 4),
            "y": round(float(pos[u][1]), 4),
            "x2": round(float(pos[v][0]), 4),
            "y2": round(float(pos[v][1]), 4),
        }
        for u, v, d in sub.edges(data=True)
        if u != v
    ]
    axis = {"axis": None, "scale": {"domain": [-1.2, 1.2]}}
    xy = {
        "x": {"field": "x", "type": "quantitative", **axis},
        "y": {"field": "y", "type": "quantitative", **axis},
    }
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",  # an identifier, never fetched
        "width": "container",
        "height": 560,
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule", "opacity": 0.7, "cursor": "pointer"},
                "encoding": {
                    **xy,
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeWidth": {
                        "field": "weight",
                        "type": "quantitative",
                        "scale": {"range": [0.8, 7]},
                        "title": "events (edge width)",
                    },
                    "color": {
                        "field": "goldstein_mean",
                        "type": "quantitative",
                        "title": "mean Goldstein",
                        "scale": {"scheme": "redyellowgreen", "domain": [-10, 10]},
                    },
                    "tooltip": [
                        {"field": "source"},
                        {"field": "target"},
                        {"field": "weight", "title": "events"},
                        {"field": "conflict", "title": "conflict events (quad 3-4)"},
                        {"field": "goldstein_mean", "title": "mean Goldstein"},
                    ],
                },
            },
            {
                "data": {"values": nodes},
                "params": [{"name": "picked", "select": {"type": "point", "fields": ["id"], "on": "click"}}],
                "mark": {
                    "type": "circle",
                    "color": "#6baed6",
                    "stroke": "#3182bd",
                    "opacity": 0.9,
                    "cursor": "pointer",
                },
                "encoding": {
                    **xy,
                    "size": {
                        "field": "events",
                        "type": "quantitative",
                        "scale": {"range": [60, 1500]},
                        "title": "events (node size)",
                        "legend": {"symbolFillColor": "#6baed6", "symbolStrokeColor": "#3182bd"},
                    },
                    "tooltip": [
                        {"field": "name", "title": "actor"},
                        {"field": "id", "title": "code"},
                        {"field": "events", "title": "events (as source or target)"},
                    ],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "text", "dy": -14, "fontSize": 11},
                "encoding": {**xy, "text": {"field": "name"}},
            },
        ],
    }
    key = "country" if level == "country" else "code"
    return {
        "spec": spec,
        "events": _event_rows(events),
        "truncated": events is not None and events.height > MAX_LISTED,
        "match": {"kind": "actor", "source": f"source_{key}", "target": f"target_{key}"},
        "caption": caption,
        "title": title,
    }


def _node_label(code: str, name: str | None) -> str:
    """'United Nations\n(IGOUNO)': the readable name over the code, or the code alone."""
    if not name or name.upper() == code.upper():
        return code
    short = name if len(name) <= 22 else name[:21] + "\u2026"
    return f"{short}\n({code})"


def _bar_width(periods: list[Any]) -> float:
    if len(periods) < 2:
        return 0.85  # one period: draw it as one day, not as a month-wide bar
    gaps = [(b - a).days for a, b in zip(periods, periods[1:], strict=False)]
    return max(0.8, min(gaps) * 0.85)


def plot_network(
    graph: nx.DiGraph,
    path: str | Path,
    *,
    title: str,
    max_nodes: int = 60,
    caption: str | None = None,
    events: pl.DataFrame | None = None,
) -> Path:
    """The actor network: node size by events, edge width by events, edge colour by mean Goldstein.

    Only the ``max_nodes`` busiest actors are drawn (the exported graph keeps them all). Nodes are labelled
    with their readable name (node attribute ``name``) and code; a legend gives the node sizes. As HTML,
    hovering a node or edge shows its counts and clicking it lists its ``events`` (rows of
    :func:`eventcoder.store.analytics.event_sentences`).
    """
    path = _check(path)
    busiest = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["events"], n))[:max_nodes]
    sub = graph.subgraph(busiest)
    fig, ax = plt.subplots(figsize=(10, 10))
    ax.set_title(title)
    ax.set_axis_off()
    _caption(fig, caption)
    if sub.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        return _save(fig, path, title, None)
    pos = nx.spring_layout(sub, weight="weight", seed=7, k=1.5 / max(1, sub.number_of_nodes()) ** 0.5)
    top = max(sub.nodes[n]["events"] for n in sub.nodes)
    sizes = [100 + 1400 * sub.nodes[n]["events"] / top for n in sub.nodes]
    nx.draw_networkx_nodes(sub, pos, node_size=sizes, node_color="#c6dbef", edgecolors="#3182bd", ax=ax)
    labels = {n: _node_label(n, sub.nodes[n].get("name")) for n in sub.nodes}
    nx.draw_networkx_labels(sub, pos, labels=labels, font_size=8, ax=ax)
    steps = sorted({max(1, round(top * f)) for f in (0.1, 0.5, 1.0)})
    ax.legend(
        [plt.scatter([], [], s=100 + 1400 * k / top, color="#c6dbef", edgecolors="#3182bd") for k in steps],
        [f"{k} events" for k in steps],
        title="node size",
        loc="lower left",
        labelspacing=2,
        borderpad=1.2,
        fontsize=8,
        frameon=False,
    )
    edges = list(sub.edges(data=True))
    if edges:
        heaviest = max(d["weight"] for _, _, d in edges)
        nx.draw_networkx_edges(
            sub,
            pos,
            edgelist=[(u, v) for u, v, _ in edges],
            width=[0.5 + 4 * d["weight"] / heaviest for _, _, d in edges],
            edge_color=[d["goldstein_mean"] for _, _, d in edges],
            edge_cmap=plt.get_cmap("RdYlGn"),
            edge_vmin=-10,
            edge_vmax=10,
            arrows=True,
            arrowsize=8,
            connectionstyle="arc3,rad=0.1",
            ax=ax,
        )
    scale = matplotlib.cm.ScalarMappable(norm=matplotlib.colors.Normalize(-10, 10), cmap="RdYlGn")
    fig.colorbar(scale, ax=ax, shrink=0.5, label="mean Goldstein (-10 conflict .. +10 cooperation)")
    table = (
        pl.DataFrame(
            [{"source": u, "target": v, **d} for u, v, d in sorted(edges, key=lambda e: -e[2]["weight"])],
        )
        if edges
        else None
    )
    page = _network_page(sub, pos, events, title, caption) if path.suffix.lower() == ".html" else None
    return _save(fig, path, title, table, page)
