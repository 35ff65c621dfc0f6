"""The ``eventcoder cache`` commands: where the knowledge build cache is, and clearing it."""

from __future__ import annotations

import typer

from eventcoder.cli.common import err_console

cache_app = typer.Typer(
    no_args_is_help=True,
    help="The knowledge build cache: the place gazetteer and the actor lexicon, built once per machine "
    "($EVENTCODER_CACHE_DIR, else ~/.cache/eventcoder; README, Settings). Example: eventcoder cache info",
)


@cache_app.command("info")
def info() -> None:
    """Print the cache folder, then one line per cache file: size in MB and name.

    Example: eventcoder cache info
    """
    from eventcoder.knowledge.cache import cache_dir, cache_files

    typer.echo(str(cache_dir()))
    for path in cache_files():
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # another process pruned it just now
            continue
        typer.echo(f"{size / 1e6:8.1f} MB  {path.name}")


@cache_app.command("clear")
def clear() -> None:
    """Remove the cache files (the next command builds the knowledge again and stores it).

    Other files of the folder are left alone. Example: eventcoder cache clear
    """
    from eventcoder.knowledge.cache import cache_dir, clear

    removed = clear()
    err_console.print(f"{len(removed)} cache files removed from {cache_dir()}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``cache info`` and ``cache clear``."""
    app.add_typer(cache_app, name="cache")
