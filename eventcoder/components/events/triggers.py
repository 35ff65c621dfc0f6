"""Which verbs and nouns code what on the parse: pattern lookup, event nouns, light verbs, composition.

``TriggerLexicon`` wraps the pattern table (knowledge/patterns.py) with the parse-level questions the
event coder asks of a token: the verb's best pattern or default code, the noun entry honouring its
modifiers, whether a light / intent / refusal / threat verb hands its event to a noun object, and the
code a governor (refused, threatened, urged, demanded ...) gives the event it embeds (maps in the data).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from eventcoder.components.events.modality import Frame
from eventcoder.components.events.syntax import (
    argument_bag,
    direct_object,
    hyphenated,
    matches,
    pobjs,
    quantity,
)
from eventcoder.knowledge.cameo import roots_with
from eventcoder.knowledge.patterns import NO_EVENT, Pattern, PatternTable

PARTICIPATE_VERBS = {"participate", "engage", "join", "partake", "take", "involve"}
# "X is / remains / is locked in talks with Y": a participant of a symmetric event only ("X remains in
# detention" is held, not holding)
STATE_VERBS = {"be", "remain", "lock", "embroil", "mire"}
GOVERNING_CLASSES = {"light", "intent", "refusal", "threat"}
# the root columns of cameo.csv: nouns whose clause is said, asked or alleged; material violence
CONTENT_NOUN_ROOTS = roots_with("content_noun")
VIOLENT_ROOTS = roots_with("violent")
DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day", "week",
              "month", "year", "weekend", "morning", "evening", "night", "afternoon", "occasion"}  # fmt: skip
REL_PRONOUNS = {"which", "who", "that", "whom", "whose"}


def _dated_group(verb: Token, pat: Pattern) -> bool:
    """Whether a pattern's bare prepositional group ("call on") is matched only by a date ("On Wednesday,
    X called Y unbearable"): a date says when, not on whom."""
    for term in pat.terms:
        if term.prep is not None and not term.words:
            word = term.prep  # "(on)"
        elif term.prep is None and len(term.words) == 1 and len(term.words[0]) == 1:
            word = next(iter(term.words[0]))  # "call on": a particle or a preposition
        else:
            continue
        if any(c.dep_ == "prt" and c.lower_ == word for c in verb.children):
            continue
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == word]
        objects = [p for prep in preps for p in prep.children if p.dep_ in ("pobj", "pcomp")]
        if objects and all(p.ent_type_ in ("DATE", "TIME") or p.lower_ in DATE_WORDS for p in objects):
            return True
    return False


def event_kind(code: str) -> str:
    """The root, with the violent roots 18-20 as one kind (a killing in an attack is the same event)."""
    return "18-20" if code[:2] in VIOLENT_ROOTS else code[:2]


class TriggerLexicon:
    """Parse-level lookups in the pattern table: what a verb or noun codes and what it governs."""

    def __init__(self, table: PatternTable) -> None:
        self.table = table

    # ------------------------------------------------------------------ verbs
    def _code_of(self, verb: Token, allow_default: bool = True) -> tuple[str, Pattern | None] | None:
        """The verb's best pattern (or default code), or None if the table does not code it."""
        entry = self.table.verb(verb.lemma_)
        if entry is None:
            return None
        if entry.patterns:
            words, groups = argument_bag(verb)
            for pat in entry.patterns:  # sorted: most specific first
                if matches(pat, words, groups) and pat.code and not _dated_group(verb, pat):
                    return pat.code, pat
        if allow_default and entry.code and (not entry.classes or entry.default_priority > 0):
            # a verb of a curated class (say, plan, hold...) is coded by its class, not by a converted
            # default: PETRARCH's 010 for "say" or 030 for "plan" would code every "said" and every plan
            return entry.code, None
        return None

    def _codes(self, verb: Token) -> bool:
        """Whether a verb carries an event: a code of its own or, for a light verb, an event-noun object."""
        coded = self._code_of(verb)
        if coded is not None and coded[0] != NO_EVENT:
            return True
        obj = direct_object(verb)
        return self._governs(verb) and obj is not None and self._event_object(obj)

    def _consumes(self, governor: Token, comp: Token) -> bool:
        """Whether the governor's best pattern names its complement verb ("decline to comment" -> 011)."""
        if governor.pos_ not in ("VERB", "AUX"):
            return False  # an adjective ("ready to talk") is no trigger of its own
        coded = self._code_of(governor, allow_default=False)
        if coded is None or coded[1] is None:
            return False
        words = {comp.lemma_.lower(), comp.lower_}
        return any(words & alt for term in coded[1].terms for alt in term.words)

    def _governs(self, verb: Token) -> bool:
        """Whether an event-noun object carries the verb's event: light, intent, refusal or threat verbs."""
        entry = self.table.verb(verb.lemma_)
        return entry is not None and bool(entry.classes & GOVERNING_CLASSES)

    def _violent_subject(self, verb: Token) -> str | None:
        """The code of a violent event noun that is the verb's subject ("the bombing killed 12")."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                tok = verb.head if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl" else child
                entry = self.noun_entry(tok)
                if entry is not None and event_kind(entry.code) == "18-20":
                    return str(entry.code)
        return None

    def _content_of_noun(self, verb: Token) -> bool:
        """Whether a clause is what a statement, appeal or accusation noun says, asks or alleges ("an
        appeal to Italy to hand over X", "charges that Monrovia is committing genocide"): as far as the
        text says, it has not happened."""
        if verb.dep_ not in ("acl", "ccomp"):
            return False
        said = self.noun_entry(verb.head)
        return said is not None and said.code[:2] in CONTENT_NOUN_ROOTS

    def _complement_coded(self, verb: Token) -> bool:
        """Whether the clauses the speech verb reports contain a coded verb or event noun."""
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "advcl") and child.pos_ in ("VERB", "AUX"):
                for tok in child.subtree:
                    if tok.pos_ in ("VERB", "AUX") and self._code_of(tok) is not None:
                        return True
                    if tok.pos_ == "NOUN" and self.noun_entry(tok) is not None:
                        return True
        return False

    # ------------------------------------------------------------------ composition
    def _compose(self, code: str, frame: Frame, trigger: Token) -> tuple[str, Token]:
        """Refused / threatened / promised events take the code of the act (maps in the pattern data)."""
        if frame.governor is None or frame.gclass is None:
            return code, trigger
        mapped = self.map_code(frame.gclass, code)
        if frame.gclass in ("refusal", "threat"):
            return mapped or ("120" if frame.gclass == "refusal" else "130"), frame.governor
        if frame.gclass == "intent" and mapped:
            return mapped, trigger
        return code, trigger

    def map_code(self, cls: str, code: str) -> str | None:
        """The code a governor class gives an embedded event: full code first, then its parents."""
        table = self.table.maps.get(cls, {})
        for key in (code, code[:3], code[:2]):
            if key in table:
                return table[key]
        return None

    def _embedded_code(self, verb: Token) -> str | None:
        """Code of what an appeal or demand asks for: its complement clause or event-noun object."""
        for child in verb.children:
            # "urged X to ...", "called for X to ...", "demanded that X ..."
            clause = child.dep_ in ("xcomp", "ccomp") or (
                child.dep_ == "advcl"
                and any(
                    (c.dep_ == "mark" and c.lower_ == "for") or (c.dep_ == "aux" and c.lower_ == "to")
                    for c in child.children
                )
            )
            if clause and child.pos_ in ("VERB", "AUX"):
                coded = self._code_of(child)
                if coded is not None and coded[0] != NO_EVENT:
                    return coded[0]
                obj = direct_object(child)
                entry = self.noun_entry(obj) if obj is not None and self._governs(child) else None
                if entry is not None:  # "urged X to hold talks"
                    return str(entry.code)
            nouns = [child] if child.dep_ == "dobj" else []
            if child.dep_ == "prep" and child.lower_ == "for":
                nouns = pobjs(child)
            for noun in nouns:
                entry = self.noun_entry(noun)
                if entry is not None:
                    return str(entry.code)
        return None

    # ------------------------------------------------------------------ nouns
    def noun_entry(self, tok: Token) -> Any:
        """The noun entry for ``tok`` (two-word lemmas first), honouring ``requires`` modifiers."""
        cands = []
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.dep_ in ("compound", "amod") and prev.head == tok:
            cands += self.table.nouns.get(f"{prev.lower_} {tok.lower_}", [])
            cands += self.table.nouns.get(f"{prev.lower_} {tok.lemma_.lower()}", [])
        joined = hyphenated(tok)
        if joined:  # "cease-fire", "stand-off" split by the tokenizer
            cands += self.table.nouns.get(joined, []) or self.table.nouns.get(joined.replace("-", ""), [])
        cands += self.table.nouns.get(tok.lower_, []) or self.table.nouns.get(tok.lemma_.lower(), [])
        modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        # "joint training exercises": the parser hangs "joint" on the compound, not on the noun
        modifiers += [m for c in modifiers if c.dep_ == "compound" for m in c.children if m.dep_ == "amod"]
        mods = {c.lower_ for c in modifiers} | {c.lemma_.lower() for c in modifiers}
        for cand in sorted(cands, key=lambda n: (-len(n.requires), -n.priority)):
            if all(mods & alt for alt in cand.requires):
                return cand
        return None

    def _event_object(self, obj: Token) -> bool:
        if self.noun_entry(obj) is not None:
            return True
        if quantity(obj):
            return any(
                self.noun_entry(p) is not None
                for c in obj.children
                if c.lower_ in ("of", "in")
                for p in pobjs(c)
            )
        return False

    def _light_governor(self, noun: Token) -> Token | None:
        """The light verb an event noun is the object of: "hold talks", "level a series of allegations"."""
        tok = noun
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and quantity(tok.head.head):
            tok = tok.head.head  # "a series of allegations", "another round of talks", "$100 million in aid"
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
            return head if self._governs(head) else None
        if tok.dep_ == "pobj" and head.lower_ == "in":  # "take part in a protest", "participate in talks"
            h = head.head
            if h.lemma_.lower() == "part" and h.head.lemma_.lower() in ("take", "play"):
                return h.head
            if h.pos_ == "VERB" and h.lemma_.lower() in PARTICIPATE_VERBS:
                return h
            entry = self.noun_entry(noun)
            if h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in STATE_VERBS and entry is not None:
                return h if entry.symmetric else None
        for child in tok.children:  # "the airstrikes it launched"
            if (
                child.dep_ == "relcl"
                and self._governs(child)
                and not any(c.dep_ in ("dobj", "nsubjpass") for c in child.children)
            ):
                return child
        return None

    def _appealed(self, noun: Token) -> bool:
        """Whether an event noun is what an appeal or demand asks for ("demanded Zhan's release")."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "for":
            head = head.head
        elif noun.dep_ != "dobj":
            return False
        entry = self.table.verb(head.lemma_)
        return (
            entry is not None
            and bool(entry.classes & {"appeal", "demand"})
            # "prosecutors ordered the arrest of X": an order to one's own organs is the act itself
            and "light" not in entry.classes
            and head.pos_ in ("VERB", "AUX")
        )

    def _patient_noun(self, tok: Token) -> bool:
        """An event noun whose own actor undergoes it ("the release of X", "X's arrest")."""
        entry = self.noun_entry(tok)
        return entry is not None and "target" in (entry.of_role, entry.poss_role)
