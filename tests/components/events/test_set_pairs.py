"""Set references to actors just named (issue 15): "the two leaders", "both sides", "the leaders" stand for
the last two actors of different countries in the same or the previous sentence; as the subject of a joint
act ("met", "discussed", "agreed") they act on each other, with the set phrase as evidence for both.

Sentences written for this test.
"""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="module")
def nlp() -> Language:
    from eventcoder.pipeline import build_nlp

    return build_nlp()


def _pairs(nlp: Language, text: str) -> set[tuple[str | None, str | None, str, str, str]]:
    doc = nlp(text)
    actors = doc._.actors
    out = set()
    for ev in doc._.events:
        src = actors[ev["source"]] if ev["source"] is not None else None
        tgt = actors[ev["target"]] if ev["target"] is not None else None
        out.add(
            (
                src["code"] if src else None,
                tgt["code"] if tgt else None,
                ev["trigger"]["text"],
                src["text"] if src else "",
                tgt["text"] if tgt else "",
            )
        )
    return out


TWO = "Indian Prime Minister Narendra Modi met Kenyan President William Ruto on Monday. "


@pytest.mark.issue(15)
@pytest.mark.parametrize(
    ("sentence", "trigger", "phrase"),
    [
        ("The two leaders discussed trade.", "discussed", "two leaders"),
        ("Both sides agreed to expand trade.", "agreed", "sides"),
        ("The leaders discussed trade.", "discussed", "leaders"),
    ],
)
def test_set_subject_of_a_joint_act_is_both_actors(
    nlp: Language, sentence: str, trigger: str, phrase: str
) -> None:
    found = {p for p in _pairs(nlp, TWO + sentence) if p[2] == trigger}
    assert found == {
        ("INDGOV", "KENGOV", trigger, phrase, phrase),
        ("KENGOV", "INDGOV", trigger, phrase, phrase),
    }


@pytest.mark.issue(15)
def test_set_is_not_a_pair_when_three_countries_were_named(nlp: Language) -> None:
    text = "Modi met Kenyan President William Ruto and French President Emmanuel Macron. "
    found = _pairs(nlp, text + "The two leaders discussed trade.")
    assert not [p for p in found if p[2] == "discussed"]


@pytest.mark.issue(15)
def test_set_is_not_an_actor_of_a_one_sided_act(nlp: Language) -> None:
    found = _pairs(nlp, TWO + "The two leaders condemned Russia.")
    assert not [p for p in found if p[2] == "condemned"]


@pytest.mark.issue(15)
def test_bare_leaders_without_a_pair_keep_one_side(nlp: Language) -> None:
    doc = nlp("Kenya said the attack failed. The leaders discussed trade.")
    leaders = [a for a in doc._.actors if a["text"] == "leaders"]
    assert len(leaders) <= 1  # no twin: "the leaders" is one side's, as before
