"""Pattern files: schema validation (file, line, field), user extension, the packaged data."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import load_script

from eventcoder.errors import KnowledgeError
from eventcoder.knowledge.cameo import is_cameo_code
from eventcoder.knowledge.patterns import build_table, load_patterns


def table_from(text: str, path: str = "user.yaml") -> object:
    return build_table([(path, text, 2)])


def test_bad_code_names_file_line_and_field() -> None:
    text = 'version: 1\nverbs:\n  - code: "999"\n    lemmas: [scold]\n'
    with pytest.raises(
        KnowledgeError, match=r"\[E002\] user.yaml, line 3: field 'code' has a bad value '999'"
    ):
        table_from(text)


def test_unquoted_code_is_rejected() -> None:
    with pytest.raises(KnowledgeError, match="line 3: field 'code'.*quoted"):
        table_from("version: 1\nverbs:\n  - {code: 111, lemmas: [scold]}\n")


def test_missing_version_and_lemmas() -> None:
    with pytest.raises(KnowledgeError, match=r"\[E001\] user.yaml, line 1: field 'version'"):
        table_from("verbs: []\n")
    with pytest.raises(KnowledgeError, match=r"\[E001\] user.yaml, line 3: field 'lemmas'"):
        table_from('version: 1\nverbs:\n  - code: "111"\n')


def test_noun_mention_flag() -> None:
    table = table_from('version: 1\nnouns:\n  - {code: "050", mention: false, lemmas: [entente]}\n')
    assert [e.mention for e in table.nouns["entente"]] == [False]  # type: ignore[attr-defined]
    with pytest.raises(KnowledgeError, match="line 3: field 'mention'.*expected true or false"):
        table_from('version: 1\nnouns:\n  - {code: "050", mention: "no", lemmas: [entente]}\n')


def test_broken_yaml_and_unknown_synset() -> None:
    with pytest.raises(KnowledgeError, match=r"\[E004\] user.yaml, line \d+: not valid YAML"):
        table_from("version: 1\nverbs: [\n")
    with pytest.raises(KnowledgeError, match="unknown synset"):
        table_from(
            'version: 1\nverbs:\n  - {code: "111", lemmas: [scold],\n'
            '     patterns: [{match: "&nope", code: "112"}]}\n'
        )


def test_user_file_extends_and_wins(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        'version: 1\nverbs:\n  - {code: "112", lemmas: ["hit out at"]}\n  - {code: "173", lemmas: [nab]}\n'
    )
    table = load_patterns("builtin", [str(user)])
    assert table.verbs["nab"].code == "173"
    # same specificity ("out at"): the user's file wins
    assert [p.code for p in table.verbs["hit"].patterns if p.weight == 2][0] == "112"
    assert [p.code for p in load_patterns().verbs["hit"].patterns if p.weight == 2][0] == "111"
    assert load_patterns() is load_patterns()  # cached


def test_packaged_patterns_cover_every_root() -> None:
    table = load_patterns()
    codes = {e.code for e in table.verbs.values() if e.code}
    codes |= {p.code for e in table.verbs.values() for p in e.patterns}
    codes |= {n.code for ns in table.nouns.values() for n in ns}
    assert {c[:2] for c in codes if c != "-"} == {f"{r:02d}" for r in range(1, 21)}
    assert all(is_cameo_code(c) for c in codes if c != "-")


def test_converter_keeps_blocks_codes_and_post_verb_patterns() -> None:
    module = load_script("tools/convert_cameo_verbs.py")
    source = (
        "&WEAPON\n+MISSILE\n# comment inside a synset\n+ROCKET_\n\n####### VERB PATTERNS #######\n\n"
        "---  WARN   [130]  ---\nWARN\nCAUTION [012]\n- * (OF &WEAPON)  [138]  # WARN\n"
        "- &WEAPON * TEST  [150]  # pre-verb: dropped\n- * (TO BORDER) [042:043]\n- * (BAD  [130]\n"
    )
    text, stats = module.convert(source)
    table = build_table([("petrarch.yaml", text, 0)])
    assert table.verbs["warn"].code == "130"
    assert table.verbs["caution"].code == "012"
    assert sorted(p.code for p in table.verbs["warn"].patterns) == ["042", "138"]
    assert stats["skipped_pre_verb"] == 1 and stats["skipped_synset_or_typo"] == 1
    assert "rocket" in text


CORE = """version: 1
classes:
  appeal: [urge]
verbs:
  - {code: "111", lemmas: [scold]}
  - lemmas: [warn]
    patterns: [{match: "(of attack)", code: "138"}]
"""
CONVERTED = """version: 1
verbs:
  - lemmas: [scold, chide, "back down"]
    code: "110"
    patterns:
      - {match: "(over missile)", code: "112"}
      - {match: "harshly", code: "111"}
  - lemmas: [warn, urge]
    code: "130"
    patterns:
      - {match: "(against strike)", code: "138"}
      - {match: "publicly", code: "012"}
"""


def converted_table(*classes: str) -> object:
    return build_table([("core.yaml", CORE, 1), ("converted.yaml", CONVERTED, 0)], classes)


def matches_of(table: object, lemma: str) -> list[str]:
    entry = table.verbs.get(lemma)  # type: ignore[attr-defined]
    if entry is None:
        return []

    def term(prep: str | None, words: frozenset[str]) -> str:
        return ("(" + prep + " " if prep else "") + "/".join(sorted(words))

    return [
        " ".join(term(t.prep, w) for t in p.terms for w in t.words) + "=" + p.code for p in entry.patterns
    ]


def test_converted_classes_choose_what_the_dictionary_adds() -> None:
    none = converted_table()
    assert none.verbs["scold"].code == "111" and "chide" not in none.verbs and "back" not in none.verbs
    assert matches_of(none, "warn") == ["(of attack=138"] and none.verbs["warn"].code is None
    free = converted_table("free")  # the old patterns = "builtin": verbs eventcoder does not describe
    assert free.verbs["chide"].code == "110" and len(matches_of(free, "chide")) == 2
    assert "down=110" in matches_of(free, "back") and matches_of(free, "scold") == []
    defaults = converted_table("defaults")  # default codes only
    assert defaults.verbs["chide"].code == "110" and matches_of(defaults, "chide") == []
    phrasal = converted_table("phrasal")  # the dictionary's multi-word verbs, not its patterns
    assert matches_of(phrasal, "back") == ["down=110"] and "chide" not in phrasal.verbs
    refine = converted_table("refine")  # prepositional groups on a verb eventcoder describes, no class
    assert matches_of(refine, "scold") == ["(over missile=112"]
    assert matches_of(refine, "warn") == ["(of attack=138", "(against strike=138"]  # own first at a tie
    assert matches_of(refine, "urge") == []  # an appeal codes by composition
    fillin = converted_table("fillin")  # a described verb without a default: after its own patterns
    assert matches_of(fillin, "warn") == ["(of attack=138", "(against strike=138", "publicly=012"]
    assert matches_of(fillin, "scold") == [] and fillin.converted == ("fillin",)


def test_curated_loads_the_converted_file_only_for_its_classes() -> None:
    from eventcoder.knowledge.patterns import ACCEPTED_CLASSES, CONVERTED_FILE

    curated = load_patterns("curated")
    assert curated.converted == ACCEPTED_CLASSES
    assert (CONVERTED_FILE in curated.files) == bool(ACCEPTED_CLASSES)
    refine = load_patterns("curated+refine")
    assert CONVERTED_FILE in refine.files and "refine" in refine.converted
    assert load_patterns("builtin").converted[0] == "free"
    with pytest.raises(KnowledgeError, match="converted classes are free, defaults"):
        load_patterns("curated+everything")
