"""One country table for actors and places (#10): a name two countries share means one country in both."""

from __future__ import annotations

import pytest

from eventcoder.components.actors.lexicon import build_lexicon
from eventcoder.knowledge.gazetteer import demonyms, resolve_place, shared_names

pytestmark = pytest.mark.issue(10)


@pytest.mark.parametrize(
    ("name", "iso3"), [("Congo", "COD"), ("the Congo", "COD"), ("Republic of Congo", "COG")]
)
def test_places_resolve_a_shared_name_as_actors_do(name: str, iso3: str) -> None:
    place = resolve_place(name)
    assert place is not None and (place.country, place.kind) == (iso3, "country")


def test_shared_names_agree_with_the_actor_lexicon() -> None:
    lexicon = build_lexicon()
    for name, iso3 in shared_names().items():
        found = lexicon.lookup(name.split())
        assert found is not None, name
        assert (found[1].code_on(None) or "")[:3] == iso3, name
    assert demonyms()["congolese"] == "COD"
