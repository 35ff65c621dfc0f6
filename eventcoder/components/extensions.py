"""Every Doc extension eventcoder sets, in one place, with the shape of its values.

Values are plain dicts, lists, strings and numbers (msgpack-safe, so Docs cross processes). Character
offsets (``start``/``end``) count characters of the article text, half-open; token indices
(``token_start``/``token_end``/``head``) index ``doc``. Each component documents which it assigns.
"""

from __future__ import annotations

from typing import Any, TypedDict

from spacy.tokens import Doc, Span


class MetaDict(TypedDict, total=False):
    """doc._.meta, set by the driver before the pipeline runs."""

    article_id: str
    date: str | None  # publication date YYYY-MM-DD
    title: str | None
    source: str | None
    url: str | None
    seq: int  # position in the driver's input stream (ties Docs back to inputs)


class ActorDict(TypedDict):
    """One actor mention: doc._.actors (eventcoder_actors)."""

    text: str
    start: int
    end: int
    token_start: int
    token_end: int
    head: int  # token index of the mention's syntactic head
    sentence_id: int
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    kind: str  # country | capital | person | organisation | igo | group | pronoun | place
    members: list[str]  # member states of a group of named states (G7), else empty


class EvidenceDict(TypedDict):
    text: str
    start: int
    end: int


class DateDict(TypedDict):
    """One date expression: doc._.dates (eventcoder_dates); also event["date"]."""

    text: str
    start: int
    end: int
    sentence_id: int
    date: str | None  # YYYY-MM-DD, the first day of a week/month/year range
    precision: str  # day | week | month | year


class PlaceDict(TypedDict):
    """One place mention: doc._.places (eventcoder_places); also event["location"]."""

    text: str
    start: int
    end: int
    sentence_id: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None


class SpeakerDict(TypedDict):
    text: str
    name: str | None
    code: str | None
    start: int
    end: int


class QuoteDict(TypedDict):
    """One quotation: doc._.quotes (eventcoder_quotes)."""

    kind: str  # direct | indirect
    text: str
    start: int
    end: int
    speaker: SpeakerDict | None


class ImplicitActorDict(TypedDict):
    """A source no words of the text name ("X was arrested": the state of X's country); no evidence span."""

    code: str
    country: str
    sector: str
    why: str  # the construction that implied it


class EventDict(TypedDict, total=False):
    """One coded event: doc._.events (eventcoder_events; dates, places and quotes add to it)."""

    sentence_id: int
    trigger: EvidenceDict
    trigger_token: int
    source: int | None  # index into doc._.actors
    implicit_source: ImplicitActorDict | None  # set when source is None and the state is implied (#15)
    target: int | None  # index into doc._.actors
    cameo: str
    negated: bool
    modality: str  # asserted | reported | intended | future | hypothetical
    confidence: float
    method: str  # absent: a rule; "statistical": eventcoder_fallback (issue #15)
    date: DateDict | None  # eventcoder_dates
    location: PlaceDict | None  # eventcoder_places
    quote: int | None  # index into doc._.quotes (eventcoder_quotes)
    warnings: list[str]


DOC_EXTENSIONS: dict[str, Any] = {
    "meta": None,  # MetaDict
    "issuer": None,  # {"code", "name", "via"} (eventcoder_actors; set it before the pipeline to override)
    "actors": [],  # list[ActorDict]
    "events": [],  # list[EventDict]
    "dates": [],  # list[DateDict]
    "places": [],  # list[PlaceDict]
    "quotes": [],  # list[QuoteDict]
    "dateline": None,  # {"text", "start", "end", "place": PlaceDict | None, "source": str | None}
    "boilerplate": [],  # list[[start, end]]: captions, credits, bylines: kept in the text, not coded
    "warnings": [],  # list[str]: article-level warnings
}


# doc.user_data key set by eventcoder_events when its setting expand_groupings is on: the driver then makes
# one record per member state of a group of named states (eventcoder/groupings.py)
EXPAND_GROUPINGS = "eventcoder_expand_groupings"


def register_extensions() -> None:
    """Register every Doc extension once (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def sentence_index(doc: Doc) -> list[Span]:
    """The document's sentences, in order; ``sentence_id`` indexes this list."""
    return list(doc.sents)


TEXT_KEY = "eventcoder_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text on each access of ``doc.text``."""
    text: str | None = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def is_boilerplate(doc: Doc, start: int, end: int) -> bool:
    """Whether the character range lies inside a boilerplate range (caption, credit, byline)."""
    return any(b_start <= start and end <= b_end for b_start, b_end in doc._.boilerplate)


def article_date(doc: Doc) -> str | None:
    """The publication date (YYYY-MM-DD) the driver put on the Doc, if any."""
    meta = doc._.meta or {}
    return meta.get("date")


def token_to_actor(doc: Doc) -> dict[int, int]:
    """Map every token index inside an actor mention to that mention's index in ``doc._.actors``."""
    index: dict[int, int] = {}
    for i, actor in enumerate(doc._.actors):
        for t in range(actor["token_start"], actor["token_end"]):
            index.setdefault(t, i)
    return index
