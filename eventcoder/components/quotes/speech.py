"""Speech verbs: how they attach in a dependency parse (the lexicon: eventcoder/knowledge/speech.py).

Who speaks (the subject, inverted or passive), what is reported (the clausal complement, or the clause a
post-posed "added X" hangs on), and which quoted words a speech verb governs.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventcoder.components.quotes.marks import CLOSING, OPENING
from eventcoder.knowledge.speech import SpeechVerbs, load_speech_verbs

__all__ = ["SpeechVerbs", "load_speech_verbs"]  # the lexicon, re-exported for the quote component


@dataclass(frozen=True)
class According:
    """The "according to X" cue, standing in for a speech verb."""

    token: Token
    pobj: Token

    @property
    def i(self) -> int:
        return self.token.i


def according_to(token: Token) -> According | None:
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return According(token, pobj)
    return None


def governs(verb: Token | According, inside: set[int]) -> bool:
    """Whether the speech cue governs the quoted tokens (same parse)."""
    if isinstance(verb, According):
        return any(t.i in inside for t in verb.token.head.subtree)
    return any(any(a.i == verb.i for a in verb.doc[i].ancestors) for i in inside)


def quoted_as_saying(token: Token) -> bool:
    """ "quoted as saying": a report verb with an "as saying" complement."""
    return any(c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children) for c in token.children)


def speech_subject(verb: Token, verbs: SpeechVerbs) -> Token | None:
    """The speaker token of a speech verb: subject, inverted subject, or the subject of its head verb.

    The hearer is never the speaker: the object of "A told B that ..." / "the ministry warned China that
    ..." and the passive subject of "B was told by A" are addressees (the speaker of the passive is the
    "by" agent, or unknown). An object after the verb is an inverted speaker ("“...,” warned spokesman Y")
    only when the verb follows the words it reports: no clausal complement after it, not a coordinated
    verb, and not a verb whose object is always the hearer (``hearer_object``: tell, inform, assure ...).
    Walking up from an infinitive to a verb with an object ("X urged Y to tell Z that ..."), the object
    is the one who speaks (object control).
    """
    token = verb
    for _ in range(4):
        speech = token.lemma_.lower() in verbs.direct and token.pos_ in {"VERB", "AUX"}
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in {"who", "which", "that"} and token.dep_ == "relcl":
                    return token.head
                if token.lemma_.lower() in verbs.report and child.dep_ == "nsubj":
                    quoted = next((c for c in token.children if c.dep_ == "dobj"), None)
                    return quoted or child  # "the paper quoted X as saying"
                if child.dep_ == "nsubjpass" and speech and token.lemma_.lower() not in verbs.report:
                    return _agent(token)  # "B was told by A": A speaks; "B was told that ...": unknown
                return child
        # inverted order: "“...,” warned spokesman Y" / "added Lo"
        if speech and _inverts(token, verbs):
            after = [c for c in token.rights if c.dep_ in {"dobj", "attr", "nsubj", "npadvmod", "appos"}]
            if after and after[0].pos_ in {"PROPN", "NOUN"} and after[0].i <= token.i + 6:
                return after[0]
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"}:
            return token.head  # "editorials vowing that ..."
        if token.dep_ in {"advcl", "xcomp", "conj", "pcomp", "prep"} and token.head.i != token.i:
            head = token.head  # "saying" -> "hit"; "say" (conj) -> "rejected"; "as saying" -> "quoted"
            if token.dep_ == "xcomp":
                controller = next(
                    (c for c in head.children if c.dep_ in {"dobj", "dative"} and c.i < token.i), None
                )
                if controller is not None:
                    return controller  # "X urged Y to tell Z that ...": Y speaks
            reporting = verbs.indirect | verbs.report
            if token.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.lemma_.lower() in reporting:
                head = head.head  # "X said CLAUSE, adding ...": the participle is X's, not the clause's
            token = head
            continue
        break
    return None


def _agent(verb: Token) -> Token | None:
    """The "by" agent of a passive verb ("was told by the ministry" -> ministry), if any."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _inverts(verb: Token, verbs: SpeechVerbs) -> bool:
    """Whether a speech verb may have its speaker after it ("“...,” said X", "..., added Lo")."""
    if verb.dep_ == "conj" or verb.lemma_.lower() in verbs.hearer_object:
        return False  # "... and told Y", "“...,” told Reuters": Y and Reuters are hearers
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} and (
        verb.tag_ != "VB" or any(c.dep_ == "aux" for c in verb.children)
    ):
        return False
    return not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)  # "told VOA (that) ..."


def reported_clause(verb: Token, para: tuple[int, int]) -> Token | None:
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
                found = reported_clause(grand, para)
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


def clause_span(
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
