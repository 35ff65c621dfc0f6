"""Mentions of eventcoder_actors after phrase coding: repairs where the parser split or lost a phrase,
the countries of places in locative phrases, and the ``ActorDict`` written to ``doc._.actors``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.components.actors.context import Mention
from eventcoder.components.actors.lexicon import members_of
from eventcoder.components.actors.rules import (
    GENERIC_TITLES,
    Match,
    locative,
    match_head,
    regional,
    sector_led,
    split_code,
)
from eventcoder.components.extensions import ActorDict


def locative_places(
    doc: Doc, matches: list[Match], mentions: list[Mention], date: str | None, sent_of: list[int]
) -> dict[int, set[str]]:
    """Per sentence, the countries of places in locative phrases ("in eastern Congo", "in Kabul")."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out: dict[int, set[str]] = {}
    for m in matches:
        if (
            m.kind not in ("country", "capital")
            or m.entry is None
            or covered.intersection(range(m.start, m.end))
        ):
            continue
        code = m.code(date)
        head = match_head(doc, m)
        if code and not sector_led(code, m.kind) and (locative(head) or regional(head)):
            out.setdefault(sent_of[head.i], set()).add(code[:3])
    return out


def possessed_sectors(doc: Doc, mentions: list[Mention], match_at: dict[int, Match]) -> list[Mention]:
    """ "China's increasingly bellicose military" when the parser lost the phrase: read it linearly."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        if m.kind not in ("country", "capital") or not m.code or m.end + 1 >= len(doc):
            continue
        if doc[m.end].lower_ not in ("'s", "’s"):
            continue
        for k in range(m.end + 1, min(len(doc), m.end + 5)):
            agent = match_at.get(k)
            if agent is not None and agent.kind == "agent" and agent.entry and agent.entry.sector:
                if not covered.intersection(range(agent.start, agent.end)):
                    m.code = m.code[:3] + agent.entry.sector
                    m.end, m.head, m.kind, m.sector = (
                        agent.end,
                        agent.end - 1,
                        "group",
                        agent.entry.sector,
                    )
                    m.name = None
                break
            if doc[k].tag_ not in ("RB", "RBR", "RBS", "JJ", "JJR", "JJS", "VBN", "VBG", "VB", "HYPH"):
                break
    return mentions


def owned_titles(doc: Doc, mentions: list[Mention]) -> None:
    """ "a spokesman for the Ghanaian police", "the leader of the Taliban": a generic title speaks for the
    body named in its for/of phrase and takes its whole code (GHACOP, AFGREB, IGOUNO ...)."""
    by_head = {m.head: m for m in mentions if m.code and not m.pronoun}
    for m in mentions:
        token = doc[m.head]
        if token.lower_ not in GENERIC_TITLES or m.kind == "person":
            continue
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "of"):
                continue
            owner = next((by_head[c.i] for c in prep.children if c.dep_ == "pobj" and c.i in by_head), None)
            if owner is not None and owner.code and (len(owner.code) > 3 or owner.kind == "igo"):
                m.code, m.needs_country = owner.code, False
                m.sector = split_code(owner.code)[1]


def merge_titles(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "DPP lawmaker" + "Lo Chih-cheng" parsed apart: a title right before a name is part of it."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.kind == "person"
            and prev.kind == "group"
            and prev.end == m.start
            and not prev.plural
            and doc[prev.head].tag_ == "NN"
        ):
            out[-1] = Mention(
                prev.start,
                m.end,
                m.head,
                m.code or prev.code,
                m.name,
                "person",
                needs_country=m.code is None and prev.code is None,
                sector=prev.sector,
            )
            continue
        out.append(m)
    return out


def share_conjoined(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Taiwan's and Japan's ruling parties": the first possessor shares the head's sector."""
    for k, m in enumerate(mentions[:-1]):
        nxt = mentions[k + 1]
        if m.kind not in ("country", "capital") or nxt.kind != "group" or not m.code or not nxt.code:
            continue
        between = [t for t in doc[m.end : nxt.start]]
        words = [t.lower_ for t in between]
        if (
            words
            and words[0] in ("'s", "’s")
            and any(w in ("and", ",", "or") for w in words[1:])
            and len(words) <= 3
            and doc[nxt.start + 1].lower_ in ("'s", "’s")
        ):
            m.code = m.code[:3] + nxt.code[3:]
            m.kind, m.sector = "group", nxt.sector
    return mentions


def to_dict(doc: Doc, m: Mention, sent_of: list[int]) -> ActorDict:
    span = doc[m.start : m.end]
    code = m.code or None
    country, sector = split_code(code, m.kind)
    if code is None and not m.pronoun:
        sector = m.sector  # "Jihadists" with no country: a null code, but the sector is known (REB)
    return {
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
        "token_start": m.start,
        "token_end": m.end,
        "head": m.head,
        "sentence_id": sent_of[m.head],
        "code": code,
        "country": country,
        "sector": sector,
        "name": m.name,
        "kind": m.kind,
        "members": members_of(code, m.name, span.text, _of_phrase(doc, m)),
    }


def _of_phrase(doc: Doc, m: Mention) -> str | None:
    """ "Leaders of the Group of Seven": the of-phrase that gave a bare head its group's code names the
    group (its members come from it)."""
    if not (m.code or "").startswith("IGO") or m.head >= len(doc):
        return None
    for prep in doc[m.head].children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects:
                sub = list(objects[0].subtree)
                return doc[sub[0].i : sub[-1].i + 1].text
    return None
