"""eventcoder_dates: every date expression, resolved against the publication date; each event's date.

Parsing uses dateparser for calendar dates ("Aug. 24", "24 August 2021", "March 2019"); the *choice*
is ours and depends on the tense of the verb that governs the expression:

- weekdays: "said Wednesday" (past) → the latest such day on or before publication; "will hold ... on
  Friday" (future, also "is due/scheduled/set to", present progressive) → the next one on or after it;
  "last Friday" / "next Friday" → strictly before / after. A weekday attached to a noun ("Friday's
  summit") takes the day the same weekday got elsewhere in the article, else the past.
- "yesterday", "today", "tomorrow", "last night", "N days ago": by arithmetic.
- "last/this/next week", "earlier/later this week": precision ``week``, the date is that ISO week's Monday.
- "last/this/next month", "earlier this month": precision ``month``, the first of the month.
- "last/this/next year", "earlier this year", "in 2019": precision ``year``, 1 January.
- a month and day without a year ("on August 24"): the year that puts it on the tense's side of the
  publication date (past: on or before; future: on or after; unknown: the nearest), checking a given
  weekday ("Friday, Aug. 27") when there is one.

Every expression goes into ``doc._.dates``; ``date`` is None when it cannot be resolved (no publication
date for a relative expression; "recent years"). Each event gets the date expression of its own clause,
else one of a clause above it ("X said Wednesday that ..."), else the nearest in its sentence, else the
publication date with empty evidence (``start == end == -1``), else None. A missing, unparseable or
future publication date adds a warning (W101, W103, W104) to ``doc._.warnings``; we never guess a date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.components.actors.rules import lemma
from eventcoder.components.dates.resolve import (
    PATTERNS,
    WEEKDAY_RE,
    Resolved,
    Tense,
    parse_pub_date,
    resolve_date,
)
from eventcoder.components.dates.tense import REPORTING_LEMMAS, clause_verb, date_tense
from eventcoder.components.extensions import (
    DateDict,
    EventDict,
    doc_text,
    is_boilerplate,
    register_extensions,
)
from eventcoder.errors import Warnings


def find_date_spans(doc: Doc) -> list[tuple[int, int, str | None]]:
    """Character ranges (start, end, kind) of date expressions: our patterns, then spaCy DATE entities."""
    found: list[tuple[int, int, str]] = []
    text = doc_text(doc)
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            group = next((g for g in ("d", "d2") if g in pattern.groupindex and match.group(g)), None)
            start, end = match.span(group) if group else match.span()
            found.append((start, end, kind))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, str | None]] = []
    for start, end, found_kind in found:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, found_kind))
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e, _ in chosen):
            continue
        chosen.append((ent.start_char, ent.end_char, None))
    chosen.sort()
    return chosen


@Language.factory(
    "eventcoder_dates",
    assigns=["doc._.dates", "doc._.events", "doc._.warnings"],  # events: each event's "date"
    requires=[
        "doc._.events",
        "doc._.boilerplate",
        "doc.sents",
        "doc.ents",
        "token.dep",
        "token.head",
        "token.tag",
    ],
    default_config={"publication_fallback": True},
)
def make_dates(nlp: Language, name: str, publication_fallback: bool) -> DateTagger:
    return DateTagger(name, publication_fallback=publication_fallback)


class DateTagger:
    """Resolve every date expression and give each event its date."""

    def __init__(self, name: str, *, publication_fallback: bool = True) -> None:
        register_extensions()
        self.name = name
        self.publication_fallback = publication_fallback

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta or {}
        pub, warning = parse_pub_date(meta.get("date"))
        warnings = list(doc._.warnings)
        if warning:
            warnings.append(warning)
        sents = list(doc.sents)
        sent_starts = [s.start_char for s in sents]
        dates: list[DateDict] = []
        spans: list[Span] = []
        pending: list[tuple[int, Span, Tense | None]] = []
        offsets: list[int] = []
        text = doc_text(doc)
        for start, end, kind in find_date_spans(doc):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            tense = date_tense(span)
            if kind == "offset":
                offsets.append(len(dates))
            else:
                pending.append((len(dates), span, tense))
            sid = _sentence_of(sent_starts, start)
            dates.append(
                DateDict(
                    text=text[start:end],
                    start=start,
                    end=end,
                    sentence_id=sid,
                    date=None,
                    precision="day",
                )
            )
            spans.append(span)
        # First pass: expressions whose tense is known; then nominal weekdays borrow the article's reading.
        weekday_days: dict[str, dt.date] = {}
        relative_seen = False
        for index, _span, tense in pending:
            expression = dates[index]["text"]
            weekday = _bare_weekday(expression)
            if tense is None and weekday:
                continue
            resolved = resolve_date(expression, pub, tense)
            relative_seen = relative_seen or resolved.relative
            _store(dates[index], resolved)
            if resolved.date and weekday:
                weekday_days.setdefault(weekday, resolved.date)
        for index, _span, tense in pending:
            expression = dates[index]["text"]
            weekday = _bare_weekday(expression)
            if tense is None and weekday:
                relative_seen = True
                if weekday in weekday_days:
                    _store(dates[index], Resolved(weekday_days[weekday], "day", True))
                else:
                    _store(dates[index], resolve_date(expression, pub, None))
        for index in offsets:
            anchor = self.anchor_date(doc, spans[index], dates, spans, offsets, pub)
            relative_seen = True
            _store(dates[index], resolve_date(dates[index]["text"], pub, None, anchor=anchor))
        doc._.dates = dates
        events: list[EventDict] = doc._.events
        offset_set = set(offsets)
        for event in events:
            event["date"] = self.event_date(doc, event, dates, spans, pub, offset_set)
            if warning and event["date"] is not None and (event["date"]["start"] < 0 or pub is not None):
                event["warnings"] = [*event.get("warnings", []), warning]
        if pub is None and (relative_seen or events) and not warning:
            warnings.append(Warnings.W103)
        doc._.warnings = warnings
        return doc

    def anchor_date(
        self,
        doc: Doc,
        span: Span,
        dates: list[DateDict],
        spans: list[Span],
        offsets: list[int],
        pub: dt.date | None,
    ) -> dt.date | None:
        """The date an offset counts from: the main clause's ("on Monday, a day after X"), the coordinated
        clause's ("blamed Iran on Sunday, and Tehran rejected it hours later"), else the latest date before it
        in the text, else the publication date. None for "three days after the election" (a noun)."""
        skip = set(offsets)
        resolved = [
            (d, s)
            for i, (d, s) in enumerate(zip(dates, spans, strict=True))
            if i not in skip and d["date"] and not is_boilerplate(doc, d["start"], d["end"])
        ]
        lower = span.text.lower()
        target: Token | None = None
        if lower.endswith(("after", "before")) and not lower.startswith("the "):
            marker = span[-1]
            if marker.dep_ != "mark":
                return None
            target = clause_verb(marker.head.head) if marker.head.head.i != marker.head.i else None
        elif lower.endswith(("later", "earlier")):
            verb = clause_verb(span.root)
            if verb is not None and verb.dep_ == "conj":
                target = clause_verb(verb.head)
        if target is not None:
            own = [d for d, s in resolved if (v := clause_verb(s.root)) is not None and v.i == target.i]
            if own:
                return dt.date.fromisoformat(own[0]["date"] or "")
        before = [d for d, s in resolved if s.start < span.start and d["precision"] == "day"]
        if before:
            return dt.date.fromisoformat(before[-1]["date"] or "")
        return pub

    def event_date(
        self,
        doc: Doc,
        event: EventDict,
        dates: list[DateDict],
        spans: list[Span],
        pub: dt.date | None,
        offsets: set[int] | None = None,
    ) -> DateDict | None:
        """The date of one event: own clause, a clause above, the sentence, then the publication date."""
        sid = event.get("sentence_id", -1)
        trigger = doc[event["trigger_token"]] if "trigger_token" in event else None
        offsets = offsets or set()
        candidates = [
            (d, s, i in offsets)
            for i, (d, s) in enumerate(zip(dates, spans, strict=True))
            if d["sentence_id"] == sid
            and d["date"] is not None
            and s is not None
            and not is_boilerplate(doc, d["start"], d["end"])
            and not _describes_other_noun(s, trigger)
        ]
        if candidates and trigger is not None:
            clause = clause_verb(trigger)
            above = {t.i for t in clause.ancestors} if clause is not None else set()
            # "X did Y on Tuesday, officials said": a reporting verb takes no date from another clause; nor
            # does a coordinated clause with its own subject ("Kim arrived Wednesday, and Moscow said ...").
            reporting = clause is not None and lemma(clause) in REPORTING_LEMMAS
            independent = (
                clause is not None
                and clause.dep_ == "conj"
                and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
            )

            def rank(item: tuple[DateDict, Span, bool]) -> tuple[int, bool, int]:
                span, is_offset = item[1], item[2]
                verb = clause_verb(span.root)
                own = verb is not None and clause is not None and verb.i == clause.i
                # "a day after fighters entered the capital and Ghani flew out": the offset covers both.
                if is_offset and verb is not None and clause is not None and clause.dep_ == "conj":
                    own = own or clause.head.i == verb.i
                level = 0 if own else 1 if verb is not None and verb.i in above else 2
                if level and (reporting or (level == 1 and independent)):
                    level = 3
                # A date of the clause's own beats an offset from another event's date.
                return level, is_offset, min(abs(span.root.i - trigger.i), abs(span.start - trigger.i))

            score, index = min((rank(c), i) for i, c in enumerate(candidates))
            if score[0] < 3:
                return dict(candidates[index][0])  # type: ignore[return-value]
        elif candidates:
            return dict(candidates[0][0])  # type: ignore[return-value]
        if pub is not None and self.publication_fallback:
            return DateDict(text="", start=-1, end=-1, sentence_id=-1, date=pub.isoformat(), precision="day")
        return None


def _describes_other_noun(span: Span, trigger: Token | None) -> bool:
    """A date that modifies a noun ("Friday's summit", "last year's vote") dates that noun, not the clause."""
    root = span.root
    if root.dep_ not in {"poss", "compound", "nmod", "amod"} or root.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    return trigger is None or root.head.i != trigger.i


def _store(date: DateDict, resolved: Resolved) -> None:
    date["date"] = resolved.date.isoformat() if resolved.date else None
    date["precision"] = resolved.precision


def _bare_weekday(text: str) -> str | None:
    """The weekday name of an unmodified weekday expression ("Friday", "Friday's", "on Friday")."""
    match = re.fullmatch(
        rf"(?:(?i:on|early|late)\s+)?({WEEKDAY_RE})(?:'s|\u2019s)?(?:\s+(?i:morning|afternoon|evening|night))?",
        text.strip(),
    )
    return match.group(1).lower() if match else None


def _sentence_of(starts: Iterable[int], char: int) -> int:
    sid = 0
    for i, start in enumerate(starts):
        if start <= char:
            sid = i
        else:
            break
    return sid
