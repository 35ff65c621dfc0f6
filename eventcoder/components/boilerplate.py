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
is boilerplate wherever it stands.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.extensions import PlaceDict, register_extensions

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
        text = doc.text
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
        if head and (not re.match(r"^\s*By\s", line) or _is_byline(line)) or _is_caption(line):
            ranges.append([start, end])
        else:
            for match in REPORTING.finditer(line):
                ranges.append([start + match.start(), start + match.end()])
    return _merge(ranges)


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
