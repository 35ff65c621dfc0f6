"""Modality and polarity of an event from the clause chain above its trigger (fields, never a different code).

asserted | reported (clausal complement of a speech verb) | intended (xcomp of an intent verb) | future (will,
shall, going to; "would" under a speech verb) | hypothetical (if/unless, could, might, may, should, must).
Precedence: hypothetical > intended > future > reported > asserted. ``negated`` for not / never and for
complements of "deny". The first refusal / threat / appeal / demand / intent verb above the trigger is its
governor: the event coder composes the code from it (maps in the pattern data).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventcoder.components.events.syntax import governing_verb, object_control
from eventcoder.knowledge.patterns import PatternTable

MODALITIES = ("asserted", "reported", "intended", "future", "hypothetical")
KEPT_BY_DEFAULT = ("asserted", "reported", "intended", "future")  # hypothetical events are dropped
RANK = {"asserted": 0, "reported": 1, "future": 2, "intended": 3, "hypothetical": 4}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPO_AUX = {"could", "might", "may", "should", "must", "can", "ought"}
IF_MARKS = {"if", "unless", "whether"}


@dataclass
class Frame:
    """What the clause chain above a trigger says about it."""

    modality: str = "asserted"
    negated: bool = False
    governor: Token | None = None  # refusal / threat / appeal / demand / intent verb governing the trigger
    gclass: str | None = None


def clause_frame(verb: Token, table: PatternTable) -> Frame:
    """Modality, polarity and governing verb of a trigger, from the clauses above it."""
    frame = Frame()
    mods: list[str] = []
    tok = verb
    reported = False
    own_clause = True  # aux of heads above a participial clause do not apply to it
    for _ in range(8):
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and low in ("never",)):
                frame.negated = True
            elif child.dep_ in ("aux", "auxpass") and own_clause:
                if low in FUTURE_AUX:
                    mods.append("future")
                elif low == "would":
                    mods.append("would")
                elif low in HYPO_AUX:
                    mods.append("hypothetical")
            elif child.dep_ == "mark" and low in IF_MARKS:
                mods.append("hypothetical")
        if tok.lemma_ == "go" and any(c.dep_ == "xcomp" for c in tok.children) and tok.tag_ == "VBG":
            mods.append("future")
        dep, head = tok.dep_, tok.head
        if dep == "acomp" and tok.pos_ == "ADJ" and head is not tok:
            tok = head  # "it is prepared to retaliate": on to the copula and the clauses above it
            continue
        if head is tok or dep not in ("xcomp", "ccomp", "conj", "advcl", "relcl", "pcomp", "acl"):
            break
        if dep in ("relcl", "acl") and head.pos_ not in ("VERB", "AUX"):
            if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                break  # a relative clause has its own tense and mood
            # "new ways to raise ...": continue from the verb that governs the noun
            governor = governing_verb(head)
            if governor is None:
                break
            head = governor
        if dep == "xcomp":
            for cls in ("refusal", "threat", "appeal", "demand", "intent", "deny"):
                if table.has_class(head.lemma_, cls) and frame.governor is None:
                    if cls == "intent" and object_control(head, tok):
                        cls = "appeal"  # "wants Germany to pay": an appeal to Germany
                    frame.governor, frame.gclass = head, cls
                    if cls == "intent":
                        mods.append("intended")
                    if cls == "deny":
                        frame.negated = True
                    break
        elif dep in ("ccomp", "advcl") and any(c.dep_ == "mark" and c.lower_ == "for" for c in tok.children):
            for cls in ("appeal", "demand"):  # "called for X to withdraw"
                if table.has_class(head.lemma_, cls) and frame.governor is None:
                    frame.governor, frame.gclass = head, cls
        elif dep == "ccomp":
            if table.has_class(head.lemma_, "deny"):
                frame.negated = True
            if table.has_class(head.lemma_, "speech"):
                reported = True
            for cls in ("appeal", "demand"):  # "demanded that X withdraw"
                if table.has_class(head.lemma_, cls) and frame.governor is None:
                    frame.governor, frame.gclass = head, cls
        elif dep == "advcl":
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            if tok.tag_ not in ("VBG", "VBN") and not infinitive:
                break  # an adverbial clause of its own ("while ...", "because ...")
            if not infinitive:
                own_clause = False
        tok = head
        if frame.negated and dep != "conj":
            break
    if "would" in mods:
        mods.append("future" if reported else "hypothetical")
    if reported:
        mods.append("reported")
    best = "asserted"
    for mod in mods:
        if mod in RANK and RANK[mod] > RANK[best]:
            best = mod
    frame.modality = best
    return frame


# ------------------------------------------------------------------ output
