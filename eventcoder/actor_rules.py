"""Word lists and parse tests the actor coder applies to noun phrases (eventcoder_actors)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventcoder.actor_lexicon import Entry


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def lemma(token: Token) -> str:
    """The lower-case lemma, or the lower-case word when no lemmatizer ran."""
    return (token.lemma_ or token.text).lower()


# Modifier relations that stay inside the noun phrase of the noun they modify.
NP_DEPS = _words("compound amod nmod nummod flat det poss quantmod advmod")
# A place after these prepositions is where something happens, not who acts ("in Tokyo").
LOCATIVE_PREPS = _words("in at near inside outside throughout within across around beyond along via over off")
DIRECTION_PREPS = _words("to into from toward towards through")
# After these words "to/from X" is a destination or origin ("a trip to Hanoi", "flew to Kyiv"): X locates.
# Words that hand something to X or address X are absent: "sent troops to Ukraine", "aid to Sudan",
# "a visit to China" (the host of a visit), "spoke to Tokyo" make X the target.
MOTION = _words(
    "trip travel arrive fly return go come flight journey head move depart sail drive walk flee "
    "deploy land tour way route import road border voyage mission evacuate relocate defect escape retreat "
    "withdraw cross"
)
# ... and after these only "from X" is an origin ("reporting from London", "sent from Moscow").
FROM_ONLY = _words("report broadcast speak write call send ship export visit")
# "fired rockets at Israel": "at" names the target after these words, not a place.
AIM_WORDS = _words("fire launch shoot aim direct hurl throw lob point swipe lash jab")
# "northern Syria", "eastern Ukraine": a region of the country, a place.
COMPASS = _words(
    "north south east west northern southern eastern western central northeastern northwestern "
    "southeastern southwestern north-eastern north-western south-eastern south-western northeast "
    "northwest southeast southwest"
)
# "South American", "Latin American", "West African": a region before a demonym, not the country.
REGION_PREFIXES = _words("south north east west central latin southeast northeast southwest northwest")
# "recognizes Beijing over Taipei": "over" is not locative after these verbs.
OVER_OK = _words("recognize recognise choose prefer favor favour pick select back support")
MEMBER_PREPS = _words("from of for in with")
# Nouns a country adjective can modify without making an actor ("the Taiwan issue", "Chinese New Year").
NON_PARTICIPANTS = _words(
    "issue issues question questions problem matter language languages dollar dollars yuan yen euro euros "
    "rouble ruble rupee won currency culture food cuisine year years time times history law laws "
    "constitution independence economy market markets waters water territory territories soil border "
    "borders side sides coast capital city cities province provinces region regions island islands "
    "relations relationship ties policy policies stance view views interests interest sovereignty "
    "unification reunification election elections vote votes strait straits sea seas gulf bay ocean river "
    "valley peninsula mountains desert canal basin plateau lake channel shoal shoals reef reefs"
)
# Nouns that name an act, not a participant: a country or sector modifying them is the actor alone
# ("China's military threats" -> "China's ... military"; "a U.S. drone strike" -> "U.S.").
EVENT_NOUNS = _words(
    "threat threats pressure attack attacks strike strikes airstrike airstrikes aggression invasion "
    "incursion incursions provocation provocations exercise exercises drill drills operation operations "
    "offensive buildup build-up presence activity activities rattling sabre-rattling saber-rattling "
    "crackdown raid raids bombing bombings shelling assault campaign intervention support aid sanctions "
    "warning warnings statement statements proposal proposals decision move moves visit visits talks "
    "demand demands position blast blasts bombing bombings explosion explosions ambush ambushes killing "
    "killings massacre massacres shooting shootings"
)
# Verbs whose object is a place under physical force: a capital there is the city, not the government
# ("shelled Kyiv"), a building the building ("stormed the palace").
FORCE_VERBS = _words(
    "seize capture take shell bomb attack strike hit bombard besiege surround storm overrun invade occupy "
    "enter encircle target raid fire pound liberate recapture retake evacuate flood rock"
)
# Weapons named as sector nouns (Phoenix codes "cruise missiles" MIL): with no country of their own, as an
# object they are the subject's means, not an actor ("fired 59 cruise missiles").
WEAPONS = _words("missile rocket drone bomb shell torpedo mortar artillery munition warhead projectile")
# Verbs whose object is a point of travel, a place ("left Taipei"); "visited Beijing" stays an actor.
TRAVEL_VERBS = _words("leave depart reach flee tour cross transit")
# "X-run", "X-led": X runs the thing ("the Hamas-run health ministry" -> PSEGOV).
OWNERSHIP = _words("run led control controlled own owned hold held dominate dominated rule ruled govern")
# "the Sea of Japan", "the University of Tokyo": a country inside a proper name is no actor, unless the
# name is a state's own ("the Kingdom of Saudi Arabia", "the Government of Nigeria").
STATE_NOUNS = _words(
    "kingdom republic state states government people emirate sultanate federation union "
    "commonwealth principality president prime minister king queen"
)
# Sector nouns that are also buildings: in a locative phrase they are places ("outside the embassy").
BUILDINGS = _words("embassy consulate headquarters palace compound base office ministry")
# Sectors a country-less phrase may take from the sentence's subject: parts of a state and its domestic
# politics, which a reader attaches to the state under discussion ("the government", "the opposition").
STATE_SECTORS = _words("GOV MIL LEG COP JUD SPY OPP REB PTY")
# Sectors that belong where they act: rebels, protesters, civilians with no country of their own take the one
# country their sentence places events in ("Rebels attacked a town in eastern Congo" -> CODREB).
LOCAL_SECTORS = _words("REB OPP CVL")
STATE_WORDS = _words("state government official national federal ruling state-run state-owned")
# Definite descriptions resolved like pronouns ("he told the paper"; "Netanyahu said the country ...").
MEDIA_DESCRIPTIONS = _words("paper newspaper daily broadcaster outlet")
STATE_DESCRIPTIONS = _words("country nation island kingdom republic")
PERSON_PRONOUNS = _words("he him she her")
THING_PRONOUNS = {"it"}
PLURAL_PRONOUNS = {"they", "them"}
# "X said it would ...": the pronoun subject of a reported clause is the speaker (number permitting).
SPEECH_VERBS = _words(
    "say tell announce warn insist claim state declare add vow pledge promise threaten deny confirm "
    "report believe argue signal indicate suggest"
)
# Adjectives whose subject is the one who acts ("it was ready to talk"), never a dummy "it" as in "it was
# too early to judge".
CONTROL_ADJECTIVES = _words(
    "ready willing unwilling prepared able unable determined committed eager keen reluctant open happy "
    "obliged free forced set poised unprepared"
)
PRONOUN_WINDOW = 3  # sentences back to look for an antecedent
FUZZY_SURNAME = 85  # rapidfuzz ratio for a misspelt surname of a person named earlier
HYPHENS = {"-", "‐", "–"}
# Titles too general to say which part of a state (or party) a person belongs to.
GENERIC_TITLES = _words(
    "leader leaders head chief official officials spokesman spokeswoman spokesperson member"
)
PARTICLES = _words("al el ad as ash at an ibn bin bint abu de del della di da du van von der le la")
PLACE_NOUNS = _words("city town village province region district capital state island port area county")
# An article whose mentions are mostly one country gives that country to its unplaced state organs.
DOMINANT_SHARE, DOMINANT_MIN = 0.5, 3
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. sir madam dame lord lady sheikh")
TRANSNATIONAL = _words("IGO NGO IMG MNC")
# Codes that start with a sector, not a country (Phoenix codes some media and firms this way).
SECTOR_CODES = _words(
    "GOV MIL REB OPP PTY LEG MED BUS CVL COP JUD SPY EDU HLH HRI LAB REL ELI CRM AGR ENV REF UAF DEV NGO MNC "
    "IGO IMG MUS CHR JEW BUD HIN PPL SET NGM INS RAD MOD CTH PRO"
)


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """``CHNGOV`` -> (CHN, GOV); an international body keeps its whole code as the country
    (``IGOUNO`` -> (IGOUNO, None)), as records.Actor documents; ``MED`` alone has no country."""
    if not code:
        return None, None
    if code[:3] in TRANSNATIONAL:
        return code, None
    if code[:3] in SECTOR_CODES:
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
    return bool(words & {"both"}) or ("the" in words and bool(words & {"two", "three", "four", "five"}))


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
    if word in LOCATIVE_PREPS:
        return True
    if word == "of" and (lemma(prep.head) in PLACE_NOUNS or prep.head.lower_ in COMPASS):
        return True  # "the city of Bulawayo", "a town northwest of Kyiv"
    if word not in DIRECTION_PREPS:
        return False
    governor = lemma(prep.head)
    return governor in MOTION or (word == "from" and governor in FROM_ONLY)


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
