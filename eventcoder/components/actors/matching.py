"""Lexical matching for eventcoder_actors: lexicon names in a Doc (longest first), plus PERSON/ORG entities.

A name is a match when its case fits (an exact-case entry, or a capitalised first word) and it is the
phrase's own actor ("anti-Japan protesters" are not Japan).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from eventcoder.components.actors.lexicon import Entry, Lexicon
from eventcoder.components.actors.rules import HYPHENS, PARTICLES, REGION_PREFIXES, STANCE_PREFIXES, Match


def lexicon_matches(lexicon: Lexicon, doc: Doc, skip: set[int], sent_of: list[int]) -> list[Match]:
    words: list[tuple[int, str]] = [
        (t.i, t.lower_.replace("’", "'")) for t in doc if t.text not in HYPHENS and not t.is_space
    ]
    keys = [w for _, w in words]
    out: list[Match] = []
    taken: set[int] = set()
    j = 0
    while j < len(words):
        i = words[j][0]
        found = None if sent_of[i] in skip else lexicon.lookup(keys[j : j + 12])
        if found is not None:
            n, entry = found
            start, end = i, words[j + n - 1][0] + 1
            if not_own(doc, words, j, entry):
                j += n
                continue
            if case_ok(lexicon, doc, start, end, keys[j : j + n], entry):
                out.append(Match(start, end, entry, entry.kind))
                taken.update(range(start, end))
                j += n
                continue
        j += 1
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and not taken.intersection(range(ent.start, ent.end)):
            if sent_of[ent.start] in skip:
                continue
            start = ent.start + (1 if ent[0].lower_ == "the" else 0)
            if start < ent.end:
                kind = "person" if ent.label_ == "PERSON" else "organisation"
                out.append(Match(start, ent.end, None, kind))
    out.sort(key=lambda m: m.start)
    return out


def not_own(doc: Doc, words: list[tuple[int, str]], j: int, entry: Entry) -> bool:
    """A name that is not its phrase's actor: "anti-Japan protesters", "pro-Russian separatists"
    (the country is what they are for or against), "the South American nation" (a region)."""
    if j == 0 or entry.kind == "agent":
        return False
    prev_i, prev = words[j - 1]
    if prev in STANCE_PREFIXES and prev_i + 1 < len(doc) and doc[prev_i + 1].text in HYPHENS:
        return True
    return entry.kind == "country" and prev in REGION_PREFIXES and doc[prev_i].text[:1].isupper()


def case_ok(lexicon: Lexicon, doc: Doc, start: int, end: int, key: Sequence[str], entry: Entry) -> bool:
    exact = lexicon.exact.get(tuple(key))
    span_text = "".join(t.text for t in doc[start:end] if t.text not in HYPHENS)
    if exact is not None:
        return span_text.replace(".", "") == exact.replace(" ", "").replace(".", "")
    if entry.kind == "agent":
        return True
    # The first word that is not a name particle must be capitalised ("al-Qaida", "de Mistura").
    first = next((t.text for t in doc[start:end] if t.lower_ not in PARTICLES and t.text not in HYPHENS), "")
    return first[:1].isupper()
