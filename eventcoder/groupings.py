"""A group of named states acts as its members (setting ``expand_groupings``, issue #14).

A grouping such as the G7 is coded as the actor it is named as (code ``IGO``, its ``members`` listed). A
consumer of country dyads (and the gold format, which lists a grouping's members on its side) sees "the G7
condemned Russia" as USA -> RUS, CAN -> RUS, ...: :func:`expand_record` makes that record one record per
member (both sides: every pair), each member an actor of its own with:

- ``country`` the member state, ``code`` the member state plus the grouping mention's CAMEO sector if it has
  one, else the bare country code: the CAMEO code of a state acting as a whole ("Russia" -> ``RUS``). A
  grouping's joint statement is its states' act, not a known organ of each (``USAGOV`` would claim more);
- ``name`` the member state's name (gazetteer), ``via`` the grouping's name as coded (``G7``), ``members``
  empty (the member is no grouping);
- the grouping mention's text and offsets (the evidence), and every event field of the record unchanged.

A member that would face itself (the G7 criticizing the United States: USA -> USA) is left out. The event
id is computed from the member codes, so each member record has its own id.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventcoder.records import Actor, EventRecord, event_id


def _country_name(iso3: str) -> str:
    from eventcoder.knowledge.gazetteer import gazetteer

    place = gazetteer().countries.get(iso3)
    return place.name if place is not None else iso3


def member_actors(actor: Actor | None) -> list[Actor | None]:
    """The actor as its member states if it is a grouping with members, else the actor itself."""
    if actor is None or not actor.members:
        return [actor]
    via = actor.name or actor.text
    return [
        actor.model_copy(
            update={
                "code": member + (actor.sector or ""),
                "country": member,
                "name": _country_name(member),
                "members": [],
                "via": via,
            }
        )
        for member in actor.members
    ]


def expand_record(record: EventRecord) -> Iterator[EventRecord]:
    """One record per member pair of its grouping sides; the record itself when neither side is one."""
    if not ((record.source and record.source.members) or (record.target and record.target.members)):
        yield record
        return
    for source in member_actors(record.source):
        for target in member_actors(record.target):
            if source is not None and target is not None and source.country == target.country:
                continue  # a member facing itself
            eid = event_id(
                record.article_id,
                record.sentence_id,
                record.trigger.start,
                source.code if source else None,
                target.code if target else None,
                record.cameo,
            )
            update = {"event_id": eid, "source": source, "target": target, "warnings": list(record.warnings)}
            yield record.model_copy(update=update)
