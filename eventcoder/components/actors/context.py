"""Context for actor mentions: pronouns, short names and bare sector nouns take the nearest compatible
earlier actor (eventcoder_actors); whatever has none stays uncoded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token

from eventcoder.components.actors.lexicon import IgoBody, Lexicon, igo_organisation, igo_references
from eventcoder.components.actors.rules import (
    CONTROL_ADJECTIVES,
    COPULAS,
    CRITICS_STATE_NOUNS,
    DOMINANT_MIN,
    DOMINANT_SHARE,
    FUZZY_SURNAME,
    GENERIC_TITLES,
    HONORIFICS,
    HYPHENS,
    IGO_REFERENCE_MODIFIERS,
    LOCAL_SECTORS,
    LOCATIVE_PREPS,
    MEDIA_DESCRIPTIONS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    PRONOUN_WINDOW,
    SIDE_SECTORS,
    SPEECH_VERBS,
    STAFF_SECTORS,
    STATE_DESCRIPTIONS,
    STATE_SECTORS,
    STATE_WORDS,
    THING_PRONOUNS,
    TRANSNATIONAL,
    lemma,
    sector_led,
)


@dataclass
class Mention:
    """One actor mention being built: tokens [start, end), head token, code and how it was found."""

    start: int
    end: int
    head: int
    code: str | None
    name: str | None
    kind: str
    needs_country: bool = False
    sector: str | None = None
    pronoun: bool = False
    plural: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def pronoun_mentions(doc: Doc) -> list[Mention]:
    """Personal pronouns in subject or object position, uncoded until resolved."""
    out = []
    for token in doc:
        word = token.lower_
        if (
            token.tag_ == "PRP"
            and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "iobj")
            and word in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
            and not (word == "it" and _expletive(token))
        ):
            out.append(
                Mention(
                    token.i,
                    token.i + 1,
                    token.i,
                    None,
                    None,
                    "pronoun",
                    pronoun=True,
                    plural=word in PLURAL_PRONOUNS,
                    extra={"word": word},
                )
            )
    return out


def _expletive(token: Token) -> bool:
    """ "it was too early to judge", "it remained unclear whether ...": a dummy subject, no actor."""
    verb = token.head
    if token.dep_ != "nsubj" or lemma(verb) not in COPULAS:
        return False
    children = {c.dep_ for c in verb.children}
    complement = next((c for c in verb.children if c.dep_ in ("acomp", "attr")), None)
    if complement is not None and complement.lower_ in CONTROL_ADJECTIVES:
        return False  # "Iran said it was ready to talk": Iran is ready
    clause = children & {"ccomp", "xcomp", "csubj"} or (
        complement is not None and any(c.dep_ in ("ccomp", "xcomp") for c in complement.children)
    )
    return complement is not None and bool(clause)


def igo_reference(doc: Doc, head: Token) -> str | None:
    """The lower-case description of an international body that ``head`` ends, after "the": "the 27-nation
    bloc" -> "bloc", "the world body" -> "world body", "the UN agency" -> "{org} agency" (an owner's name
    before the noun); None without "the" first."""
    first = head.left_edge
    if first.lower_ != "the" or first.dep_ != "det" or first.i >= head.i:
        return None
    words, owned = [], False
    for t in doc[first.i + 1 : head.i]:
        if t.like_num or t.is_punct or t.dep_ == "case" or t.lower_ in IGO_REFERENCE_MODIFIERS:
            continue
        if t.pos_ == "PROPN" and t.text[:1].isupper():
            owned = True  # "the UN agency": the organisation's name
            continue
        words.append(t.lower_)
    reference = " ".join([*words, head.lower_])
    return f"{{org}} {reference}" if owned else reference


def igo_referent(before: list[Mention], bodies: tuple[IgoBody, ...]) -> IgoBody | None:
    """The one body of ``bodies`` named among the mentions ``before``; None for none or several."""
    codes = {b.code: b for b in bodies}
    named = {m.code for m in before if m.code in codes and not m.pronoun}
    return codes[named.pop()] if len(named) == 1 else None


def _introduced(doc: Doc, m: Mention) -> bool:
    """Whether an indefinite phrase with the head noun of ``m`` comes before it ("a new alliance ... the
    alliance"): the description then names that, not a body named earlier."""
    word = doc[m.head].lower_
    return any(
        t.lower_ == word and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
        for t in doc[: m.start]
    )


@lru_cache(maxsize=1)
def _igo_heads() -> frozenset[str]:
    """The head nouns of the descriptions of international bodies without an owner ("bloc", "body")."""
    return frozenset(r.split()[-1] for r in igo_references() if not r.startswith("{org} "))


def description_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Definite descriptions that stand for an earlier actor: "the paper", "the country", "the island"; "the
    bloc", "the alliance", "the world body" (an international body: the references of igo_agencies.yaml)."""
    out = []
    references = igo_references()
    igo_heads = _igo_heads()
    for token in doc:
        word = token.lower_
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN") or token.tag_ not in ("NN", "NNP"):
            continue
        if word in igo_heads and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
            reference = igo_reference(doc, token)
            span = range(token.left_edge.i, token.i + 1)
            own = any(c.dep_ in ("prep", "acl", "relcl") for c in token.rights)  # "the alliance of X"
            if reference in references and not own and not any(i in taken for i in span):
                start = token.left_edge.i + 1
                out.append(Mention(start, token.i + 1, token.i, None, None, "igo", extra={"igo": reference}))
                continue
        if word not in MEDIA_DESCRIPTIONS and word not in STATE_DESCRIPTIONS:
            continue
        children = list(token.children)
        # Only "the paper" itself: another modifier ("the white paper") makes a new phrase.
        if (
            not children
            or children[0].lower_ != "the"
            or any(c.dep_ in ("amod", "compound", "poss") for c in children)
        ):
            continue
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
            continue
        start = children[0].i + 1
        out.append(Mention(start, token.i + 1, token.i, None, None, "group", extra={"description": word}))
    return out


def _agrees(m: Mention, word: str) -> bool:
    """Whether a pronoun can stand for ``m``: "it" a state, body or singular state organ ("the army"),
    "they" a plural group ("the rebels"), "he"/"she" a person."""
    if word in PERSON_PRONOUNS:
        return m.kind == "person"
    if word in THING_PRONOUNS:
        if m.kind in ("country", "capital", "organisation", "igo", "metonym"):
            return not m.plural
        return m.kind == "group" and not m.plural and (m.code or "")[3:6] in STATE_SECTORS
    return m.plural and m.kind in ("group", "organisation")


def _possessor(doc: Doc, m: Mention, before: list[Mention], sent_of: list[int]) -> Mention | None:
    """The actor "its"/"their" on a sector noun stands for: the first agreeing subject of the sentence,
    else the nearest agreeing actor in this or the previous sentence ("Zimbabwe's opposition party says
    its leader ...")."""
    word = next((c.lower_ for c in doc[m.head].children if c.dep_ == "poss"), None)
    if word not in POSSESSIVE_PRONOUNS:
        return None
    sent = sent_of[m.head]

    def agrees(other: Mention) -> bool:
        if other.pronoun or not other.code or other.kind == "person":
            return False
        return not other.plural if word == "its" else other.plural or other.kind in ("organisation", "igo")

    # The subject of the sentence first ("Arnor restores ties with Gondor after crowds trashed its embassy").
    subject = next(
        (
            o
            for o in before
            if sent_of[o.head] == sent and doc[o.head].dep_ in ("nsubj", "nsubjpass") and agrees(o)
        ),
        None,
    )
    if subject is not None:
        return subject
    for other in reversed(before):
        if sent - sent_of[other.head] > 1:
            return None
        if agrees(other):
            return other
    return None


def _speaker(doc: Doc, pronoun: int, before: list[Mention]) -> Mention | None:
    """The subject of the speech verb whose reported clause has the pronoun as subject: "X said it ...",
    "X seized a ship, saying they ..."."""
    token = doc[pronoun]
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ccomp" or lemma(verb.head) not in SPEECH_VERBS:
        return None
    say = verb.head
    for _ in range(3):  # "saying" (a participle) has its subject on the verb it hangs from
        subjects = [c for c in say.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            heads = {t.i for t in subjects[0].subtree}
            return next((m for m in reversed(before) if m.head in heads and m.code and not m.pronoun), None)
        if say.dep_ not in ("advcl", "xcomp", "conj") or say.head.i == say.i:
            return None
        say = say.head
    return None


def _facing_state(mentions: list[Mention], m: Mention, sent_of: list[int], *, state: bool) -> str | None:
    """The one country of the state actors (government, army, police, courts) in ``m``'s sentence; with
    ``state`` False, of all its national actors."""
    sent = sent_of[m.head]
    countries = {
        o.code[:3]
        for o in mentions
        if o is not m
        and sent_of[o.head] == sent
        and o.code
        and not o.pronoun
        and not sector_led(o.code, o.kind)
        and o.code[:3] not in TRANSNATIONAL
        and (not state or o.code[3:6] in STATE_SECTORS - SIDE_SECTORS - {"PTY"})
    }
    return next(iter(countries)) if len(countries) == 1 else None


def _acts_there(doc: Doc, m: Mention) -> bool:
    """Whether the place of ``m``'s sentence is where ``m`` acts or is: ``m`` is the subject ("Rebels
    attacked a town in eastern Congo") or has a locating phrase of its own ("rebels in eastern Congo"); not
    the object of someone else's act there ("the US negotiated with the insurgents in Doha"), nor an object
    with a phrase that locates nothing ("speaking in Paris, the president accused the rebels of ...")."""
    head = doc[m.head]
    subject = head
    if head.dep_ == "pobj" and head.head.lower_ == "of":  # "hundreds of people protested"
        subject = head.head.head
    return subject.dep_ in ("nsubj", "nsubjpass") or any(
        c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS for c in head.children
    )


def _apposed_person(doc: Doc, mentions: list[Mention], m: Mention) -> str | None:
    """The code of a coded person in apposition to the title ``m`` ("the Chief of Army Staff, General
    Raheel Sharif"; "Nawaz Sharif, the Prime Minister")."""
    head = doc[m.head]
    linked = {c.i for c in head.children if c.dep_ == "appos"}
    if head.dep_ == "appos":
        linked.add(head.head.i)
    for other in mentions:
        if (
            other is not m
            and other.head in linked
            and other.kind == "person"
            and not other.pronoun
            and other.code
            and not sector_led(other.code, other.kind)
            and other.code[:3] not in TRANSNATIONAL
        ):
            return other.code
    return None


def _owns_phrase_of(doc: Doc, owner: Mention, m: Mention) -> bool:
    """ "the UK's continuing commitment to the country": a possessor does not name the description inside
    the phrase it possesses (the country there is another one)."""
    token = doc[owner.head]
    return token.dep_ == "poss" and any(t.i == m.head for t in token.head.subtree)


def _described_possessor(doc: Doc, m: Mention) -> str | None:
    """ "the country's top diplomat", "the nation's army chief": the description word that owns ``m``."""
    for child in doc[m.head].children:
        if (
            child.dep_ == "poss"
            and child.lower_ in STATE_DESCRIPTIONS
            and any(c.lower_ == "the" for c in child.children)
        ):
            return child.lower_
    return None


def _plural_thing_between(doc: Doc, before: list[Mention], m: Mention, pronoun: int) -> bool:
    """Whether a plural noun that is no actor stands as a subject or object between ``m`` and the plural
    object pronoun at ``pronoun``, in the pronoun's sentence ("the images ... donate them")."""
    if doc[pronoun].dep_ not in ("dobj", "pobj", "dative"):
        return False
    covered = {i for o in before for i in range(o.start, o.end)}
    start = max(m.end, doc[pronoun].sent.start)
    return any(
        t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.i not in covered
        for t in doc[start:pronoun]
    )


def _thing_subject(doc: Doc, before: list[Mention], m: Mention, pronoun: int) -> int | None:
    """The last singular common noun that is no actor and is the subject of a clause between ``m`` and the
    pronoun "it" at ``pronoun`` ("Hungary said the deportation was legal, and it took place ..."): a nearer
    antecedent, a thing, not the actor."""
    covered = {i for o in before for i in range(o.start, o.end)}
    found = [
        t.i
        for t in doc[m.end : pronoun]
        if t.tag_ == "NN" and t.dep_ in ("nsubj", "nsubjpass") and t.i not in covered
    ]
    return found[-1] if found else None


def _places_article(m: Mention) -> bool:
    """Whether a coded mention counts toward the country an article is about: not a pronoun, not a
    sector-led code, not a news outlet (which says nothing of where its story is: "the BBC reported ...")."""
    assert m.code is not None
    return (
        not m.pronoun
        and not sector_led(m.code, m.kind)
        and not (m.kind == "organisation" and m.code[3:6] in STAFF_SECTORS)
    )


def _set_pair(before: list[Mention], sent_of: list[int], sent: int) -> tuple[Mention, Mention] | None:
    """ "X met Y ... the two leaders": the last two actors of different countries named in the same or the
    previous sentence (persons, states, state organs); None when a third country is named there too."""
    last: dict[str, Mention] = {}
    for m in reversed(before):
        if sent_of[m.head] < sent - 1:
            break
        if not m.code or m.code[:3] in TRANSNATIONAL or m.pronoun:
            continue
        if m.kind not in ("person", "country", "capital") and m.code[3:6] not in STATE_SECTORS:
            continue
        last.setdefault(m.code[:3], m)
    if len(last) != 2:
        return None
    first, second = sorted(last.values(), key=lambda m: m.start)
    return first, second


def set_partners(mentions: list[Mention]) -> list[Mention]:
    """The mentions with, after each resolved set phrase ("the two leaders"), a twin of the same span for
    its second member, so both act in its events."""
    out: list[Mention] = []
    for m in mentions:
        out.append(m)
        partner = m.extra.get("partner")
        if isinstance(partner, Mention):
            twin = Mention(m.start, m.end, m.head, partner.code, partner.name, m.kind, sector=m.sector)
            twin.plural, twin.extra = m.plural, {"set": True, "twin": True}
            out.append(twin)
    return out


class ContextResolver:
    """Resolve mentions against the ones before them in the article."""

    def __init__(self, lexicon: Lexicon, *, inherit_country: bool = True) -> None:
        self.lexicon = lexicon
        self.inherit_country = inherit_country

    def resolve(
        self, doc: Doc, mentions: list[Mention], sent_of: list[int], places: dict[int, set[str]] | None = None
    ) -> None:
        """Pronouns and country-less sector nouns take the nearest compatible earlier actor; rebels,
        protesters and civilians with none take the one country their sentence places things in."""
        issuer = str((doc._.issuer or {}).get("code") or "")[:3] if isinstance(doc._.issuer, dict) else ""
        references = igo_references()
        for k, m in enumerate(mentions):
            if "igo" in m.extra or (m.kind == "igo" and m.code and igo_organisation(m.code) == m.code):
                # "the bloc", "the alliance": the one fitting body named before; "the UN agency": the one
                # agency of the organisation named before (else it stays the organisation's).
                reference = str(m.extra.get("igo") or igo_reference(doc, doc[m.head]) or "")
                bodies = references.get(reference, ())
                if "igo" not in m.extra:
                    bodies = tuple(b for b in bodies if reference.startswith("{org} ") and b.parent == m.code)
                body = igo_referent(mentions[:k], bodies)
                if body is not None and "igo" in m.extra and _introduced(doc, m):
                    body = None  # "formed a new alliance. The alliance ...": that one, not NATO
                if body is not None:
                    m.code, m.name = body.code, body.name
                if "igo" in m.extra or body is not None:
                    continue
            if m.extra.get("set") and m.code is None:
                pair = _set_pair(mentions[:k], sent_of, sent_of[m.head])
                if pair is not None:
                    (m.code, m.name), m.extra["partner"] = (pair[0].code, pair[0].name), pair[1]
                    continue
                if m.extra["set"] is True:
                    continue
            if m.kind == "person" and m.code is None:
                earlier = self._same_person(doc, mentions[:k], m)
                if earlier is not None:
                    m.code, m.name = earlier.code, earlier.name
                    continue
            if "description" in m.extra:
                before = [x for x in mentions[:k] if not _owns_phrase_of(doc, x, m)]
                ante = self._described(before, sent_of, sent_of[m.head], str(m.extra["description"]))
                if ante is not None:
                    m.code, m.name = ante.code, ante.name
                    m.kind = "country" if ante.kind in ("country", "capital") else m.kind
                continue
            if m.pronoun:
                word = str(m.extra.get("word"))
                ante = self._antecedent(doc, m.head, mentions[:k], sent_of, sent_of[m.head], word)
                if ante is not None:
                    m.code, m.name = ante.code, ante.name
                continue
            if m.needs_country and m.sector and m.kind != "person":
                named = _apposed_person(doc, mentions, m)
                if named is not None:  # "the Prime Minister, Nawaz Sharif": the title is the named person's
                    m.code = named[:3] + m.sector
                    continue
                holder = self._office_holder(doc, mentions[:k], m)
                if holder is not None:  # "Prime Minister Modi thanked the President": the titled one
                    m.code, m.name = holder
                    continue
            if m.needs_country and self.inherit_country and m.sector:
                described = _described_possessor(doc, m)
                if described is not None:  # "the country's top diplomat": the subject country, else the last
                    country = self._topic_country(doc, mentions[:k], sent_of, sent_of[m.head])
                    ante = self._described(mentions[:k], sent_of, sent_of[m.head], described)
                    country = country or (ante.code[:3] if ante is not None and ante.code else None)
                    if country:
                        m.code = country + m.sector
                        continue
                owner = _possessor(doc, m, mentions[:k], sent_of)
                if owner is not None and owner.code:
                    # "the opposition party says its leader ...": the owner's country; a generic title
                    # ("leader", "spokesman") takes the owner's sector too (ZWEPTY, not ZWEGOV).
                    own_sector = owner.code[3:] if owner.code[:3] not in TRANSNATIONAL else ""
                    if owner.code[:3] in TRANSNATIONAL or doc[m.head].lower_ in GENERIC_TITLES and own_sector:
                        m.code = owner.code
                    else:
                        m.code = owner.code[:3] + m.sector
                    continue
                country = self._conjoined_country(doc, mentions[:k], m)
                window = len(sent_of) if m.kind == "person" else PRONOUN_WINDOW
                country = country or self._same_sector(
                    mentions[:k], sent_of, sent_of[m.head], m.sector, window
                )
                located = m.extra.get("located")
                if country is None and isinstance(located, str):
                    country = located  # "the insurgents in Doha" with no insurgents named before
                where = (places or {}).get(sent_of[m.head], set())
                if country is None and m.sector in LOCAL_SECTORS and len(where) == 1 and _acts_there(doc, m):
                    # "Rebels attacked a town in eastern Congo": non-state actors belong where they act.
                    country = next(iter(where))
                if country is None and m.sector in LOCAL_SECTORS | SIDE_SECTORS:
                    # "Opposition leader X accused the Senegalese government", "Jihadists killed Malian
                    # soldiers": a side out of power is of the state it faces in its own sentence;
                    # civilians of the one country their sentence's actors belong to.
                    country = _facing_state(mentions, m, sent_of, state=m.sector in SIDE_SECTORS)
                if country is not None and country == issuer and m.sector in SIDE_SECTORS:
                    # A state's own statement speaks of other states' oppositions and rebels ("the United
                    # States is concerned by abuses targeting opposition activists"): never the issuer's.
                    country = None
                words = {t.lower_ for t in doc[m.start : m.end]}
                if (
                    country is None
                    and m.kind != "person"
                    and m.sector
                    not in SIDE_SECTORS  # a side out of power: its own phrase, else the article's
                    and (m.sector[:3] in STATE_SECTORS or words & STATE_WORDS)
                ):
                    country = self._topic_country(doc, mentions[:k], sent_of, sent_of[m.head])
                if country:
                    m.code = country + m.sector
        # Last resort for unplaced state organs ("Security officials said ..." opening a Pakistan story) and
        # titled people no dictionary knows ("Journalist X"), never from the issuer's own mentions. A person
        # of a side out of power ("opposition leader X") is of the state he opposes: only an article that
        # names one country (besides the issuer's) says which; "China ... Thailand ... opposition leader X"
        # does not.
        dominant = self.dominant_country(mentions)
        sole = self.sole_country(mentions, issuer)
        for m in mentions:
            if m.code is not None or not m.needs_country or not m.sector or not self.inherit_country:
                continue
            if m.sector in SIDE_SECTORS:
                # "opposition leader X": the article's one country; "the opposition", "rebels": else its
                # dominant one (never the issuer's).
                group = m.kind == "group" and dominant != issuer
                country = sole or (dominant if group else None)
                if country and not m.pronoun:
                    m.code = country + m.sector
                continue
            if not dominant:
                continue
            organ = m.kind == "group" and m.sector[:3] in STATE_SECTORS
            person = m.kind == "person" and not m.pronoun and dominant != issuer
            if organ or person:
                m.code = dominant + m.sector
        # A short or repeated form of a person's name met before the full form got its code in the pass
        # above ("Journalist Blessed Mhlanga ... Mhlanga said"): one person, one code.
        for k, m in enumerate(mentions):
            if m.kind == "person" and m.code is None and not m.pronoun:
                earlier = self._same_person(doc, mentions[:k], m)
                if earlier is not None:
                    m.code, m.name = earlier.code, earlier.name
        self._foreign_regimes(doc, mentions)

    @staticmethod
    def _foreign_regimes(doc: Doc, mentions: list[Mention]) -> None:
        """In a state's own statement a bare "the regime" is the government of the last other state
        named before it ("The UK condemns North Korea's launch and calls on the regime"), never the
        issuer's."""
        issuer = doc._.issuer
        own = str(issuer.get("code") or "")[:3] if isinstance(issuer, dict) else ""
        if not own:
            return
        for k, m in enumerate(mentions):
            if (
                m.pronoun
                or not m.code
                or m.code[:3] != own
                or m.end - m.start > 2
                or doc[m.head].lower_ not in CRITICS_STATE_NOUNS
                or any(t.dep_ in ("poss", "amod", "compound") for t in doc[m.head].children)
            ):
                continue
            for other in reversed(mentions[:k]):
                country = (other.code or "")[:3]
                if other.pronoun or not country or country == own or sector_led(other.code or "", other.kind):
                    continue
                if country in TRANSNATIONAL or other.kind not in ("country", "capital", "group", "person"):
                    continue
                m.code = country + (m.sector or "GOV")
                break

    @staticmethod
    def _described(before: list[Mention], sent_of: list[int], sent: int, word: str) -> Mention | None:
        """ "the paper" -> the last news outlet; "the country", "the island" -> the last country named."""
        for m in reversed(before):
            if sent - sent_of[m.head] > PRONOUN_WINDOW:
                return None
            if m.pronoun or not m.code or m.plural or "description" in m.extra:
                continue
            if word in MEDIA_DESCRIPTIONS and m.code.endswith("MED"):
                return m
            if (
                word in STATE_DESCRIPTIONS
                and m.kind in ("country", "capital")
                and sent - sent_of[m.head] <= 1
            ):
                return Mention(m.start, m.end, m.head, m.code[:3], m.name, m.kind)
        return None

    @staticmethod
    def dominant_country(mentions: list[Mention]) -> str | None:
        """The country of at least half of the article's coded mentions (three or more, news outlets not
        counted), if any."""
        countries = [m.code[:3] for m in mentions if m.code and _places_article(m)]
        if len(countries) < DOMINANT_MIN:
            return None
        ranked = Counter(countries).most_common(2)
        (top, count), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
        # Two countries with half the mentions each: neither dominates (and no set order decides).
        return top if count / len(countries) >= DOMINANT_SHARE and count > runner_up else None

    @staticmethod
    def sole_country(mentions: list[Mention], issuer: str) -> str | None:
        """The one country the article's coded mentions name besides the issuer's (at least twice; news
        outlets and transnational bodies aside), if there is exactly one."""
        countries = Counter(
            m.code[:3]
            for m in mentions
            if m.code and _places_article(m) and m.code[:3] not in TRANSNATIONAL and m.code[:3] != issuer
        )
        if len(countries) != 1:
            return None
        ((country, count),) = countries.items()
        return country if count >= 2 else None

    @staticmethod
    def _conjoined_country(doc: Doc, before: list[Mention], m: Mention) -> str | None:
        """ "the Sudan government and military": a conjunct shares the country of the first."""
        token = doc[m.head]
        if token.dep_ != "conj":
            return None
        for other in before:
            if other.head == token.head.i and other.code and not sector_led(other.code, other.kind):
                return other.code[:3]
        return None

    @staticmethod
    def _antecedent(
        doc: Doc, pronoun: int, before: list[Mention], sent_of: list[int], sent: int, word: str
    ) -> Mention | None:
        speaker = _speaker(doc, pronoun, before)
        if speaker is not None and _agrees(speaker, word):
            return speaker  # "the Israeli military said it struck": the one who speaks
        token = doc[pronoun]
        if (
            word in PLURAL_PRONOUNS | THING_PRONOUNS
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.dep_ == "ROOT"
        ):
            # A sentence opening on "They say ..." continues the subject of the sentence before.
            roots = [doc[token.sent.start - 1].sent.root] if token.sent.start > 0 else []
            subject = next((c for r in roots for c in r.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                same = next((m for m in reversed(before) if m.head == subject.i and not m.pronoun), None)
                if same is None or not same.code:
                    return None  # "Military sources said ... They say ...": not an actor we know
                if _agrees(same, word):
                    return same
        if word in PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            # "Hammond met Nawaz Sharif and Chaudhry Nisar. In Lahore, he also met ...": a subject "he" whose
            # nearest person is an object of an earlier sentence is that sentence's subject person.
            people = [m for m in before if m.kind == "person" and not m.pronoun and m.code]
            last = people[-1] if people else None
            if last is not None and sent_of[last.head] < sent and sent - sent_of[last.head] <= PRONOUN_WINDOW:
                actor = next(
                    (
                        m
                        for m in people
                        if sent_of[m.head] == sent_of[last.head]
                        and doc[m.head].dep_ in ("nsubj", "nsubjpass")
                    ),
                    None,
                )
                if actor is not None and doc[last.head].dep_ not in ("nsubj", "nsubjpass"):
                    return actor
        if word in THING_PRONOUNS and doc[pronoun].dep_ in ("dobj", "pobj", "dative"):
            # "cut ties with Qatar, accusing it": the nearest actor, with no other noun in between.
            for m in reversed(before):
                if m.pronoun or m.code is None or sent_of[m.head] != sent:
                    continue
                between = doc[m.end : pronoun]
                own_subject = doc[m.head].head == token.head and doc[m.head].dep_ in ("nsubj", "nsubjpass")
                if own_subject:
                    break  # "Germany approved it": a verb's object pronoun is never its own subject
                if _agrees(m, word) and not any(t.pos_ in ("NOUN", "PROPN") for t in between):
                    return m
                break
        for m in reversed(before):
            if sent - sent_of[m.head] > PRONOUN_WINDOW:
                return None
            if m.pronoun or m.code is None:
                continue
            if word in PERSON_PRONOUNS and m.kind == "person":
                return m
            if (
                word in THING_PRONOUNS
                and _agrees(m, word)
                and sent - sent_of[m.head] <= 1
                and doc[m.head].dep_ in ("nsubj", "nsubjpass")
                and doc[pronoun].dep_ in ("nsubj", "nsubjpass")
            ):
                thing = _thing_subject(doc, before, m, pronoun)
                if thing is None:
                    return m
                # "a move aimed at New Delhi's influence as it seeks ...": an actor named after the thing
                later = [
                    o for o in before if o.start > thing and not o.pronoun and o.code and _agrees(o, word)
                ]
                return later[-1] if later else None
            if word in PLURAL_PRONOUNS and _agrees(m, word) and sent - sent_of[m.head] <= 1:
                if _plural_thing_between(doc, before, m, pronoun):
                    return None  # "took the images and donated them": the images, no actor
                return m
        return None

    def _same_person(self, doc: Doc, before: list[Mention], m: Mention) -> Mention | None:
        """A later short form ("Lo", "Captain Zhan") of a person introduced in full earlier in the article."""
        words = {
            t.lower_
            for t in doc[m.start : m.end]
            if t.text not in HYPHENS and not t.is_punct and t.pos_ == "PROPN"
        }
        words = {w for w in words if w not in HONORIFICS and not self._is_title(w)}
        if not words:
            return None
        for other in reversed(before):
            if other.kind != "person" or other.code is None or other.end - other.start < 1:
                continue
            names = {w.lower() for w in (other.name or "").replace("-", " ").split()}
            if words <= names and len(names) >= len(words):  # "Mhlanga"; "Blessed Mhlanga" again
                return other
        if len(words) == 1 and len(next(iter(words))) >= 5:
            # A misspelt surname of someone already named ("Mevedev" after "Dmitry Medvedev").
            (word,) = words
            for other in reversed(before):
                surname = (other.name or "").split()[-1:] if other.kind == "person" and other.code else []
                if surname and fuzz.ratio(word, surname[0].lower()) >= FUZZY_SURNAME:
                    return other
        return None

    def _is_title(self, word: str) -> bool:
        found = self.lexicon.lookup([word])
        return found is not None and found[0] == 1 and found[1].kind == "agent"

    @staticmethod
    def _office_holder(doc: Doc, before: list[Mention], m: Mention) -> tuple[str, str | None] | None:
        """A bare capitalised title ("the President", "the Foreign Secretary") is the person last named
        with that title in the article ("President Joe Biden", "Foreign Secretary Philip Hammond"); with
        none, in a state's own statement, the issuer's office ("the President" of a White House readout)."""
        words = [t for t in doc[m.start : m.end] if t.dep_ != "det"]
        if not words or any(not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN") for t in words):
            return None
        if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in doc[m.head].children if c.i >= m.end):
            return None
        title = [t.lower_ for t in words]
        for (
            other
        ) in before:  # the same bare title earlier: the same office ("The President ... The President")
            if other.code and not other.pronoun and other.extra.get("office") == title:
                return other.code, other.name
        m.extra["office"] = title
        for other in reversed(before):
            if other.kind != "person" or other.pronoun or not other.code or other.code[:3] in TRANSNATIONAL:
                continue
            spoken = [t.lower_ for t in doc[other.start : other.end]]
            if any(spoken[i : i + len(title)] == title for i in range(len(spoken) - len(title))):
                return other.code, other.name
        issuer = doc._.issuer
        code = str(issuer.get("code") or "") if isinstance(issuer, dict) else ""
        if (
            len(code) >= 3
            and code[:3] not in TRANSNATIONAL
            and not sector_led(code)
            and m.sector in ("GOV", "MIL")
        ):
            return code[:3] + m.sector, None  # an executive office: not "Parliament", "the Media"
        return None

    @staticmethod
    def _same_sector(
        before: list[Mention], sent_of: list[int], sent: int, sector: str, window: int
    ) -> str | None:
        """A bare sector noun repeats an earlier actor of that sector ("state media ... editorials"); not an
        outlet for its staff ("the BBC reported ... the journalist said": no BBC journalist)."""
        for m in reversed(before):
            if sent - sent_of[m.head] > window:
                return None
            if sector in STAFF_SECTORS and m.kind == "organisation":
                continue
            if m.code and not m.pronoun and m.code[3:] == sector and not sector_led(m.code, m.kind):
                return m.code[:3]
        return None

    @staticmethod
    def _topic_country(doc: Doc, before: list[Mention], sent_of: list[int], sent: int) -> str | None:
        """The country of the nearest earlier subject actor in this or the previous sentence."""
        for m in reversed(before):
            if sent - sent_of[m.head] > 1:
                return None
            if (
                m.code
                and len(m.code) >= 3
                and not m.code.startswith(("IGO", "NGO", "IMG"))
                and m.code[3:6] != "MED"  # "Voice of America is reporting ...": the outlet is not the topic
                and doc[m.head].dep_ in ("nsubj", "nsubjpass")
            ):
                return m.code[:3]
        return None
