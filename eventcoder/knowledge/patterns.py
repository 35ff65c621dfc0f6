"""Verb and noun patterns for the event coder: loading, validation and lookup.

Pattern files are YAML (schema in ``eventcoder/data/patterns/README.md``), versioned with a top-level
``version:`` key and validated on load: every error names the file, the line and the field. The packaged
files are read with importlib.resources; users add their own files (``user_patterns``), which win over the
packaged ones when both give a pattern of the same specificity.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.cameo import is_cameo_code
from eventcoder.knowledge.files import bad_field, read_text
from eventcoder.knowledge.speech import load_speech_verbs

SCHEMA_VERSION = 1
BUILTIN_FILES = ("core.yaml", "nouns.yaml", "petrarch_verbs.yaml")
CONVERTED_FILE = "data/patterns/petrarch_verbs.yaml"  # PETRARCH-2's CAMEO verb dictionary, priority 0
# Classes of the converted dictionary that can be switched on (README of data/patterns, "Converted verbs"):
# free: patterns and default codes of verbs eventcoder's own files do not describe (a default code alone
# codes no event: it only tells whether a verb is coded, e.g. in an appeal's complement); defaults: those
# default codes code events on their own, as in PETRARCH (confidence 0.6); phrasal: the dictionary's
# multi-word verbs ("call off", "crack down") on any verb without a curated class; refine: patterns with a
# prepositional group on a verb eventcoder describes; fillin: every pattern of a verb eventcoder describes
# without a default code, tried after its own patterns.
CONVERTED_CLASSES = ("free", "defaults", "phrasal", "refine", "fillin")
# the classes the default "curated" patterns use: each was measured on a development tune half and accepted
# only if it gained events on the held-out half (none has so far)
ACCEPTED_CLASSES: tuple[str, ...] = ()
VERB_CLASSES = (
    "speech",
    "intent",
    "refusal",
    "threat",
    "appeal",
    "demand",
    "light",
    "deny",
    "experiencer",
    "recipient",
    "defiance",
)
NO_EVENT = "-"  # a pattern with this code stops the verb from coding ("seize on", "in charge of")
_LINE = "__line__"
_GROUP = re.compile(r"\(([^()]*)\)|\{([^{}]*)\}|(\S+)")


# libyaml's loader when PyYAML has it: the converted verb file parses about 6x faster (1.2 s -> 0.2 s)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A SafeLoader that records the 1-based line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class Term:
    """One element of a pattern: a word (or synset) among the verb's arguments, or a prepositional group."""

    words: tuple[frozenset[str], ...]  # each alternative set must be matched by some argument word
    prep: str | None = None  # set for "(prep word ...)" groups

    @property
    def weight(self) -> int:
        return len(self.words) + (1 if self.prep else 0)


@dataclass(frozen=True)
class Pattern:
    """What must follow a verb (its particles, objects, prepositional groups) for ``code`` to apply."""

    code: str
    terms: tuple[Term, ...]
    source: str  # "file:line", for explanations and warnings
    priority: int  # user files > curated > converted
    phrase: bool = False  # from a multi-word lemma ("hit out at"), not from a "patterns:" entry

    @property
    def weight(self) -> int:
        return sum(t.weight for t in self.terms)


@dataclass
class VerbEntry:
    """Everything known about one verb lemma."""

    lemma: str
    code: str | None = None  # default code when no pattern matches
    default_priority: int = -1
    classes: set[str] = field(default_factory=set)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(frozen=True)
class NounEntry:
    """An event noun ("talks", "sanctions") and its code."""

    lemma: str
    code: str
    symmetric: bool
    requires: tuple[frozenset[str], ...]  # modifier words that must be present ("military exercise")
    source: str
    priority: int
    of_role: str = "source"  # "the visit of X": X is the source; "the arrest of X" (of: target)
    poss_role: str = "source"  # "China's attack"; "Tsvangirai's arrest" (possessive: target)
    mention: bool = True  # false: a standing relation ("Japan's cooperation with India"), an event only
    # when a verb carries it ("deepened cooperation", "signed a partnership"), never as a bare mention


@dataclass
class PatternTable:
    """Verb and noun patterns, verb classes and the modality code maps, merged from several files."""

    verbs: dict[str, VerbEntry] = field(default_factory=dict)
    nouns: dict[str, list[NounEntry]] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)  # intent/refusal/threat: root -> code
    symmetric: set[str] = field(default_factory=set)  # verb lemmas whose conjoined subjects act on each other
    # agentless state coercion ("was arrested", "the detention of X" with no agent): CAMEO code -> the
    # sector of the implied state agent, and trigger lemmas that name another sector ("sentenced": JUD)
    implicit_codes: dict[str, str] = field(default_factory=dict)
    implicit_lemmas: dict[str, str] = field(default_factory=dict)
    implicit_except: set[str] = field(default_factory=set)  # lemmas of those codes that imply no agent
    files: list[str] = field(default_factory=list)
    converted: tuple[str, ...] = ()  # the classes of the converted verbs in use (CONVERTED_CLASSES)

    def verb(self, lemma: str) -> VerbEntry | None:
        return self.verbs.get(lemma.lower())

    def has_class(self, lemma: str, cls: str) -> bool:
        entry = self.verbs.get(lemma.lower())
        return entry is not None and cls in entry.classes


class _Reader:
    """Validate one parsed YAML file and add it to a table."""

    def __init__(self, table: PatternTable, path: str, priority: int) -> None:
        self.table, self.path, self.priority = table, path, priority
        self.synsets: dict[str, frozenset[str]] = {}
        self._parsed: dict[str, tuple[Term, ...]] = {}  # a block's patterns repeat for each of its lemmas

    def fail_missing(self, line: int | str, fld: str) -> KnowledgeError:
        return KnowledgeError(Errors.E001.format(path=self.path, line=line, field=fld))

    def fail_bad(self, line: int | str, fld: str, value: object, reason: str) -> KnowledgeError:
        return bad_field(path=self.path, line=line, field=fld, value=value, reason=reason)

    def code(self, item: dict[str, Any], fld: str = "code", required: bool = True) -> str | None:
        line = item.get(_LINE, "-")
        value = item.get(fld)
        if value is None or value == "":
            if required:
                raise self.fail_missing(line, fld)
            return None
        if not isinstance(value, str):
            raise self.fail_bad(line, fld, value, 'write CAMEO codes as quoted text, e.g. "010"')
        if value == NO_EVENT:
            return value
        if not is_cameo_code(value):
            raise self.fail_bad(line, fld, value, "not a CAMEO code of data/cameo.csv")
        return value

    def words(self, item: dict[str, Any], fld: str, required: bool = True) -> list[str]:
        line = item.get(_LINE, "-")
        value = item.get(fld)
        if value is None:
            if required:
                raise self.fail_missing(line, fld)
            return []
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self.fail_bad(line, fld, value, "expected a word or a list of words")
        return [v.strip().lower() for v in value]

    def term_words(self, text: str, line: int, fld: str) -> tuple[frozenset[str], ...]:
        out = []
        for word in text.split():
            if word.startswith("&"):
                if word[1:] not in self.synsets:
                    raise self.fail_bad(line, fld, word, "unknown synset (define it under 'synsets')")
                out.append(self.synsets[word[1:]])
            elif word != "$":
                out.append(frozenset({word.lower()}))
        return tuple(out)

    def parse_match(self, text: str, line: int, fld: str) -> tuple[Term, ...]:
        """Parse ``out at``, ``pressure (on $)``, ``{mock attack}``, ``(of &crime)`` into terms."""
        if text not in self._parsed:
            self._parsed[text] = self._parse_match(text, line, fld)
        return self._parsed[text]

    def _parse_match(self, text: str, line: int, fld: str) -> tuple[Term, ...]:
        if text.count("(") != text.count(")") or text.count("{") != text.count("}"):
            raise self.fail_bad(line, fld, text, "unbalanced brackets")
        terms: list[Term] = []
        for group, phrase, word in _GROUP.findall(text):
            if group:
                parts = group.split()
                if not parts:
                    raise self.fail_bad(line, fld, text, "empty '()' group")
                terms.append(Term(self.term_words(" ".join(parts[1:]), line, fld), prep=parts[0].lower()))
            elif phrase:
                terms.append(Term(self.term_words(phrase, line, fld)))
            elif word and word != "$":
                terms.append(Term(self.term_words(word, line, fld)))
        return tuple(t for t in terms if t.words or t.prep)

    def read(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise KnowledgeError(
                Errors.E004.format(path=self.path, line=1, fmt="pattern YAML", reason="not a mapping")
            )
        version = data.get("version")
        if version is None:
            raise self.fail_missing(1, "version")
        if version != SCHEMA_VERSION:
            raise self.fail_bad(
                1, "version", version, f"this eventcoder reads pattern schema {SCHEMA_VERSION}"
            )
        for key in data:
            if key not in (
                "version",
                "synsets",
                "classes",
                "maps",
                "verbs",
                "nouns",
                "symmetric",
                "implicit_agents",
                _LINE,
            ):
                raise self.fail_bad(data.get(_LINE, 1), key, key, "unknown top-level key")
        for name, members in (data.get("synsets") or {}).items():
            if name == _LINE:
                continue
            self.synsets[name] = frozenset(self.words({"m": members, _LINE: data["synsets"][_LINE]}, "m"))
        self.read_classes(data.get("classes") or {})
        self.read_maps(data.get("maps") or {})
        self.read_implicit(data.get("implicit_agents") or {})
        for lemma in self.words(data, "symmetric", required=False):
            self.table.symmetric.add(lemma)
        for item in data.get("verbs") or []:
            self.read_verb(item)
        for item in data.get("nouns") or []:
            self.read_noun(item)

    def read_classes(self, classes: dict[str, Any]) -> None:
        for cls, members in classes.items():
            if cls == _LINE:
                continue
            if cls not in VERB_CLASSES:
                raise self.fail_bad(
                    classes[_LINE], "classes", cls, f"expected one of {', '.join(VERB_CLASSES)}"
                )
            for lemma in self.words({"m": members, _LINE: classes[_LINE]}, "m"):
                self.table.verbs.setdefault(lemma, VerbEntry(lemma)).classes.add(cls)

    def read_maps(self, maps: dict[str, Any]) -> None:
        for name, mapping in maps.items():
            if name == _LINE:
                continue
            if not isinstance(mapping, dict):
                raise self.fail_bad(maps[_LINE], f"maps.{name}", mapping, "expected root: code pairs")
            for root, code in mapping.items():
                if root == _LINE:
                    continue
                self.code({"c": code, _LINE: mapping[_LINE]}, "c")
                self.table.maps.setdefault(name, {})[str(root)] = code

    def read_implicit(self, data: dict[str, Any]) -> None:
        """``implicit_agents: {codes: {"173": COP}, lemmas: {sentence: JUD}, except: [trial]}``: the implied
        state agent by code, by lemma, and lemmas that imply none."""
        for name, mapping in data.items():
            if name == _LINE:
                continue
            if name == "except":
                self.table.implicit_except.update(self.words({"m": mapping, _LINE: data[_LINE]}, "m"))
                continue
            if name not in ("codes", "lemmas") or not isinstance(mapping, dict):
                raise self.fail_bad(
                    data[_LINE], f"implicit_agents.{name}", mapping, "expected codes, lemmas or except"
                )
            for key, sector in mapping.items():
                if key == _LINE:
                    continue
                if not (
                    isinstance(sector, str) and len(sector) == 3 and sector.isalpha() and sector.isupper()
                ):
                    raise self.fail_bad(
                        mapping[_LINE], f"implicit_agents.{name}", sector, "expected a sector"
                    )
                if name == "codes":
                    self.code({"c": key, _LINE: mapping[_LINE]}, "c")
                    self.table.implicit_codes[str(key)] = sector
                else:
                    self.table.implicit_lemmas[str(key).lower()] = sector

    def read_verb(self, item: Any) -> None:
        if not isinstance(item, dict):
            raise self.fail_bad("-", "verbs", item, "each verb entry must be a mapping")
        line = item[_LINE]
        for key in item:
            if key not in ("code", "lemmas", "patterns", "class", _LINE):
                raise self.fail_bad(line, key, key, "unknown field of a verb entry")
        code = self.code(item, required=False)
        classes = self.words(item, "class", required=False)
        for cls in classes:
            if cls not in VERB_CLASSES:
                raise self.fail_bad(line, "class", cls, f"expected one of {', '.join(VERB_CLASSES)}")
        patterns = item.get("patterns") or []
        if not isinstance(patterns, list):
            raise self.fail_bad(line, "patterns", patterns, "expected a list")
        for phrase in self.words(item, "lemmas"):
            lemma, _, rest = phrase.partition(" ")
            entry = self.table.verbs.setdefault(lemma, VerbEntry(lemma))
            entry.classes.update(classes)
            src = f"{self.path}:{line}"
            if rest and code:  # "hit out at": a pattern of the block's code
                entry.patterns.append(
                    Pattern(code, self.parse_match(rest, line, "lemmas"), src, self.priority, phrase=True)
                )
            elif code and self.priority >= entry.default_priority:
                entry.code, entry.default_priority = code, self.priority
            for pat in patterns:
                if not isinstance(pat, dict):
                    raise self.fail_bad(
                        line, "patterns", pat, "each pattern is a mapping with 'match' and 'code'"
                    )
                pcode = self.code(pat)
                match = pat.get("match")
                if not isinstance(match, str) or not match.strip():
                    raise self.fail_missing(pat[_LINE], "match")
                prefix = rest + " " if rest else ""
                terms = self.parse_match(prefix + match, pat[_LINE], "match")
                entry.patterns.append(Pattern(pcode or "", terms, f"{self.path}:{pat[_LINE]}", self.priority))

    def read_noun(self, item: Any) -> None:
        if not isinstance(item, dict):
            raise self.fail_bad("-", "nouns", item, "each noun entry must be a mapping")
        line = item[_LINE]
        for key in item:
            if key not in ("code", "lemmas", "symmetric", "requires", "of", "possessive", "mention", _LINE):
                raise self.fail_bad(line, key, key, "unknown field of a noun entry")
        code = self.code(item) or ""
        symmetric = item.get("symmetric", False)
        if not isinstance(symmetric, bool):
            raise self.fail_bad(line, "symmetric", symmetric, "expected true or false")
        mention = item.get("mention", True)
        if not isinstance(mention, bool):
            raise self.fail_bad(line, "mention", mention, "expected true or false")
        requires = tuple(
            self.term_words(w, line, "requires")[0] for w in self.words(item, "requires", required=False)
        )
        roles = {}
        for fld in ("of", "possessive"):
            role = item.get(fld, "source")
            if role not in ("source", "target"):
                raise self.fail_bad(line, fld, role, "expected source or target")
            roles[fld] = role
        for lemma in self.words(item, "lemmas"):
            noun = NounEntry(
                lemma,
                code,
                symmetric,
                requires,
                f"{self.path}:{line}",
                self.priority,
                roles["of"],
                roles["possessive"],
                mention,
            )
            self.table.nouns.setdefault(lemma, []).append(noun)


def _parse(text: str, path: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "-"
        reason = getattr(err, "problem", None) or str(err)
        raise KnowledgeError(Errors.E004.format(path=path, line=line, fmt="YAML", reason=reason)) from err


def builtin_texts() -> list[tuple[str, str]]:
    """(name, text) of every packaged pattern file, in load order."""
    folder = resources.files("eventcoder").joinpath("data/patterns")
    return [
        (f"data/patterns/{name}", folder.joinpath(name).read_text(encoding="utf-8")) for name in BUILTIN_FILES
    ]


def converted_class(entry: VerbEntry, pattern: Pattern, classes: Collection[str], own: bool) -> str | None:
    """Which of ``classes`` keeps a converted pattern of ``entry`` (None: it is dropped); ``own``: whether
    eventcoder's own files describe the verb (a default code or a pattern). A verb of a curated class
    (appeal, light, speech ...) codes by composition, so only "free" patterns reach it."""
    if not own:
        if "free" in classes:
            return "free"
        return "phrasal" if "phrasal" in classes and pattern.phrase and not entry.classes else None
    if entry.classes:
        return None
    if "phrasal" in classes and pattern.phrase:
        return "phrasal"
    if "refine" in classes and any(t.prep is not None for t in pattern.terms):
        return "refine"
    if "fillin" in classes and entry.default_priority <= 0:
        return "fillin"
    return None


def build_table(
    sources: Iterable[tuple[str, str, int]],
    converted: Collection[str] = ("free",),
    classes: dict[str, set[str]] | None = None,
) -> PatternTable:
    """Build a table from (path, text, priority) triples; later and higher-priority sources win ties.

    Converted patterns (priority 0) are kept by the ``converted`` classes (``CONVERTED_CLASSES``); a converted
    default code only by "free" or "defaults". ``classes`` adds verb classes (lemma -> classes) before that
    choice."""
    table = PatternTable(converted=tuple(c for c in CONVERTED_CLASSES if c in converted))
    for path, text, priority in sources:
        _Reader(table, path, priority).read(_parse(text, path))
        table.files.append(path)
    for lemma, extra in (classes or {}).items():
        table.verbs.setdefault(lemma, VerbEntry(lemma)).classes.update(extra)
    for lemma, entry in list(table.verbs.items()):
        own = entry.default_priority > 0 or any(p.priority > 0 for p in entry.patterns)
        kept = {id(p): converted_class(entry, p, converted, own) for p in entry.patterns if p.priority <= 0}
        entry.patterns = [p for p in entry.patterns if p.priority > 0 or kept[id(p)]]
        if entry.default_priority <= 0 and not {"free", "defaults"} & set(converted):
            entry.code, entry.default_priority = None, -1
        if not (entry.patterns or entry.code or entry.classes):
            del table.verbs[lemma]
            continue
        # most specific first, eventcoder's own at equal weight; "fillin" patterns after all of its own
        entry.patterns.sort(key=lambda p: (kept.get(id(p)) == "fillin", -p.weight, -p.priority))
    return table


@cache
def _load(patterns: str, user_files: tuple[str, ...]) -> PatternTable:
    sources: list[tuple[str, str, int]] = []
    classes: dict[str, set[str]] = {}
    converted: tuple[str, ...] = ()
    if patterns in ("builtin", "curated") or patterns.startswith("curated+"):
        # "curated+refine,fillin": the accepted classes plus others (benchmarks/ablation.py measures each)
        extra = tuple(c for c in patterns.partition("+")[2].split(",") if c)
        unknown = [c for c in extra if c not in CONVERTED_CLASSES]
        if unknown:
            raise bad_field(
                    path="settings", line="-", field="patterns", value=patterns,
                    reason=f"converted classes are {', '.join(CONVERTED_CLASSES)}",
                )  # fmt: skip
        converted = ("free",) if patterns == "builtin" else ()
        converted += ACCEPTED_CLASSES + extra
        sources += [
            (name, text, 0 if name == CONVERTED_FILE else 1)
            for name, text in builtin_texts()
            if converted or name != CONVERTED_FILE
        ]
        # class "speech": the shared speech-verb lexicon
        classes = {lemma: {"speech"} for lemma in sorted(load_speech_verbs().events)}
    elif patterns != "none":
        sources.append((patterns, read_text(patterns), 1))
    sources += [(path, read_text(path), 2) for path in user_files]
    return build_table(sources, converted, classes)


def load_patterns(patterns: str = "builtin", user_files: Sequence[str] = ()) -> PatternTable:
    """The pattern table plus user files (cached).

    ``patterns``: "builtin" (curated + converted PETRARCH2 verbs), "curated" (eventcoder's own files
    and the accepted classes of the converted verbs, ``ACCEPTED_CLASSES``), "curated+CLASS,..." (and those
    classes of ``CONVERTED_CLASSES``), "none" (user files only) or the path of a pattern file used instead
    of the packaged ones.
    """
    return _load(patterns, tuple(str(p) for p in user_files))
