"""eventcoder_quotes: direct and indirect quotations, their speakers, and the events said inside them.

Rules (documented in the README, "Quotes"):

- Quotation marks are paired on characters, paragraph by paragraph (the parser's sentences may cut inside
  a quote): curly “...”, straight "...", guillemets «...». A paragraph that ends inside a quote continues
  only when the next paragraph opens with a quotation mark (the wire convention for multi-paragraph
  quotes); otherwise the quote is closed at the paragraph end and ``Warnings.W102`` goes on the Doc.
- A quoted span is direct speech when a speech verb attributes it (after it: "“...,” X told AFP",
  "“...,” warned spokesman Y"; before it: "X said: “...”", "adding “...”"; or a speech verb governs it:
  "X was quoted as saying", "according to X"), or when it continues the quotes of the previous speaker
  (a later quote in the same paragraph, or a paragraph that opens with a quote). A whole quoted sentence
  with no attribution is direct speech with no speaker. A quoted fragment ("a “serious impact”") with no
  speech verb governing it is a scare quote or a name, not speech, and is skipped.
- Indirect speech: a speech verb with a clausal complement ("X said (that) CLAUSE", "CLAUSE, added X")
  outside direct quotes gives a quote of kind ``indirect`` whose text is the clause.
- Speaker: the speech verb's subject (inverted subjects and "quoted as saying" included), shown as the
  person's name when the subject phrase holds one; "he"/"she"/"they" resolve to the previous speaker, and
  stay unresolved (name and code None) when there is none. ``code``/``name`` come from ``doc._.actors``
  when an actor mention covers the speaker.
- Events whose trigger lies inside a quote get ``event["quote"]`` (the innermost quote) and modality
  ``reported``, unless already future, intended or hypothetical (those say more and are kept).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rich.table import Table
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.errors import Errors, KnowledgeError, Warnings
from eventcoder.extensions import QuoteDict, SpeakerDict, is_boilerplate, register_extensions, token_to_actor
from eventcoder.records import CodedArticle, QuoteRecord

SPEECH_VERBS_FILE = "speech_verbs.yaml"
OPENING = {"“": "”", "«": "»", "„": "”", '"': '"'}
CLOSING = {"”", "»", '"'}
PRONOUNS = {"he", "she", "they", "it"}
PERSONAL = {"he", "she"}
KEEP_MODALITIES = {"future", "intended", "hypothetical"}
_SENT_END = {".", "!", "?"}
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class SpeechVerbs:
    """Speech-verb lemmas by use (see ``eventcoder/data/speech_verbs.yaml``)."""

    indirect: frozenset[str]
    direct_only: frozenset[str]
    report: frozenset[str]
    person_nouns: frozenset[str] = frozenset()

    @property
    def direct(self) -> frozenset[str]:
        return self.indirect | self.direct_only | self.report


@cache
def load_speech_verbs(path: str | None = None) -> SpeechVerbs:
    """Load and validate a speech-verb file (the packaged one by default); cached per path."""
    name = path or f"eventcoder/data/{SPEECH_VERBS_FILE}"
    try:
        if path is None:
            raw = (
                resources.files("eventcoder")
                .joinpath(f"data/{SPEECH_VERBS_FILE}")
                .read_text(encoding="utf-8")
            )
        else:
            with open(path, encoding="utf-8") as handle:
                raw = handle.read()
        data = yaml.safe_load(raw)
    except OSError as err:
        raise KnowledgeError(Errors.E003.format(path=name, reason=err)) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise KnowledgeError(Errors.E004.format(path=name, line=line, fmt="YAML", reason=err)) from err
    if not isinstance(data, dict):
        raise KnowledgeError(Errors.E004.format(path=name, line=1, fmt="YAML", reason="expected a mapping"))
    lists: dict[str, frozenset[str]] = {}
    for key in ("indirect", "direct_only", "report"):
        values = data.get(key)
        if not isinstance(values, list) or not values:
            raise KnowledgeError(Errors.E001.format(path=name, line=_key_line(raw, key), field=key))
        bad = [v for v in values if not isinstance(v, str) or not v.strip() or " " in v.strip()]
        if bad:
            raise KnowledgeError(
                Errors.E002.format(
                    path=name, line=_key_line(raw, key), field=key, value=bad[0], reason="expected one lemma"
                )
            )
        lists[key] = frozenset(v.strip().lower() for v in values)
    nouns = data.get("person_nouns") or []
    if not isinstance(nouns, list) or not all(isinstance(v, str) and v.strip() for v in nouns):
        line = _key_line(raw, "person_nouns")
        raise KnowledgeError(
            Errors.E002.format(
                path=name, line=line, field="person_nouns", value=nouns, reason="expected words"
            )
        )
    return SpeechVerbs(**lists, person_nouns=frozenset(v.strip().lower() for v in nouns))


def _key_line(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 0


# --- quotation marks -------------------------------------------------------------------------------


@dataclass
class Marked:
    """One quoted span found on characters: the text between the marks, half-open char offsets."""

    start: int
    end: int
    open_mark: int  # char offset of the opening mark
    close_mark: int | None  # char offset of the closing mark; None when closed at a paragraph end
    paragraph: int  # index of the paragraph the quote opens in
    end_paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Char ranges of the non-blank lines of ``text`` (a newline always ends a paragraph)."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _opening_context(text: str, i: int, para_start: int) -> bool:
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace()


def _closing_context(text: str, i: int, para_end: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


def find_quotations(text: str) -> tuple[list[Marked], bool]:
    """Pair the quotation marks of ``text``: double ones, and curly single ones in paragraphs without double.

    Returns:
        The quoted spans in text order, and whether any mark was unbalanced (a quote closed at its
        paragraph end, or a closing mark with no opening one).
    """
    paras = paragraphs(text)
    found: list[Marked] = []
    unbalanced = False
    current: Marked | None = None
    skip = -1  # the opening mark that continues a multi-paragraph quote
    for p_index, (p_start, p_end) in enumerate(paras):
        if (
            current is None
            and "‘" in text[p_start:p_end]
            and not any(c in OPENING or c in CLOSING for c in text[p_start:p_end])
        ):
            found.extend(_single_quoted(text, p_start, p_end, p_index))  # British style: ‘...,’ he said
            continue
        for i in range(p_start, p_end):
            char = text[i]
            if char not in OPENING and char not in CLOSING:
                continue
            opening, closing = _opening_context(text, i, p_start), _closing_context(text, i, p_end)
            if current is None:
                # an opening mark, or a closing glyph typed where an opening one belongs
                if (char in OPENING and (char != '"' or opening or not closing)) or (opening and not closing):
                    current = Marked(i + 1, i + 1, i, None, p_index, p_index)
                else:
                    unbalanced = True  # a stray closing mark
            elif i == skip:
                continue
            elif char in CLOSING and (closing or not opening):
                current.end, current.close_mark, current.end_paragraph = i, i, p_index
                found.append(current)
                current = None
            elif char in OPENING and opening and not closing:
                # a new quote opens before the last one closed: close the last one where it stands
                unbalanced = True
                current.end, current.end_paragraph = _rstrip(text, current.start, i), p_index
                found.append(current)
                current = Marked(i + 1, i + 1, i, None, p_index, p_index)
            else:
                current.end, current.close_mark, current.end_paragraph = i, i, p_index
                found.append(current)
                current = None
        if current is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is not None and _continues(text, nxt) >= 0:
                current.end_paragraph = p_index + 1
                skip = _continues(text, nxt)
                continue
            unbalanced = True
            current.end, current.end_paragraph = _rstrip(text, current.start, p_end), p_index
            found.append(current)
            current = None
    return [m for m in found if text[m.start : m.end].strip()], unbalanced


def _single_quoted(text: str, p_start: int, p_end: int, p_index: int) -> list[Marked]:
    """Pair curly single quotes in a paragraph without double ones; ’ is also the apostrophe, so be strict.

    A closing ’ must end a word and not start another ("don’t" is no close); "s’ " before a lowercase word
    is a plural possessive when a later ’ can close; an opening ‘ before a digit ("the ‘90s") opens
    nothing; a quote left open is dropped silently (apostrophes make unbalanced single marks common).
    """
    found: list[Marked] = []
    i = p_start
    while i < p_end:
        if text[i] != "‘" or not _opening_context(text, i, p_start) or text[i + 1 : i + 2].isdigit():
            i += 1
            continue
        close = None
        for j in range(i + 1, p_end):
            if text[j] == "‘" and _opening_context(text, j, p_start):
                break
            if text[j] != "’" or not _closing_context(text, j, p_end):
                continue
            after = text[j + 1 : j + 3]
            possessive = text[j - 1] in "sS" and after[:1] == " " and after[1:].islower()
            if possessive and any(
                text[k] == "’" and _closing_context(text, k, p_end) for k in range(j + 1, p_end)
            ):
                continue
            close = j
            break
        if close is None:
            i += 1
            continue
        found.append(Marked(i + 1, close, i, close, p_index, p_index))
        i = close + 1
    return found


def _continues(text: str, para: tuple[int, int]) -> int:
    """The offset of the opening mark that starts ``para`` (continuing a quote), or -1."""
    start, end = para
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in OPENING and _opening_context(text, start, start):
        return start
    return -1


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --- the component ---------------------------------------------------------------------------------


@Language.factory(
    "eventcoder_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "token.lemma"],
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
        text = doc.text
        marked, unbalanced = find_quotations(text)
        if unbalanced:
            doc._.warnings = [*doc._.warnings, Warnings.W102]
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
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        doc._.quotes = quotes
        mark_events(doc, quotes)
        return doc

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
                return _quote("direct", state.text, mark.start, mark.end, previous["speaker"])
            if not clause:
                return None  # a scare quote or a name, not speech
        return _quote("direct", state.text, mark.start, mark.end, speaker.dict if speaker else None)

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
    ) -> Token | _According | None:
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
            if after_verb is not None and not _governs(after_verb, inside_set):
                after_verb = None
            if before_verb is not None and not _governs(before_verb, inside_set):
                before_verb = None
        trailing = state.text[mark.start : mark.end].rstrip()[-1:]
        if after_verb is not None and (trailing in {",", "?", "!", "—", "-"} or before_verb is None):
            return after_verb
        return before_verb if before_verb is not None else after_verb

    def _is_speech(self, token: Token | _According) -> bool:
        if isinstance(token, _According):
            return True
        lemma = token.lemma_.lower()
        if lemma in self.verbs.report:
            return any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children) or _says_child(token)
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
        text = doc.text
        for token in doc:
            according = _according(token)
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
                clause = _complement(token, para)
            if clause is None:
                continue
            span = _clause_span(doc, clause, token, para, edges)
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
        speaker = self._speaker_of(_according(verb) or verb, state)
        pending["speaker"] = speaker.dict if speaker else None
        return pending

    # speakers

    def _speaker_of(self, verb: Token | _According, state: _State) -> _Speaker | None:
        subject = verb.pobj if isinstance(verb, _According) else _subject(verb, self.verbs)
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


@dataclass(frozen=True)
class _According:
    """The "according to X" cue, standing in for a speech verb."""

    token: Token
    pobj: Token

    @property
    def i(self) -> int:
        return self.token.i


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


def _window_after(doc: Doc, starts: list[int], start: int, end: int) -> list[Token | _According]:
    """Tokens after a closing mark up to the clause end (sentence punctuation or the next quote)."""
    window: list[Token | _According] = []
    for token in doc[_token_at(doc, starts, start) :]:
        if token.idx >= end or token.text[:1] in OPENING or token.text in CLOSING:
            break
        if token.text in _SENT_END and window:
            break
        window.append(_according(token) or token)
    return window


def _window_before(doc: Doc, starts: list[int], start: int, end: int) -> list[Token | _According]:
    """Tokens from the clause start (sentence end, a closing mark, the paragraph start) to an opening mark."""
    window: list[Token | _According] = []
    for token in doc[_token_at(doc, starts, start) :]:
        if token.idx >= end:
            break
        if token.text in _SENT_END or token.text in CLOSING or token.text[:1] in OPENING:
            window = []
            continue
        window.append(_according(token) or token)
    return window


def _according(token: Token) -> _According | None:
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _According(token, pobj)
    return None


def _governs(verb: Token | _According, inside: set[int]) -> bool:
    """Whether the speech cue governs the quoted tokens (same parse)."""
    if isinstance(verb, _According):
        return any(t.i in inside for t in verb.token.head.subtree)
    return any(any(a.i == verb.i for a in verb.doc[i].ancestors) for i in inside)


def _says_child(token: Token) -> bool:
    """ "quoted as saying": a report verb with an "as saying" complement."""
    return any(c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children) for c in token.children)


def _subject(verb: Token, verbs: SpeechVerbs) -> Token | None:
    """The speaker token of a speech verb: subject, inverted subject, or the subject of its head verb."""
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in {"who", "which", "that"} and token.dep_ == "relcl":
                    return token.head
                if token.lemma_.lower() in verbs.report and child.dep_ == "nsubj":
                    quoted = next((c for c in token.children if c.dep_ == "dobj"), None)
                    return quoted or child  # "the paper quoted X as saying"
                return child
        # inverted order: "“...,” warned spokesman Y" / "added Lo"
        if token.tag_ in {"VBD", "VBZ", "VBP"} or (
            token.tag_ == "VB" and not any(c.dep_ == "aux" for c in token.children)
        ):
            after = [c for c in token.rights if c.dep_ in {"dobj", "attr", "nsubj", "npadvmod", "appos"}]
            if after and after[0].pos_ in {"PROPN", "NOUN"} and after[0].i <= token.i + 6:
                return after[0]
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"}:
            return token.head  # "editorials vowing that ..."
        if token.dep_ in {"advcl", "xcomp", "conj", "pcomp", "prep"} and token.head.i != token.i:
            head = token.head  # "saying" -> "hit"; "say" (conj) -> "rejected"; "as saying" -> "quoted"
            reporting = verbs.indirect | verbs.report
            if token.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.lemma_.lower() in reporting:
                head = head.head  # "X said CLAUSE, adding ...": the participle is X's, not the clause's
            token = head
            continue
        break
    return None


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


def _complement(verb: Token, para: tuple[int, int]) -> Token | None:
    """The clausal complement a speech verb reports, or the clause it is appended to ("CLAUSE, added X").

    Only words of the verb's paragraph count: the parser's sentences may run across paragraphs.
    """
    for child in verb.children:
        if not para[0] <= child.idx < para[1]:
            continue
        if child.dep_ == "ccomp":
            if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in child.children):
                return None
            return child
        if child.dep_ in {"prep"} and child.lower_ == "as":  # "quoted as saying CLAUSE"
            for grand in child.children:
                found = _complement(grand, para)
                if found is not None:
                    return found
    if (
        verb.dep_ in {"advcl", "parataxis"}
        and verb.head.i < verb.i
        and verb.tag_ in {"VBD", "VBZ", "VBP"}
        and any(t.text == "," for t in verb.doc[verb.head.i : verb.i])
        and para[0] <= verb.head.idx
        and _subject_next_to(verb)
    ):
        return verb.head  # "The talks will address X, added Lo"
    return None


def _subject_next_to(verb: Token) -> bool:
    """Whether only the verb's subject (or nothing: inverted order) stands between it and the comma before it.

    "..., added Lo" and "..., the ministry said" report the clause; "..., a charge Kigali denies" does not.
    """
    doc = verb.doc
    comma = max(t.i for t in doc[verb.head.i : verb.i] if t.text == ",")
    subject = {t.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
    between = range(comma + 1, verb.i)
    return all(i in subject or doc[i].pos_ in {"ADV", "AUX", "PART"} for i in between)


def _clause_span(
    doc: Doc, clause: Token, verb: Token, para: tuple[int, int], direct: list[tuple[int, int, int, int]]
) -> tuple[int, int] | None:
    """Char span of a reported clause: its subtree without the speech verb's phrase, "that", edge punctuation.

    ``direct`` holds (open mark, start, end, close mark) of the direct quotes: a clause edge inside one is
    moved out to its quotation mark, so that the clause keeps whole quotes.
    """
    drop = {t.i for t in verb.subtree} if verb.is_ancestor(clause) is False else {verb.i}
    subjects = [c.i for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for child in clause.lefts:
        if (
            clause.i > verb.i
            and subjects
            and child.i < subjects[0]
            and child.dep_ in {"prep", "npadvmod"}
            and any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
        ):
            drop |= {t.i for t in child.subtree}  # "said on Sunday he had ...": the date is the saying's
    for child in clause.rights:
        before = child.left_edge.i - 1
        while before > 0 and doc[before].text in CLOSING:
            before -= 1  # "..., “raise the pressure,” accusing China": the comma inside the quote counts
        if clause.i > verb.i and child.dep_ == "advcl" and child.tag_ == "VBG" and doc[before].text == ",":
            drop |= {t.i for t in child.subtree}  # "X said CLAUSE, accusing Y": the accusing is X's own act
    tokens = [t for t in clause.subtree if t.i not in drop and para[0] <= t.idx < para[1]]
    if clause.i < verb.i:  # "CLAUSE, X said": the clause ends at the last comma or quote mark before X
        cuts = [
            j
            for j in range(clause.i + 1, verb.i)
            if doc[j].text in {",", "—", "--"} or doc[j].text in CLOSING
        ]
        if cuts:
            tokens = [t for t in tokens if t.i < cuts[-1]]
    while (
        tokens
        and (
            (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
            or tokens[0].is_punct
            or tokens[0].is_space
        )
        and tokens[0].text[:1] not in OPENING
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text[-1:] not in CLOSING:
        tokens = tokens[:-1]
    if len([t for t in tokens if t.is_alpha]) < 2:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for open_mark, q_start, q_end, close_mark in direct:
        if q_start <= start < q_end:
            start = open_mark
        if q_start < end <= q_end:
            end = close_mark + 1
    return start, end


def _inside_any(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, not overlapping)."""
    i = bisect_right(spans, (offset, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _quote(kind: str, text: str, start: int, end: int, speaker: SpeakerDict | None) -> QuoteDict:
    # trim spaces, and the comma that "“...,” he said" puts at the end of a quote
    while start < end and text[start].isspace():
        start += 1
    end = _rstrip(text, start, end)
    if kind == "direct" and end > start and text[end - 1] == ",":
        end = _rstrip(text, start, end - 1)
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


# --- records and display ---------------------------------------------------------------------------


def iter_quote_records(results: Iterable[CodedArticle]) -> Iterator[QuoteRecord]:
    """Every quote of every coded article, in article and text order."""
    for coded in results:
        yield from coded.quotes


def quotes_table(records: Iterable[QuoteRecord], width: int = 70) -> Table:
    """A rich table of quote records: article, kind, speaker (name and code), text, offsets, events."""
    table = Table(show_lines=False)
    for column in ("article", "kind", "speaker", "code", "text", "start-end", "events"):
        table.add_column(column, overflow="fold")
    for record in records:
        speaker = record.speaker
        text = record.text if len(record.text) <= width else record.text[: width - 1] + "…"
        table.add_row(
            record.article_id,
            record.kind,
            (speaker.name or speaker.text) if speaker else "",
            (speaker.code or "") if speaker else "",
            text,
            f"{record.start}-{record.end}",
            str(len(record.event_ids)),
        )
    return table
