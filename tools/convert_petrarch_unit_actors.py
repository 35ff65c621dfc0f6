"""Convert PETRARCH-2's validation actor dictionary into an eventcoder user actor dictionary (YAML).

The PETRARCH unit-test sentences use fictional actors (Arnor, Gondor...); scoring eventcoder on them needs
this dictionary:
    eventcoder eval ../shared/data/dev_petrarch_unit.jsonl --actor-files tests/gold/petrarch_unit_actors.yaml
Usage:
    python tools/convert_petrarch_unit_actors.py PETR.Validate.actors.txt > OUT.yaml
"""

import re
import sys

DATE = re.compile(r"^\s*([<>])?\s*(\d{6,8})(?:\s*-\s*(\d{6,8}))?\s*$")


def iso(value: str) -> str:
    if len(value) == 6:  # YYMMDD, YY 00-30 = 20YY
        year = int(value[:2])
        value = f"{2000 + year if year <= 30 else 1900 + year}{value[2:]}"
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def roles(codes: list[str]) -> list[dict[str, str]]:
    out = []
    for raw in codes:
        code, _, when = raw.strip().partition(" ")
        if not re.fullmatch(r"(?:[A-Z]{3})+", code):  # "---" (no code), "G77": not actor codes here
            continue
        role = {"code": code}
        m = DATE.match(when) if when.strip() else None
        if m:
            op, first, second = m.groups()
            if op == "<":
                role["end"] = iso(first)
            elif op == ">":
                role["start"] = iso(first)
            else:
                role["start"] = iso(first)
                if second:
                    role["end"] = iso(second)
        out.append(role)
    return out


def phrase(token: str) -> str:
    return token.strip().strip("_").replace("_", " ").title()


def main(path: str) -> None:
    entries: list[dict] = []
    in_comment = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "<!--" in line:
                in_comment = "-->" not in line
                continue
            if in_comment:
                in_comment = "-->" not in line
                continue
            line = line.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            codes = re.findall(r"\[([^\]]+)\]", line)
            name = re.sub(r"\[[^\]]*\]", "", line).strip()
            if line[0].isspace() and not name and entries:
                entries[-1]["roles"].extend(roles(codes))
            elif name.startswith("+") and entries:
                entries[-1]["aliases"].append(phrase(name[1:]))
                entries[-1]["roles"].extend(roles(codes))
            elif name:
                entries.append({"name": phrase(name), "aliases": [], "roles": roles(codes)})
    print("# Converted from PETRARCH-2 PETR.Validate.actors.txt (MIT, Copyright (c) 2014 Open Event Data)")
    print("# by tools/convert_petrarch_unit_actors.py; for scoring on dev_petrarch_unit.jsonl only.")
    for e in entries:
        if not e["roles"]:
            continue
        aliases = ", ".join(repr(a) for a in e["aliases"])
        role_text = ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in r.items()) + "}" for r in e["roles"])
        print(f"- {{name: {e['name']!r}, aliases: [{aliases}], roles: [{role_text}]}}")


if __name__ == "__main__":
    main(sys.argv[1])
