"""The verb rules of the event coder: one small function per construction, applied in order.

A verb trigger goes through four ordered rule lists (``VERB_RULES``), each rule reading and updating one
``VerbCall``:

1. ``SKIP_RULES``: constructions where the verb is not an event of its own ("refused to meet": the
   refusal is coded on the governor; "held talks": the noun carries the event). A rule returning True
   drops the verb.
2. ``CODE_RULES``: which CAMEO code the verb gives (its pattern or curated default), then
   how the construction changes it (a violent subject noun, a refusal / threat / intent governor, an
   appeal's embedded act). A rule returning False drops the verb.
3. ``SOURCE_RULES`` and 4. ``TARGET_RULES``: who acts on whom. A rule returning False drops the verb.

Every rule is documented by the construction it covers and tested on a hand-built parse
(tests/components/events/test_rules.py). Add a construction by writing a rule and placing it in its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from eventcoder.components.events.arguments import DocState, actor_country
from eventcoder.components.events.implicit import agentless_passive, implied_agents, implied_sector
from eventcoder.components.events.modality import Frame, clause_frame
from eventcoder.components.events.places import place_target
from eventcoder.components.events.syntax import (
    content_clauses,
    dedup,
    direct_object,
    object_control,
    reporting_verb,
    xcomp,
)
from eventcoder.components.events.triggers import event_kind
from eventcoder.components.extensions import ImplicitActorDict
from eventcoder.knowledge.cameo import roots_with
from eventcoder.knowledge.patterns import NO_EVENT, Pattern, VerbEntry

if TYPE_CHECKING:
    from eventcoder.components.events.component import EventCoder

VERBAL_ROOTS = roots_with("verbal")  # the root columns of cameo.csv
CONVERTED_DEFAULT_CONFIDENCE = 0.6  # a verb coded only by a converted PETRARCH default code
# "X alleged that Y attacked ...": reporting verbs whose hostile complement accuses its subject
ACCUSING_VERBS = {"allege", "charge", "claim", "contend", "assert"}
HOSTILE_ROOTS = roots_with("hostile")
ARMED_SECTORS = {"MIL", "REB", "INS", "UAF"}  # armed forces, rebels, insurgents, unaligned armed forces
# coercion and assault codes that, between two armed sides, are fighting (19): "inflicting heavy casualties
# on government forces", "killed and injured 1,000 Taliban fighters", "destroying its air force"
ARMED_CLASH_CODES = {"170", "171", "180", "182"}
# sectors that speak for a state: "The US said Iran is defying ..." (a country code alone speaks for it too)
STATE_SECTORS = {"GOV", "MIL", "LEG"}
UNREAL_AUX = {"could", "might", "may", "would", "will", "should", "must", "can", "shall"}


@dataclass
class VerbCall:
    """What the rules know about one verb trigger so far."""

    state: DocState
    sid: int
    verb: Token
    entry: VerbEntry
    frame: Frame = field(default_factory=lambda: Frame(modality="asserted"))
    code: str = ""
    pattern: Pattern | None = None
    confidence: float = 0.9
    classes: set[str] = field(default_factory=set)
    trigger: Token | None = None
    sources: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    symmetric: bool = False
    implicit: dict[int, ImplicitActorDict] = field(default_factory=dict)  # target -> implied source


Rule = Callable[["EventCoder", VerbCall], bool]


# ---------------------------------------------------------------------- 1. not an event of its own


def governed_complement(coder: EventCoder, c: VerbCall) -> bool:
    """ "refused to meet", "threatened to attack": the governor's complement is coded, composed there."""
    verb, entry = c.verb, c.entry
    comp = xcomp(verb)
    return (
        comp is not None
        and bool(entry.classes & {"intent", "refusal", "threat", "deny"})
        and not ("intent" in entry.classes and object_control(verb, comp))
        and coder.triggers._codes(comp)
        and not coder.triggers._consumes(verb, comp)
    )


def light_relative_clause(coder: EventCoder, c: VerbCall) -> bool:
    """ "the airstrikes it launched": the noun the relative clause modifies carries the event."""
    verb = c.verb
    return (
        "light" in c.entry.classes
        and verb.dep_ == "relcl"
        and direct_object(verb) is None
        and coder.triggers.noun_entry(verb.head) is not None
    )


def intent_without_content(coder: EventCoder, c: VerbCall) -> bool:
    """ "attacks X is planning": no intention is stated without what is intended."""
    return "intent" in c.entry.classes and not any(
        ch.dep_ in ("xcomp", "ccomp", "dobj", "prep") for ch in c.verb.children
    )


def consumed_by_governor(coder: EventCoder, c: VerbCall) -> bool:
    """ "declined to comment": the governor's own pattern codes both words."""
    c.frame = clause_frame(c.verb, coder.table)
    return c.frame.governor is not None and coder.triggers._consumes(c.frame.governor, c.verb)


def asked_by_governor(coder: EventCoder, c: VerbCall) -> bool:
    """ "urged X to withdraw": coded as the appeal (maps.appeal), not as a withdrawal."""
    return c.frame.gclass in ("appeal", "demand")


# nouns whose infinitive states an act taken, not aimed at: "took steps to downgrade relations"
REALIZING_NOUNS = {"step", "decision", "move", "action"}


def noun_purpose_clause(coder: EventCoder, c: VerbCall) -> bool:
    """ "the effort to remove Bashir", "a visit to South Africa to meet with X", "the pact ... to pull all
    troops", "it is time to stop X's attacks": an infinitive that modifies a noun states a purpose or a
    plan, not an act that happened (a step, decision or move to act is the act)."""
    verb = c.verb
    return (
        verb.dep_ in ("acl", "relcl")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)
        and verb.head.lemma_.lower() not in REALIZING_NOUNS
    )


def content_of_noun(coder: EventCoder, c: VerbCall) -> bool:
    """ "charges that X is committing genocide": what a claim or appeal says has not happened."""
    return coder.triggers._content_of_noun(c.verb)


def accused_defiance(coder: EventCoder, c: VerbCall) -> bool:
    """ "The US said Iran is defying the UN": the defiance is what the accusation (112) says, coded on
    the speech verb only (an alleged attack is still coded as reported)."""
    if not coder.table.has_class(c.verb.lemma_, "defiance"):
        return False
    for governor in c.verb.ancestors:
        found = accused_clause(coder, c.state, governor)
        if found is not None and found[0].i == c.verb.i and not found[2]:
            return True
    return False


LIST_SEPARATORS = {",", "and", "&", "/"}
SINGULAR_NAMES = ("country", "capital")  # actor kinds whose name never takes a plural verb


def noun_read_as_verb(coder: EventCoder, c: VerbCall) -> bool:
    """ "China trade with Mauritius on rise", "US aid to Kyiv set to grow": a headline's noun compound the
    tagger read as a plural present verb (VBP) after a singular name. A singular proper noun without a
    conjunct does not take a plural verb, so the word is the name's noun (its event, if any, is a noun's).
    Only a state's name: a group's may take a plural verb ("Taliban seize Kabul"); a name after a comma or
    "and" is the last of a list ("US, UK strike Houthi targets"): plural."""
    verb = c.verb
    if verb.tag_ != "VBP":
        return False
    doc, t2a = verb.doc, c.state.t2a
    return any(
        ch.dep_ == "nsubj"
        and ch.tag_ == "NNP"
        and ch.i in t2a
        and doc._.actors[t2a[ch.i]].get("kind") in SINGULAR_NAMES
        and not ch.conjuncts
        and ch.i == verb.i - 1
        and not (ch.i > 0 and doc[ch.i - 1].lower_ in LIST_SEPARATORS)
        for ch in verb.children
    )


SKIP_RULES: tuple[Rule, ...] = (
    governed_complement,
    light_relative_clause,
    intent_without_content,
    consumed_by_governor,
    asked_by_governor,
    content_of_noun,
    noun_purpose_clause,
    accused_defiance,
    noun_read_as_verb,
)


# ---------------------------------------------------------------------- 2. the code


def _state_speaker(state: DocState, actor: int) -> bool:
    """Whether an actor speaks for a state: a country, or its government, military or legislature."""
    code = state.doc._.actors[actor].get("code") or ""
    return len(code) == 3 or code[3:6] in STATE_SECTORS


def _defiance_within(coder: EventCoder, comp: Token) -> list[Token]:
    """Verbs of class "defiance" in a reported clause: the clause's own verb, or one its phrases hold ("X
    said Y's trial is an example of how China uses laws to suppress ..."), not under another speech verb,
    a condition ("if Y violates ...") or a negated or hypothetical verb on the way."""
    found = []
    for tok in comp.subtree:
        if tok.pos_ != "VERB" or not coder.table.has_class(tok.lemma_, "defiance"):
            continue
        path, node = [tok], tok
        while node.i != comp.i and node.head.i != node.i:
            node = node.head
            path.append(node)
        if any(
            (n.i != tok.i and coder.table.has_class(n.lemma_, "speech"))
            or any(
                ch.dep_ in ("aux", "neg", "mark")
                and ch.lower_ in UNREAL_AUX | {"not", "n't", "never", "if", "unless", "whether"}
                for ch in n.children
            )
            for n in path
        ):
            continue
        found.append(tok)
    return found


def accused_clause(coder: EventCoder, state: DocState, verb: Token) -> tuple[Token, list[int], bool] | None:
    """The asserted hostile clause a speech verb accuses its agents of: (clause, agents, alleging).
    An alleging verb (allege, claim, ...) accuses of any hostile act (roots 11-13, 15-20); any other speech
    verb only of a violation or defiance (class "defiance": "The US said Iran is defying the UN"), and only
    when every speaker is a state actor. Hypothetical or negated acts, and agents of the speaker's own
    country, are accused of nothing."""
    alleging = verb.lemma_.lower() in ACCUSING_VERBS
    if not (alleging or coder.table.has_class(verb.lemma_, "speech")):
        return None
    speakers = None
    comps = [ch for ch in verb.children if ch.dep_ == "ccomp" and ch.pos_ in ("VERB", "AUX")]
    if not alleging:
        comps = [d for comp in comps for d in _defiance_within(coder, comp)]
    for comp in comps:
        if any(
            a.dep_ in ("aux", "neg") and a.lower_ in UNREAL_AUX | {"not", "n't", "never"}
            for a in comp.children
        ):
            continue
        coded = coder.triggers._code_of(comp)
        if coded is None or coded[0] == NO_EVENT or coded[0][:2] not in HOSTILE_ROOTS:
            continue
        if speakers is None:
            subjects = coder.arguments.subjects(state, verb)
            if not alleging and not all(_state_speaker(state, a) for a in subjects):
                return None
            speakers = {actor_country(state, a) for a in subjects}
        agents = [t for t in coder.arguments.subjects(state, comp) if actor_country(state, t) not in speakers]
        if speakers and agents:
            return comp, agents, alleging
    return None


def reported_hostile_act(coder: EventCoder, c: VerbCall) -> bool:
    """ "Iran alleged that Israel had attacked its embassy": a speaker reporting another side's hostile
    act (roots 11-13, 15-20) as a fact accuses it (112), aimed at the act's agent; the act itself is
    coded too (as reported). Any speech verb of a state ("The US said Iran is defying the UN") accuses
    when the act is a violation or defiance (``accused_clause``), at a lower confidence."""
    if c.code:
        return True
    found = accused_clause(coder, c.state, c.verb)
    if found is not None:
        _, agents, alleging = found
        c.code, c.targets, c.confidence = "112", agents, 0.7 if alleging else 0.6
    return True


DEONTIC_AUX = {"must", "should", "ought"}  # "X said Y must withdraw": an obligation laid on Y
DEONTIC_VERBS = {"need", "have"}  # "says Washington needs to act", "said Y has to leave"


SUGGESTING_VERBS = {"suggest", "propose", "recommend", "advise"}  # "suggested X should ...": an appeal (02)
# "X must understand that ...": an admonition about what X knows, no act asked of X
COGNITION_VERBS = {"understand", "know", "realize", "realise", "remember", "see", "recognise"}


def _obligation_clause(comp: Token) -> Token | None:
    """The clause whose act a deontic modal lays on its subject ("Y must withdraw", "Y needs to act"):
    the act's verb, or None when the complement states no obligation ("must have given": an inference)."""
    auxes = [a for a in comp.children if a.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in DEONTIC_AUX for a in auxes):
        if any(a.lemma_.lower() == "have" for a in auxes) or comp.lemma_.lower() in COGNITION_VERBS:
            return None
        return comp
    act = xcomp(comp)
    if (
        comp.lemma_.lower() in DEONTIC_VERBS
        and act is not None
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in act.children)
    ):
        return act
    return None


def _reported_clauses(coder: EventCoder, verb: Token, depth: int = 2) -> list[Token]:
    """The clauses a speech verb reports: its clausal complements, their conjuncts and, ``depth`` deep,
    their own complements ("said our view remains that X should ..."), not those of another speech verb."""
    found: list[Token] = []
    for comp in (ch for ch in verb.children if ch.dep_ == "ccomp" and ch.pos_ in ("VERB", "AUX")):
        for clause in (comp, *(t for t in comp.conjuncts if t.pos_ in ("VERB", "AUX"))):
            found.append(clause)
            if depth > 1 and not coder.table.has_class(clause.lemma_, "speech"):
                found += _reported_clauses(coder, clause, depth - 1)
    return found


def reported_obligation(coder: EventCoder, c: VerbCall) -> bool:
    """ "Japan said China must stop its drills", "says Washington needs to act": a speaker laying an
    obligation on another actor demands it (maps.demand of the act, else 100; "suggested X should":
    maps.appeal, else 020), aimed at the obligated clause's subject. A subject of the speaker's own actor
    code is the speaker's own duty, no demand."""
    if c.code or "speech" not in c.entry.classes:
        return True
    speakers: set[str | None] | None = None
    actors = c.state.doc._.actors
    for comp in _reported_clauses(coder, c.verb):
        act = _obligation_clause(comp)
        if act is None:
            continue
        if speakers is None:
            speakers = {actors[a].get("code") for a in coder.arguments.subjects(c.state, c.verb)}
        obliged = dedup(
            a
            for s in comp.children
            if s.dep_ in ("nsubj", "nsubjpass") and s.i in c.state.t2a  # an actor, not "talks with X"
            for a in coder.arguments.actors_of(c.state, s, memory=False)
            if actors[a].get("code") not in speakers
        )
        if speakers and obliged:
            cls, fallback = (
                ("appeal", "020") if c.verb.lemma_.lower() in SUGGESTING_VERBS else ("demand", "100")
            )
            coded = coder.triggers._code_of(act)
            mapped = coder.triggers.map_code(cls, coded[0]) if coded and coded[0] != NO_EVENT else None
            c.code, c.targets, c.confidence = mapped or fallback, obliged, 0.7
            return True
    return True


MANNER_ROOTS = ("01", "05", "11", "12")  # "noted with concern / satisfaction / regret"


def statement_manner(coder: EventCoder, c: VerbCall) -> bool:
    """ "The US notes with grave concern that ...", "welcomed with satisfaction": a speech verb's manner
    phrase ("with" + a statement noun) gives the statement its code (the noun's: concern 111)."""
    if c.code or "speech" not in c.entry.classes:
        return True
    for prep in (ch for ch in c.verb.children if ch.dep_ == "prep" and ch.lower_ == "with"):
        for noun in (p for p in prep.children if p.dep_ == "pobj"):
            entry = coder.triggers.noun_entry(noun)
            if entry is not None and entry.code[:2] in MANNER_ROOTS:
                c.code, c.confidence = entry.code, 0.7
                return True
    return True


def table_code(coder: EventCoder, c: VerbCall) -> bool:
    """The verb's most specific pattern, else its curated default code (weaker). A verb that only a
    converted PETRARCH default codes is no event: those synonym lists mix senses ("break", "best",
    "master" default to 190), and on the tune halves they cost precision on both (benchmarks/ablation.py).
    A speech verb whose complement codes nothing is no event either (the 010 fallback added false events
    on both halves)."""
    if c.code:
        return True  # set by an earlier rule
    coded = coder.triggers._code_of(c.verb)
    if coded is None:
        return False
    c.code, c.pattern = coded
    if c.code == NO_EVENT:
        return False
    if c.pattern is None:
        if c.entry.default_priority > 0:
            c.confidence = 0.75
        elif "defaults" in coder.table.converted:  # opt-in class (knowledge/patterns.py)
            c.confidence = CONVERTED_DEFAULT_CONFIDENCE
        else:
            return False
    return True


def violent_subject(coder: EventCoder, c: VerbCall) -> bool:
    """ "a suicide blast killed 10 people": the subject noun's kind of violence."""
    if event_kind(c.code) == "18-20":
        c.code = coder.triggers._violent_subject(c.verb) or c.code
    return True


def governor_composition(coder: EventCoder, c: VerbCall) -> bool:
    """ "refused to meet" -> refusal code, "threatened to attack" -> threat code, "vowed to send aid" ->
    intent code (maps in the pattern data); a refusal or threat is triggered by its governor."""
    c.code, c.trigger = coder.triggers._compose(c.code, c.frame, c.verb)
    return True


def object_control_appeal(coder: EventCoder, c: VerbCall) -> bool:
    """ "wants Germany to pay": an intent verb with an object-controlled complement appeals (020)."""
    comp = xcomp(c.verb)
    if "intent" in c.entry.classes and comp is not None and object_control(c.verb, comp):
        c.code, c.classes = "020", {"appeal"}
    else:
        c.classes = set(c.entry.classes)
    return True


def appeal_embedded_code(coder: EventCoder, c: VerbCall) -> bool:
    """ "urged X to release Y" -> 1053 (maps.appeal / maps.demand of what is asked)."""
    for cls in ("appeal", "demand"):
        if cls in c.classes and c.code in ("020", "100"):
            embedded = coder.triggers._embedded_code(c.verb)
            mapped = coder.triggers.map_code(cls, embedded) if embedded else None
            c.code = mapped or c.code
    return True


COOPERATIVE_ROOTS = ("03", "04", "05", "06", "07", "08")  # acts a side may refuse (maps.refusal)


def refusal_of(coder: EventCoder, frame: Frame, root: str, code: str) -> str | None:
    """The refusal (maps.refusal of ``code``) that a side's negated own cooperative act of ``root`` is, or
    None: not negated, not cooperative, or only hypothetical ("might not", "if X does not")."""
    if not frame.negated or root not in COOPERATIVE_ROOTS or frame.modality == "hypothetical":
        return None
    return coder.triggers.map_code("refusal", code)


def negated_cooperation(coder: EventCoder, c: VerbCall) -> bool:
    """ "The US will not recognize the annexation", "Russia has not agreed to the ceasefire", "the rebels
    will not continue the talks": a side's negated own cooperative act (roots 03-08) is a refusal (CAMEO 12
    "all rejections and refusals"; maps.refusal of the act, "will not continue the talks" 125), asserted;
    a condition or a possibility ("might not", "if X does not") keeps the negated act."""
    mapped = None if c.frame.governor is not None else refusal_of(coder, c.frame, c.code[:2], c.code)
    if mapped is not None:
        c.code, c.confidence = mapped, 0.7
        c.frame.negated = False
    return True


CODE_RULES: tuple[Rule, ...] = (
    reported_hostile_act,
    reported_obligation,
    statement_manner,
    table_code,
    violent_subject,
    governor_composition,
    negated_cooperation,
    object_control_appeal,
    appeal_embedded_code,
)


# ---------------------------------------------------------------------- 3. the source


def clause_subjects(coder: EventCoder, c: VerbCall) -> bool:
    """The subject (or passive agent) of the verb's clause."""
    c.sources = coder.arguments.subjects(c.state, c.verb)
    return True


def participial_speaker(coder: EventCoder, c: VerbCall) -> bool:
    """ "X said Y would ..., accusing Z of ...": the participle's speaker is the reporting verb's subject."""
    verb = c.verb
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and c.code[:2] in VERBAL_ROOTS:
        speaker = reporting_verb(verb, coder.table)
        if speaker is not None:
            c.sources = coder.arguments.subjects(c.state, speaker) or c.sources
    return True


SOURCE_RULES: tuple[Rule, ...] = (clause_subjects, participial_speaker)


# ---------------------------------------------------------------------- 4. the target


def verb_objects(coder: EventCoder, c: VerbCall) -> bool:
    """Direct object, passive subject, dative or the object of a target preposition."""
    c.targets = c.targets or coder.arguments.objects(c.state, c.verb, c.pattern)
    return True


RECEIVING_VERBS = {"receive", "get", "obtain"}


def received_from(coder: EventCoder, c: VerbCall) -> bool:
    """ "The journalist received an award from X", "Kyiv received a call from Y", "got aid from Z": what
    the subject receives is the giver's act; the noun codes it, the from-phrase is its source and the
    receiver its target (not a hosting, 043)."""
    if c.verb.lemma_.lower() not in RECEIVING_VERBS:
        return True
    obj = direct_object(c.verb)
    entry = coder.triggers.noun_entry(obj) if obj is not None else None
    if obj is None or entry is None:
        return True
    preps = [ch for ch in (*c.verb.children, *obj.children) if ch.dep_ == "prep" and ch.lower_ == "from"]
    givers = dedup(
        a
        for p in preps
        for t in p.children
        if t.dep_ == "pobj"
        for a in coder.arguments.actors_of(c.state, t)
    )
    receivers = c.sources
    if givers and receivers:
        c.sources, c.targets, c.code, c.pattern = givers, receivers, str(entry.code), None
    return True


OBJECT_TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards")


def object_prep_target(coder: EventCoder, c: VerbCall) -> bool:
    """ "closed their borders with X", "cut ties with X", "imposed restrictions on X": with no target of
    its own, the verb's object names it in a prepositional phrase."""
    obj = direct_object(c.verb)
    if c.targets or obj is None or obj.i in c.state.t2a:
        return True
    for prep in (ch for ch in obj.children if ch.dep_ == "prep" and ch.lower_ in OBJECT_TARGET_PREPS):
        found = [a for p in prep.children if p.dep_ == "pobj" for a in coder.arguments.actors_of(c.state, p)]
        if found:
            c.targets = dedup(found)
            break
    return True


FEELING_ROOTS = ("01", "05", "11")  # optimism, pessimism, praise (impressed), disapproval
NOT_CAUSATIVE = {"concern"}  # active "X concerns Y" is "is about", not "worries"


def caused_feeling(coder: EventCoder, c: VerbCall) -> bool:
    """ "U.S. warships passed into the sea, irritating China", "the launch alarmed Japan": an active
    feeling verb's object is the one who feels it, so the feeling (disapproval, optimism) goes from the
    object to the subject who caused it (the passive "Japan was alarmed by X" is experiencer_subject)."""
    verb = c.verb
    if (
        c.code[:2] not in FEELING_ROOTS
        or "experiencer" not in c.entry.classes
        or verb.lemma_.lower() in NOT_CAUSATIVE
        or any(ch.dep_ in ("nsubjpass", "auxpass") for ch in verb.children)
        or not c.targets
    ):
        return True
    obj = direct_object(verb)
    if obj is None or not set(c.targets) <= set(coder.arguments.actors_of(c.state, obj, memory=False)):
        return True
    c.sources, c.targets = c.targets, c.sources
    return True


AIMED_PREPS = {"at", "on", "against", "toward", "towards"}


def own_troops_are_means(coder: EventCoder, c: VerbCall) -> bool:
    """ "Kenya deployed troops to the border with Somalia", "Russia launched dozens of drones against
    Ukrainian cities": its own troops or weapons are the means, not the target (a show of force, or a
    pattern whose target is in an at / on / against phrase: then the object's own actors are dropped)."""
    aimed = c.pattern is not None and any(t.prep in AIMED_PREPS for t in c.pattern.terms)
    if not ((c.code[:2] == "15" or aimed) and c.targets and c.sources):
        return True
    own = {actor_country(c.state, a) for a in c.sources}
    if all(actor_country(c.state, t) in own for t in c.targets):
        again = coder.arguments.objects(c.state, c.verb, c.pattern, skip_direct=True)
        obj = direct_object(c.verb)
        if c.code[:2] != "15" and obj is not None:
            means = {c.state.t2a[t.i] for t in obj.subtree if t.i in c.state.t2a}
            means -= {
                a
                for p in obj.children
                if p.lower_ in AIMED_PREPS
                for a in (c.state.t2a[t.i] for t in p.subtree if t.i in c.state.t2a)
            }
            again = [t for t in again if t not in means]
        c.targets = again
    return True


STATEMENT_CODE_ROOTS = ("01", "05", "11", "12")  # statements whose target the content may name
CONTENT_PREPS = ("about", "over", "with", "at", "by", "regarding", "concerning", "on")


def content_clause_target(coder: EventCoder, c: VerbCall) -> bool:
    """ "We welcome the announcement that Japan and Korea have reached an agreement", "notes with concern
    that X's detention by Y is ...": a statement whose object (or what it is about) is reported content
    is aimed at the other side's actors that content names as its subject (an event noun: its agent)."""
    if c.targets or not (c.code[:2] in STATEMENT_CODE_ROOTS or c.entry.classes & {"speech", "experiencer"}):
        return True
    verb, state = c.verb, c.state
    nouns = [ch for ch in verb.children if ch.dep_ == "dobj"]
    for holder in (verb, *(ch for ch in verb.children if ch.dep_ == "acomp")):
        for prep in (ch for ch in holder.children if ch.dep_ in ("prep", "agent")):
            if prep.lower_ in CONTENT_PREPS:
                nouns += [p for p in prep.children if p.dep_ == "pobj"]
    countries = {actor_country(state, a) for a in c.sources}
    for noun in nouns:
        for clause in content_clauses(noun):
            found = [
                t for t in coder.arguments.subjects(state, clause) if actor_country(state, t) not in countries
            ]
            if found:
                c.targets = dedup(found)
                return True
    return True


def statement_about_other_side(coder: EventCoder, c: VerbCall) -> bool:
    """A statement or feeling is about the other side's actors in its complement ("said Japan would ...");
    "denied that its troops crossed into Afghanistan": the place's country."""
    if not c.entry.classes & {"experiencer", "speech", "deny"}:
        return True
    state, verb = c.state, c.verb
    countries = {actor_country(state, a) for a in c.sources}
    if not c.targets:
        c.targets = [
            t
            for t in coder.arguments._complement_actors(state, verb, c.sources)
            if actor_country(state, t) not in countries
        ]
    if not c.targets and "deny" in c.entry.classes:
        for comp in (ch for ch in verb.children if ch.dep_ == "ccomp" and ch.pos_ in ("VERB", "AUX")):
            c.targets = [
                t
                for t in place_target(coder.arguments, state, c.sid, comp, c.sources, c.code)
                if actor_country(state, t) not in countries
            ]
            if c.targets:
                break
    return True


def symmetric_partners(coder: EventCoder, c: VerbCall) -> bool:
    """ "China and Japan met": a symmetric verb's conjoined or with-phrase actors act on each other."""
    c.symmetric = c.verb.lemma_.lower() in coder.table.symmetric
    if c.symmetric and not c.targets:
        c.sources = dedup(c.sources + coder.arguments._co_participants(c.state, c.verb, c.sources))
    return True


def protest_purpose(coder: EventCoder, c: VerbCall) -> bool:
    """ "rallied to denounce the blockade": a protest's target is whom its purpose clause names."""
    if not c.targets and c.code[:2] == "14":
        c.targets = coder.arguments._purpose_targets(c.state, c.verb)
    return True


def armed_sides_fight(coder: EventCoder, c: VerbCall) -> bool:
    """Assault or coercion between two armed sides is fighting: 170/171/180/182 -> 190 when every source and
    target actor is armed (military, rebels, insurgents)."""
    if c.code not in ARMED_CLASH_CODES or not c.sources or not c.targets:
        return True
    actors = c.state.doc._.actors
    if all((actors[a].get("sector") or "")[:3] in ARMED_SECTORS for a in c.sources + c.targets):
        c.code = "190"
    return True


STATE_FORCES = {"MIL", "COP"}  # a state's armed forces and police


def order_to_own_forces(coder: EventCoder, c: VerbCall) -> bool:
    """ "The government has ordered its military to seal the border": a demand (10) is made of another
    actor; a state's order to its own forces or police is how the state acts, no demand between two
    actors, so it codes nothing (the ordered act, when coded, is the state's)."""
    if c.code[:2] != "10" or not c.sources or not c.targets:
        return True
    actors = c.state.doc._.actors
    countries = {actor_country(c.state, a) for a in c.sources + c.targets}
    own = len(countries) == 1 and None not in countries
    return not (own and all((actors[t].get("sector") or "")[:3] in STATE_FORCES for t in c.targets))


VISIT_OBJECT_VERBS = {"visit", "tour", "pay", "make"}  # verbs of visiting whose object is the host or visit


def carried_not_visiting(coder: EventCoder, c: VerbCall) -> bool:
    """ "DHS officials ... flying them to Louisiana": a travel verb ("fly to", "travel to", "go to") with a
    direct object carries someone somewhere; its subject makes no visit (042)."""
    if c.code != "042" or c.verb.lemma_.lower() in VISIT_OBJECT_VERBS:
        return True
    return direct_object(c.verb) is None


DOMESTIC_SANCTION = {"163": "172"}  # embargo, boycott, sanctions -> administrative sanctions


def domestic_sanction(coder: EventCoder, c: VerbCall) -> bool:
    """ "A court banned him from politics": an embargo, boycott or sanction (163) is a measure between
    states, one stopping "commercial or other material exchange" (CAMEO); imposed by a state's organ on
    its own people or parties it is an administrative sanction (172). Every source and target must be of
    one country."""
    if c.code not in DOMESTIC_SANCTION or not c.sources or not c.targets:
        return True
    countries = {actor_country(c.state, a) for a in c.sources + c.targets}
    if len(countries) == 1 and None not in countries:
        c.code = DOMESTIC_SANCTION[c.code]
    return True


def _speech_governor(verb: Token, coder: EventCoder) -> Token | None:
    """The speech verb whose clausal complement holds ``verb`` ("said it would ..."), if any."""
    tok = verb
    for _ in range(6):
        if tok.dep_ == "ccomp" and coder.table.has_class(tok.head.lemma_, "speech"):
            return tok.head
        if tok.head is tok or tok.dep_ not in ("conj", "xcomp", "ccomp", "advcl"):
            return None
        tok = tok.head
    return None


def announcement_code(
    coder: EventCoder, state: DocState, clause: Token, code: str, frame: Frame, sources: list[int]
) -> str | None:
    """The code of a side's own announced future act (maps.announce), "" when the speech verb already
    codes it ("warned it would retaliate": the warning is the threat), None when it keeps its code."""
    if frame.modality != "future" or frame.governor is not None or not sources:
        return None
    mapped = coder.triggers.map_code("announce", code)
    if mapped is None:
        return None
    speech = _speech_governor(clause, coder)
    if speech is not None:
        speakers = {actor_country(state, a) for a in coder.arguments.subjects(state, speech)}
        if speakers and not {actor_country(state, a) for a in sources} <= speakers:
            return None  # a forecast of another side's act
        said = coder.triggers._code_of(speech)
        if said is not None and said[0][:2] == mapped[:2]:
            return ""
    return mapped


def announced_own_act(coder: EventCoder, c: VerbCall) -> bool:
    """ "The US said it would resume talks with Ukraine" -> 036, "Iran warned it would retaliate" ->
    138, "Japan will help Chad" -> 033: a side announcing its own future act expresses intent or
    threatens (maps.announce: cooperation 03x, force 138); the act itself has not happened (issue #11: a
    threat to retaliate is no fight). A speaker's forecast of another side's act keeps its code."""
    mapped = announcement_code(coder, c.state, c.verb, c.code, c.frame, c.sources)
    if mapped == "":
        return False
    c.code = mapped or c.code
    return True


def agentless_state_coercion(coder: EventCoder, c: VerbCall) -> bool:
    """ "Navalny was detained", "the blogger, arrested in Cairo, ...": an agentless passive of a coercion
    only the state carries out has an implied source, the state of the place or of the patient
    (eventcoder/components/events/implicit.py); an agent the article named for such an act against the
    patient's country earlier is used instead. A patient another named actor acts on ("Sudan released
    fishermen detained last month") implies nothing: who holds them is not sure."""
    verb = c.verb
    if c.sources or not agentless_passive(verb) or implied_sector(coder.table, verb, c.code) is None:
        return True
    if not c.targets and verb.dep_ == "acl":
        c.targets = coder.arguments.actors_of(c.state, verb.head, memory=False)
    if not c.targets:
        return True
    patient = verb.head
    if (
        verb.dep_ in ("acl", "relcl")
        and patient.dep_ == "dobj"
        and coder.arguments.subjects(c.state, patient.head)
    ):
        return True  # "Sudan released three fishermen detained last month": the holder is not sure
    known = dedup(
        a for t in c.targets for a in c.state.agents.get((c.code[:2], actor_country(c.state, t) or ""), [])
    )
    if known:
        c.sources = known
        return True
    c.implicit = implied_agents(coder.table, c.state, verb, c.code, c.targets, "agentless passive")
    return True


TARGET_RULES: tuple[Rule, ...] = (
    verb_objects,
    received_from,
    object_prep_target,
    caused_feeling,
    own_troops_are_means,
    content_clause_target,
    statement_about_other_side,
    symmetric_partners,
    protest_purpose,
    armed_sides_fight,
    domestic_sanction,
    order_to_own_forces,
    carried_not_visiting,
    agentless_state_coercion,
    announced_own_act,
)

VERB_RULES = (SKIP_RULES, CODE_RULES, SOURCE_RULES, TARGET_RULES)


def apply_verb_rules(coder: EventCoder, call: VerbCall) -> bool:
    """Run the rule lists in order; False when the verb codes no event."""
    if any(rule(coder, call) for rule in SKIP_RULES):
        return False
    return all(rule(coder, call) for rules in VERB_RULES[1:] for rule in rules)
