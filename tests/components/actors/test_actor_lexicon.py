"""Actor knowledge: dated roles, surface-form keys, the packaged tables and user dictionaries (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.components.actors.lexicon import Entry, Lexicon, Role, build_lexicon, norm_key, read_user_file
from eventcoder.errors import KnowledgeError

TSAI = Entry(
    "Tsai Ing-wen",
    "person",
    [
        Role("TWNGOV", "2006-01-25", "2007-05-21"),
        Role("TWNPTY", "2008-05-20", "2016-05-19"),
        Role("TWNGOV", "2016-05-20", "2024-05-19"),
    ],
)


@pytest.mark.issue(4)
@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2007-01-01", "TWNGOV"),
        ("2012-01-01", "TWNPTY"),
        ("2021-08-25", "TWNGOV"),
        ("2025-01-01", "TWN"),
        (None, "TWNGOV"),
    ],
)
def test_code_depends_on_the_article_date(date, code):
    assert TSAI.code_on(date) == code


def test_undated_role_is_the_fallback():
    entry = Entry("X", "person", [Role("FRAGOV", "2017-05-14", "2018-01-01"), Role("FRAELI")])
    assert (entry.code_on("2017-06-01"), entry.code_on("2020-01-01"), entry.code_on(None)) == (
        "FRAGOV",
        "FRAELI",
        "FRAELI",
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Tsai Ing-wen", ("tsai", "ing", "wen")),
        ("People’s Daily", ("people", "'s", "daily")),
        ("U.S.", ("u.s.",)),
    ],
)
def test_norm_key(text, key):
    assert norm_key(text) == key


def test_lookup_prefers_the_longest_form_and_user_entries():
    lexicon = Lexicon()
    lexicon.add(Entry("Harris", "person", [Role("USAGOV")], source="phoenix"), ["Harris"])
    lexicon.add(Entry("Kamala Harris", "person", [Role("USALEG")], source="phoenix"), ["Kamala Harris"])
    lexicon.add(Entry("Kamala Harris", "person", [Role("USAMED")], source="user"), ["Kamala Harris"])
    n, entry = lexicon.lookup(["kamala", "harris", "said"])
    assert (n, entry.code_on(None)) == (2, "USAMED")


def test_packaged_lexicon_has_countries_capitals_igos_and_leaders():
    lexicon = build_lexicon()
    found = {
        w: lexicon.lookup(norm_key(w)) for w in ("Taiwanese", "Beijing", "NATO", "Wang Wenbin", "lawmakers")
    }
    assert {w: (f[1].kind, f[1].code_on("2021-08-25") or f[1].sector) for w, f in found.items() if f} == {
        "Taiwanese": ("country", "TWN"),
        "Beijing": ("capital", "CHNGOV"),
        "NATO": ("igo", "IGOWSTNAT"),
        "Wang Wenbin": ("person", "CHNGOV"),
        "lawmakers": ("agent", "LEG"),
    }
    assert lexicon.exact[("us",)] == "US"


@pytest.mark.issue(4)
@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "a.yaml",
            "- aliases: [X]\n  roles: [{code: FRAGOV}]\n",
            "[E001] {path}, line 1: field 'name' is missing or empty.",
        ),
        ("b.yaml", "- name: X\n", "[E001] {path}, line 1: field 'roles' is missing or empty."),
        (
            "c.yaml",
            "- name: X\n  roles: [{code: FRAGOV}]\n- name: Y\n  roles: [{code: fr}]\n",
            "[E002] {path}, line 4: field 'roles[0].code' has a bad value 'fr': "
            "an actor code is 3-letter blocks such as CHN, CHNGOV, IGOUNO.",
        ),
        (
            "d.yaml",
            "- name: X\n  roles: [{code: FRAGOV, start: 2020-01-01, end: 2019-01-01}]\n",
            "[E002] {path}, line 2: field 'roles[0].end' has a bad value '2019-01-01': "
            "ends before it starts.",
        ),
        (
            "e.csv",
            "name,code,start\nX,FRAGOV,2020-01-01\n,FRAGOV,\n",
            "[E001] {path}, line 3: field 'name' is missing or empty.",
        ),
        (
            "f.csv",
            "name,start\nX,2020\n",
            "[E004] {path}, line 1: not valid CSV: header needs name and code.",
        ),
    ],
)
def test_malformed_user_dictionary_names_file_line_and_field(tmp_path: Path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        read_user_file(str(path))
    assert str(err.value) == message.format(path=path)


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("- name: X\n  roles: [{code: FRAGOV}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^\[E004\] .*bad.yaml, line 3: not valid YAML"):
        read_user_file(str(path))


def test_user_csv_rows_merge_into_dated_roles(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,code,start,end,aliases\n"
        "Jane Roe,FRALEG,2010-01-01,2019-12-31,Roe\n"
        "Jane Roe,FRAGOV,2020-01-01,,\n",
        encoding="utf-8",
    )
    ((entry, forms),) = read_user_file(str(path))
    assert (forms, entry.code_on("2015-01-01"), entry.code_on("2021-01-01")) == (
        ["Jane Roe", "Roe"],
        "FRALEG",
        "FRAGOV",
    )


# ---------------------------------------------------------------- international bodies (igo_agencies.yaml)

IGO_HEAD = "owners: {IGOUNO: [UN, U.N.]}\nbodies:\n  - {code: IGOUNO, names: [United Nations]}\n"


@pytest.mark.issue(14)
def test_igo_table_expands_descriptions_with_every_owner_name():
    from eventcoder.components.actors.lexicon import parse_igo_table

    text = (
        IGO_HEAD
        + '  - {code: IGOUNOXYZ, parent: IGOUNO, names: [UNXYZ], descriptions: ["{org} widget agency"]}\n'
    )
    body = parse_igo_table(text, "t.yaml")[1]
    assert (body.code, body.parent, body.name) == ("IGOUNOXYZ", "IGOUNO", "UNXYZ")
    assert set(body.forms) == {
        "UNXYZ",
        "UN widget agency",
        "UN's widget agency",
        "U.N. widget agency",
        "U.N. 's widget agency",
    }


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ("  - {code: IGOEUREEC, parent: IGOUNO, names: [X]}\n", "a listed body whose code this code extends"),
        ("  - {code: IGOUNOABC, parent: IGOWST, names: [X]}\n", "a listed body whose code this code extends"),
        ("  - {code: USAGOV, names: [X]}\n", "an international body's code starts with IGO"),
        ("  - {code: IGOUNOABC, parent: IGOUNO, names: [United Nations]}\n", "already the name of IGOUNO"),
        (
            "  - {code: IGOUNOABC, parent: IGOUNO, names: [X], descriptions: [oil cartel]}\n",
            "start with a capital",
        ),
        ("  - {code: IGOEUR, names: [X], descriptions: ['{org} arm']}\n", "{org} needs owner names"),
        ("  - {code: IGOUNOABC, parent: IGOUNO, names: []}\n", "field 'names' is missing"),
    ],
)
def test_igo_table_is_checked_on_load(rows, reason):
    from eventcoder.components.actors.lexicon import parse_igo_table

    with pytest.raises(KnowledgeError) as err:
        parse_igo_table(IGO_HEAD + rows, "t.yaml")
    assert reason in str(err.value) and "t.yaml" in str(err.value)


@pytest.mark.issue(14)
def test_the_igo_table_decides_every_name_it_lists():
    """One code per body: the packaged lexicon gives each name and description of igo_agencies.yaml its
    table code, whatever Phoenix (IMF IGOBUSIMF, G8 IGOBUSGOE), countries.yaml or world/igos.yaml say."""
    from eventcoder.components.actors.lexicon import igo_organisation, igo_table, packaged_lexicon

    lexicon = packaged_lexicon()
    for body in igo_table():
        for form in body.forms:
            key = norm_key(form)
            assert lexicon.entry(lexicon.forms[key]).roles[0].code == body.code, form
    assert igo_organisation("IGOUNOREFHCR") == "IGOUNO"
    assert igo_organisation("IGOWSTNAT") == "IGOWSTNAT"
    assert igo_organisation("IGOXYZ") == "IGOXYZ"  # not in the table: itself


@pytest.mark.issue(14)
def test_the_criminal_court_is_no_un_body_the_court_of_justice_is():
    """Phoenix's convention: the ICC (a treaty court) is IGOJUDICC, the UN's own court (the ICJ) IGOUNOJUD;
    the ICC's prosecutor and judges take its code, and no UN parent."""
    from eventcoder.components.actors.lexicon import igo_organisation, packaged_lexicon

    lexicon = packaged_lexicon()

    def code(name: str) -> str:
        return lexicon.entry(lexicon.forms[norm_key(name)]).roles[0].code

    assert code("International Criminal Court") == code("ICC") == code("ICC prosecutor") == "IGOJUDICC"
    assert code("International Court of Justice") == code("ICJ") == "IGOUNOJUD"
    assert igo_organisation("IGOJUDICC") == "IGOJUDICC"
    assert igo_organisation("IGOUNOJUD") == "IGOUNO"


@pytest.mark.issue(14)
def test_igo_references_are_lower_case_and_listed_by_description():
    from eventcoder.components.actors.lexicon import igo_references, parse_igo_table

    references = igo_references()
    assert {b.code for b in references["bloc"]} >= {"IGOEUREEC", "IGOSEAASN", "IGOAFRAFU"}
    assert [b.code for b in references["alliance"]] == ["IGOWSTNAT"]
    assert all(b.parent == "IGOUNO" for b in references["{org} agency"])
    bad = "owners: {}\nbodies:\n  - {code: IGOWSTNAT, names: [NATO], references: [The Alliance]}\n"
    with pytest.raises(KnowledgeError, match="references"):
        parse_igo_table(bad, "x.yaml")


def test_user_files_keep_the_other_state_of_a_shared_name(tmp_path: Path):
    # build_lexicon copies the packaged lexicon before merging user files: the organisations indexed under
    # a form another state's organisation holds ("SLPP": Sierra Leone's, Sri Lanka's) survive the copy.
    path = tmp_path / "mine.csv"
    path.write_text("name,code,start,end,aliases\nJane Roe,FRAGOV,2020-01-01,,\n", encoding="utf-8")
    merged = build_lexicon([str(path)])
    found = merged.alternative(norm_key("SLPP"), "LKA", "2020-03-01")
    assert found is not None and (found.code_on("2020-03-01") or "").startswith("LKA")
    assert merged.shared == build_lexicon().shared and merged.shared is not build_lexicon().shared
