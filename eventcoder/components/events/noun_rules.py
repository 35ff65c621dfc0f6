"""The noun rules of the event coder: one small function per construction, applied in order.

An event noun the pattern table knows ("talks", "attack", "sanctions") goes through one of two ordered
rule lists, each rule reading and updating one ``NounCall`` and returning False to drop the noun:

1. ``LIGHT_RULES`` when a light verb governs it ("held talks", "launched an attack", "voiced concern"):
   the verb's clause gives the frame, the subject and the targets; the noun gives the code;
2. ``MENTION_RULES`` for a bare mention ("China's attack on Taiwan", "the Russian invasion"): the noun's
   own arguments, and an event only with both parties.

``NOUN_SKIP_RULES`` run first: a rule returning True drops the noun before either list.
Every rule is documented by the construction it covers and tested on a hand-built parse
(tests/components/events/test_noun_rules.py). Add a construction by writing a rule and placing it in
its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from eventcoder.components.events.arguments import CONTENT_NOUNS, DocState, actor_country
from eventcoder.components.events.implicit import agentless_noun, custody_verb, implied_agents, implied_sector
from eventcoder.components.events.modality import RANK, Frame, clause_frame
from eventcoder.components.events.places import place_target
from eventcoder.components.events.rules import announcement_code, refusal_of
from eventcoder.components.events.syntax import content_clauses, dedup, governing_verb
from eventcoder.components.extensions import ImplicitActorDict
from eventcoder.knowledge.cameo import roots_with
from eventcoder.knowledge.patterns import NounEntry

if TYPE_CHECKING:
    from eventcoder.components.events.component import EventCoder

STATEMENT_ROOTS = roots_with("statement")  # nouns that say something about another's act
CAUSE_PREPS = ("following", "over", "about", "at", "regarding", "concerning", "after")
ADJUNCT_PREPS = {"during", "after", "before", "following", "ahead", "amid", "throughout"}


@dataclass
class NounCall:
    """What the rules know about one event noun so far."""

    state: DocState
    sid: int
    noun: Token
    entry: NounEntry
    governor: Token | None = None  # the light verb ("held" in "held talks"), if any
    code: str = ""
    trigger: Token | None = None
    frame: Frame = field(default_factory=lambda: Frame(modality="asserted"))
    confidence: float = 0.6
    sources: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    noun_sources: list[int] = field(default_factory=list)
    noun_targets: list[int] = field(default_factory=list)
    implicit: dict[int, ImplicitActorDict] = field(default_factory=dict)  # target -> implied source

    def __post_init__(self) -> None:
        self.code = self.code or self.entry.code
        self.trigger = self.trigger or self.noun

    @property
    def head(self) -> Token:
        """The light verb, else the noun's syntactic head."""
        return self.governor if self.governor is not None else self.noun.head

    @property
    def root(self) -> str:
        return self.entry.code[:2]


Rule = Callable[["EventCoder", NounCall], bool]


# ---------------------------------------------------------------------- 0. not an event of its own


def appealed(coder: EventCoder, c: NounCall) -> bool:
    """ "called for the release of X": coded as the appeal."""
    return coder.triggers._appealed(c.noun)


def content_of_claim(coder: EventCoder, c: NounCall) -> bool:
    """ "rejected charges that it held talks": what a claim or appeal says has not happened."""
    return c.governor is not None and coder.triggers._content_of_noun(c.head)


NOUN_SKIP_RULES: tuple[Rule, ...] = (appealed, content_of_claim)


# ---------------------------------------------------------------------- 1. a light verb's noun


def governor_frame(coder: EventCoder, c: NounCall) -> bool:
    """The light verb's clause frame; "urged X to reach an agreement": coded as the appeal."""
    c.frame = clause_frame(c.head, coder.table)
    return c.frame.gclass not in ("appeal", "demand")


def governing_class(coder: EventCoder, c: NounCall) -> bool:
    """ "refused talks", "threatened sanctions", "plans attacks": the verb governs the noun."""
    entry_head = coder.table.verb(c.head.lemma_)
    for cls in ("refusal", "threat", "intent"):
        if entry_head is not None and cls in entry_head.classes:
            c.frame.governor, c.frame.gclass = c.head, cls
            if cls == "intent" and RANK[c.frame.modality] < RANK["intended"]:
                c.frame.modality = "intended"
            break
    return True


def light_subjects(coder: EventCoder, c: NounCall) -> bool:
    """The light verb's subject; "Austin reiterated U.S. support for Ukraine": with no coded subject,
    the noun's own agent."""
    c.noun_sources, c.noun_targets = coder.arguments.noun_roles(c.state, c.noun)
    if c.noun_sources and not c.entry.symmetric and c.frame.governor is None:
        # "the President reaffirmed the commitment of the United States to X": the noun's own agent
        c.sources = c.noun_sources
        return True
    c.sources = coder.arguments.subjects(c.state, c.head) or c.noun_sources
    return True


def statement_cause(coder: EventCoder, c: NounCall) -> bool:
    """ "concern over X's arrest by Y": a statement noun is aimed at the agent of the act it is about."""
    if c.root in STATEMENT_ROOTS:
        c.noun_targets = (
            cause_agents(coder, c.state, c.noun) or clause_subjects(coder, c.state, c.noun) or c.noun_targets
        )
    return True


def light_targets(coder: EventCoder, c: NounCall) -> bool:
    """The noun's own target, else the light verb's prepositional or dative ("gave its support to
    Kenya") actors; a statement noun's cause on the verb ("voiced concern following X's launches")."""
    c.targets = (
        c.noun_targets
        or coder.arguments._prep_actors(c.state, c.head)
        or dative_actors(coder, c.state, c.head)
    )
    if not c.targets and c.root in STATEMENT_ROOTS:
        c.targets = (
            cause_agents(coder, c.state, c.head)
            or clause_subjects(coder, c.state, c.head)
            or content_objects(coder, c.state, c.head)
        )
    return True


def refused_demand(coder: EventCoder, c: NounCall) -> bool:
    """ "rejected China's demand": the noun's agent is the target of the refusal."""
    if c.frame.gclass == "refusal" and c.noun_sources:
        c.targets = c.noun_sources
    return True


def light_symmetric_partners(coder: EventCoder, c: NounCall) -> bool:
    """ "China held talks with Japan" parsed without a target: conjoined or with-phrase co-participants."""
    if c.entry.symmetric and not c.targets:
        c.sources = dedup(c.sources + coder.arguments._co_participants(c.state, c.head, c.sources))
    return True


def light_protest_purpose(coder: EventCoder, c: NounCall) -> bool:
    """ "staged protests to denounce the blockade": a protest's target is whom its purpose names."""
    if not c.targets and c.root == "14":
        c.targets = coder.arguments._purpose_targets(c.state, c.head)
    return True


def light_place_target(coder: EventCoder, c: NounCall) -> bool:
    """ "launched airstrikes in Lebanon": the place's country, found from the noun, else the verb."""
    if not c.targets and c.root in coder.place_target_roots:
        args, state, sid = coder.arguments, c.state, c.sid
        c.targets = place_target(args, state, sid, c.noun, c.sources, c.entry.code) or place_target(
            args, state, sid, c.head, c.sources, c.entry.code
        )
    return True


def light_composition(coder: EventCoder, c: NounCall) -> bool:
    """ "refused talks" -> refusal code, "threatened sanctions" -> threat code (maps in the pattern
    data); the light verb's event is surer than a bare mention."""
    c.confidence = 0.8
    c.code, c.trigger = coder.triggers._compose(c.code, c.frame, c.noun)
    return True


def light_announcement(coder: EventCoder, c: NounCall) -> bool:
    """ "said it would resume cooperation with Ukraine" -> 032: a side's own announced future act is an
    intent or a threat, as for verbs (rules.announcement_code, maps.announce)."""
    mapped = announcement_code(coder, c.state, c.head, c.code, c.frame, c.sources)
    if mapped == "":
        return False
    c.code = mapped or c.code
    return True


def _implied_source(coder: EventCoder, c: NounCall, why: str) -> None:
    """The agent the article named for such an act against the patient's country, else the implied
    state (eventcoder/components/events/implicit.py)."""
    if c.sources or not c.targets or not agentless_noun(c.state, c.noun, c.targets):
        return
    if implied_sector(coder.table, c.noun, c.code) is None:
        return
    known = dedup(
        a for t in c.targets for a in c.state.agents.get((c.code[:2], actor_country(c.state, t) or ""), [])
    )
    if known:
        c.sources = known
    else:
        c.implicit = implied_agents(coder.table, c.state, c.noun, c.code, c.targets, why)


def light_implied_agent(coder: EventCoder, c: NounCall) -> bool:
    """ "her detention was extended" with no agent: the implied state (implicit.py)."""
    _implied_source(coder, c, "agentless event noun")
    return True


def light_negated_cooperation(coder: EventCoder, c: NounCall) -> bool:
    """ "the rebels will not continue the talks", "X has not signed the agreement": a side's negated own
    cooperative act carried by a light verb is a refusal (maps.refusal of the noun's code, talks 125), as
    for verbs (``rules.negated_cooperation``)."""
    frame = c.frame
    mapped = None if frame.gclass is not None else refusal_of(coder, frame, c.root, c.entry.code)
    if mapped is not None:
        c.code, c.trigger, frame.negated = mapped, c.noun, False
    return True


LIGHT_RULES: tuple[Rule, ...] = (
    governor_frame,
    governing_class,
    light_subjects,
    statement_cause,
    light_targets,
    refused_demand,
    light_symmetric_partners,
    light_protest_purpose,
    light_place_target,
    light_composition,
    light_implied_agent,
    light_announcement,
    light_negated_cooperation,
)


# ---------------------------------------------------------------------- 2. a bare mention


def mention_roles(coder: EventCoder, c: NounCall) -> bool:
    """ "China's attack on Taiwan", "talks between A and B": the noun's own source and target."""
    c.sources, c.targets = coder.arguments.noun_roles(c.state, c.noun)
    c.state.mentions.add(c.noun.i)
    return True


OCCURRENCE_VERBS = {
    "happen",
    "occur",
    "begin",
    "start",
    "resume",
    "hold",
    "proceed",
}  # + "take place", "go ahead"


def _occurrence_verb(noun: Token) -> Token | None:
    """The verb that says whether the event a subject noun names takes place ("a ceasefire could take place",
    "talks will resume", "the summit may be held"), if any."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return None
    lem = verb.lemma_.lower()
    if lem in OCCURRENCE_VERBS and (lem != "hold" or noun.dep_ == "nsubjpass"):
        return verb
    if (lem == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)) or (
        lem == "go" and any(c.lower_ == "ahead" for c in verb.children)
    ):
        return verb
    return None


def occurrence_frame(coder: EventCoder, c: NounCall) -> bool:
    """ "He hopes a ceasefire between A and B could take place", "talks between A and B may resume": whether
    the event happens is what its clause says, so the mention takes that clause's modality (a hypothetical
    one is dropped by default), not that of a fact."""
    verb = _occurrence_verb(c.noun)
    if verb is not None:
        frame = clause_frame(verb, coder.table)
        c.frame = Frame(modality=frame.modality, negated=frame.negated)
    return True


def adjunct_trip(coder: EventCoder, c: NounCall) -> bool:
    """ "During a trip to Hanoi, Harris said ...": the clause's subject made the trip."""
    noun, clause = c.noun, c.head.head
    if (
        not c.sources
        and noun.dep_ == "pobj"
        and c.head.lower_ in ADJUNCT_PREPS
        and clause.pos_ in ("VERB", "AUX")
    ):
        c.sources = coder.arguments.subjects(c.state, clause)
        c.frame = clause_frame(clause, coder.table)
    return True


def participant_in(coder: EventCoder, c: NounCall) -> bool:
    """ "Political parties, in dialogue with the government, ...", "Kenyan troops, in clashes with X, ...":
    the actor an in-phrase qualifies, or the subject of the active clause it modifies, takes part in the
    symmetric event it names."""
    noun, head = c.noun, c.noun.head
    if c.sources or not c.entry.symmetric or noun.dep_ != "pobj" or head.lower_ != "in":
        return True
    if any(ch.dep_ == "poss" for ch in noun.children):
        return True  # "defend its ally in its battle against X": the battle is the owner's
    holder = head.head
    if holder.i in c.state.t2a:
        c.sources = coder.arguments.actors_of(c.state, holder, memory=False)
    elif holder.pos_ in ("VERB", "AUX") and not any(ch.dep_ == "nsubjpass" for ch in holder.children):
        # the parser hangs the in-phrase on the clause: "X, in talks with Y, insisted ..."
        c.sources = coder.arguments.subjects(c.state, holder)
        c.frame = clause_frame(holder, coder.table)
    return True


def custody_patient(coder: EventCoder, c: NounCall) -> bool:
    """ "X, who remains under house arrest", "X is in detention": X is held."""
    verb = custody_verb(c.noun) if not c.sources and not c.targets else None
    if verb is not None:
        c.targets = coder.arguments.subjects(c.state, verb)
    return True


REPORT_HEADS = {"report", "allegation", "claim", "account", "rumor", "rumour"}


def mention_implied_agent(coder: EventCoder, c: NounCall) -> bool:
    """ "the continued detention of X", "reports of detentions of X" with no agent: the implied state
    (implicit.py); its modality is the governing clause's ("reports of ..." is reported)."""
    _implied_source(coder, c, "agentless event noun")
    if c.implicit:
        head = c.noun.head
        if head.lower_ == "of" and head.head.lemma_.lower() in REPORT_HEADS:
            c.frame = Frame(modality="reported")
        else:
            verb = governing_verb(c.noun)
            frame = clause_frame(verb, coder.table) if verb is not None else Frame(modality="asserted")
            c.frame = Frame(modality=frame.modality, negated=frame.negated)
    return True


def standing_relation(coder: EventCoder, c: NounCall) -> bool:
    """ "Japan's security cooperation with India will develop slowly", "trade between A and B": a noun
    that names a standing relation (``mention: false`` in the noun data) is an event only when a verb
    carries it ("deepened cooperation with X"), not as a bare mention."""
    return c.entry.mention


def both_parties(coder: EventCoder, c: NounCall) -> bool:
    """A bare mention ("the Russian invasion") is an event only with both parties (or a symmetric
    noun's several participants); an implied source counts as a party."""
    return bool(c.sources or c.implicit) and bool(c.targets or c.entry.symmetric or not coder.require_target)


def manner_statement(coder: EventCoder, c: NounCall) -> bool:
    """ "X notes with grave concern that Y's ...", "noted with concern reports that Y had ...": a statement
    noun in the verb's with-phrase is the subject's statement about the clause or report it names."""
    noun, verb = c.noun, c.head.head
    if (
        c.root in STATEMENT_ROOTS
        and noun.dep_ == "pobj"
        and c.head.lower_ == "with"
        and verb.pos_ in ("VERB", "AUX")
    ):
        sources = coder.arguments.subjects(c.state, verb)
        targets = (
            clause_subjects(coder, c.state, noun)
            or clause_subjects(coder, c.state, verb)
            or content_objects(coder, c.state, verb)
        )
        if sources and targets:
            c.sources, c.targets = sources, targets
            c.frame = clause_frame(verb, coder.table)
    return True


MENTION_RULES: tuple[Rule, ...] = (
    standing_relation,
    mention_roles,
    occurrence_frame,
    adjunct_trip,
    manner_statement,
    participant_in,
    custody_patient,
    mention_implied_agent,
    both_parties,
)


def apply_noun_rules(coder: EventCoder, call: NounCall) -> bool:
    """Run the skip rules, then the light-verb or the bare-mention list; False when the noun codes no
    event."""
    call.governor = coder.triggers._light_governor(call.noun)
    if any(rule(coder, call) for rule in NOUN_SKIP_RULES):
        return False
    rules = LIGHT_RULES if call.governor is not None else MENTION_RULES
    return all(rule(coder, call) for rule in rules)


# ---------------------------------------------------------------------- helpers


def cause_agents(coder: EventCoder, state: DocState, tok: Token) -> list[int]:
    """ "expressed concern following X's missile launches", "voiced anger over the arrest by X": a
    statement about an act is aimed at the act's agent (an event noun's source), or at the actors
    the phrase names."""
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in CAUSE_PREPS):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            entry = coder.triggers.noun_entry(pobj)
            found = coder.arguments.noun_roles(state, pobj)[0] if entry is not None else []
            found = found or coder.arguments.actors_of(state, pobj, memory=False)
            for clause in content_clauses(pobj) if not found else []:
                # "concern about reports that the government of X is arresting activists"
                found = coder.arguments.subjects(state, clause)
                if found:
                    break
            if found:
                return found
    return []


def clause_subjects(coder: EventCoder, state: DocState, tok: Token) -> list[int]:
    """ "notes with grave concern that X's detention is ...": the subject of the that-clause a statement
    noun or its verb says something about."""
    for clause in content_clauses(tok):
        found = coder.arguments.subjects(state, clause)
        if found:
            return found
    return []


def content_objects(coder: EventCoder, state: DocState, verb: Token) -> list[int]:
    """ "noted with concern reports that X had ...": a report noun the statement verb takes as object."""
    return dedup(
        a
        for c in [*verb.children, *(p for w in verb.children if w.lower_ == "with" for p in w.children)]
        if c.dep_ in ("dobj", "ccomp", "pobj") and c.lemma_.lower() in CONTENT_NOUNS
        for a in coder.arguments.actors_of(state, c, memory=False)
    )


def dative_actors(coder: EventCoder, state: DocState, verb: Token) -> list[int]:
    """ "gave its support to Kenya": the light verb's dative "to" phrase names the noun's target."""
    return dedup(
        a
        for c in verb.children
        if c.dep_ == "dative" and c.lower_ in ("to", "for")
        for p in c.children
        if p.dep_ == "pobj"
        for a in coder.arguments.actors_of(state, p)
    )
