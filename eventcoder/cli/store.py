"""Store commands: ingest, events, dyad, network, plot, export (added to the app by :func:`register`).

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 some articles failed, 2 could not start
(bad option, store that cannot be opened), 130 interrupted (re-run to resume).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from eventcoder.cli.common import (
    ActorFilesOpt,
    ActorOpt,
    AddressOpt,
    ArticleProgress,
    CameoOpt,
    ConfigOpt,
    CountryOpt,
    DbOpt,
    DirectedOpt,
    DyadOpt,
    EngineOpt,
    ExpandGroupingsOpt,
    FreqOpt,
    MembersOpt,
    MinEventsOpt,
    ModalityOpt,
    ModelOpt,
    NegatedOpt,
    OldActorsOpt,
    PlaceOpt,
    PloverOpt,
    ProcessesOpt,
    QuadOpt,
    SinceOpt,
    SourceOpt,
    TargetOpt,
    UntilOpt,
    check_date,
    count_inputs,
    err_console,
    fail,
    load_pipeline,
    ray_recipe,
    settings,
)
from eventcoder.errors import ConfigError, Errors, EventcoderError
from eventcoder.records import Failure


def _db(db: str | None, config: Path | None) -> str:
    if db:
        return db
    from eventcoder.config import load_config

    return str(load_config(config)["db"])


@contextmanager
def _store(
    db: str | None, config: Path | None, *, read_only: bool = True, output: Path | None = None
) -> Iterator[Any]:
    """Open the store; every library error becomes one line on stderr and exit code 2.

    An ``output`` file that cannot be written is one line and exit code 1 (it is left as it was).
    """
    from eventcoder.store import open_store

    try:
        store = open_store(_db(db, config), read_only=read_only)
    except EventcoderError as err:
        raise fail(str(err)) from None
    try:
        yield store
    except EventcoderError as err:
        raise fail(str(err)) from None
    except OSError as err:  # an output file that cannot be written (-o): one line, nothing half-written
        raise fail(Errors.E306.format(path=output or err.filename, reason=err.strerror or err), 1) from None
    finally:
        store.close()


def _filters(
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    dyad: str | None = None,
    country: str | None = None,
    cameo: str | None = None,
    plover: str | None = None,
    quad: int | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    modality: str | None = None,
    negated: str | None = None,
    members: bool = False,
) -> dict[str, Any]:
    from eventcoder.store.analytics import dyad_pair

    try:
        pair = dyad_pair(dyad, "--dyad") if dyad else None
    except ConfigError as err:
        raise fail(str(err)) from None
    return {
        "actor": actor,
        "source": source,
        "target": target,
        "dyad": pair,
        "country": country,
        "cameo": cameo,
        "plover": plover,
        "quad_class": quad,
        "since": since,
        "until": until,
        "place": place,
        "modality": modality,
        "negated": negated,
        "members": members or None,  # None: not given (left out of plot labels)
    }


def _what_counts(filters: dict[str, Any]) -> str:
    """Which modalities and polarity are counted, in words (checked now; told on stderr at the end)."""
    from eventcoder.store.analytics import describe

    try:
        what = describe(modality=filters.get("modality"), negated=filters.get("negated"))
    except EventcoderError as err:
        raise fail(str(err)) from None
    return what


def _tell(what: str) -> None:
    err_console.print(f"counted {what} (--modality, --negated)", highlight=False)


def _emit(frame: pl.DataFrame, fmt: str, columns: Sequence[str] = ()) -> None:
    if fmt == "jsonl":
        sys.stdout.write(frame.write_ndjson())
    elif fmt == "csv":
        from eventcoder.store.export import json_lists

        sys.stdout.write(pl.DataFrame(pl.from_arrow(json_lists(frame.to_arrow()))).write_csv())
    elif fmt == "table":
        shown = frame.select([c for c in columns if c in frame.columns]) if columns else frame
        table = Table()
        for column in shown.columns:
            table.add_column(column, justify="right" if shown[column].dtype.is_numeric() else "left")
        for row in shown.iter_rows():
            table.add_row(*("" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))
        Console(width=None if sys.stdout.isatty() else 400).print(table)  # piped: never truncate
    else:
        raise fail(Errors.E303.format(value=fmt, name="--format", expected="jsonl, csv, table"))
    sys.stdout.flush()


def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files (.txt .jsonl .json .html), folders, or - for stdin.")
    ],
    db: DbOpt = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date for inputs without one.")
    ] = None,
    model: ModelOpt = None,
    actor_files: ActorFilesOpt = None,
    old_actors: OldActorsOpt = None,
    commit_every: Annotated[int, typer.Option("--commit-every", help="Articles per transaction.")] = 1,
    expand_groupings: ExpandGroupingsOpt = False,
    processes: ProcessesOpt = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Code articles and store them incrementally; stored articles (same text) are skipped.

    Re-running after an interruption (Ctrl-C, kill -9) resumes: committed articles are kept, the rest is
    coded. Near-duplicate articles are linked into stories and mentions are clustered into events.

    With --engine ray, Ray Data reads and codes (.jsonl .parquet .txt inputs; --address for a cluster) and
    this process stores the results: the same store as the local engine.

    Example: eventcoder ingest news/2021/ --db events.duckdb
    """
    from eventcoder.io.inputs import read_inputs
    from eventcoder.store.ingest import ingest as run_ingest
    from eventcoder.store.ingest import ingest_ray

    if engine not in ("local", "ray"):
        raise fail(Errors.E303.format(value=engine, name="--engine", expected="local, ray"))

    values = settings(
        config,
        model=model,
        actor_files=actor_files,
        old_actors=old_actors,
        n_process=processes,
        expand_groupings=True if expand_groupings else None,
    )
    day = check_date(date)
    with _store(db or values["db"], None, read_only=False) as store:
        # a bad --model or --actor-files stops here, before anything is stored (Ray actors build their own)
        nlp = load_pipeline(values) if engine == "local" else None
        stored = [0]
        progress = ArticleProgress("ingesting", count_inputs(inputs))

        def on_batch(batch: Any, items: Sequence[Any]) -> None:
            stored[0] += batch.articles
            failed = [item for item in items if isinstance(item, Failure)]
            for item in failed:
                progress.print(f"failed {item.article_id}: {item.message}")
            progress.advance(len(items), failed=len(failed))

        def on_term(signum: int, frame: Any) -> None:  # SIGTERM ends the run like Ctrl-C: marked, resumable
            raise KeyboardInterrupt

        previous: Any = None
        with suppress(ValueError):  # not the main thread (embedded use): keep the default
            previous = signal.signal(signal.SIGTERM, on_term)
        try:
            with progress:
                if engine == "ray":
                    summary = ingest_ray(
                        store,
                        inputs,
                        ray_recipe(values),
                        address=address,
                        actors=max(values["n_process"], 1),
                        batch_size=values["batch_size"],
                        default_date=day,
                        commit_every=commit_every,
                        on_batch=on_batch,
                        on_skip=lambda: progress.advance(1),
                    )
                else:
                    summary = run_ingest(
                        store,
                        read_inputs(inputs, default_date=day),
                        nlp=nlp,
                        inputs=inputs,
                        model=values["model"],
                        batch_size=values["batch_size"],
                        n_process=values["n_process"],
                        commit_every=commit_every,
                        on_batch=on_batch,
                        on_skip=lambda: progress.advance(1),
                    )
        except ConfigError as err:  # --engine ray: no Ray, an input it cannot read
            raise fail(str(err)) from None
        except KeyboardInterrupt:
            raise fail(f"{Errors.E207} ({stored[0]} articles stored in this run)", 130) from None
        finally:  # the handler is this command's: a process that goes on (tests, embedding) gets its own
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    err_console.print(summary.describe(), highlight=False)
    raise typer.Exit(1 if summary.failed else 0)


def events(
    db: DbOpt = None,
    actor: ActorOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    dyad: DyadOpt = None,
    country: CountryOpt = None,
    cameo: CameoOpt = None,
    plover: PloverOpt = None,
    quad: QuadOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    place: PlaceOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    table: Annotated[str, typer.Option("--table", help="events (deduplicated) or mentions.")] = "events",
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or table.")] = "jsonl",
    config: ConfigOpt = None,
) -> None:
    """List stored events (or mentions) matching the filters, oldest first.

    Example: eventcoder events --db events.duckdb --actor CHN --quad 4 --since 2021-01-01 --format table
    """
    from eventcoder.store.analytics import events as query

    filters = _filters(
        actor,
        source,
        target,
        dyad,
        country,
        cameo,
        plover,
        quad,
        since,
        until,
        place,
        modality,
        negated,
        members,
    )
    what = _what_counts(filters)
    with _store(db, config) as store:
        frame = query(store, table=table, limit=limit, **filters)
    _emit(
        frame,
        fmt,
        (
            "date",
            "source_code",
            "cameo",
            "target_code",
            "goldstein",
            "modality",
            "place_name",
            "n_mentions",
            "n_sources",
            "n_stories",
        )
        if table == "events"
        else (
            "pub_date",
            "outlet",
            "source_code",
            "cameo",
            "target_code",
            "trigger_text",
            "modality",
            "negated",
            "event_date",
        ),
    )
    _tell(what)


def dyad(
    a: Annotated[str, typer.Argument(help="First actor: code prefix or country (CHN, CHNGOV).")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    db: DbOpt = None,
    freq: FreqOpt = "month",
    directed: DirectedOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    config: ConfigOpt = None,
) -> None:
    """Events between two actors per period: counts, Goldstein sum and mean, quad class breakdown.

    Counts occurred events (asserted or reported, not negated) unless --modality/--negated say otherwise;
    a group of named states (G7) counts under its own code unless --members.

    Example: eventcoder dyad USA CHN --db events.duckdb --freq week
    """
    from eventcoder.store.analytics import dyad_series

    filters = _filters(since=since, until=until, modality=modality, negated=negated, members=members)
    what = _what_counts(filters)
    with _store(db, config) as store:
        frame = dyad_series(store, a, b, freq=freq, directed=directed, **_given(filters))
    _emit(frame, fmt)
    _tell(what)


def network(
    db: DbOpt = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write GraphML (.graphml) or GEXF (.gexf).")
    ] = None,
    level: Annotated[str, typer.Option("--level", help="Nodes: code (CHNGOV) or country (CHN).")] = "code",
    min_events: MinEventsOpt = 1,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    cameo: CameoOpt = None,
    plover: PloverOpt = None,
    quad: QuadOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    place: PlaceOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    config: ConfigOpt = None,
) -> None:
    """The weighted actor network (source -> target, weight = events); edges as JSONL without -o.

    Example: eventcoder network --db events.duckdb --level country --since 2021-01-01 -o actors.gexf
    """
    from eventcoder.store.analytics import network as build
    from eventcoder.store.analytics import write_graph

    filters = _filters(
        actor=actor,
        country=country,
        cameo=cameo,
        plover=plover,
        quad=quad,
        since=since,
        until=until,
        place=place,
        modality=modality,
        negated=negated,
        members=members,
    )
    what = _what_counts(filters)
    with _store(db, config, output=output) as store:
        graph = build(store, level=level, min_events=min_events, **filters)
        if output is not None:
            write_graph(graph, output)
    if output is None:
        rows = [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]
        _emit(pl.DataFrame(rows) if rows else pl.DataFrame(), "jsonl")
    else:
        err_console.print(
            f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges -> {output}", highlight=False
        )
    _tell(what)


def export(
    db: DbOpt = None,
    table: Annotated[
        str, typer.Option("--table", help="events, mentions, articles, actors, quotes, failures or runs.")
    ] = "events",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="parquet, csv or jsonl (default: from the -o extension, else jsonl)."),
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            help="native; gdelt (GDELT 2.0 columns; CSV tab separated, no header); icews (ICEWS coded event "
            "columns); plover (PLOVER JSON fields, one object per event; jsonl or parquet).",
        ),
    ] = "native",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (stdout if omitted).")] = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export a table; jsonl and csv go to stdout without -o, parquet needs -o.

    The native layout exports every event with its modality and negated columns; the gdelt, icews and
    plover layouts keep occurred events (asserted or reported, not negated) unless --modality/--negated
    say otherwise.

    Example: eventcoder export --db events.duckdb --layout gdelt -o events.gdelt.csv
    """
    from eventcoder.store.export import export as run_export

    with _store(db, config) as store:
        rows = run_export(
            store,
            table=table,
            fmt=fmt,
            layout=layout,
            output=output,
            modality=modality,
            negated=negated,
        )
    err_console.print(f"{rows} rows exported" + (f" to {output}" if output else ""), highlight=False)


def optimize(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Rewrite the stored events in date order, so date-ordered queries and date ranges read less.

    GET /events pages and `events --since/--until` then skip most of the table (about 5x less work over 1M
    events). Events ingested later are appended: run it again after large out-of-order ingests.

    Example: eventcoder optimize --db events.duckdb
    """
    import time

    with _store(db, config, read_only=False) as store:
        start = time.perf_counter()
        done = store.optimize()
        n = store.count("events")
    if not done:
        err_console.print(f"nothing to do for a {store.dialect} store", highlight=False)
        return
    err_console.print(
        f"{n:,} events rewritten in date order in {time.perf_counter() - start:.1f} s", highlight=False
    )


def _given(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v is not None}


def register(app: typer.Typer) -> None:
    """Add the store commands to the eventcoder app."""
    app.command()(ingest)
    app.command()(events)
    app.command()(dyad)
    app.command()(network)
    app.command()(export)
    app.command()(optimize)
