"""The serve command: the REST API and dashboard over a store (added to the app by :func:`register`)."""

from __future__ import annotations

from typing import Annotated

import typer

from eventcoder.cli.common import ConfigOpt, DbOpt, err_console, fail
from eventcoder.errors import ConfigError, EventcoderError


def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind; 127.0.0.1 (this machine only) unless told.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
    config: ConfigOpt = None,
) -> None:
    """Serve the REST API (reference at /ui/api, schema at /openapi.json) and the dashboard (/ui/).

    Read-only unless a token is set ($EVENTCODER_API_TOKEN or setting api_token); then POST /articles
    codes and stores articles, given the header "Authorization: Bearer <token>".

    Example: eventcoder serve --db events.duckdb --port 8000   (then open http://127.0.0.1:8000/ui/)
    """
    import uvicorn

    from eventcoder.api import ApiSettings, create_app
    from eventcoder.config import load_config
    from eventcoder.store import open_store

    try:
        values = load_config(config)
    except ConfigError as err:
        raise fail(str(err)) from None
    settings = ApiSettings.from_config(values)
    try:
        store = open_store(db or str(values["db"]), read_only=settings.read_only)
        store.set_threads(int(values["api_query_threads"]))
    except EventcoderError as err:
        raise fail(str(err)) from None
    try:
        app = create_app(store, settings)
        err_console.print("loading the spaCy pipeline for POST /code ...", highlight=False)
        try:
            app.state.service.warm_up()
        except EventcoderError as err:
            raise fail(str(err)) from None
        mode = "read-write (token set)" if not settings.read_only else "read-only"
        err_console.print(
            f"serving {store.url} ({mode}) on http://{host}:{port}/ui/  (API: /ui/api)", highlight=False
        )
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add the serve command to the eventcoder app."""
    app.command()(serve)
