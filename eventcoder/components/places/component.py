"""eventcoder_places: where each event happened, from its own sentence or the dateline.

Places are resolved with the gazetteer and its ambiguity rule (:mod:`eventcoder.knowledge.gazetteer`);
where a place sits in the parse is decided in :mod:`eventcoder.components.places.syntax`.

A place is not an actor: only mentions in a locating position count ("in Tokyo", "during a trip to
Hanoi", "near the border town of ..."); a subject, object or possessor ("Tokyo linked", "with Taipei",
"Japan's security") is metonymy for a government and is left to eventcoder_actors.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.components.actors.rules import lemma
from eventcoder.components.extensions import EventDict, PlaceDict, is_boilerplate, register_extensions
from eventcoder.components.places.syntax import (
    PLACE_LABELS,
    PLACE_NOUNS,
    attachment,
    clause_head,
    is_locative,
    locating_preposition,
)
from eventcoder.knowledge.gazetteer import Place, demonyms, gazetteer, normalise


def place_dict(place: Place, text: str, start: int, end: int, sentence_id: int) -> PlaceDict:
    return PlaceDict(
        text=text,
        start=start,
        end=end,
        sentence_id=sentence_id,
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
    )


def _strip_article(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive ("the Gaza Strip's" → "Gaza Strip")."""
    if len(span) > 1 and span[0].lower_ == "the":
        span = span[1:]
    if len(span) > 1 and span[-1].lower_ in {"'s", "\u2019s", "'"}:
        span = span[:-1]
    return span


def _propn_chunks(doc: Doc) -> list[Span]:
    """Runs of proper nouns outside any entity: names the NER missed ("in the Kremlin")."""
    chunks: list[Span] = []
    start = None
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_:
            start = token.i if start is None else start
            continue
        if start is not None:
            chunks.append(doc[start : token.i if token is not None else len(doc)])
            start = None
    return chunks


@Language.factory(
    "eventcoder_places",
    assigns=["doc._.places", "doc._.events"],  # events: each event's "location"
    requires=[
        "doc._.events",
        "doc._.actors",
        "doc._.dateline",
        "doc._.boilerplate",
        "doc.sents",
        "doc.ents",
        "token.dep",
        "token.head",
        "token.lemma",
    ],
    default_config={"use_dateline": True, "max_level": 1},
)
def make_places(nlp: Language, name: str, use_dateline: bool, max_level: int) -> PlaceTagger:
    return PlaceTagger(name, use_dateline=use_dateline, max_level=max_level)


@dataclass
class Mention:
    """A locating place mention: its PlaceDict, head token and gazetteer kind (None: unresolved)."""

    place: PlaceDict
    token: Token
    kind: str | None


class PlaceTagger:
    """Find locating place mentions and give each event the place of its own sentence."""

    def __init__(self, name: str, *, use_dateline: bool = True, max_level: int = 1) -> None:
        register_extensions()
        self.name = name
        self.use_dateline = use_dateline
        # 0: the trigger's clause only; 1: also nouns of it; 2: anywhere in the sentence
        self.max_level = max_level
        self.gazetteer = gazetteer()

    def context_countries(self, doc: Doc) -> set[str]:
        """Countries the article names (in any role) and the dateline's country.

        Actors' countries are left out on purpose: "Washington said" is in nearly every story and would
        pull every "Geneva" or "Athens" to the United States.
        """
        found: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                for place in self.gazetteer.candidates(_strip_article(ent).text):
                    if place.kind == "country" and place.country:
                        found.add(place.country)
        dateline = doc._.dateline
        if dateline and dateline.get("place") and dateline["place"].get("country"):
            found.add(dateline["place"]["country"])
        return found

    def local_countries(self, span: Span) -> set[str]:
        """Countries named beside a place: "Tripoli, Lebanon"; "the Lebanese city of Tripoli"."""
        found: set[str] = set()
        root = span.root
        neighbours = [c for c in root.children if c.dep_ in {"appos", "npadvmod", "conj"}]
        if root.dep_ == "pobj" and root.head.lower_ == "of" and lemma(root.head.head) in PLACE_NOUNS:
            neighbours += [c for c in root.head.head.children if c.dep_ in {"amod", "compound"}]
        for token in neighbours:
            if token.ent_type_ == "NORP":
                iso3 = demonyms().get(normalise(token.text))
                if iso3:
                    found.add(iso3)
            elif token.ent_type_ == "GPE":
                ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
                place = self.gazetteer.resolve(ent.text) if ent is not None else None
                if place is not None and place.kind == "country" and place.country:
                    found.add(place.country)
        return found

    def mentions(self, doc: Doc) -> list[Mention]:
        """Every locating place mention, in text order."""
        sent_of = {}
        for i, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                sent_of[t] = i
        context = self.context_countries(doc)
        actor_kinds = _actor_token_kinds(doc)
        spans = [(ent, ent.label_) for ent in doc.ents] + [(chunk, "") for chunk in _propn_chunks(doc)]
        found: list[Mention] = []
        taken: set[int] = set()
        for ent, label in sorted(spans, key=lambda item: item[0].start):
            span = _strip_article(ent)
            if is_boilerplate(doc, span.start_char, span.end_char) or not is_locative(span):
                continue
            # An organisation or person whose name merely contains a place name is not a place.
            if any(
                actor_kinds.get(t.i, ("", span.start, span.end))[0] in {"organisation", "person", "group"}
                and not (span.start <= actor_kinds[t.i][1] and actor_kinds[t.i][2] <= span.end)
                for t in span
            ):
                continue
            sid = sent_of[span.start]
            if label == "NORP":
                mention = self._demonym(span, sid)
            else:
                place = self.gazetteer.resolve(span.text, context, self.local_countries(span))
                if place is not None and (label != "PERSON" or place.kind != "city"):
                    pd = place_dict(place, span.text, span.start_char, span.end_char, sid)
                    mention = Mention(pd, span.root, place.kind)
                elif label in {"LOC", "FAC"}:
                    pd = PlaceDict(
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        sentence_id=sid,
                        name=span.text,
                        country=None,
                        lat=None,
                        lon=None,
                    )
                    mention = Mention(pd, span.root, None)
                else:
                    mention = None
            if mention is not None and not taken & set(range(span.start, span.end)):
                taken |= set(range(span.start, span.end))
                found.append(mention)
        # "at two Iraqi bases": a nationality adjective in a locating phrase names the country.
        for token in doc:
            if token.i in taken or token.ent_type_ != "NORP" or token.dep_ not in {"amod", "compound"}:
                continue
            noun = token.head
            if noun.pos_ != "NOUN" or locating_preposition(noun) is None:
                continue
            if any(child.i in taken for child in noun.subtree):
                continue
            is_capital = lemma(noun) == "capital"
            mention = self._demonym(doc[token.i : token.i + 1], sent_of[token.i], capital=is_capital)
            if mention is not None:
                mention.token = noun  # attach through the located noun
                taken.add(token.i)
                found.append(mention)
        return sorted(found, key=lambda m: m.place["start"])

    def _demonym(self, span: Span, sid: int, *, capital: bool = False) -> Mention | None:
        """The country a nationality adjective names; its capital for "the Austrian capital"."""
        iso3 = demonyms().get(normalise(span.text))
        country = self.gazetteer.country(iso3) if iso3 else None
        if country is None:
            return None
        city = self.gazetteer.capital(iso3 or "") if capital else None
        if city is not None:
            return Mention(
                place_dict(city, span.text, span.start_char, span.end_char, sid), span.root, "city"
            )
        return Mention(
            place_dict(country, span.text, span.start_char, span.end_char, sid), span.root, "country"
        )

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.mentions(doc)
        doc._.places = [m.place for m in mentions]
        dateline = doc._.dateline.get("place") if self.use_dateline and doc._.dateline else None
        located = located_event_nouns(mentions)
        events: list[EventDict] = doc._.events
        for event in events:
            place = self.event_place(doc, event, mentions, None)
            if place is None and located and "trigger_token" in event:
                place = carried_place(doc[event["trigger_token"]], located)
            if place is None and dateline:
                place = dict(dateline)  # type: ignore[assignment]
            if place is None:
                place = self.event_place(doc, event, mentions, None, resolved_only=False)
            event["location"] = place
        return doc

    def event_place(
        self,
        doc: Doc,
        event: EventDict,
        mentions: list[Mention],
        dateline: PlaceDict | None,
        *,
        resolved_only: bool = True,
    ) -> PlaceDict | None:
        """A place in the event's own sentence on its trigger's clause (resolved ones only, unless
        ``resolved_only`` is false: "east coast"), else the dateline's place if given, else None.

        ``__call__`` tries, in order: a resolved place of the clause; the place of an event noun the clause
        names, located elsewhere in the article ("quit the talks" after "talks ... in Nigeria"); the dateline;
        an unresolved place name of the clause."""
        sid = event.get("sentence_id")
        trigger = doc[event["trigger_token"]] if "trigger_token" in event else None
        best: tuple[tuple[int, int, int, int], PlaceDict] | None = None
        for m in mentions:
            if m.place["sentence_id"] != sid:
                continue
            level = attachment(m.token, trigger) if trigger is not None else 1
            if level > self.max_level or (resolved_only and not m.kind):
                continue
            # Resolved places first; then the dateline (below); the most specific; the nearest.
            key = (
                0 if m.kind else 2,
                level,
                1 if m.kind == "country" else 0,
                abs(m.token.i - trigger.i) if trigger is not None else 0,
            )
            if best is None or key < best[0]:
                best = (key, m.place)
        if dateline and (best is None or best[0][0] > 1):
            return dict(dateline)  # type: ignore[return-value]
        return dict(best[1]) if best else None  # type: ignore[return-value]


# Nouns naming an event whose place, once given, holds for the whole article ("the talks ... in Abuja").
EVENT_NOUNS = frozenset(
    {
        "talk",
        "talks",
        "summit",
        "meeting",
        "conference",
        "negotiation",
        "negotiations",
        "election",
        "vote",
        "referendum",
        "protest",
        "rally",
        "demonstration",
        "ceremony",
        "trial",
        "hearing",
        "session",
        "exercise",
        "drill",
        "drills",
        "forum",
        "congress",
        "games",
        "olympics",
        "tournament",
    }
)


def located_event_nouns(mentions: list[Mention]) -> dict[str, PlaceDict]:
    """Event nouns with a resolved place: "talks in Doha", "talks, which are taking place in Nigeria"."""
    found: dict[str, PlaceDict] = {}
    for m in mentions:
        prep = locating_preposition(m.token) if m.kind else None
        if prep is None:
            continue
        head = prep.head
        if head.dep_ in {"relcl", "acl"} and head.pos_ in {"VERB", "AUX"}:
            head = head.head  # "talks, which are taking place in Nigeria"
        if lemma(head) in EVENT_NOUNS:
            found.setdefault(lemma(head), m.place)
    return found


def carried_place(trigger: Token, located: dict[str, PlaceDict]) -> PlaceDict | None:
    """The place of an event noun that the trigger is or that its clause names ("quitting the talks")."""
    clause = clause_head(trigger)
    for token in [trigger, *clause.children]:
        noun = token if token.pos_ in {"NOUN", "PROPN"} else None
        if token.dep_ == "prep":
            noun = next((c for c in token.children if c.dep_ == "pobj"), None)
        if noun is not None and lemma(noun) in located:
            return dict(located[lemma(noun)])  # type: ignore[return-value]
    return None


def _actor_token_kinds(doc: Doc) -> dict[int, tuple[str, int, int]]:
    """Token index → (kind, token_start, token_end) of the actor mention covering it."""
    kinds: dict[int, tuple[str, int, int]] = {}
    for actor in doc._.actors:
        for t in range(actor["token_start"], actor["token_end"]):
            kinds[t] = (actor.get("kind", ""), actor["token_start"], actor["token_end"])
    return kinds
