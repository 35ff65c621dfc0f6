"""Texts longer than one Doc (issue 12): coded in parts cut at paragraph breaks, with the offsets of the
whole text, in bounded memory; a text with nowhere to cut fails alone (E111)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eventcoder.driver import code_articles
from eventcoder.records import Article, Failure

pytestmark = pytest.mark.issue(12)

PARAGRAPHS = [
    "Russian troops attacked the city of Kharkiv on Monday, the Ukrainian army said.",
    "The Chinese foreign ministry accused Japan of provocations near the disputed islands.",
    'Police arrested 40 protesters in Paris on Saturday. "We will not back down," one organiser said.',
    "The European Union imposed new sanctions on Iran after the talks in Vienna collapsed.",
    "Israeli officials met their Egyptian counterparts in Cairo to discuss a ceasefire in Gaza.",
]


@pytest.mark.slow
def test_issue12_long_article_is_coded_with_whole_text_offsets(nlp, monkeypatch) -> None:  # noqa: ANN001
    from eventcoder import driver

    monkeypatch.setattr(driver, "MAX_DOC_CHARS", 20_000)  # same code path as the default, faster
    paragraphs = [f"{PARAGRAPHS[i % len(PARAGRAPHS)]} ({i})" for i in range(600)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 2.5 * driver.MAX_DOC_CHARS
    failures: list[Failure] = []
    (coded,) = code_articles(
        [Article(id="long", text=text, date="2022-03-01")], nlp, on_failure=failures.append
    )
    assert not failures and coded.article.text == text
    records = coded.records
    assert len(records) > 300 and len({r.event_id for r in records}) == len(records)
    assert max(r.trigger.start for r in records) > 2 * driver.MAX_DOC_CHARS  # found in the later parts too
    for r in records:
        assert text[r.trigger.start : r.trigger.end] == r.trigger.text
        assert text[r.sentence_start : r.sentence_end] == r.sentence
        for actor in (r.source, r.target):
            if actor is not None:
                assert text[actor.start : actor.end] == actor.text
    ids = [r.sentence_id for r in records]
    assert ids == sorted(ids)
    for q in coded.quotes:
        assert text[q.start : q.end] == q.text


BOUNDED = """
import random, resource, sys
from eventcoder.driver import code_articles
from eventcoder.records import Article
words = "the minister said army police attacked town talks government rebels met president in".split()
rng = random.Random(1)
text = " ".join(rng.choice(words) for _ in range(170_000))[: int(sys.argv[1])]
if sys.argv[2] == "nospace":
    text = text.replace(" ", "x")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
failures = []
coded = list(code_articles([Article(id="big", text=text)], on_failure=failures.append))
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024
print(len(coded), failures[0].error_code if failures else "-", grown)
"""


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "expected"), [("words", (1, "-")), ("nospace", (0, "E111"))])
def test_issue12_million_characters_without_punctuation_in_bounded_memory(kind: str, expected: tuple) -> None:
    """1,000,000 characters with no sentence end: coded in parts (was 3 GB) or, with no space, rejected."""
    out = subprocess.run(
        [sys.executable, "-c", BOUNDED, "1000000", kind],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    coded, code, grown_mb = out.stdout.split()
    assert (int(coded), code) == expected
    assert int(grown_mb) < 800, out.stdout  # one part's Doc at a time (about 300 MB), not the whole text
