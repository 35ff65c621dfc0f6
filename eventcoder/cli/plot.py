"""The ``eventcoder plot`` commands: dyad and Goldstein series and the actor network as PNG, SVG or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

from eventcoder.cli.common import (
    ActorOpt,
    CameoOpt,
    ConfigOpt,
    CountryOpt,
    DbOpt,
    DirectedOpt,
    DyadOpt,
    FreqOpt,
    MembersOpt,
    MinEventsOpt,
    ModalityOpt,
    NegatedOpt,
    PlaceOpt,
    PloverOpt,
    QuadOpt,
    SinceOpt,
    UntilOpt,
    err_console,
)
from eventcoder.cli.store import (
    _filters,
    _given,
    _store,
    _tell,
    _what_counts,
)

plot_app = typer.Typer(
    no_args_is_help=True,
    help="Charts as PNG, SVG or self-contained HTML. "
    "Example: eventcoder plot dyad USA CHN --db events.duckdb -o usa-chn.html",
)
OutputArg = Annotated[Path, typer.Option("-o", "--output", help="Chart file: .png, .svg or .html.")]


def _draw_series(
    store: Any, series: pl.DataFrame, listed: pl.DataFrame, output: Path, title: str, what: str, freq: str
) -> None:
    """Draw a series chart with its caption and clickable events, then say what was written and counted."""
    from eventcoder.store.plots import plot_series

    path = plot_series(series, output, title=title, caption=caption(store, what), freq=freq, events=listed)
    _wrote(path, what)


def _wrote(path: Path, what: str) -> None:
    """Say on stderr which file a plot command wrote and what it counted."""
    err_console.print(f"wrote {path}", highlight=False)
    _tell(what)


@plot_app.command("dyad")
def plot_dyad(
    a: Annotated[str, typer.Argument(help="First actor.")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    output: OutputArg,
    db: DbOpt = None,
    freq: FreqOpt = "month",
    directed: DirectedOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    config: ConfigOpt = None,
) -> None:
    """A dyad timeline: events per period by quad class, with the mean Goldstein score.

    Example: eventcoder plot dyad USA CHN --db events.duckdb -o usa-chn.html
    """
    from eventcoder.store.analytics import dyad_series, event_sentences

    filters = _filters(since=since, until=until, modality=modality, negated=negated, members=members)
    what = _what_counts(filters)
    with _store(db, config, output=output) as store:
        series = dyad_series(store, a, b, freq=freq, directed=directed, **_given(filters))
        listed = event_sentences(store, dyad=(a, b), directed=directed, **_given(filters))
        title = f"{a.upper()} - {b.upper()} events per {freq}"
        _draw_series(store, series, listed, output, title, what, freq)


@plot_app.command("goldstein")
def plot_goldstein(
    output: OutputArg,
    db: DbOpt = None,
    freq: FreqOpt = "month",
    actor: ActorOpt = None,
    dyad: DyadOpt = None,
    country: CountryOpt = None,
    cameo: CameoOpt = None,
    plover: PloverOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    place: PlaceOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    config: ConfigOpt = None,
) -> None:
    """A Goldstein series for any filtered set of events.

    Example: eventcoder plot goldstein --db events.duckdb --country UKR --freq week -o ukraine.png
    """
    from eventcoder.store.analytics import event_sentences, goldstein_series

    filters = _filters(
        actor=actor,
        dyad=dyad,
        country=country,
        cameo=cameo,
        plover=plover,
        since=since,
        until=until,
        place=place,
        modality=modality,
        negated=negated,
        members=members,
    )
    what = _what_counts(filters)
    label = (
        " ".join(
            f"{k}={v if not isinstance(v, tuple) else ','.join(v)}"
            for k, v in filters.items()
            if v is not None and k not in ("modality", "negated")
        )
        or "all events"
    )
    with _store(db, config, output=output) as store:
        series = goldstein_series(store, freq=freq, **filters)
        listed = event_sentences(store, **_given(filters))
        _draw_series(store, series, listed, output, f"Events and Goldstein per {freq}: {label}", what, freq)


@plot_app.command("network")
def plot_network(
    output: OutputArg,
    db: DbOpt = None,
    level: Annotated[str, typer.Option("--level", help="Nodes: code or country.")] = "country",
    min_events: MinEventsOpt = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Draw the busiest N actors.")] = 60,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    cameo: CameoOpt = None,
    quad: QuadOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    modality: ModalityOpt = None,
    negated: NegatedOpt = None,
    members: MembersOpt = False,
    config: ConfigOpt = None,
) -> None:
    """The actor network: node size by events, edge width by events, colour by mean Goldstein.

    Example: eventcoder plot network --db events.duckdb --since 2021-01-01 -o network.png
    """
    from eventcoder.store.analytics import event_sentences
    from eventcoder.store.analytics import network as build
    from eventcoder.store.plots import plot_network as draw

    filters = _filters(
        actor=actor,
        country=country,
        cameo=cameo,
        quad=quad,
        since=since,
        until=until,
        modality=modality,
        negated=negated,
        members=members,
    )
    what = _what_counts(filters)
    with _store(db, config, output=output) as store:
        graph = build(store, level=level, min_events=min_events, **filters)
        path = draw(
            graph,
            output,
            title=f"Actor network ({'countries' if level == 'country' else 'actor codes'})",
            max_nodes=max_nodes,
            caption=caption(store, what),
            events=event_sentences(store, **_given(filters)) if output.suffix.lower() == ".html" else None,
        )
    _wrote(path, what)


def caption(store: Any, what: str) -> str:
    """A chart caption: the store, its date range and article count, and what is counted."""
    from eventcoder.store.plots import store_caption

    return store_caption(store, what)


def register(app: typer.Typer) -> None:
    """Add ``eventcoder plot`` to the eventcoder app."""
    app.add_typer(plot_app, name="plot")
