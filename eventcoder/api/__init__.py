"""The REST API and the web dashboard: ``create_app(store, settings)`` returns a FastAPI app.

Routes call the store's look-ups (:mod:`eventcoder.store.browse`) and :mod:`eventcoder.store.analytics`, the
functions the CLI calls; there is no SQL here. ``eventcoder serve`` runs the app with uvicorn.

Example::

    from eventcoder import open_store
    from eventcoder.api import ApiSettings, create_app

    app = create_app(open_store("events.duckdb", read_only=True), ApiSettings())
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from eventcoder import __version__
from eventcoder.api.errors import BodyLimit, install_error_handlers
from eventcoder.api.pages import router as pages_router
from eventcoder.api.routes import router as api_router
from eventcoder.api.service import ApiSettings, Service
from eventcoder.store.base import SQLStore

DESCRIPTION = """Political event data coded from news: code a text, ingest articles, query events, dyads,
actors and the actor network. Every error is `{"ok": false, "error": ..., "errors": [...], "status": N}`.
The dashboard is at `/ui/`, this reference at `/ui/api`."""


def create_app(store: SQLStore, settings: ApiSettings | None = None) -> FastAPI:
    """The API and dashboard over an open store.

    Args:
        store: an open store; opened read-only unless ``settings.token`` is set.
        settings: token, body limit, page limit and the pipeline settings (defaults: read-only).
    """
    settings = settings or ApiSettings()
    app = FastAPI(
        title="eventcoder",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: /ui/api renders the schema here
        redoc_url=None,
    )
    app.state.service = Service(store, settings)
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    static = resources.files("eventcoder.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_body)
    return app


__all__ = ["ApiSettings", "Service", "create_app"]
