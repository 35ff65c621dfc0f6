"""The command line (Typer): ``eventcoder code|quotes|eval``, the store verbs and ``serve``.

Each command parses, calls one library function, prints. Data goes to stdout, messages to stderr.
Exit codes: 0 ok, 1 nothing (or not everything) done, 2 could not start, 130 interrupted.
"""

from __future__ import annotations

import atexit
import errno
import gc
import io
import sys

import typer

from eventcoder.cli import coding, plot, serve, store
from eventcoder.cli.common import fail
from eventcoder.errors import Errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn news articles into evidenced political event data (CAMEO, PLOVER).",
)


def _version(value: bool) -> None:
    if value:
        from eventcoder import __version__

        typer.echo(f"eventcoder {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn news articles into evidenced political event data (CAMEO, PLOVER)."""


coding.register(app)  # code, quotes, eval
store.register(app)  # ingest, events, dyad, network, export, optimize (issue 7)
plot.register(app)  # plot dyad|goldstein|network
serve.register(app)  # serve: REST API and dashboard (issue 17)


class _ClosedOutput(io.TextIOBase):
    """Standard output when the process started with it closed (``>&-``): every write is an OSError."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    @property
    def buffer(self) -> _ClosedOutput:
        return self


def main() -> None:
    """Console entry point: a failure to write standard output is one line on stderr, never a traceback."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    # At exit, everything still alive is frozen (run last: atexit runs in reverse order of registration), so
    # the interpreter's final garbage collection does not walk the pipeline's objects, which cost about 0.6
    # CPU seconds after every command (0.06 with the freeze); outputs are closed by then.
    atexit.register(gc.freeze)
    try:
        app()
    except OSError as err:
        raise SystemExit(
            fail(Errors.E306.format(path="stdout", reason=err.strerror or err), 1).exit_code
        ) from None


__all__ = ["app", "main"]
