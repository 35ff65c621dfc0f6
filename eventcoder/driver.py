"""The one driver: run ``nlp.pipe`` over articles and turn Docs into event records.

Every front-end (CLI, store ingest, library API) calls :func:`iter_results`. A bad article becomes a
:class:`Failure`; the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from eventcoder.components.extensions import ActorDict, register_extensions
from eventcoder.knowledge.cameo import lookup
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
                warnings=list(event.get("warnings", [])),
            )
        )
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
    return CodedArticle(
        article=article,
        records=records,
        quotes=quote_records,
        warnings=list(doc._.warnings),
        sentences=[Span(text=s.text, start=s.start_char, end=s.end_char) for s in sents],
        mentions=[a for i in range(len(doc._.actors)) if (a := _actor(doc, i)) is not None],
    )


def iter_results(
    items: Iterable[Article | Failure],
    nlp: Language | None = None,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[CodedArticle | Failure]:
    """Code a stream of articles, yielding one CodedArticle or Failure per input, in order.

    Args:
        items: articles (and read failures, passed through).
        nlp: a pipeline from :func:`eventcoder.pipeline.build_nlp`; the default one when None.
        batch_size: Docs per ``nlp.pipe`` batch.
        n_process: worker processes for ``nlp.pipe``.
        skip: articles for which it returns True are not coded nor yielded (e.g. already stored).
    """
    nlp = nlp or default_nlp()
    # (sequence number, item): numbers, not article ids, tie Docs back to inputs (ids may repeat).
    pending: deque[tuple[int, Article | Failure]] = deque()
    errors: dict[int, Failure] = {}

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
        for seq, item in enumerate(items):
            if isinstance(item, Article) and skip is not None and skip(item):
                continue
            pending.append((seq, item))
            if isinstance(item, Article):
                doc = make_doc(nlp, item)
                doc._.meta["seq"] = seq
                yield doc, seq

    # Our components report through the default handler (Language.set_error_handler also walks the
    # model's Cython pipes, which fails in spaCy 3.8).
    nlp.default_error_handler = on_error
    source = docs()
    while True:
        try:
            for doc, seq in nlp.pipe(source, as_tuples=True, batch_size=batch_size, n_process=n_process):
                # Everything queued before this Doc is a read failure or an article spaCy dropped.
                while pending:
                    head_seq, head = pending.popleft()
                    if isinstance(head, Failure):
                        yield head
                    elif head_seq == seq:
                        yield convert(doc, head)
                        break
                    else:
                        yield dropped(head_seq, head)
            break
        except Exception:  # noqa: BLE001 - a model component failed inside a batch: retry it one by one
            log.warning("a batch failed inside the spaCy model; coding its articles one at a time")
            nlp.default_error_handler = raise_error  # here any component error is this article's
            while pending:
                head_seq, head = pending.popleft()
                if isinstance(head, Failure):
                    yield head
                    continue
                try:
                    doc = nlp(make_doc(nlp, head))
                except Exception as err:  # noqa: BLE001 - per-article boundary; recorded, not hidden
                    yield Failure.from_exception(head.id, "pipeline", err)
                else:
                    yield convert(doc, head)
            nlp.default_error_handler = on_error
    for head_seq, head in pending:
        yield head if isinstance(head, Failure) else dropped(head_seq, head)


def code_articles(
    articles: Iterable[Article | dict[str, Any]],
    nlp: Language | None = None,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    batch_size: int = 16,
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
) -> list[EventRecord]:
    """Code one text and return its event records (raises ArticleError for bad input)."""
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
    return coded[0].records
