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
ActorsOpt = Annotated[
    list[Path] | None, typer.Option("--actors", help="User actor dictionary (YAML/CSV); repeatable.")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one.")
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML, table [eventcoder]).")]
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
            values["model"], actor_files=[str(p) for p in values["actors"]], config=pipeline_config(values)
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
