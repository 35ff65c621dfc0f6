"""The public data contract: articles in, event records and quotes out.

Field names here are a public interface (JSONL, CSV, the store, the API): keep them stable.
Character offsets always count characters of the article text, half-open like ``span.start_char``.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

_SURROGATE = re.compile("[\ud800-\udfff]")
Modality = Literal["asserted", "reported", "intended", "future", "hypothetical"]
MODALITIES: tuple[str, ...] = get_args(Modality)  # most certain first: the order events take their best from


class Article(BaseModel):
    """One news article to code."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    title: str | None = None
    date: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    source: str | None = None
    url: str | None = None

    @field_validator("id", "text", "title", "source", "url", mode="after")
    @classmethod
    def _no_lone_surrogates(cls, value: str | None) -> str | None:
        """Replace lone UTF-16 surrogates (JSON ``"\\ud83d"``) by U+FFFD: same length, so offsets hold."""
        return _SURROGATE.sub("\ufffd", value) if value else value

    @property
    def content_hash(self) -> str:
        """Hex SHA-1 of the text: identical text is the same article whatever its id."""
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def input_hash(self) -> str:
        """Hex SHA-1 of the text and its metadata: the key of a failure, so a corrected input is retried."""
        fields = (self.text, self.date, self.title, self.source, self.url)
        joined = "\x00".join("" if v is None else v for v in fields)
        return hashlib.sha1(("input\x00" + joined).encode("utf-8", "surrogatepass")).hexdigest()


class Actor(BaseModel):
    """An actor as coded in one sentence, with its evidence span."""

    text: str
    code: str | None = Field(description="CAMEO-style code: country + sector, e.g. CHNGOV; IGO codes.")
    country: str | None = Field(default=None, description="ISO 3166 alpha-3 or an IGO code.")
    sector: str | None = Field(default=None, description="CAMEO sector: GOV, MIL, LEG, PTY, MED, ...")
    name: str | None = Field(default=None, description="Resolved name (dictionary entry or country).")
    start: int | None = Field(description="Evidence offsets; null for an implied actor (no words name it).")
    end: int | None
    members: list[str] = Field(
        default_factory=list,
        description="Member states (ISO alpha-3) of a group of named states it names (G7), else empty.",
    )
    implicit: bool = Field(
        default=False,
        description="Implied, not named: the state behind an agentless arrest (#15); empty text.",
    )


class Span(BaseModel):
    """A piece of evidence: the text and its character offsets."""

    text: str
    start: int
    end: int


class Location(BaseModel):
    """Where an event happened."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None


class QuoteRef(BaseModel):
    """The quotation an event was coded from."""

    speaker: str | None
    text: str
    start: int | None = None
    end: int | None = None


class EventRecord(BaseModel):
    """One coded event: who did what to whom, when, where, and the evidence for each field."""

    event_id: str
    article_id: str
    sentence_id: int
    sentence: str
    sentence_start: int
    sentence_end: int
    event_date: str | None = Field(description="YYYY-MM-DD, or null without any date.")
    date_precision: Literal["day", "week", "month", "year"] | None = None
    date_evidence: Span | None = None
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int = Field(ge=1, le=4)
    plover_type: str | None
    plover_mode: str | None = None
    trigger: Span
    negated: bool = False
    modality: Modality = "asserted"
    location: Location | None = None
    quote: QuoteRef | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    method: Literal["rules", "statistical"] = Field(
        default="rules",
        description="rules, or statistical: coded at root level by the fallback model (eventcoder_fallback).",
    )
    warnings: list[str] = Field(default_factory=list)

    def to_frame(self, library: str = "polars") -> Any:
        """This record as a one-row polars (default) or pandas DataFrame (CSV export's flat columns)."""
        from eventcoder.notebook import to_frame

        return to_frame(self, library)

    def _repr_html_(self) -> str:
        from eventcoder.notebook import records_html

        return records_html([self])


class Speaker(BaseModel):
    """Who said a quotation."""

    text: str
    name: str | None = None
    code: str | None = None
    start: int
    end: int


class QuoteRecord(BaseModel):
    """A direct or indirect quotation with its speaker."""

    article_id: str
    kind: Literal["direct", "indirect"]
    text: str
    start: int
    end: int
    speaker: Speaker | None
    event_ids: list[str] = Field(default_factory=list)


class Failure(BaseModel):
    """An article (or input line) that could not be coded, and why."""

    article_id: str
    stage: str = Field(description="read | actors | events | ... | convert")
    error_code: str | None = None
    message: str
    detail: str | None = None
    failed_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @classmethod
    def from_exception(cls, article_id: str, stage: str, err: BaseException) -> Failure:
        """Record an exception; our own errors keep their [E1xx] code."""
        code = getattr(err, "code", None)
        return cls(
            article_id=article_id,
            stage=stage,
            error_code=code,
            message=str(err).splitlines()[0] if str(err) else type(err).__name__,
            detail=None if code else "".join(traceback.format_exception(err)),
        )


class CodedArticle(BaseModel):
    """An article with everything the coder found in it."""

    article: Article
    records: list[EventRecord]
    quotes: list[QuoteRecord] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # What the pipeline saw, for scoring (``eventcoder eval --by cause``); never serialized.
    sentences: list[Span] = Field(default_factory=list, exclude=True, repr=False)
    mentions: list[Actor] = Field(default_factory=list, exclude=True, repr=False)

    def to_frame(self, library: str = "polars") -> Any:
        """The records as a polars (default) or pandas DataFrame with the CSV export's flat columns."""
        from eventcoder.notebook import to_frame

        return to_frame(self, library)

    def _repr_html_(self) -> str:
        from eventcoder.notebook import coded_html

        return coded_html(self)


def event_id(
    article_id: str, sentence_id: int, trigger_start: int, source: str | None, target: str | None, cameo: str
) -> str:
    """Stable content hash of one record: same article, place and coding, same id."""
    key = f"{article_id}|{sentence_id}|{trigger_start}|{source}|{target}|{cameo}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
