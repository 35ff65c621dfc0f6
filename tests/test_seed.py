"""Issue 3's acceptance example: the seed story (published 2021-08-25) codes as a careful reader would.

The seed is a news agency's story: it is read from the shared data folder (../shared/data/ or
$EVENTCODER_SHARED), and these tests skip when it is absent.
"""

import json

import pytest

from eventcoder.driver import code_articles
from eventcoder.records import Article


@pytest.fixture(scope="module")
def records(nlp, shared):
    seed = json.loads(shared("seed_article.jsonl").read_text(encoding="utf-8"))
    (coded,) = code_articles([Article(**seed)], nlp)
    return coded.records


def country(actor):
    return actor.country if actor else None


@pytest.mark.issue(3)
def test_beijing_condemns_the_talks(records):
    hits = [r for r in records if "condemned by Beijing" in r.sentence and r.cameo_root == "11"]
    assert hits, [(r.sentence[:40], r.cameo) for r in records]
    assert all(country(r.source) == "CHN" for r in hits)
    assert {country(r.target) for r in hits} <= {"TWN", "JPN"} and {country(r.target) for r in hits} & {
        "TWN",
        "JPN",
    }


@pytest.mark.issue(3)
def test_harris_accuses_china_of_bullying(records):
    hits = [r for r in records if r.trigger.text == "accusing"]
    assert [(r.source.code, country(r.target), r.cameo) for r in hits] == [("USAGOV", "CHN", "112")]


@pytest.mark.issue(3)
def test_the_talks_are_dated_friday(records):
    # announced talks code as an intent to meet (036, maps.announce) when the side announces its own
    talks = [r for r in records if r.cameo_root in ("03", "04") and "on Friday" in r.sentence]
    assert talks and {r.event_date for r in talks} == {"2021-08-27"}
    assert all(r.modality == "future" for r in talks)
