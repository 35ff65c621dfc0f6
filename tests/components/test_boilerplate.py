"""Boilerplate: captions, credits, bylines, "Read more" lines, reporting credits and datelines."""

from __future__ import annotations

import pytest
import spacy

from eventcoder.components.boilerplate import (
    Boilerplate,
    Segmenter,
    find_boilerplate,
    find_dateline,
    sentence_starts,
)
from eventcoder.components.extensions import is_boilerplate, register_extensions


def marked(text: str) -> list[str]:
    return [text[s:e] for s, e in find_boilerplate(text)]


def test_caption_ending_with_photo_credit() -> None:
    text = (
        "Delegates walk into the conference hall in Lima on May 3. Photo: AFP / Ana Quispe\n\n"
        "Peru and Chile will hold talks on Friday, a lawmaker said."
    )
    assert marked(text) == [
        "Delegates walk into the conference hall in Lima on May 3. Photo: AFP / Ana Quispe"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Photo: AFP / Sam Yeh",
        "(Photo by Kazuhiro Nogi / AFP)",
        "FILE PHOTO: Soldiers patrol the border near Kabul, Afghanistan, May 3, 2021. REUTERS/Omar Sobhani",
        "Protesters gather outside parliament in Bangkok (AFP / Lillian Suwanrumpha)",
        "By Ben Blanchard and Yimou Lee",
        "By John Smith, Reuters",
        "Read more: China warns Japan over Taiwan",
        "READ MORE: Taiwan reports new incursion",
        "Related: US envoy visits Taipei",
        "© 2021 AFP",
        "Copyright 2021 The Associated Press. All rights reserved.",
        "Follow us on Twitter",
    ],
)
def test_whole_boilerplate_lines(line: str) -> None:
    text = f"The ministry said on Tuesday it would respond.\n\n{line}\n\nTalks resume next week."
    assert marked(text) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "By then, the ministry had already responded to the criticism from Beijing and Tokyo.",
        "Photographers were barred from the courtroom, the lawyer said.",
        "The meeting will cover fishing quotas including anchovy, added Ortiz.",
        "Read the full statement, the minister urged reporters on Friday.",
        "Support for the government fell to 30 percent, an AFP/Ipsos poll showed.",
        "Pictures by state media showed soldiers on the streets of the capital.",
        "The army said. Photos by residents showed burning cars in the town centre.",
    ],
)
def test_body_lines_are_not_boilerplate(line: str) -> None:
    assert marked(line) == []


def test_reporting_credit_inside_a_paragraph() -> None:
    text = "Talks resume next week. (Reporting by Ben Blanchard; Editing by Tom Hogue)"
    assert marked(text) == ["(Reporting by Ben Blanchard; Editing by Tom Hogue)"]


@pytest.mark.parametrize(
    ("text", "dateline", "place", "country", "source"),
    [
        ("TAIPEI (AFP) - Taiwan said on Tuesday.", "TAIPEI (AFP) -", "Taipei", "TWN", "AFP"),
        ("WASHINGTON \u2014 The United States said.", "WASHINGTON \u2014", "Washington", "USA", None),
        (
            "Beijing, Aug 25 (Reuters) - China said.",
            "Beijing, Aug 25 (Reuters) -",
            "Beijing",
            "CHN",
            "Reuters",
        ),
        (
            "NEW YORK, N.Y. (AP) \u2014 Police said.",
            "NEW YORK, N.Y. (AP) \u2014",
            "New York City",
            "USA",
            "AP",
        ),
        ("Taliban take Kunduz\n\nKABUL (AFP) - Taliban fighters.", "KABUL (AFP) -", "Kabul", "AFG", "AFP"),
        (
            "By Jane Doe\nKABUL, Afghanistan (VOA) - Taliban fighters.",
            "KABUL, Afghanistan (VOA) -",
            "Kabul",
            "AFG",
            "VOA",
        ),
    ],
)
def test_datelines(text: str, dateline: str, place: str, country: str, source: str | None) -> None:
    found = find_dateline(text, find_boilerplate(text))
    assert found is not None
    assert (found["text"], found["place"]["name"], found["place"]["country"], found["source"]) == (
        dateline,
        place,
        country,
        source,
    )
    assert text[found["start"] : found["end"]] == dateline
    assert (
        text[found["place"]["start"] : found["place"]["end"]].lower()
        == dateline.split(",")[0].split(" (")[0].split(" \u2014")[0].lower()
    )


@pytest.mark.parametrize(
    "text",
    [
        "The talks - which began on Monday - ended without agreement.",
        "Hanoi - a city of eight million - welcomed Harris.",
        "BREAKING: Taiwan reports incursion.",
        "China said on Wednesday it opposed the talks.",
        "Taiwan and Japan to hold talks\n\nChina said on Wednesday it opposed the talks.",
        "Short line\nAnother short line\nWASHINGTON \u2014 too deep to be a dateline.",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text, find_boilerplate(text)) is None


def test_agency_without_place() -> None:
    text = "(Reuters) - China said on Tuesday it opposed the talks."
    found = find_dateline(text)
    assert found == {"text": "(Reuters) -", "start": 0, "end": 11, "place": None, "source": "Reuters"}


def test_component_keeps_text_and_marks_ranges() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Officials meet in Tokyo. Photo: AFP / Sam Yeh\n\nTAIPEI (AFP) - Taiwan and Japan will hold talks."
    doc = Boilerplate("boilerplate")(nlp(text))
    assert doc.text == text
    assert doc._.boilerplate == [[0, 45], [47, 61]]
    assert doc._.dateline["source"] == "AFP" and doc._.dateline["place"]["name"] == "Taipei"
    sentence = next(i for i, sent in enumerate(doc.sents) if sent.start_char <= 47 < sent.end_char)
    assert doc._.dateline["place"]["sentence_id"] == sentence
    assert is_boilerplate(doc, 0, 24) and is_boilerplate(doc, 47, 53) and not is_boilerplate(doc, 62, 68)


def test_dateline_agency_is_the_default_source() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    doc = nlp("TAIPEI (AFP) - Taiwan and Japan will hold talks.")
    doc._.meta = {"article_id": "a", "date": None, "source": None}
    assert Boilerplate("boilerplate")(doc)._.meta["source"] == "AFP"
    doc = nlp("TAIPEI (AFP) - Taiwan and Japan will hold talks.")
    doc._.meta = {"article_id": "a", "source": "Taipei Times"}
    assert Boilerplate("boilerplate")(doc)._.meta["source"] == "Taipei Times"


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    "line",
    [
        "For Immediate Release",
        "For Immediate Release March 3, 2019",
        "Office of the Press Secretary",
        "Office of the Spokesperson",
        "Press Statement",
        "Southern Forces Press Service",
        "Capital File Staff Writer",
        "Tuesday, April 9, 2019",
        "9 April 2019",
        "April 9, 2019 - Lima, Peru - Ministry of Foreign Affairs",
        "Apr. 9, 2019 | By Ana Quispe , Defence News",
        "8:38 A.M. EDT",
        "Updated 10:42 GMT",
    ],
)
def test_header_date_and_timestamp_lines(line: str) -> None:
    text = f"{line}\n\nPeru and Chile will hold talks on Friday, a lawmaker said."
    assert marked(text) == [line]


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    "line",
    [
        "April 9, 2019 was the day Peru and Chile signed the treaty.",
        "Statement by the minister on the border talks",
        "The press service said Peru would respond.",
    ],
)
def test_lines_that_only_start_like_headers(line: str) -> None:
    assert marked(f"{line}\n\nPeru and Chile will hold talks.") == []


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("LIMA, April 9 - Peru accused Chile.", "Peru"),
        ("LIMA \u2014 Peru accused Chile.", "Peru"),
        ("(Reuters) - Peru accused Chile.", "Peru"),
        ("Updated 10:42 GMT\nPeru accused Chile.", "Peru"),
        ("8:38 A.M. EDT Peru accused Chile.", "Peru"),
        ("Key points:\n\u2022 Peru accused Chile.", "Peru"),
        ("Border row deepens\nPeru accused Chile.", "Peru"),
        (
            "For Immediate Release\nOffice of the Press Secretary\nApril 9, 2019\n\nPeru accused Chile.",
            "Peru",
        ),
    ],
)
def test_sentence_starts_after_headings_and_datelines(text: str, first: str) -> None:
    assert text.index(first) in sentence_starts(text)


def test_wrapped_lines_are_not_cut() -> None:
    text = "Peru and Chile will hold\ntalks on Friday, and\nthe ministers of both\nCountries will attend."
    assert sentence_starts(text) == []


@pytest.mark.issue(15)
def test_segmenter_sets_sentence_starts_the_parser_keeps() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    doc = Segmenter("segmenter")(nlp("LIMA, April 9 - Peru accused Chile of spying."))
    assert doc.text == "LIMA, April 9 - Peru accused Chile of spying."
    assert [t.text for t in doc[1:] if t.is_sent_start] == ["Peru"]
    # the next words stay in Peru's sentence, the rest is left to the parser
    assert [t.is_sent_start for t in doc[6:10]] == [False, False, False, None]


@pytest.mark.slow
@pytest.mark.issue(15)
@pytest.mark.parametrize(
    "head",
    [
        "HANOI, March 12 - ",
        "HANOI \u2014 ",
        "(Reuters) - ",
        "Updated 10:42 GMT\n",
        "Key points:\n\u2022 ",
        "For Immediate Release Office of the Press Secretary March 12, 2021\n",
    ],
)
def test_first_sentence_keeps_its_event(nlp: spacy.language.Language, head: str) -> None:
    from eventcoder.driver import code

    text = head + "Vietnam condemned China on Tuesday for seizing a fishing boat."
    (record,) = code(text, date="2021-03-12", nlp=nlp)
    assert (record.source.code, record.cameo, record.target.code) == ("VNM", "111", "CHN")  # type: ignore[union-attr]
    assert record.sentence == "Vietnam condemned China on Tuesday for seizing a fishing boat."
