"""Build eventcoder/data/cameo.csv from the CAMEO codebook (icews, MIT) and the PLOVER root map.

Run once when the codebook changes: python tools/build_cameo_table.py CODEBOOK.jsonl
The PLOVER type follows the manual's CAMEO-to-PLOVER table at root level (01/02 and 080 have no type);
the mode is ours, given only where the CAMEO code names it unambiguously. The boolean root columns
(ROOT_FLAGS below) are the root-level properties the coder's rules read.
"""

import csv
import json
import sys
from pathlib import Path

QUAD = {
    **dict.fromkeys(["01", "02", "03", "04", "05"], 1),
    **dict.fromkeys(["06", "07", "08"], 2),
    **dict.fromkeys(["09", "10", "11", "12", "13"], 3),
    **dict.fromkeys([f"{r}" for r in range(14, 21)], 4),
}
PLOVER_ROOT = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
# Longest prefix wins. Modes are PLOVER 1.x mode names where the CAMEO code fixes one.
MODES = {
    "041": "phone",
    "042": "visit",
    "043": "host",
    "044": "third-party",
    "045": "mediate",
    "046": "negotiate",
    "061": "economic",
    "062": "military",
    "063": "judicial",
    "064": "intelligence",
    "071": "economic",
    "072": "military",
    "073": "humanitarian",
    "074": "peacekeepers",
    "075": "asylum",
    "09": "investigate",
    "111": "disapprove",
    "112": "allege",
    "115": "sue",
    "116": "convict",
    "141": "demo",
    "142": "hunger",
    "143": "strike",
    "144": "obstruct",
    "145": "riot",
    "151": "police",
    "152": "military",
    "153": "police",
    "154": "military",
    "161": "diplomatic",
    "162": "aid",
    "163": "embargo",
    "164": "negotiations",
    "166": "expel",
    "171": "seize",
    "172": "restrict",
    "1721": "restrict",
    "1722": "ban",
    "1723": "curfew",
    "1724": "emergency",
    "173": "arrest",
    "174": "deport",
    "175": "repression",
    "181": "abduct",
    "182": "beat",
    "1822": "torture",
    "183": "explosives",
    "1831": "suicide",
    "185": "assassinate",
    "186": "assassinate",
    "191": "blockade",
    "192": "occupy",
    "193": "firearms",
    "194": "artillery",
    "195": "aerial",
    "196": "ceasefire-violation",
    "201": "expel",
    "202": "mass-killing",
    "203": "ethnic-cleansing",
    "204": "CBRN",
}


# Root-level properties the coder's rules test, one boolean column each (true on every code of the root);
# eventcoder/knowledge/cameo.py reads them with ``roots_with(column)``.
ROOT_FLAGS = {
    # said, not done: statements, appeals, agreement and its refusal, threats ("..., accusing X of")
    "verbal": {"01", "02", "03", "10", "11", "12", "13"},
    # nouns that say something about another's act ("concern over X's arrest by Y" is aimed at Y)
    "statement": {"01", "10", "11", "12", "13"},
    # nouns whose clause is said, asked, alleged or threatened, not done ("charges that X is committing
    # genocide", "a threat to retaliate": no fight, issue #11)
    "content_noun": {"01", "02", "10", "11", "12", "13"},
    # acts hostile to their target: a speaker reporting one as fact accuses its agent (112)
    "hostile": {"11", "12", "13", "15", "16", "17", "18", "19", "20"},
    # material violence (event kind "18-20" when comparing events)
    "violent": {"18", "19", "20"},
    # often reported without a target actor ("Iran test-fired missiles"): kept one-sided by default
    "one_sided": {"09", "14", "15", "18", "19", "20"},
    # with no target actor, the country of the event's place is its target ("struck targets in Lebanon")
    "place_target": {"07", "15", "18", "19", "20"},
    # a protest's purpose clause of these roots names its target ("rallied to denounce the blockade")
    "protest_purpose": {"11", "12", "14"},
}


def plover(code: str) -> tuple[str, str]:
    root = code[:2]
    if root == "08":
        kind = {
            "081": "CONCEDE",
            "082": "CONCEDE",
            "083": "CONCEDE",
            "084": "RETREAT",
            "085": "RETREAT",
            "086": "RETREAT",
            "087": "RETREAT",
        }.get(code[:3], "")
    else:
        kind = PLOVER_ROOT.get(root, "")
    mode = next((MODES[code[:n]] for n in (4, 3, 2) if code[:n] in MODES and len(code) >= n), "")
    return kind, mode if kind else ""


def main(codebook: str) -> None:
    with open(codebook, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    out = Path(__file__).resolve().parent.parent / "eventcoder" / "data" / "cameo.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            ["code", "root", "name", "goldstein", "quad_class", "plover_type", "plover_mode"]
            + list(ROOT_FLAGS)
            + ["description"]
        )
        for r in rows:
            kind, mode = plover(r["code"])
            w.writerow(
                [
                    r["code"],
                    r["root"],
                    r["name"],
                    r["goldstein"],
                    QUAD[r["root"]],
                    kind,
                    mode,
                    *(str(r["root"] in roots).lower() for roots in ROOT_FLAGS.values()),
                    (r["description"] or "").strip(),
                ]
            )
    print(f"wrote {len(rows)} codes to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
