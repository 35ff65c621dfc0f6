"""Queries researchers publish: filtered events, dyad series, Goldstein series, the actor network.

Every function takes a store (DuckDB or PostgreSQL, same SQL) and returns a polars DataFrame (``.to_pandas()``
for pandas) or a networkx graph. Counts are of deduplicated events; ``mentions`` sums their mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from eventcoder.errors import ConfigError, Errors
from eventcoder.store import Store

FREQS = ("day", "week", "month", "year")
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
_INTERVAL = {"day": "1d", "week": "1w", "month": "1mo", "year": "1y"}


@dataclass(frozen=True)
class Filters:
    """Which events to keep. Actor values match a code prefix (CHN, CHNGOV) or a country code exactly."""

    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # both directions unless directed
    directed: bool = False
    country: str | None = None  # source or target country (ISO alpha-3)
    cameo: str | None = None  # code prefix: "19" is every 19x code
    plover: str | None = None  # PLOVER type, e.g. ASSAULT
    quad_class: int | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    place: str | None = None  # place name (case-insensitive substring) or place country code

    def where(self, date_column: str = "date") -> tuple[str, list[Any]]:
        """SQL condition and parameters for these filters."""
        parts: list[str] = []
        params: list[Any] = []

        def side(prefix: str, value: str) -> str:
            params.extend([_literal(value.upper()) + "%", value.upper()])
            return f"({prefix}_code LIKE ? ESCAPE '\\' OR {prefix}_country = ?)"

        if self.actor:
            parts.append(f"({side('source', self.actor)} OR {side('target', self.actor)})")
        if self.source:
            parts.append(side("source", self.source))
        if self.target:
            parts.append(side("target", self.target))
        if self.dyad:
            a, b = self.dyad
            forward = f"({side('source', a)} AND {side('target', b)})"
            if self.directed:
                parts.append(forward)
            else:
                parts.append(f"({forward} OR ({side('source', b)} AND {side('target', a)}))")
        if self.country:
            parts.append("(source_country = ? OR target_country = ?)")
            params.extend([self.country.upper()] * 2)
        if self.cameo:
            parts.append("cameo LIKE ? ESCAPE '\\'")
            params.append(_literal(self.cameo) + "%")
        if self.plover:
            parts.append("plover_type = ?")
            params.append(self.plover.upper())
        if self.quad_class is not None:
            if self.quad_class not in QUADS:
                raise ConfigError(
                    Errors.E303.format(value=self.quad_class, name="quad class", expected="1-4")
                )
            parts.append("quad_class = ?")
            params.append(self.quad_class)
        if self.since:
            parts.append(f"{date_column} >= ?")
            params.append(_day(self.since, "since"))
        if self.until:
            parts.append(f"{date_column} <= ?")
            params.append(_day(self.until, "until"))
        if self.place:
            parts.append("(lower(place_name) LIKE ? ESCAPE '\\' OR place_country = ?)")
            params.extend([f"%{_literal(self.place.lower())}%", self.place.upper()])
        return (" AND ".join(parts) or "TRUE"), params


def _literal(value: str) -> str:
    """A user's text inside a LIKE pattern: ``%``, ``_`` and ``\\`` match themselves, not anything."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(Errors.E303.format(value=value, name=name, expected="a date YYYY-MM-DD")) from None


def _filters(**filters: Any) -> Filters:
    return Filters(**{k: v for k, v in filters.items() if v is not None})


def _freq(freq: str) -> str:
    if freq not in FREQS:
        raise ConfigError(Errors.E303.format(value=freq, name="--freq", expected=", ".join(FREQS)))
    return freq


def events(store: Store, *, table: str = "events", limit: int | None = None, **filters: Any) -> pl.DataFrame:
    """Events (or mentions with ``table="mentions"``) matching the filters, oldest first.

    Example: ``events(store, actor="CHN", quad_class=4, since="2021-01-01")``
    """
    if table not in ("events", "mentions"):
        raise ConfigError(Errors.E303.format(value=table, name="--table", expected="events, mentions"))
    date_column = "date" if table == "events" else "coalesce(event_date, pub_date)"
    order = "date, event_key" if table == "events" else "pub_date, article_hash, mention_id"
    where, params = _filters(**filters).where(date_column)
    sql = f"SELECT * FROM {table} WHERE {where} ORDER BY {order}"  # noqa: S608 - names are fixed above
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return store.frame(sql, params)


def _series(store: Store, freq: str, filters: Filters) -> pl.DataFrame:
    where, params = filters.where()
    quads = ", ".join(
        f"CAST(sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END) AS BIGINT) AS q{q}_{name}"
        for q, name in QUADS.items()
    )
    frame = store.frame(
        f"SELECT CAST(date_trunc('{_freq(freq)}', date) AS DATE) AS period, count(*) AS events, "  # noqa: S608
        "CAST(sum(n_mentions) AS BIGINT) AS mentions, "
        "CAST(sum(goldstein) AS DOUBLE PRECISION) AS goldstein_sum, "
        f"CAST(avg(goldstein) AS DOUBLE PRECISION) AS goldstein_mean, {quads} "
        f"FROM events WHERE {where} GROUP BY 1 ORDER BY 1",
        params,
    )
    if frame.height == 0:
        return frame
    first, last = frame["period"][0], frame["period"][-1]  # ordered by period
    periods = pl.date_range(first, last, _INTERVAL[freq], eager=True)
    full = pl.DataFrame({"period": periods}).join(frame, on="period", how="left")
    counts = [c for c in frame.columns if c not in ("period", "goldstein_mean")]
    return full.with_columns(pl.col(counts).fill_null(0))


def dyad_series(
    store: Store, a: str, b: str, *, freq: str = "month", directed: bool = False, **filters: Any
) -> pl.DataFrame:
    """Counts per period between two actors: events, mentions, Goldstein sum and mean, quad classes.

    Periods without events are included with zero counts (and a null mean). Both directions are counted
    unless ``directed`` (then a is the source).
    """
    return _series(store, freq, _filters(dyad=(a, b), directed=directed, **filters))


def goldstein_series(store: Store, *, freq: str = "month", **filters: Any) -> pl.DataFrame:
    """The same per-period counts and Goldstein sum/mean for any filtered set of events."""
    return _series(store, freq, _filters(**filters))


def network(store: Store, *, level: str = "code", min_events: int = 1, **filters: Any) -> nx.DiGraph:
    """A directed actor graph: an edge source -> target per pair, weighted by its number of events.

    Args:
        level: "code" (CHNGOV) or "country" (CHN) nodes.
        min_events: drop edges with fewer events.

    Edge attributes: weight (events), mentions, goldstein (sum), goldstein_mean, conflict (quad 3-4
    events). Node attributes: events (as source or target), country.
    """
    if level not in ("code", "country"):
        raise ConfigError(Errors.E303.format(value=level, name="--level", expected="code, country"))
    where, params = _filters(**filters).where()
    src, tgt = ("source_code", "target_code") if level == "code" else ("source_country", "target_country")
    edges = store.frame(
        f"SELECT {src} AS source, {tgt} AS target, count(*) AS weight, "  # noqa: S608
        "CAST(sum(n_mentions) AS BIGINT) AS mentions, CAST(sum(goldstein) AS DOUBLE PRECISION) AS goldstein, "
        "CAST(sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) AS BIGINT) AS conflict "
        f"FROM events WHERE {where} AND {src} IS NOT NULL AND {tgt} IS NOT NULL "
        f"GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY 1, 2",
        [*params, min_events],
    )
    graph = nx.DiGraph(level=level)
    for row in edges.iter_rows(named=True):
        for node in (row["source"], row["target"]):
            if node not in graph:
                graph.add_node(node, events=0, country=node[:3])
            graph.nodes[node]["events"] += row["weight"]
        graph.add_edge(
            row["source"],
            row["target"],
            weight=row["weight"],
            mentions=row["mentions"],
            goldstein=round(row["goldstein"], 3),
            goldstein_mean=round(row["goldstein"] / row["weight"], 3),
            conflict=row["conflict"],
        )
    return graph


def write_graph(graph: nx.DiGraph, path: str | Path) -> None:
    """Write a graph as GraphML (.graphml) or GEXF (.gexf), by the file extension."""
    from eventcoder.io.atomic import atomic_path

    suffix = Path(path).suffix.lower()
    if suffix not in (".graphml", ".gexf"):
        raise ConfigError(
            Errors.E303.format(value=suffix or str(path), name="graph file type", expected=".graphml, .gexf")
        )
    with atomic_path(path) as temp:  # whole or absent
        (nx.write_graphml if suffix == ".graphml" else nx.write_gexf)(graph, temp)
