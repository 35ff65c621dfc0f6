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


def _save(fig: Figure, path: Path, title: str, table: pl.DataFrame | None) -> Path:
    try:
        with atomic_path(path) as temp:  # whole or absent
            _draw(fig, temp, title, table)
    finally:
        plt.close(fig)
    return path


def _draw(fig: Figure, path: Path, title: str, table: pl.DataFrame | None) -> None:
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
            "text-align:right}svg{max-width:100%;height:auto}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{svg}{rows}</body></html>",
            encoding="utf-8",
        )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def plot_series(series: pl.DataFrame, path: str | Path, *, title: str) -> Path:
    """Stacked bars of events per period by quad class, with the mean Goldstein score as a line.

    ``series`` is the output of :func:`eventcoder.store.analytics.dyad_series` or ``goldstein_series``.
    """
    path = _check(path)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    if series.height == 0:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
        return _save(fig, path, title, series)
    periods = series["period"].to_list()
    width = _bar_width(periods)
    bottom = [0] * series.height
    for column, label, colour in QUAD_STYLE:
        values = series[column].to_list()
        ax.bar(periods, values, width=width, bottom=bottom, label=label, color=colour, align="edge")
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("events (deduplicated)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title)
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
    ax.legend(handles + extra_handles, labels + extra_labels, loc="upper left", fontsize=8, ncol=5)
    fig.autofmt_xdate()
    return _save(fig, path, title, series)


def _bar_width(periods: list[Any]) -> float:
    if len(periods) < 2:
        return 20.0
    gaps = [(b - a).days for a, b in zip(periods, periods[1:], strict=False)]
    return max(0.8, min(gaps) * 0.85)


def plot_network(graph: nx.DiGraph, path: str | Path, *, title: str, max_nodes: int = 60) -> Path:
    """The actor network: node size by events, edge width by events, edge colour by mean Goldstein.

    Only the ``max_nodes`` busiest actors are drawn (the exported graph keeps them all).
    """
    path = _check(path)
    busiest = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["events"], n))[:max_nodes]
    sub = graph.subgraph(busiest)
    fig, ax = plt.subplots(figsize=(10, 10))
    ax.set_title(title)
    ax.set_axis_off()
    if sub.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        return _save(fig, path, title, None)
    pos = nx.spring_layout(sub, weight="weight", seed=7, k=1.5 / max(1, sub.number_of_nodes()) ** 0.5)
    top = max(sub.nodes[n]["events"] for n in sub.nodes)
    sizes = [100 + 1400 * sub.nodes[n]["events"] / top for n in sub.nodes]
    nx.draw_networkx_nodes(sub, pos, node_size=sizes, node_color="#c6dbef", edgecolors="#3182bd", ax=ax)
    nx.draw_networkx_labels(sub, pos, font_size=8, ax=ax)
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
