"""Implied sources of agentless state coercion (eventcoder/components/events/implicit.py, issue #15), on
sentences written for these tests and parsed by the default model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.driver import code
from eventcoder.errors import KnowledgeError
from eventcoder.knowledge.patterns import build_table


def implied(nlp: Language, text: str) -> list[tuple[str | None, str | None, str, str]]:
    """(implied source code, target country, CAMEO code, modality) of each event with an implied source."""
    doc = nlp(text)
    out = []
    for e in doc._.events:
        imp = e.get("implicit_source")
        if imp is not None:
            assert e["source"] is None
            out.append((imp["code"], doc._.actors[e["target"]]["country"], e["cameo"], e["modality"]))
    return out


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an agentless passive: the patient's state, police for an arrest, courts for a sentence
        (
            "Russian opposition leader Alexei Navalny was detained on Sunday.",
            [("RUSCOP", "RUS", "173", "asserted")],
        ),
        (
            "Opposition leader Raila Odinga was sentenced to two years.",
            [("KENJUD", "KEN", "173", "asserted")],
        ),
        # a reported arrest is reported, not asserted
        (
            "Kenyan police said opposition leader Raila Odinga was arrested in Nairobi.",
            [("KENCOP", "KEN", "173", "reported")],
        ),
        # the place of the arrest gives the state, not the patient's nationality
        ("An American journalist was arrested in Moscow.", [("RUSCOP", "USA", "173", "asserted")]),
        # an agentless event noun with its patient
        (
            "The continued detention of Alexei Navalny is unacceptable.",
            [("RUSCOP", "RUS", "173", "asserted")],
        ),
        (
            "Zimbabwe's opposition said reports of detentions of opposition activists were alarming.",
            [("ZWECOP", "ZWE", "173", "reported")],
        ),
        # a patient in custody
        (
            "Navalny, who remains under house arrest, spoke to reporters.",
            [("RUSCOP", "RUS", "173", "asserted")],
        ),
    ],
)
def test_agentless_coercion_implies_the_state(
    nlp: Language, text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert implied(nlp, text) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    "text",
    [
        "Alexei Navalny was arrested by unknown men.",  # a by-phrase names an agent, even an uncoded one
        "Russian diplomats were expelled on Monday.",  # expulsions: usually another state (not implied)
        "Russia was criticized for the arrests.",  # a state is no patient
        "Thousands protested the unfair trial of opposition activists in Tashkent.",  # except: trial
        # a patient another named actor acts on: who holds them is not sure
        "Kenya released three Ugandan opposition activists detained last month.",
    ],
)
def test_no_implied_source(nlp: Language, text: str) -> None:
    assert implied(nlp, text) == []


@pytest.mark.issue(15)
def test_named_agent_wins_over_implied(nlp: Language) -> None:
    """An agent the article named for such an act against the patient's country is used, not implied."""
    doc = nlp("Russian police detained Alexei Navalny on Sunday. Navalny's detention was extended on Monday.")
    assert all(e.get("implicit_source") is None for e in doc._.events)
    assert doc._.events and all(e["source"] is not None for e in doc._.events)


@pytest.mark.issue(15)
def test_record_marks_implied_source_without_evidence(nlp: Language) -> None:
    (record,) = code("Russian opposition leader Alexei Navalny was detained on Sunday.", nlp=nlp)
    assert record.source is not None and record.source.implicit
    assert (record.source.code, record.source.text, record.source.start, record.source.end) == (
        "RUSCOP",
        "",
        None,
        None,
    )
    assert record.target is not None and not record.target.implicit and record.target.start is not None
    assert record.confidence < 0.6
    assert any("source implied" in w for w in record.warnings)


def test_implicit_agents_data_is_validated() -> None:
    bad = 'version: 1\nimplicit_agents:\n  codes: {"173": police}\n'
    with pytest.raises(KnowledgeError):
        build_table([("bad.yaml", bad, 1)])
    good = (
        'version: 1\nimplicit_agents:\n  codes: {"173": COP}\n  lemmas: {sentence: JUD}\n  except: [trial]\n'
    )
    table = build_table([("good.yaml", good, 1)])
    assert (table.implicit_codes, table.implicit_lemmas, table.implicit_except) == (
        {"173": "COP"},
        {"sentence": "JUD"},
        {"trial"},
    )
