"""The CAMEO reference table: names, Goldstein scores, quad classes and PLOVER types, from data/cameo.csv."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code and everything derived from it (one decision: CAMEO and PLOVER never disagree)."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    description: str
    flags: frozenset[str] = frozenset()  # the boolean root columns that are true for this code's root


# Boolean columns of cameo.csv: root-level properties the coder's rules test (tools/build_cameo_table.py
# explains each: verbal, statement, content_noun, hostile, violent, one_sided, place_target, protest_purpose).
ROOT_FLAGS = (
    "verbal",
    "statement",
    "content_noun",
    "hostile",
    "violent",
    "one_sided",
    "place_target",
    "protest_purpose",
)


@cache
def cameo_table() -> dict[str, CameoCode]:
    """Every CAMEO code (as text, "010" is not "10") mapped to its row."""
    text = resources.files("eventcoder").joinpath("data/cameo.csv").read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        for field in ("code", "root", "name", "goldstein", "quad_class", *ROOT_FLAGS):
            if not row.get(field):
                raise KnowledgeError(Errors.E001.format(path="data/cameo.csv", line=line, field=field))
        bad = next((f for f in ROOT_FLAGS if row[f] not in ("true", "false")), None)
        if bad is not None:
            raise bad_field(
                path="data/cameo.csv",
                line=line,
                field=bad,
                value=row[bad],
                reason="expected true or false",
            )
        table[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
            description=row["description"],
            flags=frozenset(f for f in ROOT_FLAGS if row[f] == "true"),
        )
    return table


@cache
def roots_with(flag: str) -> frozenset[str]:
    """The CAMEO roots ("01" ... "20") whose boolean column ``flag`` of cameo.csv is true."""
    if flag not in ROOT_FLAGS:
        raise KeyError(flag)
    return frozenset(row.root for row in cameo_table().values() if flag in row.flags)


def lookup(code: str) -> CameoCode:
    """Return the row of a CAMEO code, raising KnowledgeError for an unknown one."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise bad_field(
            path="data/cameo.csv", line="-", field="code", value=code, reason="unknown CAMEO code"
        ) from None


def is_cameo_code(code: str) -> bool:
    """Whether ``code`` is a CAMEO event code of the table."""
    return code in cameo_table()
