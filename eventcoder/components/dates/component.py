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
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.components.extensions import DateDict, EventDict, is_boilerplate, register_extensions
from eventcoder.components.places.component import clause_head, is_clause_head
from eventcoder.errors import Warnings

Tense = Literal["past", "present", "future"]
Precision = Literal["day", "week", "month", "year"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_WD_PREFIX = rf"(?:{_WD},?\s+)?"
_REL = r"(?:(?i:last|next|this|coming|previous)\s+)"

# (kind, pattern): tried in order on the text; the longest match at a position wins.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
        ("calendar", rf"\b{_WD_PREFIX}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:%|per|people|troops))"),
        ("calendar", rf"\b{_WD_PREFIX}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
        ("calendar", rf"\b{_MONTH}\s*,?\s+{_YEAR}\b"),
        (
            "month",
            rf"\b(?:(?i:early|late|mid-?|earlier in|later in)\s*)?{_REL}?"
            rf"(?:January|February|March|April|June|July|August|September|October|November|December)\b"
            rf"(?!\s+\d)",
        ),
        (
            "month",
            r"\b(?i:in|since|until|by|during|of)\s+(?P<d>May)\b(?!\s+\d)"
            r"|\b(?i:last|next|this|early|late|mid-?)\s*May\b(?!\s+\d)",
        ),
        (
            "year",
            rf"\b(?i:in|since|until|by|during|of|early|late|around|before|after|from)\s+"
            rf"(?P<d>{_YEAR})\b(?!s)|\bmid-(?P<d2>{_YEAR})\b",
        ),
        (
            "weekday",
            rf"\b(?:(?i:last|next|this|coming|past|early|late)\s+)?{_WD}(?!s)\b"
            r"(?:\s+(?i:morning|afternoon|evening|night))?",
        ),
        (
            "day",
            r"\b(?i:the day before yesterday|the day after tomorrow|yesterday|today|tomorrow|tonight"
            r"|last night|this (?:morning|afternoon|evening)|earlier today|later today)\b",
        ),
        ("ago", rf"\b(?i:{_NUM})\s+(?i:days?|weeks?|months?|years?)\s+(?i:ago)\b"),
        # Offsets from another event's date: "a day after X", "two weeks before X", "hours later".
        (
            "offset",
            rf"\b(?:(?i:{_NUM}|a couple of)\s+)?(?i:days?|weeks?|hours?|minutes?)\s+"
            r"(?i:after|before|later|earlier)\b(?!\s+(?:this|that|today|yesterday))",
        ),
        ("offset", r"\b(?i:the (?:next|following|previous|same) day|the day (?:before|after)|that day)\b"),
        # "in two weeks' time", "in three days from now" (not "for the first time in 10 years": a duration)
        ("in_n", rf"\b(?i:in)\s+(?i:{_NUM})\s+(?i:days?|weeks?|months?|years?)(?:'?\s+time|\s+from now)\b"),
        (
            "week",
            r"\b(?i:(?:earlier|later) this week|(?:last|this|next|coming|previous) week(?:end)?"
            r"|the weekend|(?:earlier|later) in the week)\b",
        ),
        (
            "month_rel",
            r"\b(?i:(?:early|late|mid-?)?\s*(?:earlier|later) this month|(?:early|late|mid-)?\s*"
            r"(?:last|this|next|coming|previous) month)\b",
        ),
        (
            "year_rel",
            r"\b(?i:(?:earlier|later) this year"
            r"|(?:early|late)?\s*(?:last|this|next|coming|previous) year)\b",
        ),
    )
)
# Verbs and adjectives on the path from a date to its clause that make the clause about the future.
FUTURE_WORDS = frozenset(
    {
        "due",
        "schedule",
        "scheduled",
        "set",
        "slate",
        "slated",
        "plan",
        "planned",
        "expect",
        "expected",
        "upcoming",
        "intend",
        "aim",
        "prepare",
        "will",
        "shall",
        "'ll",
        "wo",
        "would",
        "going",
        "gonna",
    }
)
FUTURE_HEADS = frozenset(
    {
        "go",
        "plan",
        "expect",
        "schedule",
        "set",
        "slate",
        "intend",
        "aim",
        "hope",
        "want",
        "agree",
        "vow",
        "pledge",
        "promise",
        "threaten",
        "prepare",
        "decide",
        "seek",
        "try",
        "propose",
        "offer",
        "invite",
        "urge",
        "call",
        "ask",
        "due",
    }
)
# Verbs that report speech: dated only by a date in their own clause.
REPORTING_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "report",
        "announce",
        "state",
        "claim",
        "note",
        "confirm",
        "write",
        "quote",
        "explain",
        "insist",
        "stress",
        "reiterate",
        "acknowledge",
        "according",
    }
)
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "going"})
PAST_AUX = frozenset({"was", "were", "had", "did", "has", "have", "'d", "'ve"})


@dataclass(frozen=True)
class Resolved:
    """A resolved date: ``date`` (None when unknown) and its precision."""

    date: dt.date | None
    precision: Precision
    relative: bool  # True when it depends on the publication date


def parse_pub_date(value: object) -> tuple[dt.date | None, str | None]:
    """Parse a publication date; return (date, warning). Bad or future dates always come with a warning."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        pub = value
    else:
        try:
            pub = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None, Warnings.W104.format(value=value)
    if pub > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        return pub, Warnings.W101.format(value=pub.isoformat())
    return pub, None


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date, shift: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _number(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in {"a few", "several"}:
        return 3
    return NUMBERS.get(word, 1)


def resolve_weekday(weekday: int, pub: dt.date, tense: Tense | None, modifier: str = "") -> dt.date:
    """The date of ``weekday`` (0 = Monday) seen from ``pub``; past tense looks back, future forward."""
    back = (pub.weekday() - weekday) % 7
    forward = (weekday - pub.weekday()) % 7
    if modifier in {"last", "past"}:
        return pub - dt.timedelta(days=back or 7)
    if modifier in {"next", "coming"}:
        return pub + dt.timedelta(days=forward or 7)
    if modifier == "this":
        future = tense in {"future", "present"}
        return pub + dt.timedelta(days=forward) if future else pub - dt.timedelta(days=back)
    if tense in {"future", "present"}:
        return pub + dt.timedelta(days=forward)
    return pub - dt.timedelta(days=back)


def _choose_year(
    month: int, day: int | None, pub: dt.date, tense: Tense | None, weekday: int | None = None
) -> dt.date | None:
    """Pick the year for a month (and day) given without one, on the tense's side of ``pub``."""
    options: list[dt.date] = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(dt.date(year, month, day or 1))
        except ValueError:
            continue
    if weekday is not None:
        matching = [d for d in options if d.weekday() == weekday]
        options = matching or options
    if not options:
        return None
    anchor = pub if day else month_start(pub)
    if tense == "past":
        before = [d for d in options if d <= anchor]
        if before:
            return max(before)
    elif tense == "future":
        after = [d for d in options if d >= anchor]
        if after:
            return min(after)
    return min(options, key=lambda d: (abs((d - anchor).days), d < anchor))


@lru_cache(maxsize=4096)
def _dateparser_parts(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) that dateparser reads in ``text``; None where absent; None if unreadable."""
    parser = _date_parser()
    data = parser.get_date_data(text)
    if data.date_obj is None or not data.parts or "time" in data.parts:
        return None
    parts = set(data.parts)
    if not parts <= {"year", "month", "day"}:
        return None
    obj = data.date_obj
    return (
        obj.year if "year" in parts else None,
        obj.month if "month" in parts else None,
        obj.day if "day" in parts else None,
    )


@lru_cache(maxsize=1)
def _date_parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    # A fixed base keeps dateparser from filling missing parts with today's; we fill them ourselves.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(2000, 1, 1),
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "MDY",
        },
    )


def classify(text: str) -> str | None:
    """The pattern kind that matches the whole of ``text``, or None."""
    for kind, pattern in PATTERNS:
        if pattern.fullmatch(text.strip()):
            return kind
    if kind_year := re.fullmatch(_YEAR, text.strip()):
        return "year" if kind_year else None
    if re.fullmatch(r"May", text.strip()):
        return "month"
    return None


def resolve_date(
    text: str, pub_date: dt.date | str | None, tense: Tense | None = None, anchor: dt.date | None = None
) -> Resolved:
    """Resolve one date expression against the publication date.

    ``anchor``: for offsets from another event ("a day after X", "hours later", "the next day"), the
    date they count from (the component finds it in the parse); without it they stay unresolved.

    >>> resolve_date("Friday", "2021-08-25", "future").date
    datetime.date(2021, 8, 27)
    """
    pub = dt.date.fromisoformat(pub_date) if isinstance(pub_date, str) else pub_date
    clean = re.sub(r"\s+", " ", text.strip().replace("\u2019", "'"))
    clean = re.sub(r"'s$", "", clean)
    kind = classify(clean)
    lower = clean.lower()
    if kind == "iso":
        return Resolved(dt.date.fromisoformat(clean), "day", False)
    if kind == "weekday":
        words = [w for w in lower.split() if w not in {"morning", "afternoon", "evening", "night"}]
        modifier = words[0] if len(words) > 1 else ""
        if pub is None:
            return Resolved(None, "day", True)
        return Resolved(resolve_weekday(WEEKDAYS.index(words[-1]), pub, tense, modifier), "day", True)
    if kind == "day":
        shift = {
            "yesterday": -1,
            "last night": -1,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
        }.get(lower, 0)
        return Resolved(pub + dt.timedelta(days=shift) if pub else None, "day", True)
    if kind == "week":
        if pub is None:
            return Resolved(None, "week", True)
        if lower.endswith("weekend"):
            modifier = lower.split()[0] if lower.startswith(("last", "next")) else ""
            return Resolved(resolve_weekday(5, pub, tense, modifier), "day", True)
        return Resolved(week_start(pub) + dt.timedelta(weeks=_shift(lower)), "week", True)
    if kind == "month_rel":
        if pub is None:
            return Resolved(None, "month", True)
        return Resolved(month_start(pub, _shift(lower)), "month", True)
    if kind == "year_rel":
        if pub is None:
            return Resolved(None, "year", True)
        return Resolved(dt.date(pub.year + _shift(lower), 1, 1), "year", True)
    if kind == "offset":
        return _resolve_offset(lower, anchor)
    if kind in {"ago", "in_n"}:
        match = re.match(rf"(?:in |within )?({_NUM}) (day|week|month|year)", lower)
        if pub is None or match is None:
            return Resolved(None, "day", True)
        n, unit = _number(match.group(1)), match.group(2)
        sign = -1 if kind == "ago" else 1
        if unit == "day":
            return Resolved(pub + dt.timedelta(days=sign * n), "day", True)
        if unit == "week":
            return Resolved(week_start(pub + dt.timedelta(weeks=sign * n)), "week", True)
        if unit == "month":
            return Resolved(month_start(pub, sign * n), "month", True)
        return Resolved(dt.date(pub.year + sign * n, 1, 1), "year", True)
    if kind == "year":
        return Resolved(dt.date(int(clean[-4:]), 1, 1), "year", False)
    if kind == "month":
        words = lower.replace("mid-", "mid ").split()
        month = _month_number(words[-1])
        modifier = next((w for w in words if w in {"last", "next", "this", "coming", "previous"}), "")
        if pub is None or month is None:
            return Resolved(None, "month", True)
        if modifier in {"last", "previous"}:
            year = pub.year if month < pub.month else pub.year - 1
            return Resolved(dt.date(year, month, 1), "month", True)
        if modifier in {"next", "coming"}:
            year = pub.year if month > pub.month else pub.year + 1
            return Resolved(dt.date(year, month, 1), "month", True)
        if modifier == "this":
            return Resolved(dt.date(pub.year, month, 1), "month", True)
        return Resolved(_choose_year(month, None, pub, tense), "month", True)
    return _resolve_calendar(clean, pub, tense)


def offset_days(text: str) -> int | None:
    """Days from the anchor to the event an offset expression dates, or None if it is not one.

    "a day after [X]" dates X, a day *before* the anchor: -1; "two weeks before [X]": +14; "hours later": 0;
    "the next day": +1.
    """
    lower = text.lower()
    fixed = {
        "the next day": 1,
        "the following day": 1,
        "the day after": 1,
        "the previous day": -1,
        "the day before": -1,
        "the same day": 0,
        "that day": 0,
    }
    if lower in fixed:
        return fixed[lower]
    match = re.fullmatch(
        rf"(?:({_NUM}|a couple of) )?(day|week|hour|minute)s? (after|before|later|earlier)", lower
    )
    if match is None or (match.group(1) is None and match.group(2) in {"day", "week"}):
        return None  # "days before" is vague
    n = 2 if match.group(1) == "a couple of" else _number(match.group(1)) if match.group(1) else 1
    days = n * 7 if match.group(2) == "week" else n if match.group(2) == "day" else 0
    return -days if match.group(3) in {"after", "earlier"} else days


def _resolve_offset(text: str, anchor: dt.date | None) -> Resolved:
    days = offset_days(text)
    if anchor is None or days is None:
        return Resolved(None, "day", True)
    return Resolved(anchor + dt.timedelta(days=days), "day", True)


def _shift(text: str) -> int:
    """-1 for "last"/"previous", +1 for "next"/"coming", else 0."""
    if re.search(r"\b(last|previous)\b", text):
        return -1
    return 1 if re.search(r"\b(next|coming)\b", text) else 0


def _month_number(word: str) -> int | None:
    word = word.rstrip(".").lower()[:3]
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return names.index(word) + 1 if word in names else None


CALENDAR_TEXT = re.compile(
    rf"\b{_MONTH}(?!\w)|\b{_YEAR}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b", re.IGNORECASE
)


def _resolve_calendar(text: str, pub: dt.date | None, tense: Tense | None) -> Resolved:
    """Calendar dates through dateparser; the year, when missing, chosen by :func:`_choose_year`."""
    weekday = None
    match = re.match(rf"({_WD}),?\s+", text)
    if match:
        weekday = WEEKDAYS.index(match.group(1).lower())
        text = text[match.end() :]
    text = re.sub(r"^(?:the|on|in|since|until|by|during|of)\s+", "", text, flags=re.I)
    # Only calendar text goes to dateparser: it reads "two days" or "five years" as relative to its own
    # base date, which would be a wrong silent date.
    if not CALENDAR_TEXT.search(text):
        return Resolved(None, "day", False)
    parts = _dateparser_parts(text)
    if parts is None:
        return Resolved(None, "day", False)
    year, month, day = parts
    precision: Precision = "day" if day else "month" if month else "year"
    if year is not None:
        try:
            return Resolved(dt.date(year, month or 1, day or 1), precision, False)
        except ValueError:
            return Resolved(None, precision, False)
    if month is None or pub is None:
        return Resolved(None, precision, True)
    return Resolved(_choose_year(month, day, pub, tense, weekday), precision, True)


# --- tense -------------------------------------------------------------------------------------------


def clause_verb(token: Token) -> Token | None:
    """The verb (or auxiliary) heading the clause ``token`` belongs to; None in a verbless sentence."""
    head = clause_head(token)
    return head if is_clause_head(head) else None


def verb_tense(verb: Token) -> Tense | None:
    """Past, present or future, from the verb's tag and auxiliaries ("will hold" → future)."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & FUTURE_AUX or verb.lower_ in {"will", "shall"}:
        return "future"
    if "to" in aux_words or verb.dep_ == "xcomp":
        head = verb.head
        if _lemma(head) in FUTURE_HEADS or head.lower_ in {"due", "going", "set", "scheduled"}:
            return "future"
        if head.i != verb.i and head.pos_ in {"VERB", "AUX"}:
            return verb_tense(head)
    if _lemma(verb) in {"schedule", "slate", "set", "plan", "due"} and verb.tag_ == "VBN":
        return "future" if not aux_words & PAST_AUX else "past"
    if verb.tag_ == "VBD" or aux_words & PAST_AUX:
        return "past"
    if verb.tag_ == "VBN":
        return "past" if not aux_words & {"is", "are", "am", "be", "'s", "'re"} else "present"
    if verb.tag_ == "VBG":
        return "future" if aux_words & {"is", "are", "am", "'s", "'re"} else None
    if verb.tag_ in {"VBZ", "VBP"}:
        return "present"
    return None


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def date_tense(span: Span) -> Tense | None:
    """The tense that chooses past or future for a date expression, or None (nominal: "Friday's summit")."""
    root = span.root
    if root.dep_ in {"poss", "compound", "nmod", "amod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return None
    path = [root, *root.ancestors]
    for token in path:
        if token.lower_ in FUTURE_WORDS and token.pos_ in {"ADJ", "VERB", "AUX"} and token.lower_ != "would":
            if token.lower_ in {"set", "expected", "planned"} and token.tag_ == "VBD":
                continue
            return "future"
        if token.pos_ in {"VERB", "AUX"}:
            return verb_tense(token)
    return None


# --- the component -------------------------------------------------------------------------------------


def find_date_spans(doc: Doc) -> list[tuple[int, int, str | None]]:
    """Character ranges (start, end, kind) of date expressions: our patterns, then spaCy DATE entities."""
    found: list[tuple[int, int, str]] = []
    text = doc.text  # built from the tokens on each access
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
    assigns=["doc._.dates", "doc._.events", "doc._.warnings"],
    requires=["doc._.events", "token.dep", "token.tag"],
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
        text = doc.text
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
            reporting = clause is not None and _lemma(clause) in REPORTING_LEMMAS
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
        rf"(?:(?i:on|early|late)\s+)?({_WD})(?:'s|\u2019s)?(?:\s+(?i:morning|afternoon|evening|night))?",
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
