"""The issuer of an article and first person in its statements (eventcoder/components/actors/issuers.py).

Every sentence here is written for these tests; the publishers are real names, the texts are not theirs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import eventcoder
from eventcoder.components.actors.issuers import (
    IssuerResolver,
    is_state_code,
    load_issuers,
    packaged_issuers,
    parse_issuers,
)
from eventcoder.components.actors.lexicon import build_lexicon
from eventcoder.driver import make_doc
from eventcoder.errors import KnowledgeError
from eventcoder.records import Article, CodedArticle


@pytest.fixture(scope="module")
def resolver() -> IssuerResolver:
    return IssuerResolver(load_issuers(), build_lexicon())


@pytest.mark.parametrize(
    ("source", "url", "code", "via"),
    [
        (
            "U.S. Department of State (via AllAfrica)",
            "https://allafrica.com/stories/1.html",
            "USAGOV",
            "publisher",
        ),
        ("GOV.UK (Foreign & Commonwealth Office)", None, "GBRGOV", "publisher"),
        ("President of Russia (kremlin.ru)", None, "RUSGOV", "publisher"),
        ("Global Affairs Canada", None, "CANGOV", "publisher"),
        ("DOD News (U.S. Department of Defense)", None, "USAMIL", "publisher"),
        # no entry: the actor lexicon reads the source as a state organ
        ("Japanese Foreign Ministry", None, "JPNGOV", "lexicon"),
        ("U.S. Embassy Moscow", None, "USAGOV", "lexicon"),  # the capital is where it sits, not who it is
        # no source: the URL's host
        (None, "https://2009-2017.state.gov/r/pa/1.htm", "USAGOV", "host"),
        (None, "https://www.pacom.mil/Media/1/", "USAMIL", "host"),
        (None, "https://www.mfa.gov.cn/eng/1.html", "CHNGOV", "host"),
        ("", "https://blogs.fcdo.gov.uk/x/1/", "GBRGOV", "host"),
        (None, "https://www.diplomatie.gouv.fr/en/1", "FRAGOV", "host"),
    ],
)
def test_issuer_resolves(
    resolver: IssuerResolver, source: str | None, url: str | None, code: str, via: str
) -> None:
    found = resolver.resolve(source, url, "2020-06-01")
    assert found is not None
    assert (found["code"], found["via"]) == (code, via)


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("Voice of America", "https://www.voanews.com/a/1.html"),  # a news outlet (USAMED) never issues
        ("Reuters", "https://www.state.gov/1"),  # an outlet named in the source wins over the host
        ("Wikinews", "https://en.wikinews.org/wiki/X"),  # unknown
        ("Global Voices", None),
        (None, "https://example.com/statement"),
        (None, None),
        (None, "https://www.gov.zz/1"),  # not a country-code domain
    ],
)
def test_no_issuer(resolver: IssuerResolver, source: str | None, url: str | None) -> None:
    assert resolver.resolve(source, url, "2020-06-01") is None


def test_state_codes() -> None:
    assert is_state_code("USAGOV") and is_state_code("RUSMIL") and is_state_code("IGOUNO")
    assert is_state_code("{cc}GOV")
    assert not is_state_code("USAMED") and not is_state_code("USA") and not is_state_code("NGOXYZ")
    assert not is_state_code("GOV") and not is_state_code(None)


def test_packaged_file_is_valid() -> None:
    rules = packaged_issuers()
    assert rules and all(is_state_code(r.code) for r in rules)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- name: Daily Planet\n  code: USAMED\n  hosts: [planet.example]\n",
            "line 1: field 'code' has a bad value",
        ),
        (
            "- name: Ministry\n  code: FRAGOV\n  hosts: [x.fr]\n- code: DEUGOV\n  hosts: [x.de]\n",
            "line 4: field 'name' is missing",
        ),
        ("- name: Ministry\n  code: FRAGOV\n  hosts: ['http://x.fr/']\n", "field 'hosts' has a bad value"),
        ("- name: Ministry\n  code: FRAGOV\n", "field 'publishers' is missing"),
        ("- name: Ministry\n  code: '{cc}GOV'\n  hosts: [gov.fr]\n", "field 'code' has a bad value"),
        ("name: Ministry\n", "expected a list"),
    ],
)
def test_bad_issuer_files(text: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        parse_issuers(text, "mine.yaml")


def test_user_issuers_are_tried_first(tmp_path: Path) -> None:
    path = tmp_path / "issuers.yaml"
    path.write_text("- name: Ruritanian Foreign Office\n  code: GBRGOV\n  publishers: [Ruritania Today]\n")
    resolver = IssuerResolver(load_issuers([str(path)]), build_lexicon())
    found = resolver.resolve("Ruritania Today", None)
    assert found is not None and found["code"] == "GBRGOV"


def _code(nlp: Language, text: str, source: str | None = None, url: str | None = None) -> CodedArticle:
    article = Article(id="a", text=text, date="2020-06-01", source=source, url=url)
    return next(iter(eventcoder.code_articles([article], nlp)))


def _events(coded: CodedArticle) -> set[tuple[str | None, str | None, str]]:
    return {
        (r.source.code if r.source else None, r.target.code if r.target else None, r.cameo)
        for r in coded.records
    }


STATEMENT = "We strongly condemn the Zambian government. We urge Zambia to release the detained journalists."


def test_first_person_is_the_issuer(nlp: Language) -> None:
    coded = _code(nlp, STATEMENT, source="U.S. Department of State")
    assert _events(coded) == {("USAGOV", "ZMBGOV", "111"), ("USAGOV", "ZMB", "0253")}
    we = [m for m in coded.mentions if m.text == "We"]
    assert [(m.code, m.name, m.start, m.end) for m in we] == [
        ("USAGOV", "U.S. Department of State", 0, 2),
        ("USAGOV", "U.S. Department of State", 44, 46),
    ]


def test_first_person_by_url_host(nlp: Language) -> None:
    coded = _code(nlp, "I condemn the Zambian government.", url="https://www.gov.uk/government/news/x")
    assert _events(coded) == {("GBRGOV", "ZMBGOV", "111")}


def test_news_outlet_first_person_stays_unresolved(nlp: Language) -> None:
    coded = _code(nlp, STATEMENT, source="Voice of America", url="https://www.voanews.com/a/1.html")
    assert _events(coded) == set()
    assert not [m for m in coded.mentions if m.text == "We"]
    assert _events(_code(nlp, STATEMENT)) == set()  # no source at all: the same


def test_quoted_first_person_is_the_speaker(nlp: Language) -> None:
    text = (
        "Zambian Foreign Minister Joe Malanji met reporters. "
        "“We condemn the Zimbabwean government,” Malanji said."
    )
    coded = _code(nlp, text, source="U.S. Department of State")
    assert ("ZMBGOV", "ZWEGOV", "111") in _events(coded)
    assert not any(r.source and r.source.code == "USAGOV" for r in coded.records)


def test_quoted_first_person_unknown_speaker_is_not_the_issuer(nlp: Language) -> None:
    coded = _code(
        nlp, "A banner read: “We condemn the Zambian government.”", source="U.S. Department of State"
    )
    assert not any(r.source and r.source.code == "USAGOV" for r in coded.records)


def test_transcript_labels(nlp: Language) -> None:
    text = (
        "Press availability\n\n"
        "PRIME MINISTER JACINDA ARDERN: We condemn the Zambian government.\n\n"
        "Q: Do we condemn the Zimbabwean government?\n\n"
        "THE PRESIDENT: I condemn the Zimbabwean government."
    )
    coded = _code(nlp, text, source="The White House")
    assert _events(coded) == {("NZLGOV", "ZMBGOV", "111"), ("USAGOV", "ZWEGOV", "111")}


def test_issuer_on_the_doc(nlp: Language) -> None:
    doc = nlp(make_doc(nlp, Article(id="a", text=STATEMENT, source="Global Affairs Canada")))
    assert doc._.issuer == {"code": "CANGOV", "name": "Government of Canada", "via": "publisher"}
    # Set by the caller before the pipeline runs: it wins over the source.
    doc = make_doc(nlp, Article(id="a", text=STATEMENT, source="Global Affairs Canada"))
    doc._.issuer = "FRAGOV"
    doc = nlp(doc)
    assert doc._.issuer == {"code": "FRAGOV", "name": "FRAGOV", "via": "user"}
    assert {(a["text"], a["code"]) for a in doc._.actors if a["kind"] == "pronoun"} == {("We", "FRAGOV")}


def test_cli_reads_source_and_user_issuers(tmp_path: Path) -> None:
    """End to end: `source` in JSONL input makes the publisher the issuer; a settings file adds issuers."""
    import json

    from typer.testing import CliRunner

    from eventcoder.cli import app

    rows = [
        {"id": "state", "text": STATEMENT, "date": "2020-06-01", "source": "U.S. Department of State"},
        {"id": "outlet", "text": STATEMENT, "date": "2020-06-01", "source": "Voice of America"},
        {"id": "mine", "text": STATEMENT, "date": "2020-06-01", "source": "Ruritania Today"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "issuers.yaml").write_text(
        "- name: Ruritanian Foreign Office\n  code: DEUGOV\n  publishers: [Ruritania Today]\n"
    )
    settings = tmp_path / "eventcoder.toml"
    settings.write_text(f'[eventcoder]\nissuers = ["{tmp_path / "issuers.yaml"}"]\n')
    result = CliRunner().invoke(app, ["code", str(path), "--config", str(settings)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    got = {(r["article_id"], r["source"]["code"], r["target"]["code"], r["cameo"]) for r in records}
    assert got == {
        ("state", "USAGOV", "ZMBGOV", "111"),
        ("state", "USAGOV", "ZMB", "0253"),
        ("mine", "DEUGOV", "ZMBGOV", "111"),
        ("mine", "DEUGOV", "ZMB", "0253"),
    }


def _regimes(nlp: Language, text: str, source: str | None) -> list[str | None]:
    doc = nlp(make_doc(nlp, Article(id="r", text=text, source=source)))
    return [a["code"] for a in doc._.actors if a["text"].lower() == "regime"]


def test_the_regime_in_a_statement_is_not_the_issuers() -> None:
    """A state never calls its own government "the regime": in its statement the word is the last other
    state named before it; in news (no issuing state) the usual rules hold."""
    nlp = eventcoder.build_nlp()
    text = (
        "The situation in Belarus worries us. The United States condemns Belarus's arrests of journalists. "
        "We call on the regime to release them."
    )
    assert _regimes(nlp, text, "U.S. Department of State") == ["BLRGOV"]
    domestic = "Belarusians who resisted the regime were arrested in Minsk."
    assert _regimes(nlp, domestic, "U.S. Department of State") == ["BLRGOV"]
