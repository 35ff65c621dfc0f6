"""eventcoder_actors: find who acts in each sentence and code them (CHNGOV, TWNLEG, IGOUNO), date-aware.

One mention per actor noun phrase. The phrase's head decides what it is (a person, an institution, a
sector noun such as "lawmakers", a country or a capital); its modifiers give the country ("Chinese",
"Taiwan's", "DPP") and the sector ("spokesman", "military"). Names introduced in the article (a surname,
an acronym in brackets) code their later uses; pronouns and bare sector nouns take the nearest compatible
actor; anything unresolved stays uncoded rather than guessed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.actors.context import (
    ContextResolver,
    Mention,
    description_mentions,
    pronoun_mentions,
    set_partners,
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
    chamber_titles,
    igo_titles,
    locative_places,
    merge_titles,
    owned_titles,
    possessed_sectors,
    share_conjoined,
    to_dict,
)
from eventcoder.components.actors.phrase_parts import Resolved
from eventcoder.components.actors.phrase_rules import Phrase, code_phrase, group_matches
from eventcoder.components.actors.rules import (
    Match,
)
from eventcoder.components.extensions import ActorDict, article_date, is_boilerplate, register_extensions
from eventcoder.components.quotes.component import QuoteFinder
from eventcoder.errors import warn_deprecated
from eventcoder.knowledge.speech import load_speech_verbs


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
    default_config={"actor_files": [], "inherit_country": True, "issuer_files": []},
)
def make_actors(
    nlp: Language,
    name: str,
    actor_files: list[str],
    inherit_country: bool,
    issuer_files: list[str],
    user_files: list[str] | None = None,
) -> ActorCoder:
    """Build the actor coder; user dictionaries are validated here, before any article is coded.

    ``user_files`` is the old name of ``actor_files`` (deprecated, warns once; both lists are read).
    """
    if user_files:
        warn_deprecated("eventcoder_actors config 'user_files'", "'actor_files'", stacklevel=2)
    lexicon = build_lexicon([*actor_files, *(user_files or [])])
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
        mentions = set_partners(mentions)
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

    # ------------------------------------------------------------------ noun phrases

    def _mentions(self, doc: Doc, matches: list[Match], date: str | None) -> list[Mention]:
        groups, match_at = group_matches(doc, matches)
        aliases: dict[str, Resolved] = {}
        mentions: list[Mention] = []
        consumed: set[int] = set()
        for head_i in sorted(groups, key=lambda h: min(m.start for m, _ in groups[h])):
            if head_i in consumed:
                continue
            phrase = Phrase(self.lexicon, doc, doc[head_i], groups[head_i], match_at, aliases, date, consumed)
            mentions.extend(code_phrase(phrase))
        mentions.extend(pronoun_mentions(doc))
        mentions.extend(description_mentions(doc, {i for m in mentions for i in range(m.start, m.end)}))
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = possessed_sectors(doc, mentions, match_at)
        mentions = chamber_titles(doc, mentions, self.lexicon, date, aliases)
        mentions = igo_titles(doc, mentions, self.lexicon, date)
        owned_titles(doc, mentions)
        return merge_titles(doc, share_conjoined(doc, mentions))

    # ------------------------------------------------------------------ pronouns and context
