"""The speech-verb lexicon (eventcoder/data/speech_verbs.yaml): one file for every stage that reads speech.

The file sorts lemmas by how they report what someone says, and each stage reads the sets it needs:

- ``say`` ("X said (that) CLAUSE"), ``commit`` ("X vowed / denied that CLAUSE") and ``think`` ("X believes
  / signalled that CLAUSE") verbs report a clause;
- the quotes component (``indirect``: say + commit) makes indirect quotes of them, and attributes direct
  quotations with those plus ``direct_only`` ("asked") and ``report`` ("was quoted as saying");
- the event coder gives class ``speech`` (say + think: the complement is reported; a statement 010 when it
  codes nothing) to ``events``; commitments keep their own classes there (intent, threat, deny);
- the actor coder's "X said it would ..." (the pronoun subject is the speaker) reads ``speakers`` (say +
  commit + think).

Loaded once per path (cached) and validated with numbered errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field, knowledge_text, load_yaml

SPEECH_VERBS_FILE = "speech_verbs.yaml"
SPEECH_VERBS_VERSION = 2
REQUIRED = ("say", "direct_only", "report")  # non-empty in every file
OPTIONAL = ("commit", "think")


@dataclass(frozen=True)
class SpeechVerbs:
    """Speech-verb lemmas by use (see ``eventcoder/data/speech_verbs.yaml``)."""

    say: frozenset[str]
    direct_only: frozenset[str]
    report: frozenset[str]
    commit: frozenset[str] = frozenset()
    think: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    hearer_object: frozenset[str] = frozenset()

    @property
    def indirect(self) -> frozenset[str]:
        """Verbs that introduce an indirect quote: "X said (that) CLAUSE", "X vowed that CLAUSE"."""
        return self.say | self.commit

    @property
    def direct(self) -> frozenset[str]:
        """Verbs that attribute a direct quotation."""
        return self.indirect | self.direct_only | self.report

    @property
    def events(self) -> frozenset[str]:
        """The event coder's class ``speech``: verbs whose complement is reported."""
        return self.say | self.think

    @property
    def speakers(self) -> frozenset[str]:
        """Verbs whose subject speaks for a pronoun subject of their clause ("X said it would")."""
        return self.say | self.commit | self.think


@cache
def load_speech_verbs(path: str | None = None) -> SpeechVerbs:
    """Load and validate a speech-verb file (the packaged one by default); cached per path.

    A user file has the packaged file's shape; ``version`` may be left out, and a file of the first
    version (``indirect`` instead of ``say``) is read with its ``indirect`` verbs as ``say``.
    """
    name, raw = knowledge_text(path, f"data/{SPEECH_VERBS_FILE}")
    data = load_yaml(raw, name)
    if not isinstance(data, dict):
        raise KnowledgeError(Errors.E004.format(path=name, line=1, fmt="YAML", reason="expected a mapping"))
    version = data.pop("version", None if path else SPEECH_VERBS_VERSION)
    if path is None and version is None:
        raise KnowledgeError(Errors.E001.format(path=name, line=1, field="version"))
    if version is not None and version != SPEECH_VERBS_VERSION:
        raise bad_field(
            path=name,
            line=_key_line(raw, "version"),
            field="version",
            value=version,
            reason=f"this eventcoder reads version {SPEECH_VERBS_VERSION}",
        )
    if "say" not in data and "indirect" in data:  # a first-version file
        data["say"] = data.pop("indirect")
    lists: dict[str, frozenset[str]] = {}
    for key in (*REQUIRED, *OPTIONAL):
        values = data.get(key)
        if key in OPTIONAL and values is None:
            continue
        if not isinstance(values, list) or (key in REQUIRED and not values):
            line = _key_line(raw, key) or _key_line(raw, "indirect")
            raise KnowledgeError(Errors.E001.format(path=name, line=line, field=key))
        bad = [v for v in values if not isinstance(v, str) or not v.strip() or " " in v.strip()]
        if bad:
            raise bad_field(
                path=name, line=_key_line(raw, key), field=key, value=bad[0], reason="expected one lemma"
            )
        lists[key] = frozenset(v.strip().lower() for v in values)
    optional: dict[str, frozenset[str]] = {}
    for key in ("person_nouns", "hearer_object"):
        words = data.get(key) or []
        if not isinstance(words, list) or not all(isinstance(v, str) and v.strip() for v in words):
            line = _key_line(raw, key)
            raise bad_field(path=name, line=line, field=key, value=words, reason="expected words")
        optional[key] = frozenset(v.strip().lower() for v in words)
    return SpeechVerbs(**lists, **optional)


def _key_line(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 0
