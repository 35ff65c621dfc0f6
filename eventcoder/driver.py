"""The one driver: run ``nlp.pipe`` over articles and turn Docs into event records.

Every front-end (CLI, store ingest, library API) calls :func:`iter_results`. A bad article becomes a
:class:`Failure`; the rest of the batch goes on.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from eventcoder.components.extensions import EXPAND_GROUPINGS, ActorDict, register_extensions
from eventcoder.config import BATCH_SIZE
from eventcoder.errors import ArticleError, Errors, Warnings
from eventcoder.groupings import expand_record
from eventcoder.knowledge.cameo import lookup
from eventcoder.notebook import Records
from eventcoder.records import (
    Actor,
    Article,
    CodedArticle,
    EventRecord,
    Failure,
    Location,
    QuoteRecord,
    QuoteRef,
    Span,
    Speaker,
    event_id,
)

log = logging.getLogger(__name__)
_DEFAULT_NLP: Language | None = None


def default_nlp() -> Language:
    """The default pipeline, built once per process."""
    global _DEFAULT_NLP
    if _DEFAULT_NLP is None:
        from eventcoder.pipeline import build_nlp

        _DEFAULT_NLP = build_nlp()
    return _DEFAULT_NLP


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenize an article and attach its metadata before the pipeline runs."""
    register_extensions()
    doc = nlp.make_doc(article.text)
    doc._.meta = {
        "article_id": article.id,
        "date": article.date,
        "title": article.title,
        "source": article.source,
        "url": article.url,
    }
    return doc


def _actor(doc: Doc, index: int | None) -> Actor | None:
    if index is None:
        return None
    a: ActorDict = doc._.actors[index]
    return Actor(
        text=a["text"],
        code=a["code"],
        country=a["country"],
        sector=a["sector"],
        name=a["name"],
        start=a["start"],
        end=a["end"],
        members=list(a.get("members") or []),
    )


def doc_to_coded(doc: Doc, article: Article) -> CodedArticle:
    """Convert a processed Doc into records and quotes (the only place EventRecords are built)."""
    meta = doc._.meta or {}
    if article.source is None and meta.get("source"):  # the dateline's agency ("TAIPEI (AFP) -")
        article = article.model_copy(update={"source": meta["source"]})
    sents = list(doc.sents)
    quotes: list[dict[str, Any]] = list(doc._.quotes)
    quote_events: dict[int, list[str]] = {i: [] for i in range(len(quotes))}
    records: list[EventRecord] = []
    seen: set[str] = set()
    for event in doc._.events:
        sent = sents[event["sentence_id"]]
        source, target = _actor(doc, event.get("source")), _actor(doc, event.get("target"))
        implied = event.get("implicit_source")
        if source is None and implied:  # no words name it: no text, no offsets (#15)
            source = Actor(
                text="",
                code=implied["code"],
                country=implied["country"],
                sector=implied["sector"],
                name=None,
                start=None,
                end=None,
                implicit=True,
            )
        cameo = lookup(event["cameo"])
        eid = event_id(
            article.id,
            event["sentence_id"],
            event["trigger"]["start"],
            source.code if source else None,
            target.code if target else None,
            cameo.code,
        )
        if eid in seen:
            continue
        seen.add(eid)
        date = event.get("date")
        place = event.get("location")
        qi = event.get("quote")
        quote = None
        if qi is not None:
            q = quotes[qi]
            speaker = q.get("speaker")
            quote = QuoteRef(
                speaker=(speaker.get("name") or speaker.get("text")) if speaker else None,
                text=q["text"],
                start=q["start"],
                end=q["end"],
            )
            quote_events[qi].append(eid)
        records.append(
            EventRecord(
                event_id=eid,
                article_id=article.id,
                sentence_id=event["sentence_id"],
                sentence=sent.text,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                event_date=date["date"] if date else None,
                date_precision=date["precision"] if date and date.get("date") else None,
                date_evidence=Span(text=date["text"], start=date["start"], end=date["end"])
                if date and date.get("start", -1) >= 0
                else None,
                source=source,
                target=target,
                cameo=cameo.code,
                cameo_root=cameo.root,
                goldstein=cameo.goldstein,
                quad_class=cameo.quad_class,
                plover_type=cameo.plover_type,
                plover_mode=cameo.plover_mode,
                trigger=Span(**event["trigger"]),
                negated=bool(event.get("negated", False)),
                modality=event.get("modality", "asserted"),
                location=Location(
                    name=place["name"],
                    country=place.get("country"),
                    lat=place.get("lat"),
                    lon=place.get("lon"),
                    text=place.get("text"),
                    start=place.get("start"),
                    end=place.get("end"),
                )
                if place
                else None,
                quote=quote,
                confidence=float(event.get("confidence", 1.0)),
                method=event.get("method", "rules"),
                warnings=list(event.get("warnings", [])),
            )
        )
    if doc.user_data.get(EXPAND_GROUPINGS):
        records, quote_events = _expanded(records, quote_events)
    quote_records = [
        QuoteRecord(
            article_id=article.id,
            kind=q["kind"],
            text=q["text"],
            start=q["start"],
            end=q["end"],
            speaker=Speaker(**q["speaker"]) if q.get("speaker") else None,
            event_ids=quote_events[i],
        )
        for i, q in enumerate(quotes)
    ]
    doc_warnings = list(doc._.warnings)
    if Warnings.W103 in doc_warnings:  # no publication date: every record says so, not only the Doc
        for record in records:
            if Warnings.W103 not in record.warnings:
                record.warnings.append(Warnings.W103)
    set_actor_spans(doc)
    return CodedArticle(
        article=article,
        records=records,
        quotes=quote_records,
        warnings=list(doc._.warnings),
        sentences=[Span(text=s.text, start=s.start_char, end=s.end_char) for s in sents],
        mentions=[a for i in range(len(doc._.actors)) if (a := _actor(doc, i)) is not None],
    )


def _expanded(
    records: list[EventRecord], quote_events: dict[int, list[str]]
) -> tuple[list[EventRecord], dict[int, list[str]]]:
    """Records with groupings as their member states (setting expand_groupings), and the quotes' event ids
    re-pointed; a member record with the id of one already kept (same trigger, codes and CAMEO) is dropped."""
    out: list[EventRecord] = []
    ids: dict[str, list[str]] = {}
    seen: set[str] = set()
    for record in records:
        for r in expand_record(record):
            if r.event_id not in seen:
                seen.add(r.event_id)
                out.append(r)
                ids.setdefault(record.event_id, []).append(r.event_id)
    return out, {qi: [n for e in eids for n in ids.get(e, [])] for qi, eids in quote_events.items()}


# A Doc costs about 2.7 KB of memory per character (model activations), so a longer text is coded in parts
# of at most this many characters, cut at paragraph breaks: memory stays bounded (about 150 MB) whatever the
# text's length. Offsets, sentence numbers and event ids are those of the whole text.
MAX_DOC_CHARS = 50_000
_BOUNDARIES = (  # group 1 is the space a part is cut before: it leads the next part, as in the whole Doc
    re.compile(r"(\n[^\S\n]*\n\s*)"),  # a paragraph break (blank line)
    re.compile(r"(\n\s*)"),  # a line break
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*(\s+)"),  # a sentence end
    re.compile(r"(\s+)"),  # any space
)


def split_text(text: str, limit: int = MAX_DOC_CHARS, where: str = "text") -> list[tuple[int, int]]:
    """Cut a text into consecutive ``(start, end)`` parts of at most ``limit`` characters.

    Each cut is at the last paragraph break in the window, else line break, else sentence end, else space
    (a boundary in the first quarter of the window is passed over for a weaker one further on); the space
    goes to the next part. The parts cover the text exactly.

    Raises:
        ArticleError: [E111] ``limit`` characters without any space: no place to cut.
    """
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]  # a space right after the limit is a boundary too
        cut = 0
        for pattern in _BOUNDARIES:
            cuts = [m.start(1) for m in pattern.finditer(window) if 0 < m.start(1) <= limit]
            if cuts and (cuts[-1] >= limit // 4 or pattern is _BOUNDARIES[-1]):
                cut = cuts[-1]
                break
        if cut <= 0:
            raise ArticleError(Errors.E111.format(where=f"{where}, character {start}", limit=limit))
        parts.append((start, start + cut))
        start += cut
    parts.append((start, len(text)))
    return parts


def _moved(item: Any, offset: int) -> Any:
    """A copy of a span-like record (Span, Actor, Location, QuoteRef, Speaker) shifted by ``offset``."""
    if item is None or getattr(item, "start", None) is None:
        return item
    return item.model_copy(update={"start": item.start + offset, "end": item.end + offset})


def _shifted(coded: CodedArticle, article_id: str, offset: int, sentences: int) -> CodedArticle:
    """Records and quotes of one part, re-anchored in the whole text (offsets, sentence numbers, ids)."""
    ids: dict[str, str] = {}
    records = []
    for r in coded.records:
        source, target = _moved(r.source, offset), _moved(r.target, offset)
        trigger = _moved(r.trigger, offset)
        sentence_id = r.sentence_id + sentences
        eid = event_id(
            article_id,
            sentence_id,
            trigger.start,
            source.code if source else None,
            target.code if target else None,
            r.cameo,
        )
        ids[r.event_id] = eid
        quote = _moved(r.quote, offset)
        records.append(
            r.model_copy(
                update={
                    "event_id": eid,
                    "sentence_id": sentence_id,
                    "sentence_start": r.sentence_start + offset,
                    "sentence_end": r.sentence_end + offset,
                    "date_evidence": _moved(r.date_evidence, offset),
                    "source": source,
                    "target": target,
                    "trigger": trigger,
                    "location": _moved(r.location, offset),
                    "quote": quote,
                }
            )
        )
    quotes = [
        q.model_copy(
            update={
                "start": q.start + offset,
                "end": q.end + offset,
                "speaker": _moved(q.speaker, offset),
                "event_ids": [ids.get(e, e) for e in q.event_ids],
            }
        )
        for q in coded.quotes
    ]
    return coded.model_copy(
        update={
            "records": records,
            "quotes": quotes,
            "sentences": [_moved(span, offset) for span in coded.sentences],
            "mentions": [_moved(actor, offset) for actor in coded.mentions],
        }
    )


def _unskipped(
    items: Iterable[Article | Failure], skip: Callable[[Article], bool]
) -> Iterator[Article | Failure]:
    """The items ``skip`` keeps; an error in ``skip`` is that article's Failure, as in one process."""
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        try:
            if skip(item):
                continue
        except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
            yield Failure.from_exception(item.id, "tokenize", err)
            continue
        yield item


def iter_results(
    items: Iterable[Article | Failure],
    nlp: Language | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[CodedArticle | Failure]:
    """Code a stream of articles, yielding one CodedArticle or Failure per input, in order.

    Args:
        items: articles (and read failures, passed through).
        nlp: a pipeline from :func:`eventcoder.pipeline.build_nlp`; the default one when None.
        batch_size: Docs per ``nlp.pipe`` batch.
        n_process: worker processes, each with its own copy of ``nlp`` (:mod:`eventcoder.parallel`).
        skip: articles for which it returns True are not coded nor yielded (e.g. already stored).
    """
    if n_process > 1:  # one pipeline per worker process, each running this function with n_process=1
        from eventcoder.parallel import iter_parallel

        if skip is not None:
            items = _unskipped(items, skip)
        yield from iter_parallel(items, nlp, n_process=n_process, batch_size=batch_size)
        return
    nlp = nlp or default_nlp()
    check_pipeline(nlp)
    # (sequence number, item): numbers, not article ids, tie Docs back to inputs (ids may repeat).
    pending: deque[tuple[int, Article | Failure]] = deque()
    errors: dict[int, Failure] = {}
    limit = min(MAX_DOC_CHARS, nlp.max_length)
    long_parts: dict[int, list[tuple[int, int]]] = {}  # seq -> parts of a text coded outside the batch

    def code_long(article: Article, parts: list[tuple[int, int]]) -> CodedArticle | Failure:
        """Code a long text part by part (one Doc in memory at a time) and join the parts."""
        handler = nlp.default_error_handler
        nlp.default_error_handler = raise_error  # a component error fails this article
        try:
            joined: list[CodedArticle] = []
            sentences = 0
            for start, end in parts:
                part = article.model_copy(update={"text": article.text[start:end]})
                doc = nlp(make_doc(nlp, part))
                joined.append(_shifted(doc_to_coded(doc, part), article.id, start, sentences))
                sentences += sum(1 for _ in doc.sents)
                del doc
            head = joined[0].article.model_copy(update={"text": article.text})
            warnings = list(dict.fromkeys(w for c in joined for w in c.warnings))
            return CodedArticle(
                article=head,
                records=[r for c in joined for r in c.records],
                quotes=[q for c in joined for q in c.quotes],
                warnings=warnings,
                sentences=[span for c in joined for span in c.sentences],
                mentions=[actor for c in joined for actor in c.mentions],
            )
        except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
            return Failure.from_exception(article.id, "pipeline", err)
        finally:
            nlp.default_error_handler = handler

    def settle(seq: int, head: Article | Failure) -> CodedArticle | Failure:
        """The result of a queued item that has no Doc in the batch."""
        if isinstance(head, Failure):
            return head
        if seq in long_parts:
            return code_long(head, long_parts.pop(seq))
        return dropped(seq, head)

    def on_error(proc_name: str, proc: Any, docs: list[Doc], err: Exception) -> None:
        for doc in docs:  # spaCy drops these Docs from the stream; keep a trace
            seq = (doc._.meta or {}).get("seq", -1)
            errors[seq] = Failure.from_exception(doc._.meta["article_id"], proc_name, err)

    def dropped(seq: int, article: Article) -> Failure:
        found = errors.pop(seq, None)
        return found or Failure(
            article_id=article.id, stage="pipeline", message="the pipeline dropped this article"
        )

    def convert(doc: Doc, article: Article) -> CodedArticle | Failure:
        try:
            return doc_to_coded(doc, article)
        except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
            return Failure.from_exception(article.id, "convert", err)

    def docs() -> Iterator[tuple[Doc, int]]:
        # Nothing in here may raise: an exception would end this generator inside nlp.pipe and silently
        # drop every later input. Each item's own error becomes its Failure; a reader that fails ends the
        # input with a Failure naming the error.
        stream = iter(items)
        seq = -1
        while True:
            seq += 1
            try:
                item = next(stream)
            except StopIteration:
                return
            except Exception as err:  # noqa: BLE001 - the reader broke: record it, nothing follows
                pending.append((seq, Failure.from_exception("<input>", "read", err)))
                return
            if isinstance(item, Failure):
                pending.append((seq, item))
                continue
            try:
                if skip is not None and skip(item):
                    continue
                if len(item.text) > limit:  # coded in parts when its turn comes, not in this batch
                    long_parts[seq] = split_text(item.text, limit, where=item.id)
                    pending.append((seq, item))
                    continue
                doc = make_doc(nlp, item)
                doc._.meta["seq"] = seq
            except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
                pending.append((seq, Failure.from_exception(item.id, "tokenize", err)))
                continue
            pending.append((seq, item))
            yield doc, seq

    # Our components report through the default handler (Language.set_error_handler also walks the
    # model's Cython pipes, which fails in spaCy 3.8).
    nlp.default_error_handler = on_error
    source = docs()
    while True:
        try:
            for doc, seq in nlp.pipe(source, as_tuples=True, batch_size=batch_size):
                # Everything queued before this Doc is a read failure or an article spaCy dropped.
                while pending:
                    head_seq, head = pending.popleft()
                    if head_seq == seq and isinstance(head, Article):
                        yield convert(doc, head)
                        break
                    yield settle(head_seq, head)
            break
        except Exception:  # noqa: BLE001 - a model component failed inside a batch: retry it one by one
            log.warning("a batch failed inside the spaCy model; coding its articles one at a time")
            nlp.default_error_handler = raise_error  # here any component error is this article's
            while pending:
                head_seq, head = pending.popleft()
                if isinstance(head, Failure) or head_seq in long_parts:
                    yield settle(head_seq, head)
                    continue
                try:
                    doc = nlp(make_doc(nlp, head))
                except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
                    yield Failure.from_exception(head.id, "pipeline", err)
                else:
                    yield convert(doc, head)
            nlp.default_error_handler = on_error
    while pending:
        yield settle(*pending.popleft())


def code_articles(
    articles: Iterable[Article | dict[str, Any]],
    nlp: Language | None = None,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[CodedArticle]:
    """Code articles (Article objects or dicts with id, text, date...), yielding the coded ones.

    Failures are passed to ``on_failure`` (logged when it is None).
    """
    from eventcoder.io.inputs import article_from_dict

    def as_articles() -> Iterator[Article | Failure]:
        for n, item in enumerate(articles, start=1):
            if isinstance(item, Article):
                yield item
                continue
            try:
                yield article_from_dict(item, where=f"article {n}", default_id=f"article-{n}")
            except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
                yield Failure.from_exception(f"article {n}", "read", err)

    for result in iter_results(as_articles(), nlp, batch_size=batch_size, n_process=n_process):
        if isinstance(result, Failure):
            if on_failure is not None:
                on_failure(result)
            else:
                log.warning("%s", result.message)
        else:
            yield result


def code(
    text: str, date: str | None = None, article_id: str | None = None, nlp: Language | None = None
) -> Records:
    """Code one text and return its event records (raises ArticleError for bad input).

    The result is a list with ``.to_frame("polars"|"pandas")`` and an HTML view in Jupyter.
    """
    from eventcoder.io.inputs import article_from_dict

    article = article_from_dict(
        {"id": article_id or "text", "text": text, "date": date},
        where=article_id or "text",
        default_id="text",
    )
    failures: list[Failure] = []
    coded = list(code_articles([article], nlp, on_failure=failures.append))
    if failures:
        from eventcoder.errors import ArticleError

        raise ArticleError(failures[0].message)
    return Records(coded[0].records)


def set_publication_date(doc: Doc, date: str | None) -> Doc:
    """Set the publication date relative dates resolve against, on a Doc before the pipeline runs.

    For spaCy use without :func:`code`: ``doc = nlp.make_doc(text); set_publication_date(doc,
    "2021-08-25"); doc = nlp(doc)``. The date is checked (YYYY-MM-DD or an ISO datetime).

    Raises:
        ArticleError: [E1xx] not a date.
    """
    from eventcoder.io.inputs import normalize_date

    register_extensions()
    meta = dict(doc._.meta or {})
    meta["date"] = normalize_date(date, "publication date") if date else None
    doc._.meta = meta
    return doc


def set_actor_spans(doc: Doc) -> Doc:
    """Copy ``doc._.actors`` to ``doc.spans["eventcoder_actors"]`` (labels = codes) for displaCy.

    ``spacy.displacy.render(doc, style="span", options={"spans_key": "eventcoder_actors"})`` shows them.
    """
    spans = []
    for actor in doc._.actors or []:
        span = doc.char_span(
            actor["start"], actor["end"], label=actor.get("code") or "ACTOR", alignment_mode="expand"
        )
        if span is not None:
            spans.append(span)
    doc.spans["eventcoder_actors"] = spans
    return doc


def check_pipeline(nlp: Language) -> None:
    """An events component needs the actors component before it.

    Raises:
        ConfigError: [E306] a pipeline with eventcoder_events but no eventcoder_actors before it.
    """
    names = list(nlp.pipe_names)
    if "eventcoder_events" in names and (
        "eventcoder_actors" not in names
        or names.index("eventcoder_actors") > names.index("eventcoder_events")
    ):
        from eventcoder.errors import ConfigError

        raise ConfigError(Errors.E307.format(pipes=", ".join(names)))
