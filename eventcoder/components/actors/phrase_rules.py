"""The noun-phrase rules of the actor coder: one small function per construction, applied in order.

``code_phrase`` codes one noun phrase (its head token and the dictionary matches inside it) as zero or more
actor mentions, reading and updating one ``Phrase``:

0. ``SPLIT_RULES``: a phrase the parser ran across two actors ("the envoy to South Sudan Mary Phee"): the
   first rule that answers gives the mentions;
1. a phrase whose head is no actor ("Taiwan's future", "China's military threats") goes to
   ``NON_ACTOR_HEAD_RULES``: the first rule that answers (a list, possibly empty) gives the mentions;
2. else ``NOT_ACTOR_RULES``: constructions where the phrase names no participant ("diplomatic, military
   and economic pressure", "protested outside the Japanese embassy"). A rule returning True drops it;
3. ``CODE_RULES``: the first rule that applies sets the code, name and kind (an alias introduced earlier,
   the dictionary entry of the head, else a sector noun composed with its modifiers' country);
4. ``DROP_RULES``: a country or capital used as a place or a modifier ("in Tokyo", "US-led"). A rule
   returning True drops the mention.

Every rule is documented by the construction it covers and tested on a hand-built parse
(tests/components/actors/test_phrase_rules.py). Add a construction by writing a rule and placing it in
its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventcoder.components.actors.context import Mention
from eventcoder.components.actors.lexicon import OFFICE_SECTORS, Entry, Lexicon, norm_key
from eventcoder.components.actors.phrase_parts import (
    Resolved,
    apposition,
    country_from_context,
    country_of,
    group_code,
    in_proper_name,
    register_aliases,
    split_conjoined,
    title_sector,
    titled_name,
)
from eventcoder.components.actors.rules import (
    BUILDINGS,
    CONTROL_WORDS,
    EVENT_NOUNS,
    FOREIGN_WORDS,
    GENERIC_NAME_WORDS,
    HONORIFICS,
    HYPHENS,
    IGO_BODIES,
    LOCAL_SECTORS,
    NAME_TITLES,
    NP_DEPS,
    OWNERSHIP,
    PLACE_NOUNS,
    SIDE_SECTORS,
    WEAPONS,
    Match,
    bare_set,
    city_under_force,
    lemma,
    locative,
    match_head,
    np_head,
    participant_noun,
    sector_led,
    set_description,
    travelled,
    trim_left,
)


@dataclass
class Phrase:
    """What the rules know about one noun phrase so far: its head, the matches grouped on it (each with
    whether a possessive link was crossed to reach the head), and the article's aliases."""

    lexicon: Lexicon
    doc: Doc
    head: Token
    group: list[tuple[Match, bool]]
    match_at: dict[int, Match]
    aliases: dict[str, Resolved]
    date: str | None
    consumed: set[int] = field(default_factory=set)
    head_match: Match | None = None
    mods: list[tuple[Match, bool]] = field(default_factory=list)
    alias: Resolved | None = None
    start: int = 0
    end: int = 0
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    kind: str = "organisation"
    code: str | None = None
    name: str | None = None
    sector: str | None = None
    family: str | None = None  # the country of another person of the same family name named earlier
    located: str | None = None  # the country of the place a country-less group is in ("rebels in Congo")

    def __post_init__(self) -> None:
        # a name title ("Justice") is a sector word only before a person's name ("Justice Peter Mwangi")
        self.group = [
            (m, crossed)
            for m, crossed in self.group
            if not (
                m.kind == "agent"
                and self.doc[m.start : m.end].text.lower() in NAME_TITLES
                and (m.end > self.head.i or titled_name(self.doc, m.end, self.head) is None)
            )
        ]
        head_match = self.match_at.get(self.head.i)
        if (
            head_match is not None
            and (head_match, False) not in self.group
            and (head_match, True) not in self.group
        ):
            head_match = None
        self.head_match = head_match
        self.mods = [(m, crossed) for m, crossed in self.group if m is not head_match]
        self.alias = self.aliases.get(self.head.text.lower()) if self.head.pos_ == "PROPN" else None

    @property
    def agent_head(self) -> bool:
        """Whether the head is a sector noun or title ("military", "spokesman")."""
        return self.head_match is not None and self.head_match.kind == "agent"

    @property
    def places(self) -> list[tuple[Match, bool]]:
        """The modifiers that are no sector noun: countries, capitals, organisations, persons."""
        return [(m, c) for m, c in self.mods if m.kind != "agent"]

    @property
    def agents(self) -> list[Match]:
        """The sector-noun modifiers with a sector ("military" in "China's military threats")."""
        return [m for m, _ in self.mods if m.kind == "agent" and m.entry is not None and m.entry.sector]


NotActorRule = Callable[[Phrase], bool]
CodeRule = Callable[[Phrase], bool]
HeadRule = Callable[[Phrase], "list[Mention] | None"]


def code_phrase(phrase: Phrase) -> list[Mention]:
    """The actor mentions of one noun phrase, by the rule lists of this module (see its docstring)."""
    p = phrase
    for split_rule in SPLIT_RULES:
        found = split_rule(p)
        if found is not None:
            return found
    if p.head_match is None and p.alias is None:
        for head_rule in NON_ACTOR_HEAD_RULES:
            found = head_rule(p)
            if found is not None:
                return found
        return []
    phrase_span(p)
    if any(rule(p) for rule in NOT_ACTOR_RULES):
        return []
    p.kind = p.head_match.kind if p.head_match else p.alias.kind if p.alias else "organisation"
    for rule in CODE_RULES:
        if rule(p):
            break
    if p.kind == "metonym":
        p.kind = "organisation"
    if any(rule(p) for rule in DROP_RULES):
        return []
    mention = Mention(p.start, p.end, p.head.i, p.code, p.name or p.doc[p.start : p.end].text, p.kind)
    mention.sector = p.sector
    # "foreign troops": not of the country their sentence or article is about; uncoded unless named
    mention.needs_country = (
        p.code is None
        and (p.sector is not None or p.kind == "person")
        and not (p.kind == "group" and foreign(p))
    )
    if p.kind == "group" and p.code is None and set_description(p.head):
        mention.needs_country = False  # "the two leaders": several actors, resolved to a pair or uncoded
        mention.extra["set"] = True
    elif p.kind == "group" and p.code is None and bare_set(p.head):
        mention.extra["set"] = "maybe"  # "the leaders": a pair when one was just named, else one side
    mention.plural = p.head.tag_ in ("NNS", "NNPS")
    mention.extra["family"] = p.family is not None
    if p.located:
        mention.extra["located"] = p.located
    register_aliases(p.doc, p.head, p.start, p.end, mention, p.aliases, p.consumed)
    return split_conjoined(p.doc, mention, p.mods, p.date)


def group_matches(
    doc: Doc, matches: list[Match]
) -> tuple[dict[int, list[tuple[Match, bool]]], dict[int, Match]]:
    """The matches grouped by the head of the noun phrase they sit in (each with whether a possessive link
    was crossed to reach it), and the match at each token."""
    groups: dict[int, list[tuple[Match, bool]]] = {}
    match_at: dict[int, Match] = {}
    for m in matches:
        for i in range(m.start, m.end):
            match_at[i] = m
        token = match_head(doc, m)
        if token.i + 2 < len(doc) and doc[token.i + 1].text in HYPHENS and token.head.i == token.i + 2:
            # "Hamas-run ministry" names who runs it; "French-brokered plan", "US-backed forces" do not.
            if token.head.lower_ not in OWNERSHIP or token.head.dep_ not in NP_DEPS:
                continue
            if m.kind == "country" and token.head.lower_ in CONTROL_WORDS:
                continue  # "the Serb-controlled republic": what a state controls is not its own organ
            token = token.head
        if token.dep_ == "conj" and token.head.dep_ in NP_DEPS and token.head.i < token.i:
            token = token.head  # "Georgian and Russian troops", "Taiwan's and Japan's parties"
        head, crossed = np_head(token)
        groups.setdefault(head.i, []).append((m, crossed))
    return groups, match_at


def phrase_span(p: Phrase) -> None:
    """One mention from the phrase's first modifier to its head ("Iran-backed", determiners trimmed), and
    the countries and sectors its modifiers give."""
    doc, head, head_match = p.doc, p.head, p.head_match
    start = min([head_match.start if head_match else head.i] + [m.start for m, _ in p.mods])
    k = head.i - 1
    while k >= 0 and k < start and np_head(doc[k])[0].i == head.i:  # the whole phrase
        start = k
        k -= 1
        if k >= 1 and doc[k].text in HYPHENS and start <= doc[k - 1].head.i <= head.i:  # "Iran-backed"
            start = k - 1
            k -= 2
    p.start = trim_left(doc, start, head.i)
    p.end = head_match.end if head_match and head_match.end > head.i else head.i + 1
    p.countries = [c for c in (country_of(m, p.date) for m, _ in p.mods) if c]
    p.sectors = [m.entry.sector for m, _ in p.mods if m.kind == "agent" and m.entry and m.entry.sector]


# ---------------------------------------------------------------------- 0. two actors in one phrase


def destination_and_envoy(p: Phrase) -> list[Mention] | None:
    """ "the U.S. envoy to South Sudan Mary Catherine Phee": a titled noun's "to" phrase that runs a place
    name into a person's name with no title between is two actors: the destination (a counterpart) and the
    person, who holds the title for the title's own state ("U.S. envoy" -> USAGOV), not the destination's."""
    doc, head = p.doc, p.head
    title = head.head.head
    if not (
        head.dep_ == "pobj" and head.pos_ == "PROPN" and head.head.lower_ == "to" and title.pos_ == "NOUN"
    ):
        return None
    agent = p.match_at.get(title.i)
    if agent is None or agent.kind != "agent" or agent.entry is None or not agent.entry.sector:
        return None
    places = [m for m, crossed in p.mods if not crossed and m.kind in ("country", "capital")]
    place = places[0] if len(places) == 1 else None
    if place is None or place.start != p.doc[head.left_edge.i : head.i + 1].start or place.end > head.i:
        return None
    name = doc[place.end : head.i + 1]
    if not all(t.pos_ == "PROPN" and t.text.istitle() for t in name) or name[-1].ent_type_ != "PERSON":
        return None
    if any(p.match_at.get(t.i) is not None and p.match_at[t.i].kind != "person" for t in name):
        return None  # "Kenya President Ruto": a title of the place's own between
    country = country_of(place, p.date)
    if country is None:
        return None
    owners = [p.match_at.get(c.i) for c in title.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    own = next((c for c in (country_of(m, p.date) for m in owners if m is not None) if c), None)
    code = own + agent.entry.sector if own else None
    person = Mention(name.start, name.end, head.i, code, name.text, "person", sector=agent.entry.sector)
    person.needs_country = code is None
    register_aliases(doc, head, name.start, name.end, person, p.aliases, p.consumed)
    destination = Mention(place.start, place.end, match_head(doc, place).i, country, None, "country")
    return [destination, person]


SPLIT_RULES: tuple[HeadRule, ...] = (destination_and_envoy,)


# ---------------------------------------------------------------------- 1. a head that is no actor


def possessed_agent(p: Phrase) -> list[Mention] | None:
    """ "China's increasingly bellicose military threats" -> CHNMIL on "China's ... military"; "three
    Ukrainian navy ships": the ships stand for the navy; "Turkish presidential adviser Mesut Casin": a
    titled person we don't know."""
    doc, head = p.doc, p.head
    possessors = {id(m) for m, crossed in p.mods if crossed}
    for agent in reversed(p.agents):
        before = [m for m, _ in p.places if m.end <= agent.start and m.kind != "person"]
        country = next((c for c in (country_of(m, p.date) for m in before) if c), None)
        if not (country and agent.entry is not None and agent.entry.sector):
            continue
        sector = agent.entry.sector
        if participant_noun(head) and lemma(head) not in EVENT_NOUNS and id(agent) not in possessors:
            start = trim_left(doc, min(m.start for m in before), head.i)
            name = titled_name(doc, agent.end, head)
            if name is not None:
                mention = Mention(start, head.i + 1, head.i, country + sector, name, "person", sector=sector)
                register_aliases(doc, head, start, head.i + 1, mention, p.aliases, set())
                return [mention]
            return [Mention(start, head.i + 1, head.i, country + sector, None, "group", sector=sector)]
        start = trim_left(doc, min(m.start for m in before), agent.end - 1)
        return [Mention(start, agent.end, agent.end - 1, country + sector, None, "group", sector=sector)]
    return None


def _demonyms(p: Phrase) -> list[Match]:
    return [m for m, crossed in p.places if not crossed and m.kind == "country"]


def demonym_city_under_force(p: Phrase) -> list[Mention] | None:
    """ "shelled the Ukrainian city of Kharkiv": like a shelled capital, the country is the target."""
    demonyms = _demonyms(p)
    if not (demonyms and lemma(p.head) in PLACE_NOUNS and city_under_force(p.head)):
        return None
    m = demonyms[-1]
    country = country_of(m, p.date)
    return [Mention(m.start, m.end, match_head(p.doc, m).i, country, None, "country")] if country else []


def demonym_participant(p: Phrase) -> list[Mention] | None:
    """ "attacked Ukrainian positions": the phrase stands for its country (as PETRARCH codes it); "a U.S.
    drone strike": the strike is the event, "U.S." its actor."""
    demonyms, head = _demonyms(p), p.head
    if not (demonyms and not any(crossed for _, crossed in p.places) and participant_noun(head)):
        return None
    country = country_of(demonyms[-1], p.date)
    if not country or locative(head):
        return None
    if lemma(head) in EVENT_NOUNS:
        m = demonyms[-1]
        return [Mention(m.start, m.end, match_head(p.doc, m).i, country, None, "country")]
    start = trim_left(p.doc, min(m.start for m in demonyms), head.i)
    mention = Mention(start, head.i + 1, head.i, country, None, "group")
    mention.plural = head.tag_ in ("NNS", "NNPS")
    return split_conjoined(p.doc, mention, p.mods, p.date)


def igo_body(p: Phrase) -> list[Mention] | None:
    """ "UN peacekeepers", "a UN agency", "the NATO envoy": a body with no code of its own is its IGO (an
    agency with its own code, "the UN refugee agency", is an igo_agencies.yaml form the lexicon matched)."""
    head = p.head
    igos = [m for m, crossed in p.places if not crossed and m.kind == "igo" and m.code(p.date)]
    if not (igos and lemma(head) in IGO_BODIES and not locative(head)):
        return None
    m = igos[-1]
    start = trim_left(p.doc, m.start, head.i)
    name = p.doc[start : head.i + 1].text
    return [Mention(start, head.i + 1, head.i, m.code(p.date), name, "igo", plural=head.tag_ == "NNS")]


def group_modifier(p: Phrase) -> list[Mention] | None:
    """ "Taliban prisoners", "Hamas positions": the phrase stands for the group; "a Hamas attack": the
    attack is the event, Hamas its actor."""
    head = p.head
    groups = [
        m
        for m, crossed in p.places
        if not crossed and m.kind in ("metonym", "organisation") and group_code(m, p.date)
    ]
    if not groups or not participant_noun(head) or locative(head):
        return None
    m = groups[-1]
    code = group_code(m, p.date)
    # "Pakistan's ISI chief", "Israel's Mossad chief": a possessor that is the group's own state adds
    # nothing; any other possessor ("Russia's Hamas contacts") decides the phrase elsewhere.
    if any(crossed and (code is None or country_of(c, p.date) != code[:3]) for c, crossed in p.places):
        return None
    if lemma(head) in EVENT_NOUNS:
        name = m.entry.name if m.entry else None
        return [Mention(m.start, m.end, match_head(p.doc, m).i, code, name, "organisation")]
    start = trim_left(p.doc, m.start, head.i)
    return [Mention(start, head.i + 1, head.i, code, None, "group", plural=head.tag_ in ("NNS", "NNPS"))]


def possessors(p: Phrase) -> list[Mention] | None:
    """ "Taiwan's future": the possessor is the actor; a title right before it belongs to it ("President
    Chavez's claims"). Other modifiers ("Tokyo 2020 Games", "the Taiwan issue") are no actor."""
    doc, out = p.doc, []
    for m, crossed in p.places:
        if not crossed:
            continue
        code = m.code(p.date) if m.entry else None
        alias = p.aliases.get(doc[m.start : m.end].text.lower())
        if alias is not None and (m.entry is None or m.kind == "person"):
            code = alias.code
        name = m.entry.name if m.entry else alias.name if alias else doc[m.start : m.end].text
        kind = alias.kind if alias and m.entry is None else m.kind
        kind = "organisation" if kind == "metonym" else kind
        start = m.start
        titles = [
            a for a in p.agents if a.end == start or (a.end < start and doc[a.end : start].text.istitle())
        ]
        if titles and kind == "person":
            start = titles[0].start
            title = titles[-1].entry.sector if titles[-1].entry else None
            if code and len(code) == 3 and title:
                code += title
        out.append(Mention(start, m.end, match_head(doc, m).i, code, name, kind, needs_country=code is None))
    return out


NON_ACTOR_HEAD_RULES: tuple[HeadRule, ...] = (
    possessed_agent,
    demonym_city_under_force,
    demonym_participant,
    igo_body,
    group_modifier,
    possessors,
)


# ---------------------------------------------------------------------- 2. no participant


def agent_word_not_a_noun(p: Phrase) -> bool:
    """ "military" in "diplomatic, military and economic pressure", "to judge the talks", "will police the
    border", "opposition to the plan": a sector word used as an adjective or verb."""
    head = p.head
    return p.agent_head and (
        head.pos_ in ("ADJ", "VERB")
        or (head.i + 1 < len(p.doc) and p.doc[head.i + 1].lower_ == "to")
        and head.lower_ == "opposition"
    )


def apposition_to_a_person(p: Phrase) -> bool:
    """ "Masahisa Sato, a parliamentarian": the apposition codes the person."""
    return p.head.dep_ == "appos" and p.head.head.ent_type_ == "PERSON" and p.agent_head


def predicate_nominal(p: Phrase) -> bool:
    """ "is considered a president": a predicate, not a participant."""
    return p.agent_head and p.head.dep_ in ("attr", "oprd", "acomp")


def building_as_place(p: Phrase) -> bool:
    """ "protested outside the Japanese embassy", "stormed the presidential palace": a building."""
    head = p.head
    return (
        p.agent_head
        and lemma(head) in BUILDINGS
        and (locative(head) or city_under_force(head) or travelled(head))
    )


def unknown_name_as_place(p: Phrase) -> bool:
    """An unknown name in "in Bulawayo" is a place."""
    m = p.head_match
    return m is not None and m.entry is None and m.kind == "organisation" and locative(p.head)


def surname_as_place(p: Phrase) -> bool:
    """ "between the towns of Bocaranga and Bazoum", "in Bazoum": a bare one-word name of a person in a
    place's position is a place that shares the name (a person is met, not located in)."""
    m = p.head_match
    return (
        m is not None
        and m.entry is not None
        and m.kind == "person"
        and m.end - m.start == 1
        and p.end - p.start == 1
        and locative(p.head)
    )


def weapons_without_owner(p: Phrase) -> bool:
    """ "fired 59 cruise missiles", "launched drones": the subject's weapons, no actor of their own."""
    return not p.countries and lemma(p.head) in WEAPONS and p.head.dep_ in ("dobj", "conj", "nsubjpass")


def intelligence_as_information(p: Phrase) -> bool:
    """ "shared intelligence", "intelligence gathered at the scene", "defensive intelligence information":
    the bare mass noun is information. The service is named with its country or owner ("Nigerian
    intelligence", "Iraq's intelligence", "military intelligence") or as a service ("intelligence agency")."""
    m = p.head_match
    return (
        m is not None
        and m.kind == "agent"
        and p.doc[m.start : m.end].text.lower() in ("intelligence", "intelligence information")
        and not p.mods
        and not any(child.dep_ == "poss" for child in p.head.children)
    )


NOT_ACTOR_RULES: tuple[NotActorRule, ...] = (
    agent_word_not_a_noun,
    apposition_to_a_person,
    predicate_nominal,
    building_as_place,
    unknown_name_as_place,
    surname_as_place,
    weapons_without_owner,
    intelligence_as_information,
)


# ---------------------------------------------------------------------- 3. the code


def alias_code(p: Phrase) -> bool:
    """A name introduced earlier in the article (a surname, an acronym) codes its later uses; a surname
    Phoenix also lists alone too, but never another full name ("Raul Castro" after "Fidel Castro")."""
    m, alias = p.head_match, p.alias
    if alias is None or not (
        m is None
        or m.entry is None
        or len(m.entry.name.split()) == 1
        or (m.entry.source == "phoenix" and m.end - m.start == 1)
    ):
        return False
    if alias.kind == "person" and other_given_names(p, alias.name):
        # "Mian Shahbaz Sharif" after "General Raheel Sharif": another Sharif, of the same country
        p.family = alias.code[:3] if alias.code and not sector_led(alias.code, alias.kind) else None
        return False
    if alias.code is None and alias.kind == "person":
        # "Hassan said" after "Ilyas Ali Hassan": the man no dictionary knows, not the one-word entry
        # "Hassan"; his title or apposition may still code him (the next rules).
        if m is not None:
            p.head_match = Match(m.start, m.end, None, "person")
        p.name = alias.name
        return False
    p.code, p.name, p.kind = alias.code, alias.name, alias.kind
    return True


def definite(head: Token) -> bool:
    """ "the insurgents": a definite article, so possibly a group the article named before."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children)


def foreign(p: Phrase) -> bool:
    """ "foreign troops", "international forces": a modifier that says the actor is not of the place
    (not a word of the head's own name: "the foreign ministry", "foreign minister")."""
    first = p.head_match.start if p.head_match is not None else p.head.i
    return any(
        c.dep_ in ("amod", "compound") and c.text in FOREIGN_WORDS and c.i < first for c in p.head.children
    )


def other_given_names(p: Phrase, name: str) -> bool:
    """Whether the phrase names the person with given names the alias's full name lacks."""
    known = {w.lower() for w in name.replace("-", " ").split()}
    return any(
        t.pos_ == "PROPN"
        and t.ent_type_ == "PERSON"
        and t.text[:1].isupper()
        and t.lower_.rstrip(".") not in HONORIFICS
        and len(t.text.rstrip(".")) > 1
        and t.lower_ not in known
        and not ((title := p.match_at.get(t.i)) is not None and title.kind == "agent")  # "President"
        for t in p.doc[p.start : p.head.i]
    )


def entry_code(p: Phrase) -> bool:
    """The head's dictionary entry with its dated roles; a capital with a sector modifier is that organ
    ("Beijing's military"), a capital under force is the city (its country, "troops seized Kabul"); a
    person out of every dated term takes the title the words around the name give."""
    m = p.head_match
    if m is None or m.entry is None or not m.entry.roles:
        return False
    code = m.code(p.date)
    p.name = m.entry.name
    if p.kind in ("capital",) and p.sectors:
        code = code[:3] + p.sectors[-1] if code else None
    elif p.kind == "capital" and code and city_under_force(p.head):
        code = code[:3]
    elif p.kind == "person" and code and len(code) == 3:
        title = (
            p.sectors[-1] if p.sectors else apposition(p.lexicon, p.doc, p.head, p.date, p.aliases, True)[1]
        )
        code = code + (title or "")
    elif p.kind in ("organisation", "group") and code and (other := owned_namesake(p, m, code)):
        code = other.code_on(p.date)  # "Sri Lanka's SLPP": Sri Lanka's party, not Sierra Leone's
        p.name = other.name
    elif (
        p.kind in ("organisation", "metonym")
        and code
        and p.countries
        and (foreign_institution(code, p.countries) or generic_group(p, m, code))
    ):
        code = p.countries[-1] + code[3:6]  # "Peru's Congress", "Kenya's National Intelligence Service"
    if p.kind == "person" and code and former_title(p):
        code = code[:3] + "ELI"  # "former Brazilian president Jair Bolsonaro": out of office, whatever else
    p.code = code
    return True


def owned_namesake(p: Phrase, m: Match, code: str) -> Entry | None:
    """Another state's organisation or group of the same name ("SLPP": Sierra Leone People's Party and Sri
    Lanka Podujana Peramuna) when one named state owns the phrase and the matched entry is not its own."""
    if len(set(p.countries)) != 1 or code[:3] == p.countries[-1]:
        return None
    return p.lexicon.alternative(norm_key(p.doc[m.start : m.end].text), p.countries[-1], p.date)


def foreign_institution(code: str, countries: list[str]) -> bool:
    """Whether an institution's name the dictionary gives to another country ("Congress" USALEG,
    "National Intelligence Service" KORSPY) is owned here by a named state ("Peru's Congress"); never when
    the phrase names several ("Bosnia's Serb-controlled Republika Srpska")."""
    return (
        len(set(countries)) == 1
        and code[:3] != countries[-1]
        and code[3:6] in OFFICE_SECTORS
        and not code.startswith(("IGO", "NGO"))
    )


def generic_group(p: Phrase, m: Match, code: str) -> bool:
    """Whether an armed group's or party's name made only of words many countries' groups share
    (`generic_name_words`: "People's Defence Forces", "Democratic Party") is owned here by one named state
    ("Myanmar's People's Defence Forces"), so the dictionary's other country does not apply."""
    return (
        len(set(p.countries)) == 1
        and code[:3] != p.countries[-1]
        and code[3:6] in GROUP_SECTORS
        and not code.startswith(("IGO", "NGO", "IMG"))
        and all(t.lower_ in GENERIC_NAME_WORDS for t in p.doc[m.start : m.end])
    )


def former_title(p: Phrase) -> bool:
    """Whether the phrase calls its person a former office holder ("former president X", "ex-premier X"):
    "former" or "ex" modifying a title inside the phrase whose sector is an office (not "former rebel")."""
    for token in p.doc[p.start : p.end]:
        title = p.match_at.get(token.i)
        if title is None or title.kind != "agent" or title.entry is None:
            continue
        before = [t.lower_ for t in p.doc[max(token.i - 2, 0) : token.i]]  # "ex-President X": a sibling
        if title.entry.sector in OFFICE_SECTORS and (
            any(c.lower_ in ("former", "ex") for c in token.children) or before[-2:] == ["ex", "-"]
        ):
            return True
    return False


def sector_noun_code(p: Phrase) -> bool:
    """A sector noun, an unknown person or organisation, or an institution known only by sector: the
    country of its modifiers, a prepositional phrase or an apposition plus the nearest sector ("DPP
    lawmaker", "lawmakers from Taiwan"); else the IGO or NGO it speaks for ("African Union spokesman")."""
    m, doc, head = p.head_match, p.doc, p.head
    if m is not None and m.entry is not None:
        p.sector = m.entry.sector
    if m is None or m.entry is None or m.kind == "agent":
        p.sector = title_sector(p.sectors, p.sector, p.countries, p.mods)
    country = p.countries[-1] if p.countries else None
    if country is None:
        country, located = country_from_context(p.lexicon, doc, head, p.date, p.aliases)
        if located and p.kind != "person" and country is not None:
            if foreign(p):  # "foreign troops in Kyiv": the place is not theirs
                country = None
            elif p.sector in LOCAL_SECTORS | SIDE_SECTORS and definite(head):
                # "the insurgents in Doha": the ones the article named before, if any (context.py),
                # else the place's
                p.located, country = country, None
    if p.kind == "person" and (p.sector is None or country is None):
        c2, s2 = apposition(p.lexicon, doc, head, p.date, p.aliases)
        country, p.sector = country or c2 or p.family, p.sector or s2
    code = (country or "") + (p.sector or "") if country else None
    code = named_group(p, country) or code
    if code is None:
        igo = (mod.code(p.date) for mod, _ in p.mods if mod.kind in ("igo", "organisation", "metonym"))
        code = next((c for c in igo if c and c[:3] in ("IGO", "NGO")), None)
    p.code = code
    p.name = doc[p.start : p.end].text if m is None or m.entry is None else None
    if p.kind == "person" and m is not None and m.entry is None:
        p.name = doc[m.start : m.end].text
    if p.kind == "agent":
        p.kind = "group"
    return True


def named_group(p: Phrase, country: str | None) -> str | None:
    """ "the Likud party", "the RSF paramilitary", "Wagner mercenaries": a noun of the kind of group named
    before it does not decide the group's standing; the group's own dated code does (a party in or out of
    national government, a paramilitary at war with the army, a private military company)."""
    family = next((f for f in GROUP_FAMILIES if p.sector in f), None)
    if family is None:
        return None
    for mod, _ in p.mods:
        own = mod.code(p.date) if mod.kind in ("organisation", "metonym") else None
        if own and len(own) >= 6 and own[3:6] in family and country in (None, own[:3]):
            return own
    return None


# Sectors of groups whose names several countries share (generic_group).
GROUP_SECTORS = frozenset({"REB", "PTY", "OPP", "UAF"})
# Kinds of group a noun names, and the codes a named group of that kind may have (named_group).
GROUP_FAMILIES = (frozenset({"PTY", "OPP"}), frozenset({"MIL", "REB", "UAF"}))

# Sectors one office holder's title may straddle ("Defence Minister X" listed as MIL).
EXECUTIVE = frozenset({"GOV", "MIL", "SPY"})


def titled_surname(p: Phrase) -> bool:
    """ "Prime Minister Barak", "Defence Minister Gallant": a title and a family name the dictionaries list
    only under the full name are the one listed person of that name holding an office on the article date
    (of the title's sector when several do); none or several: not decided here."""
    m, head = p.head_match, p.head
    if m is None or m.entry is not None or p.kind != "person" or not p.date or not p.agents:
        return False
    if m.end - m.start != 1 or p.agents[-1].end != m.start or not head.text[:1].isupper():
        return False
    holding = []
    for entry in p.lexicon.by_surname(head.lower_):
        if any(r.holds(p.date) for r in entry.roles):
            holding.append((entry, entry.code_on(p.date) or ""))
    title = p.agents[-1].entry.sector if p.agents[-1].entry else None
    if title and len(holding) > 1:
        holding = [(e, c) for e, c in holding if c[3:6] == title]
    elif title:  # "Prime Minister Barak" is no judge: a title of another branch names someone else
        holding = [(e, c) for e, c in holding if c[3:6] == title or {c[3:6], title} <= EXECUTIVE]
    if len(holding) != 1:
        return False
    entry, code = holding[0]
    p.code, p.name = code, entry.name
    return True


CODE_RULES: tuple[CodeRule, ...] = (alias_code, entry_code, titled_surname, sector_noun_code)


# ---------------------------------------------------------------------- 4. a place or a modifier


def country_as_place(p: Phrase) -> bool:
    """ "arrived in Tokyo", "left Taipei", "the Sea of Japan": a place, not an actor."""
    return p.kind in ("country", "capital", "metonym") and (
        locative(p.head) or travelled(p.head) or in_proper_name(p.lexicon, p.head)
    )


def hyphenated_modifier(p: Phrase) -> bool:
    """ "French-brokered", "US-led": a modifier, not an actor."""
    head = p.head
    return p.kind in ("country", "capital") and head.i + 1 < len(p.doc) and p.doc[head.i + 1].text in HYPHENS


def bare_demonym_adjective(p: Phrase) -> bool:
    """A bare demonym adjective ("Japanese ..."; "Asian waters" never reaches here)."""
    return p.kind == "country" and p.head.pos_ == "ADJ"


DROP_RULES: tuple[NotActorRule, ...] = (country_as_place, hyphenated_modifier, bare_demonym_adjective)
