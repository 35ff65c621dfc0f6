"""Lexical matching for eventcoder_actors: lexicon names in a Doc (longest first), plus PERSON/ORG entities.

A name is a match when its case fits (an exact-case entry, or a capitalised first word) and it is the
phrase's own actor ("anti-Japan protesters" are not Japan).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from eventcoder.components.actors.lexicon import Entry, Lexicon, Role
from eventcoder.components.actors.regions import fold, region_country, subdivisions
from eventcoder.components.actors.rules import (
    HONORIFICS,
    HYPHENS,
    PARTICLES,
    REGION_PREFIXES,
    STANCE_PREFIXES,
    Match,
    locative,
    sector_led,
)

# Generational suffixes after a person's name.
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Entity labels under which a name may be a province, state, region or city.
REGION_LABELS = ("GPE", "LOC")
# Titles of a region's own executive, often capitalised (a proper noun to the parser) before a name.
REGION_TITLES = frozenset({"governor", "mayor", "premier"})
REGION_MINISTERS = frozenset({"chief", "first"})  # "Sabah Chief Minister", "Punjab Chief Minister"
# Adjectives that make a body sub-national ("the Tigray regional government").
LOCAL_ADJECTIVES = frozenset({"regional", "provincial", "state", "municipal", "county", "district"})


def lexicon_matches(
    lexicon: Lexicon, doc: Doc, skip: set[int], sent_of: list[int], date: str | None = None
) -> list[Match]:
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
        if found is not None and keys[j] == "the" and found[0] > 1:
            # A dictionary form with its article ("the UN") must not cut a longer name that follows
            # the article ("the UN refugee agency", "the UN's nuclear watchdog"): the longer one wins.
            after = lexicon.lookup(keys[j + 1 : j + 13])
            if after is not None and after[0] >= found[0]:
                j += 1
                continue
        gap = 0
        if (found is None or found[0] == 1) and sent_of[i] not in skip and _initial_next(doc, words, j):
            # "Lloyd J. Austin III": a middle initial the dictionary's "Lloyd Austin" leaves out.
            alt = lexicon.lookup([keys[j], *keys[j + 2 : j + 13]])
            if alt is not None and alt[0] >= 2 and alt[1].kind == "person":
                found, gap = alt, 1
        if found is not None:
            n, entry = found
            n += gap
            start, end = i, words[j + n - 1][0] + 1
            if gap and end < len(doc) and doc[end].text.rstrip(".").lower() in GENERATIONS:
                end += 1  # "Lloyd J. Austin III", "Joseph R. Biden Jr."
            if not_own(doc, words, j, entry) or other_persons_name(lexicon, doc, start, end, entry):
                j += n
                continue
            if case_ok(lexicon, doc, start, end, keys[j : j + n], entry):
                out.append(Match(start, end, entry, entry.kind))
                taken.update(range(start, end))
                j += n
                continue
        j += 1
    out = defined_acronyms(lexicon, doc, out)
    out.extend(new_acronyms(lexicon, doc, taken, skip, sent_of))
    out.extend(region_matches(doc, out, taken, skip, sent_of, date))
    out.extend(owned_acronyms(lexicon, doc, out, taken, date))
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


OWNER_DEPS = ("poss", "amod", "compound")  # the words that make a state an acronym's owner


def owned_acronyms(
    lexicon: Lexicon, doc: Doc, found: list[Match], taken: set[int], date: str | None
) -> list[Match]:
    """ "Brazil's PT", "Slovenia's SDS", "the Brazilian PT": an acronym no dictionary lists, owned by one
    named state, is that state's one organisation whose name or an alias has those initials (its local
    name: "Partido dos Trabalhadores", "Slovenska demokratska stranka"; Lexicon.by_initials)."""
    countries = {
        i: code[:3]
        for m in found
        if m.kind == "country" and (code := m.code(date)) and not sector_led(code, m.kind)
        for i in range(m.start, m.end)
    }
    out: list[Match] = []
    for token in doc:
        text = token.text
        if token.i in taken or not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
            continue
        owners = {countries[c.i] for c in token.children if c.dep_ in OWNER_DEPS and c.i in countries}
        if token.i >= 2 and doc[token.i - 1].lower_ in ("'s", "’s") and token.i - 2 in countries:
            owners.add(countries[token.i - 2])  # "Ghana's NPP" however the parser hangs the possessive
        if len(owners) != 1:
            continue
        entry = lexicon.by_initials(text, owners.pop(), date)
        if entry is not None:
            out.append(Match(token.i, token.i + 1, entry, entry.kind))
            taken.add(token.i)
    return out


# Lower-case words inside a name an acronym abbreviates ("Ministry of State Security").
NAME_JOINERS = frozenset({"of", "for", "and", "the", "de", "du", "la", "al", "el", "&"})


def defined_acronyms(lexicon: Lexicon, doc: Doc, found: list[Match]) -> list[Match]:
    """An acronym the article defines ("the Multinational Security Support (MSS) mission") means what the
    article says, not another body the dictionary lists under it (MSS: China's Ministry of State
    Security): every use takes the entry of the long name, or none when the dictionary does not know
    it. A dictionary entry named by the acronym alone ("PTI") gives no expansion to compare and stays."""
    acronyms = {
        doc[m.start : m.end].text
        for m in found
        if m.entry is not None and m.end - m.start == 1 and doc[m.start].text.isupper()
    }
    if not acronyms:
        return found
    meaning: dict[str, Entry | None] = {}
    for token in doc[1:-1]:
        acronym = token.text
        if acronym not in acronyms or doc[token.i - 1].text != "(" or doc[token.i + 1].text != ")":
            continue
        words = _long_name(doc, token.i - 1, acronym)
        if len(words) < 2 or acronym in meaning:
            continue
        keys = [w.lower().replace("’", "'") for w in words if w not in HYPHENS]
        known = lexicon.lookup(keys)
        if known is not None and known[0] == len(keys):
            meaning[acronym] = known[1]
            continue
        entry = next(m.entry for m in found if m.entry and doc[m.start : m.end].text == acronym)
        listed = entry.name.lower().split()
        if len(listed) >= 2 and listed != [w.lower() for w in words]:
            meaning[acronym] = None  # the dictionary's body is another one
    if not meaning:
        return found
    out = []
    for m in found:
        text = doc[m.start : m.end].text
        if text in meaning and m.entry is not None and m.end - m.start == 1:
            meant = meaning[text]
            m = Match(m.start, m.end, meant, meant.kind if meant else "organisation")
        out.append(m)
    return out


def new_acronyms(
    lexicon: Lexicon, doc: Doc, taken: set[int], skip: set[int], sent_of: list[int]
) -> list[Match]:
    """An acronym the dictionaries lack, defined by a name they list, in either order ("the TFG
    (Transitional Federal Government) forces", "the Syrian Democratic Forces (SDF)"): every use in the
    article is that entry."""
    meaning: dict[str, Entry] = {}
    for token in doc[:-2]:
        if token.text == "(" and token.i >= 2 and doc[token.i + 2].text == ")" and _acronym(doc[token.i + 1]):
            words = _long_name(doc, token.i, doc[token.i + 1].text)  # "Long Name (ACR)"
            acronym = doc[token.i + 1].text
        elif _acronym(token) and doc[token.i + 1].text == "(":  # "ACR (Long Name)"
            close = next((t.i for t in doc[token.i + 2 : token.i + 14] if t.text == ")"), None)
            words = [t.text for t in doc[token.i + 2 : close]] if close else []
            words = words if _initials(words) == token.text else []
            acronym = token.text
        else:
            continue
        keys = [w.lower().replace("’", "'") for w in words if w not in HYPHENS]
        known = lexicon.lookup(keys) if len(keys) >= 2 else None
        if known is not None and known[0] == len(keys) and known[1].kind != "agent":
            meaning.setdefault(acronym, known[1])
    out = []
    for token in doc:
        entry = meaning.get(token.text)
        if entry is not None and token.i not in taken and sent_of[token.i] not in skip:
            out.append(Match(token.i, token.i + 1, entry, entry.kind))
            taken.add(token.i)
    return out


def _acronym(token: Token) -> bool:
    return token.text.isupper() and token.text.isalpha() and 2 <= len(token.text) <= 8


def _long_name(doc: Doc, paren: int, acronym: str) -> list[str]:
    """The capitalised words (with joiners such as "of") right before the bracket at ``paren`` whose
    initials spell ``acronym`` ("People's Republic of China" for PRC); empty when none do ("the UN
    Mission in South Sudan (UNMISS)" is no definition: "South Sudan" does not spell it)."""
    words: list[str] = []
    k = paren - 1
    while k >= 0 and len(words) < 10:
        text = doc[k].text
        joiner = text.lower() in NAME_JOINERS or text in HYPHENS or text in ("'s", "’s")
        if text[:1].isupper() or (joiner and words):
            words.insert(0, text)
            k -= 1
            continue
        break
    while words:
        if words[0][:1].isupper() and _initials(words) == acronym.upper():
            return words
        words.pop(0)
    return []


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper()).upper()


def _initial_next(doc: Doc, words: list[tuple[int, str]], j: int) -> bool:
    """Whether the word after ``words[j]`` is a middle initial ("J." in "Lloyd J. Austin")."""
    if j + 2 >= len(words) or not doc[words[j][0]].text[:1].isupper():
        return False
    token = doc[words[j + 1][0]]
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def other_persons_name(lexicon: Lexicon, doc: Doc, start: int, end: int, entry: Entry) -> bool:
    """A one-word name ending a longer proper name the dictionaries do not know: "Hassan" (Jordan's
    prince) in "Ilyas Ali Hassan", "Abbas" (the Palestinian president's surname) in the port "Bandar
    Abbas". Titles and honorifics before the name ("Chairman Arafat", "Mr. Abbas") do not count. A group's
    one-word name ending a person's name is that person ("Wagner" in "Richard Wagner")."""
    if entry.kind not in ("person", "metonym") or end - start != 1 or start == 0:
        return False
    token, before = doc[start], doc[start - 1]
    if token.ent_iob_ != "I" or before.ent_type_ != token.ent_type_:
        return False  # the name does not continue an entity that began before it
    if entry.kind == "metonym" and token.ent_type_ != "PERSON":
        return False
    if before.pos_ != "PROPN" or not before.text[:1].isupper() or len(before.text.rstrip(".")) < 2:
        return False
    if before.lower_.rstrip(".") in HONORIFICS or before.lower_ in entry.name.lower().split():
        return False  # "Mr. Abbas"; "Richard Armitage" when only "Armitage" is indexed
    found = lexicon.lookup([before.lower_])
    return found is None or found[1].kind != "agent"


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
    # The first word that is not a name particle must be capitalised ("al-Qaida", "de Mistura"), or a
    # number ("82nd Airborne Division"), unless the entry's own name is lower-case ("anti-balaka").
    first = next((t.text for t in doc[start:end] if t.lower_ not in PARTICLES and t.text not in HYPHENS), "")
    return first[:1].isupper() or first[:1].isdigit() or entry.name[:1].islower()


def region_matches(
    doc: Doc, found: list[Match], taken: set[int], skip: set[int], sent_of: list[int], date: str | None
) -> list[Match]:
    """Provinces, states, regions and cities the parser sees as places ("Donetsk separatists", "the Lagos
    state government"): a match for their country, so they code like a country name (regions.py)."""
    context = {
        code[:3]
        for m in found
        if m.kind in ("country", "capital") and (code := m.code(date)) and not sector_led(code, m.kind)
    }
    spans = [(ent.start, ent.end) for ent in doc.ents if ent.label_ in REGION_LABELS]
    # The small parser often calls a province a person or an organisation ("in Tigray", "Donetsk
    # separatists"): a lone proper noun in a place's position (a locative phrase) or modifying a noun.
    for token in doc:
        if token.pos_ != "PROPN" or token.text.isupper() or len(token) < 4:
            continue  # "BLA": an acronym, not a place
        alone = token.ent_iob_ == "B" and (token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I")
        if token.ent_iob_ != "O" and not alone or token.ent_type_ in REGION_LABELS:
            continue
        modifier = token.dep_ in ("compound", "poss") and (
            token.head.pos_ == "NOUN"
            or token.head.lower_ in REGION_TITLES  # "Belgorod Governor X"
            or _chief_minister(token.head)  # "Sabah Chief Minister X": a state's head of government
            or any(c.lower_ in REGION_TITLES for c in token.head.children)  # "Kharkiv's governor X"
        )
        # A lone "person" only where a place stands ("in Tigray"): "Ahmad's family" is a man's, but a
        # subdivision's own name is the place ("Gauteng Premier X", "the Mpumalanga government").
        person_ok = token.ent_type_ != "PERSON" or fold(token.text) in subdivisions()
        if locative(token) or modifier and person_ok or _of_local_body(token):
            spans.append((token.i, token.i + 1))
    spans.extend(_subdivision_runs(doc))
    out: list[Match] = []
    for ent_start, ent_end in sorted(set(spans)):
        ent = doc[ent_start:ent_end]
        if taken.intersection(range(ent.start, ent.end)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if start >= ent.end or sent_of[start] in skip or not doc[start].text[:1].isupper():
            continue
        end = ent.end - (1 if ent[-1].lower_ in ("'s", "’s") else 0)
        country = region_country(doc[start:end].text, context)
        if country is None:
            continue
        entry = Entry(doc[start:end].text, "country", [Role(country)], source="region")
        out.append(Match(start, end, entry, "country"))
        taken.update(range(start, end))
    return out


def _chief_minister(head: Token) -> bool:
    """ "Chief Minister", "First Minister": the head of a state's or province's government."""
    return head.lower_ == "minister" and any(c.lower_ in REGION_MINISTERS for c in head.children)


def _subdivision_runs(doc: Doc) -> list[tuple[int, int]]:
    """Multi-word proper names modifying a noun that are exactly an ISO 3166-2 subdivision ("the Tamil Nadu
    government", "the KwaZulu-Natal provincial government"), whatever entity label the parser gave them."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and (doc[j].pos_ == "PROPN" or doc[j].text in HYPHENS and j > i):
            j += 1
        if j - i >= 2 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].dep_ in ("compound", "nmod", "poss"):
            head = doc[j - 1].head
            if head.pos_ == "NOUN" and not (i <= head.i < j) and fold(doc[i:j].text) in subdivisions():
                out.append((i, j))
        i = max(j, i + 1)
    return out


def _of_local_body(token: Token) -> bool:
    """A proper noun naming the region of a sub-national body ("the Tigray regional government", "the Afar
    regional government", "the Donetsk regional administration"), whatever entity label the parser gave it."""
    head = token.head
    if token.dep_ == "advmod" and head.pos_ == "ADJ":
        head = head.head  # "Afar" hung on "regional"
    elif token.dep_ not in ("compound", "nmod", "poss"):
        return False
    return head.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in LOCAL_ADJECTIVES for c in head.children
    )
