"""The speech-verb lexicon (eventcoder.components.quotes.speech)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.components.quotes.speech import load_speech_verbs
from eventcoder.errors import KnowledgeError


def test_speech_verbs_file_loads() -> None:
    verbs = load_speech_verbs()
    assert {"say", "tell", "add", "warn", "insist", "note"} <= verbs.indirect
    assert "ask" in verbs.direct_only and "quote" in verbs.report


def test_bad_speech_verbs_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("indirect: [say]\ndirect_only: []\nreport: [quote]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E001\].*line 2: field 'direct_only'"):
        load_speech_verbs(str(path))


def test_person_nouns_are_optional_in_user_files(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("indirect: [say]\ndirect_only: [ask]\nreport: [quote]\n", encoding="utf-8")
    verbs = load_speech_verbs(str(path))
    assert (verbs.indirect, verbs.person_nouns) == (frozenset({"say"}), frozenset())


def test_unreadable_speech_verbs_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"\[E003\]"):
        load_speech_verbs(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("indirect: [say\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E004\].*line"):
        load_speech_verbs(str(bad))
