"""eventcoder_events: verb and noun triggers between actor mentions -> CAMEO events with modality.

For each sentence (outside boilerplate) the coder looks at every verb and event noun the pattern table
knows, finds its arguments on the dependency parse and codes one event per (source, target) pair:

- verbs: subject (or passive agent) is the source; direct object, passive subject, dative or the
  object of a target preposition ("at", "on", "against", "with", "to", ...) is the target. The most
  specific pattern over the verb's particles, objects and prepositional groups picks the CAMEO code
  ("hit out at" -> 111, "accuse X of aggression" -> 1123); else the verb's default code.
- nouns: "talks between A and B", "China's attack on Taiwan", "US sanctions on Iran"; a light verb
  ("hold talks", "launch an attack") gives the noun's code to its subject. A definite event noun with
  no actor of its own ("the announcement of the talks", "Friday's summit") takes the participants of
  the last event of the same CAMEO root in the article.
- composition: "refused to meet" -> refusal code (maps.refusal), "threatened to attack" -> threat code
  (maps.threat), "vowed to send aid" -> intent code (maps.intent), "urged X to release Y" -> appeal
  code (maps.appeal), "demanded that X withdraw" -> demand code (maps.demand), all from the pattern data.
- modality and polarity are fields, never a different code (eventcoder/components/events/modality.py).

A target is never invented. By default an event is a dyad: it needs a source and a target actor
(``require_source`` / ``require_target``, default true); set them false to keep one-sided events
("Iran test-fired missiles", source only). With ``expand_groupings`` a record whose side is a group of
named states (G7) becomes one record per member state (eventcoder/groupings.py, applied by the driver).
Actors without code and country ("it" unresolved) are not parties. A definite event noun or pronoun may
resolve to actors of earlier sentences (warning set).

Modules of this package: component.py (this one: triggers -> events, dedupe, keep); triggers.py what a
verb or noun codes and composition; arguments.py sources, targets and the article's event memory;
places.py the target taken from a place; syntax.py parse helpers; modality.py frames; rules.py the
ordered verb rules and noun_rules.py the ordered event-noun rules (one function per construction);
argument_rules.py the ordered subject and object rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.components.events.arguments import ArgumentFinder, DocState, actor_country, self_dyad
from eventcoder.components.events.implicit import IMPLICIT_FACTOR
from eventcoder.components.events.modality import KEPT_BY_DEFAULT, Frame, kept_modalities
from eventcoder.components.events.noun_rules import NounCall, apply_noun_rules
from eventcoder.components.events.rules import CONVERTED_DEFAULT_CONFIDENCE, VerbCall, apply_verb_rules
from eventcoder.components.events.syntax import dedup
from eventcoder.components.events.triggers import TriggerLexicon, event_kind
from eventcoder.components.extensions import (
    EXPAND_GROUPINGS,
    EventDict,
    ImplicitActorDict,
    is_boilerplate,
    register_extensions,
    token_to_actor,
)
from eventcoder.errors import Warnings
from eventcoder.knowledge.cameo import roots_with
from eventcoder.knowledge.patterns import PatternTable, load_patterns

NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
# Material roots whose events may be kept without a target actor ("Iran test-fired missiles",
# "gunmen abducted 20 students in Nigeria"): the cameo.csv column one_sided marks them. None by default: on
# the tune halves one-sided events added 20 false events and no true one (benchmarks/ablation.py); set
# one_sided_roots to e.g. sorted(roots_with("one_sided")) to keep them.
ONE_SIDED_ROOTS: tuple[str, ...] = ()
ONE_SIDED_FACTOR = 0.7  # confidence kept by an event with one actor
PLACE_TARGET_ROOTS = tuple(sorted(roots_with("place_target")))
EXECUTIVE_SECTORS = ("GOV", "MIL", "COP", "SPY")  # a state's executive organs (_state_and_its_part)
VERBAL_ROOTS = (
    "01",
    "02",
    "03",
    "04",
    "05",
    "10",
)  # statements, appeals, intents, consults, support, demands
UNCODED_KINDS = ("person", "organisation", "group")  # named actors an uncoded event may keep (not pronouns)


class EventCoder:
    """Code each verb or noun trigger with actor arguments as a CAMEO event (see module docstring)."""

    def __init__(
        self,
        name: str,
        *,
        table: PatternTable,
        keep_modalities: Iterable[str] = KEPT_BY_DEFAULT,
        keep_negated: bool = True,
        min_confidence: float = 0.0,
        require_source: bool = True,
        require_target: bool = True,
        one_sided_roots: Iterable[str] = ONE_SIDED_ROOTS,
        place_target_roots: Iterable[str] = PLACE_TARGET_ROOTS,
        keep_uncoded: bool = False,
        expand_groupings: bool = False,
    ) -> None:
        register_extensions()
        keep = kept_modalities(keep_modalities)
        self.name = name
        self.table = table
        self.triggers = TriggerLexicon(table)  # what a verb or noun codes
        self.arguments = ArgumentFinder(self.triggers)  # who does it to whom
        self.keep_modalities, self.keep_negated = set(keep), keep_negated
        self.min_confidence = min_confidence
        self.require_source, self.require_target = require_source, require_target
        self.one_sided_roots, self.place_target_roots = set(one_sided_roots), set(place_target_roots)
        self.keep_uncoded = keep_uncoded
        self.expand_groupings = expand_groupings

    # ------------------------------------------------------------------ driver
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("DEP"):
            doc._.warnings = [*doc._.warnings, Warnings.W105]
            return doc
        actors = doc._.actors
        # An actor with neither code nor country ("it", an unknown name) is a party to an event only when
        # keep_uncoded is set (settings: unknown_actors = "flag"), and then only a named one, not a pronoun.
        usable = {
            t: a
            for t, a in token_to_actor(doc).items()
            if actors[a].get("code")
            or actors[a].get("country")
            or (self.keep_uncoded and actors[a].get("kind") in UNCODED_KINDS)
        }
        self._fix_lemmas(doc)
        state = DocState(doc, usable)
        events: list[EventDict] = []
        for sid, sent in enumerate(doc.sents):
            if is_boilerplate(doc, sent.start_char, sent.end_char):
                continue
            events.extend(self._dedupe(self.code_sentence(state, sid, sent)))
        kept = [ev for ev in events if self._keep(ev)]
        if self.keep_uncoded:
            for ev in kept:
                for a in (ev["source"], ev["target"]):
                    if a is not None and not (actors[a].get("code") or actors[a].get("country")):
                        ev["warnings"] = [*ev["warnings"], Warnings.W106.format(text=actors[a]["text"])]
        doc._.events = self._drop_repeats(state, kept)
        if self.expand_groupings:  # read where records are built (driver.doc_to_coded), after the fallback's
            doc.user_data[EXPAND_GROUPINGS] = True
        return doc

    @staticmethod
    def _drop_repeats(state: DocState, events: list[EventDict]) -> list[EventDict]:
        """Drop a bare event-noun mention of an event coded in an earlier sentence of the article with
        the same parties and root ("... to protest Japan's detention of the captain" after "Japan
        detained the captain"): one event, one record."""
        first: dict[tuple[Any, ...], int] = {}  # (source country, target country, root, negated) -> sentence
        out = []
        for ev in events:
            implicit = ev.get("implicit_source")
            key = (
                actor_country(state, ev["source"])
                if ev["source"] is not None
                else (implicit["country"] if implicit else None),
                actor_country(state, ev["target"]) if ev["target"] is not None else None,
                ev["cameo"][:2],
                ev["negated"],
            )
            if (
                ev["trigger_token"] in state.mentions
                and first.get(key, ev["sentence_id"]) < ev["sentence_id"]
            ):
                continue
            first.setdefault(key, ev["sentence_id"])
            out.append(ev)
        return out

    def _fix_lemmas(self, doc: Doc) -> None:
        """Repair a verb lemma the model got wrong ("staged" -> "stag") when its form gives a known verb,
        and a gerund tagged as a noun although it takes a direct object or is a verb's complement
        ("reported to have continued bombing hideouts")."""
        for tok in doc:
            gerund = (
                tok.pos_ == "NOUN"
                and tok.lower_.endswith("ing")
                and (tok.dep_ == "xcomp" or any(c.dep_ == "dobj" for c in tok.children))
            )
            if not gerund and (tok.pos_ != "VERB" or self.table.verb(tok.lemma_) is not None):
                continue
            word = tok.lower_
            if word.endswith("ed"):  # staged, shelled, stopped
                cands = [word[:-1], word[:-2]] + ([word[:-3]] if word[-3:-2] == word[-4:-3] else [])
            elif word.endswith("ing"):  # staging, shelling, stopping
                cands = [word[:-3] + "e", word[:-3]] + ([word[:-4]] if word[-4:-3] == word[-5:-4] else [])
            elif word.endswith("s"):
                cands = [word[:-1], word[:-2]]
            else:
                continue
            for cand in cands:
                if len(cand) > 2 and self.table.verb(cand) is not None:
                    tok.lemma_ = cand
                    if gerund:
                        tok.pos_, tok.tag_ = "VERB", "VBG"
                    break

    def _keep(self, ev: EventDict) -> bool:
        if ev["modality"] not in self.keep_modalities or (ev["negated"] and not self.keep_negated):
            return False
        # One-sided material events need a curated pattern or default: a converted default alone
        # ("Tokyo ... breaking with precedent" -> 190) is too weak without a target to check it against.
        one_sided = (
            ev["cameo"][:2] in self.one_sided_roots
            and ev["source"] is not None
            and ev["confidence"] > CONVERTED_DEFAULT_CONFIDENCE * ONE_SIDED_FACTOR
        )
        if (self.require_target and ev["target"] is None and not one_sided) or (
            self.require_source and ev["source"] is None and not ev.get("implicit_source")
        ):
            return False
        return ev["confidence"] >= self.min_confidence

    @staticmethod
    def _dedupe(events: list[EventDict]) -> list[EventDict]:
        best: dict[tuple[Any, ...], EventDict] = {}
        # a one-sided event repeats a dyadic one of the same source and kind ("used chemical weapons
        # against civilians in Douma, killing dozens")
        dyadic = {(ev["source"], event_kind(ev["cameo"])) for ev in events if ev["target"] is not None}
        for ev in events:
            if ev["target"] is None and (ev["source"], event_kind(ev["cameo"])) in dyadic:
                continue
            key = (ev["source"], ev["target"], ev["cameo"][:2], ev["negated"])
            if key not in best or ev["confidence"] > best[key]["confidence"]:
                best[key] = ev
        return sorted(best.values(), key=lambda e: (e["trigger_token"], e["source"] or -1, e["target"] or -1))

    # ------------------------------------------------------------------ sentence
    def code_sentence(self, state: DocState, sid: int, sent: Span) -> list[EventDict]:
        out: list[EventDict] = []
        for tok in sent:
            if tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBG"):
                continue  # "the signed agreement", "the concluded deal": an adjective, no event of its own
            if tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                out.extend(self._verb_events(state, sid, tok))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in state.t2a:
                out.extend(self._noun_events(state, sid, tok))
        return out

    # ------------------------------------------------------------------ verbs
    def _verb_events(self, state: DocState, sid: int, verb: Token) -> list[EventDict]:
        """Code a verb trigger by the ordered rule lists of eventcoder/components/events/rules.py."""
        entry = self.table.verb(verb.lemma_)
        if entry is None:
            return []
        call = VerbCall(state, sid, verb, entry)
        if not apply_verb_rules(self, call):
            return []
        sources, targets, code = call.sources, call.targets, call.code
        if sources and targets and call.frame.modality == "asserted" and not call.frame.negated:
            # who did it, for a later "the captain's detention", "his release" or "condemned the arrest"
            state.memory[code[:2]] = dedup(sources + targets) if call.symmetric else list(sources)
            for target in targets if not call.symmetric else []:
                state.agents[(code[:2], actor_country(state, target) or "")] = list(sources)
        trigger = call.trigger if call.trigger is not None else verb
        return self._emit(
            state,
            sid,
            trigger,
            code,
            sources,
            targets,
            call.frame,
            call.confidence,
            call.symmetric,
            call.implicit,
        )

    # ------------------------------------------------------------------ nouns
    def _noun_events(self, state: DocState, sid: int, noun: Token) -> list[EventDict]:
        """Code an event noun by the ordered rule lists of eventcoder/components/events/noun_rules.py."""
        entry = self.triggers.noun_entry(noun)
        if entry is None:
            return []
        call = NounCall(state, sid, noun, entry)
        if not apply_noun_rules(self, call):
            return []
        sources, targets, frame = call.sources, call.targets, call.frame
        frame.negated = frame.negated or any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children)
        trigger = call.trigger if call.trigger is not None else noun
        events = self._emit(
            state,
            sid,
            trigger,
            call.code,
            sources,
            targets,
            frame,
            call.confidence,
            entry.symmetric,
            call.implicit,
        )
        # what a later "the talks" / "the detention" refers to: a symmetric event's parties, else its agent
        participants = dedup(sources + targets) if entry.symmetric else dedup(sources or targets)
        if len(participants) >= len(state.memory.get(entry.code[:2], [])):
            state.memory[entry.code[:2]] = participants
        if sources and not entry.symmetric:
            for target in targets:
                state.agents[(entry.code[:2], actor_country(state, target) or "")] = list(sources)
        return events

    # ------------------------------------------------------------------ modality
    def _emit(
        self,
        state: DocState,
        sid: int,
        trigger: Token,
        code: str,
        sources: list[int],
        targets: list[int],
        frame: Frame,
        confidence: float,
        symmetric: bool,
        implicit: dict[int, ImplicitActorDict] | None = None,
    ) -> list[EventDict]:
        actors = state.doc._.actors
        implicit = implicit or {}
        pairs: list[tuple[int | None, int | None]] = []
        if symmetric and len(sources) > 1 and not targets:
            pairs = [(a, b) for a in sources for b in sources if a != b]
        elif sources and targets:
            pairs = [(s, t) for s in sources for t in targets]
        elif sources:
            pairs = [(s, None) for s in sources]
        elif targets:
            pairs = [(None, t) for t in targets]
            if implicit:  # the implied state acts on the patients it was implied for, no others
                pairs = [(None, t) for t in targets if t in implicit]
        out: list[EventDict] = []
        for src, tgt in pairs:
            if (
                _same_actor(actors, src, tgt)
                or _same_phrase(state.doc, actors, src, tgt)
                or _state_and_its_part(actors, src, tgt, code)
            ):
                continue
            conf = confidence * (1.0 if src is not None and tgt is not None else ONE_SIDED_FACTOR)
            warnings: list[str] = []
            implied = implicit.get(tgt) if src is None and tgt is not None else None
            if implied is not None:
                conf = confidence * IMPLICIT_FACTOR
                warnings.append(f"source implied ({implied['why']}): the state of {implied['country']}")
            if tgt is not None and actors[tgt]["sentence_id"] != sid:
                conf *= 0.8
                warnings.append("target resolved from an earlier mention of the event")
            out.append(
                EventDict(
                    sentence_id=sid,
                    trigger={
                        "text": trigger.text,
                        "start": trigger.idx,
                        "end": trigger.idx + len(trigger.text),
                    },
                    trigger_token=trigger.i,
                    source=src,
                    target=tgt,
                    cameo=code,
                    negated=frame.negated,
                    modality=frame.modality,
                    confidence=round(conf, 3),
                    warnings=warnings,
                )
            )
            if implied is not None:
                out[-1]["implicit_source"] = implied
        return out


# ---------------------------------------------------------------------- parse helpers


def _same_phrase(doc: Doc, actors: list[Any], src: int | None, tgt: int | None) -> bool:
    """Whether one actor only qualifies the other ("the government of Nigeria", "Japan's ruling party")."""
    if src is None or tgt is None:
        return False
    for a, b in ((src, tgt), (tgt, src)):
        tok, top = doc[actors[b]["head"]], doc[actors[a]["head"]]
        for _ in range(4):
            if (
                tok.dep_ not in ("pobj", "prep", "poss", "compound", "amod", "nmod", "appos")
                or tok.head is tok
            ):
                break
            tok = tok.head
            if tok.i == top.i:
                return True
    return False


def _state_and_its_part(actors: list[Any], src: int | None, tgt: int | None, code: str = "") -> bool:
    """A part of a country acting on the country itself ("the Cambodian government ... endangers Cambodia's
    economy") is not an interaction between two sides."""
    if src is None or tgt is None:
        return False
    a, b = actors[src], actors[tgt]
    country = a.get("country")
    if not country or country != b.get("country"):
        return False
    # the state named as such ("Cambodia"), not a person or group known only by country ("Mr. X", "critics"),
    # as the target of one of its parts; the state acting on its own parts ("South Africa launched an
    # inquiry into its ministers") is a domestic event
    if b.get("code") == country and b.get("kind") == "country":
        return True
    # one organ of a state's executive speaking to or asking another, named as a body ("the president
    # called on the troops to withdraw", "the government thanked the police"): one side, not a domestic
    # dyad; a person (an arrested minister), another branch (parliament, courts, parties) or a material
    # act (a group coded GOV by date fighting the army) is a side of its own
    return (
        code[:2] in VERBAL_ROOTS
        and a.get("sector") in EXECUTIVE_SECTORS
        and b.get("sector") in EXECUTIVE_SECTORS
        and b.get("kind") in ("group", "organisation", "country")
    )


def _same_actor(actors: list[Any], src: int | None, tgt: int | None) -> bool:
    if src is None or tgt is None:
        return False
    if "place" in (actors[src].get("kind"), actors[tgt].get("kind")):
        return src == tgt  # a country as the place of an event is not the same actor as its people
    return (
        src == tgt
        or bool(actors[src].get("code") and actors[src].get("code") == actors[tgt].get("code"))
        or self_dyad(actors[src], actors[tgt])
    )


@Language.factory(
    "eventcoder_events",
    # token.lemma/pos/tag: lemmas the tagger got wrong are repaired (_fix_lemmas); doc._.actors: a place's
    # country becomes an actor mention (places.place_target); doc._.warnings: W105 without a parse
    assigns=["doc._.events", "doc._.actors", "doc._.warnings", "token.lemma", "token.pos", "token.tag"],
    requires=[
        "doc._.actors",
        "doc._.boilerplate",
        "doc.sents",
        "doc.ents",
        "token.dep",
        "token.head",
        "token.lemma",
    ],
    default_config={
        # the converted PETRARCH verbs by class: "curated+phrasal,refine"; "builtin" is class free. No class
        # gained events on the held-out tune half (data/patterns/README.md, benchmarks/ablation.py)
        "patterns": "curated",
        "user_patterns": [],
        "keep_modalities": list(KEPT_BY_DEFAULT),
        "keep_negated": True,
        "min_confidence": 0.0,
        "require_source": True,
        "require_target": True,
        "one_sided_roots": list(ONE_SIDED_ROOTS),
        "place_target_roots": list(PLACE_TARGET_ROOTS),
        "keep_uncoded": False,
        "expand_groupings": False,
    },
)
def make_events(
    nlp: Language,
    name: str,
    patterns: str,
    user_patterns: list[str],
    keep_modalities: list[str],
    keep_negated: bool,
    min_confidence: float,
    require_source: bool,
    require_target: bool,
    one_sided_roots: list[str],
    place_target_roots: list[str],
    keep_uncoded: bool,
    expand_groupings: bool,
) -> EventCoder:
    """Build the event coder from the packaged patterns ("curated" by default, "curated+CLASS,..." with
    classes of the converted PETRARCH verbs, "builtin" with class free) plus the user's pattern files."""
    return EventCoder(
        name,
        table=load_patterns(patterns, user_patterns),
        keep_modalities=keep_modalities,
        keep_negated=keep_negated,
        min_confidence=min_confidence,
        require_source=require_source,
        require_target=require_target,
        one_sided_roots=one_sided_roots,
        place_target_roots=place_target_roots,
        keep_uncoded=keep_uncoded,
        expand_groupings=expand_groupings,
    )
