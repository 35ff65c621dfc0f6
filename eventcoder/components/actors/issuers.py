"""The issuer of an article: the state organ that published it, who "we" and "I" are in its own statements.

An official statement or press release ("We urge the authorities to release ...", "I strongly condemn ...")
speaks in the first person for its publisher. The article's ``source`` (and its URL's host) says who that
is: ``issuers.yaml`` maps publisher names and web hosts to codes, and a source the actor lexicon reads as
a state organ ("U.S. Department of State" -> USAGOV) needs no entry. Only state organs issue (GOV, MIL,
LEG, JUD, SPY, COP, or an IGO); a news outlet (MED) or an unknown publisher never does, so first person
in a wire story stays unresolved.

First person resolves (in :func:`first_person`) to:
- inside quotation marks: the quoted speaker, not the issuer (left unresolved here);
- in a transcript, after a speaker label that opens a paragraph ("SECRETARY X:", "President of Ruritania
  Jane Roe:"), that speaker until the next label; a label naming no known actor ("Q:", "MODERATOR:")
  leaves it unresolved, a bare title ("THE PRESIDENT:") is the issuer's;
- elsewhere in an issuer's article, the issuer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TypedDict
from urllib.parse import urlsplit

import yaml
from spacy.tokens import Doc

from eventcoder.components.actors.lexicon import CODE_RE, Lexicon, norm_key
from eventcoder.components.actors.rules import TRANSNATIONAL, sector_led
from eventcoder.components.extensions import ActorDict, doc_text
from eventcoder.components.quotes.marks import find_quotations, paragraphs
from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field as _bad
from eventcoder.knowledge.files import read_text, yaml_error

DATA = "eventcoder.data.actors"
ISSUER_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP"})
FIRST_PERSON = frozenset({"we", "i", "us", "me"})
FIRST_POSSESSIVES = frozenset({"our", "my"})
CC = "{cc}"
_HOST_RE = re.compile(r"^(\{cc\}|[a-z0-9-]+)(\.(\{cc\}|[a-z0-9-]+))*$")
# A speaker label opening a transcript paragraph: "THE PRESIDENT:", "SECRETARY X:", "Q:".
_LABEL = re.compile(r"[ \t]*(?P<label>[A-Z][\w.'’ -]{0,60}?)[ \t]*:(?=\s)")
_LABEL_WORDS = 8


class IssuerDict(TypedDict):
    """doc._.issuer: who published the article, when that is a state organ."""

    code: str
    name: str
    via: str  # publisher | lexicon | host | user


@dataclass
class IssuerRule:
    """One entry of issuers.yaml."""

    name: str
    code: str
    publishers: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)


def is_state_code(code: str | None) -> bool:
    """Whether a code names a state organ (GOV, MIL, LEG, JUD, SPY, COP) or an international body."""
    code = (code or "").replace(CC, "AAA")
    if not CODE_RE.match(code):
        return False
    if code[:3] in TRANSNATIONAL:
        return code.startswith("IGO")
    return not sector_led(code) and code[3:6] in ISSUER_SECTORS


def parse_issuers(text: str, path: str) -> list[IssuerRule]:
    """Validate an issuers file (a YAML list of {name, code, publishers, hosts}); errors name the line."""
    try:
        records = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as err:
        raise yaml_error(err, path) from err
    if records is None:
        return []
    if not isinstance(records, list) or not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(Errors.E004.format(path=path, line=1, fmt="YAML", reason="expected a list"))
    out = []
    for item, node in zip(records, root.value, strict=True):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise KnowledgeError(Errors.E004.format(path=path, line=line, fmt="YAML", reason="not a mapping"))
        for key in ("name", "code"):
            if not str(item.get(key) or "").strip():
                raise KnowledgeError(Errors.E001.format(path=path, line=line, field=key))
        code = str(item["code"]).strip()
        if not is_state_code(code):
            raise _bad(
                path, line, "code", code, "an issuer is a state organ: GOV, MIL, LEG, JUD, SPY, COP or IGO"
            )
        lists: dict[str, list[str]] = {}
        for key in ("publishers", "hosts"):
            values = item.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise _bad(path, line, key, values, "expected a list of strings")
            lists[key] = [v.strip() for v in values]
        if not lists["publishers"] and not lists["hosts"]:
            raise KnowledgeError(Errors.E001.format(path=path, line=line, field="publishers"))
        for host in lists["hosts"]:
            if not _HOST_RE.match(host.lower()):
                raise _bad(path, line, "hosts", host, "a host is a domain name such as state.gov or gov.{cc}")
        if CC in code and not all(CC in h for h in lists["hosts"]) or CC in code and lists["publishers"]:
            raise _bad(path, line, "code", code, "'{cc}' in a code needs every host to have '{cc}'")
        out.append(
            IssuerRule(
                str(item["name"]).strip(), code, lists["publishers"], [h.lower() for h in lists["hosts"]]
            )
        )
    return out


@functools.lru_cache(maxsize=1)
def packaged_issuers() -> tuple[IssuerRule, ...]:
    text = resources.files(DATA).joinpath("issuers.yaml").read_text(encoding="utf-8")
    return tuple(parse_issuers(text, "issuers.yaml"))


def load_issuers(user_files: Sequence[str] = ()) -> list[IssuerRule]:
    """The shipped issuers and the users' (user entries are tried first)."""
    user = [rule for path in user_files for rule in parse_issuers(read_text(path), str(path))]
    return [*user, *packaged_issuers()]


@functools.lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2.lower(): c.alpha_3 for c in pycountry.countries}
    table["uk"] = "GBR"  # the one ccTLD that is not the ISO code
    return table


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w.&'’-]+", text.lower())) + " "


class IssuerResolver:
    """Resolve an article's ``source`` and ``url`` to its issuer (see module docstring)."""

    def __init__(self, rules: Sequence[IssuerRule], lexicon: Lexicon) -> None:
        self.rules = list(rules)
        self.lexicon = lexicon

    def resolve(self, source: str | None, url: str | None, date: str | None = None) -> IssuerDict | None:
        by_name = self._publisher(source) if source else None
        if by_name is not None:
            return by_name
        if source:
            found = self._lexicon(source, date)
            if found is not None:  # a news outlet named in the source never issues, whatever the host
                return found if is_state_code(found["code"]) else None
        return self._host(url) if url else None

    def _publisher(self, source: str) -> IssuerDict | None:
        text = _words(source)
        best: tuple[int, IssuerRule] | None = None
        for rule in self.rules:
            for name in rule.publishers:
                key = _words(name)
                if key in text and (best is None or len(key) > best[0]):
                    best = (len(key), rule)
        return {"code": best[1].code, "name": best[1].name, "via": "publisher"} if best else None

    def _lexicon(self, source: str, date: str | None) -> IssuerDict | None:
        """The first part of the source (split at brackets, commas and "via") the lexicon codes: a full
        code ("White House" -> USAGOV), or a country and a sector noun ("Australian Foreign Minister")."""
        for part in re.split(r"[(),;]|\bvia\b", source):
            words = list(norm_key(part.strip()))
            country = sector = full = None
            k = 0
            while k < len(words):
                found = self.lexicon.lookup(words[k:])
                if found is None:
                    k += 1
                    continue
                n, entry = found
                code = entry.code_on(date)
                if entry.kind == "agent" and entry.sector:
                    sector = sector or entry.sector[:3]
                elif code and len(code) > 3 and not sector_led(code, entry.kind) and entry.kind != "capital":
                    full = full or code
                elif code and not sector_led(code, entry.kind):
                    country = country or code[:3]
                k += n
            code = full or (country + sector if country and sector else None)
            if code:
                return {"code": code, "name": part.strip(), "via": "lexicon"}
        return None

    def _host(self, url: str) -> IssuerDict | None:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
        if not host:
            return None
        labels = host.split(".")
        best: tuple[int, IssuerRule, str | None] | None = None
        for rule in self.rules:
            for pattern in rule.hosts:
                parts = pattern.split(".")
                if len(parts) > len(labels):
                    continue
                tail = labels[-len(parts) :]
                cc = None
                ok = True
                for want, got in zip(parts, tail, strict=True):
                    if want == CC:
                        cc = _alpha3().get(got)
                        ok = ok and cc is not None
                    else:
                        ok = ok and want == got
                if ok and (best is None or len(parts) > best[0]):
                    best = (len(parts), rule, cc)
        if best is None:
            return None
        _, rule, cc = best
        code = rule.code.replace(CC, cc) if cc else rule.code
        return {"code": code, "name": host if cc else rule.name, "via": "host"} if CC not in code else None


@dataclass
class Labelled:
    """A transcript paragraph range and who speaks in it (None: a speaker we cannot code)."""

    start: int
    end: int
    label_end: int
    code: str | None
    name: str | None


def speaker_labels(doc: Doc, actors: Sequence[ActorDict], issuer: IssuerDict | None) -> list[Labelled]:
    """Paragraph ranges after each speaker label, to the next label; the label's actor codes them."""
    text = doc_text(doc)
    found: list[tuple[int, int, int, str | None, str | None]] = []
    for p_start, p_end in paragraphs(text):
        m = _LABEL.match(text, p_start, p_end)
        if m is None or len(m.group("label").split()) > _LABEL_WORDS:
            continue
        label = m.group("label")
        a, b = m.start("label"), m.end("label")
        if not (label.isupper() or label.istitle() or any(x["start"] >= a and x["end"] <= b for x in actors)):
            continue  # "The following is attributable to ...:" is a sentence, not a label
        inside = [x for x in actors if x["start"] >= a and x["end"] <= b]
        if any(x.get("kind") not in ("person", "group") and x["code"] for x in inside) and not any(
            x.get("kind") == "person" for x in inside
        ):
            continue  # "Burma: ..." a heading, not a speaker
        person = next((x for x in inside if x["code"] and x.get("kind") == "person"), None)
        titles = [x for x in inside if x.get("kind") == "group" and x.get("sector")]
        code = name = None
        if person is not None:
            code, name = person["code"], person["name"] or person["text"]
        elif titles and issuer is not None and issuer["code"][:3] not in TRANSNATIONAL:
            # "THE PRESIDENT:" at the White House: a bare title is the issuer's, whatever came before.
            code, name = issuer["code"][:3] + str(titles[0]["sector"]), titles[0]["text"]
        elif inside and inside[0]["code"]:
            code, name = inside[0]["code"], inside[0]["name"] or inside[0]["text"]
        found.append((p_start, p_end, m.end(), code, name))
    out = []
    for k, (start, p_end, label_end, code, name) in enumerate(found):
        # A coded speaker holds the floor to the next label; "Q:" or "Photo By:" only its own paragraph.
        end = (found[k + 1][0] if k + 1 < len(found) else len(text)) if code else p_end
        out.append(Labelled(start, end, label_end, code, name))
    return out


def quoted_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (the quotes component's pairing)."""
    marked, _ = find_quotations(doc_text(doc))
    return [(q.start, q.end) for q in marked]


@dataclass
class Quoted:
    """A quoted range and its speaker's code and name, when a direct quote's speaker is a coded actor."""

    start: int
    end: int
    code: str | None = None
    name: str | None = None


def first_person(
    char: int, issuer: IssuerDict | None, labels: Sequence[Labelled], quotes: Sequence[Quoted]
) -> tuple[str, str] | None:
    """Who a first-person pronoun at character ``char`` stands for: (code, name), or None."""
    inside = [q for q in quotes if q.start <= char < q.end]
    if inside:  # the quoted speaker's, never the issuer's
        q = min(inside, key=lambda q: (q.end - q.start, q.code is None))
        return (q.code, q.name or q.code) if q.code else None
    for lab in labels:
        if lab.start <= char < lab.end:
            if char < lab.label_end:
                return None
            return (lab.code, lab.name or lab.code) if lab.code else None
    if issuer is None:
        return None
    return issuer["code"], issuer["name"]
