"""Coding commands: code, quotes, eval (added to the app by :func:`register`).

Data goes to stdout, messages to stderr.
Exit codes: 0 ok, 1 nothing (or not everything) done, 2 could not start.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.cli.common import (
    ActorFilesOpt,
    AddressOpt,
    ArticleProgress,
    ConfigOpt,
    DateOpt,
    EngineOpt,
    ExpandGroupingsOpt,
    InputsArg,
    ModelOpt,
    OldActorsOpt,
    ProcessesOpt,
    check_date,
    count_inputs,
    err_console,
    fail,
    load_pipeline,
    ray_recipe,
    settings,
)
from eventcoder.errors import ConfigError, Errors, EventcoderError
from eventcoder.records import CodedArticle, EventRecord, Failure, Modality

MODALITIES = get_args(Modality)


def coded_stream(
    inputs: list[str],
    values: dict[str, Any],
    date: str | None,
    counts: dict[str, int],
    nlp: Any = None,
    address: str | None = None,
) -> Iterator[CodedArticle]:
    """Read and code inputs with a progress display; report each failure as one line on stderr.

    ``values["engine"] == "ray"``: Ray Data reads and codes (:mod:`eventcoder.ray_engine`), at ``address``.
    """
    from eventcoder.driver import iter_results
    from eventcoder.io.inputs import read_inputs

    results: Iterator[CodedArticle | Failure]
    total: int | None = None  # articles in the input, for the progress bar (local engine)
    if values.get("engine") == "ray":
        from eventcoder.ray_engine import iter_ray

        try:
            results = iter_ray(
                inputs,
                ray_recipe(values),
                address=address,
                actors=max(values["n_process"], 1),
                batch_size=values["batch_size"],
                default_date=date,
            )
        except EventcoderError as err:
            raise fail(str(err)) from None
    else:
        nlp = nlp if nlp is not None else load_pipeline(values)
        results = iter_results(
            read_inputs(inputs, default_date=date),
            nlp,
            batch_size=values["batch_size"],
            n_process=values["n_process"],
        )
        total = count_inputs(inputs)
    with ArticleProgress("coding", total) as progress:
        for result in results:
            if isinstance(result, Failure):
                counts["failed"] += 1
                progress.print(f"skipped {result.article_id}: {result.message}")
            else:
                counts["coded"] += 1
            progress.advance(1, failed=int(isinstance(result, Failure)))
            if not isinstance(result, Failure):
                yield result


def code(
    inputs: InputsArg,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="jsonl, csv or parquet (parquet needs -o); default: from the -o extension, else jsonl.",
        ),
    ] = None,
    date: DateOpt = None,
    model: ModelOpt = None,
    actor_files: ActorFilesOpt = None,
    old_actors: OldActorsOpt = None,
    modality: Annotated[
        list[str] | None,
        typer.Option(
            "--modality", help="Keep events of this modality (repeatable; default: all but hypothetical)."
        ),
    ] = None,
    drop_negated: Annotated[bool, typer.Option("--drop-negated", help="Drop negated events.")] = False,
    one_sided: Annotated[
        bool, typer.Option("--one-sided", help="Also keep events with only a source or only a target.")
    ] = False,
    unknown_actors: Annotated[
        str | None,
        typer.Option(
            "--unknown-actors",
            help='Events with an actor no rule gives a country: "drop" (default) or "flag" (kept, null code, '
            "warning W106).",
        ),
    ] = None,
    expand_groupings: ExpandGroupingsOpt = False,
    processes: ProcessesOpt = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Code articles into event records (JSONL on stdout by default).

    Example: eventcoder code examples/example_article.jsonl -o events.jsonl
    """
    from eventcoder.io.atomic import atomic_open, atomic_path, check_not_input
    from eventcoder.io.output import FORMATS, write_csv, write_jsonl, write_parquet
    from eventcoder.store.export import output_format

    try:
        fmt = output_format(fmt, output)  # out.parquet is Parquet; --format jsonl -o out.parquet is refused
    except ConfigError as err:
        raise fail(str(err)) from None
    if fmt not in FORMATS:
        raise fail(Errors.E303.format(value=fmt, name="--format", expected=", ".join(FORMATS)))
    if engine not in ("local", "ray"):
        raise fail(Errors.E303.format(value=engine, name="--engine", expected="local, ray"))
    if fmt == "parquet" and output is None:
        raise fail(Errors.E303.format(value="stdout", name="--output with parquet", expected="a file path"))
    values = settings(
        config,
        model=model,
        actor_files=actor_files,
        old_actors=old_actors,
        keep_modalities=modality,
        keep_negated=False if drop_negated else None,
        one_sided=True if one_sided else None,
        unknown_actors=unknown_actors,
        expand_groupings=True if expand_groupings else None,
        n_process=processes,
    )
    for value in modality or []:
        if value not in MODALITIES:
            raise fail(Errors.E303.format(value=value, name="--modality", expected=", ".join(MODALITIES)))
    day = check_date(date)
    if output is not None:
        try:
            check_not_input(output, inputs)
        except ConfigError as err:
            raise fail(str(err)) from None
    counts = {"coded": 0, "failed": 0}
    values["engine"] = engine
    # a bad --model or --actor-files stops here, before any file is touched (Ray actors build their own)
    nlp = load_pipeline(values) if engine == "local" else None
    records: Iterator[EventRecord] = (
        r
        for coded in coded_stream(inputs, values, day, counts, nlp=nlp, address=address)
        for r in coded.records
    )
    try:  # -o: a temporary file renamed over the output at the end, so the output is whole or absent
        if fmt == "parquet":
            with atomic_path(output or "") as temp:
                n = write_parquet(records, str(temp))
        else:
            opened = atomic_open(output, "w", encoding="utf-8", newline="") if output else None
            with opened or nullcontext(sys.stdout) as out:
                n = (write_jsonl if fmt == "jsonl" else write_csv)(records, out)
    except OSError as err:
        raise fail(Errors.E306.format(path=output or "stdout", reason=err.strerror or err), 1) from None
    err_console.print(
        f"{counts['coded']} articles coded, {counts['failed']} skipped, {n} events",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(0 if counts["coded"] else 1)


def quotes(
    inputs: InputsArg,
    table: Annotated[bool, typer.Option("--table", help="Print a table instead of JSONL.")] = False,
    date: DateOpt = None,
    model: ModelOpt = None,
    actor_files: ActorFilesOpt = None,
    old_actors: OldActorsOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print every direct and indirect quotation with its speaker (JSONL, one quote a line).

    Example: eventcoder quotes examples/example_article.jsonl --table
    """
    from eventcoder.io.output import iter_quote_records, quotes_table

    values = settings(config, model=model, actor_files=actor_files, old_actors=old_actors)
    counts = {"coded": 0, "failed": 0}
    records = iter_quote_records(coded_stream(inputs, values, check_date(date), counts))
    if table:
        Console().print(quotes_table(list(records)))
    else:
        for record in records:
            typer.echo(record.model_dump_json())
    raise typer.Exit(0 if counts["coded"] else 1)


def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (sentence or article gold).")],
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Breakdown: type, root, dyad, actor, cause (article gold)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N items of each file.")
    ] = None,
    model: ModelOpt = None,
    actor_files: ActorFilesOpt = None,
    old_actors: OldActorsOpt = None,
    expand_groupings: ExpandGroupingsOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Score the coder against gold files: precision, recall and F1 per PLOVER type, CAMEO root and dyad.

    --by cause (article gold) counts each missed core event by the first cause that applies: (a) no_event: no
    prediction in its sentence; (b) few_actors: fewer than two coded actor mentions there; (c)
    domestic_dropped: a same-country dyad with nothing predicted for it; (d) wrong_root: right sentence and
    dyad, wrong root; (e) wrong_dyad: right root, wrong or swapped dyad; (f) other. And each prediction
    left out of the matching: not_event (no gold event in its sentence), duplicate (of a matched core
    event), wrong_root (fits a dyad there, not its root), wrong_actor (fits no dyad there).

    Example: eventcoder eval tests/gold/written_wire_sentences.jsonl (sentence gold in the repository);
    eventcoder eval ../shared/data/news_dev/tune.jsonl --by cause --by root (article gold in the shared data
    folder beside a clone, format in tests/gold/VOA_GOLD_FORMAT.md).
    """
    from eventcoder.evaluation import BREAKDOWNS, evaluate

    for choice in by or []:
        if choice not in BREAKDOWNS:
            raise fail(Errors.E303.format(value=choice, name="--by", expected=", ".join(BREAKDOWNS)))
    try:
        values = settings(
            config,
            model=model,
            actor_files=actor_files,
            old_actors=old_actors,
            expand_groupings=True if expand_groupings else None,
        )
        nlp = load_pipeline(values)
        reports = evaluate([str(g) for g in gold], nlp, limit)
    except (EventcoderError, OSError) as err:
        raise fail(str(err)) from None
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in reports], indent=1))
        return
    console = Console()
    for report in reports:
        table = Table(title=f"{report.name}: {report.items} {report.kind}, {report.failures} failed")
        for column in ("score", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "score" else "right")
        for name, tally in report.overall.items():
            table.add_row(
                name,
                f"{tally.precision:.3f}",
                f"{tally.recall:.3f}",
                f"{tally.f1:.3f}",
                str(tally.tp),
                str(tally.fp),
                str(tally.fn),
            )
        console.print(table)
        extra = report.extra
        if extra.get("dates_checked"):
            console.print(
                f"event dates right: {extra['dates_right']}/{extra['dates_checked']}; "
                f"places right: {extra.get('places_right', 0)}/{extra.get('places_checked', 0)}"
            )
        for group in by or []:
            if group == "cause":
                if report.kind == "articles":
                    console.print(cause_tables(report))
                continue
            groups = {"actor": [g for g in report.overall if g.startswith("actor_")]}.get(group, [group])
            for name in groups:
                rows = report.by.get(name, {}) if group != "actor" else {name: report.overall[name]}
                if not rows:
                    continue
                sub = Table(title=f"{report.name} by {name}")
                for column in (name, "precision", "recall", "F1", "support"):
                    sub.add_column(column)
                for label, tally in sorted(rows.items()):
                    sub.add_row(
                        label,
                        f"{tally.precision:.3f}",
                        f"{tally.recall:.3f}",
                        f"{tally.f1:.3f}",
                        str(tally.tp + tally.fn),
                    )
                console.print(sub)


def cause_tables(report: Any) -> Table:
    """One table: missed core events, then extra predictions, by cause (eval_causes.py)."""
    from eventcoder.eval_causes import EXTRA_CAUSES, MISSED_CAUSES, NO_EVENT_FEW_ACTORS

    table = Table(title=f"{report.name} by cause")
    for column in ("", "cause", "count", "share", "meaning"):
        table.add_column(column, justify="right" if column in ("count", "share") else "left")
    causes = report.cause_table()
    for side, meanings in (("missed", MISSED_CAUSES), ("extra", EXTRA_CAUSES)):
        total = sum(causes[side][c] for c in meanings)
        for n, (cause, meaning) in enumerate(meanings.items()):
            count = causes[side][cause]
            share = f"{count / total:.0%}" if total else "-"
            table.add_row(side if n == 0 else "", cause, str(count), share, meaning)
            if cause == "no_event":
                table.add_row(
                    "", "", str(causes[side][NO_EVENT_FEW_ACTORS]), "", "  of which < 2 coded actors"
                )
        table.add_row("", "total", str(total), "", "", end_section=True)
    return table


def register(app: typer.Typer) -> None:
    """Add the coding commands to the eventcoder app."""
    app.command()(code)
    app.command()(quotes)
    app.command("eval")(eval_)
