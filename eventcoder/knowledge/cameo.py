"""The CAMEO reference table: names, Goldstein scores, quad classes and PLOVER types, from data/cameo.csv."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eventcoder.errors import Errors, KnowledgeError


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


@cache
def cameo_table() -> dict[str, CameoCode]:
    """Every CAMEO code (as text, "010" is not "10") mapped to its row."""
    text = resources.files("eventcoder").joinpath("data/cameo.csv").read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        for field in ("code", "root", "name", "goldstein", "quad_class"):
            if not row.get(field):
                raise KnowledgeError(Errors.E001.format(path="data/cameo.csv", line=line, field=field))
        table[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
            description=row["description"],
        )
    return table


def lookup(code: str) -> CameoCode:
    """Return the row of a CAMEO code, raising KnowledgeError for an unknown one."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise KnowledgeError(
            Errors.E002.format(
                path="data/cameo.csv", line="-", field="code", value=code, reason="unknown CAMEO code"
            )
        ) from None


def is_cameo_code(code: str) -> bool:
    """Whether ``code`` is a CAMEO event code of the table."""
    return code in cameo_table()
