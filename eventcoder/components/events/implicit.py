"""Implied sources: agentless state coercion ("X was arrested", "the continued detention of X") (#15).

A coercion the state alone carries out (arrest and detention, conviction, sentencing, dispersal: the codes
and lemmas of ``implicit_agents`` in the pattern data) reported with no agent at all still has one: the
state of the country where it happens. The source of such an event is *implied*, never a span of the text:
the event carries ``implicit_source`` (code, country, sector and the construction that implied it) and its
source index stays None; the record's source has ``implicit: true`` and no offsets.

Constructions, each on the dependency parse:

- an agentless passive of such a verb: "Navalny was detained on Sunday", "Ayyash and Saad, who have been
  arrested at the airport", "two activists were sentenced to five years"; a reduced relative clause
  ("the blogger, detained since May, ...") counts as passive. A by-phrase of any kind (even an uncoded
  one: "by unknown gunmen") names an agent, so nothing is implied.
- a bare event noun with its patient and no agent: "the continued detention of X", "X's arrest", "reports
  of numerous detentions of Zimbabweans". A possessive that is not the patient, or a "by" phrase, names
  an agent.
- a patient in custody: "X, who remains under house arrest", "X is in detention": the subject of a
  stative verb (be, remain, stay, languish) whose "under" / "in" phrase is such a noun.

The implied agent's country is that of a place in the trigger's "in" / "at" phrase ("an American arrested
in Moscow": RUS), else the patient's. Patients that are states, places or international organisations
("Russia was ...") imply nothing. When the article already named the agent of this kind of act against
someone of the patient's country ("police detained X ... X's detention"), that agent is used instead.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.components.events.arguments import DocState, actor_country
from eventcoder.components.events.places import place_country
from eventcoder.components.events.syntax import pobjs
from eventcoder.components.extensions import ImplicitActorDict
from eventcoder.knowledge.patterns import PatternTable

IMPLICIT_FACTOR = 0.7  # confidence kept by an event whose source is implied (as for a one-sided event)
NOT_PATIENT_KINDS = {"country", "capital", "place", "igo"}
CUSTODY_VERBS = {"be", "remain", "stay", "languish", "sit"}
CUSTODY_PREPS = {"under", "in"}
PLACE_PREPS = {"in", "at"}


def implied_sector(table: PatternTable, trigger: Token, code: str) -> str | None:
    """The sector of the state agent a code implies (``implicit_agents``), the trigger's lemma first."""
    if trigger.lemma_.lower() in table.implicit_except:
        return None
    if code not in table.implicit_codes and not (
        trigger.lemma_.lower() in table.implicit_lemmas and code[:2] == "17"
    ):
        return None
    return table.implicit_lemmas.get(trigger.lemma_.lower()) or table.implicit_codes.get(code)


def agentless_passive(verb: Token) -> bool:
    """A passive ("was arrested") or reduced relative ("the blogger, detained in May"), no by-phrase."""
    passive = any(c.dep_ == "auxpass" for c in verb.children) or (verb.dep_ == "acl" and verb.tag_ == "VBN")
    subject = any(c.dep_ in ("nsubj", "csubj", "expl") for c in verb.children)
    agent = any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in verb.children)
    return passive and not subject and not agent


def agentless_noun(state: DocState, noun: Token, targets: list[int]) -> bool:
    """An event noun with no agent of its own: no "by" phrase, no possessive other than its patient."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return False
        if child.dep_ == "poss" and state.t2a.get(child.i) not in targets:
            return False
    return True


def custody_verb(noun: Token) -> Token | None:
    """The stative verb of "X remains under house arrest" / "X is in detention", whose subject is held."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in CUSTODY_PREPS and head.head.lemma_.lower() in CUSTODY_VERBS:
        return head.head
    return None


def _place_country(state: DocState, trigger: Token) -> str | None:
    """The country of a place named in the trigger's "in" / "at" phrase ("arrested in Cairo")."""
    for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
        for pobj in pobjs(prep):
            for tok in pobj.subtree:
                found = place_country(state, tok)
                if found is not None:
                    return found[0]
    return None


def implied_agents(
    table: PatternTable, state: DocState, trigger: Token, code: str, targets: list[int], why: str
) -> dict[int, ImplicitActorDict]:
    """The implied state agent of each patient in ``targets`` (none for states, places, IGOs)."""
    sector = implied_sector(table, trigger, code)
    if sector is None:
        return {}
    actors = state.doc._.actors
    place = _place_country(state, trigger)
    out: dict[int, ImplicitActorDict] = {}
    for t in targets:
        a = actors[t]
        country = place or actor_country(state, t)
        if a.get("kind") in NOT_PATIENT_KINDS or not country or country.startswith("IGO"):
            continue
        out[t] = ImplicitActorDict(code=country + sector, country=country, sector=sector, why=why)
    return out
