"""Dates: resolution rules, tense choice, the component on hand-built Docs, bad publication dates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.dates.component import DateTagger
from eventcoder.components.dates.resolve import (
    RULES,
    Expression,
    calendar,
    counted,
    iso_date,
    month,
    offset,
    parse_pub_date,
    relative_day,
    relative_month,
    relative_week,
    relative_year,
    resolve_date,
    resolve_weekday,
    weekday,
    year,
)
from eventcoder.components.extensions import register_extensions

PUB = "2021-08-25"  # a Wednesday


def d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.mark.parametrize(
    ("text", "tense", "date", "precision"),
    [
        ("Wednesday", "past", "2021-08-25", "day"),  # "said Wednesday" in a Wednesday story: the same day
        ("Friday", "future", "2021-08-27", "day"),  # "will hold ... on Friday"
        ("Friday", "past", "2021-08-20", "day"),  # "met on Friday": the Friday before
        ("Monday", "present", "2021-08-30", "day"),  # "talks begin Monday": scheduled, ahead
        ("Friday", None, "2021-08-20", "day"),  # no tense: news reports the past
        ("last Friday", "future", "2021-08-20", "day"),
        ("next Wednesday", None, "2021-09-01", "day"),
        ("last Wednesday", None, "2021-08-18", "day"),
        ("yesterday", None, "2021-08-24", "day"),
        ("Yesterday", "future", "2021-08-24", "day"),
        ("tomorrow", None, "2021-08-26", "day"),
        ("last night", None, "2021-08-24", "day"),
        ("three days ago", None, "2021-08-22", "day"),
        ("two weeks ago", None, "2021-08-09", "week"),
        ("later this week", "future", "2021-08-23", "week"),
        ("earlier this week", "past", "2021-08-23", "week"),
        ("last week", None, "2021-08-16", "week"),
        ("next week", None, "2021-08-30", "week"),
        ("last month", None, "2021-07-01", "month"),
        ("earlier this month", None, "2021-08-01", "month"),
        ("next month", None, "2021-09-01", "month"),
        ("earlier this year", None, "2021-01-01", "year"),
        ("last year", None, "2020-01-01", "year"),
        ("August 24", "past", "2021-08-24", "day"),
        ("Aug. 24", None, "2021-08-24", "day"),
        ("August 24", "future", "2022-08-24", "day"),
        ("December 3", "past", "2020-12-03", "day"),
        ("December 3", None, "2021-12-03", "day"),  # no tense: the nearest to the publication date
        ("24 August 2019", None, "2019-08-24", "day"),
        ("Sept. 3, 2020", None, "2020-09-03", "day"),
        ("Friday, Aug. 27", None, "2021-08-27", "day"),
        ("2021-08-01", None, "2021-08-01", "day"),
        ("March 2019", None, "2019-03-01", "month"),
        ("November", "future", "2021-11-01", "month"),
        ("November", "past", "2020-11-01", "month"),
        ("last March", None, "2021-03-01", "month"),
        ("2019", None, "2019-01-01", "year"),
        ("in two weeks' time", "future", "2021-09-06", "week"),
        ("in three days from now", "future", "2021-08-28", "day"),
        ("mid-August", None, "2021-08-01", "month"),
        ("Monday morning", "past", "2021-08-23", "day"),
        ("the weekend", "past", "2021-08-21", "day"),
    ],
)
def test_resolve_date(text: str, tense: str | None, date: str, precision: str) -> None:
    resolved = resolve_date(text, PUB, tense)  # type: ignore[arg-type]
    assert (resolved.date, resolved.precision) == (d(date), precision)


@pytest.mark.parametrize(
    "text",
    ["recent years", "the 1990s", "the future", "at the moment", "in 10 years", "five years", "two days"],
)
def test_vague_expressions_stay_unresolved(text: str) -> None:
    assert resolve_date(text, PUB).date is None


def test_without_publication_date_relative_dates_are_none_absolute_dates_stay() -> None:
    assert resolve_date("Friday", None, "future").date is None
    assert resolve_date("yesterday", None).date is None
    assert resolve_date("later this week", None).date is None
    assert resolve_date("August 24", None).date is None
    assert resolve_date("August 24, 2021", None).date == d("2021-08-24")
    assert resolve_date("2019", None).date == d("2019-01-01")


def test_weekday_on_a_sunday_story() -> None:
    sunday = d("2021-08-29")
    assert resolve_weekday(4, sunday, "past") == d("2021-08-27")
    assert resolve_weekday(4, sunday, "future") == d("2021-09-03")


def test_publication_date_checks() -> None:
    assert parse_pub_date("2021-08-25") == (d("2021-08-25"), None)
    assert parse_pub_date(None) == (None, None)
    date, warning = parse_pub_date("25/08/2021")
    assert date is None and warning is not None and warning.startswith("[W104]")
    date, warning = parse_pub_date("2999-01-01")
    assert date == d("2999-01-01") and warning is not None and warning.startswith("[W101]")


# "Parties will hold talks on Friday, a lawmaker said Wednesday. China hit out at Friday's summit."
WORDS = [
    "Parties",
    "will",
    "hold",
    "talks",
    "on",
    "Friday",
    ",",
    "a",
    "lawmaker",
    "said",
    "Wednesday",
    ".",
    "China",
    "hit",
    "out",
    "at",
    "Friday",
    "'s",
    "summit",
    ".",
]
HEADS = [2, 2, 9, 2, 2, 4, 9, 8, 9, 9, 9, 9, 13, 13, 13, 13, 18, 16, 15, 13]
DEPS = [
    "nsubj",
    "aux",
    "ccomp",
    "dobj",
    "prep",
    "pobj",
    "punct",
    "det",
    "nsubj",
    "ROOT",
    "npadvmod",
    "punct",
    "nsubj",
    "ROOT",
    "prt",
    "prep",
    "poss",
    "case",
    "pobj",
    "punct",
]
TAGS = [
    "NNS",
    "MD",
    "VB",
    "NNS",
    "IN",
    "NNP",
    ",",
    "DT",
    "NN",
    "VBD",
    "NNP",
    ".",
    "NNP",
    "VBD",
    "RP",
    "IN",
    "NNP",
    "POS",
    "NN",
    ".",
]
POS = [
    "NOUN",
    "AUX",
    "VERB",
    "NOUN",
    "ADP",
    "PROPN",
    "PUNCT",
    "DET",
    "NOUN",
    "VERB",
    "PROPN",
    "PUNCT",
    "PROPN",
    "VERB",
    "ADP",
    "ADP",
    "PROPN",
    "PART",
    "NOUN",
    "PUNCT",
]


def make_doc(date: str | None) -> Doc:
    register_extensions()
    nlp = spacy.blank("en")
    spaces = [i + 1 < len(WORDS) and WORDS[i + 1] not in {",", ".", "'s"} for i in range(len(WORDS))]
    doc = Doc(
        nlp.vocab,
        words=WORDS,
        spaces=spaces,
        heads=HEADS,
        deps=DEPS,
        tags=TAGS,
        pos=POS,
        sent_starts=[i in {0, 12} for i in range(len(WORDS))],
    )
    doc._.meta = {"article_id": "t", "date": date}
    doc._.events = [
        {"sentence_id": 0, "trigger_token": 2, "cameo": "040"},  # hold
        {"sentence_id": 0, "trigger_token": 9, "cameo": "010"},  # said
        {"sentence_id": 1, "trigger_token": 13, "cameo": "111"},  # hit out
    ]
    return doc


def test_component_tense_and_attachment() -> None:
    doc = DateTagger("dates")(make_doc(PUB))
    assert [(x["text"], x["date"], x["sentence_id"]) for x in doc._.dates] == [
        ("Friday", "2021-08-27", 0),
        ("Wednesday", "2021-08-25", 0),
        ("Friday", "2021-08-27", 1),  # "Friday's summit": the Friday read elsewhere in the article
    ]
    hold, said, hit = doc._.events
    assert (hold["date"]["date"], hold["date"]["text"], hold["date"]["start"]) == ("2021-08-27", "Friday", 27)
    assert (said["date"]["date"], said["date"]["text"]) == ("2021-08-25", "Wednesday")
    # The summit is Friday's; the criticism itself is dated by the publication date, without evidence.
    assert hit["date"] == {
        "text": "",
        "start": -1,
        "end": -1,
        "sentence_id": -1,
        "date": PUB,
        "precision": "day",
    }
    assert doc._.warnings == []


def test_component_without_publication_date() -> None:
    doc = DateTagger("dates")(make_doc(None))
    assert [e["date"] for e in doc._.events] == [None, None, None]
    assert [x["date"] for x in doc._.dates] == [None, None, None]
    assert doc._.warnings == ["[W103] no publication date: relative dates left unresolved."]


def test_component_with_unparseable_publication_date_warns_and_resolves_nothing() -> None:
    doc = DateTagger("dates")(make_doc("last Tuesday"))
    assert [e["date"] for e in doc._.events] == [None, None, None]
    assert len(doc._.warnings) == 1 and doc._.warnings[0].startswith("[W104]")


def test_component_with_future_publication_date_warns_on_doc_and_events() -> None:
    doc = DateTagger("dates")(make_doc("2999-06-05"))
    assert doc._.warnings[0].startswith("[W101]")
    assert all(e["warnings"][0].startswith("[W101]") for e in doc._.events)
    assert (
        doc._.events[0]["date"]["date"] == "2999-06-07"
    )  # a Wednesday story: Friday is resolved, but flagged


@pytest.mark.parametrize(
    ("text", "anchor", "date"),
    [
        ("a day after", "2017-11-16", "2017-11-15"),
        ("two days after", "2023-10-09", "2023-10-07"),
        ("a week before", "2023-10-09", "2023-10-16"),
        ("hours later", "2019-09-15", "2019-09-15"),
        ("three days earlier", "2019-09-15", "2019-09-12"),
        ("the next day", "2019-09-15", "2019-09-16"),
        ("the day before", "2019-09-15", "2019-09-14"),
    ],
)
def test_offsets_count_from_their_anchor(text: str, anchor: str, date: str) -> None:
    assert resolve_date(text, PUB, None, anchor=d(anchor)).date == d(date)
    assert resolve_date(text, PUB, None).date is None  # no anchor, no guess


def test_vague_offsets_stay_unresolved() -> None:
    assert resolve_date("days before", PUB, None, anchor=d(PUB)).date is None


def test_a_day_after_dates_the_subordinate_event() -> None:
    # "The army held Mugabe on Thursday, a day after soldiers seized the broadcaster."
    words = [
        "The",
        "army",
        "held",
        "Mugabe",
        "on",
        "Thursday",
        ",",
        "a",
        "day",
        "after",
        "soldiers",
        "seized",
        "the",
        "broadcaster",
        ".",
    ]
    heads = [1, 2, 2, 2, 2, 4, 2, 8, 11, 11, 11, 2, 13, 11, 2]
    deps = [
        "det",
        "nsubj",
        "ROOT",
        "dobj",
        "prep",
        "pobj",
        "punct",
        "det",
        "npadvmod",
        "mark",
        "nsubj",
        "advcl",
        "det",
        "dobj",
        "punct",
    ]
    tags = ["DT", "NN", "VBD", "NNP", "IN", "NNP", ",", "DT", "NN", "IN", "NNS", "VBD", "DT", "NN", "."]
    pos = [
        "DET",
        "NOUN",
        "VERB",
        "PROPN",
        "ADP",
        "PROPN",
        "PUNCT",
        "DET",
        "NOUN",
        "SCONJ",
        "NOUN",
        "VERB",
        "DET",
        "NOUN",
        "PUNCT",
    ]
    register_extensions()
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        sent_starts=[i == 0 for i in range(len(words))],
    )
    doc._.meta = {"article_id": "t", "date": "2017-11-16"}
    doc._.events = [{"sentence_id": 0, "trigger_token": 2}, {"sentence_id": 0, "trigger_token": 11}]
    doc = DateTagger("dates")(doc)
    held, seized = doc._.events
    assert (held["date"]["text"], held["date"]["date"]) == ("Thursday", "2017-11-16")
    assert (seized["date"]["text"], seized["date"]["date"]) == ("a day after", "2017-11-15")


# --- hand-annotated wire paragraphs (tests/data/wire_dates_places.jsonl), real model --------------------

GOLD = Path(__file__).parents[2] / "data" / "wire_dates_places.jsonl"
GoldRunner = Callable[[Language, dict[str, Any]], Doc]


def test_gold_file_is_well_formed() -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 10
    for row in rows:
        assert row["split"] in {"dev", "heldout", "heldout2"}
        assert row["date"] is None or dt.date.fromisoformat(row["date"])
        for gold in row["events"]:
            assert gold["trigger"] in row["text"]
            assert gold["precision"] in {"day", "week", "month", "year"}
            assert gold["date"] is None or dt.date.fromisoformat(gold["date"])


def test_date_accuracy_on_wire_paragraphs(nlp: Language, run_gold_paragraph: GoldRunner) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    right = total = 0
    for row in rows:
        doc = run_gold_paragraph(nlp, row)
        for gold, event in zip(row["events"], doc._.events, strict=True):
            total += 1
            predicted = event["date"]
            right += (predicted or {}).get("date") == gold["date"] and (
                predicted is None or predicted["precision"] == gold["precision"]
            )
    # Measured 98/98 (dev 48/48, held-out 28/28 and 22/22 after fixes; 26/28 and 17/22 blind): README.
    assert right / total >= 0.95, f"date accuracy {right}/{total}"


# --- one test per rule of resolve_date (#10): publication Wednesday 2021-08-25 --------------------------

PUB_DAY = dt.date(2021, 8, 25)


@pytest.mark.parametrize(
    ("rule", "text", "kind", "tense", "expected"),
    [
        (iso_date, "2021-08-24", "iso", None, ("2021-08-24", "day", False)),
        (weekday, "Friday", "weekday", "future", ("2021-08-27", "day", True)),
        (weekday, "last Friday", "weekday", None, ("2021-08-20", "day", True)),
        (relative_day, "yesterday", "day", None, ("2021-08-24", "day", True)),
        (relative_day, "the day after tomorrow", "day", None, ("2021-08-27", "day", True)),
        (relative_week, "next week", "week", None, ("2021-08-30", "week", True)),
        (relative_week, "last weekend", "week", None, ("2021-08-21", "day", True)),
        (relative_month, "last month", "month_rel", None, ("2021-07-01", "month", True)),
        (relative_year, "next year", "year_rel", None, ("2022-01-01", "year", True)),
        (counted, "three days ago", "ago", None, ("2021-08-22", "day", True)),
        (counted, "in two months' time", "in_n", None, ("2021-10-01", "month", True)),
        (year, "2019", "year", None, ("2019-01-01", "year", False)),
        (month, "last March", "month", None, ("2021-03-01", "month", True)),
        (month, "next May", "month", None, ("2022-05-01", "month", True)),
        (calendar, "Aug. 27", "calendar", "future", ("2021-08-27", "day", True)),
    ],
)
def test_resolve_date_rule(rule: Any, text: str, kind: str, tense: Any, expected: tuple[Any, ...]) -> None:
    resolved = rule(Expression(text, kind, PUB_DAY, tense, None))
    assert (
        resolved.date.isoformat() if resolved.date else None,
        resolved.precision,
        resolved.relative,
    ) == expected
    assert RULES[kind] is rule  # the rule resolve_date picks for this kind
    assert resolve_date(text, PUB_DAY, tense) == resolved


def test_offset_rule_needs_an_anchor() -> None:
    assert offset(Expression("a day after", "offset", PUB_DAY, None, None)).date is None
    # "X happened a day after Y (anchor: Y's date)": the clause with the offset is the earlier one
    anchored = offset(Expression("a day after", "offset", PUB_DAY, None, dt.date(2021, 8, 20)))
    assert anchored.date == dt.date(2021, 8, 19)


@pytest.mark.issue(12)
@pytest.mark.parametrize("pub", ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"])
def test_issue12_extreme_publication_dates_do_not_crash(nlp, pub):
    """Relative dates that would leave the calendar stay unresolved; the article is coded."""
    from eventcoder.driver import code_articles
    from eventcoder.records import Article

    text = (
        "Rebels attacked the town yesterday and will attack again tomorrow. Next year the army will strike "
        "back. Last week, on Friday, the minister met his counterpart. Two days later, police arrested five "
        "protesters. A decade ago troops withdrew on December 31."
    )
    failures = []
    coded = list(code_articles([Article(id="x", text=text, date=pub)], nlp, on_failure=failures.append))
    assert not failures and len(coded) == 1


@pytest.mark.issue(12)
def test_issue12_publication_date_with_trailing_garbage_is_ignored():
    from eventcoder.components.dates.resolve import parse_pub_date

    assert parse_pub_date("2021-08-25garbage")[0] is None
    assert str(parse_pub_date("2021-08-25T09:00:00Z")[0]) == "2021-08-25"
