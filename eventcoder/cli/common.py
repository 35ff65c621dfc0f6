"""What every command shares: the error helper, settings, the pipeline loader and common options.

Commands live in one module per group of verbs (:mod:`eventcoder.cli.coding`, :mod:`eventcoder.cli.store`);
both import this module and neither imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from eventcoder.errors import EventcoderError

err_console = Console(stderr=True, soft_wrap=True)  # one message, one line

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
ProcessesOpt = Annotated[
    int | None,
    typer.Option(
        "--processes",
        min=1,
        help="Worker processes, one pipeline each (default: setting 'n_process'); output order is kept.",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Store: DuckDB file, :memory: or postgresql://... (default: setting 'db')."),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(message, style="red", markup=False, soft_wrap=True, highlight=False)
    return typer.Exit(code)


def settings(config: Path | None, **overrides: Any) -> dict[str, Any]:
    """Settings from the config file with command-line overrides (None means not given)."""
    from eventcoder.config import load_config

    values = load_config(config)
    values.update({k: v for k, v in overrides.items() if v not in (None, [], ())})
    return values


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
