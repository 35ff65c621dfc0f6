"""The JSON endpoints. Each parses, calls one store or analytics function through the service, answers.

Query parameters are validated against patterns before anything reaches the store (and the store binds
every value as a parameter: no SQL is built from input). Unknown parameters are refused with 400.
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any, Literal

import networkx as nx
from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from eventcoder import __version__
from eventcoder.api.errors import ApiError
from eventcoder.api.models import (
    ActorsResponse,
    ArticleResponse,
    CodeRequest,
    CodeResponse,
    DyadResponse,
    ErrorBody,
    EventDetail,
    EventsPage,
    Health,
    IngestRequest,
    IngestResponse,
    NetworkResponse,
)
from eventcoder.api.service import Service
from eventcoder.errors import Errors
from eventcoder.records import Article, Failure
from eventcoder.store import analytics, browse
from eventcoder.store.rows import MENTION_COLUMNS, mention_row

_CODE = "[A-Za-z0-9]{1,16}"  # an actor code prefix or a country: letters and digits only
ACTOR = f"^{_CODE}$"
PLACE = r"^[\w .,'()-]{1,80}$"
MEMBERS = (
    "A country also matches the groups of named states it belongs to (USA: G7 events too); "
    "default: a group counts under its own code only."
)


class FilterParams(BaseModel):
    """Filters shared by GET /events, /network and the dashboard; the CLI's ``eventcoder events`` options."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(
        default=None, pattern=ACTOR, description="Actor code prefix or country, either side."
    )
    source: str | None = Field(
        default=None, pattern=ACTOR, description="Source actor code prefix or country."
    )
    target: str | None = Field(
        default=None, pattern=ACTOR, description="Target actor code prefix or country."
    )
    dyad: str | None = Field(default=None, pattern=f"^{_CODE},{_CODE}$", description="Two actors 'A,B'.")
    directed: bool = Field(default=False, description="With dyad: only A as source.")
    country: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3, either side."
    )
    cameo: str | None = Field(default=None, pattern=r"^\d{1,4}$", description="CAMEO code prefix, e.g. 19.")
    plover: str | None = Field(default=None, pattern=r"^[A-Za-z_]{1,30}$", description="PLOVER type.")
    quad: int | None = Field(default=None, ge=1, le=4, description="Quad class 1-4.")
    since: date | None = Field(default=None, description="First date, YYYY-MM-DD.")
    until: date | None = Field(default=None, description="Last date, YYYY-MM-DD.")
    place: str | None = Field(default=None, pattern=PLACE, description="Place name (substring) or country.")
    modality: str | None = Field(
        default=None,
        pattern=r"^[a-z,]{1,60}$",
        description="Modalities to keep, comma separated, or 'any'; default asserted,reported (occurred).",
    )
    negated: Literal["no", "yes", "any"] | None = Field(
        default=None, description="no (default: non-negated events only), yes (negated only) or any."
    )
    members: bool = Field(default=False, description=MEMBERS)

    def as_filters(self) -> dict[str, Any]:
        """Keyword arguments for :mod:`eventcoder.store.analytics` functions."""
        pair = analytics.dyad_pair(self.dyad) if self.dyad else None
        return {
            "actor": self.actor,
            "source": self.source,
            "target": self.target,
            "dyad": pair,
            "directed": self.directed,
            "country": self.country,
            "cameo": self.cameo,
            "plover": self.plover,
            "quad_class": self.quad,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "place": self.place,
            "modality": self.modality,
            "negated": self.negated,
            "members": self.members,
        }


class EventsQuery(FilterParams):
    """GET /events: filters, page size, cursor, order."""

    limit: int = Field(default=50, ge=1, description="Events per page (at most setting api_max_page).")
    cursor: str | None = Field(default=None, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")
    order: Literal["desc", "asc"] = "desc"


class NetworkQuery(FilterParams):
    """GET /network: filters, node level, pruning."""

    level: Literal["code", "country"] = "country"
    min_events: int = Field(default=1, ge=1, le=1_000_000_000)
    max_nodes: int = Field(default=60, ge=1, le=500)


class DyadQuery(BaseModel):
    """GET /dyads/{a}/{b}."""

    model_config = ConfigDict(extra="forbid")

    freq: Literal["day", "week", "month", "year"] = "month"
    directed: bool = False
    since: date | None = None
    until: date | None = None
    members: bool = Field(default=False, description=MEMBERS)

    def as_series_args(self) -> dict[str, Any]:
        """Keyword arguments for :func:`eventcoder.store.analytics.dyad_series`."""
        return {
            "freq": self.freq,
            "directed": self.directed,
            "members": self.members,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


class ActorsQuery(BaseModel):
    """GET /actors."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, pattern=r"^[\w .'-]{1,60}$", description="Code prefix or name part.")
    limit: int = Field(default=100, ge=1, le=1000)


class NoQuery(BaseModel):
    """Endpoints without query parameters refuse any."""

    model_config = ConfigDict(extra="forbid")


def service(request: Request) -> Service:
    """The app's service (set by create_app)."""
    svc: Service = request.app.state.service
    return svc


Svc = Annotated[Service, Depends(service)]
ActorPath = Annotated[str, Path(pattern=ACTOR, description="Actor code prefix or country.")]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Unknown query parameter, malformed JSON, bad cursor"},
    413: {"model": ErrorBody, "description": "Body over api_max_body bytes"},
    422: {"model": ErrorBody, "description": "A value failed validation"},
    503: {"model": ErrorBody, "description": "The store failed"},
}
router = APIRouter(responses=ERRORS)


@router.get("/health", response_model=Health, tags=["meta"])
def health(svc: Svc, _: Annotated[NoQuery, Query()]) -> dict[str, Any]:
    """Liveness and what the store holds."""
    return {
        "ok": True,
        "version": __version__,
        "store": svc.store.dialect,
        "read_only": svc.settings.read_only,
        **svc.query(browse.summary),
    }


@router.post("/code", response_model=CodeResponse, tags=["coding"])
def code(body: CodeRequest, svc: Svc, _: Annotated[NoQuery, Query()]) -> dict[str, Any]:
    """Code one text into event records; nothing is stored."""
    article = Article(id=body.id, text=body.text, date=body.date, title=body.title)
    (result,), seconds = svc.code([article])
    if isinstance(result, Failure):
        raise ApiError(422, result.message)
    flat = [
        dict(zip(MENTION_COLUMNS, mention_row(r, "", "", None, None, None, None), strict=True))
        for r in result.records
    ]
    quotes = [
        {
            "start": q.start,
            "end": q.end,
            "kind": q.kind,
            "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_text": q.speaker.text if q.speaker else None,
        }
        for q in result.quotes
    ]
    spans = browse.coded_spans(flat, quotes)
    return {
        "ok": True,
        "events": result.records,
        "quotes": result.quotes,
        "spans": spans,
        "segments": browse.segments(article.text, spans),
        "warnings": result.warnings,
        "seconds": round(seconds, 4),
    }


def bearer(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Check the bearer token of a write request."""
    svc: Service = request.app.state.service
    if svc.settings.read_only:
        raise ApiError(403, Errors.E406)
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, Errors.E404, headers={"WWW-Authenticate": "Bearer"})
    given = authorization[7:].strip().encode("utf-8")
    if not hmac.compare_digest(given, svc.settings.token.encode("utf-8")):
        raise ApiError(403, Errors.E405)


@router.post(
    "/articles",
    response_model=IngestResponse,
    status_code=201,
    tags=["store"],
    dependencies=[Depends(bearer)],
    responses={
        401: {"model": ErrorBody, "description": "Missing bearer token"},
        403: {"model": ErrorBody, "description": "Wrong token, or a read-only server"},
    },
)
def post_articles(body: IngestRequest, svc: Svc, _: Annotated[NoQuery, Query()]) -> dict[str, Any]:
    """Code and store articles (needs the bearer token); texts already stored are skipped."""
    articles = [Article(**a.model_dump()) for a in body.articles]
    summary = svc.ingest(articles)
    return {
        "ok": True,
        "run_id": summary.run_id,
        "articles": summary.articles,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "mentions": summary.mentions,
        "new_events": summary.new_events,
        "near_duplicates": summary.near_duplicates,
        "failures": [f.model_dump() for f in summary.failures],
    }


@router.get("/events", response_model=EventsPage, tags=["store"])
def get_events(svc: Svc, query: Annotated[EventsQuery, Query()]) -> dict[str, Any]:
    """Deduplicated events matching the filters, a page at a time (cursor pagination)."""
    if query.limit > svc.settings.max_page:
        raise ApiError(
            422, Errors.E408.format(reason=f"limit {query.limit} is over the maximum {svc.settings.max_page}")
        )
    page = svc.query(
        browse.events_page, limit=query.limit, cursor=query.cursor, order=query.order, **query.as_filters()
    )
    return {"ok": True, "events": page.rows, "next_cursor": page.next_cursor, "limit": query.limit}


@router.get(
    "/events/{event_id}",
    response_model=EventDetail,
    tags=["store"],
    responses={404: {"model": ErrorBody, "description": "No such event"}},
)
def get_event(
    svc: Svc,
    event_id: Annotated[int, Path(ge=0, lt=2**63, description="event_num")],
    _: Annotated[NoQuery, Query()],
) -> dict[str, Any]:
    """One event with its mentions and their evidence."""
    event = svc.query(browse.event_detail, event_id)
    if event is None:
        raise ApiError(404, Errors.E407.format(what="event", value=event_id))
    mentions = event.pop("mentions")
    return {"ok": True, "event": event, "mentions": mentions}


@router.get(
    "/articles/{article_id}",
    response_model=ArticleResponse,
    tags=["store"],
    responses={404: {"model": ErrorBody, "description": "No such article"}},
)
def get_article(
    svc: Svc,
    article_id: Annotated[str, Path(max_length=200, description="Content hash or article id.")],
    _: Annotated[NoQuery, Query()],
) -> dict[str, Any]:
    """A stored article: its text, coded mentions, quotes and the spans to highlight."""
    article = svc.query(browse.article_detail, article_id)
    if article is None:
        raise ApiError(404, Errors.E407.format(what="article", value=article_id))
    return {"ok": True, "article": article}


@router.get("/dyads/{a}/{b}", response_model=DyadResponse, tags=["analytics"])
def get_dyad(svc: Svc, a: ActorPath, b: ActorPath, query: Annotated[DyadQuery, Query()]) -> dict[str, Any]:
    """Events between two actors per period: counts, Goldstein sum and mean, quad classes."""
    series = svc.query(analytics.dyad_series, a, b, **query.as_series_args())
    return {
        "ok": True,
        "a": a.upper(),
        "b": b.upper(),
        "freq": query.freq,
        "directed": query.directed,
        "series": series.to_dicts(),
    }


@router.get("/actors", response_model=ActorsResponse, tags=["store"])
def get_actors(svc: Svc, query: Annotated[ActorsQuery, Query()]) -> dict[str, Any]:
    """The actor catalogue, most mentioned first."""
    return {"ok": True, "actors": svc.query(browse.actors, q=query.q, limit=query.limit)}


@router.get("/network", response_model=NetworkResponse, tags=["analytics"])
def get_network(svc: Svc, query: Annotated[NetworkQuery, Query()]) -> dict[str, Any]:
    """The weighted actor network with a layout, at most max_nodes of the busiest actors."""
    graph = svc.query(analytics.network, level=query.level, min_events=query.min_events, **query.as_filters())
    return {"ok": True, "level": query.level, **network_json(graph, query.max_nodes)}


def network_json(graph: nx.DiGraph, max_nodes: int) -> dict[str, list[dict[str, Any]]]:
    """Nodes (busiest first, with spring-layout positions) and the edges among them."""
    busiest = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["events"], n))[:max_nodes]
    sub = graph.subgraph(busiest)
    pos = (
        nx.spring_layout(sub.to_undirected(), weight="weight", seed=7, k=1.5 / max(1, len(busiest)) ** 0.5)
        if len(busiest) > 1
        else {n: (0.0, 0.0) for n in busiest}
    )
    nodes = [
        {
            "id": n,
            "events": graph.nodes[n]["events"],
            "country": graph.nodes[n]["country"],
            "x": round(float(pos[n][0]), 4),
            "y": round(float(pos[n][1]), 4),
        }
        for n in busiest
    ]
    edges = [{"source": u, "target": v, **d} for u, v, d in sorted(sub.edges(data=True))]
    return {"nodes": nodes, "edges": edges}
