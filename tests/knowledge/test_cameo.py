import pytest
from support import load_script

from eventcoder.errors import KnowledgeError
from eventcoder.knowledge.cameo import ROOT_FLAGS, cameo_table, lookup, roots_with


def test_every_root_and_about_300_codes():
    table = cameo_table()
    assert {row.root for row in table.values()} == {f"{r:02d}" for r in range(1, 21)}
    assert len(table) == 312


@pytest.mark.parametrize(
    ("code", "root", "quad", "plover"),
    [
        ("010", "01", 1, None),
        ("036", "03", 1, "AGREE"),
        ("042", "04", 1, "CONSULT"),
        ("080", "08", 2, None),
        ("083", "08", 2, "CONCEDE"),
        ("085", "08", 2, "RETREAT"),
        ("111", "11", 3, "ACCUSE"),
        ("1712", "17", 4, "COERCE"),
        ("195", "19", 4, "ASSAULT"),
        ("204", "20", 4, "ASSAULT"),
    ],
)
def test_code_rows(code, root, quad, plover):
    row = lookup(code)
    assert (row.root, row.quad_class, row.plover_type) == (root, quad, plover)


def test_modes_only_with_a_type():
    assert all(row.plover_type for row in cameo_table().values() if row.plover_mode)
    assert lookup("195").plover_mode == "aerial"


def test_unknown_code():
    with pytest.raises(KnowledgeError, match=r"\[E002\].*'999'"):
        lookup("999")


# ---------------------------------------------------------------------- root columns (issue 10)


def test_root_columns_are_what_the_build_tool_writes():
    """cameo.csv's boolean root columns agree with tools/build_cameo_table.py, which rebuilds the file."""
    tool = load_script("tools/build_cameo_table.py")
    assert tuple(tool.ROOT_FLAGS) == ROOT_FLAGS
    for flag, roots in tool.ROOT_FLAGS.items():
        assert roots_with(flag) == roots, flag
    # a flag is a property of the root: every code of a root has the same flags
    by_root: dict[str, set[frozenset[str]]] = {}
    for row in cameo_table().values():
        by_root.setdefault(row.root, set()).add(row.flags)
    assert all(len(flags) == 1 for flags in by_root.values())


@pytest.mark.parametrize(
    ("flag", "inside", "outside"),
    [
        ("verbal", "111", "190"),
        ("hostile", "1721", "036"),
        ("violent", "183", "173"),
        ("one_sided", "141", "042"),
        ("place_target", "073", "061"),
    ],
)
def test_roots_with_a_flag(flag, inside, outside):
    assert flag in lookup(inside).flags and lookup(inside).root in roots_with(flag)
    assert flag not in lookup(outside).flags and lookup(outside).root not in roots_with(flag)


def test_the_event_coder_reads_its_root_sets_from_the_table():
    from eventcoder.components.events import arguments, component, noun_rules, rules, triggers

    assert roots_with("verbal") == rules.VERBAL_ROOTS and roots_with("hostile") == rules.HOSTILE_ROOTS
    assert roots_with("statement") == noun_rules.STATEMENT_ROOTS
    assert roots_with("content_noun") == triggers.CONTENT_NOUN_ROOTS
    assert triggers.event_kind("183") == "18-20" and triggers.event_kind("173") == "17"
    assert roots_with("protest_purpose") == arguments.PROTEST_PURPOSE_ROOTS
    # one-sided events are off by default; the column lists the roots a user may keep without a target
    assert component.ONE_SIDED_ROOTS == () and roots_with("one_sided") == {"09", "14", "15", "18", "19", "20"}
    assert set(component.PLACE_TARGET_ROOTS) == roots_with("place_target")


def test_unknown_root_column():
    with pytest.raises(KeyError):
        roots_with("friendly")
