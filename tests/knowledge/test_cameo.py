import pytest

from eventcoder.errors import KnowledgeError
from eventcoder.knowledge.cameo import cameo_table, lookup


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
