"""Date expressions of eventcoder_dates: the patterns that find them and how each resolves against the
publication date (the rules are listed in :mod:`eventcoder.components.dates.component`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eventcoder.errors import ArticleError, Warnings

Tense = Literal["past", "present", "future"]
Precision = Literal["day", "week", "month", "year"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
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
_WD_PREFIX = rf"(?:{WEEKDAY_RE},?\s+)?"
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
            rf"\b(?:(?i:last|next|this|coming|past|early|late)\s+)?{WEEKDAY_RE}(?!s)\b"
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
        from eventcoder.io.inputs import normalize_date

        try:
            pub = dt.date.fromisoformat(normalize_date(str(value), "date") or "")
        except (ValueError, ArticleError):  # "2021-08-25garbage" is not a date
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


@dataclass(frozen=True)
class Expression:
    """A date expression being resolved: its cleaned text, its kind, and what it is resolved against."""

    text: str  # whitespace collapsed, curly apostrophe straightened, no trailing 's
    kind: str | None  # the PATTERNS kind (classify), None for a calendar date left to dateparser
    pub: dt.date | None
    tense: Tense | None
    anchor: dt.date | None

    @property
    def lower(self) -> str:
        return self.text.lower()


def iso_date(e: Expression) -> Resolved:
    """ "2021-08-24": as written."""
    return Resolved(dt.date.fromisoformat(e.text), "day", False)


def weekday(e: Expression) -> Resolved:
    """ "Friday", "last Friday", "Friday morning": the tense's side of publication (resolve_weekday)."""
    words = [w for w in e.lower.split() if w not in {"morning", "afternoon", "evening", "night"}]
    modifier = words[0] if len(words) > 1 else ""
    if e.pub is None:
        return Resolved(None, "day", True)
    return Resolved(resolve_weekday(WEEKDAYS.index(words[-1]), e.pub, e.tense, modifier), "day", True)


DAY_SHIFTS = {
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def relative_day(e: Expression) -> Resolved:
    """ "yesterday", "today", "tomorrow", "last night": by arithmetic."""
    shift = DAY_SHIFTS.get(e.lower, 0)
    return Resolved(e.pub + dt.timedelta(days=shift) if e.pub else None, "day", True)


def relative_week(e: Expression) -> Resolved:
    """ "last/this/next week": that ISO week's Monday; "the weekend": its Saturday."""
    if e.pub is None:
        return Resolved(None, "week", True)
    if e.lower.endswith("weekend"):
        modifier = e.lower.split()[0] if e.lower.startswith(("last", "next")) else ""
        return Resolved(resolve_weekday(5, e.pub, e.tense, modifier), "day", True)
    return Resolved(week_start(e.pub) + dt.timedelta(weeks=_shift(e.lower)), "week", True)


def relative_month(e: Expression) -> Resolved:
    """ "last/this/next month", "earlier this month": the first of that month."""
    if e.pub is None:
        return Resolved(None, "month", True)
    return Resolved(month_start(e.pub, _shift(e.lower)), "month", True)


def relative_year(e: Expression) -> Resolved:
    """ "last/this/next year", "earlier this year": 1 January of that year."""
    if e.pub is None:
        return Resolved(None, "year", True)
    return Resolved(dt.date(e.pub.year + _shift(e.lower), 1, 1), "year", True)


def offset(e: Expression) -> Resolved:
    """ "a day after", "hours later": counted from the anchor event's date, unresolved without one."""
    return _resolve_offset(e.lower, e.anchor)


def counted(e: Expression) -> Resolved:
    """ "three days ago", "in two weeks": N units before / after publication."""
    match = re.match(rf"(?:in |within )?({_NUM}) (day|week|month|year)", e.lower)
    if e.pub is None or match is None:
        return Resolved(None, "day", True)
    n, unit = _number(match.group(1)), match.group(2)
    sign = -1 if e.kind == "ago" else 1
    if unit == "day":
        return Resolved(e.pub + dt.timedelta(days=sign * n), "day", True)
    if unit == "week":
        return Resolved(week_start(e.pub + dt.timedelta(weeks=sign * n)), "week", True)
    if unit == "month":
        return Resolved(month_start(e.pub, sign * n), "month", True)
    return Resolved(dt.date(e.pub.year + sign * n, 1, 1), "year", True)


def year(e: Expression) -> Resolved:
    """ "in 2019": 1 January, as written."""
    return Resolved(dt.date(int(e.text[-4:]), 1, 1), "year", False)


def month(e: Expression) -> Resolved:
    """ "last March", "next May", "this June", "in March": the first of the month; a bare month takes the
    year on the tense's side of publication."""
    words = e.lower.replace("mid-", "mid ").split()
    number = _month_number(words[-1])
    modifier = next((w for w in words if w in {"last", "next", "this", "coming", "previous"}), "")
    if e.pub is None or number is None:
        return Resolved(None, "month", True)
    if modifier in {"last", "previous"}:
        return Resolved(
            dt.date(e.pub.year if number < e.pub.month else e.pub.year - 1, number, 1), "month", True
        )
    if modifier in {"next", "coming"}:
        return Resolved(
            dt.date(e.pub.year if number > e.pub.month else e.pub.year + 1, number, 1), "month", True
        )
    if modifier == "this":
        return Resolved(dt.date(e.pub.year, number, 1), "month", True)
    return Resolved(_choose_year(number, None, e.pub, e.tense), "month", True)


def calendar(e: Expression) -> Resolved:
    """Anything else ("Aug. 24", "24 August 2021", "March 2019"): dateparser parses, we choose the year."""
    return _resolve_calendar(e.text, e.pub, e.tense)


# One rule per expression kind (classify picks the kind, in PATTERNS order); calendar dates are the rest.
RULES: dict[str, Callable[[Expression], Resolved]] = {
    "iso": iso_date,
    "weekday": weekday,
    "day": relative_day,
    "week": relative_week,
    "month_rel": relative_month,
    "year_rel": relative_year,
    "offset": offset,
    "ago": counted,
    "in_n": counted,
    "year": year,
    "month": month,
    "calendar": calendar,
}


def resolve_date(
    text: str, pub_date: dt.date | str | None, tense: Tense | None = None, anchor: dt.date | None = None
) -> Resolved:
    """Resolve one date expression against the publication date.

    ``anchor``: for offsets from another event ("a day after X", "hours later", "the next day"), the
    date they count from (the component finds it in the parse); without it they stay unresolved. A date
    that would fall outside the calendar (years 1-9999: "tomorrow" published 9999-12-31) stays unresolved.

    >>> resolve_date("Friday", "2021-08-25", "future").date
    datetime.date(2021, 8, 27)
    """
    try:
        return _resolve_date(text, pub_date, tense, anchor)
    except (OverflowError, ValueError):  # date arithmetic beyond year 1 or 9999, or a day like 30 February
        return Resolved(None, "day", True)


def _resolve_date(
    text: str, pub_date: dt.date | str | None, tense: Tense | None, anchor: dt.date | None
) -> Resolved:
    pub = dt.date.fromisoformat(pub_date) if isinstance(pub_date, str) else pub_date
    clean = re.sub(r"\s+", " ", text.strip().replace("\u2019", "'"))
    clean = re.sub(r"'s$", "", clean)
    expression = Expression(clean, classify(clean), pub, tense, anchor)
    rule = RULES.get(expression.kind or "", calendar)
    return rule(expression)


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
    match = re.match(rf"({WEEKDAY_RE}),?\s+", text)
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
