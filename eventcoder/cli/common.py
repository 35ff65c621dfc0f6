"""What every command shares: the error helper, settings, the pipeline loader and common options (the
store query options of ``events``, ``dyad``, ``network``, ``export`` and ``plot`` among them).

Commands live in one module per group of verbs (:mod:`eventcoder.cli.coding`, :mod:`eventcoder.cli.store`,
:mod:`eventcoder.cli.plot`, :mod:`eventcoder.cli.serve`); each imports this module, and ``plot`` opens the
store and reads the filters with the helpers of :mod:`eventcoder.cli.store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from eventcoder.errors import ConfigError, EventcoderError

err_console = Console(stderr=True, soft_wrap=True)  # one message, one line
NO_CACHE = [False]  # set by the global option --no-cache (eventcoder.cli._options)

InputsArg = Annotated[
    list[str], typer.Argument(help="Files (.txt .jsonl .json .html), folders, or - for JSONL on stdin.")
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Installed spaCy pipeline to use.")]
ActorFilesOpt = Annotated[
    list[Path] | None,
    typer.Option("--actor-files", help="User actor dictionary (YAML/CSV); repeatable (setting actor_files)."),
]


def _warn_line(message: str) -> None:
    err_console.print(message, style="yellow", markup=False, soft_wrap=True, highlight=False)


def _old_actors(value: list[Path] | None) -> list[Path] | None:
    if value:
        from eventcoder.errors import warn_deprecated

        warn_deprecated("--actors", "--actor-files", emit=_warn_line)
    return value


OldActorsOpt = Annotated[  # the old name of --actor-files: hidden, warns once (W301)
    list[Path] | None, typer.Option("--actors", hidden=True, callback=_old_actors)
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one.")
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML, table [eventcoder]).")]
ExpandGroupingsOpt = Annotated[
    bool,
    typer.Option(
        "--expand-groupings",
        help="A group of named states (G7) acts as its members: one record per member state "
        "(setting expand_groupings).",
    ),
]
ProcessesOpt = Annotated[
    int | None,
    typer.Option(
        "--processes",
        min=1,
        help="Worker processes, one pipeline each (default: setting 'n_process'); output order is kept.",
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (this machine, --processes) or ray (Ray Data, --processes actors; .jsonl .parquet .txt).",
    ),
]
AddressOpt = Annotated[
    str | None,
    typer.Option("--address", help="With --engine ray: a running cluster (ray://host:10001 or auto)."),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Store: DuckDB file, :memory: or postgresql://... (default: setting 'db')."),
]


# store query options
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Actor code prefix or country, either side.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Source actor code prefix or country.")]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Target actor code prefix or country.")]
DyadOpt = Annotated[str | None, typer.Option("--dyad", help="Two actors 'A,B' (both directions).")]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Source or target country (ISO alpha-3).")]
CameoOpt = Annotated[str | None, typer.Option("--cameo", help="CAMEO code prefix, e.g. 19 or 190.")]
PloverOpt = Annotated[str | None, typer.Option("--plover", help="PLOVER event type, e.g. ASSAULT.")]
QuadOpt = Annotated[
    int | None, typer.Option("--quad", help="Quad class 1-4 (verbal/material coop/conflict).")
]
SinceOpt = Annotated[str | None, typer.Option("--since", help="First date, YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last date, YYYY-MM-DD.")]
PlaceOpt = Annotated[str | None, typer.Option("--place", help="Place name (substring) or place country.")]
FreqOpt = Annotated[str, typer.Option("--freq", help="day, week, month or year.")]
ModalityOpt = Annotated[
    str | None,
    typer.Option(
        "--modality",
        help="Modalities to keep, comma separated (asserted, reported, intended, future, hypothetical) or "
        "'any'. Default: asserted,reported (events that occurred).",
    ),
]
NegatedOpt = Annotated[
    str | None,
    typer.Option("--negated", help="no (default: non-negated events only), yes (negated only) or any."),
]
DirectedOpt = Annotated[bool, typer.Option("--directed", help="Only A as source, B as target.")]
MembersOpt = Annotated[
    bool,
    typer.Option(
        "--members",
        help="A country also matches the groups of named states it belongs to (USA: G7 events too; network: "
        "a group's edges go from each member). Default: a group counts under its own code only.",
    ),
]
MinEventsOpt = Annotated[int, typer.Option("--min-events", help="Drop edges with fewer events.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(message, style="red", markup=False, soft_wrap=True, highlight=False)
    return typer.Exit(code)


def settings(
    config: Path | None,
    *,
    actor_files: list[Path] | None = None,
    old_actors: list[Path] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Settings from the config file with command-line overrides (None means not given); the files of
    ``--actors`` (the old name) add to those of ``--actor-files``. A bad config file exits with code 2."""
    from eventcoder.config import load_config

    try:
        values = load_config(config)
    except ConfigError as err:
        raise fail(str(err)) from None
    overrides["actor_files"] = [*(actor_files or []), *(old_actors or [])]
    if NO_CACHE[0]:  # eventcoder --no-cache CMD
        overrides["cache"] = False
    values.update({k: v for k, v in overrides.items() if v not in (None, [], ())})
    return values


def ray_recipe(values: dict[str, Any]) -> dict[str, Any]:
    """What a Ray actor needs to build the pipeline the settings describe (it builds its own)."""
    from eventcoder.config import pipeline_config

    return {
        "model": values["model"],
        "actor_files": [str(p) for p in values["actor_files"]],
        "config": pipeline_config(values),
        **({"fast": True} if values.get("fast") else {}),
        **({} if values.get("cache", True) else {"cache": False}),
    }


def load_pipeline(values: dict[str, Any]) -> Any:
    """Build the pipeline from settings; errors exit with code 2."""
    from eventcoder.config import pipeline_config
    from eventcoder.pipeline import build_nlp

    try:
        return build_nlp(
            values["model"],
            actor_files=[str(p) for p in values["actor_files"]],
            config=pipeline_config(values),
            fast=bool(values.get("fast")),
            cache=bool(values.get("cache", True)),
        )
    except EventcoderError as err:
        raise fail(str(err)) from None


def check_date(value: str | None) -> str | None:
    """Validate a --date option."""
    from eventcoder.io.inputs import normalize_date

    try:
        return normalize_date(value, "--date")
    except EventcoderError as err:
        raise fail(str(err)) from None


def count_inputs(inputs: list[str]) -> int | None:
    """How many articles the inputs hold, when cheap to know (files and folders); None for stdin.

    A .jsonl file counts its non-blank lines (read in 1 MB blocks), a .json file one article (a list is
    counted when coded), .txt and .html files one each. Used for the progress total and ETA only.
    """
    from eventcoder.io.inputs import SUFFIXES

    total = 0
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix not in SUFFIXES:
                continue
            if suffix != ".jsonl":
                total += 1
                continue
            try:
                with file.open("rb") as handle:
                    last = b"\n"
                    while block := handle.read(1 << 20):
                        total += sum(1 for line in block.split(b"\n")[:-1] if line.strip())
                        last = block
                    if not last.endswith(b"\n") and last.rsplit(b"\n", 1)[-1].strip():
                        total += 1
            except OSError:
                continue
    return total


class ArticleProgress:
    """Progress over articles, shared by ``code`` and ``ingest``.

    On a terminal: a bar with done/total and an ETA when the input size is known (:func:`count_inputs`),
    a running count otherwise. When stderr is not a terminal (a log file, a CI job) rich draws nothing, so
    a line ``progress: done/total articles, n failed, s s, ETA s`` is printed every
    ``$EVENTCODER_PROGRESS_SECONDS`` (30) seconds.
    """

    def __init__(self, verb: str, total: int | None, *, unit: str = "articles") -> None:
        import os
        import time

        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.total, self.unit, self.done, self.failed = total, unit, 0, 0
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn(verb),
            BarColumn(),
            MofNCompleteColumn() if total else TextColumn("{task.completed} " + unit),
            TimeElapsedColumn(),
            *((TextColumn("ETA"), TimeRemainingColumn()) if total else ()),
            console=err_console,
            transient=True,
        )
        self.task = self.progress.add_task(verb, total=total)
        self.every = float(os.environ.get("EVENTCODER_PROGRESS_SECONDS", "30"))
        self.periodic = not err_console.is_terminal
        self._clock = time.monotonic
        self.started = self.last = self._clock()

    def __enter__(self) -> ArticleProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def advance(self, n: int = 1, *, failed: int = 0) -> None:
        """Count ``n`` more articles done (``failed`` of them failed)."""
        self.done += n
        self.failed += failed
        self.progress.update(self.task, advance=n, visible=self.done > 1)
        now = self._clock()
        if self.periodic and n and now - self.last >= self.every:
            self.line(now)
            self.last = now

    def line(self, now: float) -> None:
        text = f"progress: {self.done}" + (f"/{self.total}" if self.total else "") + f" {self.unit}"
        text += f", {self.failed} failed, {now - self.started:.0f} s"
        if self.total and self.done:
            text += f", ETA {(now - self.started) / self.done * max(self.total - self.done, 0):.0f} s"
        err_console.print(text, highlight=False, markup=False)

    def print(self, message: str) -> None:
        """One message above the bar (a skipped or failed article)."""
        self.progress.console.print(message, markup=False, soft_wrap=True, highlight=False)
