"""Modality and polarity of an event from the clause chain above its trigger (fields, never a different code).

asserted | reported (clausal complement of a speech verb) | intended (xcomp of an intent verb) | future (will,
shall, going to; "would" under a speech verb) | hypothetical (if/unless, could, might, may, should, must).
Precedence: hypothetical > intended > future > reported > asserted. ``negated`` for not / never and for
complements of "deny". The first refusal / threat / appeal / demand / intent verb above the trigger is its
governor: the event coder composes the code from it (maps in the pattern data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from eventcoder.components.events.syntax import governing_verb, object_control
from eventcoder.errors import ConfigError, Errors
from eventcoder.knowledge.patterns import PatternTable
from eventcoder.records import MODALITIES

KEPT_BY_DEFAULT = ("asserted", "reported", "intended", "future")  # hypothetical events are dropped


def kept_modalities(keep: Iterable[str]) -> list[str]:
    """The ``keep_modalities`` setting checked: each a known modality, else ConfigError E303."""
    kept = list(keep)
    for mod in kept:
        if mod not in MODALITIES:
            raise ConfigError(
                Errors.E303.format(value=mod, name="keep_modalities", expected=", ".join(MODALITIES))
            )
    return kept


RANK = {"asserted": 0, "reported": 1, "future": 2, "intended": 3, "hypothetical": 4}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPO_AUX = {"could", "might", "may", "should", "must", "can", "ought"}
IF_MARKS = {"if", "unless", "whether"}
FIRST_PERSON_SUBJECTS = {"i", "we"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}  # a verb with its own tense, outside another verb's auxiliary


@dataclass
class Frame:
    """What the clause chain above a trigger says about it."""

    modality: str = "asserted"
    negated: bool = False
    governor: Token | None = None  # refusal / threat / appeal / demand / intent verb governing the trigger
    gclass: str | None = None


@dataclass
class Walk:
    """State of the walk up the clause chain: the frame so far, the modality cues seen, and two flags."""

    frame: Frame = field(default_factory=Frame)
    mods: list[str] = field(default_factory=list)  # cues: future, would, hypothetical, intended
    reported: bool = False  # some clause above is the complement of a speech verb
    own_clause: bool = True  # aux of heads above a participial clause do not apply to it
    adverbial: bool = False  # the walk has climbed out of an adverbial clause
    finite_conjunct: bool = False  # the last step left a finite conjunct ("did not fire but arrested")


# --- rules on the words of each clause on the way up (order does not matter: they only add cues) ---------


def negation(walk: Walk, tok: Token) -> None:
    """ "not", "n't", "never" on the clause negate the event; so does "have / be yet to" ("officials have
    yet to comment": they have not commented). A conjunct with a finite verb of its own ("did not fire
    but arrested 20 people") is outside the first verb's "did not"; a bare one ("did not fire or arrest")
    is not."""
    if walk.finite_conjunct:
        return
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in tok.children):
        walk.frame.negated = True
    if (
        tok.lemma_.lower() in ("have", "be")
        and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in tok.children)
        and any(c.dep_ == "xcomp" for c in tok.children)
    ):
        walk.frame.negated = True


def auxiliaries(walk: Walk, tok: Token) -> None:
    """will/shall -> future; would -> decided at the end (reported: future, else hypothetical); could,
    might, may, should, must, can -> hypothetical. Only on the trigger's own clause chain."""
    if not walk.own_clause:
        return
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass"):
            low = child.lower_
            if low in FUTURE_AUX:
                walk.mods.append("future")
            elif low == "would" and performative_wish(tok):
                continue
            elif low == "would":
                walk.mods.append("would")
            elif low in HYPO_AUX:
                walk.mods.append("hypothetical")


def performative_wish(tok: Token) -> bool:
    """ "I would like to thank President X", "we would like to congratulate ...": a speaker's polite
    wish to do a speech act does it (not hypothetical)."""
    return (
        tok.lemma_.lower() == "like"
        and any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON_SUBJECTS for c in tok.children)
        and any(c.dep_ == "xcomp" for c in tok.children)
    )


def conditional(walk: Walk, tok: Token) -> None:
    """A clause opened by if / unless / whether is hypothetical."""
    if any(c.dep_ == "mark" and c.lower_ in IF_MARKS for c in tok.children):
        walk.mods.append("hypothetical")


def going_to(walk: Walk, tok: Token) -> None:
    """ "is going to strike": future."""
    if tok.lemma_ == "go" and any(c.dep_ == "xcomp" for c in tok.children) and tok.tag_ == "VBG":
        walk.mods.append("future")


PREDICTION_ADJS = {"likely", "unlikely"}


def prediction(walk: Walk, tok: Token) -> None:
    """ "lawmakers are likely to be angered by X": a prediction, not an event (hypothetical); not an
    adverbial clause below it ("angered by a ruling to continue to imprison X": the ruling is a fact)."""
    if tok.dep_ == "xcomp" and tok.head.lower_ in PREDICTION_ADJS and not walk.adverbial:
        walk.mods.append("hypothetical")


CLAUSE_RULES: tuple[Callable[[Walk, Token], None], ...] = (
    negation,
    auxiliaries,
    conditional,
    going_to,
    prediction,
)

# --- the climb: which clause is next -------------------------------------------------------------------

CLAUSE_LINKS = ("xcomp", "ccomp", "conj", "advcl", "relcl", "pcomp", "acl")


def next_clause(tok: Token) -> tuple[Token, bool] | None:
    """The clause head above ``tok`` and whether the step is only through a copula; None to stop.

    "it is prepared to retaliate": from the adjective on to the copula. A relative clause has its own
    tense and mood, except an infinitive one ("new ways to raise ..."), which continues from the verb that
    governs the noun.
    """
    dep, head = tok.dep_, tok.head
    if dep == "acomp" and tok.pos_ == "ADJ" and head is not tok:
        return head, True
    if head is tok or dep not in CLAUSE_LINKS:
        return None
    if dep in ("relcl", "acl") and head.pos_ not in ("VERB", "AUX"):
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return None
        governor = governing_verb(head)
        if governor is None:
            return None
        head = governor
    return head, False


# --- rules on the link from a clause to the one above (the first that applies decides) --------------------

# A link rule returns None when it does not apply, STOP to end the walk, CLIMB to go on.
STOP, CLIMB = "stop", "climb"
LinkRule = Callable[[Walk, Token, Token, PatternTable], str | None]


def governed_complement(walk: Walk, tok: Token, head: Token, table: PatternTable) -> str | None:
    """xcomp of a refusal / threat / appeal / demand / intent / deny verb: that verb governs the event
    ("refused to negotiate"); intent -> intended ("wants Germany to pay" is an appeal); deny -> negated."""
    if tok.dep_ != "xcomp":
        return None
    for cls in ("refusal", "threat", "appeal", "demand", "intent", "deny"):
        if table.has_class(head.lemma_, cls) and walk.frame.governor is None:
            if cls == "intent" and object_control(head, tok):
                cls = "appeal"  # "wants Germany to pay": an appeal to Germany
            walk.frame.governor, walk.frame.gclass = head, cls
            if cls == "intent":
                walk.mods.append("intended")
            if cls == "deny":
                walk.frame.negated = True
            break
    return CLIMB


def called_for(walk: Walk, tok: Token, head: Token, table: PatternTable) -> str | None:
    """ "called for X to withdraw" (ccomp/advcl with "for"): an appeal or demand governs the event."""
    if tok.dep_ not in ("ccomp", "advcl") or not any(
        c.dep_ == "mark" and c.lower_ == "for" for c in tok.children
    ):
        return None
    for cls in ("appeal", "demand"):
        if table.has_class(head.lemma_, cls) and walk.frame.governor is None:
            walk.frame.governor, walk.frame.gclass = head, cls
    return CLIMB


def clausal_complement(walk: Walk, tok: Token, head: Token, table: PatternTable) -> str | None:
    """ccomp of deny -> negated; of a speech verb -> reported; "demanded that X withdraw" -> governor."""
    if tok.dep_ != "ccomp":
        return None
    if table.has_class(head.lemma_, "deny"):
        walk.frame.negated = True
    if table.has_class(head.lemma_, "speech"):
        walk.reported = True
    for cls in ("appeal", "demand"):
        if table.has_class(head.lemma_, cls) and walk.frame.governor is None:
            walk.frame.governor, walk.frame.gclass = head, cls
    return CLIMB


def _addressed(verb: Token, table: PatternTable) -> bool:
    """Whether an appeal verb names whom it asks ("called on X", "urged X"), not what it convenes ("called a
    meeting to discuss ...": the infinitive is the meeting's purpose)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
            return True
        if (
            child.dep_ == "dobj"
            and child.lemma_.lower() not in table.nouns
            and child.lower_ not in table.nouns
        ):
            return True
    return False


def adverbial(walk: Walk, tok: Token, head: Token, table: PatternTable) -> str | None:
    """An adverbial clause of its own ("while ...", "because ...") stops the walk; a participial one
    ("..., killing 3") climbs but the auxiliaries above no longer apply; an infinitive one climbs, and
    under an appeal or demand verb it is what is asked (the parser's advcl for "called on X to ...")."""
    if tok.dep_ != "advcl":
        return None
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if tok.tag_ not in ("VBG", "VBN") and not infinitive:
        return STOP
    if infinitive and walk.frame.governor is None and _addressed(head, table):
        for cls in ("appeal", "demand"):  # "calls on the regime to release X", parsed as an adverbial clause
            if table.has_class(head.lemma_, cls):
                walk.frame.governor, walk.frame.gclass = head, cls
    if not infinitive:
        walk.own_clause = False
    walk.adverbial = True
    return CLIMB


LINK_RULES: tuple[LinkRule, ...] = (governed_complement, called_for, clausal_complement, adverbial)


def modality_of(walk: Walk) -> str:
    """The strongest cue by precedence (hypothetical > intended > future > reported > asserted)."""
    mods = list(walk.mods)
    if "would" in mods:
        mods.append("future" if walk.reported else "hypothetical")
    if walk.reported:
        mods.append("reported")
    best = "asserted"
    for mod in mods:
        if mod in RANK and RANK[mod] > RANK[best]:
            best = mod
    return best


def clause_frame(verb: Token, table: PatternTable) -> Frame:
    """Modality, polarity and governing verb of a trigger, from the clauses above it (at most 8)."""
    walk = Walk()
    tok = verb
    for _ in range(8):
        for rule in CLAUSE_RULES:
            rule(walk, tok)
        walk.finite_conjunct = False
        step = next_clause(tok)
        if step is None:
            break
        head, through_copula = step
        if through_copula:
            tok = head
            continue
        for link in LINK_RULES:
            outcome = link(walk, tok, head, table)
            if outcome is not None:
                break
        if outcome == STOP:
            break
        dep = tok.dep_
        walk.finite_conjunct = dep == "conj" and tok.tag_ in FINITE_TAGS
        tok = head
        if walk.frame.negated and dep != "conj":
            break
    walk.frame.modality = modality_of(walk)
    return walk.frame


# ------------------------------------------------------------------ output
