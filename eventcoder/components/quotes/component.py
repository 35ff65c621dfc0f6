"""eventcoder_quotes: direct and indirect quotations, their speakers, and the events said inside them.

Rules (documented in the README, "Quotes"):

- Quotation marks are paired on characters, paragraph by paragraph (``components.quotes.marks``); an
  unbalanced mark puts ``Warnings.W102`` on the Doc. Speech verbs and how they attach in the parse live in
  ``eventcoder.components.quotes.speech``.
- A quoted span is direct speech when a speech verb attributes it (after it: "“...,” X told AFP",
  "“...,” warned spokesman Y"; before it: "X said: “...”", "adding “...”"; or a speech verb governs it:
  "X was quoted as saying", "according to X"), or when it continues the quotes of the previous speaker
  (a later quote in the same paragraph, or a paragraph that opens with a quote). A whole quoted sentence
  with no attribution is direct speech with no speaker. A quoted fragment ("a “serious impact”") with no
  speech verb governing it is a scare quote or a name, not speech, and is skipped.
- Indirect speech: a speech verb with a clausal complement ("X said (that) CLAUSE", "CLAUSE, added X")
  outside direct quotes gives a quote of kind ``indirect`` whose text is the clause.
- Speaker: the speech verb's subject (inverted subjects and "quoted as saying" included), shown as the
  person's name when the subject phrase holds one; "he"/"she"/"it"/"they" resolve to the latest fitting
  earlier speaker or named subject of the paragraph, and stay unresolved (name and code None) otherwise.
  ``code``/``name`` come from ``doc._.actors`` when an actor mention covers the speaker.
- Events whose trigger lies inside a quote get ``event["quote"]`` (the innermost quote) and modality
  ``reported``, unless already future, intended or hypothetical (those say more and are kept).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.components.extensions import (
    QuoteDict,
    SpeakerDict,
    doc_text,
    is_boilerplate,
    register_extensions,
    token_to_actor,
)
from eventcoder.components.quotes.marks import (
    CLOSING,
    OPENING,
    Marked,
    find_quotations,
    paragraphs,
    rstrip_offset,
)
from eventcoder.components.quotes.speech import (
    According,
    SpeechVerbs,
    according_to,
    clause_span,
    governs,
    load_speech_verbs,
    quoted_as_saying,
    reported_clause,
    speech_subject,
)
from eventcoder.errors import Warnings

__all__ = [
    "QuoteFinder",
    "find_quotations",
    "load_speech_verbs",
    "make_quotes",
]

PRONOUNS = {"he", "she", "they", "it"}
PERSONAL = {"he", "she"}
KEEP_MODALITIES = {"future", "intended", "hypothetical"}
_SENT_END = {".", "!", "?"}
# --- quotation marks -------------------------------------------------------------------------------


# --- the component ---------------------------------------------------------------------------------


@Language.factory(
    "eventcoder_quotes",
    # doc._.events: an event said inside a quote gets the quote's index and modality "reported"
    assigns=["doc._.quotes", "doc._.events", "doc._.warnings"],
    requires=[
        "doc._.actors",
        "doc._.events",
        "doc._.boilerplate",
        "doc._.dateline",
        "doc.ents",
        "token.dep",
        "token.head",
        "token.lemma",
    ],
    default_config={"speech_verbs": None, "skip_boilerplate": True},
)
def make_quotes(nlp: Language, name: str, speech_verbs: str | None, skip_boilerplate: bool) -> QuoteFinder:
    """Build the quote component; ``speech_verbs`` is a path to a YAML file like the packaged one."""
    return QuoteFinder(name, verbs=load_speech_verbs(speech_verbs), skip_boilerplate=skip_boilerplate)


@dataclass
class _Speaker:
    dict: SpeakerDict
    person: bool


@dataclass
class _State:
    doc: Doc
    actor_of: dict[int, int]
    paragraphs: list[tuple[int, int]]
    quoted: list[tuple[int, int]]  # every quoted span, speech or not
    persons: list[Span] = field(default_factory=list)
    text: str = ""  # doc.text, which spaCy rebuilds on every access
    history: list[_Speaker] = field(default_factory=list)  # speakers so far, for "he told the paper"
    starts: list[int] = field(default_factory=list)  # every token's char offset, for bisect
    person_nouns: frozenset[str] = frozenset()


class QuoteFinder:
    """Find direct and indirect quotations and their speakers; mark the events said inside them."""

    def __init__(self, name: str, *, verbs: SpeechVerbs, skip_boilerplate: bool = True) -> None:
        register_extensions()
        self.name, self.verbs, self.skip_boilerplate = name, verbs, skip_boilerplate

    def __call__(self, doc: Doc) -> Doc:
        quotes, unbalanced = self.find(doc)
        if unbalanced:
            doc._.warnings = [*doc._.warnings, Warnings.W102]
        doc._.quotes = quotes
        mark_events(doc, quotes)
        return doc

    def find(self, doc: Doc) -> tuple[list[QuoteDict], bool]:
        """The Doc's quotations with their speakers (in text order) and whether a mark was unbalanced;
        assigns nothing (eventcoder_actors also asks who speaks inside a quote)."""
        text = doc_text(doc)
        marked, unbalanced = find_quotations(text)
        if self.skip_boilerplate:
            marked = [m for m in marked if not is_boilerplate(doc, m.start, m.end)]
        paras = paragraphs(text)
        state = _State(
            doc,
            token_to_actor(doc),
            paras,
            [(m.start, m.end) for m in marked],
            persons=[e for e in doc.ents if e.label_ == "PERSON"],
            starts=[t.idx for t in doc],
            text=text,
            person_nouns=self.verbs.person_nouns,
        )
        indirect = {q["start"]: q for q in self._indirect(doc, marked, paras)}
        # walk direct quotes and indirect speech in text order so that pronouns see the previous speaker
        items: list[tuple[int, Marked | None, QuoteDict | None]] = [(m.open_mark, m, None) for m in marked]
        items += [(q["start"], None, q) for q in indirect.values()]
        quotes: list[QuoteDict] = []
        by_paragraph: dict[int, QuoteDict] = {}  # the last quote (with its speaker) per paragraph
        for _, mark, pending in sorted(items, key=lambda item: item[0]):
            if pending is not None:
                quotes.append(self._finish_indirect(pending, state))
                para = next(i for i, (s, e) in enumerate(paras) if s <= pending["start"] < e)
                by_paragraph[para] = quotes[-1]
                continue
            assert mark is not None  # noqa: S101 - one of the two is set by construction
            quote = self._direct(doc, mark, paras, state, by_paragraph)
            if quote is not None:
                quotes.append(quote)
                for p in range(mark.paragraph, mark.end_paragraph + 1):
                    by_paragraph[p] = quote
        dateline = doc._.dateline
        if dateline:
            quotes = [q for q in (_after_dateline(q, dateline["end"], text) for q in quotes) if q is not None]
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        return quotes, unbalanced

    # direct quotations

    def _direct(
        self,
        doc: Doc,
        mark: Marked,
        paras: list[tuple[int, int]],
        state: _State,
        by_paragraph: dict[int, QuoteDict],
    ) -> QuoteDict | None:
        if mark.close_mark is None:
            self._close_before_attribution(doc, mark, state)
        inside = _tokens(doc, state.starts, mark.start, mark.end)
        clause = _is_clause(inside)
        speaker: _Speaker | None = None
        verb = self._attribution(doc, mark, paras, inside, clause, state)
        if verb is not None:
            speaker = self._speaker_of(verb, state)
        else:
            # the quotes of a paragraph, and a quote opening the next one, continue the last speaker
            previous = by_paragraph.get(mark.paragraph)
            opens_paragraph = state.text[paras[mark.paragraph][0] : mark.open_mark].strip() == ""
            if previous is None and opens_paragraph:
                previous = by_paragraph.get(mark.paragraph - 1)
            if previous is not None and (
                previous["speaker"] is None
                or (not clause and (previous["kind"] != "direct" or opens_paragraph))
            ):
                previous = None  # fragments continue only a direct quote of their own paragraph
            if previous is not None:
                speaker_dict = previous["speaker"]
                copied = speaker_dict.copy() if speaker_dict else None  # plain values, never shared
                return _quote("direct", state.text, mark.start, mark.end, copied)
            if not clause:
                return None  # a scare quote or a name, not speech
        return _quote("direct", state.text, mark.start, mark.end, speaker.dict.copy() if speaker else None)

    def _close_before_attribution(self, doc: Doc, mark: Marked, state: _State) -> None:
        """End an unclosed quote before a short trailing attribution ("“We will win, he said.")."""
        tokens = _tokens(doc, state.starts, mark.start, mark.end)
        for n in range(len(tokens) - 2, max(0, len(tokens) - 12), -1):
            if tokens[n].text == "," and any(self._is_speech(t) for t in tokens[n + 1 :]):
                mark.end = tokens[n].idx
                return

    def _attribution(
        self,
        doc: Doc,
        mark: Marked,
        paras: list[tuple[int, int]],
        inside: list[Token],
        clause: bool,
        state: _State,
    ) -> Token | According | None:
        """The speech verb (or "according to") that attributes a quoted span, if any."""
        p_start = paras[mark.paragraph][0]
        p_end = paras[mark.end_paragraph][1]
        close = mark.close_mark + 1 if mark.close_mark is not None else mark.end
        after = _window_after(doc, state.starts, close, p_end)
        before = _window_before(doc, state.starts, p_start, mark.open_mark)
        after_verb = next((t for t in after[:25] if self._is_speech(t)), None)
        before_verb = next((t for t in reversed(before) if self._is_speech(t)), None)
        inside_set = {t.i for t in inside}
        if not clause:  # a fragment is speech only when a speech verb governs it (or it governs the verb)
            if after_verb is not None and not governs(after_verb, inside_set):
                after_verb = None
            if before_verb is not None and not governs(before_verb, inside_set):
                before_verb = None
        trailing = state.text[mark.start : mark.end].rstrip()[-1:]
        if after_verb is not None and (trailing in {",", "?", "!", "—", "-"} or before_verb is None):
            return after_verb
        return before_verb if before_verb is not None else after_verb

    def _is_speech(self, token: Token | According) -> bool:
        if isinstance(token, According):
            return True
        lemma = token.lemma_.lower()
        if lemma in self.verbs.report:
            return any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children) or quoted_as_saying(token)
        if token.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in token.children):
            return False  # a participle modifier: "a meeting called “two-plus-two”" names, it does not quote
        return lemma in self.verbs.direct and token.pos_ in {"VERB", "AUX"}

    # indirect speech

    def _indirect(self, doc: Doc, marked: list[Marked], paras: list[tuple[int, int]]) -> Iterator[QuoteDict]:
        direct = [(m.start, m.end) for m in marked]
        edges = [
            (m.open_mark, m.start, m.end, m.close_mark if m.close_mark is not None else m.end) for m in marked
        ]
        reporting = self.verbs.indirect | self.verbs.report
        text = doc_text(doc)
        for token in doc:
            according = according_to(token)
            if according is None and (
                token.lemma_.lower() not in reporting or token.pos_ not in {"VERB", "AUX"}
            ):
                continue
            if _inside_any(token.idx, direct) or any(c.dep_ == "neg" for c in token.children):
                continue
            para = next(((s, e) for s, e in paras if s <= token.idx < e), (0, len(text)))
            if according is not None:  # "According to X, CLAUSE" / "CLAUSE, according to X"
                head = token.head
                clause = head if head.pos_ in {"VERB", "AUX"} and para[0] <= head.idx < para[1] else None
            else:
                clause = reported_clause(token, para)
            if clause is None:
                continue
            span = clause_span(doc, clause, token, para, edges)
            if span is None:
                continue
            start, end = span
            outside = [text[start:end]]
            for open_mark, _, _, close_mark in edges:
                if start <= open_mark and close_mark < end:
                    outside = [
                        part for piece in outside for part in piece.split(text[open_mark : close_mark + 1])
                    ]
            if sum(len(re.findall(r"[^\W\d_]+", part)) for part in outside) < 2:
                continue  # the complement is a direct quotation, already recorded
            yield {
                "kind": "indirect",
                "text": text[start:end],
                "start": start,
                "end": end,
                "speaker": None,
                "_verb": token.i,  # type: ignore[typeddict-unknown-key]
            }

    def _finish_indirect(self, pending: QuoteDict, state: _State) -> QuoteDict:
        verb = state.doc[pending.pop("_verb")]  # type: ignore[typeddict-item]
        speaker = self._speaker_of(according_to(verb) or verb, state)
        pending["speaker"] = speaker.dict.copy() if speaker else None
        return pending

    # speakers

    def _speaker_of(self, verb: Token | According, state: _State) -> _Speaker | None:
        subject = verb.pobj if isinstance(verb, According) else speech_subject(verb, self.verbs)
        if subject is None:
            return None
        if subject.lower_ in PRONOUNS and subject.pos_ == "PRON":
            return self._pronoun(subject, state)
        speaker = _named(subject, state)
        state.history.append(speaker)
        return speaker

    def _pronoun(self, pronoun: Token, state: _State) -> _Speaker:
        """Resolve "he"/"she"/"it"/"they" to the latest fitting previous speaker or subject of its paragraph.

        Candidates are the speakers before it (any paragraph) and the named subjects earlier in its own
        paragraph ("Kishida condemned the launch. “...,” he told reporters"); with none, it stays unresolved.
        """
        want = pronoun.lower_
        found: _Speaker | None = None
        for speaker in reversed(state.history):
            if speaker.dict["start"] < pronoun.idx and _compatible(want, speaker):
                found = speaker
                break
        para = next(((s, e) for s, e in state.paragraphs if s <= pronoun.idx < e), (0, 0))
        start = found.dict["start"] if found is not None else para[0]
        for token in state.doc[_token_at(state.doc, state.starts, max(start, para[0])) : pronoun.i]:
            if (
                token.dep_ not in {"nsubj", "nsubjpass"}
                or token.pos_ == "PRON"
                or _inside_any(token.idx, state.quoted)
            ):
                continue
            if (
                token.head.dep_ not in {"ROOT", "conj", "relcl"}
                and token.head.lemma_.lower() not in self.verbs.direct
            ):
                continue  # main-clause subjects and speakers: not "reports that an offensive is underway"
            hearing = self.verbs.direct - self.verbs.report
            if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in hearing:
                continue  # "China was told that ...": the hearer, not a speaker "it" may stand for
            plural = token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children)
            if want == "they" and not plural:
                continue
            candidate = _named(token, state)
            if _compatible(want, candidate) and (want != "it" or _organisation(token, state)):
                found = candidate
        start, end = pronoun.idx, pronoun.idx + len(pronoun)
        if found is None:
            unresolved: SpeakerDict = {
                "text": pronoun.text,
                "name": None,
                "code": None,
                "start": start,
                "end": end,
            }
            return _Speaker(unresolved, want in PERSONAL)
        # the pronoun is the evidence; the name is the antecedent's name, or its words when it has none
        resolved: SpeakerDict = {
            "text": pronoun.text,
            "name": found.dict["name"] or found.dict["text"],
            "code": found.dict["code"],
            "start": start,
            "end": end,
        }
        state.history.append(_Speaker({**found.dict, "start": start, "end": end}, found.person))
        return _Speaker(resolved, found.person)


# --- helpers ---------------------------------------------------------------------------------------


def _named(subject: Token, state: _State) -> _Speaker:
    """The speaker named by a (non-pronoun) subject token; code and name from an actor mention covering it."""
    span, person = _speaker_span(state.doc, subject, state)
    actor = _actor_for(span, subject, state)
    actor_name = actor.get("name") if actor else None
    if person:
        name: str | None = _full_name(span, state.persons)
        if actor_name and actor and actor.get("kind") == "person" and len(actor_name) > len(name or ""):
            name = actor_name
    elif actor is not None:
        name, person = actor_name, actor.get("kind") == "person"
    else:
        name = None
        if all(t.pos_ == "PROPN" for t in span):
            full = _full_name(span, state.persons)  # "Varga" (tagged ORG) -> "Tomas Varga" (PERSON) earlier
            if full != span.text:
                name, person = full, True
    if subject.tag_ == "NN" and subject.lemma_.lower() in state.person_nouns:
        person = True  # "a spokesman for CARE International": a later "he" may be this speaker
    return _Speaker(
        {
            "text": span.text,
            "name": name,
            "code": actor.get("code") if actor else None,
            "start": span.start_char,
            "end": span.end_char,
        },
        person,
    )


def _compatible(pronoun: str, speaker: _Speaker) -> bool:
    if pronoun in PERSONAL:
        return speaker.person
    if pronoun == "it":
        return not speaker.person
    return True


def _organisation(token: Token, state: _State) -> bool:
    """Whether a subject names an organisation or country (an antecedent for "it")."""
    if token.i in state.actor_of:
        return True
    chunk = [t for t in token.subtree if t.i <= token.i]
    return any(t.ent_type_ in {"ORG", "GPE", "NORP"} for t in chunk)


def _token_at(doc: Doc, starts: list[int], offset: int) -> int:
    """Index of the first token starting at or after char ``offset`` (``starts``: every token's idx)."""
    return bisect_left(starts, offset)


def _tokens(doc: Doc, starts: list[int], start: int, end: int) -> list[Token]:
    found = []
    for i in range(_token_at(doc, starts, start), len(doc)):
        token = doc[i]
        if token.idx + len(token) > end:
            break
        found.append(token)
    return found


def _is_clause(tokens: list[Token]) -> bool:
    """Whether quoted tokens form a clause or sentence rather than a fragment ("a “serious impact”")."""
    words = [t for t in tokens if t.is_alpha or t.like_num]
    if len(words) < 3:
        return False
    has_verb = any(t.pos_ in {"VERB", "AUX"} and t.tag_ not in {"VBG", "VBN"} for t in tokens) or any(
        t.dep_ == "ROOT" for t in tokens
    )
    return words[0].text[:1].isupper() and has_verb


def _window_after(doc: Doc, starts: list[int], start: int, end: int) -> list[Token | According]:
    """Tokens after a closing mark up to the clause end (sentence punctuation or the next quote)."""
    window: list[Token | According] = []
    for token in doc[_token_at(doc, starts, start) :]:
        if token.idx >= end or token.text[:1] in OPENING or token.text in CLOSING:
            break
        if token.text in _SENT_END and window:
            break
        window.append(according_to(token) or token)
    return window


def _window_before(doc: Doc, starts: list[int], start: int, end: int) -> list[Token | According]:
    """Tokens from the clause start (sentence end, a closing mark, the paragraph start) to an opening mark."""
    window: list[Token | According] = []
    for token in doc[_token_at(doc, starts, start) :]:
        if token.idx >= end:
            break
        if token.text in _SENT_END or token.text in CLOSING or token.text[:1] in OPENING:
            window = []
            continue
        window.append(according_to(token) or token)
    return window


def _speaker_span(doc: Doc, subject: Token, state: _State) -> tuple[Span, bool]:
    """The words naming the speaker, and whether the speaker is a person.

    A person's name when the subject is one or has one in apposition ("Norway's ambassador, Mona Juul"),
    else the subject's phrase up to a comma or a clause ("Iran's envoy to the agency", "Taipei and
    Washington", "a confidential report by the IAEA").
    """
    for ent in state.persons:
        if ent.start <= subject.i < ent.end:
            return ent, True
    persons = [  # "a student who gave her name, Thandar" but not "Nawaz Sharif's government"
        e
        for e in state.persons
        if subject.left_edge.i <= e.start and e.end <= subject.right_edge.i + 1 and e.root.dep_ == "appos"
    ]
    if persons and subject.dep_ != "pobj":
        return persons[0], True
    if subject.lemma_.lower() in state.person_nouns:  # "The minister, Ana Costa, said" (NER missed the name)
        for child in subject.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > subject.i:
                first = min(t.i for t in child.subtree if t.dep_ in {"compound", "flat"} or t.i == child.i)
                return doc[first : child.i + 1], True
    cut = {
        t.i for d in subject.subtree if d.dep_ in {"relcl", "acl", "advcl", "parataxis"} for t in d.subtree
    }
    start, end = subject.left_edge.i, subject.i + 1
    while end <= subject.right_edge.i and end not in cut and doc[end].text not in {",", ";", "(", "—"}:
        end += 1
    while start < subject.i and (start in cut or doc[start].is_punct or "\n" in doc[start : subject.i].text):
        start += 1  # not past a paragraph break: the parser's sentences may run across paragraphs
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    return doc[start:end], False


def _actor_for(span: Span, subject: Token, state: _State) -> dict[str, Any] | None:
    """The actor mention of a speaker: the one covering the subject, unless another in the span has a code."""
    actors = state.doc._.actors
    index = state.actor_of.get(subject.i)
    if index is None or actors[index].get("code") is None:
        coded = (
            state.actor_of[t.i] for t in span if t.i in state.actor_of and actors[state.actor_of[t.i]]["code"]
        )
        index = next(coded, index)
    if index is None:
        index = next((state.actor_of[t.i] for t in span if t.i in state.actor_of), None)
    if index is None:
        return None
    actor: dict[str, Any] = actors[index]
    return actor


def _full_name(span: Span, persons: Iterable[Span]) -> str:
    """The longest PERSON name in the article containing ``span``'s words ("Sato" -> "Masahisa Sato")."""
    words = span.text.split()
    best = span.text
    for person in persons:
        names = [n.split("-", 1)[1] if n[:3].lower() in {"al-", "el-"} else n for n in person.text.split()]
        if len(names) > len(best.split()) and any(
            names[i : i + len(words)] == words for i in range(len(names) - len(words) + 1)
        ):
            best = person.text
    return best


def _inside_any(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, not overlapping)."""
    i = bisect_right(spans, (offset, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _after_dateline(quote: QuoteDict, end: int, text: str) -> QuoteDict | None:
    """The quote without the dateline ("KYIV (Reuters) -"): neither its text nor its speaker starts there."""
    speaker = quote["speaker"]
    if speaker is not None and speaker["start"] < end:
        if speaker["end"] <= end:
            quote["speaker"] = None  # the agency or city of the dateline is nobody's voice
        else:
            start = end
            while start < speaker["end"] and not text[start].isalnum():
                start += 1
            speaker["start"], speaker["text"] = start, text[start : speaker["end"]]
    if quote["start"] < end:
        if quote["end"] <= end:
            return None
        clipped = _quote(quote["kind"], text, end, quote["end"], quote["speaker"])
        while clipped["start"] < clipped["end"] and not (
            text[clipped["start"]].isalnum() or text[clipped["start"]] in OPENING
        ):
            clipped["start"] += 1
        clipped["text"] = text[clipped["start"] : clipped["end"]]
        return clipped
    return quote


def _quote(kind: str, text: str, start: int, end: int, speaker: SpeakerDict | None) -> QuoteDict:
    # trim spaces, and the comma that "“...,” he said" puts at the end of a quote
    while start < end and text[start].isspace():
        start += 1
    end = rstrip_offset(text, start, end)
    if kind == "direct" and end > start and text[end - 1] == ",":
        end = rstrip_offset(text, start, end - 1)
    return {"kind": kind, "text": text[start:end], "start": start, "end": end, "speaker": speaker}


def mark_events(doc: Doc, quotes: list[QuoteDict]) -> None:
    """Link every event whose trigger lies inside a quote to it (innermost) and make it ``reported``."""
    for event in doc._.events:
        trigger = event.get("trigger")
        if not trigger:
            continue
        inside = [
            (q["end"] - q["start"], i)
            for i, q in enumerate(quotes)
            if q["start"] <= trigger["start"] and trigger["end"] <= q["end"]
        ]
        if not inside:
            continue
        event["quote"] = min(inside)[1]
        if event.get("modality") not in KEEP_MODALITIES:
            event["modality"] = "reported"
