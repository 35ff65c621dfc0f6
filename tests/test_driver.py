"""The driver on a blank pipeline with a tiny test coder: conversion, order, failures."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.extensions import register_extensions
from eventcoder.driver import code_articles, doc_to_coded, iter_results
from eventcoder.records import Article, Failure

register_extensions()


@Language.component("toy_coder")
def toy_coder(doc: Doc) -> Doc:
    """'X hits Y.' -> actors X and Y (country code = the word), event 190 on 'hits'; 'BOOM' raises."""
    if "BOOM" in doc.text:
        raise ValueError("component exploded")
    actors, events = [], []
    for sid, sent in enumerate(doc.sents):
        for token in sent:
            if token.lower_ == "hits":
                for t in (doc[token.i - 1], doc[token.i + 1]):
                    actors.append(
                        {
                            "text": t.text,
                            "start": t.idx,
                            "end": t.idx + len(t),
                            "token_start": t.i,
                            "token_end": t.i + 1,
                            "head": t.i,
                            "sentence_id": sid,
                            "code": t.text + "GOV",
                            "country": t.text,
                            "sector": "GOV",
                            "name": t.text,
                            "kind": "country",
                        }
                    )
                events.append(
                    {
                        "sentence_id": sid,
                        "trigger": {"text": token.text, "start": token.idx, "end": token.idx + len(token)},
                        "trigger_token": token.i,
                        "source": len(actors) - 2,
                        "target": len(actors) - 1,
                        "cameo": "190",
                        "negated": False,
                        "modality": "asserted",
                        "confidence": 0.9,
                        "warnings": [],
                    }
                )
    doc._.actors, doc._.events = actors, events
    return doc


class BatchCrasher:
    """Like a model pipe: its ``pipe`` method fails for a whole batch holding a 'CRASH' text."""

    def __call__(self, doc: Doc) -> Doc:
        if "CRASH" in doc.text:
            raise RuntimeError("model failure")
        return doc

    def pipe(self, docs, batch_size=16):
        for doc in docs:
            yield self(doc)


@Language.factory("batch_crasher")
def make_batch_crasher(nlp, name):
    return BatchCrasher()


@pytest.fixture(scope="module")
def toy_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("batch_crasher")
    nlp.add_pipe("toy_coder")
    return nlp


def test_records_carry_tables_and_offsets(toy_nlp):
    (coded,) = code_articles([{"id": "a1", "text": "Calm day. RUS hits UKR.", "date": "2022-02-24"}], toy_nlp)
    (record,) = coded.records
    assert (record.source.code, record.cameo, record.target.code) == ("RUSGOV", "190", "UKRGOV")
    assert (record.cameo_root, record.goldstein, record.quad_class, record.plover_type) == (
        "19",
        -10.0,
        4,
        "ASSAULT",
    )
    assert record.sentence_id == 1 and record.sentence == "RUS hits UKR."
    assert coded.article.text[record.trigger.start : record.trigger.end] == "hits"
    assert coded.article.text[record.source.start : record.source.end] == "RUS"


def test_failures_keep_order_and_batch_goes_on(toy_nlp):
    items = [
        Article(id="ok1", text="A hits B."),
        Failure(article_id="f.jsonl:2", stage="read", message="bad"),
        Article(id="bad", text="BOOM goes the parser."),
        Article(id="ok2", text="C hits D."),
    ]
    results = list(iter_results(items, toy_nlp, batch_size=2))
    assert [getattr(r, "article_id", None) or r.article.id for r in results] == [
        "ok1",
        "f.jsonl:2",
        "bad",
        "ok2",
    ]
    failure = results[2]
    assert isinstance(failure, Failure) and failure.stage == "toy_coder" and "exploded" in failure.message


def test_skip_and_event_ids_are_stable(toy_nlp):
    article = Article(id="x", text="A hits B.")
    first = next(iter_results([article], toy_nlp))
    second = next(iter_results([article], toy_nlp))
    assert first.records[0].event_id == second.records[0].event_id
    assert list(iter_results([article], toy_nlp, skip=lambda a: a.id == "x")) == []


def test_dict_without_text_goes_to_on_failure(toy_nlp):
    failures = []
    coded = list(
        code_articles([{"id": "n"}, {"id": "y", "text": "E hits F."}], toy_nlp, on_failure=failures.append)
    )
    assert [c.article.id for c in coded] == ["y"]
    assert failures[0].error_code == "E104"


def test_doc_to_coded_links_quotes(toy_nlp):
    article = Article(id="q", text="A hits B.")
    doc = toy_nlp(article.text)
    doc._.quotes = [
        {
            "kind": "indirect",
            "text": "A hits B",
            "start": 0,
            "end": 8,
            "speaker": {"text": "he", "name": "Someone", "code": None, "start": 0, "end": 1},
        }
    ]
    doc._.events[0]["quote"] = 0
    coded = doc_to_coded(doc, article)
    assert coded.quotes[0].event_ids == [coded.records[0].event_id]
    assert coded.records[0].quote.speaker == "Someone"


def test_a_model_failure_costs_one_article_not_the_batch(toy_nlp):
    items = [Article(id=f"a{i}", text="A hits B.") for i in range(3)] + [
        Article(id="c", text="CRASH hits B.")
    ]
    items += [Article(id="z", text="Y hits Z.")]
    results = list(iter_results(items, toy_nlp, batch_size=2))
    assert [type(r).__name__ for r in results] == ["CodedArticle"] * 3 + ["Failure", "CodedArticle"]
    assert results[3].article_id == "c" and "model failure" in results[3].message


def test_dateline_agency_becomes_the_source(toy_nlp):
    article = Article(id="d", text="A hits B.")
    doc = toy_nlp(article.text)
    doc._.meta = {"article_id": "d", "source": "AFP"}
    assert doc_to_coded(doc, article).article.source == "AFP"
    assert doc_to_coded(doc, article.model_copy(update={"source": "VOA"})).article.source == "VOA"


def _ids(results):
    return [r.article_id if isinstance(r, Failure) else r.article.id for r in results]


@pytest.mark.issue(12)
def test_issue12_surrogate_line_does_not_end_stream(tmp_path, toy_nlp):
    """A lone surrogate, a too-deep JSON line and a too-long text each fail alone; the rest is coded."""
    from eventcoder.io.inputs import read_inputs

    path = tmp_path / "bad.jsonl"
    lines = [
        '{"id": "a", "text": "A hits B."}',
        '{"id": "s", "text": "X \\ud83d hits Y."}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": "long", "text": "' + "word " * 300 + '"}',
        '{"id": "z", "text": "C hits D."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    old = toy_nlp.max_length
    toy_nlp.max_length = 1000
    try:
        results = list(iter_results(read_inputs([str(path)]), toy_nlp, batch_size=2))
    finally:
        toy_nlp.max_length = old
    ids = _ids(results)
    assert ids[0] == "a" and ids[-1] == "z" and len(results) == 5
    surrogate = results[1]
    assert not isinstance(surrogate, Failure) and "\ufffd" in surrogate.article.text
    assert surrogate.article.content_hash  # hashable: the store can key it
    assert isinstance(results[2], Failure) and "nested too deeply" in results[2].message


@pytest.mark.issue(12)
def test_issue12_reader_error_is_a_failure_not_the_end(toy_nlp):
    """A reader that raises (closed stdin) ends the input with a Failure, never silently."""

    def broken():
        yield Article(id="a", text="A hits B.")
        raise ValueError("I/O operation on closed file")

    results = list(iter_results(broken(), toy_nlp))
    assert _ids(results) == ["a", "<input>"]
    assert isinstance(results[1], Failure) and "closed file" in results[1].message


@pytest.mark.issue(12)
def test_issue12_skip_that_raises_fails_one_article(toy_nlp):
    def skip(article):
        if article.id == "bad":
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return False

    items = [Article(id="bad", text="A hits B."), Article(id="ok", text="C hits D.")]
    results = list(iter_results(items, toy_nlp, skip=skip))
    assert _ids(results) == ["bad", "ok"] and isinstance(results[0], Failure)


@pytest.mark.issue(12)
def test_issue12_long_text_is_coded_in_parts_with_original_offsets(toy_nlp):
    paragraphs = [f"Calm day {i}. RUS hits UKR{i}.\n\nQuiet. FRA hits ESP{i}.\n" for i in range(40)]
    text = "\n".join(paragraphs)
    (whole,) = iter_results([Article(id="w", text=text)], toy_nlp)
    old = toy_nlp.max_length
    toy_nlp.max_length = 300
    try:
        (parts,) = iter_results([Article(id="w", text=text)], toy_nlp)
    finally:
        toy_nlp.max_length = old
    assert len(text) > 2000 and isinstance(parts, type(whole))
    assert parts.article.text == text
    assert [r.model_dump() for r in parts.records] == [r.model_dump() for r in whole.records]
    assert len(parts.records) == 80
    for record in parts.records:
        assert text[record.trigger.start : record.trigger.end] == "hits"
        assert text[record.sentence_start : record.sentence_end] == record.sentence


@pytest.mark.issue(12)
def test_issue12_split_text_cuts_at_the_best_boundary():
    from eventcoder.driver import split_text

    text = "a b c. d e f\n\ng h i j k l m n o p\nq r s"
    for limit in (5, 8, 13, 20, 100):
        parts = split_text(text, limit)
        assert "".join(text[a:b] for a, b in parts) == text
        assert all(b - a <= limit for a, b in parts)
    assert split_text(text, 20)[0] == (0, 12)  # before the paragraph break, not at a later space
    with pytest.raises(Exception, match="E111"):
        split_text("x" * 50, 20)


@pytest.mark.issue(12)
def test_issue12_unbreakable_long_text_fails_alone(toy_nlp):
    old = toy_nlp.max_length
    toy_nlp.max_length = 100
    try:
        results = list(
            iter_results([Article(id="x", text="y" * 500), Article(id="ok", text="A hits B.")], toy_nlp)
        )
    finally:
        toy_nlp.max_length = old
    assert isinstance(results[0], Failure) and results[0].error_code == "E111"
    assert results[1].article.id == "ok"
