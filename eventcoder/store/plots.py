"""Charts people read: a dyad timeline, a Goldstein series, an actor network (PNG, SVG or HTML).

HTML files are self-contained (the chart inlined as SVG, then a summary table); nothing is fetched.
"""

from __future__ import annotations

import html
import io
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


def _save(fig: Figure, path: Path, title: str, table: pl.DataFrame | None, script: str = "") -> Path:
    try:
        with atomic_path(path) as temp:  # whole or absent
            _draw(fig, temp, title, table, script)
    finally:
        plt.close(fig)
    return path


def _draw(fig: Figure, path: Path, title: str, table: pl.DataFrame | None, script: str = "") -> None:
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
        path.write_text(
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
            "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;"
            "text-align:right}svg{max-width:100%;height:auto}"
            "#events li{margin:.3em 0}.bar-hit{cursor:pointer}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{svg}<div id='events'></div>{rows}{script}</body></html>",
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
    script = _series_script(series, events, freq) if path.suffix.lower() == ".html" else ""
    return _save(fig, path, title, series, script)


def _period_of(day: Any, periods: list[Any], freq: str | None) -> int | None:
    """Index of the period a date falls in (periods are sorted starts)."""
    import bisect

    i = bisect.bisect_right(periods, day) - 1
    return i if i >= 0 else None


def _series_script(series: pl.DataFrame, events: pl.DataFrame | None, freq: str | None) -> str:
    """Hover: each bar's period and counts; click: the period's events with their sentences."""
    import json

    periods = series["period"].to_list()
    counts = [
        {
            "period": str(row["period"]),
            **{label: row[column] for column, label, _ in QUAD_STYLE},
            "events": row["events"],
            "goldstein_mean": None if row["goldstein_mean"] is None else round(row["goldstein_mean"], 2),
        }
        for row in series.iter_rows(named=True)
    ]
    listed: list[list[dict[str, Any]]] = [[] for _ in periods]
    if events is not None:
        for row in events.iter_rows(named=True):
            i = _period_of(row["date"], periods, freq)
            if i is not None and len(listed[i]) < 200:
                listed[i].append({k: (str(v) if v is not None else None) for k, v in row.items()})
    data = json.dumps({"counts": counts, "events": listed}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<script>const DATA=" + data + ";"
        "const box=document.getElementById('events');"
        "function esc(t){return String(t??'').replace(/[&<>\"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;',"
        "'\"':'&quot;',\"'\":'&#39;'}[c]));}"
        "document.querySelectorAll('g[id^=\"bar-\"]').forEach(g=>{const i=+g.id.split('-')[1];"
        "const c=DATA.counts[i];const t=document.createElementNS('http://www.w3.org/2000/svg','title');"
        "t.textContent=c.period+': '+c.events+' events (verbal coop '+c['verbal cooperation']+"
        "', material coop '+c['material cooperation']+', verbal conflict '+c['verbal conflict']+"
        "', material conflict '+c['material conflict']+'), mean Goldstein '+c.goldstein_mean;"
        "g.appendChild(t);g.classList.add('bar-hit');g.addEventListener('click',()=>{const ev=DATA.events[i];"
        "box.innerHTML='<h2>'+esc(c.period)+': '+ev.length+' events</h2><ol>'+"
        "ev.map(e=>'<li><b>'+esc(e.date)+"
        "' '+esc(e.source_code)+' '+esc(e.cameo)+' '+esc(e.target_code)+'</b> ('+esc(e.modality)+') '+"
        "esc(e.sentence)+'</li>').join('')+'</ol>';});});</script>"
    )


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
    graph: nx.DiGraph, path: str | Path, *, title: str, max_nodes: int = 60, caption: str | None = None
) -> Path:
    """The actor network: node size by events, edge width by events, edge colour by mean Goldstein.

    Only the ``max_nodes`` busiest actors are drawn (the exported graph keeps them all). Nodes are labelled
    with their readable name (node attribute ``name``) and code; a legend gives the node sizes.
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
    return _save(fig, path, title, table)
