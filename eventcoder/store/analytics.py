"""Queries researchers publish: filtered events, dyad series, Goldstein series, the actor network.

Every function takes a store (DuckDB or PostgreSQL, same SQL) and returns a polars DataFrame (``.to_pandas()``
for pandas) or a networkx graph. Counts are of deduplicated events; ``mentions`` sums their mentions.

By default every function keeps **occurred events only**: modality asserted or reported, not negated
(``modality="any"``, ``negated="any"`` keep everything; ``modality="future"`` only announced events). The
filter names are the command line's (``quad`` is ``--quad``; ``quad_class`` is kept as its alias).

A group of named states (G7, G8) is an actor of its own: its events count under its own code (``IGO``,
the gold convention), never under its members'. With ``members=True`` a country value of ``actor``,
``source``, ``target``, ``dyad`` or ``country`` also matches the groupings that country is a member of
(``dyad_series(store, "USA", "RUS", members=True)`` counts "the G7 condemned Russia"), and
:func:`network` draws a grouping's edges from each member state instead.
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
from eventcoder.store.dedup import MODALITY_RANK, OCCURRED

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
    modality: str | tuple[str, ...] = OCCURRED  # "asserted,reported" (default), one modality, or "any"
    negated: bool | str = False  # False: non-negated (default); True: negated only; "any": both
    members: bool = False  # a country also matches the groupings it belongs to (G7 events count for USA)

    def where(self, date_column: str = "date") -> tuple[str, list[Any]]:
        """SQL condition and parameters for these filters."""
        parts: list[str] = []
        params: list[Any] = []
        modalities = modality_values(self.modality)
        if modalities is not None:
            parts.append(f"modality IN ({', '.join('?' * len(modalities))})")
            params.extend(modalities)
        negated = negated_value(self.negated)
        if negated is not None:
            parts.append("negated = ?")
            params.append(negated)

        def side(prefix: str, value: str) -> str:
            params.extend([_literal(value.upper()) + "%", value.upper()])
            if not self.members:
                return f"({prefix}_code LIKE ? ESCAPE '\\' OR {prefix}_country = ?)"
            params.append(value.upper())
            return f"({prefix}_code LIKE ? ESCAPE '\\' OR {prefix}_country = ? OR ? = ANY({prefix}_members))"

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
            if self.members:
                parts.append(
                    "(source_country = ? OR target_country = ? OR ? = ANY(source_members) "
                    "OR ? = ANY(target_members))"
                )
                params.extend([self.country.upper()] * 4)
            else:
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


def dyad_pair(value: str, name: str = "dyad") -> tuple[str, str]:
    """Two actors from their command-line form "A,B" (spaces around either are dropped).

    Raises:
        ConfigError: [E303] not two non-empty actors.
    """
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(Errors.E303.format(value=value, name=name, expected="two actors 'A,B'"))
    return parts[0], parts[1]


def modality_values(value: str | tuple[str, ...] | list[str] | None) -> list[str] | None:
    """The modalities a filter keeps ("asserted,reported" or a list), None for all ("any", "all").

    Raises:
        ConfigError: [E303] an unknown modality.
    """
    if value is None:
        return None
    items = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    if not items or any(v in ("any", "all") for v in items):
        return None
    for item in items:
        if item not in MODALITY_RANK:
            expected = ", ".join([*MODALITY_RANK, "any"])
            raise ConfigError(Errors.E303.format(value=item, name="modality", expected=expected))
    return sorted(set(items), key=MODALITY_RANK.__getitem__)


def negated_value(value: bool | str | None) -> bool | None:
    """False (non-negated events), True (negated only) or None (both) from a bool or "no|yes|any".

    Raises:
        ConfigError: [E303] another value.
    """
    if value is None or isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    table = {"no": False, "false": False, "yes": True, "true": True, "only": True, "any": None, "all": None}
    if lowered not in table:
        raise ConfigError(Errors.E303.format(value=value, name="negated", expected="no, yes, any"))
    return table[lowered]


def describe(filters: Filters | None = None, **kwargs: Any) -> str:
    """What the modality and negation filters keep, in words (for captions and messages)."""
    f = filters or _filters(**kwargs)
    modalities = modality_values(f.modality)
    negated = negated_value(f.negated)
    if modalities == list(OCCURRED) and negated is False:
        return "occurred events: asserted or reported, not negated"
    kinds = " or ".join(modalities) if modalities is not None else "any modality"
    polarity = {False: "not negated", True: "negated only", None: "negated or not"}[negated]
    return f"events: {kinds}, {polarity}"


def _literal(value: str) -> str:
    """A user's text inside a LIKE pattern: ``%``, ``_`` and ``\\`` match themselves, not anything."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(Errors.E303.format(value=value, name=name, expected="a date YYYY-MM-DD")) from None


def _filters(**filters: Any) -> Filters:
    """Filters from keyword arguments (None: not given); ``quad`` is the command line's name of quad_class."""
    quad = filters.pop("quad", None)
    if quad is not None:
        filters["quad_class"] = quad
    if filters.get("negated") is None:
        filters.pop("negated", None)
    names = set(Filters.__dataclass_fields__)
    unknown = sorted(k for k in filters if k not in names)
    if unknown:
        raise ConfigError(
            Errors.E303.format(value=", ".join(unknown), name="filter", expected=", ".join(sorted(names)))
        )
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


def event_sentences(store: Store, *, limit: int = 20_000, **filters: Any) -> pl.DataFrame:
    """Events matching the filters with their first mention's sentence (for charts that list events)."""
    where, params = _filters(**filters).where()
    return store.frame(
        "SELECT date, source_code, cameo, target_code, modality, sentence, source_country, target_country "  # noqa: S608
        "FROM (SELECT e.*, "
        "s.text AS sentence FROM events AS e "
        "LEFT JOIN mentions AS m ON m.article_hash = e.first_article_hash "
        "AND m.mention_id = e.first_mention_id "
        "LEFT JOIN sentences AS s ON s.article_hash = m.article_hash "
        f"AND s.sentence_id = m.sentence_id) AS x WHERE {where} ORDER BY date, event_key LIMIT ?",
        [*params, int(limit)],
    )


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
        members: (a filter) a group of named states is no node of its own: each of its events is an edge
            from (to) every member state ("the G7 condemned Russia": USA -> RUS, CAN -> RUS, ...).

    Edge attributes: weight (events), mentions, goldstein (sum), goldstein_mean, conflict (quad 3-4
    events). Node attributes: events (as source or target), country.
    """
    if level not in ("code", "country"):
        raise ConfigError(Errors.E303.format(value=level, name="--level", expected="code, country"))
    chosen = _filters(**filters)
    where, params = chosen.where()
    src, tgt = ("source_code", "target_code") if level == "code" else ("source_country", "target_country")
    sums = (
        "count(*) AS weight, CAST(sum(n_mentions) AS BIGINT) AS mentions, "
        "CAST(sum(goldstein) AS DOUBLE PRECISION) AS goldstein, "
        "CAST(sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) AS BIGINT) AS conflict"
    )
    if chosen.members:
        edges = _member_edges(
            store.frame(
                f"SELECT {src} AS source, {tgt} AS target, source_members, target_members, {sums} "  # noqa: S608
                f"FROM events WHERE {where} AND {src} IS NOT NULL AND {tgt} IS NOT NULL GROUP BY 1, 2, 3, 4",
                params,
            ),
            min_events,
        )
    else:
        edges = store.frame(
            f"SELECT {src} AS source, {tgt} AS target, {sums} "  # noqa: S608
            f"FROM events WHERE {where} AND {src} IS NOT NULL AND {tgt} IS NOT NULL "
            f"GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY 1, 2",
            [*params, min_events],
        )
    graph = nx.DiGraph(level=level)
    names = _names(store, level) if edges.height else {}
    for row in edges.iter_rows(named=True):
        for node in dict.fromkeys((row["source"], row["target"])):  # an event within one actor counts once
            if node not in graph:
                graph.add_node(node, events=0, country=node[:3], name=names.get(node) or node)
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


def _member_edges(frame: pl.DataFrame, min_events: int) -> pl.DataFrame:
    """Edges with each grouping side replaced by its member states, summed per (source, target)."""
    sums = ("weight", "mentions", "goldstein", "conflict")
    if frame.height == 0:
        return frame.select("source", "target", *sums)
    for side in ("source", "target"):
        members = pl.col(f"{side}_members")
        frame = frame.with_columns(
            pl.when(members.list.len() > 0).then(members).otherwise(pl.concat_list(side)).alias(side)
        )
    return (
        frame.explode("source")
        .explode("target")
        .group_by("source", "target")
        .agg(pl.col(name).sum() for name in sums)
        .filter(pl.col("weight") >= min_events)
        .sort("source", "target")
    )


def _names(store: Store, level: str) -> dict[str, str]:
    """Readable names of actor codes (the most mentioned name in the catalogue) or countries."""
    names: dict[str, str] = {}
    if level == "country":
        from eventcoder.store.export import country_names

        names.update(country_names())
    rows = store.execute(
        "SELECT actor_code, name, n_mentions FROM actors WHERE name <> '' ORDER BY n_mentions DESC, name"
    )
    for code, name, _ in rows:
        key = code if level == "code" else None
        if key and key not in names:
            names[key] = name
        if level == "country" and code not in names:  # IGO codes (IGOUNO) have no country entry
            names[code] = name
    return names


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
