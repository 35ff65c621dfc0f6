"""Mentions of eventcoder_actors after phrase coding: repairs where the parser split or lost a phrase,
the countries of places in locative phrases, and the ``ActorDict`` written to ``doc._.actors``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.components.actors.context import Mention
from eventcoder.components.actors.lexicon import Lexicon, members_of
from eventcoder.components.actors.phrase_parts import Resolved, token_country
from eventcoder.components.actors.rules import (
    CHAMBER_TITLES,
    GENERIC_TITLES,
    IGO_BODIES,
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


CHAMBER_SECTOR = "LEG"  # the sector of the bodies a chamber title heads


def _chamber(lexicon: Lexicon, doc: Doc, k: int, date: str | None) -> tuple[int, str | None] | None:
    """The end of the legislature named from token ``k`` ("Parliament", "the National Assembly", "the Kenyan
    Parliament") and the country it names, if any; None when no legislature starts there."""
    country = None
    for j in range(k, min(len(doc), k + 3)):
        found = lexicon.lookup([t.lower_ for t in doc[j : j + 6]])
        if found is not None and doc[j].text[:1].isupper():
            n, entry = found
            code = entry.code_on(date) or ""
            if entry.kind == "agent" and entry.sector == CHAMBER_SECTOR:
                return j + n, country
            if code[3:6] == CHAMBER_SECTOR and not sector_led(code, entry.kind):  # "the Knesset"
                return j + n, code[:3]
        word = found[1] if found is not None else None
        if word is None or word.kind != "country" or not doc[j].text[:1].isupper():
            return None
        country = country or (word.code_on(date) or "")[:3] or None  # "the Kenyan Parliament"
    return None


def _name_after(lexicon: Lexicon, doc: Doc, k: int, date: str | None) -> tuple[int, str | None] | None:
    """The end of a person's name starting at token ``k`` and its listed code: the capitalised run when the
    dictionary lists it as a person, whatever its tags ("Anita Among", "Among" tagged IN), else two to four
    proper nouns that are no other entry ("Jane Nakato"); None when no name starts there."""
    end = k
    while end < min(len(doc), k + 4) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    person = lexicon.lookup([t.lower_ for t in doc[k:end]])
    if person is not None and person[0] == end - k and person[1].kind == "person":
        return end, person[1].code_on(date)
    end = k
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    if not 2 <= end - k <= 4 or not all(t.is_alpha for t in doc[k:end]):
        return None
    words = [lexicon.lookup([t.lower_]) for t in doc[k:end]]
    if any(w is not None and w[1].kind != "person" for w in words):
        return None  # "the Speaker of Parliament Foreign Affairs Committee": no name
    return end, None


def _replace(doc: Doc, mentions: list[Mention], mention: Mention) -> list[Mention]:
    """``mentions`` with ``mention`` in place of every mention it overlaps; its head the span's root."""
    span = range(mention.start, mention.end)
    mention.head = next(
        t.i for t in doc[mention.start : mention.end] if t.head.i not in span or t.head.i == t.i
    )
    out = [m for m in mentions if m.end <= mention.start or m.start >= mention.end] + [mention]
    return sorted(out, key=lambda m: (m.start, m.end))


def chamber_titles(
    doc: Doc, mentions: list[Mention], lexicon: Lexicon, date: str | None, aliases: dict[str, Resolved]
) -> list[Mention]:
    """ "Speaker of Parliament Anita Among", "Ugandan Speaker of Parliament X", "President of the Senate X":
    a chamber title (``chamber_titles``), its of-phrase naming a legislature and the capitalised name after
    it are one person of the legislature, however the parser and NER split them. The country comes from a
    country word before the title or in the of-phrase, else the name's own entry, else the context."""
    for title in doc:
        if title.lower_ not in CHAMBER_TITLES or not title.text[:1].isupper() or title.i + 3 >= len(doc):
            continue
        if doc[title.i + 1].lower_ != "of":
            continue
        k = title.i + 2 + (doc[title.i + 2].lower_ == "the")
        chamber = _chamber(lexicon, doc, k, date)
        if chamber is None:
            continue
        body_end, country = chamber
        named = _name_after(lexicon, doc, body_end, date)
        if named is None:
            continue
        end, code = named
        start = title.i
        while start > 0:  # "Ugandan Speaker ...", "Uganda's Speaker ..."
            owner = start - 2 if doc[start - 1].lower_ in ("'s", "’s") and start > 1 else start - 1
            before = token_country(lexicon, doc, doc[owner], date, aliases)
            if before is None or not doc[owner].text[:1].isupper():
                break
            country, start = country or before, owner
        if code is None and country:
            code = country + CHAMBER_SECTOR
        name = doc[body_end:end].text
        mention = Mention(start, end, title.i, code, name, "person", needs_country=code is None)
        mention.sector = CHAMBER_SECTOR
        mentions = _replace(doc, mentions, mention)
    return mentions


def igo_titles(doc: Doc, mentions: list[Mention], lexicon: Lexicon, date: str | None) -> list[Mention]:
    """ "WHO head Jane Nakato", "WFP chief X": an international body, a title of its office (``igo_bodies``)
    and the name after it are one person of the body, even where the parser reads "head" as a verb after
    the acronym ("WHO head X urged ...")."""
    for m in list(mentions):
        if m.kind != "igo" or not m.code or m.pronoun or not any(x is m for x in mentions):
            continue  # (the last test: a mention an earlier title's person has taken in)
        title = m.end if doc[m.end - 1].lower_ not in IGO_BODIES else m.end - 1
        if title >= len(doc) - 1 or doc[title].lower_ not in IGO_BODIES or doc[title].tag_ in ("NNS", "NNPS"):
            continue
        named = _name_after(lexicon, doc, title + 1, date)
        if named is None:
            continue
        end, code = named
        if code is not None and code != m.code:
            continue  # a listed person of another body or state: not this body's title
        name = doc[title + 1 : end].text
        mention = Mention(m.start, end, m.head, m.code, name, "person", sector=m.sector)
        mentions = _replace(doc, mentions, mention)
    return mentions


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
