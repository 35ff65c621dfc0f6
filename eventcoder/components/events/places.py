"""Target from place: the country a material event happened in, as the event's target actor."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventcoder.components.events.arguments import ArgumentFinder, DocState, actor_country
from eventcoder.knowledge.gazetteer import demonyms, gazetteer, normalise

PLACE_PREPS = {"in", "near", "at", "on", "into", "across", "inside", "over", "along", "off", "to", "against",
               "toward", "towards"}  # fmt: skip
BORDER_NOUNS = {"border", "frontier", "boundary"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
NOT_PLACE_ENTS = {"DATE", "TIME", "PERSON", "ORG", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def place_target(
    finder: ArgumentFinder, state: DocState, sid: int, trigger: Token, sources: list[int], code: str
) -> list[int]:
    """The country attacked or threatened, from where a material event happened: "struck targets in
    southern Lebanon", "shelled the Ukrainian city of Kharkiv", "deployed warships near Taiwan".

    The place is looked for in the trigger's object and locating phrases (not in embedded clauses);
    the country becomes a new actor mention (kind "place"). A show of force on one's own soil (root
    15) has no target.
    """
    doc = state.doc
    for child in trigger.children:  # "its positions had been attacked": the owner, from the clause above
        if child.dep_ in ("dobj", "nsubjpass") and any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in child.children
        ):
            owners = [a for a in finder.antecedent(state, trigger) if a not in sources]
            if owners:
                return owners
    stack = [
        c
        for c in trigger.children
        if c.dep_ in ("dobj", "prep") and (c.dep_ != "prep" or c.lower_ in PLACE_PREPS)
    ]
    own = {actor_country(state, a) for a in sources}
    while stack:
        tok = stack.pop(0)
        border = tok.lower_ == "with" and tok.head.lemma_.lower() in BORDER_NOUNS  # "its border with Finland"
        if tok.dep_ in CLAUSE_DEPS or (
            tok.dep_ == "prep" and tok.lower_ not in PLACE_PREPS | {"of"} and not border
        ):
            continue
        found = place_country(state, tok)
        if found is not None:
            iso3, start, end = found
            if code[:2] == "15" and iso3 in own:
                return []
            if tok.i in state.t2a:
                return [state.t2a[tok.i]]
            return [place_actor(state, sid, iso3, doc[start:end])]
        stack.extend(tok.children)
    return []


def place_country(state: DocState, tok: Token) -> tuple[str, int, int] | None:
    """(ISO3, token span) of a place name or nationality adjective, or None."""
    if tok.i in state.t2a:
        country = actor_country(state, state.t2a[tok.i])
        kind = state.doc._.actors[state.t2a[tok.i]].get("kind")
        return (country, tok.i, tok.i + 1) if country and kind in ("country", "capital", "place") else None
    if tok.ent_type_ in NOT_PLACE_ENTS:
        return None
    if tok.dep_ in ("amod", "compound") and (tok.ent_type_ == "NORP" or tok.pos_ == "ADJ"):
        iso3 = demonyms().get(normalise(tok.text))
        return (iso3, tok.i, tok.i + 1) if iso3 else None
    if tok.pos_ != "PROPN" or tok.dep_ == "compound":
        return None
    start = tok.i
    while (
        start > 0
        and tok.doc[start - 1].pos_ == "PROPN"
        and tok.doc[start - 1].head.i in range(start, tok.i + 1)
    ):
        start -= 1
    for s in range(start, tok.i + 1):  # "North Waziristan", then "Waziristan"
        place = gazetteer().resolve(tok.doc[s : tok.i + 1].text)
        if place is not None and place.country:
            return place.country, s, tok.i + 1
    return None


def place_actor(state: DocState, sid: int, iso3: str, span: Span) -> int:
    """Add the country of a place as an actor mention of its own and return its index."""
    actors = list(state.doc._.actors)
    for i, a in enumerate(actors):
        if a["token_start"] == span.start and a["token_end"] == span.end and a.get("country") == iso3:
            return i
    actors.append(
        {
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            "token_start": span.start,
            "token_end": span.end,
            "head": span.root.i,
            "sentence_id": sid,
            "code": iso3,
            "country": iso3,
            "sector": None,
            "name": None,
            "kind": "place",
        }
    )
    state.doc._.actors = actors
    return len(actors) - 1
