"""World coverage as data (issue 14): the regional files under eventcoder/data/actors/world/ load,
validate, code people by the article date (former office holders become ELI) and use no bare common word
as an alias."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventcoder.components.actors import lexicon as actor_lexicon
from eventcoder.components.actors.lexicon import Entry, Role, norm_key, parse_person_records, world_texts
from eventcoder.driver import code
from eventcoder.errors import KnowledgeError

# Given names and surnames shared by too many people in the news to name one of them on their own.
COMMON_NAMES = {
    "abdullah",
    "ahmed",
    "ahmad",
    "ali",
    "hassan",
    "hussein",
    "ibrahim",
    "khan",
    "kim",
    "lee",
    "mohamed",
    "mohammed",
    "muhammad",
    "mohammad",
    "nasser",
    "omar",
    "said",
    "salem",
    "saleh",
    "salman",
    "smith",
    "johnson",
    "brown",
    "jones",
    "miller",
    "wilson",
    "taylor",
    "martin",
    "garcia",
    "rodriguez",
    "muller",
    "müller",
    "schmidt",
    "ivanov",
    "petrov",
    "cohen",
    "levy",
    "traore",
    "traoré",
    "diallo",
    "kone",
    "koné",
    "ouedraogo",
    "ouédraogo",
    "kabore",
    "kaboré",
    "mahamat",
    "moussa",
    "musa",
    "yusuf",
    "abdi",
    "aliyev",
    "mammadov",
    "kovacs",
    "kovács",
    "nagy",
    "novak",
    "horvat",
    "popescu",
    "nielsen",
    "hansen",
    "jensen",
    "andersson",
    "johansson",
    "rossi",
    "russo",
    "bianchi",
    "silva",
    "santos",
    "pereira",
    "costa",
    "dupont",
    "bernard",
    "petit",
    "durand",
    "moreau",
    "wagner",
    "weber",
    "becker",
    "fischer",
    "meyer",
    "schulz",
    "mueller",
    "hoffmann",
    "koch",
    "richter",
    "klein",
    "wolf",
    "fernandez",
    "lopez",
    "martinez",
    "sanchez",
    "perez",
    "gonzalez",
    "haddad",
    "khalil",
    "mansour",
    "youssef",
    "jaber",
    "sabah",
    "thani",
    "nahyan",
    "saud",
    "faisal",
    "hamad",
    "khalifa",
    "zayed",
    "rashid",
    "sultan",
    "tariq",
    "amir",
    "emir",
    "king",
    "queen",
    "prince",
    "president",
    "minister",
    "general",
}


def _world_records() -> list[tuple[str, Entry, list[str]]]:
    out = []
    for name, text in world_texts():
        records = yaml.safe_load(text)
        lines = actor_lexicon._line_numbers(text)
        for entry, forms in parse_person_records(records, lines, name, "world", former="ELI"):
            out.append((name, entry, forms))
    return out


@pytest.mark.issue(14)
def test_world_files_exist_load_and_validate():
    files = [name for name, _ in world_texts()]
    assert files == sorted(files)
    assert {Path(f).stem for f in files} >= {"africa", "mena", "europe", "eurasia"}
    records = _world_records()
    assert len(records) > 1500
    countries = {r.code[:3] for _, e, _ in records for r in e.roles}
    assert len(countries) >= 100
    # Every world entry reaches the packaged lexicon, with the "world" rank.
    lexicon = actor_lexicon.build_lexicon()
    n, entry = lexicon.lookup(list(norm_key("Olusegun Obasanjo")))
    assert (n, entry.source, entry.code_on("2003-01-01")) == (2, "world", "NGAGOV")


@pytest.mark.issue(14)
def test_no_alias_is_a_bare_common_word():
    stop = {w.lower() for w in _stop_words()}
    agents = {e.name.lower() for e, _ in actor_lexicon.packaged_lexicon_records() if e.kind == "agent"}
    bad = []
    for name, entry, forms in _world_records():
        for form in forms:
            key = norm_key(form)
            letters = form.replace(".", "")
            exact = letters.isupper() and len(letters) <= 5  # matched only in capitals ("ANC")
            if len(key) == 1 and not exact and (key[0] in COMMON_NAMES or key[0] in stop or key[0] in agents):
                bad.append((name, entry.name, form))
            if len(key) == 1 and entry.kind == "person" and not form[:1].isupper():
                bad.append((name, entry.name, form))
    assert bad == []


def _stop_words() -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return set(STOP_WORDS)


@pytest.mark.issue(14)
def test_world_forms_do_not_shadow_countries_capitals_or_curated_entries():
    """A world alias never takes over a country, capital, metonym or leaders.yaml form ("Muscat")."""
    records = actor_lexicon.packaged_lexicon_records()
    protected = {
        norm_key(f)
        for e, forms in records
        if e.source in ("country", "capital", "metonym", "curated")
        for f in forms
    }
    clashes = sorted(" ".join(norm_key(f)) for e, forms in records if e.source == "world" for f in forms)
    assert [c for c in clashes if tuple(c.split()) in protected] == []


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    ("date", "code_"),
    [
        ("2005-06-01", "ZAFGOV"),  # deputy president, then president
        ("2012-01-01", "ZAFELI"),  # after every office: a former leader
        ("1990-01-01", "ZAF"),  # before any known office: the country only
        (None, "ZAFGOV"),  # no article date: the last office held
    ],
)
def test_former_office_holder_becomes_eli(date, code_):
    entry = Entry("Thabo Mbeki", "person", [Role("ZAFGOV", "1999-06-14", "2008-09-24")], former="ELI")
    assert entry.code_on(date) == code_


def test_former_applies_only_after_an_office_and_can_be_switched_off(tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- {name: Rebel Chief, roles: [{code: XYZREB, start: 2001-01-01, end: 2002-01-01}]}\n"
        "- {name: Old Minister, former: none, roles: [{code: XYZGOV, start: 2001-01-01, end: 2002-01-01}]}\n"
        "- {name: Old Judge, roles: [{code: XYZJUD, start: 2001-01-01, end: 2002-01-01}]}\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    parsed = parse_person_records(
        yaml.safe_load(text), actor_lexicon._line_numbers(text), str(path), "world", former="ELI"
    )
    assert [e.code_on("2010-01-01") for e, _ in parsed] == ["XYZ", "XYZ", "XYZELI"]


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- {name: X, source: '', roles: [{code: FRAGOV}]}\n",
            "[E002] {path}, line 1: field 'source' has a bad value '': "
            "a short text naming where the facts come from.",
        ),
        (
            "- {name: X, former: Elite, roles: [{code: FRAGOV}]}\n",
            "[E002] {path}, line 1: field 'former' has a bad value 'Elite': a sector such as ELI, or none.",
        ),
    ],
)
def test_source_and_former_fields_are_validated(tmp_path: Path, text, message):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        actor_lexicon.read_user_file(str(path))
    assert str(err.value) == message.format(path=path)


def test_a_broken_world_file_is_reported_with_file_and_line(monkeypatch):
    monkeypatch.setattr(
        actor_lexicon,
        "world_texts",
        lambda: [("eventcoder/data/actors/world/zz.yaml", "- {name: X, roles: [{code: xx}]}\n")],
    )
    actor_lexicon.packaged_lexicon_records.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match=r"world/zz.yaml, line 1: field 'roles\[0\].code'"):
            actor_lexicon.packaged_lexicon_records()
    finally:
        monkeypatch.undo()
        actor_lexicon.packaged_lexicon_records.cache_clear()


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    ("sentence", "date", "source"),
    [
        ("Hage Geingob accused Norway of lying.", "2019-03-01", "NAMGOV"),
        ("Hage Geingob accused Norway of lying.", "2024-06-01", "NAMELI"),
        ("Bezalel Smotrich accused Norway of lying.", "2024-01-10", "ISRGOV"),
        ("Kyrylo Budanov accused Norway of lying.", "2023-05-01", "UKRSPY"),
        ("The Black Sea Fleet accused Norway of lying.", "2023-05-01", "RUSMIL"),
        ("Vetevendosje accused Norway of lying.", "2022-05-01", "XKXPTY"),
        ("The Polisario Front accused Norway of lying.", "2021-05-01", "ESHREB"),
        ("Ousmane Sonko accused Norway of lying.", "2022-05-01", "SENOPP"),
        ("Ousmane Sonko accused Norway of lying.", "2024-06-01", "SENGOV"),
        ("Petteri Orpo accused Norway of lying.", "2024-06-01", "FINGOV"),
    ],
)
def test_world_actors_code_end_to_end_by_date(nlp, sentence, date, source):
    records = code(sentence, date=date, nlp=nlp)
    assert [(r.source.code if r.source else None, r.target.code if r.target else None) for r in records] == [
        (source, "NOR")
    ]


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_fast_flow_reader_reads_what_yaml_reads():
    for name, text in world_texts():
        fast = actor_lexicon._flow_lines(text)
        assert fast is not None, name
        assert _plain(fast) == _plain(yaml.safe_load(text)), name


@pytest.mark.parametrize(
    "line",
    [
        "- {name: 'O''Neill', aliases: [\"A, B\"], roles: [{code: GBRGOV, start: 2020-01-01}]}",
        '- {name: "a\\"b", roles: [{code: GBRGOV}]}',  # an escape: this line goes through YAML
        "- {name: yes, roles: [{code: GBRGOV}]}",  # YAML reads a boolean; so must we
        "- {name: X, roles: [{code: GBRGOV}]} # a comment",
    ],
)
def test_fast_flow_reader_edge_lines(line):
    assert _plain(actor_lexicon._flow_lines(line)) == _plain(yaml.safe_load(line))


@pytest.mark.parametrize("text", ["- {name: A: B, roles: []}\n", "- name: X\n  roles: []\n"])
def test_fast_flow_reader_leaves_errors_and_block_style_to_yaml(text):
    assert actor_lexicon._flow_lines(text) is None
