"""Dependency-parse helpers of the event coder: conjuncts, objects, clause heads and pattern bags."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from eventcoder.knowledge.patterns import Pattern, PatternTable

QUANTITY_NOUNS = {
    "series", "round", "wave", "number", "barrage", "string", "spate", "flurry", "volley", "salvo",
    "set", "host", "raft", "couple", "pair", "lot", "batch", "dozen", "score", "hundred", "thousand",
}  # fmt: skip


def definite(tok: Token) -> bool:
    """Whether a noun phrase is definite: "the talks", "Friday's summit", "that meeting"."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in tok.children
    )


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of a noun phrase without its clauses (relative, participial, adverbial)."""
    out, todo = [], [head]
    while todo:
        tok = todo.pop()
        out.append(tok)
        todo += [
            c for c in tok.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "punct", "appos")
        ]
    return sorted(out, key=lambda t: t.i)


def governing_verb(noun: Token) -> Token | None:
    tok = noun
    for _ in range(4):
        if tok.head is tok:
            return None
        if tok.dep_ in ("dobj", "pobj", "prep", "attr", "nsubj", "nsubjpass", "dative", "conj"):
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok
        else:
            return None
    return None


def reporting_verb(clause: Token, table: PatternTable) -> Token | None:
    """The speech verb whose complement contains ``clause`` (through ccomp/conj/xcomp heads), if any."""
    tok = clause.head
    for _ in range(6):
        if tok.dep_ == "ccomp" and table.has_class(tok.head.lemma_, "speech"):
            return tok.head
        if tok.head is tok or tok.dep_ not in ("conj", "xcomp", "ccomp", "relcl", "advcl"):
            return None
        tok = tok.head
    return None


def content_clauses(noun: Token) -> list[Token]:
    """Clauses that say what a noun is about: "the announcement that X had agreed", "concern that X's
    detention is ...", "statements ... indicating that X will remain" (the participle's complement)."""
    out = []
    for ch in noun.children:
        if ch.dep_ in ("acl", "ccomp") and ch.pos_ in ("VERB", "AUX"):
            if any(m.dep_ == "mark" and m.lower_ == "that" for m in ch.children):
                out.append(ch)
            elif ch.tag_ == "VBG":
                out += [x for x in ch.children if x.dep_ == "ccomp" and x.pos_ in ("VERB", "AUX")]
    return out


def conjuncts(tok: Token) -> list[Token]:
    out, todo = [], [c for c in tok.children if c.dep_ == "conj"]
    while todo:
        t = todo.pop(0)
        out.append(t)
        todo += [c for c in t.children if c.dep_ == "conj"]
    return out


def pobjs(prep: Token) -> list[Token]:
    out = []
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            out.append(child)
            out += conjuncts(child)
        elif child.dep_ == "prep":  # "out of", "away from"
            out += pobjs(child)
    return out


def direct_object(verb: Token) -> Token | None:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        if child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass"):
            return child
    return None


def quantity(tok: Token) -> bool:
    """A quantity or amount that stands before what it counts: "a series of", "$100 million in"."""
    if tok.lemma_.lower() in QUANTITY_NOUNS:
        return True
    return tok.ent_type_ == "MONEY" or tok.like_num or any(c.tag_ == "$" for c in tok.children)


def object_control(verb: Token, comp: Token) -> bool:
    """Whether a verb has a direct object before its xcomp ("wants Germany to pay")."""
    return any(c.dep_ == "dobj" and c.i < comp.i for c in verb.children)


def xcomp(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child
    return None


def hyphenated(tok: Token) -> str | None:
    """The word a hyphen compound forms with its noun, when the tokenizer split it: "cease - fire" ->
    "cease-fire"; None otherwise."""
    i = tok.i
    if i < 2 or tok.doc[i - 1].text != "-":
        return None
    first = tok.doc[i - 2]
    return f"{first.lower_}-{tok.lower_}" if first.head.i == i else None


def argument_bag(verb: Token) -> tuple[set[str], dict[str, set[str]]]:
    """Words around a verb that patterns can test, and prepositional groups: prep -> words of its objects."""
    words: set[str] = set()
    groups: dict[str, set[str]] = {}

    def add(t: Token) -> None:
        words.add(t.lower_)
        words.add(t.lemma_.lower())

    def add_np(t: Token) -> None:
        add(t)
        joined = hyphenated(t)
        if joined:  # "cease-fire" split by the tokenizer: also "cease-fire" and "ceasefire"
            words.update((joined, joined.replace("-", "")))
        if t.lemma_.lower() in QUANTITY_NOUNS:  # "another round of missiles"
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in pobjs(c):
                        add_np(p)
        for c in t.children:
            if c.dep_ in ("compound", "amod", "det", "nummod", "nmod", "poss", "conj"):
                add(c)
            elif c.dep_ == "prep":
                add_prep(c)

    def add_prep(p: Token) -> None:
        add(p)
        bucket = groups.setdefault(p.lower_, set())
        for pobj in pobjs(p):
            for t in [pobj, *[c for c in pobj.children if c.dep_ in ("compound", "amod", "nmod")]]:
                bucket.add(t.lower_)
                bucket.add(t.lemma_.lower())

    passive = any(c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        dep = child.dep_
        if dep in ("prt", "advmod", "acomp", "oprd", "neg") or (
            dep == "ccomp" and child.pos_ in ("ADJ", "NOUN")
        ):
            add_np(child)
            for c in child.children:
                if c.dep_ == "prep":
                    add_prep(c)
        elif dep in ("dobj", "attr", "dative") or (passive and dep == "nsubjpass"):
            add_np(child)
        elif dep in ("prep", "agent"):
            add_prep(child)
        elif dep in ("ccomp", "advcl") and any(
            c.dep_ == "mark" and c.lower_ == "for" for c in child.children
        ):
            words.add("for")  # "called for X to withdraw"
        elif dep == "xcomp":
            add(child)
            words.add("to")
            for c in child.children:
                if c.dep_ == "dobj":
                    add_np(c)
    return words, groups


def matches(pattern: Pattern, words: set[str], groups: dict[str, set[str]]) -> bool:
    for term in pattern.terms:
        if term.prep is not None:
            bucket = groups.get(term.prep)
            if bucket is None or not all(bucket & alt for alt in term.words):
                return False
        elif not all(words & alt for alt in term.words):
            return False
    return True


def dedup(items: Iterable[int]) -> list[int]:
    seen: dict[int, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
