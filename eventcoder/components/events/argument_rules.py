"""Ordered rules that find a verb's source and target actors on the dependency parse.

Each rule covers one construction and returns ``None`` when it does not apply, else the actors it
found (possibly none: an empty list stops the search). ``ArgumentFinder.subjects`` and ``.objects``
apply ``SUBJECT_RULES`` and ``OBJECT_RULES`` in order and return the first answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from eventcoder.components.events.syntax import (
    dedup,
    direct_object,
    phrase_tokens,
    pobjs,
)
from eventcoder.components.events.triggers import REL_PRONOUNS
from eventcoder.knowledge.patterns import Pattern

if TYPE_CHECKING:
    from eventcoder.components.events.arguments import ArgumentFinder, DocState

TARGET_PREPS = (
    "at", "against", "on", "upon", "with", "to", "toward", "towards", "into", "over", "for", "from", "about",
    "between", "of", "onto", "among", "near", "across",
)  # fmt: skip
# prepositions whose object phrase may hold the target deeper inside ("to the border with Somalia")
INSIDE_PREPS = ("to", "toward", "towards", "into", "near", "against")
SUBJ = ("nsubj", "csubj", "expl")
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
SECOND_PERSON = {"you"}  # the addressee: never the subject of a governing clause
FINITE_TAGS = ("VBZ", "VBD", "VBP")

SEQUENCE_PREPS = {"after", "before", "while", "since", "by", "upon", "following", "in", "without"}

SubjectRule = Callable[["ArgumentFinder", "DocState", Token], "list[int] | None"]


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in (*SUBJ, "nsubjpass") for c in verb.children)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _np_or_antecedent(finder: ArgumentFinder, state: DocState, np: Token, verb: Token) -> list[int]:
    """Actors of a subject phrase; an uncoded pronoun takes its antecedent from a governing clause, except
    "you": the addressee is never the governing clause's subject ("the United States stands with Ukraine
    as you fight back": "you" is not the United States)."""
    found = finder.actors_of(state, np, memory=False)
    if not found and np.lower_ in PRONOUNS and np.lower_ not in SECOND_PERSON:
        found = finder.antecedent(state, verb)
    return found


def patient_only(finder: ArgumentFinder, state: DocState, np: Token) -> bool:
    """Whether a one-way event noun names only whom it was done to ("the bombing of a French base", "the
    arrest of X"): as the subject or agent of another verb it stands for its agent, which it does not name,
    never for its patient ("the bombing of a French base that killed two soldiers": France killed no one)."""
    if np.i in state.t2a:
        return False
    entry = finder.triggers.noun_entry(np)
    if entry is None or entry.symmetric:
        return False
    sources, targets = finder.noun_roles(state, np)
    return not sources and bool(targets)


# ---------------------------------------------------------------------- subjects


def passive_agent(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "The plan was condemned by Beijing": the by-phrase agent (a feeling's by-phrase is its cause:
    "Spain was angered by Morocco's decision" is felt by Spain, target_prepositions)."""
    if finder.table.has_class(verb.lemma_, "experiencer"):
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            found = dedup(
                a
                for p in pobjs(child)
                if not patient_only(finder, state, p)
                for a in finder.actors_of(state, p)
            )
            if found:
                return found
    return None


def passive_event_agent(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "Was killed in an attack by X": the agent of the event noun that did it."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "by"):
            for pobj in pobjs(child):
                if finder.triggers.noun_entry(pobj) is not None:
                    found = finder.noun_roles(state, pobj)[0]
                    if found:
                        return found
    return None


def active_subject(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """The first nominal subject; a relative pronoun stands for the noun the clause modifies."""
    for child in verb.children:
        if child.dep_ in SUBJ:
            if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                # "the bombing of a French base that killed ...": the antecedent, as any subject below
                if patient_only(finder, state, verb.head):
                    return []
                return finder.actors_of(state, verb.head, memory=False)
            # "the secretary's call to the Russian leader was to emphasize ...": a one-way event noun as
            # subject stands for its agent only, never for whom it was aimed at
            if patient_only(finder, state, child):
                return []
            return _np_or_antecedent(finder, state, child, verb)
    return None


def auxiliary_subject(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "Iran is “flagrantly” defying the council": a subject the parser hangs on the verb's auxiliary
    when quotation marks stand between them is the verb's own."""
    for aux in (c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i):
        if not any(t.is_quote for t in verb.doc[aux.i + 1 : verb.i]):
            continue
        for child in aux.children:
            if child.dep_ in SUBJ:
                return _np_or_antecedent(finder, state, child, verb)
    return None


def experiencer_subject(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "The US is concerned": the passive subject of a feeling is its source; any other passive
    subject is a patient, so the verb has no source of its own."""
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            if finder.table.has_class(verb.lemma_, "experiencer"):
                return _np_or_antecedent(finder, state, child, verb)
            return []
    return None


def sentence_root(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """A root verb without a subject has no source."""
    return [] if verb.head.i == verb.i else None


def adjective_complement(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "X is ready to talk": the copula's subject."""
    if verb.dep_ == "acomp" and verb.pos_ == "ADJ":
        return finder.subjects(state, verb.head)
    return None


def _feeling_cause(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int]:
    """ "Angered by a court ruling to continue to imprison X": the parser hangs the noun's infinitive on
    the feeling (xcomp or advcl); its subject is the actor of the by-phrase cause, not whoever feels it."""
    head = verb.head
    if not _infinitive(verb) or not finder.table.has_class(head.lemma_, "experiencer"):
        return []
    for agent in (c for c in head.children if c.dep_ == "agent" and c.i < verb.i):
        found = dedup(a for p in pobjs(agent) for a in finder.actors_of(state, p))
        if found:
            return found
    return []


def control(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """An xcomp's subject: raising ("X is reported to have bombed"), object control ("urged X to",
    "called on X to"), else subject control ("X moved to sanction Y")."""
    if verb.dep_ != "xcomp":
        return None
    head = verb.head
    cause = _feeling_cause(finder, state, verb)
    if cause:
        return cause
    for child in head.children:
        if child.dep_ == "nsubjpass":
            found = _np_or_antecedent(finder, state, child, head)
            if found:
                return found
        if child.dep_ == "dobj" and child.i < verb.i:
            found = finder.actors_of(state, child)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
            found = dedup(a for p in pobjs(child) for a in finder.actors_of(state, p))
            if found:
                return found
    return finder.subjects(state, head)


def finite_conjunct(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """ "The US remains committed to helping refugees and commends X": a finite verb the parser hung on a
    gerund or infinitive is conjoined with the nearest finite clause above it and shares its subject."""
    if verb.dep_ != "conj" or verb.tag_ not in FINITE_TAGS or verb.head.tag_ not in ("VBG", "VB"):
        return None
    tok = verb.head
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.tag_ in FINITE_TAGS and tok.pos_ in ("VERB", "AUX"):
            return finder.subjects(state, tok) or None
    return None


def inherited_subject(finder: ArgumentFinder, state: DocState, verb: Token) -> list[int] | None:
    """Conjoined verbs, participial and purpose clauses share the governing clause's subject
    ("..., blaming the government"; "released him after holding him"). A conjoined verb shares only a
    subject its head states ("Japan met Chile and criticised China"), not one the head itself borrows
    ("urged X to reverse ... and release Y": Y is not released by the one who urged). Not a finite
    adverbial clause, nor a past participle ("stand accused of ...": the subject is the patient), nor "accused
    X of supplying" (X's act, alleged) or "arrested on spying charges"."""
    if verb.dep_ not in ("conj", "advcl", "acl", "pcomp"):
        return None
    if verb.dep_ == "advcl" and verb.tag_ != "VBG" and not _infinitive(verb):
        return []
    if verb.dep_ == "advcl":
        cause = _feeling_cause(finder, state, verb)
        if cause:
            return cause
    head = verb.head
    if verb.dep_ == "conj":
        # "X captured suspects, destroyed caches, and launched offensives": the parser chains each conjunct
        # on the one before, so the subject is the first conjunct's
        while head.dep_ == "conj" and head.head.i != head.i and not _has_subject(head):
            head = head.head
        if not _has_subject(head):
            return []
    if verb.dep_ == "pcomp":
        if head.lower_ not in SEQUENCE_PREPS or head.head.pos_ not in ("VERB", "AUX"):
            return []
        head = head.head
    if verb.dep_ in ("pcomp", "advcl") and verb.tag_ == "VBG" and verb.head.lower_ != "by":
        # "X was released after apologizing to Y", "X was killed while fighting Y": the gerund's subject
        # is the passive clause's surface subject, not its (absent) agent; "displaced by fighting" names
        # the cause
        for child in head.children:
            if child.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in head.children):
                found = _np_or_antecedent(finder, state, child, head)
                if found:
                    return found
    return finder.subjects(state, head)


SUBJECT_RULES: tuple[SubjectRule, ...] = (
    passive_agent,
    passive_event_agent,
    active_subject,
    auxiliary_subject,
    experiencer_subject,
    sentence_root,
    adjective_complement,
    control,
    finite_conjunct,
    inherited_subject,
)

# ---------------------------------------------------------------------- objects


@dataclass
class ObjectQuery:
    """What the object rules need to know about one verb."""

    verb: Token
    pattern: Pattern | None
    skip_direct: bool
    obj_deps: tuple[str, ...]
    appeal: bool  # an appeal or demand verb: its object may be what is asked for, not whom
    asks: bool  # ... used as an appeal ("called the arrest disturbing" is a judgement)


ObjectRule = Callable[["ArgumentFinder", "DocState", ObjectQuery], "list[int] | None"]


def object_query(
    finder: ArgumentFinder, verb: Token, pattern: Pattern | None, skip_direct: bool
) -> ObjectQuery:
    """Voice, object relations and appeal reading of a verb, for the object rules."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if finder.table.has_class(verb.lemma_, "experiencer"):
        passive = False  # "the US is concerned": the passive subject is the source
    obj_deps = ("dobj", "dative", "nsubjpass", "attr", "oprd") if passive else ("dobj", "dative", "oprd")
    entry = finder.table.verb(verb.lemma_)
    appeal = entry is not None and bool(entry.classes & {"appeal", "demand"})
    asks = appeal and not any(c.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "attr") for c in verb.children)
    return ObjectQuery(verb, pattern, skip_direct, obj_deps, appeal, asks)


def recipient(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """A transfer's recipient: "sent aid to X"."""
    if not finder.table.has_class(q.verb.lemma_, "recipient"):
        return None
    for prep in (c for c in q.verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
        found = dedup(a for p in pobjs(prep) for a in finder.actors_of(state, p))
        if found:
            return found
    return None


def direct_objects(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """Direct object, dative or passive subject; "demanded Zhan's release": whoever holds Zhan."""
    verb = q.verb
    for child in verb.children:
        if q.asks and child.dep_ == "dobj" and finder.triggers._patient_noun(child):
            holders = finder._holders(state, child)
            if holders:
                return holders
            continue
        if child.dep_ in q.obj_deps and not q.skip_direct:
            if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                # "the army, which is backed by Russia": the antecedent, when it is an actor itself
                child = verb.head
                if child.i not in state.t2a:
                    continue
            found = finder.actors_of(state, child, memory=False)
            if found:
                return found
    return None


def shared_object(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """ "Killed and injured 1,000 fighters", "captured and arrested suspects": a verb without an object
    of its own shares the direct object of the verb conjoined right after it, when that verb has no
    subject of its own and follows it with only a conjunction between (one clause, two verbs)."""
    verb = q.verb
    own = ("dobj", "dative", "prep", "nsubjpass", "ccomp", "xcomp")
    if q.skip_direct or any(c.dep_ in own for c in verb.children):
        return None
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        between = verb.doc[verb.i + 1 : conj.i]
        if _has_subject(conj) or conj.i < verb.i or any(t.pos_ not in ("CCONJ", "PUNCT") for t in between):
            continue  # "retreated and could again attack villages": two clauses, not two verbs on one object
        obj = next((c for c in conj.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lower_ not in REL_PRONOUNS:
            return finder.actors_of(state, obj, memory=False) or None
        return None
    return None


def target_prepositions(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """The object of a target preposition of the verb, its particle or its object, the pattern's own
    prepositions first ("hit out at X", "sanctions on X", "to the border with Somalia")."""
    verb = q.verb
    wanted = [t.prep for t in q.pattern.terms if t.prep] if q.pattern else []
    feeling = finder.table.has_class(verb.lemma_, "experiencer")
    preps = [c for c in verb.children if c.dep_ in ("prep", "dative") or (feeling and c.dep_ == "agent")]
    obj = direct_object(verb)
    if obj is not None and not (q.asks and finder.triggers._patient_noun(obj)):
        preps += [c for c in obj.children if c.dep_ == "prep"]
    for prt in [c for c in verb.children if c.dep_ == "prt"]:
        preps += [c for c in prt.children if c.dep_ == "prep"]
    order = {p: i for i, p in enumerate(wanted + list(TARGET_PREPS) + ([FEELING_AGENT] if feeling else []))}
    for prep in sorted(preps, key=lambda p: order.get(p.lower_, 99)):
        if prep.lower_ not in order:
            continue
        if q.appeal and prep.lower_ == "for" and any(finder.triggers._patient_noun(p) for p in pobjs(prep)):
            # "called for the release of X": X is released; the one asked is X's captor, if known
            holders = dedup(a for p in pobjs(prep) for a in finder._holders(state, p))
            if holders:
                return holders
            continue
        found = dedup(a for p in pobjs(prep) for a in finder.actors_of(state, p))
        if not found and prep.lower_ in INSIDE_PREPS:
            inside = [state.t2a[t.i] for p in pobjs(prep) for t in phrase_tokens(p) if t.i in state.t2a]
            found = dedup(inside[:1])
        if found:
            return found
    return None


FEELING_AGENT = "by"  # "concerned by X's restrictions": a feeling's cause, not a passive agent


def adjective_prepositions(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """ "We are concerned about statements from the Russian government", "is disappointed by X's move": a
    copula's adjective complement names what the feeling is about in its own prepositional phrase."""
    for adj in (c for c in q.verb.children if c.dep_ == "acomp"):
        preps = [c for c in adj.children if c.dep_ in ("prep", "agent")]
        order = {p: i for i, p in enumerate((*TARGET_PREPS, FEELING_AGENT))}
        for prep in sorted(preps, key=lambda p: order.get(p.lower_, 99)):
            if prep.lower_ not in order:
                continue
            found = dedup(a for p in pobjs(prep) for a in finder.actors_of(state, p))
            if found:
                return found
    return None


def clausal_addressee(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """ "Called for X to withdraw", "demanded that X withdraw": the embedded subject is asked."""
    for child in q.verb.children:
        if (child.dep_ == "ccomp" and q.appeal) or (
            child.dep_ in ("ccomp", "advcl")
            and any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children)
        ):
            for sub in child.children:
                if sub.dep_ in ("nsubj", "nsubjpass"):
                    found = finder.actors_of(state, sub, memory=False)
                    if found:
                        return found
    return None


def event_noun_object(finder: ArgumentFinder, state: DocState, q: ObjectQuery) -> list[int] | None:
    """Last: an event-noun object resolved from the article ("condemned the detention")."""
    for child in q.verb.children:
        if (
            child.dep_ in q.obj_deps
            and not q.skip_direct
            and not (q.asks and finder.triggers._patient_noun(child))
        ):
            found = finder.actors_of(state, child)
            if found:
                return found
    return None


OBJECT_RULES: tuple[ObjectRule, ...] = (
    recipient,
    direct_objects,
    shared_object,
    target_prepositions,
    adjective_prepositions,
    clausal_addressee,
    event_noun_object,
)
