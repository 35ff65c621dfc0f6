"""Locative prepositions and motion words (eventcoder/data/locatives.yaml), shared by the places component
and the actor coder: when a place name after a preposition locates something rather than naming an actor.

- ``locative_preps``: the object is where something happens ("in Tokyo");
- ``direction_preps`` ("to", "into", "from" ...) locate only after a word of ``motion`` ("a trip to Hanoi"),
  of ``reach`` ("a visit to China": the place of the visit for eventcoder_places, its host, an actor, for
  eventcoder_actors), or, for "from" only, of ``from_only`` ("reporting from London").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventcoder.errors import Errors, KnowledgeError
from eventcoder.knowledge.files import bad_field, knowledge_text, load_yaml

LOCATIVES_FILE = "data/locatives.yaml"
LOCATIVES_VERSION = 1
LISTS = ("locative_preps", "direction_preps", "motion", "reach", "from_only", "facilities")


@dataclass(frozen=True)
class Locatives:
    """The word lists of locatives.yaml (see its comments)."""

    locative_preps: frozenset[str]
    direction_preps: frozenset[str]
    motion: frozenset[str]
    reach: frozenset[str]
    from_only: frozenset[str]
    facilities: frozenset[str]

    def locates(self, prep: str, governor: str, *, reach: bool) -> bool:
        """Whether the object of preposition ``prep`` (lower case) governed by the word ``governor`` (its
        lemma) is a place; ``reach``: whether "to X" after a visit or a deployment counts as one."""
        if prep in self.locative_preps:
            return True
        if prep not in self.direction_preps:
            return False
        return (
            governor in self.motion
            or (reach and governor in self.reach)
            or (prep == "from" and (governor in self.from_only or governor in self.reach))
        )


@cache
def load_locatives() -> Locatives:
    """The packaged lists, validated (numbered errors name the file, line and field); cached."""
    name, raw = knowledge_text(None, LOCATIVES_FILE)
    data = load_yaml(raw, name)
    if not isinstance(data, dict) or data.get("version") != LOCATIVES_VERSION:
        value = data.get("version") if isinstance(data, dict) else None
        reason = f"this eventcoder reads version {LOCATIVES_VERSION}"
        raise bad_field(path=name, line=1, field="version", value=value, reason=reason)
    lists = {}
    for field in LISTS:
        values = data.get(field)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise KnowledgeError(Errors.E001.format(path=name, line=1, field=field))
        lists[field] = frozenset(values)
    return Locatives(**lists)
