"""eventcoder_acronyms: a dictionary acronym spelling a function word ("WHO") is read as a name."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

Triples = Callable[[str], list[tuple[str | None, str | None, str]]]


def test_an_acronym_that_spells_who_heads_its_noun_phrase(nlp: Language, triples: Triples) -> None:
    # the model reads "WHO" as the pronoun "who" ("WHO [who] chief ..." a relative clause) without the norm
    text = "WHO chief Tedros Adhanom Ghebreyesus praised the Kenyan government."
    doc = nlp(text)
    assert doc[0].norm_ == "WHO" and doc[0].head.text == "Ghebreyesus"
    assert [a["code"] for a in doc._.actors][:1] == ["IGOUNOHLH"]
    assert len(triples(text)) == 1 and triples(text)[0][1:] == ("KEN", "051")


def test_lower_case_who_and_all_caps_text_keep_their_norm(nlp: Language) -> None:
    assert nlp("Those who criticized the plan left.")[1].norm_ == "who"
    assert nlp("WHO IS TO BLAME FOR THE CRISIS")[0].norm_ == "who"
    assert nlp("The US criticized Iran.")[1].norm_ == "us"  # a country the model reads well: left alone
