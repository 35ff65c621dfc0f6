"""Request and response bodies of the REST API (they make its OpenAPI schema).

Field names follow the store's columns (``eventcoder events`` prints the same rows) and ``EventRecord``.
Character offsets count characters of the article text, half-open.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eventcoder.records import EventRecord, QuoteRecord

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MEMBERS = "Member states (ISO alpha-3) of a group of named states (G7); null for any other actor."


class Strict(BaseModel):
    """Request bodies refuse fields they do not know, and texts without a word."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("text", check_fields=False)
    @classmethod
    def has_text(cls, value: str) -> str:
        """Refuse a blank text."""
        if not value.strip():
            raise ValueError("the text is empty or only whitespace")
        return value


class CodeRequest(Strict):
    """One text to code; nothing is stored."""

    text: str = Field(min_length=1, description="The article text.")
    date: str | None = Field(default=None, pattern=DATE_PATTERN, description="Publication date, YYYY-MM-DD.")
    id: str = Field(default="text", max_length=200, description="Article id used in the records.")
    title: str | None = Field(default=None, max_length=1000)


class ArticleIn(Strict):
    """One article to ingest."""

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, pattern=DATE_PATTERN, description="Publication date, YYYY-MM-DD.")
    source: str | None = Field(default=None, max_length=200, description="Outlet.")
    url: str | None = Field(default=None, max_length=2000)


class IngestRequest(Strict):
    """Articles to code and store (already stored texts are skipped)."""

    articles: list[ArticleIn] = Field(min_length=1)


class Span(BaseModel):
    """A stretch of text to highlight: one piece of evidence."""

    start: int
    end: int
    kind: Literal["quote", "source", "target", "trigger", "date", "place"]
    label: str
    mention_ids: list[str]


class Segment(BaseModel):
    """The text cut at span boundaries: each piece with the kinds of evidence covering it."""

    text: str
    start: int
    kinds: list[str]
    labels: list[str]
    mention_ids: list[str]


class CodeResponse(BaseModel):
    """The events coded from a text, with spans and segments for highlighting."""

    ok: Literal[True] = True
    events: list[EventRecord]
    quotes: list[QuoteRecord]
    spans: list[Span]
    segments: list[Segment]
    warnings: list[str]
    seconds: float = Field(description="Coding time on the server.")


class Failed(BaseModel):
    """An article that could not be coded."""

    article_id: str
    stage: str
    error_code: str | None
    message: str


class IngestResponse(BaseModel):
    """What one POST /articles stored."""

    ok: Literal[True] = True
    run_id: str
    articles: int = Field(description="Newly stored.")
    skipped: int = Field(description="Already stored (same text).")
    failed: int
    mentions: int
    new_events: int
    near_duplicates: int
    failures: list[Failed]


class Event(BaseModel):
    """A deduplicated event: one row of the events table."""

    event_num: int = Field(description="Integer id (GDELT GLOBALEVENTID); use it with GET /events/{id}.")
    event_key: str
    date: dt.date
    last_date: dt.date
    source_code: str | None
    source_country: str | None
    source_sector: str | None
    source_name: str | None
    target_code: str | None
    target_country: str | None
    target_sector: str | None
    target_name: str | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    place_name: str | None
    place_country: str | None
    place_lat: float | None
    place_lon: float | None
    first_mention_id: str
    first_article_hash: str
    source_url: str | None
    n_mentions: int
    n_articles: int
    n_sources: int
    n_stories: int
    source_members: list[str] | None = Field(default=None, description=MEMBERS)
    target_members: list[str] | None = Field(default=None, description="As source_members.")


class Mention(BaseModel):
    """One coded record as stored, with its evidence offsets into its article."""

    article_hash: str
    mention_id: str
    article_id: str
    event_num: int | None = Field(default=None, description="Its event; null when negated or undated.")
    outlet: str | None
    url: str | None
    pub_date: dt.date | None
    sentence_id: int
    sentence_start: int
    sentence_end: int
    event_date: dt.date | None
    date_precision: str | None
    date_text: str | None
    date_start: int | None
    date_end: int | None
    source_text: str | None
    source_code: str | None
    source_name: str | None
    source_start: int | None
    source_end: int | None
    target_text: str | None
    target_code: str | None
    target_name: str | None
    target_start: int | None
    target_end: int | None
    source_members: list[str] | None = Field(default=None, description=MEMBERS)
    target_members: list[str] | None = Field(default=None, description="As source_members.")
    cameo: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    trigger_text: str
    trigger_start: int
    trigger_end: int
    negated: bool
    modality: str
    place_name: str | None
    place_text: str | None
    place_start: int | None
    place_end: int | None
    quote_speaker: str | None
    quote_text: str | None
    quote_start: int | None
    quote_end: int | None
    confidence: float
    warnings: list[str]
    article_title: str | None = None


class EventsPage(BaseModel):
    """A page of events, newest first unless order=asc."""

    ok: Literal[True] = True
    events: list[Event]
    next_cursor: str | None = Field(description="Pass as cursor= for the next page; null on the last page.")
    limit: int


class EventDetail(BaseModel):
    """One event with every mention of it."""

    ok: Literal[True] = True
    event: Event
    mentions: list[Mention]


class Quote(BaseModel):
    """A stored quotation."""

    start: int
    end: int
    kind: str
    text: str
    speaker_text: str | None
    speaker_name: str | None
    speaker_code: str | None
    speaker_start: int | None
    speaker_end: int | None
    event_ids: list[str]


class ArticleOut(BaseModel):
    """A stored article with its text, coded mentions, quotes and the spans to highlight."""

    article_hash: str
    article_id: str
    source: str | None
    url: str | None
    date: dt.date | None
    title: str | None
    text: str
    story_id: str
    duplicate_of: str | None
    similarity: float | None
    n_mentions: int
    ingested_at: dt.datetime
    mentions: list[Mention]
    quotes: list[Quote]
    spans: list[Span]


class ArticleResponse(BaseModel):
    """GET /articles/{id}."""

    ok: Literal[True] = True
    article: ArticleOut


class Period(BaseModel):
    """Counts for one period of a dyad time series."""

    period: dt.date
    events: int
    mentions: int
    goldstein_sum: float
    goldstein_mean: float | None
    q1_verbal_coop: int
    q2_material_coop: int
    q3_verbal_conflict: int
    q4_material_conflict: int


class DyadResponse(BaseModel):
    """Events between two actors per period (periods without events have zero counts)."""

    ok: Literal[True] = True
    a: str
    b: str
    freq: str
    directed: bool
    series: list[Period]


class ActorOut(BaseModel):
    """An actor of the catalogue."""

    actor_code: str
    name: str
    country: str | None
    sector: str | None
    n_mentions: int
    first_date: dt.date | None
    last_date: dt.date | None
    members: list[str] | None = Field(default=None, description=MEMBERS)


class ActorsResponse(BaseModel):
    """GET /actors."""

    ok: Literal[True] = True
    actors: list[ActorOut]


class Node(BaseModel):
    """An actor in the network, with a layout position in [-1, 1]."""

    id: str
    events: int
    country: str
    x: float
    y: float


class Edge(BaseModel):
    """source -> target, weighted by events."""

    source: str
    target: str
    weight: int
    mentions: int
    goldstein: float
    goldstein_mean: float
    conflict: int


class NetworkResponse(BaseModel):
    """The actor network (busiest nodes first, at most max_nodes of them)."""

    ok: Literal[True] = True
    level: str
    nodes: list[Node]
    edges: list[Edge]


class ErrorBody(BaseModel):
    """Every error: one line for people, one message per problem, the HTTP status."""

    ok: Literal[False] = False
    error: str
    errors: list[str]
    status: int


class Health(BaseModel):
    """GET /health."""

    ok: Literal[True] = True
    version: str
    store: str = Field(description="Back-end: duckdb or postgres.")
    read_only: bool
    events: int
    articles: int
    mentions: int
    first_date: str | None
    last_date: str | None
