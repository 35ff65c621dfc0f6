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
- modality and polarity are fields, never a different code (eventcoder/modality.py).
- fallback: a speech verb whose complement codes nothing gives 010 toward the other side's actors of
  its complement (confidence 0.35).

A target is never invented. By default an event is a dyad: it needs a source and a target actor
(``require_source`` / ``require_target``, default true); set them false to keep one-sided events
("Iran test-fired missiles", source only). Actors without code and country ("it" unresolved) are not
parties. A definite event noun or pronoun may resolve to actors of earlier sentences (warning set).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.errors import ConfigError, Errors, Warnings
from eventcoder.event_syntax import (
    argument_bag,
    conjuncts,
    dedup,
    definite,
    direct_object,
    governing_verb,
    matches,
    object_control,
    phrase_tokens,
    pobjs,
    quantity,
    reporting_verb,
    xcomp,
)
from eventcoder.extensions import EventDict, is_boilerplate, register_extensions, token_to_actor
from eventcoder.modality import KEPT_BY_DEFAULT, MODALITIES, RANK, Frame, clause_frame
from eventcoder.patterns import NO_EVENT, Pattern, PatternTable, load_patterns
from eventcoder.places import demonyms, gazetteer, normalise

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
VERBAL_ROOTS = {"01", "02", "03", "10", "11", "12", "13"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
PARTICIPATE_VERBS = {"participate", "engage", "join", "partake", "take", "involve"}
GOVERNING_CLASSES = {"light", "intent", "refusal", "threat"}
REPORT_NOUNS = {"announcement", "news", "report", "decision", "plan", "move", "holding", "staging"}
ADJUNCT_PREPS = {"during", "after", "before", "following", "ahead", "amid", "throughout"}
CONTENT_NOUN_ROOTS = ("01", "02", "10", "11", "12")  # nouns whose clause is said, asked or alleged
SEQUENCE_PREPS = {"after", "before", "while", "since", "by", "upon", "following"}
REL_PRONOUNS = {"which", "who", "that", "whom", "whose"}
NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
# Material roots whose events are often reported without a target actor ("Iran test-fired missiles",
# "gunmen abducted 20 students in Nigeria"): kept one-sided by default, target taken from the place.
ONE_SIDED_ROOTS = ("09", "14", "15", "18", "19", "20")
CONVERTED_DEFAULT_CONFIDENCE = 0.6  # a verb coded only by a converted PETRARCH default code
ONE_SIDED_FACTOR = 0.7  # confidence kept by an event with one actor
PLACE_TARGET_ROOTS = ("07", "15", "18", "19", "20")
PLACE_PREPS = {"in", "near", "at", "on", "into", "across", "inside", "over", "along", "off", "to"}
BORDER_NOUNS = {"border", "frontier", "boundary"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
NOT_PLACE_ENTS = {"DATE", "TIME", "PERSON", "ORG", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass
class _DocState:
    doc: Doc
    t2a: dict[int, int]
    memory: dict[str, list[int]] = field(default_factory=dict)  # CAMEO root -> participant actors
    agents: dict[tuple[str, str], list[int]] = field(
        default_factory=dict
    )  # (root, patient country) -> agents
    mentions: set[int] = field(default_factory=set)  # trigger tokens of bare event-noun mentions


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
    ) -> None:
        register_extensions()
        keep = list(keep_modalities)
        for mod in keep:
            if mod not in MODALITIES:
                raise ConfigError(
                    Errors.E303.format(value=mod, name="keep_modalities", expected=", ".join(MODALITIES))
                )
        self.name, self.table = name, table
        self.keep_modalities, self.keep_negated = set(keep), keep_negated
        self.min_confidence = min_confidence
        self.require_source, self.require_target = require_source, require_target
        self.one_sided_roots, self.place_target_roots = set(one_sided_roots), set(place_target_roots)

    # ------------------------------------------------------------------ driver
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("DEP"):
            doc._.warnings = [*doc._.warnings, Warnings.W105]
            return doc
        actors = doc._.actors
        # an actor with neither code nor country ("it", an unknown name) cannot be a party to an event
        usable = {
            t: a for t, a in token_to_actor(doc).items() if actors[a].get("code") or actors[a].get("country")
        }
        self._fix_lemmas(doc)
        state = _DocState(doc, usable)
        events: list[EventDict] = []
        for sid, sent in enumerate(doc.sents):
            if is_boilerplate(doc, sent.start_char, sent.end_char):
                continue
            events.extend(self._dedupe(self.code_sentence(state, sid, sent)))
        kept = [ev for ev in events if self._keep(ev)]
        doc._.events = self._drop_repeats(state, kept)
        return doc

    @staticmethod
    def _drop_repeats(state: _DocState, events: list[EventDict]) -> list[EventDict]:
        """Drop a bare event-noun mention of an event coded in an earlier sentence of the article with
        the same parties and root ("... to protest Japan's detention of the captain" after "Japan
        detained the captain"): one event, one record."""
        first: dict[tuple[Any, ...], int] = {}  # (source country, target country, root, negated) -> sentence
        out = []
        for ev in events:
            key = (
                _country(state, ev["source"]) if ev["source"] is not None else None,
                _country(state, ev["target"]) if ev["target"] is not None else None,
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
            self.require_source and ev["source"] is None
        ):
            return False
        return ev["confidence"] >= self.min_confidence

    @staticmethod
    def _dedupe(events: list[EventDict]) -> list[EventDict]:
        best: dict[tuple[Any, ...], EventDict] = {}
        # a one-sided event repeats a dyadic one of the same source and kind ("used chemical weapons
        # against civilians in Douma, killing dozens")
        dyadic = {(ev["source"], _kind(ev["cameo"])) for ev in events if ev["target"] is not None}
        for ev in events:
            if ev["target"] is None and (ev["source"], _kind(ev["cameo"])) in dyadic:
                continue
            key = (ev["source"], ev["target"], ev["cameo"][:2], ev["negated"])
            if key not in best or ev["confidence"] > best[key]["confidence"]:
                best[key] = ev
        return sorted(best.values(), key=lambda e: (e["trigger_token"], e["source"] or -1, e["target"] or -1))

    # ------------------------------------------------------------------ sentence
    def code_sentence(self, state: _DocState, sid: int, sent: Span) -> list[EventDict]:
        out: list[EventDict] = []
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                out.extend(self._verb_events(state, sid, tok))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in state.t2a:
                out.extend(self._noun_events(state, sid, tok))
        return out

    # ------------------------------------------------------------------ verbs
    def _verb_events(self, state: _DocState, sid: int, verb: Token) -> list[EventDict]:
        entry = self.table.verb(verb.lemma_)
        if entry is None:
            return []
        # A governor whose complement is coded is not an event of its own ("refused to meet").
        comp = xcomp(verb)
        if (
            comp is not None
            and entry.classes & {"intent", "refusal", "threat", "deny"}
            and not ("intent" in entry.classes and object_control(verb, comp))
            and self._codes(comp)
            and not self._consumes(verb, comp)
        ):
            return []
        # A light verb with an event-noun object: the noun carries the event.
        obj = direct_object(verb)
        if entry.classes & GOVERNING_CLASSES and obj is not None and self._event_object(obj):
            return []
        if "light" in entry.classes and verb.dep_ == "relcl" and obj is None and self.noun_entry(verb.head):
            return []  # "the airstrikes it launched": the noun carries the event
        coded = self._code_of(verb)
        if "intent" in entry.classes and not any(
            c.dep_ in ("xcomp", "ccomp", "dobj", "prep") for c in verb.children
        ):
            return []  # "attacks X is planning": no intention is stated without what is intended
        frame = clause_frame(verb, self.table)
        if frame.governor is not None and self._consumes(frame.governor, verb):
            return []  # "declined to comment": the governor's own pattern codes both words
        if frame.gclass in ("appeal", "demand"):
            return []  # "urged X to withdraw": coded as the appeal (maps.appeal), not as a withdrawal
        if self._content_of_noun(verb):
            return []
        confidence = 0.9
        fallback = False
        if coded is None:
            if "speech" in entry.classes and not self._complement_coded(verb):
                code, confidence, fallback = "010", 0.35, True
            else:
                return []
        else:
            code, pattern = coded
            if code == NO_EVENT:
                return []
            if pattern is None:
                # a bare default code: weaker evidence, weakest when it is a converted PETRARCH default
                # (its synonym lists mix senses: "break", "best", "master" default to 190)
                confidence = 0.75 if entry.default_priority > 0 else CONVERTED_DEFAULT_CONFIDENCE
        if _kind(code) == "18-20":  # "a suicide blast killed 10 people": the kind of violence is the noun's
            cause = self._violent_subject(verb)
            code = cause or code
        code, trigger = self._compose(code, frame, verb)
        comp = xcomp(verb)
        if "intent" in entry.classes and comp is not None and object_control(verb, comp):
            code, entry_classes = "020", {"appeal"}  # "wants Germany to pay" appeals to Germany
        else:
            entry_classes = entry.classes
        for cls in ("appeal", "demand"):
            if cls in entry_classes and code in ("020", "100"):
                embedded = self._embedded_code(verb)
                mapped = self._map(cls, embedded) if embedded else None
                code = mapped or code
        sources = self.subjects(state, verb)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and code[:2] in VERBAL_ROOTS:
            speaker = reporting_verb(verb, self.table)
            if speaker is not None:  # "X said Y would ..., accusing Z of ...": X accuses
                sources = self.subjects(state, speaker) or sources
        targets = self.objects(state, verb, coded[1] if coded else None)
        if code[:2] == "15" and targets and sources:
            # "Kenya deployed troops to the border with Somalia": its own troops are the means, not the target
            own = {_country(state, a) for a in sources}
            if all(_country(state, t) in own for t in targets):
                targets = self.objects(state, verb, coded[1] if coded else None, skip_direct=True)
        if fallback or entry.classes & {"experiencer", "speech", "deny"}:
            # a statement or feeling is about the other side's actors in its complement; a fallback needs one
            countries = {_country(state, a) for a in sources}
            if not targets:
                targets = [
                    t
                    for t in self._complement_actors(state, verb, sources)
                    if _country(state, t) not in countries
                ]
            if not targets and "deny" in entry.classes:  # "denied that its troops crossed into Afghanistan"
                for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")):
                    targets = [
                        t
                        for t in self._place_target(state, sid, comp, sources, code)
                        if _country(state, t) not in countries
                    ]
                    if targets:
                        break
            if fallback:
                targets = [t for t in targets if _country(state, t) not in countries]
                if not sources or not targets:
                    return []  # a statement about one's own side is not an interaction
        symmetric = verb.lemma_.lower() in self.table.symmetric
        if symmetric and not targets:
            sources = dedup(sources + self._co_participants(state, verb, sources))
        if not targets and code[:2] == "14":
            targets = self._purpose_targets(state, verb)
        if not targets and (
            code[:2] in self.place_target_roots
            or (entry_classes & {"appeal", "demand"} and direct_object(verb))
        ):
            # "struck targets in Lebanon"; "demanded an offensive in North Waziristan": asked of that country
            targets = self._place_target(state, sid, verb, sources, code)
        if sources and targets and frame.modality == "asserted" and not frame.negated:
            # who did it, for a later "the captain's detention", "his release" or "condemned the arrest"
            state.memory[code[:2]] = dedup(sources + targets) if symmetric else list(sources)
            for target in targets if not symmetric else []:
                state.agents[(code[:2], _country(state, target) or "")] = list(sources)
        return self._emit(state, sid, trigger, code, sources, targets, frame, confidence, symmetric)

    def _violent_subject(self, verb: Token) -> str | None:
        """The code of a violent event noun that is the verb's subject ("the bombing killed 12")."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                tok = verb.head if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl" else child
                entry = self.noun_entry(tok)
                if entry is not None and _kind(entry.code) == "18-20":
                    return str(entry.code)
        return None

    def _purpose_targets(self, state: _DocState, verb: Token) -> list[int]:
        """Whom a protest is aimed at, from its purpose clause: "joined the rally to condemn China's move"."""
        for child in verb.children:
            if child.dep_ in ("advcl", "xcomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):
                coded = self._code_of(child)
                if coded is not None and coded[0][:2] in ("11", "12", "14"):
                    return self.objects(state, child, coded[1])
        return []

    def _content_of_noun(self, verb: Token) -> bool:
        """Whether a clause is what a statement, appeal or accusation noun says, asks or alleges ("an
        appeal to Belgium to extradite X", "charges that Monrovia is committing genocide"): as far as the
        text says, it has not happened."""
        if verb.dep_ not in ("acl", "ccomp"):
            return False
        said = self.noun_entry(verb.head)
        return said is not None and said.code[:2] in CONTENT_NOUN_ROOTS

    def _compose(self, code: str, frame: Frame, trigger: Token) -> tuple[str, Token]:
        """Refused / threatened / promised events take the code of the act (maps in the pattern data)."""
        if frame.governor is None or frame.gclass is None:
            return code, trigger
        mapped = self._map(frame.gclass, code)
        if frame.gclass in ("refusal", "threat"):
            return mapped or ("120" if frame.gclass == "refusal" else "130"), frame.governor
        if frame.gclass == "intent" and mapped:
            return mapped, trigger
        return code, trigger

    def _map(self, cls: str, code: str) -> str | None:
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
                child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children)
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

    def _consumes(self, governor: Token, comp: Token) -> bool:
        """Whether the governor's best pattern names its complement verb ("decline to comment" -> 011)."""
        if governor.pos_ not in ("VERB", "AUX"):
            return False  # an adjective ("ready to talk") is no trigger of its own
        coded = self._code_of(governor, allow_default=False)
        if coded is None or coded[1] is None:
            return False
        words = {comp.lemma_.lower(), comp.lower_}
        return any(words & alt for term in coded[1].terms for alt in term.words)

    def _codes(self, verb: Token) -> bool:
        """Whether a verb carries an event: a code of its own or, for a light verb, an event-noun object."""
        coded = self._code_of(verb)
        if coded is not None and coded[0] != NO_EVENT:
            return True
        obj = direct_object(verb)
        return self._governs(verb) and obj is not None and self._event_object(obj)

    def _code_of(self, verb: Token, allow_default: bool = True) -> tuple[str, Pattern | None] | None:
        """The verb's best pattern (or default code), or None if the table does not code it."""
        entry = self.table.verb(verb.lemma_)
        if entry is None:
            return None
        if entry.patterns:
            words, groups = argument_bag(verb)
            for pat in entry.patterns:  # sorted: most specific first
                if matches(pat, words, groups) and pat.code:
                    return pat.code, pat
        if allow_default and entry.code and (not entry.classes or entry.default_priority > 0):
            # a verb of a curated class (say, plan, hold...) is coded by its class, not by a converted
            # default: PETRARCH's 010 for "say" or 030 for "plan" would code every "said" and every plan
            return entry.code, None
        return None

    def _complement_actors(self, state: _DocState, verb: Token, sources: list[int]) -> list[int]:
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

    # ------------------------------------------------------------------ nouns
    def noun_entry(self, tok: Token) -> Any:
        """The noun entry for ``tok`` (two-word lemmas first), honouring ``requires`` modifiers."""
        cands = []
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.dep_ in ("compound", "amod") and prev.head == tok:
            cands += self.table.nouns.get(f"{prev.lower_} {tok.lower_}", [])
            cands += self.table.nouns.get(f"{prev.lower_} {tok.lemma_.lower()}", [])
        cands += self.table.nouns.get(tok.lower_, []) or self.table.nouns.get(tok.lemma_.lower(), [])
        mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        mods |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        for cand in sorted(cands, key=lambda n: (-len(n.requires), -n.priority)):
            if all(mods & alt for alt in cand.requires):
                return cand
        return None

    def _noun_events(self, state: _DocState, sid: int, noun: Token) -> list[EventDict]:
        entry = self.noun_entry(noun)
        if entry is None:
            return []
        if self._appealed(noun):
            return []  # "called for the release of X": coded as the appeal
        governor = self._light_governor(noun)
        light = governor is not None
        head = governor if governor is not None else noun.head
        negated_noun = any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children)
        code, trigger = entry.code, noun
        if light:
            if self._content_of_noun(head):
                return []
            frame = clause_frame(head, self.table)
            if frame.gclass in ("appeal", "demand"):
                return []  # "urged X to reach an agreement": coded as the appeal
            entry_head = self.table.verb(head.lemma_)
            for cls in ("refusal", "threat", "intent"):
                if entry_head is not None and cls in entry_head.classes:
                    # "refused talks", "threatened sanctions", "plans attacks": the verb governs the noun
                    frame.governor, frame.gclass = head, cls
                    if cls == "intent" and RANK[frame.modality] < RANK["intended"]:
                        frame.modality = "intended"
                    break
            sources = self.subjects(state, head)
            noun_sources, noun_targets = self.noun_roles(state, noun)
            targets = noun_targets or self._prep_actors(state, head)
            if frame.gclass == "refusal" and noun_sources:
                targets = noun_sources  # "rejected China's demand": China is the target
            if entry.symmetric and not targets:
                sources = dedup(sources + self._co_participants(state, head, sources))
            if not targets and entry.code[:2] == "14":
                targets = self._purpose_targets(state, head)
            if not targets and entry.code[:2] in self.place_target_roots:
                targets = self._place_target(state, sid, noun, sources, entry.code) or self._place_target(
                    state, sid, head, sources, entry.code
                )
            confidence = 0.8
            trigger_frame = frame
            code, trigger = self._compose(code, frame, noun)
        else:
            trigger_frame = Frame(modality="asserted")
            sources, targets = self.noun_roles(state, noun)
            confidence = 0.6
            state.mentions.add(noun.i)
            clause = head.head
            if (
                not sources
                and noun.dep_ == "pobj"
                and head.lower_ in ADJUNCT_PREPS
                and clause.pos_ in ("VERB", "AUX")
            ):
                # "During a trip to Hanoi, Harris said ...": the clause's subject made the trip
                sources = self.subjects(state, clause)
                trigger_frame = clause_frame(clause, self.table)
            if not sources or (not targets and not entry.symmetric and self.require_target):
                return []  # a bare mention ("the Russian invasion") is an event only with both parties
        trigger_frame.negated = trigger_frame.negated or negated_noun
        symmetric = entry.symmetric
        events = self._emit(state, sid, trigger, code, sources, targets, trigger_frame, confidence, symmetric)
        # what a later "the talks" / "the detention" refers to: a symmetric event's parties, else its agent
        participants = dedup(sources + targets) if entry.symmetric else dedup(sources or targets)
        if len(participants) >= len(state.memory.get(entry.code[:2], [])):
            state.memory[entry.code[:2]] = participants
        if sources and not entry.symmetric:
            for target in targets:
                state.agents[(entry.code[:2], _country(state, target) or "")] = list(sources)
        return events

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
            entry is not None and bool(entry.classes & {"appeal", "demand"}) and head.pos_ in ("VERB", "AUX")
        )

    def _governs(self, verb: Token) -> bool:
        """Whether an event-noun object carries the verb's event: light, intent, refusal or threat verbs."""
        entry = self.table.verb(verb.lemma_)
        return entry is not None and bool(entry.classes & GOVERNING_CLASSES)

    def _between(self, state: _DocState, noun: Token) -> list[int]:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("between", "among"):
                return dedup(a for pobj in pobjs(child) for a in self.actors_of(state, pobj))
        return []

    # ------------------------------------------------------------------ arguments
    def actors_of(self, state: _DocState, tok: Token, depth: int = 0, memory: bool = True) -> list[int]:
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
            entry = self.noun_entry(t) if depth < 3 else None
            if entry is not None:
                sources, targets = self.noun_roles(state, t, depth + 1)
                agents = dedup(
                    a
                    for p in targets
                    for a in state.agents.get((entry.code[:2], _country(state, p) or ""), [])
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

    def _owner_actors(self, state: _DocState, tok: Token) -> list[int]:
        """Actors that own or qualify a noun: "China's ministry", "US officials", "Chinese jets"."""
        found = []
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") and child.i in state.t2a:
                found.append(state.t2a[child.i])
                found += [state.t2a[c.i] for c in conjuncts(child) if c.i in state.t2a]
            elif child.dep_ == "prep" and child.lower_ in ("of", "from", "by", "including"):
                found += [state.t2a[p.i] for p in pobjs(child) if p.i in state.t2a]
        return dedup(found)

    def noun_roles(self, state: _DocState, noun: Token, depth: int = 0) -> tuple[list[int], list[int]]:
        """(sources, targets) of an event noun from its modifiers and prepositional phrases.

        Possessives, actor adjectives/compounds and "by" give the agent ("China's attack", "US
        sanctions"); "of" gives the agent unless the noun says otherwise (``of: target``: "the arrest
        of X") or another agent is present; target prepositions ("on", "against", "with", ...) give
        targets; "between A and B" gives both. A lone possessive of a ``possessive: target`` noun is
        the target ("Tsvangirai's arrest").
        """
        entry = self.noun_entry(noun)
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

    def _event_participants(self, state: _DocState, tok: Token, depth: int) -> list[int]:
        """Participants of an event noun with no actor of its own: its own "of" object, else memory."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in pobjs(child):
                    found = self.actors_of(state, pobj, depth + 1)
                    if found:
                        return found
        entry = self.noun_entry(tok)
        if entry is not None:
            return list(state.memory.get(entry.code[:2], []))
        return []

    def _co_participants(self, state: _DocState, verb: Token, sources: list[int]) -> list[int]:
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

    def _antecedent(self, state: _DocState, verb: Token) -> list[int]:
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

    def subjects(self, state: _DocState, verb: Token) -> list[int]:
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
                        if self.noun_entry(pobj) is not None:
                            found = self.noun_roles(state, pobj)[0]
                            if found:
                                return found
        for child in verb.children:
            if child.dep_ in SUBJ:
                if child.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                    return self.actors_of(state, verb.head, memory=False)
                found = self.actors_of(state, child, memory=False)
                if not found and child.lower_ in PRONOUNS:
                    found = self._antecedent(state, verb)
                return found
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                # "the US is concerned": the experiencer of a feeling is its source
                if self.table.has_class(verb.lemma_, "experiencer"):
                    found = self.actors_of(state, child, memory=False)
                    if not found and child.lower_ in PRONOUNS:
                        found = self._antecedent(state, verb)
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
                        found = self._antecedent(state, head)
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
        self, state: _DocState, verb: Token, pattern: Pattern | None, skip_direct: bool = False
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
            if asks and child.dep_ == "dobj" and self._patient_noun(child):
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
        if obj is not None and not (asks and self._patient_noun(obj)):
            preps += [c for c in obj.children if c.dep_ == "prep"]
        for prt in [c for c in verb.children if c.dep_ == "prt"]:
            preps += [c for c in prt.children if c.dep_ == "prep"]
        order = {p: i for i, p in enumerate(wanted + list(TARGET_PREPS))}
        for prep in sorted(preps, key=lambda p: order.get(p.lower_, 99)):
            if prep.lower_ not in order:
                continue
            if appeal and prep.lower_ == "for" and any(self._patient_noun(p) for p in pobjs(prep)):
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
            if child.dep_ in obj_deps and self.noun_entry(child) is None and not skip_direct:
                found = dedup(state.t2a[t.i] for t in phrase_tokens(child) if t.i in state.t2a)
                if found:  # the first actor and those coordinated with it
                    first = state.doc[state.doc._.actors[found[0]]["head"]]
                    return self.actors_of(state, first, memory=False) or found[:1]
        for child in verb.children:  # last: an event noun object resolved from the article
            if child.dep_ in obj_deps and not skip_direct and not (asks and self._patient_noun(child)):
                found = self.actors_of(state, child)
                if found:
                    return found
        return []

    def _place_target(
        self, state: _DocState, sid: int, trigger: Token, sources: list[int], code: str
    ) -> list[int]:
        """The country attacked or threatened, from where a material event happened: "struck targets in
        southern Lebanon", "shelled the Ukrainian city of Kharkiv", "deployed warships near Taiwan".

        The place is looked for in the trigger's object and locating phrases (not in embedded clauses);
        the country becomes a new actor mention (kind "place"). A show of force on one's own soil (root
        15) has no target.
        """
        doc = state.doc
        for child in trigger.children:  # "its positions had been attacked": the owner, from the clause above
            if child.dep_ in ("dobj", "nsubjpass") and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their") for c in child.children
            ):
                owners = [a for a in self._antecedent(state, trigger) if a not in sources]
                if owners:
                    return owners
        stack = [
            c
            for c in trigger.children
            if c.dep_ in ("dobj", "prep") and (c.dep_ != "prep" or c.lower_ in PLACE_PREPS)
        ]
        own = {_country(state, a) for a in sources}
        while stack:
            tok = stack.pop(0)
            border = (
                tok.lower_ == "with" and tok.head.lemma_.lower() in BORDER_NOUNS
            )  # "its border with Finland"
            if tok.dep_ in CLAUSE_DEPS or (
                tok.dep_ == "prep" and tok.lower_ not in PLACE_PREPS | {"of"} and not border
            ):
                continue
            found = self._place_country(state, tok)
            if found is not None:
                iso3, start, end = found
                if code[:2] == "15" and iso3 in own:
                    return []
                if tok.i in state.t2a:
                    return [state.t2a[tok.i]]
                return [self._place_actor(state, sid, iso3, doc[start:end])]
            stack.extend(tok.children)
        return []

    @staticmethod
    def _place_country(state: _DocState, tok: Token) -> tuple[str, int, int] | None:
        """(ISO3, token span) of a place name or nationality adjective, or None."""
        if tok.i in state.t2a:
            country = _country(state, state.t2a[tok.i])
            kind = state.doc._.actors[state.t2a[tok.i]].get("kind")
            return (
                (country, tok.i, tok.i + 1) if country and kind in ("country", "capital", "place") else None
            )
        if tok.ent_type_ in NOT_PLACE_ENTS:
            return None
        if tok.dep_ in ("amod", "compound") and (tok.ent_type_ == "NORP" or tok.pos_ == "ADJ"):
            iso3 = demonyms().get(normalise(tok.text))
            return (iso3, tok.i, tok.i + 1) if iso3 else None
        if tok.pos_ != "PROPN" or tok.dep_ == "compound":
            return None
        start = tok.i
        while (
            start > 0
            and tok.doc[start - 1].pos_ == "PROPN"
            and tok.doc[start - 1].head.i in range(start, tok.i + 1)
        ):
            start -= 1
        for s in range(start, tok.i + 1):  # "North Waziristan", then "Waziristan"
            place = gazetteer().resolve(tok.doc[s : tok.i + 1].text)
            if place is not None and place.country:
                return place.country, s, tok.i + 1
        return None

    @staticmethod
    def _place_actor(state: _DocState, sid: int, iso3: str, span: Span) -> int:
        """Add the country of a place as an actor mention of its own and return its index."""
        actors = list(state.doc._.actors)
        for i, a in enumerate(actors):
            if a["token_start"] == span.start and a["token_end"] == span.end and a.get("country") == iso3:
                return i
        actors.append(
            {
                "text": span.text,
                "start": span.start_char,
                "end": span.end_char,
                "token_start": span.start,
                "token_end": span.end,
                "head": span.root.i,
                "sentence_id": sid,
                "code": iso3,
                "country": iso3,
                "sector": None,
                "name": None,
                "kind": "place",
            }
        )
        state.doc._.actors = actors
        return len(actors) - 1

    def _patient_noun(self, tok: Token) -> bool:
        """An event noun whose own actor undergoes it ("the release of X", "X's arrest")."""
        entry = self.noun_entry(tok)
        return entry is not None and "target" in (entry.of_role, entry.poss_role)

    def _holders(self, state: _DocState, noun: Token) -> list[int]:
        """Who holds the people whose release (root 08) an event noun asks for: the agent of an earlier
        arrest or seizure (root 17) of someone of their country."""
        entry = self.noun_entry(noun)
        if entry is None or entry.code[:2] != "08":
            return []
        patients = self.noun_roles(state, noun)[1]
        return dedup(a for p in patients for a in state.agents.get(("17", _country(state, p) or ""), []))

    def _prep_actors(self, state: _DocState, tok: Token) -> list[int]:
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

    # ------------------------------------------------------------------ modality
    def _emit(
        self,
        state: _DocState,
        sid: int,
        trigger: Token,
        code: str,
        sources: list[int],
        targets: list[int],
        frame: Frame,
        confidence: float,
        symmetric: bool,
    ) -> list[EventDict]:
        actors = state.doc._.actors
        pairs: list[tuple[int | None, int | None]] = []
        if symmetric and len(sources) > 1 and not targets:
            pairs = [(a, b) for a in sources for b in sources if a != b]
        elif sources and targets:
            pairs = [(s, t) for s in sources for t in targets]
        elif sources:
            pairs = [(s, None) for s in sources]
        elif targets:
            pairs = [(None, t) for t in targets]
        out: list[EventDict] = []
        for src, tgt in pairs:
            if _same_actor(actors, src, tgt) or _same_phrase(state.doc, actors, src, tgt):
                continue
            conf = confidence * (1.0 if src is not None and tgt is not None else ONE_SIDED_FACTOR)
            warnings: list[str] = []
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
        return out


# ---------------------------------------------------------------------- parse helpers
def _country(state: _DocState, actor: int) -> str | None:
    a = state.doc._.actors[actor]
    return a.get("country") or (a.get("code") or "")[:3] or None


def _kind(code: str) -> str:
    """The root, with the violent roots 18-20 as one kind (a killing in an attack is the same event)."""
    return "18-20" if code[:2] in ("18", "19", "20") else code[:2]


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


def _same_actor(actors: list[Any], src: int | None, tgt: int | None) -> bool:
    if src is None or tgt is None:
        return False
    if "place" in (actors[src].get("kind"), actors[tgt].get("kind")):
        return src == tgt  # a country as the place of an event is not the same actor as its people
    return src == tgt or bool(actors[src].get("code") and actors[src].get("code") == actors[tgt].get("code"))


@Language.factory(
    "eventcoder_events",
    assigns=["doc._.events"],
    requires=["doc._.actors", "token.dep", "token.lemma"],
    default_config={
        "patterns": "builtin",
        "user_patterns": [],
        "keep_modalities": list(KEPT_BY_DEFAULT),
        "keep_negated": True,
        "min_confidence": 0.0,
        "require_source": True,
        "require_target": True,
        "one_sided_roots": list(ONE_SIDED_ROOTS),
        "place_target_roots": list(PLACE_TARGET_ROOTS),
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
) -> EventCoder:
    """Build the event coder from the packaged patterns ("builtin") plus the user's pattern files."""
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
    )
