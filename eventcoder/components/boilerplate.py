"""eventcoder_boilerplate: captions, credits, bylines, "Read more" lines and the dateline.

Runs first among eventcoder's components. The text is never changed: ``doc._.boilerplate`` lists
character ranges ``[start, end]`` that later components skip (``extensions.is_boilerplate``), and
``doc._.dateline`` holds the dateline ("TAIPEI (AFP) -", "WASHINGTON —", "Beijing, Aug 25 (Reuters) -")
with the place it names (resolved with the gazetteer) and the agency, which also becomes
``doc._.meta["source"]`` when the article came without one. The dateline's own characters are
also a boilerplate range, so "TAIPEI" is never coded as an actor.

Rules work on lines (paragraphs), so they hold for any text: a line that *ends* with a photo credit is a
caption ("... in Tokyo on August 24. Photo: AFP / Yasuyoshi Chiba"); a line that *starts* with a credit,
byline, copyright or "Read more"/"Related" cue is boilerplate whole; "(Reporting by ...; Editing by ...)"
is boilerplate wherever it stands. Press-release headers ("For Immediate Release", "Office of the Press
Secretary"), service names ("American Forces Press Service"), date-only lines ("Friday, May 13, 2005"),
writer lines ("Washington File Staff Writer") and timestamps ("8:38 A.M. EDT", "Updated 10:42 GMT") are
boilerplate too (#15).

``eventcoder_segmenter`` runs before the parser and sets sentence starts the parser keeps, so that none of
these, nor the dateline or a bullet, glues onto the first sentence and breaks its parse (#15): each line
after a blank line or a heading, the end of each boilerplate range and of the dateline, each bullet. The
text and its offsets never change.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.extensions import PlaceDict, doc_text, register_extensions

AGENCIES = (
    r"AFP|Reuters|AP|Associated Press|Xinhua|dpa|DPA|EFE|ANSA|Kyodo|Yonhap|Bernama|PTI|IANS|UPI|TASS|"
    r"RIA Novosti|Interfax|Anadolu|AA|KUNA|WAM|SPA|IRNA|APA|CNA|Antara|VNA|KCNA|MENA|Sputnik|Bloomberg|VOA|"
    r"RFE/RL|BBC|CNN|Al Jazeera|Lusa|Agence France-Presse|Agence France Presse|NNA|QNA|BSS|APP|ISNA|Mehr|"
    r"Tasnim|Fars|Xinhua News Agency|Jiji|Jiji Press|NHK|Arab News|ABC|AP Photo"
)
_CREDIT = r"(?:Photo|Photograph|Picture|Pic|Image|Video|Footage|Credit|Graphic|Illustration|File photo)s?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DASH = r"(?:-{1,2}|\u2013|\u2014|\u2015|:)"

# A line ending with a photo credit is a caption: "... on August 24. Photo: AFP / Yasuyoshi Chiba".
CAPTION_END = re.compile(
    rf"(?:^|[.!?\u201d\"')\]]\s+|\s[-\u2013\u2014|]\s*)\(?{_CREDIT}\s*(?::|by\b)\s*(?P<rest>[^\n]{{1,120}})$"
    rf"|\((?:{_CREDIT}\s*:?\s*)?(?:AFP|Reuters|AP|EPA|Getty Images|Xinhua)(?: Photo)?"
    rf"\s*/\s*[^\n()]{{1,60}}\)\s*$",
    re.IGNORECASE,
)
# "... REUTERS/Omar Sobhani", "... AFP PHOTO / JOHN DOE": an upper-case agency, a slash and a name.
AGENCY_NAME_END = re.compile(
    r"\b(?:REUTERS|AFP|AP|GETTY IMAGES|EPA|EPA-EFE|ANADOLU|AFP PHOTO|AP PHOTO|XINHUA)\s*/\s*"
    r"[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3}\s*$"
)
# Words a credit may hold besides names: "Photo by Kazuhiro Nogi / AFP via Getty Images".
CREDIT_WORDS = frozenset(
    {"via", "and", "for", "of", "by", "the", "photo", "photos", "staff", "handout", "file"}
)


def _credit_like(rest: str) -> bool:
    """Whether text after "Photo:"/"Photo by" is a credit (names, agencies) rather than a sentence."""
    words = re.findall(r"[^\W\d_][\w'\-]*", rest)
    return 0 < len(words) <= 8 and all(w[0].isupper() or w.lower() in CREDIT_WORDS for w in words)


def _is_caption(line: str) -> bool:
    match = CAPTION_END.search(line)
    if match is not None and (match.group("rest") is None or _credit_like(match.group("rest"))):
        return True
    return AGENCY_NAME_END.search(line) is not None


# Whole lines that are boilerplate, recognised by how they start.
LINE_START = re.compile(
    rf"^\s*(?:\(?{_CREDIT}\s*(?::|by\b)"
    r"|FILE PHOTO\b|FILE -|By\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}\s*(?:,|and|$|\||\u2014|-)"
    r"|(?:Read|See|Watch|Listen)(?:\s+\w+){0,2}\s*:|Related(?:\s+\w+){0,2}\s*:|Also read\b|More on this\b"
    r"|Click here\b|Subscribe\b|Sign up\b|Follow (?:us|him|her|them)\b|Share (?:this|on)\b"
    r"|\u00a9|Copyright\b|All rights reserved"
    r"|\(?(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled)\s+by\b"
    r"|Advertisement\s*$|Story continues\b|Continue reading\b|This story has been\b|Contact the author\b"
    r"|Source\s*:|Sources?\s*:\s*[A-Z])",
    re.IGNORECASE | re.MULTILINE,
)
_DAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_DATE = (
    rf"(?:{_DAY}?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"  # May 13, 2005
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}))"  # 25 May 2005
)
_NAMES = r"[A-Z][\w.'\-]*(?:[\s,]+(?:of\s+|the\s+|and\s+)?[A-Z][\w.'\-]*){0,6}"
# Header lines of press releases and official statements, with an optional date (#15).
HEADER_LINE = re.compile(
    r"^\s*(?:For Immediate Release|Immediate Release"
    r"|Office of (?:the )?(?:Press Secretary|Spokes(?:man|person|woman)|Press Relations|Public Affairs"
    r"|Media Affairs)"
    r"|Press (?:Statement|Release|Briefing)|Media (?:Note|Advisory)"
    r"|Readout|Fact Sheet|Statement|NEWS|\((?:begin|end) text\)|Posted by\b[^.!?\n]*"
    rf"|(?:{_NAMES}\s+)?(?:Press|News|Information) Service"
    rf"|{_NAMES}\s+(?:Staff Writer|Staff Reporter|Correspondent|Contributing Writer))"
    rf"\s*(?:[|,:\-\u2013\u2014]?\s*{_DATE})?\s*$"
)
# A line that is only a date, perhaps with a place or an office: "Friday, May 13, 2005",
# "January 10, 2019 - Ottawa, Ontario - Global Affairs Canada", "Oct. 21, 2022 | By Jim Garamone , DOD News".
DATE_LINE = re.compile(rf"^\s*{_DATE}(?:\s*[,|\-\u2013\u2014]\s*{_NAMES})*\s*$")
# A timestamp heading a line: "8:38 A.M. EDT", "Updated 10:42 GMT", "Posted: May 3, 2021 14:05".
TIMESTAMP = re.compile(
    rf"^\s*(?:(?i:(?:Last )?(?:Updated|Posted|Published))\s*:?\s*)?(?:{_DATE}\s*,?\s*(?:at\s+)?)?"
    r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s*\(?(?:[A-Z]{2,4}T|GMT|UTC)\)?)?"
    r"(?=\s*(?:[|,\-\u2013\u2014]\s*)?$|\s+[\u2022|\-\u2013\u2014]?\s*[A-Z\"\u201c])"
)
MIN_SENTENCE_TOKENS = 3  # words after a forced sentence start that never start another
BULLETS = "\u2022\u25aa\u25cf\u25e6\u2023\u2043"
# A line that starts a new sentence whatever its predecessor: "- item", "* item", "1. item".
BULLET_LINE = re.compile(r"^\s*(?:[*\-\u2013]\s+|\d{1,2}[.)]\s+)(?=[A-Z\"\u201c])")
# A byline must be short: "By John Smith", "By John Smith, Reuters".
MAX_BYLINE_WORDS = 10
# "(Reporting by ...; Editing by ...)" anywhere, up to its closing parenthesis.
REPORTING = re.compile(
    r"\((?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Research|Translated)\s+by\b[^()]*\)",
    re.IGNORECASE,
)
HEADLINE_MAX_WORDS = 20
# "(Reuters) - China said ...": an agency without a place.
AGENCY_ONLY = re.compile(rf"\((?P<source>{AGENCIES})\)\s*(?P<dash>{_DASH})\s+(?=\S)")
# Datelines at the start of the body: "TAIPEI (AFP) -", "WASHINGTON —", "Beijing, Aug 25 (Reuters) -",
# "NEW YORK, N.Y. (AP) —", "Kabul, Afghanistan (VOA) -".
DATELINE = re.compile(
    rf"(?P<place>(?:[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){{0,3}})"  # TAIPEI, NEW YORK
    rf"|(?:[A-Z][a-z.'\-]+(?: [A-Z][a-z.'\-]+){{0,3}}))"  # Beijing, Buenos Aires
    rf"(?:,\s*(?P<region>[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){{0,2}}))?"  # , N.Y. / , Afghanistan
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"  # , Aug 25
    rf"\s*(?:\((?P<source>{AGENCIES})\))?"
    rf"\s*{_DASH}\s+(?=\S)"
)


@Language.factory(
    "eventcoder_segmenter",
    assigns=["token.is_sent_start"],
    requires=[],
    default_config={},
)
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter(name)


@Language.factory(
    "eventcoder_boilerplate",
    assigns=["doc._.boilerplate", "doc._.dateline", "doc._.meta"],  # meta: the dateline's agency as source
    requires=["doc.sents"],
    default_config={"datelines": True},
)
def make_boilerplate(nlp: Language, name: str, datelines: bool) -> Boilerplate:
    return Boilerplate(name, datelines=datelines)


class Boilerplate:
    """Mark captions, credits, bylines and link lines; read the dateline."""

    def __init__(self, name: str, *, datelines: bool = True) -> None:
        register_extensions()
        self.name = name
        self.datelines = datelines

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ranges = find_boilerplate(text)
        dateline = find_dateline(text, ranges) if self.datelines else None
        if dateline is not None:
            ranges = sorted([*ranges, [dateline["start"], dateline["end"]]])
            if dateline["place"] is not None:
                dateline["place"]["sentence_id"] = _sentence_id(doc, dateline["start"])
        doc._.boilerplate = ranges
        doc._.dateline = dateline
        meta = doc._.meta or {}
        if dateline and dateline["source"] and not meta.get("source"):
            doc._.meta = {**meta, "source": dateline["source"]}  # the agency is the default source
        return doc


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, without surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def _is_byline(line: str) -> bool:
    return (
        bool(re.match(r"^\s*By\s", line))
        and len(line.split()) <= MAX_BYLINE_WORDS
        and not line.rstrip().endswith((".", "?", "!"))
    )


def find_boilerplate(text: str) -> list[list[int]]:
    """Character ranges of captions, credits, bylines, "Read more" lines and reporting credits."""
    ranges: list[list[int]] = []
    for start, end in _lines(text):
        line = text[start:end]
        head = LINE_START.match(line)
        if head and re.match(rf"\s*\(?{_CREDIT}\s*by\b", line, re.IGNORECASE):
            head = head if _credit_like(line[head.end() :]) else None  # "Pictures by state media showed ..."
        whole = head and (not re.match(r"^\s*By\s", line) or _is_byline(line)) or _is_caption(line)
        if whole or HEADER_LINE.match(line) or DATE_LINE.match(line):
            ranges.append([start, end])
        elif stamp := TIMESTAMP.match(line):
            ranges.append([start, start + stamp.end()])
        else:
            for match in REPORTING.finditer(line):
                ranges.append([start + match.start(), start + match.end()])
    return _merge(ranges)


def _hard_wrapped(lines: list[tuple[int, int]], text: str) -> bool:
    """Whether the text wraps sentences across lines: two or more lines go on in lower case."""
    runs = 0
    for (_, end), (start, _) in zip(lines, lines[1:], strict=False):
        if text[start].islower() and text[end - 1] not in ".!?:":
            runs += 1
    return runs >= 2


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence must start, whatever the parser thinks (#15).

    A line after a blank line, after a line of its own (unless the text wraps sentences across lines, or
    the line goes on in lower case), a bullet, the end of the dateline and of each boilerplate range.
    """
    ranges = find_boilerplate(text)
    dateline = find_dateline(text, ranges)
    starts: set[int] = set()
    lines = _lines(text)
    wrapped = _hard_wrapped(lines, text)
    for (_, prev_end), (start, end) in zip(lines, lines[1:], strict=False):
        blank = text.count("\n", prev_end, start) > 1
        if blank or (not wrapped and not text[start].islower()) or BULLET_LINE.match(text, start, end):
            starts.add(start)
    ends = [e for _, e in ranges] + ([dateline["end"]] if dateline else [])
    starts.update(s for s, _ in ranges)
    for match in re.finditer(f"[{BULLETS}]", text):
        starts.update((match.start(), match.end()))
    starts.update(ends)
    # each start at the next non-space character, never at the very start of the text
    moved = {start + len(text[start:]) - len(text[start:].lstrip()) for start in starts}
    return sorted(s for s in moved if 0 < s < len(text))


class Segmenter:
    """Set sentence starts before the parser (see module docstring); the parser keeps them."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        offsets = [tok.idx for tok in doc]
        for char in sentence_starts(doc_text(doc)):
            i = bisect_left(offsets, char)
            while i < len(doc) and doc[i].is_space:
                i += 1
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
                # the parser, seeing a heading just before, may cut right after the first word ("HANOI, March
                # 12 - Vietnam | condemned China"): the next words stay in the sentence up to a punctuation
                for tok in doc[i + 1 : i + 1 + MIN_SENTENCE_TOKENS]:
                    if tok.is_punct or tok.is_space or tok.is_sent_start:
                        break
                    tok.is_sent_start = False
        return doc


def _merge(ranges: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def find_dateline(text: str, boilerplate: list[list[int]] | None = None) -> dict[str, Any] | None:
    """The dateline at the start of the body (after captions, bylines and at most one headline line), or None.

    Returns ``{"text", "start", "end", "place": PlaceDict | None, "source": str | None}``; the range covers
    the place, date, agency and dash ("TAIPEI (AFP) -"), not the space after it. "(Reuters) -" alone gives
    only the source.
    """
    boilerplate = boilerplate or []
    headline_skipped = False
    for start, end in _lines(text):
        if any(b0 <= start and end <= b1 for b0, b1 in boilerplate):
            continue
        found = _dateline_at(text, start, end)
        if found is not None:
            return found
        line = text[start:end]
        # A headline kept above the body: short, no closing punctuation. Look one line further.
        if (
            not headline_skipped
            and len(line.split()) <= HEADLINE_MAX_WORDS
            and not line.endswith((".", "!", "?", '"'))
        ):
            headline_skipped = True
            continue
        return None
    return None


def _dateline_at(text: str, start: int, end: int) -> dict[str, Any] | None:
    from eventcoder.components.places.component import place_dict

    agency = AGENCY_ONLY.match(text, start, end)
    if agency is not None:
        dl_end = agency.end("dash")
        return {
            "text": text[start:dl_end],
            "start": start,
            "end": dl_end,
            "place": None,
            "source": agency.group("source"),
        }
    match = DATELINE.match(text, start, end)
    if match is None:
        return None
    name, region, source = match.group("place"), match.group("region"), match.group("source")
    # A mixed-case place needs the agency or the date ("Beijing, Aug 25 (Reuters) -"); an upper-case one
    # ("WASHINGTON —") stands alone; a plain sentence with a dash must not look like a dateline.
    if not name.isupper() and not (source or match.group("date")):
        return None
    place = _resolve(name, region)
    if place is None and not source:
        return None
    pd: PlaceDict | None = None
    if place is not None:
        p_start = match.start("place")
        pd = place_dict(place, name, p_start, p_start + len(name), 0)
    dl_end = match.end()
    while dl_end > start and text[dl_end - 1].isspace():
        dl_end -= 1
    return {"text": text[start:dl_end], "start": start, "end": dl_end, "place": pd, "source": source}


def _resolve(name: str, region: str | None) -> Any:
    from eventcoder.knowledge.gazetteer import resolve_place

    context: set[str] = set()
    if region:
        country = resolve_place(region)
        if country is not None and country.country:
            context.add(country.country)
    return resolve_place(name.title() if name.isupper() else name, context)


def _sentence_id(doc: Doc, char: int) -> int:
    if not doc.has_annotation("SENT_START"):
        return 0
    for i, sent in enumerate(doc.sents):
        if sent.start_char <= char < sent.end_char:
            return i
    return 0
