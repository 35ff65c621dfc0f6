"""Statements aimed at an actor (issue #15, statements / speech acts): the target named by what a feeling
is about, by reported content, a mandative clause or a performative wish. Sentences written for these
tests, parsed by the default model: exact (source, target, code) triples."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

import eventcoder
from eventcoder.records import Article

Triples = Callable[[str], list[tuple[str | None, str | None, str]]]  # the `triples` fixture (conftest)


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a copula's adjective names what the feeling is about in its own prepositional phrase
        (
            "Germany is deeply concerned about recent statements from the Russian government.",
            [("DEU", "RUS", "111")],
        ),
        ("The United States stands firmly against Iran's militias.", [("USA", "IRN", "111")]),
        # ... and no target without an actor there
        ("Ghana is concerned about the economy.", []),
    ],
)
def test_feeling_about_an_actor(triples: Triples, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reported content: the subject of the that-clause of the statement's object
        ("Kenya welcomed the announcement that Somalia had agreed to a ceasefire.", [("KEN", "SOM", "051")]),
        # "noted with concern": the manner noun codes the statement; an event noun subject gives its agent
        (
            "Japan noted with grave concern that the detention of activists by Chinese police continues.",
            [("JPN", "CHN", "111"), ("CHN", "CHN", "173")],
        ),
        ("Japan noted with satisfaction that talks continue.", []),
        # a statement noun about reports: the subject of what is reported
        (
            "Germany voiced concern over reports that Russian troops had crossed the border.",
            [("DEU", "RUS", "111")],
        ),
    ],
)
def test_statement_about_reported_content(
    triples: Triples, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert triples(text) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rubio credited Britain and France for their constructive role.",
            [("USA", "GBR", "051"), ("USA", "FRA", "051")],
        ),
    ],
)
def test_speech_acts(triples: Triples, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.issue(15)
def test_performative_wish(nlp: Language) -> None:
    """ "I would like to thank X" thanks X; a third party's wish stays hypothetical."""
    text = (
        "I would like to thank President Hugo Chavez for his hospitality. Brazil would like to praise Peru."
    )
    article = Article(id="a", text=text, date="2020-06-01", source="U.S. Department of State")
    records = next(iter(eventcoder.code_articles([article], nlp))).records
    assert [
        (r.source.code if r.source else None, r.target.code if r.target else None, r.cameo) for r in records
    ] == [("USAGOV", "VENGOV", "051")]
