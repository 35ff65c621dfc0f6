"""The dashboard: server-rendered pages (Jinja2) over the same look-ups as the JSON API.

Charts (dyad timeline, actor network) are drawn in the browser by Vega-Lite from the JSON endpoints; the
library is vendored under ``static/vendor/`` and served locally. Every chart has a table of the same data.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from eventcoder import __version__
from eventcoder.api.routes import ACTOR, DyadQuery, EventsQuery, NetworkQuery
from eventcoder.api.service import Service
from eventcoder.errors import ConfigError, Errors
from eventcoder.store import analytics, browse
from eventcoder.store.analytics import QUADS

templates = Jinja2Templates(directory=str(resources.files("eventcoder.api").joinpath("templates")))
templates.env.globals["version"] = __version__
templates.env.globals["quads"] = QUADS
router = APIRouter(include_in_schema=False)


def _service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def _params(request: Request, keep: tuple[str, ...]) -> dict[str, str]:
    """Non-empty query parameters a form sent (empty fields mean 'any')."""
    return {k: v for k, v in request.query_params.items() if v.strip() and k in keep}


def _parse(model: type[BaseModel], values: dict[str, str]) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(values), []
    except ValidationError as err:
        return model(), [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()]


def _page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(
        request, name, {"page": name.split(".")[0], **context}, status_code=status
    )


@router.get("/")
def home() -> RedirectResponse:
    """The dashboard lives under /ui/."""
    return RedirectResponse("/ui/")


@router.get("/ui/", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    """Search and filter events; each row opens its first article."""
    svc = _service(request)
    values = _params(request, tuple(EventsQuery.model_fields))
    query, errors = _parse(EventsQuery, values)
    page = browse.Page([], None)
    if not errors:
        limit = min(query.limit, svc.settings.max_page)
        try:
            page = svc.query(
                browse.events_page, limit=limit, cursor=query.cursor, order=query.order, **query.as_filters()
            )
        except ConfigError as err:
            errors = [str(err)]
    form = {k: v for k, v in values.items() if k != "cursor"}
    return _page(
        request,
        "events.html",
        status=422 if errors else 200,
        form=form,
        errors=errors,
        events=page.rows,
        next_cursor=page.next_cursor,
        summary=svc.query(browse.summary),
        next_query={**form, "cursor": page.next_cursor},
    )


@router.get("/ui/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, event: int | None = None) -> Response:
    """An article with its coded evidence highlighted; ``event`` picks the event to emphasise."""
    article = _service(request).query(browse.article_detail, article_id)
    if article is None:
        return _page(
            request, "error.html", status=404, message=Errors.E407.format(what="article", value=article_id)
        )
    focus = {m["mention_id"] for m in article["mentions"] if event is not None and m["event_num"] == event}
    return _page(
        request,
        "article.html",
        article=article,
        segments=browse.segments(article["text"], article["spans"]),
        focus=focus,
        event=event,
    )


@router.get("/ui/dyad", response_class=HTMLResponse)
def dyad_page(request: Request) -> Response:
    """A dyad timeline: events per period by quad class, and the mean Goldstein score."""
    values = _params(request, ("a", "b", *DyadQuery.model_fields))
    a, b = values.pop("a", ""), values.pop("b", "")
    query, errors = _parse(DyadQuery, values)
    series: list[dict[str, Any]] = []
    for name, value in (("a", a), ("b", b)):
        if value and not re.match(ACTOR, value):
            errors.append(f"{name}: an actor code or country, letters and digits only")
    if a and b and not errors:
        frame = _service(request).query(analytics.dyad_series, a, b, **query.as_series_args())
        series = jsonable_encoder(frame.to_dicts())  # ISO dates for the chart's JSON
    return _page(
        request,
        "dyad.html",
        status=422 if errors else 200,
        a=a.upper(),
        b=b.upper(),
        query=query,
        form={"a": a, "b": b, **values},
        errors=errors,
        series=series,
    )


@router.get("/ui/network", response_class=HTMLResponse)
def network_page(request: Request) -> Response:
    """The actor network, drawn from GET /network with the same parameters."""
    values = _params(request, tuple(NetworkQuery.model_fields))
    query, errors = _parse(NetworkQuery, values)
    return _page(
        request, "network.html", status=422 if errors else 200, form=values, query=query, errors=errors
    )


def _ref_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return _schema_type(schema)


def _schema_type(schema: dict[str, Any]) -> str:
    """A short type for a JSON schema: string, integer, Event, list of Event, string or null."""
    if "$ref" in schema:
        return _ref_name(schema)
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    kind = str(schema.get("type", "any"))
    if "enum" in schema:
        kind += " (" + ", ".join(str(v) for v in schema["enum"]) + ")"
    if "pattern" in schema:
        kind += f" matching {schema['pattern']}"
    return kind


templates.env.globals["ref_name"] = _ref_name
templates.env.globals["schema_type"] = _schema_type


@router.get("/ui/api", response_class=HTMLResponse)
def api_page(request: Request) -> Response:
    """The API reference, rendered from the app's own OpenAPI schema (no script, nothing fetched)."""
    return _page(request, "api.html", schema=request.app.openapi())


@router.get("/ui/code", response_class=HTMLResponse)
def code_page(request: Request) -> Response:
    """Paste an article and see it coded live (POST /code)."""
    return _page(request, "code.html")
