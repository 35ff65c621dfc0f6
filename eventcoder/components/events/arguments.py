"""Arguments of event triggers on the parse: source and target actors of verbs and event nouns.

``ArgumentFinder`` finds who did what to whom: subjects (passive agents, relative-clause heads,
controllers, pronoun antecedents), objects (direct object, dative, target prepositions), the roles of
an event noun's modifiers ("China's attack on Taiwan", "talks between A and B"), and, through the
article memory in ``DocState``, the participants of an earlier event a definite event noun refers to
("the talks", "the captain's detention", "demanded his release" -> whoever detained him).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventcoder.components.events.syntax import (
    conjuncts,
    dedup,
    definite,
    direct_object,
    governing_verb,
    phrase_tokens,
    pobjs,
)
from eventcoder.components.events.triggers import REL_PRONOUNS, TriggerLexicon
from eventcoder.knowledge.patterns import Pattern

TARGET_PREPS = (
    "at",
    "against",
    "on",
    "upon",
    "with",
    "to",
    "toward",
    "towards",
    "into",
    "over",
    "for",
    "from",
    "about",
    "between",
    "of",
    "onto",
    "among",
    "near",
    "across",
)
SUBJ = ("nsubj", "csubj", "expl")
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
REPORT_NOUNS = {"announcement", "news", "report", "decision", "plan", "move", "holding", "staging"}
SEQUENCE_PREPS = {"after", "before", "while", "since", "by", "upon", "following"}


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
                found.append(state.t2a[t.i])
                for mod in t.children:  # "Georgian and Russian troops": two actors
                    if mod.dep_ in ("amod", "compound") and conjuncts(mod):
                        found += [state.t2a[m.i] for m in [mod, *conjuncts(mod)] if m.i in state.t2a]
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
            if owners:
                found += owners
            elif memory and depth < 3 and definite(t) and t.lemma_.lower() in REPORT_NOUNS:
                found += self._event_participants(state, t, depth)
        return dedup(found)

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
        """Source actors of a verb: subject, passive agent, relative-clause head or controller."""
        for child in verb.children:
            if child.dep_ == "agent":
                found = dedup(a for p in pobjs(child) for a in self.actors_of(state, p))
                if found:
                    return found
        if any(c.dep_ == "auxpass" for c in verb.children):
            for child in verb.children:  # "was killed in an attack by X": X
                if child.dep_ == "prep" and child.lower_ in ("in", "during", "by"):
                    for pobj in pobjs(child):
                        if self.triggers.noun_entry(pobj) is not None:
                            found = self.noun_roles(state, pobj)[0]
                            if found:
                                return found
        for child in verb.children:
            if child.dep_ in SUBJ:
                if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                    return self.actors_of(state, verb.head, memory=False)
                found = self.actors_of(state, child, memory=False)
                if not found and child.lower_ in PRONOUNS:
                    found = self.antecedent(state, verb)
                return found
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                # "the US is concerned": the experiencer of a feeling is its source
                if self.table.has_class(verb.lemma_, "experiencer"):
                    found = self.actors_of(state, child, memory=False)
                    if not found and child.lower_ in PRONOUNS:
                        found = self.antecedent(state, verb)
                    return found
                return []
        head = verb.head
        if head is verb:
            return []
        if verb.dep_ in ("relcl", "acl"):
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                # "new ways to raise the pressure": the subject of the verb governing "ways"
                governor = governing_verb(head)
                return self.subjects(state, governor) if governor is not None else []
            if verb.dep_ == "relcl" or verb.tag_ == "VBG":  # "countries declaring support": the countries
                return self.actors_of(state, head, memory=False)

        if verb.dep_ == "acomp" and verb.pos_ == "ADJ":  # "X is ready to talk": the copula's subject
            return self.subjects(state, head)
        if verb.dep_ == "xcomp":  # object control: "called on X to ..." / "urged X to ..."
            for child in head.children:
                if child.dep_ == "nsubjpass":  # raising: "X is reported to have bombed ..."
                    found = self.actors_of(state, child, memory=False)
                    if not found and child.lower_ in PRONOUNS:
                        found = self.antecedent(state, head)
                    if found:
                        return found
                if child.dep_ == "dobj" and child.i < verb.i:
                    found = self.actors_of(state, child)
                    if found:
                        return found
                if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
                    found = dedup(a for p in pobjs(child) for a in self.actors_of(state, p))
                    if found:
                        return found
            return self.subjects(state, head)
        if verb.dep_ in ("conj", "advcl", "acl", "pcomp", "ccomp") and (
            verb.dep_ != "ccomp" or verb.tag_ == "VBG"
        ):
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            if verb.dep_ == "advcl" and verb.tag_ not in ("VBG", "VBN") and not infinitive:
                return []
            if verb.dep_ == "pcomp":
                # "released him after holding him": the subject of "released"; not "accused X of
                # supplying" (X's act, alleged) nor "arrested on spying charges"
                if head.lower_ not in SEQUENCE_PREPS or head.head.pos_ not in ("VERB", "AUX"):
                    return []
                head = head.head
            return self.subjects(state, head)
        return []

    def objects(
        self, state: DocState, verb: Token, pattern: Pattern | None, skip_direct: bool = False
    ) -> list[int]:
        """Target actors: object (or passive subject), dative, then target prepositions."""
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if self.table.has_class(verb.lemma_, "experiencer"):
            passive = False  # "the US is concerned": the passive subject is the source
        obj_deps = ("dobj", "dative", "nsubjpass", "attr", "oprd") if passive else ("dobj", "dative", "oprd")
        if self.table.has_class(verb.lemma_, "recipient"):
            for prep in (c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
                found = dedup(a for p in pobjs(prep) for a in self.actors_of(state, p))
                if found:
                    return found
        verb_entry = self.table.verb(verb.lemma_)
        appeal = verb_entry is not None and bool(verb_entry.classes & {"appeal", "demand"})
        # "called the arrest disturbing" is a judgement of the event, not an appeal for it
        asks = appeal and not any(
            c.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "attr") for c in verb.children
        )
        for child in verb.children:
            if asks and child.dep_ == "dobj" and self.triggers._patient_noun(child):
                # "demanded Zhan's release": Zhan is released, not the one asked; the one asked is whoever
                # detained him earlier in the article
                holders = self._holders(state, child)
                if holders:
                    return holders
                continue
            if child.dep_ in obj_deps and not skip_direct:
                if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                    # "the army, which is backed by Russia": the antecedent, when it is an actor itself
                    child = verb.head
                    if child.i not in state.t2a:
                        continue
                found = self.actors_of(state, child, memory=False)
                if found:
                    return found
        wanted = [t.prep for t in pattern.terms if t.prep] if pattern else []
        preps = [c for c in verb.children if c.dep_ in ("prep", "dative")]
        obj = direct_object(verb)
        if obj is not None and not (asks and self.triggers._patient_noun(obj)):
            preps += [c for c in obj.children if c.dep_ == "prep"]
        for prt in [c for c in verb.children if c.dep_ == "prt"]:
            preps += [c for c in prt.children if c.dep_ == "prep"]
        order = {p: i for i, p in enumerate(wanted + list(TARGET_PREPS))}
        for prep in sorted(preps, key=lambda p: order.get(p.lower_, 99)):
            if prep.lower_ not in order:
                continue
            if appeal and prep.lower_ == "for" and any(self.triggers._patient_noun(p) for p in pobjs(prep)):
                # "called for the release of X": X is released; the one asked is X's captor, if known
                holders = dedup(a for p in pobjs(prep) for a in self._holders(state, p))
                if holders:
                    return holders
                continue
            found = dedup(a for p in pobjs(prep) for a in self.actors_of(state, p))
            if not found and prep.lower_ in (
                "to",
                "toward",
                "towards",
                "into",
                "near",
                "against",
                "at",
                "on",
            ):
                # "to the border with Somalia": an actor inside the phrase
                inside = [state.t2a[t.i] for p in pobjs(prep) for t in phrase_tokens(p) if t.i in state.t2a]
                found = dedup(inside[:1])
            if found:
                return found
        for child in verb.children:  # "called for X to withdraw", "demanded that X withdraw": X
            if (child.dep_ == "ccomp" and appeal) or (
                child.dep_ in ("ccomp", "advcl")
                and any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children)
            ):
                for sub in child.children:
                    if sub.dep_ in ("nsubj", "nsubjpass"):
                        found = self.actors_of(state, sub, memory=False)
                        if found:
                            return found
        for child in verb.children:  # an actor inside the object phrase: "the French-brokered plan"
            if child.dep_ in obj_deps and self.triggers.noun_entry(child) is None and not skip_direct:
                found = dedup(state.t2a[t.i] for t in phrase_tokens(child) if t.i in state.t2a)
                if found:  # the first actor and those coordinated with it
                    first = state.doc[state.doc._.actors[found[0]]["head"]]
                    return self.actors_of(state, first, memory=False) or found[:1]
        for child in verb.children:  # last: an event noun object resolved from the article
            if (
                child.dep_ in obj_deps
                and not skip_direct
                and not (asks and self.triggers._patient_noun(child))
            ):
                found = self.actors_of(state, child)
                if found:
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
            (c for c in tok.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS and c.lower_ != "of"),
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
                if coded is not None and coded[0][:2] in ("11", "12", "14"):
                    return self.objects(state, child, coded[1])
        return []
