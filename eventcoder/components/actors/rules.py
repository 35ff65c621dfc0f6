"""Word lists and parse tests the actor coder applies to noun phrases (eventcoder_actors).

The word lists are data: ``eventcoder/data/actors/rules.yaml`` (one commented list per rule), loaded once and
validated by ``load_rule_words``. The names below are the frozensets the rules test against.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token

from eventcoder.components.actors.lexicon import Entry
from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field, read_text, yaml_error
from eventcoder.knowledge.locatives import load_locatives
from eventcoder.knowledge.speech import load_speech_verbs

RULES_FILE = "data/actors/rules.yaml"
RULES_VERSION = 2
# Every list rules.yaml must define (an empty list switches its rule off).
RULE_LISTS = (
    "aim_words",
    "over_ok",
    "compass",
    "region_prefixes",
    "stance_prefixes",
    "place_nouns",
    "member_preps",
    "non_participants",
    "event_nouns",
    "force_verbs",
    "weapons",
    "travel_verbs",
    "ownership",
    "control_words",
    "state_nouns",
    "buildings",
    "state_words",
    "media_descriptions",
    "state_descriptions",
    "critics_state_nouns",
    "set_quantifiers",
    "set_numerals",
    "set_nouns",
    "person_pronouns",
    "thing_pronouns",
    "plural_pronouns",
    "possessive_pronouns",
    "copulas",
    "control_adjectives",
    "generic_titles",
    "chamber_titles",
    "honorifics",
    "name_titles",
    "particles",
    "state_sectors",
    "local_sectors",
    "transnational",
    "sector_codes",
    "country_or_sector",
    "side_sectors",
    "staff_sectors",
    "igo_bodies",
    "igo_reference_modifiers",
    "foreign_words",
    "generic_name_words",
)


@cache
def load_rule_words(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """The actor coder's word lists by name, from ``path`` or the packaged rules.yaml; validated, cached.

    Raises KnowledgeError naming the file, line and field of a missing list, a value that is not a list of
    words, an unknown list or a wrong ``version``.
    """
    name = str(path) if path is not None else f"eventcoder/{RULES_FILE}"
    try:
        if path is None:
            text = resources.files("eventcoder").joinpath(RULES_FILE).read_text(encoding="utf-8")
        else:
            text = read_text(path)
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as err:
        raise KnowledgeError(Errors.E003.format(path=name, reason=err)) from err
    except yaml.YAMLError as err:
        raise yaml_error(err, name) from err
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(
            Errors.E004.format(path=name, line=1, fmt="YAML", reason="expected a mapping of word lists")
        )
    nodes = {str(key.value): (key, value) for key, value in root.value}
    end_line = root.end_mark.line + 1

    def bad(field: str, node: yaml.Node, value: object, reason: str) -> KnowledgeError:
        line = node.start_mark.line + 1
        return bad_field(path=name, line=line, field=field, value=value, reason=reason)

    if "version" not in nodes:
        raise KnowledgeError(Errors.E001.format(path=name, line=1, field="version"))
    key, version = nodes.pop("version")
    if not isinstance(version, yaml.ScalarNode) or version.value != str(RULES_VERSION):
        raise bad(
            "version", key, getattr(version, "value", None), f"this eventcoder reads version {RULES_VERSION}"
        )
    for field, (key, _) in nodes.items():
        if field not in RULE_LISTS:
            raise bad(field, key, field, "not a list the actor coder uses")
    out: dict[str, frozenset[str]] = {}
    for field in RULE_LISTS:
        if field not in nodes:
            raise KnowledgeError(Errors.E001.format(path=name, line=end_line, field=field))
        key, node = nodes[field]
        if not isinstance(node, yaml.SequenceNode):
            raise bad(field, key, getattr(node, "value", None), "expected a list of words")
        words = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value:
                value = getattr(item, "value", None)
                raise bad(field, item, value, "expected a non-empty word (quote words like off, on, no, yes)")
            words.append(item.value)
        out[field] = frozenset(words)
    return out


RULE_WORDS = load_rule_words()


def lemma(token: Token) -> str:
    """The lower-case lemma, or the lower-case word when no lemmatizer ran."""
    return (token.lemma_ or token.text).lower()


# The lists of rules.yaml under the names the rules use (see the file for what each is for).
# Locative prepositions and motion words: the shared lists of eventcoder/data/locatives.yaml.
LOCATIVES = load_locatives()
LOCATIVE_PREPS = LOCATIVES.locative_preps
AIM_WORDS = RULE_WORDS["aim_words"]
OVER_OK = RULE_WORDS["over_ok"]
COMPASS = RULE_WORDS["compass"]
REGION_PREFIXES = RULE_WORDS["region_prefixes"]
STANCE_PREFIXES = RULE_WORDS["stance_prefixes"]
PLACE_NOUNS = RULE_WORDS["place_nouns"]
MEMBER_PREPS = RULE_WORDS["member_preps"]
NON_PARTICIPANTS = RULE_WORDS["non_participants"]
EVENT_NOUNS = RULE_WORDS["event_nouns"]
FORCE_VERBS = RULE_WORDS["force_verbs"]
WEAPONS = RULE_WORDS["weapons"]
TRAVEL_VERBS = RULE_WORDS["travel_verbs"]
OWNERSHIP = RULE_WORDS["ownership"]
CONTROL_WORDS = RULE_WORDS["control_words"]
STATE_NOUNS = RULE_WORDS["state_nouns"]
BUILDINGS = RULE_WORDS["buildings"]
STATE_WORDS = RULE_WORDS["state_words"]
MEDIA_DESCRIPTIONS = RULE_WORDS["media_descriptions"]
STATE_DESCRIPTIONS = RULE_WORDS["state_descriptions"]
CRITICS_STATE_NOUNS = RULE_WORDS["critics_state_nouns"]
SET_QUANTIFIERS = RULE_WORDS["set_quantifiers"]
SET_NUMERALS = RULE_WORDS["set_numerals"]
SET_NOUNS = RULE_WORDS["set_nouns"]
PERSON_PRONOUNS = RULE_WORDS["person_pronouns"]
THING_PRONOUNS = RULE_WORDS["thing_pronouns"]
PLURAL_PRONOUNS = RULE_WORDS["plural_pronouns"]
POSSESSIVE_PRONOUNS = RULE_WORDS["possessive_pronouns"]
SPEECH_VERBS = load_speech_verbs().speakers  # the shared speech-verb lexicon
COPULAS = RULE_WORDS["copulas"]
CONTROL_ADJECTIVES = RULE_WORDS["control_adjectives"]
GENERIC_TITLES = RULE_WORDS["generic_titles"]
CHAMBER_TITLES = RULE_WORDS["chamber_titles"]
HONORIFICS = RULE_WORDS["honorifics"]
NAME_TITLES = RULE_WORDS["name_titles"]
PARTICLES = RULE_WORDS["particles"]
STATE_SECTORS = RULE_WORDS["state_sectors"]
LOCAL_SECTORS = RULE_WORDS["local_sectors"]
TRANSNATIONAL = RULE_WORDS["transnational"]
SECTOR_CODES = RULE_WORDS["sector_codes"]
COUNTRY_OR_SECTOR = RULE_WORDS["country_or_sector"]
SIDE_SECTORS = RULE_WORDS["side_sectors"]
STAFF_SECTORS = RULE_WORDS["staff_sectors"]
IGO_BODIES = RULE_WORDS["igo_bodies"]
IGO_REFERENCE_MODIFIERS = RULE_WORDS["igo_reference_modifiers"]
FOREIGN_WORDS = RULE_WORDS["foreign_words"]
GENERIC_NAME_WORDS = RULE_WORDS["generic_name_words"]

# Logic, not vocabulary: dependency labels, characters and thresholds.
# Modifier relations that stay inside the noun phrase of the noun they modify.
NP_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "flat", "det", "poss", "quantmod", "advmod"})
HYPHENS = {"-", "‐", "–"}
PRONOUN_WINDOW = 3  # sentences back to look for an antecedent
FUZZY_SURNAME = 85  # rapidfuzz ratio for a misspelt surname of a person named earlier
# An article whose mentions are mostly one country gives that country to its unplaced state organs.
DOMINANT_SHARE, DOMINANT_MIN = 0.5, 3


def sector_led(code: str, kind: str | None = None) -> bool:
    """Whether ``code`` starts with a sector, not a country (`MED`, `MUSRAD`). `MUS` (Mauritius or
    Muslims in CAMEO) is the country when a country or capital named it (`kind`) or a state sector follows."""
    lead = code[:3]
    state_follows = code[3:6] in STATE_SECTORS or code[3:6] == "ELI"
    if lead in COUNTRY_OR_SECTOR and (kind in ("country", "capital") or state_follows):
        return False
    return lead in SECTOR_CODES


def split_code(code: str | None, kind: str | None = None) -> tuple[str | None, str | None]:
    """``CHNGOV`` -> (CHN, GOV); an international body keeps its whole code as the country
    (``IGOUNO`` -> (IGOUNO, None)), as records.Actor documents; ``MED`` alone has no country.
    ``kind`` is the mention's kind, for the codes CAMEO shares between a country and a sector."""
    if not code:
        return None, None
    if code[:3] in TRANSNATIONAL:
        return code, None
    if sector_led(code, kind):
        return None, code
    return code[:3], code[3:] or None


@dataclass
class Match:
    """A dictionary (or NER) match on tokens [start, end)."""

    start: int
    end: int
    entry: Entry | None  # None: a PERSON/ORG entity the dictionaries do not know
    kind: str

    def code(self, date: str | None) -> str | None:
        return self.entry.code_on(date) if self.entry else None


def np_head(token: Token) -> tuple[Token, bool]:
    """The head of the noun phrase ``token`` modifies, and whether a possessive link was crossed."""
    crossed = False
    while (
        token.dep_ in NP_DEPS
        and token.head.i > token.i
        and token.head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ", "X")
        and token.head.i - token.i < 12
    ):
        crossed = crossed or token.dep_ == "poss"
        token = token.head
    return token, crossed


def match_head(doc: Doc, m: Match) -> Token:
    span = doc[m.start : m.end]
    for token in span:
        if not (m.start <= token.head.i < m.end) or token.head.i == token.i:
            return token
    return span[-1]


def trim_left(doc: Doc, start: int, head_i: int) -> int:
    while start < head_i and (doc[start].dep_ in ("det", "punct", "cc") or doc[start].is_punct):
        start += 1
    return start


def city_under_force(head: Token) -> bool:
    """Whether a capital is the physical object of force ("shelled Kyiv", "Kabul was seized")."""
    verb = head.head
    if head.dep_ == "pobj" and verb.lower_ in ("on", "at") and verb.head.pos_ == "VERB":
        verb = verb.head  # "fired on Kyiv"
    elif head.dep_ not in ("dobj", "nsubjpass"):
        return False
    return lemma(verb) in FORCE_VERBS


def travelled(head: Token) -> bool:
    """Whether a place is the object of a travel verb ("left Taipei", "fled the country"): no actor."""
    return head.dep_ == "dobj" and lemma(head.head) in TRAVEL_VERBS


def participant_noun(head: Token) -> bool:
    """Whether a noun with a country modifier can stand for the country ("Ukrainian positions")."""
    return (
        head.pos_ in ("NOUN", "PROPN")
        and lemma(head) not in NON_PARTICIPANTS
        and head.lower_ not in NON_PARTICIPANTS
    )


def set_description(head: Token) -> bool:
    """ "the two leaders", "both sides": a definite plural that stands for several earlier actors."""
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet", "quantmod")}
    return bool(words & SET_QUANTIFIERS) or ("the" in words and bool(words & SET_NUMERALS))


def bare_set(head: Token) -> bool:
    """ "the leaders" as a subject: "the" and a plural (SET_NOUNS) only; a pair when two were just named."""
    mods = [c for c in head.children if c.dep_ not in ("punct", "relcl")]
    return (
        head.dep_ == "nsubj"
        and head.tag_ == "NNS"
        and head.lower_ in SET_NOUNS
        and [c.lower_ for c in mods] == ["the"]
    )


def locative(head: Token) -> bool:
    """Whether a place is where something happens ("in Tokyo"), not an actor ("contacts with Taipei")."""
    if regional(head):
        return True
    token = head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ not in ("pobj", "npadvmod"):
        return False
    prep = token.head
    word = prep.lower_
    if word == "over":
        return lemma(prep.head) not in OVER_OK
    if word == "at" and _aimed(prep):
        return False
    if word == "of" and (lemma(prep.head) in PLACE_NOUNS or prep.head.lower_ in COMPASS):
        return True  # "the city of Bulawayo", "a town northwest of Kyiv"
    # "a visit to China", "sent troops to Ukraine": the destination receives the act, an actor (reach=False)
    return LOCATIVES.locates(word, lemma(prep.head), reach=False)


def _aimed(prep: Token) -> bool:
    """ "fired rockets at Israel", "missiles launched at Kyiv": "at" marks what is aimed at."""
    governor = prep.head
    if lemma(governor) in AIM_WORDS:
        return True
    return governor.pos_ == "NOUN" and governor.head.i != governor.i and lemma(governor.head) in AIM_WORDS


def regional(head: Token) -> bool:
    """ "northern Syria", "eastern Ukraine": a compass word makes the country a region (a place);
    capitalised ones are part of the name ("North Korea", "South Sudan")."""
    return any(
        c.dep_ in ("amod", "compound") and c.lower_ in COMPASS and c.text.islower() for c in head.children
    )
