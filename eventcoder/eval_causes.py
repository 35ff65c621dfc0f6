"""Why article gold is missed: every missed core event and every extra prediction, by cause.

Causes are exclusive and tested in the order listed; each event or prediction gets the first that applies.
"Its sentence" is the sentence containing one of the gold event's ``sents`` keys; a prediction "fits the
dyad" of a gold event when its source and target countries are accepted (``distinct`` included) and "fits
the root" when its CAMEO root is accepted (the scoring of VOA_GOLD_FORMAT.md).

Missed core events (sum: the event score's fn):
(a) no_event: no prediction in its sentence (``no_event_few_actors`` counts those of them whose sentence
    also has fewer than two coded actor mentions);
(b) few_actors: predictions there, but fewer than two actor mentions with a country code in the sentence;
(c) domestic_dropped: gold source and target share a country (not ``distinct``), no prediction fits the dyad;
(d) wrong_root: a prediction there fits the dyad, none of those fits the root;
(e) wrong_dyad: a prediction there fits the root, none fits the dyad (wrong or swapped actors);
(f) other: neither fits, or the prediction that fits both was matched to another core event.

Extra predictions, those not matched one-to-one to a core event and fitting no optional event (all but
duplicates are the event score's fp): not_event (no gold event, core or optional, in its sentence),
duplicate (fits a core event another prediction matched: not a precision error), wrong_root (fits the dyad
of a gold event of its sentence, not its root), wrong_actor (fits the dyad of no gold event there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from eventcoder.records import Actor, CodedArticle, EventRecord, Span

MISSED_CAUSES: dict[str, str] = {
    "no_event": "(a) no prediction in its sentence",
    "few_actors": "(b) < 2 coded actors in its sentence",
    "domestic_dropped": "(c) same-country dyad not predicted",
    "wrong_root": "(d) right sentence and dyad, wrong root",
    "wrong_dyad": "(e) right root, wrong or swapped dyad",
    "other": "(f) other",
}
# Not a cause of its own: how many no_event misses also had fewer than two coded actors in their sentence.
NO_EVENT_FEW_ACTORS = "no_event_few_actors"
EXTRA_CAUSES: dict[str, str] = {
    "not_event": "no gold event in its sentence",
    "duplicate": "2nd match of a matched core event",
    "wrong_root": "fits a gold dyad there, not its root",
    "wrong_actor": "fits no gold dyad in its sentence",
}


def _country(actor: Actor | None) -> str | None:
    return actor.country if actor is not None else None


def accepted(actor: Actor | None, countries: list[str]) -> bool:
    """Whether a gold side's countries accept the actor's country (VOA_GOLD_FORMAT.md). A group of named
    states (G7) is scored by its own code, as the format says: its ``members`` are not read here."""
    return actor is not None and actor.country in countries


def in_sentence(event: dict[str, Any], record: EventRecord) -> bool:
    """Whether the record was coded from the sentence carrying the gold event."""
    return any(key in record.sentence for key in event["sents"])


def fits(event: dict[str, Any], record: EventRecord, *, actors: bool = True, roots: bool = True) -> bool:
    """Whether a record matches a gold event: same sentence, and (if asked) dyad and root accepted."""
    if not in_sentence(event, record):
        return False
    if actors:
        src, tgt = _country(record.source), _country(record.target)
        if event["src"] and not accepted(record.source, event["src"]):
            return False
        if event["tgt"] and not accepted(record.target, event["tgt"]):
            return False
        if event.get("distinct") and src == tgt:
            return False
    return not roots or record.cameo_root in event["roots"]


def gold_sentence(event: dict[str, Any], coded: CodedArticle) -> Span | None:
    """The pipeline's sentence holding the first ``sents`` key found in the text."""
    text = coded.article.text
    for key in event["sents"]:
        pos = text.find(key)
        if pos < 0:
            continue
        for sent in coded.sentences:
            if sent.start <= pos < sent.end:
                return sent
    return None


def coded_mentions(sentence: Span | None, mentions: Sequence[Actor]) -> int:
    """Actor mentions with a country (or IGO) code inside the sentence."""
    if sentence is None:
        return 0
    return sum(
        1
        for m in mentions
        if m.country
        and m.start is not None
        and m.end is not None
        and sentence.start <= m.start
        and m.end <= sentence.end
    )


def missed_cause(event: dict[str, Any], coded: CodedArticle, records: Sequence[EventRecord]) -> str:
    """The cause of one missed core event (the first of MISSED_CAUSES that applies)."""
    here = [r for r in records if in_sentence(event, r)]
    if not here:
        return "no_event"
    sentence = gold_sentence(event, coded) or Span(
        text=here[0].sentence, start=here[0].sentence_start, end=here[0].sentence_end
    )
    if coded_mentions(sentence, coded.mentions) < 2:
        return "few_actors"
    dyad = [r for r in here if fits(event, r, roots=False)]
    if not dyad and not event.get("distinct") and set(event["src"]) & set(event["tgt"]):
        return "domestic_dropped"
    if dyad and not any(r.cameo_root in event["roots"] for r in dyad):
        return "wrong_root"
    if not dyad and any(r.cameo_root in event["roots"] for r in here):
        return "wrong_dyad"
    return "other"


def extra_cause(
    record: EventRecord, core: Sequence[dict[str, Any]], optional: Sequence[dict[str, Any]]
) -> str | None:
    """The cause of one prediction left out of the core matching; None when it matches an optional event."""
    if any(fits(e, record) for e in optional):
        return None
    if any(fits(e, record) for e in core):
        return "duplicate"
    events = [e for e in (*core, *optional) if in_sentence(e, record)]
    if not events:
        return "not_event"
    if any(fits(e, record, roots=False) for e in events):
        return "wrong_root"
    return "wrong_actor"


def count_causes(
    gold: dict[str, Any], coded: CodedArticle, records: Sequence[EventRecord], matched: dict[int, int]
) -> tuple[Counter[str], Counter[str]]:
    """Missed core events and extra predictions of one article by cause.

    Args:
        gold: the article's gold object (``gold.core``, ``gold.optional``).
        coded: the coded article (its sentences and actor mentions).
        records: the scored predictions (negated ones removed).
        matched: the maximum matching of core event index to record index.
    """
    core, optional = gold["gold"]["core"], gold["gold"].get("optional", [])
    missed: Counter[str] = Counter()
    for i, event in enumerate(core):
        if i in matched:
            continue
        cause = missed_cause(event, coded, records)
        missed[cause] += 1
        if cause == "no_event" and coded_mentions(gold_sentence(event, coded), coded.mentions) < 2:
            missed[NO_EVENT_FEW_ACTORS] += 1
    used = set(matched.values())
    extra: Counter[str] = Counter()
    for j, record in enumerate(records):
        why = None if j in used else extra_cause(record, core, optional)
        if why is not None:
            extra[why] += 1
    return missed, extra
