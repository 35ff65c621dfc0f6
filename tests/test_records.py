"""The record contract is a public interface: its JSON schema is pinned in tests/data/record_schema.json.

A change here is a breaking change for users: regenerate the file on purpose and say so in the changelog.
"""

import json
from pathlib import Path

from eventcoder.errors import ArticleError, Errors
from eventcoder.records import Article, EventRecord, Failure, QuoteRecord, event_id

PINNED = json.loads((Path(__file__).parent / "data" / "record_schema.json").read_text())


def test_schemas_are_pinned():
    assert EventRecord.model_json_schema() == PINNED["EventRecord"]
    assert QuoteRecord.model_json_schema() == PINNED["QuoteRecord"]


def test_event_id_is_a_stable_content_hash():
    a = event_id("art", 3, 120, "CHNGOV", "TWNGOV", "111")
    assert a == event_id("art", 3, 120, "CHNGOV", "TWNGOV", "111") and len(a) == 16
    assert a != event_id("art", 3, 120, "CHNGOV", "JPNGOV", "111")


def test_content_hash_ignores_id():
    assert Article(id="a", text="same").content_hash == Article(id="b", text="same").content_hash


def test_failure_from_our_error_keeps_code_and_no_traceback():
    failure = Failure.from_exception("f.txt", "read", ArticleError(Errors.E101.format(where="f.txt")))
    assert (failure.error_code, failure.detail) == ("E101", None)
    assert failure.message == "[E101] f.txt: the article has no text."


def test_failure_from_unexpected_error_keeps_traceback():
    failure = Failure.from_exception("x", "convert", ValueError("boom"))
    assert failure.error_code is None and "ValueError: boom" in failure.detail
