"""The command line (Typer): ``eventcoder code|quotes|eval``, the store verbs and ``serve``.

Each command parses, calls one library function, prints. Data goes to stdout, messages to stderr.
Exit codes: 0 ok, 1 nothing (or not everything) done, 2 could not start, 130 interrupted.
"""

from __future__ import annotations

import typer

from eventcoder.cli import coding, serve, store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn news articles into evidenced political event data (CAMEO, PLOVER).",
)
coding.register(app)  # code, quotes, eval
store.register(app)  # ingest, events, dyad, network, plot, export (issue 7)
serve.register(app)  # serve: REST API and dashboard (issue 17)


def main() -> None:
    """Console entry point."""
    app()


__all__ = ["app", "main"]
