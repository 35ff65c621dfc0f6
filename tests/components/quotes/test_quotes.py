"""eventcoder_quotes: quotation marks, attribution patterns, speakers, indirect speech, events in quotes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.extensions import register_extensions
from eventcoder.components.quotes.component import QuoteFinder, load_speech_verbs
from eventcoder.errors import Warnings

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture(scope="module")
def finder() -> QuoteFinder:
    register_extensions()
    return QuoteFinder("quotes", verbs=load_speech_verbs())


@pytest.fixture(scope="module")
def parse(base_nlp: Language, finder: QuoteFinder) -> Any:
    """Parse a text with the base model, optionally add events/actors, then run the quote component."""

    def run(text: str, events: list[dict[str, Any]] | None = None, actors: list[Any] | None = None) -> Doc:
        doc = base_nlp(text)
        doc._.events = events or []
        doc._.actors = actors or []
        doc._.warnings = []
        return finder(doc)

    return run


def speakers(doc: Doc, kind: str = "direct") -> list[tuple[str, str | None, str | None]]:
    return [
        (
            q["text"],
            q["speaker"]["text"] if q["speaker"] else None,
            q["speaker"]["name"] if q["speaker"] else None,
        )
        for q in doc._.quotes
        if q["kind"] == kind
    ]


# attribution patterns -------------------------------------------------------------------------------


def test_post_quote_attribution(parse: Any) -> None:
    doc = parse(
        "“We will not accept any foreign interference,” Interior Minister Rafael Ortega told Reuters."
    )
    assert speakers(doc) == [
        ("We will not accept any foreign interference", "Rafael Ortega", "Rafael Ortega")
    ]
    (quote,) = [q for q in doc._.quotes if q["kind"] == "direct"]
    assert doc.text[quote["start"] : quote["end"]] == quote["text"]
    speaker = quote["speaker"]
    assert doc.text[speaker["start"] : speaker["end"]] == "Rafael Ortega"


def test_pre_quote_attribution(parse: Any) -> None:
    doc = parse("The prime minister said: “Our troops will stay until the border is secure.”")
    assert speakers(doc) == [("Our troops will stay until the border is secure.", "prime minister", None)]


def test_appositive_name_of_a_person_noun(parse: Any) -> None:
    doc = parse('The minister, Ana Costa, said: "We will not negotiate under fire."')
    assert speakers(doc) == [("We will not negotiate under fire.", "Ana Costa", "Ana Costa")]


def test_inverted_attribution(parse: Any) -> None:
    doc = parse("“The sanctions are illegal,” warned foreign ministry spokeswoman Maria Lindqvist.")
    assert speakers(doc) == [("The sanctions are illegal", "Maria Lindqvist", "Maria Lindqvist")]


def test_quoted_as_saying(parse: Any) -> None:
    doc = parse(
        "Army chief Tomas Varga met the envoy on Monday. "
        "“The ceasefire must hold,” Varga was quoted as saying by the state news agency."
    )
    assert speakers(doc) == [("The ceasefire must hold", "Varga", "Tomas Varga")]


def test_adding_fragment(parse: Any) -> None:
    doc = parse(
        "“We are ready to talk,” Foreign Minister Ana Costa said, adding “all options remain on the table.”"
    )
    assert speakers(doc) == [
        ("We are ready to talk", "Ana Costa", "Ana Costa"),
        ("all options remain on the table.", "Ana Costa", "Ana Costa"),
    ]


def test_according_to(parse: Any) -> None:
    doc = parse("“The convoy was hit twice,” according to Colonel Idris Mansour.")
    assert speakers(doc) == [("The convoy was hit twice", "Idris Mansour", "Idris Mansour")]


def test_multi_sentence_quote(parse: Any) -> None:
    doc = parse("“We have waited long enough. The talks are over,” opposition leader Kofi Mensah said.")
    assert speakers(doc) == [("We have waited long enough. The talks are over", "Kofi Mensah", "Kofi Mensah")]


def test_multi_paragraph_quote(parse: Any) -> None:
    text = (
        "President Lena Brandt said: “This is a dark day for our country.\n\n"
        "“We will rebuild every school that was destroyed.”\n\nThe ministry gave no figures."
    )
    doc = parse(text)
    ((quote_text, speaker, name),) = speakers(doc)
    assert (
        quote_text
        == "This is a dark day for our country.\n\n“We will rebuild every school that was destroyed."
    )
    assert (speaker, name) == ("Lena Brandt", "Lena Brandt")


def test_continuation_paragraph_pronoun(parse: Any) -> None:
    text = (
        "Defence Minister Pavel Novak told the Daily Herald that the drills would continue.\n\n"
        "“We do not take orders from anyone,” he told the paper."
    )
    doc = parse(text)
    assert speakers(doc) == [("We do not take orders from anyone", "he", "Pavel Novak")]


def test_next_paragraph_quote_continues_speaker(parse: Any) -> None:
    text = (
        "“The border is closed,” said General Omar Haddad.\n\n"
        "“Nobody will cross it without our permission.”\n\nTrade fell sharply in May."
    )
    doc = parse(text)
    assert [s[2] for s in speakers(doc)] == ["Omar Haddad", "Omar Haddad"]


def test_pronoun_refers_to_a_person_noun_speaker(parse: Any) -> None:
    text = (
        "The Red Cross said its convoy was turned back at the border. "
        "A spokesman for the organisation said the trucks carried only food. "
        "“We have asked both sides for safe passage,” he said."
    )
    doc = parse(text)
    (direct,) = [q for q in doc._.quotes if q["kind"] == "direct"]
    assert (direct["speaker"]["text"], direct["speaker"]["name"]) == (
        "he",
        "A spokesman for the organisation",
    )


def test_subject_of_the_paragraph_is_a_pronoun_antecedent(parse: Any) -> None:
    text = "Prime Minister Lena Brandt condemned the attack. “This was cowardly,” she told reporters."
    doc = parse(text)
    assert speakers(doc) == [("This was cowardly", "she", "Lena Brandt")]


def test_pronoun_without_antecedent_is_not_guessed(parse: Any) -> None:
    doc = parse("“We will respond,” he said.")
    ((quote,),) = [[q for q in doc._.quotes if q["kind"] == "direct"]]
    assert quote["speaker"] == {"text": "he", "name": None, "code": None, "start": 19, "end": 21}


def test_whole_sentence_quote_without_speaker(parse: Any) -> None:
    doc = parse("Protesters carried a banner. “Bring our sons home from the front.”")
    assert speakers(doc) == [("Bring our sons home from the front.", None, None)]


# indirect speech and scare quotes -------------------------------------------------------------------


def test_indirect_speech(parse: Any) -> None:
    doc = parse("Finance Minister Sara Okafor said the government would cut fuel subsidies next year.")
    assert speakers(doc, "indirect") == [
        ("the government would cut fuel subsidies next year", "Sara Okafor", "Sara Okafor")
    ]
    assert speakers(doc) == []


def test_indirect_speech_inverted(parse: Any) -> None:
    doc = parse("The talks will resume in Geneva next week, added Lars Eriksen, who leads the delegation.")
    assert speakers(doc, "indirect") == [
        ("The talks will resume in Geneva next week", "Lars Eriksen", "Lars Eriksen")
    ]


def test_scare_quotes_are_not_speech(parse: Any) -> None:
    doc = parse("The two parties will hold a so-called “two-plus-two” meeting on Friday.")
    assert doc._.quotes == []


def test_fragment_governed_by_speech_verb_is_speech(parse: Any) -> None:
    doc = parse("Mayor Ruth Adler said the new law would have a “devastating impact” on small firms.")
    assert speakers(doc) == [("devastating impact", "Ruth Adler", "Ruth Adler")]
    ((text, _, name),) = speakers(doc, "indirect")
    assert (text, name) == ("the new law would have a “devastating impact” on small firms", "Ruth Adler")


# bad input ------------------------------------------------------------------------------------------


def test_unbalanced_marks_warn_and_close_at_paragraph_end(parse: Any) -> None:
    doc = parse("“We will never surrender, the rebel commander said.\n\nFighting continued overnight.")
    assert doc._.warnings == [Warnings.W102]
    assert speakers(doc) == [("We will never surrender", "rebel commander", None)]  # attribution split off
    doc = parse("Talks resumed. “Nobody here wants another war and nobody will forget it.\n\nTalks went on.")
    assert doc._.warnings == [Warnings.W102]
    assert speakers(doc) == [("Nobody here wants another war and nobody will forget it.", None, None)]


@pytest.mark.parametrize("text", ["”", "“", '"', "“”", "\n\n“\n\n”\n", "a “b” c ” d “", "«»„“"])
def test_degenerate_marks_never_crash(parse: Any, text: str) -> None:
    doc = parse(text)
    assert all(0 <= q["start"] <= q["end"] <= len(text) for q in doc._.quotes)


# events and actors ----------------------------------------------------------------------------------


def _event(doc_text: str, trigger: str, modality: str = "asserted") -> dict[str, Any]:
    start = doc_text.index(trigger)
    return {"trigger": {"text": trigger, "start": start, "end": start + len(trigger)}, "modality": modality}


def test_events_inside_quotes_are_reported(parse: Any) -> None:
    text = (
        "“Our army attacked the rebels and will bomb their bases,” General Omar Haddad said. Troops arrived."
    )
    events = [_event(text, "attacked"), _event(text, "bomb", "future"), _event(text, "arrived")]
    doc = parse(text, events=events)
    direct = [i for i, q in enumerate(doc._.quotes) if q["kind"] == "direct"]
    assert direct == [0]
    assert [(e.get("quote"), e["modality"]) for e in doc._.events] == [
        (0, "reported"),
        (0, "future"),
        (None, "asserted"),
    ]


def test_speaker_takes_code_from_actor_mention(parse: Any, base_nlp: Language) -> None:
    text = "“We reject the accusation,” said spokesman Wang Wenbin."
    start = text.index("spokesman")
    first = next(t.i for t in base_nlp(text) if t.text == "spokesman")
    actor = {
        "text": "spokesman Wang Wenbin",
        "start": start,
        "end": len(text) - 1,
        "token_start": first,
        "token_end": first + 3,
        "head": first + 2,
        "sentence_id": 0,
        "code": "CHNGOV",
        "country": "CHN",
        "sector": "GOV",
        "name": "Wang Wenbin",
        "kind": "person",
    }
    doc = parse(text, actors=[actor])
    (quote,) = doc._.quotes
    assert (quote["speaker"]["name"], quote["speaker"]["code"]) == ("Wang Wenbin", "CHNGOV")


def _full(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc._.meta = {"article_id": "test", "date": "2021-08-25"}
    return nlp(doc)


def test_pipeline_has_no_problems(nlp: Language) -> None:
    assert nlp.pipe_names[-1] == "eventcoder_quotes"
    assert nlp.analyze_pipes()["problems"]["eventcoder_quotes"] == []


def test_seed_article_speakers(nlp: Language, shared: Callable[[str], Path]) -> None:
    doc = _full(nlp, shared("seed_article.txt").read_text(encoding="utf-8"))
    direct = [
        (q["text"], q["speaker"]["name"] if q["speaker"] else None)
        for q in doc._.quotes
        if q["kind"] == "direct"
    ]
    names = {text.split()[0] + " " + text.split()[1]: name for text, name in direct if len(text.split()) > 1}
    assert names["This is"] == "Lo Chih-cheng"
    assert names["serious impact"] == "Masahisa Sato"  # "Sato was quoted as saying"
    assert names["That is"] == "Masahisa Sato"  # "he told the paper"
    assert names["The Taiwan"] == "Wang Wenbin"
    assert names["should be"] == "Wang Wenbin"
    assert all(q["text"] != "two-plus-two" for q in doc._.quotes)
    codes = {q["speaker"]["name"]: q["speaker"]["code"] for q in doc._.quotes if q["speaker"]}
    assert codes["Wang Wenbin"] == "CHNGOV"


def test_seed_events_in_quotes_are_reported(nlp: Language, shared: Callable[[str], Path]) -> None:
    doc = _full(nlp, shared("seed_article.txt").read_text(encoding="utf-8"))
    quoted = [e for e in doc._.events if e.get("quote") is not None]
    assert quoted
    for event in quoted:
        quote = doc._.quotes[event["quote"]]
        assert quote["start"] <= event["trigger"]["start"] < quote["end"]
        assert event["modality"] in {"reported", "future", "intended", "hypothetical"}
    outside = [e for e in doc._.events if e.get("quote") is None]
    assert all(not (q["start"] <= e["trigger"]["start"] < q["end"]) for e in outside for q in doc._.quotes)


# hand-annotated wire paragraphs ---------------------------------------------------------------------


def _norm(name: str | None) -> str:
    words = (name or "").replace("’", "'").casefold().split()
    return " ".join(words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words)


def _speaker_ok(gold: str | None, speaker: dict[str, Any] | None) -> bool:
    """Gold speaker (a name) matches when it equals, or is part of, the predicted name or text."""
    if gold is None or speaker is None:
        return gold is None and speaker is None
    wanted = _norm(gold)
    return any(
        wanted and (wanted == _norm(v) or f" {wanted} " in f" {_norm(v)} ")
        for v in speaker.values()
        if isinstance(v, str)
    )


def score_quotes(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Count matches per kind: spans match at char Jaccard >= 0.5, one-to-one; ``speaker`` needs both."""
    counts: dict[str, dict[str, int]] = {}
    for kind in ("direct", "indirect"):
        g = [q for q in gold if q["kind"] == kind]
        p = [q for q in predicted if q["kind"] == kind]
        pairs = []
        for gi, gq in enumerate(g):
            for pi, pq in enumerate(p):
                inter = min(gq["end"], pq["end"]) - max(gq["start"], pq["start"])
                union = max(gq["end"], pq["end"]) - min(gq["start"], pq["start"])
                if inter > 0 and inter / union >= 0.5:
                    pairs.append((inter / union, gi, pi))
        used_g: set[int] = set()
        used_p: set[int] = set()
        spans = speakers_ok = 0
        for _, gi, pi in sorted(pairs, reverse=True):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            spans += 1
            speakers_ok += _speaker_ok(g[gi]["speaker"], p[pi]["speaker"])
        counts[kind] = {"gold": len(g), "predicted": len(p), "span": spans, "speaker": speakers_ok}
    return counts


def wire_scores(run: Any) -> dict[str, dict[str, int]]:
    """Score the quote component on tests/data/wire_quotes.jsonl."""
    total: dict[str, dict[str, int]] = {}
    with open(DATA / "wire_quotes.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            doc = run(item["text"])
            for kind, counts in score_quotes(item["quotes"], doc._.quotes).items():
                for key, value in counts.items():
                    total.setdefault(kind, {}).setdefault(key, 0)
                    total[kind][key] += value
    return total


def test_wire_gold_is_consistent() -> None:
    with open(DATA / "wire_quotes.jsonl", encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle]
    assert len(items) >= 10
    for item in items:
        for quote in item["quotes"]:
            assert item["text"][quote["start"] : quote["end"]] == quote["text"]
            assert quote["kind"] in {"direct", "indirect"}


def test_wire_quotes_precision_recall(nlp: Language) -> None:
    scores = wire_scores(lambda text: _full(nlp, text))
    direct, indirect = scores["direct"], scores["indirect"]
    # floors, a little under the measured figures: raise them when the component improves, never lower them
    assert direct["span"] / direct["predicted"] >= 0.95
    assert direct["span"] / direct["gold"] >= 0.9
    assert direct["speaker"] / direct["gold"] >= 0.9
    assert indirect["span"] / indirect["predicted"] >= 0.9
    assert indirect["span"] / indirect["gold"] >= 0.9
    assert indirect["speaker"] / indirect["gold"] >= 0.85


# the command line -----------------------------------------------------------------------------------


def test_cli_quotes_prints_one_record_per_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app
    from eventcoder.records import QuoteRecord

    path = tmp_path / "wire.jsonl"
    text = "“We will not back down,” Interior Minister Rafael Ortega told Reuters. “Never.”"
    path.write_text(
        "\n".join([json.dumps({"id": "a1", "text": text, "date": "2024-03-01"}), json.dumps({"id": "bad"})]),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["quotes", str(path)])
    assert result.exit_code == 0, result.output
    records = [QuoteRecord.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [(r.article_id, r.kind, r.text, r.speaker.name if r.speaker else None) for r in records] == [
        ("a1", "direct", "We will not back down", "Rafael Ortega"),
        ("a1", "direct", "Never.", "Rafael Ortega"),
    ]
    assert all(text[r.start : r.end] == r.text for r in records)
    assert (
        result.stderr.count("skipped") == 1 and "[E104]" in result.stderr and "Traceback" not in result.output
    )
    table = CliRunner().invoke(app, ["quotes", str(path), "--table"])
    assert table.exit_code == 0 and "Rafael Ortega" in table.stdout


def test_cli_quotes_exits_1_when_nothing_was_read(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app

    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "bad"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["quotes", str(path)])
    assert result.exit_code == 1
    assert result.stdout == "" and "[E104]" in result.stderr


# the hearer is never the speaker -----------------------------------------------------------------------


@pytest.mark.issue(11)
@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Minister Anna Berg told her Chinese counterpart that the sanctions would stay.", "Anna Berg"),
        ("The State Department warned China that any attack would have consequences.", "State Department"),
        ("The ministry informed the embassy that the ambassador had been expelled.", "ministry"),
        ("The general assured reporters that the troops would withdraw by Friday.", "general"),
        ("Tokyo reminded Seoul that the agreement was binding.", "Tokyo"),
        ("Officials told Reuters that the talks had failed.", "Officials"),
        ("China was told by the United States that the talks had failed.", "United States"),
        ("Berg urged Wang to tell his government that the sanctions would stay.", "Wang"),
    ],
)
def test_indirect_speech_is_the_speakers_not_the_hearers(parse: Any, text: str, speaker: str) -> None:
    [(_, said_by, _)] = speakers(parse(text), kind="indirect")
    assert said_by == speaker


@pytest.mark.issue(11)
@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Berg told Wang: “The sanctions will stay in place.”", "Berg"),
        ("“The sanctions will stay in place,” Berg told Wang on Tuesday.", "Berg"),
        ("“We will respond to any attack,” the State Department warned China.", "State Department"),
        ("“The talks have failed completely,” Beijing was told by Washington.", "Washington"),
        ("“The sanctions are illegal,” warned spokeswoman Maria Lindqvist.", "Maria Lindqvist"),
    ],
)
def test_direct_quotes_are_the_speakers_not_the_hearers(parse: Any, text: str, speaker: str) -> None:
    [(_, said_by, _)] = speakers(parse(text))
    assert said_by == speaker


@pytest.mark.issue(11)
def test_a_passive_hearer_without_agent_has_no_speaker(parse: Any) -> None:
    doc = parse("Beijing was told that the talks had failed.")
    assert [q["speaker"] for q in doc._.quotes] == [None]


@pytest.mark.issue(11)
def test_new_hearer_verbs_are_indirect_speech(finder: QuoteFinder) -> None:
    assert {"tell", "inform", "assure", "remind"} <= finder.verbs.hearer_object
    assert {"inform", "assure", "remind", "notify"} <= finder.verbs.indirect


# the dateline is nobody's words ---------------------------------------------------------------------------


def _with_dateline(parse: Any, text: str, end: int) -> Doc:
    """Parse without the boilerplate segmenter (the dateline glues onto the sentence), dateline set."""
    doc = parse(text)
    doc._.dateline = {"text": text[:end], "start": 0, "end": end, "place": None, "source": "Reuters"}
    doc._.warnings = []
    return QuoteFinder("quotes", verbs=load_speech_verbs())(doc)


@pytest.mark.issue(11)
def test_dateline_never_enters_a_quote(parse: Any) -> None:
    text = "KYIV (Reuters) - Russian forces shelled Kharkiv overnight, the military said."
    assert speakers(parse(text), "indirect")[0][0].startswith("KYIV")  # the parse alone glues it on
    doc = _with_dateline(parse, text, 16)
    assert speakers(doc, "indirect") == [("Russian forces shelled Kharkiv overnight", "military", None)]


@pytest.mark.issue(11)
def test_dateline_is_never_a_speaker(parse: Any) -> None:
    text = "KYIV (Reuters) said that Russian forces shelled Kharkiv overnight."
    assert speakers(parse(text), "indirect")[0][1] == "KYIV (Reuters)"  # the parse alone takes it
    doc = _with_dateline(parse, text, 15)
    assert speakers(doc, "indirect") == [("Russian forces shelled Kharkiv overnight", None, None)]


@pytest.mark.issue(11)
def test_end_to_end_dateline_stays_out_of_quotes(nlp: Language) -> None:
    doc = nlp("MOSCOW (Reuters) - “The talks have failed,” Russian Foreign Minister Ivan Petrov said.")
    [quote] = doc._.quotes
    assert (quote["text"], quote["speaker"]["name"]) == ("The talks have failed", "Ivan Petrov")
    assert quote["start"] > doc._.dateline["end"]
