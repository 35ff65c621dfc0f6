"""The speech-verb lexicon (eventcoder/knowledge/speech.py; quotes re-export it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.components.quotes.speech import load_speech_verbs
from eventcoder.errors import KnowledgeError


def test_speech_verbs_file_loads() -> None:
    verbs = load_speech_verbs()
    assert {"say", "tell", "add", "warn", "insist", "note"} <= verbs.indirect
    assert "ask" in verbs.direct_only and "quote" in verbs.report
    assert {"vow", "deny"} <= verbs.commit and {"believe", "signal"} <= verbs.think


def test_one_lexicon_feeds_quotes_events_and_actors() -> None:
    """Each stage reads its sets from the one file: quotes (say + commit), the event coder's speech class
    (say + think), the actor coder's "X said it would" (say + commit + think)."""
    from eventcoder.components.actors.rules import SPEECH_VERBS
    from eventcoder.knowledge.patterns import load_patterns

    verbs = load_speech_verbs()
    assert verbs.indirect == verbs.say | verbs.commit
    assert verbs.say | verbs.commit | verbs.think == SPEECH_VERBS
    table = load_patterns()
    speech = {lemma for lemma, entry in table.verbs.items() if "speech" in entry.classes}
    assert speech == verbs.say | verbs.think
    assert not table.has_class("vow", "speech") and table.has_class("vow", "intent")  # its own class


def test_bad_speech_verbs_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("version: 2\nsay: [say]\ndirect_only: []\nreport: [quote]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E001\].*line 3: field 'direct_only'"):
        load_speech_verbs(str(path))
    path.write_text("version: 3\nsay: [say]\ndirect_only: [ask]\nreport: [quote]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E002\].*line 1: field 'version'.*reads version 2"):
        load_speech_verbs(str(path))


def test_person_nouns_and_version_are_optional_in_user_files(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("say: [say]\ndirect_only: [ask]\nreport: [quote]\n", encoding="utf-8")
    verbs = load_speech_verbs(str(path))
    assert (verbs.indirect, verbs.person_nouns, verbs.commit) == (
        frozenset({"say"}),
        frozenset(),
        frozenset(),
    )


def test_a_first_version_user_file_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("indirect: [say, claim]\ndirect_only: [ask]\nreport: [quote]\n", encoding="utf-8")
    assert load_speech_verbs(str(path)).say == frozenset({"say", "claim"})


def test_unreadable_speech_verbs_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"\[E003\]"):
        load_speech_verbs(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("say: [say\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[E004\].*line"):
        load_speech_verbs(str(bad))
