"""Tense of the clause a date expression belongs to: past or future decides which Friday "Friday" is."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventcoder.components.actors.rules import lemma
from eventcoder.components.dates.resolve import Tense
from eventcoder.components.places.syntax import clause_head, is_clause_head

# Verbs and adjectives on the path from a date to its clause that make the clause about the future.
FUTURE_WORDS = frozenset(
    {
        "due",
        "schedule",
        "scheduled",
        "set",
        "slate",
        "slated",
        "plan",
        "planned",
        "expect",
        "expected",
        "upcoming",
        "intend",
        "aim",
        "prepare",
        "will",
        "shall",
        "'ll",
        "wo",
        "would",
        "going",
        "gonna",
    }
)
FUTURE_HEADS = frozenset(
    {
        "go",
        "plan",
        "expect",
        "schedule",
        "set",
        "slate",
        "intend",
        "aim",
        "hope",
        "want",
        "agree",
        "vow",
        "pledge",
        "promise",
        "threaten",
        "prepare",
        "decide",
        "seek",
        "try",
        "propose",
        "offer",
        "invite",
        "urge",
        "call",
        "ask",
        "due",
    }
)
# Verbs that report speech: dated only by a date in their own clause.
REPORTING_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "report",
        "announce",
        "state",
        "claim",
        "note",
        "confirm",
        "write",
        "quote",
        "explain",
        "insist",
        "stress",
        "reiterate",
        "acknowledge",
        "according",
    }
)
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "going"})
PAST_AUX = frozenset({"was", "were", "had", "did", "has", "have", "'d", "'ve"})


def clause_verb(token: Token) -> Token | None:
    """The verb (or auxiliary) heading the clause ``token`` belongs to; None in a verbless sentence."""
    head = clause_head(token)
    return head if is_clause_head(head) else None


def verb_tense(verb: Token) -> Tense | None:
    """Past, present or future, from the verb's tag and auxiliaries ("will hold" → future)."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & FUTURE_AUX or verb.lower_ in {"will", "shall"}:
        return "future"
    if "to" in aux_words or verb.dep_ == "xcomp":
        head = verb.head
        if lemma(head) in FUTURE_HEADS or head.lower_ in {"due", "going", "set", "scheduled"}:
            return "future"
        if head.i != verb.i and head.pos_ in {"VERB", "AUX"}:
            return verb_tense(head)
    if lemma(verb) in {"schedule", "slate", "set", "plan", "due"} and verb.tag_ == "VBN":
        return "future" if not aux_words & PAST_AUX else "past"
    if verb.tag_ == "VBD" or aux_words & PAST_AUX:
        return "past"
    if verb.tag_ == "VBN":
        return "past" if not aux_words & {"is", "are", "am", "be", "'s", "'re"} else "present"
    if verb.tag_ == "VBG":
        return "future" if aux_words & {"is", "are", "am", "'s", "'re"} else None
    if verb.tag_ in {"VBZ", "VBP"}:
        return "present"
    return None


def date_tense(span: Span) -> Tense | None:
    """The tense that chooses past or future for a date expression, or None (nominal: "Friday's summit")."""
    root = span.root
    if root.dep_ in {"poss", "compound", "nmod", "amod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return None
    path = [root, *root.ancestors]
    for token in path:
        if token.lower_ in FUTURE_WORDS and token.pos_ in {"ADJ", "VERB", "AUX"} and token.lower_ != "would":
            if token.lower_ in {"set", "expected", "planned"} and token.tag_ == "VBD":
                continue
            return "future"
        if token.pos_ in {"VERB", "AUX"}:
            return verb_tense(token)
    return None
