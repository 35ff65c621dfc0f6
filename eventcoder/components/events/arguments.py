"""Arguments of event triggers on the parse: source and target actors of verbs and event nouns.

``ArgumentFinder`` finds who did what to whom: subjects (passive agents, relative-clause heads,
controllers, pronoun antecedents), objects (direct object, dative, target prepositions), the roles of
an event noun's modifiers ("China's attack on Taiwan", "talks between A and B"), and, through the
article memory in ``DocState``, the participants of an earlier event a definite event noun refers to
("the talks", "the captain's detention", "demanded his release" -> whoever detained him).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from eventcoder.components.events.argument_rules import (
    OBJECT_RULES,
    PRONOUNS,
    SUBJECT_RULES,
    TARGET_PREPS,
    object_query,
)
from eventcoder.components.events.syntax import conjuncts, dedup, definite, pobjs
from eventcoder.components.events.triggers import TriggerLexicon
from eventcoder.knowledge.cameo import roots_with
from eventcoder.knowledge.locatives import load_locatives
from eventcoder.knowledge.patterns import Pattern

FACILITIES = load_locatives().facilities
PROTEST_PURPOSE_ROOTS = roots_with("protest_purpose")  # a cameo.csv root column
REPORT_NOUNS = {"announcement", "news", "report", "decision", "plan", "move", "holding", "staging"}
# what a report is about names its actors: "concerned by reports of arrests of Ethiopian journalists",
# "about the latest report about Iran's production", "reports that the regime has extended her detention"
CONTENT_NOUNS = {"report", "reports", "news", "allegation", "allegations", "account", "accounts"}
CONTENT_PREPS = ("of", "about", "on", "regarding", "concerning")


@dataclass
class DocState:
    """Per-article state: usable actor tokens and the memory of earlier events."""

    doc: Doc
    t2a: dict[int, int]
    memory: dict[str, list[int]] = field(default_factory=dict)  # CAMEO root -> participant actors
    agents: dict[tuple[str, str], list[int]] = field(
        default_factory=dict
    )  # (root, patient country) -> agents
    mentions: set[int] = field(default_factory=set)  # trigger tokens of bare event-noun mentions


def actor_country(state: DocState, actor: int) -> str | None:
    """An actor's country: its country field, else the first three letters of its code."""
    a = state.doc._.actors[actor]
    return a.get("country") or (a.get("code") or "")[:3] or None


def set_members(state: DocState, actor: int) -> list[int]:
    """An actor and the twin that follows it with the same span: "the two leaders" resolved to both
    earlier actors (eventcoder/components/actors/context.py ``set_partners``)."""
    actors = state.doc._.actors
    found = [actor]
    nxt = actor + 1
    while nxt < len(actors) and (actors[nxt]["token_start"], actors[nxt]["token_end"]) == (
        actors[actor]["token_start"],
        actors[actor]["token_end"],
    ):
        found.append(nxt)
        nxt += 1
    return found


def facility(state: DocState, actor: int) -> bool:
    """Whether an actor mention is headed by a building or installation ("the French military base")."""
    head = state.doc[state.doc._.actors[actor]["head"]]
    return head.lemma_.lower() in FACILITIES or head.lower_ in FACILITIES


def self_dyad(source: Any, target: Any) -> bool:
    """Whether an event's target is its source's own state: "X's government ... X" (a bare country code as
    target stands for the state). Other same-country pairs are domestic dyads and kept: GOV vs OPP, COP vs
    protesters, MIL vs REB, and a bare country as source ("South Africa launched an inquiry into government
    ministers", "Georgians protested outside parliament") (#15)."""
    country = source.get("country")
    if not country or country != target.get("country"):
        return False
    return target.get("code") == country and target.get("kind") != "place"


class ArgumentFinder:
    """Source and target actors of verb and noun triggers (see module docstring).

    It asks its trigger lexicon what a noun or verb codes (``self.triggers``); it holds no state of its own.
    """

    def __init__(self, triggers: TriggerLexicon) -> None:
        self.triggers = triggers
        self.table = triggers.table

    # ------------------------------------------------------------------ noun phrases
    def actors_of(self, state: DocState, tok: Token, depth: int = 0, memory: bool = True) -> list[int]:
        """Actor mentions a noun phrase headed by ``tok`` refers to (conjuncts included).

        An event noun stands for its agent ("condemned Japan's detention of X" -> Japan), else its other
        participants; with no actor of its own, a definite one ("the talks", "Friday's summit") refers
        to the participants of the last event of its root in the article (``memory``).
        """
        found: list[int] = []
        for t in [tok, *conjuncts(tok)]:
            if t.i in state.t2a:
                members = set_members(state, state.t2a[t.i])
                if len(members) > 1 and not (
                    t.dep_ == "nsubj" and t.head.lemma_.lower() in self.table.symmetric
                ):
                    continue  # "the two leaders" is both only as the subject of a joint act ("met")
                found += members
                for mod in t.children:  # "Georgian and Russian troops": two actors
                    if mod.dep_ in ("amod", "compound", "nmod") and conjuncts(mod):
                        found += [state.t2a[m.i] for m in [mod, *conjuncts(mod)] if m.i in state.t2a]
                    elif mod.dep_ == "appos":
                        # "meeting India's Prime Minister Narendra Modi and Philippine President Rodrigo
                        # Duterte": the parser hangs the second person on the first one's apposition
                        # (a named conjunct only: "X, an activist and president of Y" is one person)
                        found += [
                            state.t2a[m.i] for m in conjuncts(mod) if m.i in state.t2a and m.pos_ == "PROPN"
                        ]
                continue
            entry = self.triggers.noun_entry(t) if depth < 3 else None
            if entry is not None:
                sources, targets = self.noun_roles(state, t, depth + 1)
                agents = dedup(
                    a
                    for p in targets
                    for a in state.agents.get((entry.code[:2], actor_country(state, p) or ""), [])
                )
                if not sources and agents and entry.poss_role == "target":
                    # "the captain's detention": whoever detained him in an earlier sentence, not the captain
                    found += agents
                elif sources or targets:
                    found += sources or targets
                elif memory and definite(t):
                    found += state.memory.get(entry.code[:2], [])
                continue
            owners = self._owner_actors(state, t)
            content = self._content_actors(state, t, depth) if not owners else []
            if owners:
                found += owners
            elif content:
                found += content
            elif memory and depth < 3 and definite(t) and t.lemma_.lower() in REPORT_NOUNS:
                found += self._event_participants(state, t, depth)
        return dedup(found)

    def _content_actors(self, state: DocState, tok: Token, depth: int) -> list[int]:
        """Actors of what a report noun reports: its of/about phrase or its that-clause's subject."""
        if depth >= 3 or tok.lemma_.lower() not in CONTENT_NOUNS and tok.lower_ not in CONTENT_NOUNS:
            return []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
                found = dedup(
                    a for p in pobjs(child) for a in self.actors_of(state, p, depth + 1, memory=False)
                )
            elif child.dep_ in ("acl", "ccomp") and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children
            ):
                found = dedup(
                    a
                    for c in child.children
                    if c.dep_ in ("nsubj", "nsubjpass")
                    for a in self.actors_of(state, c, depth + 1, memory=False)
                )
            else:
                continue
            if found:
                return found
        return []

    def _owner_actors(self, state: DocState, tok: Token) -> list[int]:
        """Actors that own or qualify a noun: "China's ministry", "US officials", "Chinese jets"."""
        found = []
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") and child.i in state.t2a:
                found.append(state.t2a[child.i])
                found += [state.t2a[c.i] for c in conjuncts(child) if c.i in state.t2a]
            elif child.dep_ == "prep" and child.lower_ in ("of", "from", "by", "including"):
                found += [state.t2a[p.i] for p in pobjs(child) if p.i in state.t2a]
        return dedup(found)

    def noun_roles(self, state: DocState, noun: Token, depth: int = 0) -> tuple[list[int], list[int]]:
        """(sources, targets) of an event noun from its modifiers and prepositional phrases.

        Possessives, actor adjectives/compounds and "by" give the agent ("China's attack", "US
        sanctions"); "of" gives the agent unless the noun says otherwise (``of: target``: "the arrest
        of X") or another agent is present; target prepositions ("on", "against", "with", ...) give
        targets; "between A and B" gives both. A lone possessive of a ``possessive: target`` noun is
        the target ("Tsvangirai's arrest").
        """
        entry = self.triggers.noun_entry(noun)
        poss: list[int] = []
        mods: list[int] = []
        by: list[int] = []
        of: list[int] = []
        targets: list[int] = []
        for child in noun.children:
            dep, low = child.dep_, child.lower_
            if dep == "poss":
                poss += [state.t2a[c.i] for c in [child, *conjuncts(child)] if c.i in state.t2a]
            elif dep in ("compound", "amod", "nmod") and child.i in state.t2a:
                mods += [state.t2a[c.i] for c in [child, *conjuncts(child)] if c.i in state.t2a]
            elif dep == "prep" and low in ("by", "from"):
                by += [a for p in pobjs(child) for a in self.actors_of(state, p, depth + 1, memory=False)]
            elif dep == "prep" and low == "of":
                of += [a for p in pobjs(child) for a in self.actors_of(state, p, depth + 1)]
            elif dep == "prep" and low in TARGET_PREPS and low not in ("between", "among") and not targets:
                targets += [
                    a for p in pobjs(child) for a in self.actors_of(state, p, depth + 1, memory=False)
                ]
            elif dep in ("acl", "relcl") and child.pos_ in ("VERB", "AUX") and not targets and depth < 2:
                # "a threat to halt oil sales to the US": the clause's target
                targets += self.objects(state, child, None)
        of_target = entry is not None and entry.of_role == "target"
        poss_target = entry is not None and entry.poss_role == "target"
        sources = mods + by
        if poss_target and not of:
            targets = poss + targets
        else:
            sources = poss + sources
        if of:
            if of_target or sources:
                targets = of + targets
            else:
                sources = of
        between = self._between(state, noun)
        if between:
            if not sources:
                sources, targets = between, between
            else:
                targets = targets + between
        sources = dedup(sources)
        return sources, dedup(t for t in targets if t not in sources or t in between)

    def _between(self, state: DocState, noun: Token) -> list[int]:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("between", "among"):
                return dedup(a for pobj in pobjs(child) for a in self.actors_of(state, pobj))
        return []

    def _event_participants(self, state: DocState, tok: Token, depth: int) -> list[int]:
        """Participants of an event noun with no actor of its own: its own "of" object, else memory."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in pobjs(child):
                    found = self.actors_of(state, pobj, depth + 1)
                    if found:
                        return found
        entry = self.triggers.noun_entry(tok)
        if entry is not None:
            return list(state.memory.get(entry.code[:2], []))
        return []

    def _co_participants(self, state: DocState, verb: Token, sources: list[int]) -> list[int]:
        """Other countries' actors inside the subject of a symmetric event: "two lawmakers each from
        Taiwan's DPP and Japan's LDP will hold talks" -> both parties take part."""
        actors = state.doc._.actors
        countries = {actors[a].get("country") or actors[a].get("code") for a in sources}
        found = []
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                for tok in child.subtree:
                    a = state.t2a.get(tok.i)
                    if a is not None and (actors[a].get("country") or actors[a].get("code")) not in countries:
                        found.append(a)
        return dedup(found)

    def antecedent(self, state: DocState, verb: Token) -> list[int]:
        """An uncoded pronoun subject refers to the subject of a governing clause with an actor subject
        ("X and Y say they have agreed", "the airstrikes it launched" after "Pakistan's military")."""
        tok = verb
        for _ in range(6):
            if tok.head is tok:
                return []
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                for child in tok.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in PRONOUNS:
                        found = self.actors_of(state, child, memory=False)
                        if found:
                            return found
        return []

    # ------------------------------------------------------------------ verbs
    def subjects(self, state: DocState, verb: Token) -> list[int]:
        """Source actors of a verb: the first answer of ``SUBJECT_RULES`` (argument_rules.py), without
        buildings and installations ("a French military base", locatives.yaml ``facilities``): they do not
        act."""
        for rule in SUBJECT_RULES:
            found = rule(self, state, verb)
            if found is not None:
                return [a for a in found if not facility(state, a)]
        return []

    def objects(
        self, state: DocState, verb: Token, pattern: Pattern | None, skip_direct: bool = False
    ) -> list[int]:
        """Target actors of a verb: the first answer of ``OBJECT_RULES`` (argument_rules.py)."""
        query = object_query(self, verb, pattern, skip_direct)
        for rule in OBJECT_RULES:
            found = rule(self, state, query)
            if found is not None:
                return found
        return []

    # ------------------------------------------------------------------ appeals, statements, purposes
    def _holders(self, state: DocState, noun: Token) -> list[int]:
        """Who holds the people whose release (root 08) an event noun asks for: the agent of an earlier
        arrest or seizure (root 17) of someone of their country."""
        entry = self.triggers.noun_entry(noun)
        if entry is None or entry.code[:2] != "08":
            return []
        patients = self.noun_roles(state, noun)[1]
        return dedup(a for p in patients for a in state.agents.get(("17", actor_country(state, p) or ""), []))

    def _prep_actors(self, state: DocState, tok: Token) -> list[int]:
        for prep in sorted(
            (
                c
                for c in tok.children
                if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS and c.lower_ != "of"
            ),
            key=lambda p: TARGET_PREPS.index(p.lower_),
        ):
            if prep.lower_ in ("between", "among"):
                continue
            found = dedup(a for p in pobjs(prep) for a in self.actors_of(state, p))
            if found:
                return found
        return []

    def _complement_actors(self, state: DocState, verb: Token, sources: list[int]) -> list[int]:
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                found = [
                    a
                    for a in self.subjects(state, child) + self.objects(state, child, None)
                    if a not in sources
                ]
                if found:
                    return dedup(found)
        return []

    def _purpose_targets(self, state: DocState, verb: Token) -> list[int]:
        """Whom a protest is aimed at, from its purpose clause: "joined the rally to condemn China's move"."""
        for child in verb.children:
            if child.dep_ in ("advcl", "xcomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):
                coded = self.triggers._code_of(child)
                if coded is not None and coded[0][:2] in PROTEST_PURPOSE_ROOTS:
                    return self.objects(state, child, coded[1])
        return []
