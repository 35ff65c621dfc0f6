"""Scoring article gold and counting why events are missed (issue 16), on hand-made gold and predictions."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from eventcoder.eval_causes import count_causes
from eventcoder.evaluation import SetReport, _score_article, evaluate
from eventcoder.records import Actor, Article, CodedArticle, EventRecord, Span

# Sentences written for these tests; the offsets below are computed from TEXT.
SENTS = [
    "Chile accused Peru of spying on its navy.",
    "Police in Peru arrested dozens of opposition supporters.",
    "Argentina and Uruguay held talks on river trade.",
    "Brazil said the rain would stop soon.",
    "Bolivia welcomed the deal.",
]
TEXT = " ".join(SENTS)


def span(sentence: int) -> Span:
    start = TEXT.index(SENTS[sentence])
    return Span(text=SENTS[sentence], start=start, end=start + len(SENTS[sentence]))


def actor(sentence: int, word: str, country: str | None) -> Actor:
    start = TEXT.index(word, span(sentence).start)
    return Actor(text=word, code=country, country=country, start=start, end=start + len(word))


def record(sentence: int, src: str | None, tgt: str | None, root: str, n: int = 0) -> EventRecord:
    s = span(sentence)
    return EventRecord(
        event_id=f"{sentence}-{n}-{src}-{tgt}-{root}",
        article_id="a",
        sentence_id=sentence,
        sentence=s.text,
        sentence_start=s.start,
        sentence_end=s.end,
        event_date=None,
        source=Actor(text=src, code=src, country=src, start=s.start, end=s.start + 1) if src else None,
        target=Actor(text=tgt, code=tgt, country=tgt, start=s.start, end=s.start + 1) if tgt else None,
        cameo=f"{root}0",
        cameo_root=root,
        goldstein=0.0,
        quad_class=1,
        plover_type=None,
        trigger=Span(text="x", start=s.start, end=s.start + 1),
        confidence=1.0,
    )


def event(key: str, src: list[str], tgt: list[str], roots: list[str], **more: Any) -> dict[str, Any]:
    return {"id": key, "sents": [key], "src": src, "tgt": tgt, "roots": roots, **more}


MENTIONS = [
    actor(0, "Chile", "CHL"),
    actor(0, "Peru", "PER"),
    actor(1, "Police", "PER"),
    actor(1, "opposition supporters", "PER"),
    actor(2, "Argentina", "ARG"),
    actor(2, "Uruguay", "URY"),
    actor(3, "Brazil", "BRA"),
    actor(4, "Bolivia", "BOL"),
]


def coded(records: list[EventRecord], mentions: list[Actor] = MENTIONS) -> CodedArticle:
    return CodedArticle(
        article=Article(id="a", text=TEXT),
        records=records,
        sentences=[span(i) for i in range(len(SENTS))],
        mentions=mentions,
    )


def causes(
    core: list[dict[str, Any]],
    records: list[EventRecord],
    optional: list[dict[str, Any]] | None = None,
    mentions: list[Actor] = MENTIONS,
) -> tuple[Counter[str], Counter[str], SetReport]:
    gold = {"id": "a", "text": TEXT, "gold": {"core": core, "optional": optional or []}}
    report = SetReport(name="g", kind="articles", items=1)
    _score_article(report, gold, coded(records, mentions))
    return report.causes["missed"], report.causes["extra"], report


ACCUSE = event("Chile accused Peru", ["CHL"], ["PER"], ["11"])
ARREST = event("Police in Peru arrested", ["PER"], ["PER"], ["17"])
TALKS = event("held talks", ["ARG", "URY"], ["ARG", "URY"], ["04"], distinct=True)


@pytest.mark.issue(16)
def test_no_prediction_in_the_sentence_is_no_event():
    missed, _, report = causes([ACCUSE], [])
    assert missed == Counter({"no_event": 1}) and report.overall["event"].fn == 1


@pytest.mark.issue(16)
def test_no_event_also_counts_sentences_without_two_coded_actors():
    mentions = [m for m in MENTIONS if m.text != "Peru"]
    missed, _, _ = causes([ACCUSE], [], mentions=mentions)
    assert missed == Counter({"no_event": 1, "no_event_few_actors": 1})


@pytest.mark.issue(16)
def test_a_prediction_with_fewer_than_two_coded_actors_there_is_few_actors():
    mentions = [m for m in MENTIONS if m.text != "Peru"]
    missed, _, _ = causes([ACCUSE], [record(0, "CHL", None, "11")], mentions=mentions)
    assert missed == Counter({"few_actors": 1})


@pytest.mark.issue(16)
def test_a_domestic_dyad_with_nothing_predicted_for_it_is_domestic_dropped():
    missed, extra, _ = causes([ARREST], [record(1, "PER", "CHL", "17")])
    assert missed == Counter({"domestic_dropped": 1})
    assert extra == Counter({"wrong_actor": 1})


@pytest.mark.issue(16)
def test_right_sentence_and_dyad_with_another_root_is_wrong_root():
    missed, extra, _ = causes([ACCUSE], [record(0, "CHL", "PER", "12")])
    assert missed == Counter({"wrong_root": 1}) and extra == Counter({"wrong_root": 1})


@pytest.mark.issue(16)
def test_a_swapped_dyad_with_the_right_root_is_wrong_dyad():
    missed, extra, _ = causes([ACCUSE], [record(0, "PER", "CHL", "11")])
    assert missed == Counter({"wrong_dyad": 1}) and extra == Counter({"wrong_actor": 1})
    # A symmetric event needs two different countries: ARG-ARG is a wrong dyad, not a domestic one.
    missed, _, _ = causes([TALKS], [record(2, "ARG", "ARG", "04")])
    assert missed == Counter({"wrong_dyad": 1})


@pytest.mark.issue(16)
def test_neither_dyad_nor_root_is_other():
    missed, _, _ = causes([ACCUSE], [record(0, "PER", "CHL", "19")])
    assert missed == Counter({"other": 1})


@pytest.mark.issue(16)
def test_one_prediction_for_two_core_events_leaves_one_as_other():
    second = event("accused Peru of spying", ["CHL"], ["PER"], ["11", "12"])
    missed, extra, report = causes([ACCUSE, second], [record(0, "CHL", "PER", "11")])
    assert report.overall["event"].tp == 1 and missed == Counter({"other": 1}) and not extra


@pytest.mark.issue(16)
def test_extras_by_cause_and_their_sum():
    records = [
        record(0, "CHL", "PER", "11"),  # matched
        record(0, "CHL", "PER", "11", n=1),  # duplicate
        record(3, "BRA", "CHL", "01"),  # no gold event in the sentence: not_event
        record(2, "ARG", "URY", "19"),  # the talks' dyad, another root: wrong_root
        record(2, "ARG", "BOL", "04"),  # no gold dyad: wrong_actor
        record(4, "BOL", "ARG", "05"),  # fits the optional event: not an extra
    ]
    optional = [event("Bolivia welcomed", ["BOL"], [], ["05"])]
    missed, extra, report = causes([ACCUSE, TALKS], records, optional)
    assert extra == Counter({"duplicate": 1, "not_event": 1, "wrong_root": 1, "wrong_actor": 1})
    assert missed == Counter({"wrong_root": 1})
    event_tally = report.overall["event"]
    assert event_tally.fp == extra.total() - extra["duplicate"] == 3
    assert event_tally.fn == missed.total() == 1
    assert report.cause_table()["missed"]["no_event"] == 0  # every cause is listed, zeros included


@pytest.mark.issue(16)
def test_per_root_scores_for_article_gold():
    records = [record(0, "CHL", "PER", "11"), record(2, "ARG", "URY", "19"), record(3, "BRA", "CHL", "04")]
    _, _, report = causes([ACCUSE, ARREST, TALKS], records)
    roots = {label: (t.precision, t.recall) for label, t in report.by["root"].items()}
    assert roots["11"] == (1.0, 1.0)  # matched
    assert roots["17"] == (0.0, 0.0)  # missed, no prediction with root 17
    assert roots["04"] == (0.0, 0.0)  # the talks missed; the 04 predicted in sentence 3 is wrong
    assert roots["19"] == (0.0, 0.0)  # predicted, wrong
    assert report.by["root"]["04"].tp + report.by["root"]["04"].fn == 1


@pytest.mark.issue(16)
def test_count_causes_without_a_matching_misses_everything():
    gold = {"gold": {"core": [ACCUSE, TALKS], "optional": []}}
    missed, extra = count_causes(gold, coded([]), [], {})
    assert missed == Counter({"no_event": 2}) and not extra


@pytest.mark.slow
@pytest.mark.issue(16)
def test_causes_add_up_on_the_real_corpus(nlp, shared):
    (report,) = evaluate([shared("news_dev/tune.jsonl")], nlp, limit=20)
    table = report.cause_table()
    event_tally = report.overall["event"]
    assert sum(v for k, v in table["missed"].items() if k != "no_event_few_actors") == event_tally.fn > 0
    assert sum(v for k, v in table["extra"].items() if k != "duplicate") == event_tally.fp
    assert table["missed"]["no_event_few_actors"] <= table["missed"]["no_event"]
    assert sum(t.tp + t.fn for t in report.by["root"].values()) == event_tally.tp + event_tally.fn
