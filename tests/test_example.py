"""The README's example (examples/example_article.jsonl, written for the project, published Wednesday
2025-03-12): its key events code as the README shows."""

import json
from pathlib import Path

import pytest

from eventcoder.driver import code_articles
from eventcoder.records import Article, CodedArticle

EXAMPLE = Path(__file__).parent.parent / "examples" / "example_article.jsonl"
pytestmark = pytest.mark.issue(16)


@pytest.fixture(scope="module")
def coded(nlp) -> CodedArticle:
    (result,) = code_articles([Article(**json.loads(EXAMPLE.read_text(encoding="utf-8")))], nlp)
    return result


@pytest.fixture(scope="module")
def coded_one_sided() -> CodedArticle:
    """The example with one-sided material events kept (component setting one_sided_roots; off by default)."""
    from eventcoder.pipeline import build_nlp

    nlp = build_nlp(config={"eventcoder_events": {"one_sided_roots": ["14", "17", "18", "19"]}})
    (result,) = code_articles([Article(**json.loads(EXAMPLE.read_text(encoding="utf-8")))], nlp)
    return result


def events(coded, root, sentence_has):
    return [r for r in coded.records if r.cameo_root == root and sentence_has in r.sentence]


def country(actor):
    return actor.country if actor else None


def test_the_text_file_is_the_jsonl_text():
    text = (EXAMPLE.parent / "example_article.txt").read_text(encoding="utf-8")
    assert text.rstrip("\n") == json.loads(EXAMPLE.read_text(encoding="utf-8"))["text"]


def test_vietnam_accuses_china_on_wednesday(coded):
    (accuse,) = events(coded, "11", "Vietnam accused China")
    assert (country(accuse.source), country(accuse.target), accuse.cameo) == ("VNM", "CHN", "112")
    assert accuse.event_date == "2025-03-12" and accuse.trigger.text == "accused"


def test_one_sided_events_are_not_coded_by_default(coded):
    assert events(coded, "14", "hundreds of people protested") == []
    assert events(coded, "19", "fired water cannon") == []


def test_the_protest_was_the_day_before(coded_one_sided):
    (protest,) = events(coded_one_sided, "14", "hundreds of people protested")
    assert protest.source is not None and protest.source.code == "VNMCVL"
    assert protest.event_date == "2025-03-11"


def test_the_coast_guard_water_cannon_is_no_armed_attack_and_dated_monday(coded_one_sided):
    # a water cannon is crowd control (175), not small arms (193; issue #11)
    assert events(coded_one_sided, "19", "fired water cannon") == []
    (attack,) = events(coded_one_sided, "17", "fired water cannon")
    assert attack.source is not None and attack.source.code == "CHNMIL" and attack.cameo == "175"
    assert attack.event_date == "2025-03-10" and attack.modality == "reported"


def test_the_talks_in_manila_are_on_friday(coded):
    talks = events(coded, "03", "on Friday")  # announced talks: an intent to meet (036)
    assert [(country(r.source), country(r.target), r.modality, r.event_date) for r in talks] == [
        ("VNM", "PHL", "future", "2025-03-14")
    ]
    assert talks[0].location is not None and talks[0].location.name == "Manila"


def test_washington_calls_on_china(coded):
    (appeal,) = events(coded, "02", "called on China")
    assert (appeal.source.code if appeal.source else None, country(appeal.target)) == ("USAGOV", "CHN")


def test_the_spokeswoman_is_quoted(coded):
    direct = [q for q in coded.quotes if q.kind == "direct" and q.speaker]
    assert {(q.speaker.name, q.speaker.code) for q in direct if q.speaker} == {("Nguyen Thu Ha", "VNMGOV")}
    assert any(q.text.startswith("This attack on our fishermen") for q in direct)
