"""Convert the PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt, MIT) into eventcoder's pattern YAML.

One-off tool: its output, ``eventcoder/data/patterns/petrarch_verbs.yaml``, is committed data. Run

    python tools/convert_cameo_verbs.py /path/to/CAMEO.2.0.txt eventcoder/data/patterns/petrarch_verbs.yaml

What is kept: synsets (``&NAME`` + ``+member``), verb blocks (``--- NAME [CODE] ---``) with their verbs
(base forms, ``+`` multi-word verbs such as ``+CALL_OFF``) and per-verb codes, and the post-verb part of
each pattern (``- * WORDS (PREP WORDS) {PHRASE} &SYNSET [CODE]``). Dropped: patterns with pre-verb
constraints (subject nouns; the dependency parse finds the subject), the ``~`` verb transformations
(eventcoder composes modality itself), source/target markers ($ + ^ %), irregular forms (spaCy
lemmatises), and codes missing from data/cameo.csv (counted on stderr). Paired codes ``[042:043]`` keep
the first (source-side) code; ``[:173]`` keeps the second.
"""

from __future__ import annotations

import re
import sys
from collections import OrderedDict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventcoder.knowledge.cameo import is_cameo_code  # noqa: E402

BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\](?:---)?\s+---")
CODE = re.compile(r"\[([0-9:\-]*)\]")
HEADER = """# Converted by tools/convert_cameo_verbs.py from the PETRARCH2 CAMEO verb dictionary CAMEO.2.0.txt
# (MIT, Copyright (c) 2015 Open Event Data Alliance; see NOTICE). Do not edit by hand: curate in
# core.yaml, which wins over these patterns at equal specificity.
"""


def pick_code(raw: str) -> str | None:
    """``042:043`` -> 042, ``:173`` -> 173, ``---`` -> None."""
    parts = [p for p in raw.split(":") if p and p != "---"]
    return parts[0] if parts else None


def clean_word(word: str) -> list[str]:
    return [w for w in word.strip("_").lower().replace("_", " ").split() if w]


def convert_match(post: str, synsets: set[str]) -> str | None:
    """PETRARCH post-verb pattern -> eventcoder match string (None if it uses an unknown synset)."""
    if post.count("(") != post.count(")") or post.count("{") != post.count("}"):
        return None  # a typo in the source
    out: list[str] = []
    for group, phrase, word in re.findall(r"\(([^()]*)\)|\{([^{}]*)\}|(\S+)", post):
        if group:
            inner = []
            for tok in group.replace("{", " ").replace("}", " ").split():
                if tok in ("$", "+", "^", "%"):
                    continue
                if tok.startswith("&"):
                    if tok[1:].lower() not in synsets:
                        return None
                    inner.append("&" + tok[1:].lower())
                else:
                    inner += clean_word(tok)
            if inner:
                out.append("(" + " ".join(inner) + ")")
        elif phrase:
            words = [
                w for t in phrase.split() for w in (clean_word(t) if not t.startswith("&") else [t.lower()])
            ]
            if any(w.startswith("&") and w[1:] not in synsets for w in words):
                return None
            if words:
                out.append("{" + " ".join(words) + "}" if len(words) > 1 else words[0])
        elif word and word not in ("$", "+", "^", "%", "*"):
            if word.startswith("&"):
                if word[1:].lower() not in synsets:
                    return None
                out.append("&" + word[1:].lower())
            else:
                words = clean_word(word)
                out.append("{" + " ".join(words) + "}" if len(words) > 1 else (words[0] if words else ""))
    match = " ".join(w for w in out if w)
    return match or None


def verb_phrase(token: str) -> str | None:
    """``+CALL_OFF`` -> "call off"; ``ACCELERATE`` -> "accelerate"."""
    words = token.replace("+", "").strip("_").lower().split("_")
    words = [w for w in words if w]
    return " ".join(words) if words else None


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def convert(text: str) -> tuple[str, dict[str, int]]:
    stats = {
        "blocks": 0,
        "verbs": 0,
        "patterns": 0,
        "skipped_pre_verb": 0,
        "skipped_code": 0,
        "skipped_synset_or_typo": 0,
    }
    synsets: OrderedDict[str, list[str]] = OrderedDict()
    blocks: list[dict[str, object]] = []
    current_syn: str | None = None
    block: dict[str, object] | None = None
    in_verbs = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if raw.lstrip().startswith("#"):
            continue  # a comment line does not end a synset
        if not line.strip():
            current_syn = None
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_syn = line[1:].strip().rstrip("_").lower()
                synsets[current_syn] = []
            elif line.startswith("+") and current_syn is not None:
                synsets[current_syn].append(" ".join(clean_word(line[1:])))
            continue
        m = BLOCK.match(line)
        if m:
            block = {"code": pick_code(m.group(2)), "verbs": [], "own": [], "patterns": []}
            blocks.append(block)
            stats["blocks"] += 1
            continue
        if block is None or line.startswith("~"):
            continue
        if line.startswith("-"):
            body = line[1:].strip()
            cm = CODE.search(body)
            if not cm or "*" not in body:
                continue
            pre, post = body[: body.index("*")], body[body.index("*") + 1 : cm.start()]
            if pre.strip():
                stats["skipped_pre_verb"] += 1
                continue
            code = pick_code(cm.group(1))
            if code is None or not is_cameo_code(code):
                stats["skipped_code"] += 1
                continue
            match = convert_match(post, set(synsets))
            if match is None:
                stats["skipped_synset_or_typo"] += 1
                continue
            block["patterns"].append((match, code))  # type: ignore[attr-defined]
            stats["patterns"] += 1
            continue
        # a verb line: WORD {forms} [CODE]
        token = line.split()[0]
        phrase = verb_phrase(token)
        if not phrase or not re.match(r"^[a-z][a-z' -]*$", phrase):
            continue
        cm = CODE.search(line.split("}")[-1])
        own = pick_code(cm.group(1)) if cm else None
        if own is not None and not is_cameo_code(own):
            stats["skipped_code"] += 1
            own = None
        block["verbs"].append(phrase)  # type: ignore[attr-defined]
        if own is not None and own != block["code"]:
            block["own"].append((phrase, own))  # type: ignore[attr-defined]
        stats["verbs"] += 1

    lines = [HEADER, "version: 1", "", "synsets:"]
    for name, members in synsets.items():
        members = sorted({m for m in members if m})
        if members:
            lines.append(f"  {name}: [{', '.join(quote(m) for m in members)}]")
    lines += ["", "verbs:"]
    for b in blocks:
        verbs = list(OrderedDict.fromkeys(b["verbs"]))  # type: ignore[call-overload]
        if not verbs:
            continue
        pats = list(OrderedDict.fromkeys(b["patterns"]))  # type: ignore[call-overload]
        head = f"  - lemmas: [{', '.join(quote(v) for v in verbs)}]"
        lines.append(head)
        if b["code"]:
            lines.append(f'    code: "{b["code"]}"')
        if pats:
            lines.append("    patterns:")
            lines += [f'      - {{match: {quote(m)}, code: "{c}"}}' for m, c in pats]
        for phrase, own in b["own"]:  # type: ignore[attr-defined]
            lines.append(f'  - {{code: "{own}", lemmas: [{quote(phrase)}]}}')
    return "\n".join(lines) + "\n", stats


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8")
    out, stats = convert(text)
    Path(argv[2]).write_text(out, encoding="utf-8")
    print(" ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
