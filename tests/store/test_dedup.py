"""Near-duplicate fingerprints and event clustering (pure functions, no store)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from eventcoder.store import dedup
from eventcoder.store.synthetic import record

pytestmark = pytest.mark.issue(7)

WIRE = (
    "Chinese officials accused Japan of provocations near the disputed islands on Monday, and the foreign "
    "ministry in Beijing said it had lodged a formal protest with the Japanese embassy over the incident. "
    "Tokyo rejected the complaint and said its coast guard vessels had acted within Japanese waters."
)
REWRITE = WIRE.replace("on Monday", "early on Monday").replace("formal protest", "strong protest")
OTHER = (
    "Flooding across the southern provinces displaced thousands of families this week, relief agencies said, "
    "as rescue teams worked through the night to reach villages cut off by landslides and fallen bridges."
)


def test_rewrite_is_similar_and_other_story_is_not() -> None:
    sigs, buckets = dedup.fingerprint([WIRE, REWRITE, OTHER, WIRE.upper()])
    assert dedup.similarity(sigs[0], sigs[1]) >= dedup.NEAR_DUP_THRESHOLD
    assert dedup.similarity(sigs[0], sigs[2]) < 0.1
    assert dedup.similarity(sigs[0], sigs[3]) == 1.0  # case does not matter
    assert set(buckets[0].tolist()) & set(buckets[1].tolist())  # an LSH candidate
    assert not set(buckets[0].tolist()) & set(buckets[2].tolist())


def test_fingerprints_do_not_depend_on_the_batch() -> None:
    alone, _ = dedup.fingerprint([OTHER])
    together, _ = dedup.fingerprint([WIRE, OTHER, REWRITE], chunk=7)  # chunks cut texts apart
    assert (alone[0] == together[1]).all()


def test_bucket_keys_are_pinned() -> None:
    # Buckets are persisted in stores: changing the hashing silently breaks near-duplicate links.
    sigs, buckets = dedup.fingerprint(
        ["Chinese officials accused Japan of provocations near the disputed islands on Monday."]
    )
    assert buckets[0][:3].tolist() == [1408640929398903106, 8671700390240673709, -1040704484159438584]
    assert sigs[0][:3].tolist() == [538318534, 302776437, 395821338]


def test_similarity_estimates_exact_jaccard_without_bias() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(5000)]
    errors = []
    for _ in range(100):
        words = [rng.choice(vocabulary) for _ in range(300)]
        edited = list(words)
        for i in rng.sample(range(300), rng.randrange(0, 150)):
            edited[i] = rng.choice(vocabulary)
        values, owners = dedup.batch_shingles([" ".join(words), " ".join(edited)])
        a, b = set(values[owners == 0].tolist()), set(values[owners == 1].tolist())
        sigs, _ = dedup.fingerprint([" ".join(words), " ".join(edited)])
        errors.append(dedup.similarity(sigs[0], sigs[1]) - len(a & b) / len(a | b))
    assert abs(sum(errors) / len(errors)) < 0.02
    assert max(abs(e) for e in errors) < 0.25


def test_text_without_words_matches_nothing() -> None:
    sigs, _ = dedup.fingerprint(["", " ... ", "Two words"])
    assert dedup.similarity(sigs[0], sigs[1]) == 0.0
    assert dedup.similarity(sigs[2], sigs[2]) == 1.0


def test_group_key_is_dyad_code_place_country_and_polarity() -> None:
    with_place = record("a", "CHNGOV", "JPNGOV", "112", "2021-08-23", place="CHN")
    without = record("a", "CHNGOV", "JPNGOV", "112", "2021-08-23")
    negated = record("a", "CHNGOV", "JPNGOV", "112", "2021-08-23", negated=True)
    assert dedup.group_key(with_place) == "CHNGOV|JPNGOV|112|CHN"  # Beijing and China: one event (issue 11)
    assert dedup.group_key(without) == "CHNGOV|JPNGOV|112|"
    assert dedup.group_key(negated) == "CHNGOV|JPNGOV|112||not"


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("day", "precision", "modality", "expected"),
    [
        ("2021-08-23", "day", "asserted", ("2021-08-23", "2021-08-23")),
        ("2021-08-23", "week", "asserted", ("2021-08-23", "2021-08-29")),
        ("2021-08-23", "week", "future", ("2021-08-25", "2021-08-29")),  # never before the announcement
        ("2021-02-01", "month", "asserted", ("2021-02-01", "2021-02-28")),
        ("2021-12-01", "month", "asserted", ("2021-12-01", "2021-12-31")),
        ("2021-01-01", "year", "reported", ("2021-01-01", "2021-12-31")),
        ("2021-08-20", "day", "intended", ("2021-08-25", "2021-08-25")),
        (None, None, "asserted", ("2021-08-25", "2021-08-25")),  # undated: the publication date
    ],
)
def test_date_range(day: str | None, precision: str | None, modality: str, expected: tuple[str, str]) -> None:
    from datetime import date

    earliest, latest = dedup.date_range(
        date.fromisoformat(day) if day else None, precision, modality, date(2021, 8, 25)
    )
    assert (str(earliest), str(latest)) == expected


def test_clustering_joins_mentions_within_the_window() -> None:
    g = "CHNGOV|JPNGOV|112|"
    days = [date(2021, 8, 24), date(2021, 8, 23), date(2021, 8, 25), date(2021, 8, 27)]
    out = dedup.cluster_dates([(g, d) for d in days], existing=[])
    anchor = dedup.event_key(g, date(2021, 8, 23))
    # Date order: the 23rd anchors; the 24th joins it; the 25th is 2 days away: a new event; the 27th too.
    assert out == [
        (anchor, False),
        (anchor, True),
        (dedup.event_key(g, date(2021, 8, 25)), True),
        (dedup.event_key(g, date(2021, 8, 27)), True),
    ]


def test_clustering_prefers_the_nearest_stored_event() -> None:
    g = "USA|IRN|190|"
    existing = [(g, date(2021, 1, 1)), (g, date(2021, 1, 3))]
    out = dedup.cluster_dates(
        [(g, date(2021, 1, 2)), (g, date(2021, 1, 4)), ("other", date(2021, 1, 2))], existing, window_days=1
    )
    assert out == [
        (dedup.event_key(g, date(2021, 1, 1)), False),  # tie: the earlier anchor
        (dedup.event_key(g, date(2021, 1, 3)), False),
        (dedup.event_key("other", date(2021, 1, 2)), True),
    ]


def test_event_number_is_a_positive_60_bit_int() -> None:
    assert dedup.event_number("ffffffffffffffff") == (1 << 60) - 1
    assert dedup.event_number("0000000000000001") == 0
