"""eventcoder_actors: find who acts in each sentence and code them (CHNGOV, TWNLEG, IGOUNO), date-aware.

One mention per actor noun phrase. The phrase's head decides what it is (a person, an institution, a
sector noun such as "lawmakers", a country or a capital); its modifiers give the country ("Chinese",
"Taiwan's", "DPP") and the sector ("spokesman", "military"). Names introduced in the article (a surname,
an acronym in brackets) code their later uses; pronouns and bare sector nouns take the nearest compatible
actor; anything unresolved stays uncoded rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from eventcoder.components.actors.context import (
    ContextResolver,
    Mention,
    description_mentions,
    pronoun_mentions,
)
from eventcoder.components.actors.issuers import (
    FIRST_PERSON,
    IssuerDict,
    IssuerResolver,
    Quoted,
    first_person,
    is_state_code,
    load_issuers,
    quoted_ranges,
    speaker_labels,
)
from eventcoder.components.actors.lexicon import Lexicon, build_lexicon
from eventcoder.components.actors.matching import lexicon_matches
from eventcoder.components.actors.mentions import (
    locative_places,
    merge_titles,
    owned_titles,
    possessed_sectors,
    share_conjoined,
    to_dict,
)
from eventcoder.components.actors.rules import (
    BUILDINGS,
    EVENT_NOUNS,
    GENERIC_TITLES,
    HYPHENS,
    IGO_BODIES,
    MEMBER_PREPS,
    NP_DEPS,
    OWNERSHIP,
    PLACE_NOUNS,
    SECTOR_CODES,
    SIDE_SECTORS,
    STATE_NOUNS,
    WEAPONS,
    Match,
    city_under_force,
    lemma,
    locative,
    match_head,
    np_head,
    participant_noun,
    set_description,
    travelled,
    trim_left,
)
from eventcoder.components.extensions import ActorDict, article_date, is_boilerplate, register_extensions
from eventcoder.components.quotes.component import QuoteFinder, load_speech_verbs


@dataclass
class Resolved:
    """What an article-level alias (a surname, an acronym) stands for."""

    code: str | None
    name: str
    kind: str


@Language.factory(
    "eventcoder_actors",
    assigns=["doc._.actors", "doc._.issuer"],
    requires=[
        "doc._.boilerplate",
        "doc.sents",
        "doc.ents",
        "token.dep",
        "token.head",
        "token.tag",
        "token.lemma",
    ],
    default_config={"user_files": [], "inherit_country": True, "issuer_files": []},
)
def make_actors(
    nlp: Language, name: str, user_files: list[str], inherit_country: bool, issuer_files: list[str]
) -> ActorCoder:
    """Build the actor coder; user dictionaries are validated here, before any article is coded."""
    lexicon = build_lexicon(user_files)
    return ActorCoder(
        name,
        lexicon=lexicon,
        inherit_country=inherit_country,
        issuers=IssuerResolver(load_issuers(issuer_files), lexicon),
    )


class ActorCoder:
    """Find and code the actor mentions of a Doc into ``doc._.actors``."""

    def __init__(
        self,
        name: str,
        *,
        lexicon: Lexicon,
        inherit_country: bool = True,
        issuers: IssuerResolver | None = None,
    ) -> None:
        register_extensions()
        self.name = name
        self.lexicon = lexicon
        self.inherit_country = inherit_country
        self.context = ContextResolver(lexicon, inherit_country=inherit_country)
        self.issuers = issuers or IssuerResolver(load_issuers(), lexicon)
        self.quote_finder = QuoteFinder(f"{name}_quotes", verbs=load_speech_verbs(None))

    def __call__(self, doc: Doc) -> Doc:
        date = (article_date(doc) or "")[:10] or None  # YYYY-MM-DD, even from a timestamp
        sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = k
        skip = {
            k
            for k, s in enumerate(sents)
            if doc._.boilerplate and is_boilerplate(doc, s.start_char, s.end_char)
        }
        matches = lexicon_matches(self.lexicon, doc, skip, sent_of, date)
        mentions = self._mentions(doc, matches, date)
        if doc._.boilerplate:  # captions and credits are kept in the text but never coded
            mentions = [
                m
                for m in mentions
                if not is_boilerplate(doc, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
            ]
        self._local_branches(mentions, matches)
        issuer = self._issuer(doc, date)
        doc._.issuer = issuer
        quotes = quoted_ranges(doc)
        self.context.resolve(doc, mentions, sent_of, locative_places(doc, matches, mentions, date, sent_of))
        actors = [to_dict(doc, m, sent_of) for m in mentions]
        first = self._first_person(doc, mentions, actors, issuer, quotes)
        if first:
            mentions = sorted([*mentions, *first], key=lambda m: (m.start, m.end))
            actors = [to_dict(doc, m, sent_of) for m in mentions]
        doc._.actors = actors
        return doc

    # ------------------------------------------------------------------ the issuer and first person

    def _issuer(self, doc: Doc, date: str | None) -> IssuerDict | None:
        """The article's issuer: one set on the Doc beforehand (``doc._.issuer``, a dict or a code) wins;
        else the one its ``source`` and ``url`` resolve to."""
        given = doc._.issuer
        if isinstance(given, str):
            given = {"code": given, "name": given, "via": "user"}
        if isinstance(given, dict) and is_state_code(given.get("code")):
            code = str(given["code"])
            return {
                "code": code,
                "name": str(given.get("name") or code),
                "via": str(given.get("via") or "user"),
            }
        meta = doc._.meta or {}
        return self.issuers.resolve(meta.get("source"), meta.get("url"), date)

    def _first_person(
        self,
        doc: Doc,
        mentions: list[Mention],
        actors: list[ActorDict],
        issuer: IssuerDict | None,
        quotes: list[tuple[int, int]],
    ) -> list[Mention]:
        """ "We urge ...", "I condemn ...": first-person subjects and objects speak for the issuer, or for
        the speaker a transcript label names; inside a direct quote, for its speaker."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        tokens = [
            t
            for t in doc
            if t.i not in taken
            and t.tag_ == "PRP"
            and t.lower_ in FIRST_PERSON
            and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "iobj")
        ]
        if not tokens:
            return []
        quoted = [Quoted(s, e) for s, e in quotes]
        if issuer is not None and any(s <= t.idx < e for t in tokens for s, e in quotes):
            quoted += self._speakers(doc, actors)
        labels = speaker_labels(doc, actors, issuer)
        out = []
        for token in tokens:
            who = first_person(token.idx, issuer, labels, quoted)
            if who is None:
                continue
            code, name = who
            out.append(
                Mention(
                    token.i,
                    token.i + 1,
                    token.i,
                    code,
                    name,
                    "pronoun",
                    pronoun=True,
                    plural=token.lower_ in ("we", "us"),
                    extra={"word": token.lower_},
                )
            )
        return out

    def _speakers(self, doc: Doc, actors: list[ActorDict]) -> list[Quoted]:
        """Direct quotes whose speaker is a coded actor (the quotes component's rules, run on this Doc's
        mentions so far; nothing is assigned)."""
        saved = doc._.actors
        doc._.actors = actors
        try:
            found, _ = self.quote_finder.find(doc)
        finally:
            doc._.actors = saved
        return [
            Quoted(q["start"], q["end"], sp["code"], sp.get("name") or sp["text"])
            for q in found
            if q["kind"] == "direct" and (sp := q["speaker"]) is not None and sp.get("code")
        ]

    def _local_branches(self, mentions: list[Mention], matches: list[Match]) -> None:
        """A name distinct groups use in several countries ("Taliban": AFG, also PAK) takes the article's
        country when that is one of them: the Pakistani Taliban in a story about Pakistan. Runs before
        context resolution, so pronouns and bare sector nouns follow."""
        branched = [m for m in matches if m.entry is not None and m.entry.also]
        if not branched:
            return
        dominant = self.context.dominant_country(mentions)
        for match in branched:
            assert match.entry is not None
            if dominant not in match.entry.also:
                continue
            first = match.entry.roles[0].code if match.entry.roles else ""
            own = {r.code[3:] for r in match.entry.roles}
            for m in mentions:
                if m.start <= match.start < m.end and m.code and m.code[:3] == first[:3]:
                    # The local group keeps the name's first standing (the Pakistani Taliban are rebels
                    # after the Afghan Taliban took power); a sector the phrase adds stays.
                    m.code = dominant + (first[3:] if m.code[3:] in own else m.code[3:])

    # ------------------------------------------------------------------ lexical matching

    # ------------------------------------------------------------------ noun phrases

    def _mentions(self, doc: Doc, matches: list[Match], date: str | None) -> list[Mention]:
        # Group matches by the noun phrase they sit in.
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
                token = token.head
            if token.dep_ == "conj" and token.head.dep_ in NP_DEPS and token.head.i < token.i:
                token = token.head  # "Georgian and Russian troops", "Taiwan's and Japan's parties"
            head, crossed = np_head(token)
            groups.setdefault(head.i, []).append((m, crossed))
        aliases: dict[str, Resolved] = {}
        mentions: list[Mention] = []
        consumed: set[int] = set()
        for head_i in sorted(groups, key=lambda h: min(m.start for m, _ in groups[h])):
            if head_i in consumed:
                continue
            mentions.extend(
                self._code_phrase(doc, doc[head_i], groups[head_i], match_at, aliases, date, consumed)
            )
        mentions.extend(pronoun_mentions(doc))
        mentions.extend(description_mentions(doc, {i for m in mentions for i in range(m.start, m.end)}))
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = possessed_sectors(doc, mentions, match_at)
        owned_titles(doc, mentions)
        return merge_titles(doc, share_conjoined(doc, mentions))

    def _code_phrase(
        self,
        doc: Doc,
        head: Token,
        group: list[tuple[Match, bool]],
        match_at: dict[int, Match],
        aliases: dict[str, Resolved],
        date: str | None,
        consumed: set[int],
    ) -> list[Mention]:
        head_match = match_at.get(head.i)
        if head_match is not None and (head_match, False) not in group and (head_match, True) not in group:
            head_match = None
        mods = [(m, crossed) for m, crossed in group if m is not head_match]
        alias = aliases.get(head.text.lower()) if head.pos_ == "PROPN" else None
        if head_match is None and alias is None:
            return self._non_actor_head(doc, head, mods, date, aliases)
        if (
            head_match is not None
            and head_match.kind == "agent"
            and (
                head.pos_ in ("ADJ", "VERB")  # "to judge the talks", "will police the border"
                or (head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "to")
                and head.lower_ == "opposition"
            )
        ):
            return []  # "military" in "diplomatic, military and economic pressure"
        if (
            head.dep_ == "appos"
            and head.head.ent_type_ == "PERSON"
            and head_match is not None
            and head_match.kind == "agent"
        ):
            return []  # "Masahisa Sato, a parliamentarian": the apposition codes the person
        if head_match is not None and head_match.kind == "agent" and head.dep_ in ("attr", "oprd", "acomp"):
            return []  # a predicate ("is considered a president"), not a participant
        if (
            head_match is not None
            and head_match.kind == "agent"
            and lemma(head) in BUILDINGS
            and (locative(head) or city_under_force(head) or travelled(head))
        ):
            return []  # "protested outside the Japanese embassy", "stormed the presidential palace"
        if (
            head_match is not None
            and head_match.entry is None
            and head_match.kind == "organisation"
            and locative(head)
        ):
            return []  # an unknown name in "in Bulawayo" is a place
        # The phrase is an actor: one mention from its first modifier to its head.
        start = min([head_match.start if head_match else head.i] + [m.start for m, _ in mods])
        k = head.i - 1
        while k >= 0 and k < start and np_head(doc[k])[0].i == head.i:  # the whole phrase
            start = k
            k -= 1
            if k >= 1 and doc[k].text in HYPHENS and start <= doc[k - 1].head.i <= head.i:  # "Iran-backed"
                start = k - 1
                k -= 2
        start = trim_left(doc, start, head.i)
        end = head_match.end if head_match and head_match.end > head.i else head.i + 1
        countries = [c for c in (self._country_of(m, date, aliases) for m, _ in mods) if c]
        sectors = [m.entry.sector for m, _ in mods if m.kind == "agent" and m.entry and m.entry.sector]
        if not countries and lemma(head) in WEAPONS and head.dep_ in ("dobj", "conj", "nsubjpass"):
            return []  # "fired 59 cruise missiles", "launched drones": the subject's weapons, no actor
        kind = head_match.kind if head_match else alias.kind if alias else "organisation"
        text_name = doc[start:end].text
        code: str | None = None
        name: str | None = None
        sector: str | None = None
        if alias is not None and (
            head_match is None
            or head_match.entry is None
            or len(head_match.entry.name.split()) == 1
            # a surname Phoenix also lists alone; never another full name ("Raul Castro" after "Fidel Castro")
            or (head_match.entry.source == "phoenix" and head_match.end - head_match.start == 1)
        ):
            code, name, kind = alias.code, alias.name, alias.kind
        elif head_match is not None and head_match.entry is not None and head_match.entry.roles:
            code = head_match.code(date)
            name = head_match.entry.name
            if kind in ("capital",) and sectors:
                code = code[:3] + sectors[-1] if code else None
            elif kind == "capital" and code and city_under_force(head):
                code = code[:3]  # "troops seized Kabul": the city (its country), not the government
            elif kind == "person" and code and len(code) == 3:
                # Out of every dated term: the words around the name say what the person is now.
                title = sectors[-1] if sectors else self._apposition(doc, head, date, aliases, True)[1]
                code = code + (title or "")
        else:  # a sector noun, an unknown person/organisation, or an institution known only by sector
            if head_match is not None and head_match.entry is not None:
                sector = head_match.entry.sector
            if head_match is None or head_match.entry is None or head_match.kind == "agent":
                sector = self._title_sector(sectors, sector, countries, mods)
            country = countries[-1] if countries else None
            if country is None:
                country = self._country_from_context(doc, head, date, aliases)
            if kind == "person" and (sector is None or country is None):
                c2, s2 = self._apposition(doc, head, date, aliases)
                country, sector = country or c2, sector or s2
            code = (country or "") + (sector or "") if country else None
            if code is None:  # "African Union spokesman Assane Ba": the organisation is the actor
                igo = (m.code(date) for m, _ in mods if m.kind in ("igo", "organisation", "metonym"))
                code = next((c for c in igo if c and c[:3] in ("IGO", "NGO")), None)
            name = text_name if head_match is None or head_match.entry is None else None
            if kind == "person" and head_match is not None and head_match.entry is None:
                name = doc[head_match.start : head_match.end].text
            if kind == "agent":
                kind = "group"
        if kind == "metonym":
            kind = "organisation"
        mention = Mention(start, end, head.i, code, name or text_name, kind, sector=sector)
        mention.needs_country = code is None and (sector is not None or kind == "person")
        if kind == "group" and code is None and set_description(head):
            mention.needs_country = False  # "the two leaders": several actors, left uncoded
        mention.plural = head.tag_ in ("NNS", "NNPS")
        if kind in ("country", "capital", "metonym") and (
            locative(head) or travelled(head) or self._in_proper_name(head)
        ):
            return []
        if kind in ("country", "capital") and head.i + 1 < len(doc) and doc[head.i + 1].text in HYPHENS:
            return []  # "French-brokered", "US-led": a modifier, not an actor
        if kind == "country" and head.pos_ == "ADJ":
            return []  # a bare demonym adjective ("Asian waters" never reaches here; "Japanese ..." does)
        self._register_aliases(doc, head, start, end, mention, aliases, consumed)
        return self._split_conjoined(doc, mention, mods, date, aliases)

    def _split_conjoined(
        self,
        doc: Doc,
        mention: Mention,
        mods: list[tuple[Match, bool]],
        date: str | None,
        aliases: dict[str, Resolved],
    ) -> list[Mention]:
        """Conjoined country modifiers are separate actors sharing the head: "Georgian and Russian troops"."""
        places = [
            m for m, _ in mods if self._country_of(m, date, aliases) and m.kind in ("country", "capital")
        ]
        if len(places) < 2 or not any(doc[match_head(doc, m).i].dep_ == "conj" for m in places):
            return [mention]
        sector = (mention.code or "")[3:]
        out = []
        for m in places[:-1]:
            country = self._country_of(m, date, aliases)
            out.append(
                Mention(
                    m.start,
                    m.end,
                    match_head(doc, m).i,
                    (country or "") + sector,
                    None,
                    "group",
                    sector=sector or None,
                    plural=mention.plural,
                )
            )
        last = places[-1]
        mention.start = last.start
        mention.code = (self._country_of(last, date, aliases) or "") + sector
        return [*out, mention]

    @staticmethod
    def _title_sector(
        sectors: list[str], head_sector: str | None, countries: list[str], mods: list[tuple[Match, bool]]
    ) -> str | None:
        """The sector nearest the head wins ("DPP lawmaker" -> LEG); the head's own sector first; a side
        out of power wins over the role held in it ("opposition lawmaker" -> OPP,
        "rebel commander" -> REB)."""
        side = next((s for s in reversed(sectors) if s in SIDE_SECTORS), None)
        if side and head_sector not in SIDE_SECTORS:
            return side
        if head_sector:
            return head_sector
        if sectors:
            return sectors[-1]
        for m, _ in mods:  # an organisation modifier with a sector: "DPP lawmaker" had none left
            if m.entry is not None and m.entry.roles:
                code = m.entry.roles[-1].code
                if len(code) > 3 and not code.startswith(("IGO", "NGO")):
                    return code[3:]
        return None

    def _non_actor_head(
        self,
        doc: Doc,
        head: Token,
        mods: list[tuple[Match, bool]],
        date: str | None,
        aliases: dict[str, Resolved],
    ) -> list[Mention]:
        """A phrase whose head is no actor ("Taiwan's future", "China's military threats")."""
        places = [(m, c) for m, c in mods if m.kind != "agent"]
        agents = [m for m, _ in mods if m.kind == "agent" and m.entry is not None and m.entry.sector]
        possessors = {id(m) for m, crossed in mods if crossed}
        for agent in reversed(agents):
            # "China's increasingly bellicose military threats" -> CHNMIL on "China's ... military".
            before = [m for m, _ in places if m.end <= agent.start and m.kind != "person"]
            country = next((c for c in (self._country_of(m, date, aliases) for m in before) if c), None)
            if country and agent.entry is not None and agent.entry.sector:
                sector = agent.entry.sector
                if participant_noun(head) and lemma(head) not in EVENT_NOUNS and id(agent) not in possessors:
                    # "three Ukrainian navy ships": the ships stand for the navy; the head is theirs.
                    start = trim_left(doc, min(m.start for m in before), head.i)
                    name = self._titled_name(doc, agent.end, head)
                    if name is not None:  # "Turkish presidential adviser Mesut Casin": a person we don't know
                        mention = Mention(
                            start, head.i + 1, head.i, country + sector, name, "person", sector=sector
                        )
                        self._register_aliases(doc, head, start, head.i + 1, mention, aliases, set())
                        return [mention]
                    return [
                        Mention(start, head.i + 1, head.i, country + sector, None, "group", sector=sector)
                    ]
                start = trim_left(doc, min(m.start for m in before), agent.end - 1)
                return [
                    Mention(start, agent.end, agent.end - 1, country + sector, None, "group", sector=sector)
                ]
        out: list[Mention] = []
        demonyms = [m for m, crossed in places if not crossed and m.kind == "country"]
        if demonyms and lemma(head) in PLACE_NOUNS and city_under_force(head):
            # "shelled the Ukrainian city of Kharkiv": like a shelled capital, the country is the target.
            m = demonyms[-1]
            country = self._country_of(m, date, aliases)
            return (
                [Mention(m.start, m.end, match_head(doc, m).i, country, None, "country")] if country else []
            )
        if demonyms and not any(crossed for _, crossed in places) and participant_noun(head):
            # "attacked Ukrainian positions": the phrase stands for its country (as PETRARCH codes it).
            country = self._country_of(demonyms[-1], date, aliases)
            start = trim_left(doc, min(m.start for m in demonyms), head.i)
            if country and not locative(head) and lemma(head) in EVENT_NOUNS:
                # "a U.S. drone strike": the strike is the event, "U.S." its actor.
                m = demonyms[-1]
                return [Mention(m.start, m.end, match_head(doc, m).i, country, None, "country")]
            if country and not locative(head):
                mention = Mention(start, head.i + 1, head.i, country, None, "group")
                mention.plural = head.tag_ in ("NNS", "NNPS")
                return self._split_conjoined(doc, mention, mods, date, aliases)
        igos = [m for m, crossed in places if not crossed and m.kind == "igo" and m.code(date)]
        if igos and lemma(head) in IGO_BODIES and not locative(head):
            # "the UN refugee agency", "UN peacekeepers", "the EU foreign policy chief": a body of the IGO.
            m = igos[-1]
            start = trim_left(doc, m.start, head.i)
            name = doc[start : head.i + 1].text
            return [Mention(start, head.i + 1, head.i, m.code(date), name, "igo", plural=head.tag_ == "NNS")]
        groups = [
            m
            for m, crossed in places
            if not crossed and m.kind in ("metonym", "organisation") and self._group_code(m, date)
        ]
        if (
            groups
            and not any(crossed for _, crossed in places)
            and participant_noun(head)
            and not locative(head)
        ):
            # "Taliban prisoners", "Hamas positions": the phrase stands for the group; "a Hamas attack":
            # the attack is the event, Hamas its actor.
            m = groups[-1]
            code = self._group_code(m, date)
            if lemma(head) in EVENT_NOUNS:
                return [
                    Mention(
                        m.start,
                        m.end,
                        match_head(doc, m).i,
                        code,
                        m.entry.name if m.entry else None,
                        "organisation",
                    )
                ]
            start = trim_left(doc, m.start, head.i)
            return [
                Mention(start, head.i + 1, head.i, code, None, "group", plural=head.tag_ in ("NNS", "NNPS"))
            ]
        for m, crossed in places:
            if not crossed:
                continue  # "Tokyo" in "Tokyo 2020 Games", "Taiwan" in "the Taiwan issue": no actor
            code = m.code(date) if m.entry else None
            alias = aliases.get(doc[m.start : m.end].text.lower())
            if alias is not None and (m.entry is None or m.kind == "person"):
                code = alias.code
            name = m.entry.name if m.entry else alias.name if alias else doc[m.start : m.end].text
            kind = alias.kind if alias and m.entry is None else m.kind
            kind = "organisation" if kind == "metonym" else kind
            # A title right before a possessor belongs to it: "President Chavez's claims".
            start = m.start
            titles = [
                a for a in agents if a.end == start or (a.end < start and doc[a.end : start].text.istitle())
            ]
            if titles and kind == "person":
                start = titles[0].start
                title = titles[-1].entry.sector if titles[-1].entry else None
                if code and len(code) == 3 and title:
                    code += title
            out.append(
                Mention(start, m.end, match_head(doc, m).i, code, name, kind, needs_country=code is None)
            )
        return out

    @staticmethod
    def _titled_name(doc: Doc, after: int, head: Token) -> str | None:
        """The proper name right after a title ("adviser Mesut Casin"), when the words from the title to
        the head are all capitalised proper nouns the parser did not call an organisation or a place."""
        words = doc[after : head.i + 1]
        if not 1 <= len(words) <= 4 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in words):
            return None
        if any(t.ent_type_ in ("ORG", "NORP", "FAC") for t in words):
            return None
        return words.text

    @staticmethod
    def _group_code(m: Match, date: str | None) -> str | None:
        """The code of a named national group or institution used as a modifier ("Taliban" -> AFGREB);
        international bodies and firms are left out ("a NATO summit", "a Toyota plant")."""
        code = m.code(date)
        if not code or len(code) < 6 or code[:3] in SECTOR_CODES or code[:3] in ("IGO", "NGO", "MNC"):
            return None
        return code

    def _country_of(self, m: Match, date: str | None, aliases: dict[str, Resolved]) -> str | None:
        """The country a modifier gives ("Chinese" -> CHN, "DPP" -> TWN, "Beijing" -> CHN)."""
        code = m.code(date) if m.entry is not None else None
        if code is None and m.entry is None:
            return None
        if code and len(code) >= 3 and code[:3] not in SECTOR_CODES:
            return code[:3]
        return None

    def _country_from_context(
        self, doc: Doc, head: Token, date: str | None, aliases: dict[str, Resolved]
    ) -> str | None:
        """A country from a prepositional phrase on the head: "lawmakers from Taiwan's DPP"."""
        # The parser often attaches "the government in Beijing" to the verb: read the next words too.
        nxt = head.i + 1
        if nxt + 1 < len(doc) and doc[nxt].lower_ in MEMBER_PREPS:
            for token in doc[nxt + 1 : min(len(doc), nxt + 5)]:
                if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP"):
                    break
                code = self._token_country(doc, token, date, aliases)
                if code:
                    return code
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in MEMBER_PREPS:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    for token in pobj.subtree:
                        code = self._token_country(doc, token, date, aliases)
                        if code:
                            return code
        return None

    def _token_country(
        self, doc: Doc, token: Token, date: str | None, aliases: dict[str, Resolved]
    ) -> str | None:
        alias = aliases.get(token.text.lower())
        if alias is not None and alias.code and not alias.code.startswith(("IGO", "NGO")):
            return alias.code[:3]
        words = [t.lower_ for t in doc[token.i : token.i + 8] if t.text not in HYPHENS]
        found = self.lexicon.lookup(words)
        if found is not None:
            _, entry = found
            if (
                entry.kind in ("country", "capital", "metonym", "organisation", "person")
                and token.text[:1].isupper()
            ):  # "the government of Bashar al-Assad": a person's country too
                code = entry.code_on(date)
                if code and code[:3] not in SECTOR_CODES:
                    return code[:3]
        return None

    def _apposition(
        self,
        doc: Doc,
        head: Token,
        date: str | None,
        aliases: dict[str, Resolved],
        specific_only: bool = False,
    ) -> tuple[str | None, str | None]:
        """Country and sector from an apposition: "Masahisa Sato, a parliamentarian ... for LDP"."""
        phrases = [list(child.subtree) for child in head.children if child.dep_ == "appos"]
        if head.dep_ == "appos" and head.head.i < head.i:  # "its leader, Morgan Tsvangirai"
            phrases.append(list(doc[head.head.left_edge.i : head.head.i + 1]))
        countries: list[str] = []
        specific: list[str] = []
        generic: list[str] = []
        for phrase in phrases:
            words = [t.lower_ for t in phrase]
            k = 0
            while k < len(phrase):
                found = self.lexicon.lookup(words[k : k + 8])
                if found is None:
                    country = self._token_country(doc, phrase[k], date, aliases)
                    countries += [country] if country else []
                    k += 1
                    continue
                n, entry = found
                code = entry.code_on(date)
                if entry.kind == "agent" and entry.sector:
                    (generic if " ".join(words[k : k + n]) in GENERIC_TITLES else specific).append(
                        entry.sector
                    )
                elif code and phrase[k].text[:1].isupper() and code[:3] not in SECTOR_CODES:
                    countries.append(code[:3])  # "for the Sudan Liberation Army" -> SDN (+REB)
                    if len(code) > 3 and entry.kind in ("organisation", "metonym"):
                        specific.append(code[3:])
                k += n
        sectors = specific if specific_only else specific or generic
        return (countries[0] if countries else None), (sectors[0] if sectors else None)

    def _in_proper_name(self, head: Token) -> bool:
        """ "Sea of Japan", "Bank of England": the place is part of another name."""
        if head.dep_ != "pobj" or head.head.lower_ != "of":
            return False
        governor = head.head.head
        if governor.pos_ != "PROPN" or not governor.text[:1].isupper() or governor.lower_ in STATE_NOUNS:
            return False
        return self.lexicon.lookup([governor.lower_]) is None

    def _register_aliases(
        self,
        doc: Doc,
        head: Token,
        start: int,
        end: int,
        mention: Mention,
        aliases: dict[str, Resolved],
        consumed: set[int],
    ) -> None:
        resolved = Resolved(mention.code, mention.name or doc[start:end].text, mention.kind)
        if mention.kind == "person":
            names = [t for t in doc[start:end] if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
            if len(names) < 2 and mention.name:  # a titled name the parser did not call a person
                names = [t for t in doc[start:end] if t.pos_ == "PROPN" and t.text in mention.name.split()]
            if len(names) >= 2 and mention.code:
                aliases[names[-1].text.lower()] = resolved
                if names[-1].text.lower() == names[-1].text and len(names) >= 3:
                    aliases[names[0].text.lower()] = resolved  # "Lo Chih-cheng": family name first
        for child in head.children:
            if child.dep_ == "appos" and child.text.isupper() and 2 <= len(child.text) <= 8 and mention.code:
                aliases[child.text.lower()] = Resolved(mention.code, mention.name or child.text, mention.kind)
                consumed.add(child.i)

    # ------------------------------------------------------------------ pronouns and context
