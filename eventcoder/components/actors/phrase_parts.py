"""What the phrase rules (phrase_rules.py) read off a noun phrase's words: the country a modifier, a
prepositional phrase or an apposition gives, the sector of a title, a titled name; and what they record
for the rest of the article (aliases) or split (conjoined country modifiers).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventcoder.components.actors.context import Mention
from eventcoder.components.actors.lexicon import Lexicon
from eventcoder.components.actors.rules import (
    GENERIC_TITLES,
    HYPHENS,
    LOCATIVE_PREPS,
    MEMBER_PREPS,
    SIDE_SECTORS,
    STATE_NOUNS,
    Match,
    match_head,
    sector_led,
)


@dataclass
class Resolved:
    """What an article-level alias (a surname, an acronym) stands for."""

    code: str | None
    name: str
    kind: str


def split_conjoined(
    doc: Doc, mention: Mention, mods: list[tuple[Match, bool]], date: str | None
) -> list[Mention]:
    """Conjoined country modifiers are separate actors sharing the head: "Georgian and Russian troops"."""
    places = [m for m, _ in mods if country_of(m, date) and m.kind in ("country", "capital")]
    if len(places) < 2 or not any(doc[match_head(doc, m).i].dep_ == "conj" for m in places):
        return [mention]
    sector = (mention.code or "")[3:]
    out = []
    for m in places[:-1]:
        country = country_of(m, date)
        out.append(
            Mention(
                m.start,
                m.end,
                match_head(doc, m).i,
                (country or "") + sector,
                None,
                "group",
                sector=sector or None,
                plural=mention.plural,
            )
        )
    last = places[-1]
    mention.start = last.start
    mention.code = (country_of(last, date) or "") + sector
    return [*out, mention]


def title_sector(
    sectors: list[str], head_sector: str | None, countries: list[str], mods: list[tuple[Match, bool]]
) -> str | None:
    """The sector nearest the head wins ("DPP lawmaker" -> LEG); the head's own sector first; a side
    out of power wins over the role held in it ("opposition lawmaker" -> OPP,
    "rebel commander" -> REB)."""
    side = next((s for s in reversed(sectors) if s in SIDE_SECTORS), None)
    if side and head_sector not in SIDE_SECTORS:
        return side
    if head_sector:
        return head_sector
    if sectors:
        return sectors[-1]
    for m, _ in mods:  # an organisation modifier with a sector: "DPP lawmaker" had none left
        if m.entry is not None and m.entry.roles:
            code = m.entry.roles[-1].code
            if len(code) > 3 and not code.startswith(("IGO", "NGO")):
                return code[3:]
    return None


def titled_name(doc: Doc, after: int, head: Token) -> str | None:
    """The proper name right after a title ("adviser Mesut Casin"), when the words from the title to
    the head are all capitalised proper nouns the parser did not call an organisation or a place."""
    words = doc[after : head.i + 1]
    if not 1 <= len(words) <= 4 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in words):
        return None
    if any(t.ent_type_ in ("ORG", "NORP", "FAC") for t in words):
        return None
    return words.text


def group_code(m: Match, date: str | None) -> str | None:
    """The code of a named national group or institution used as a modifier ("Taliban" -> AFGREB);
    international bodies and firms are left out ("a NATO summit", "a Toyota plant")."""
    code = m.code(date)
    if not code or len(code) < 6 or sector_led(code) or code[:3] in ("IGO", "NGO", "MNC"):
        return None
    return code


def country_of(m: Match, date: str | None) -> str | None:
    """The country a modifier gives ("Chinese" -> CHN, "DPP" -> TWN, "Beijing" -> CHN)."""
    code = m.code(date) if m.entry is not None else None
    if code and len(code) >= 3 and not sector_led(code, m.kind):
        return code[:3]
    return None


def country_from_context(
    lexicon: Lexicon, doc: Doc, head: Token, date: str | None, aliases: dict[str, Resolved]
) -> tuple[str | None, bool]:
    """A country from a prepositional phrase on the head ("lawmakers from Taiwan's DPP"), and whether
    the phrase only says where the actor is ("the government in Beijing", "rebels in eastern Congo")."""
    # The parser often attaches "the government in Beijing" to the verb: read the next words too.
    nxt = head.i + 1
    if nxt + 1 < len(doc) and doc[nxt].lower_ in MEMBER_PREPS:
        for token in doc[nxt + 1 : min(len(doc), nxt + 5)]:
            if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP"):
                break
            code = token_country(lexicon, doc, token, date, aliases)
            if code:
                return code, doc[nxt].lower_ in LOCATIVE_PREPS
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in MEMBER_PREPS:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                for token in pobj.subtree:
                    code = token_country(lexicon, doc, token, date, aliases)
                    if code:
                        return code, child.lower_ in LOCATIVE_PREPS
    return None, False


def inside_name(doc: Doc, token: Token) -> bool:
    """Whether ``token`` continues a longer proper name ("Wales" in "the University of New South Wales"),
    so a country or capital spelt like it is no country of its own."""
    return token.ent_iob_ == "I" and token.i > 0 and doc[token.i - 1].pos_ == "PROPN"


def token_country(
    lexicon: Lexicon, doc: Doc, token: Token, date: str | None, aliases: dict[str, Resolved]
) -> str | None:
    """The country a word (an alias, a country, capital, organisation or person name) stands for."""
    alias = aliases.get(token.text.lower())
    if alias is not None and alias.code and not alias.code.startswith(("IGO", "NGO")):
        return alias.code[:3]
    if inside_name(doc, token):
        return None
    words = [t.lower_ for t in doc[token.i : token.i + 8] if t.text not in HYPHENS]
    found = lexicon.lookup(words)
    if found is not None:
        _, entry = found
        if (
            entry.kind in ("country", "capital", "metonym", "organisation", "person")
            and token.text[:1].isupper()
        ):  # "the government of Bashar al-Assad": a person's country too
            code = entry.code_on(date)
            if code and not sector_led(code, entry.kind):
                return code[:3]
    return None


def apposition(
    lexicon: Lexicon,
    doc: Doc,
    head: Token,
    date: str | None,
    aliases: dict[str, Resolved],
    specific_only: bool = False,
) -> tuple[str | None, str | None]:
    """Country and sector from an apposition: "Masahisa Sato, a parliamentarian ... for LDP"."""
    phrases = [list(child.subtree) for child in head.children if child.dep_ == "appos"]
    if head.dep_ == "appos" and head.head.i < head.i:  # "its leader, Morgan Tsvangirai"
        top = head.head
        while top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.i < top.i:
            top = top.head.head  # "the opposition leader of Kenya, X": the whole title, not "Kenya"
        phrases.append(list(doc[top.left_edge.i : head.head.i + 1]))
    countries: list[str] = []
    specific: list[str] = []
    generic: list[str] = []
    for phrase in phrases:
        words = [t.lower_ for t in phrase]
        k = 0
        while k < len(phrase):
            found = lexicon.lookup(words[k : k + 8])
            if found is None:
                country = token_country(lexicon, doc, phrase[k], date, aliases)
                countries += [country] if country else []
                k += 1
                continue
            n, entry = found
            code = entry.code_on(date)
            if entry.kind == "agent" and entry.sector:
                (generic if " ".join(words[k : k + n]) in GENERIC_TITLES else specific).append(entry.sector)
            elif (
                code
                and phrase[k].text[:1].isupper()
                and not sector_led(code, entry.kind)
                and not (entry.kind in ("country", "capital") and inside_name(doc, phrase[k]))
            ):
                countries.append(code[:3])  # "for the Sudan Liberation Army" -> SDN (+REB)
                if len(code) > 3 and entry.kind in ("organisation", "metonym"):
                    specific.append(code[3:])
            k += n
    sectors = specific if specific_only else specific or generic
    return (countries[0] if countries else None), (sectors[0] if sectors else None)


def in_proper_name(lexicon: Lexicon, head: Token) -> bool:
    """ "Sea of Japan", "Bank of England": the place is part of another name."""
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return False
    governor = head.head.head
    if governor.pos_ != "PROPN" or not governor.text[:1].isupper() or governor.lower_ in STATE_NOUNS:
        return False
    return lexicon.lookup([governor.lower_]) is None


def register_aliases(
    doc: Doc,
    head: Token,
    start: int,
    end: int,
    mention: Mention,
    aliases: dict[str, Resolved],
    consumed: set[int],
) -> None:
    """A person's family name and an acronym in apposition code their later uses in the article.

    A person no dictionary knows claims a family name no one else claimed before: "Hassan said" after
    "Ilyas Ali Hassan" is that man (uncoded), not the Jordanian prince a one-word entry names."""
    resolved = Resolved(mention.code, mention.name or doc[start:end].text, mention.kind)
    if mention.kind == "person":
        names = [t for t in doc[start:end] if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
        if len(names) < 2 and mention.name:  # a titled name the parser did not call a person
            names = [t for t in doc[start:end] if t.pos_ == "PROPN" and t.text in mention.name.split()]
        keys = [names[-1].text.lower()] if len(names) >= 2 else []
        if keys and names[-1].text.lower() == names[-1].text and len(names) >= 3:
            keys.append(names[0].text.lower())  # "Lo Chih-cheng": family name first
        for key in keys:  # a relative coded by the family name leaves it to the one named first
            if mention.code and not mention.extra.get("family") or key not in aliases:
                aliases[key] = resolved
    for child in head.children:
        if child.dep_ == "appos" and child.text.isupper() and 2 <= len(child.text) <= 8 and mention.code:
            aliases[child.text.lower()] = Resolved(mention.code, mention.name or child.text, mention.kind)
            consumed.add(child.i)
