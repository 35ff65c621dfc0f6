"""Where a place name sits in the parse: locating prepositions, clause heads, and how closely a place
phrase attaches to an event's trigger (eventcoder_places; clause heads are also used by eventcoder_dates).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventcoder.components.actors.rules import FORCE_VERBS, lemma
from eventcoder.knowledge.locatives import load_locatives

# Prepositions that locate what their clause reports ("in Tokyo", "near Kabul"), and after which words of
# movement "to"/"from" do ("trip to Hanoi", "a visit to China"): the shared eventcoder/data/locatives.yaml.
LOCATIVES = load_locatives()
LOCATIVE_PREPS = LOCATIVES.locative_preps
MOTION_LEMMAS = LOCATIVES.motion | LOCATIVES.reach  # a visit's destination is its place
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts"}
)
# "the city of Jeddah", "the province of Idlib": the name after "of" is the place.
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "capital",
        "port",
        "island",
        "state",
        "county",
        "territory",
        "enclave",
        "area",
        "municipality",
        "governorate",
        "prefecture",
        "oblast",
        "suburb",
        "outskirts",
    }
)


def _phrase_head(token: Token, climb: set[str]) -> Token:
    """The head of the place phrase ``token`` stands in: up through the ``climb`` dependencies
    (conjunctions, appositions, compounds...) and "the city of X" to the noun, at most 8 steps."""
    for _ in range(8):
        if token.dep_ in climb and token.head.i != token.i:
            token = token.head
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "of" and lemma(token.head.head) in PLACE_NOUNS:
            token = token.head.head
            continue
        break
    return token


def locating_preposition(token: Token) -> Token | None:
    """The preposition that makes ``token`` (a place name's head) a location, if any.

    Climbs through conjunctions, appositions and compounds ("in Hanoi and Jakarta", "in the Ladakh
    region"), possessives inside a locating phrase ("in Hong Kong's district elections") and "the city
    of X" ("in the Saudi city of Jeddah").
    """
    token = _phrase_head(token, {"conj", "appos", "compound", "poss"})
    if token.dep_ != "pobj":
        return None
    prep = token.head
    word = prep.lower_
    if word == "of" and prep.head.lower_ in DIRECTIONS:  # "40 km north of Bulawayo"
        return prep
    if LOCATIVES.locates(word, lemma(prep.head), reach=True):
        return prep
    return None


def is_locative(span: Span) -> bool:
    """Whether the mention locates something rather than acting ("in Tokyo", not "Tokyo said")."""
    root = span.root
    if locating_preposition(root) is not None or struck_by(root) is not None:
        return True
    # "Hanoi, Vietnam": the country is an apposition of a located city.
    if root.dep_ in {"appos", "npadvmod", "conj"} and root.head.ent_type_ in PLACE_LABELS:
        return locating_preposition(root.head) is not None
    return False


# Dependencies of verb-tagged tokens that do not head a clause of their own: nouns mis-tagged as verbs
# ("drills" as an object) and participles modifying a noun ("bases hosting US troops").
NOMINAL_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "attr", "compound", "amod", "appos", "poss", "acl"}
)


def is_clause_head(token: Token) -> bool:
    """A verb that heads a clause (not a noun mis-tagged as a verb: "drills" as an object)."""
    return token.pos_ in {"VERB", "AUX"} and token.dep_ not in NOMINAL_DEPS


def clause_head(token: Token) -> Token:
    """The verb heading ``token``'s clause (the token itself when it is one; the root otherwise)."""
    current = token
    while not is_clause_head(current) and current.head.i != current.i:
        current = current.head
    return current


def struck_by(token: Token) -> Token | None:
    """The verb of force whose physical object a place is ("shelled the city of Kharkiv", "Kabul was
    seized", "fired on Kyiv"): that is where the event happened, whatever the dateline says."""
    token = _phrase_head(token, {"conj", "appos", "compound"})
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ in ("on", "at") and verb.head.pos_ == "VERB":
        verb = verb.head
    elif token.dep_ not in ("dobj", "nsubjpass"):
        return None
    return verb if verb.pos_ == "VERB" and lemma(verb) in FORCE_VERBS else None


def attachment(place: Token, trigger: Token) -> int:
    """How closely a place locates an event: 0 on its clause, 1 on a noun of its clause, 2 elsewhere.

    0: "met in Hanoi", "during a trip to Hanoi, X said", "talks in Doha" (a nominal trigger);
    1: "arrested protesters in Hong Kong"; 2: "said the situation in Taiwan is grave" for "said".
    """
    prep = locating_preposition(place)
    if prep is None:
        verb = struck_by(place)
        if verb is None:
            return 2
        current = clause_head(trigger)
        if verb.i in {trigger.i, current.i}:
            return 0
        # "shelled Kharkiv, killing three": a participle clause without its own subject shares the scene.
        while current.dep_ in SAME_SCENE_DEPS and current.head.i != current.i:
            if any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children):
                return 2
            current = clause_head(current.head)
            if current.i == verb.i:
                return 1
        return 2
    clause = clause_head(trigger)
    head = prep.head
    if head.i in {trigger.i, clause.i}:
        return 0
    # A nominal trigger's own modifiers: "airstrikes it launched Monday in North Waziristan".
    if not is_clause_head(trigger) and trigger.is_ancestor(place):
        return 0
    if prep.lower_ == "from":  # "departure from Kabul" names where something came from, not where it happened
        return 2
    if not is_clause_head(head) and clause_head(head).i == clause.i:
        # A place phrase on a noun that itself sits in an adverbial phrase of the clause locates the clause.
        if lemma(head) in MOTION_LEMMAS or (head.dep_ == "pobj" and head.head.head.i == clause.i):
            return 0
        return 1
    # The place of a clause the trigger's clause hangs from, if it shares its time and agent: "During a trip
    # to Hanoi, Harris said ..., accusing China" (advcl); not reported content ("said in Kabul that ...").
    target = clause_head(head)
    current = clause
    while current.dep_ in SAME_SCENE_DEPS and current.head.i != current.i:
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children):
            break  # a clause with its own subject is its own scene ("after Lukashenko claimed victory")
        current = clause_head(current.head)
        if current.i == target.i:
            level = attachment_to_clause(head, target)
            return level if level is not None else 2
    return 2


# Dependencies through which a clause shares the place of the clause above it.
SAME_SCENE_DEPS = frozenset({"advcl", "xcomp", "conj"})


def attachment_to_clause(head: Token, clause: Token) -> int | None:
    """1 when a place phrase headed by ``head`` locates ``clause`` itself (directly or via a trip/visit)."""
    if head.i == clause.i:
        return 1
    if lemma(head) in MOTION_LEMMAS or (head.dep_ == "pobj" and head.head.head.i == clause.i):
        return 1
    return None
