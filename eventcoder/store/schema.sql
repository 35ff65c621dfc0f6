-- The event store: the only DDL, shared by DuckDB and PostgreSQL (indexes_postgres.sql adds indexes there).
-- Keys come from content: article_hash = SHA-1 of the text; mention_id = EventRecord.event_id;
-- event_key = hash of (dyad, CAMEO code, place, anchor date). Statements are separated by ';' at line ends.
-- Rows of sentences, mentions and quotes are written only with their article (whose key is checked first,
-- in the same transaction), so they need no key of their own; PostgreSQL still gets unique indexes.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,            -- running | done | interrupted | failed
    inputs VARCHAR,                     -- JSON list of input paths
    model VARCHAR,
    eventcoder_version VARCHAR,
    n_articles INTEGER,                 -- newly stored
    n_skipped INTEGER,                  -- already stored or failed before
    n_failed INTEGER,
    n_mentions INTEGER
);

CREATE TABLE IF NOT EXISTS articles (
    article_hash VARCHAR PRIMARY KEY,   -- SHA-1 of the text
    article_id VARCHAR NOT NULL,
    source VARCHAR,                     -- outlet
    url VARCHAR,
    date DATE,                          -- publication date
    title VARCHAR,
    text VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,          -- article_hash of the first article of its near-duplicate story
    duplicate_of VARCHAR,               -- the most similar earlier article, when a near duplicate
    similarity DOUBLE PRECISION,        -- estimated Jaccard similarity of word 3-shingles to duplicate_of
    minhash BYTEA,                      -- MinHash signature: 64 little-endian uint32
    n_mentions INTEGER NOT NULL,
    run_id VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS article_buckets (  -- MinHash LSH buckets for near-duplicate candidates
    bucket BIGINT NOT NULL,
    article_hash VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    article_hash VARCHAR NOT NULL,
    sentence_id INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (      -- one row per coded record, with its evidence offsets
    article_hash VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,        -- EventRecord.event_id
    article_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,
    event_key VARCHAR,                  -- NULL for undated mentions (not clustered)
    run_id VARCHAR,
    outlet VARCHAR,
    url VARCHAR,
    pub_date DATE,
    sentence_id INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    event_date DATE,
    date_precision VARCHAR,
    date_text VARCHAR,
    date_start INTEGER,
    date_end INTEGER,
    source_text VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_name VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    target_text VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_name VARCHAR,
    target_start INTEGER,
    target_end INTEGER,
    cameo VARCHAR NOT NULL,
    cameo_root VARCHAR NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class INTEGER NOT NULL,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    trigger_text VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    negated BOOLEAN NOT NULL,
    modality VARCHAR NOT NULL,
    place_name VARCHAR,
    place_country VARCHAR,
    place_lat DOUBLE PRECISION,
    place_lon DOUBLE PRECISION,
    place_text VARCHAR,
    place_start INTEGER,
    place_end INTEGER,
    quote_speaker VARCHAR,
    quote_text VARCHAR,
    quote_start INTEGER,
    quote_end INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    warnings VARCHAR,                   -- JSON list
    date_earliest DATE,                 -- the range the event date can be in (schema 2): a week, month or
    date_latest DATE,                   -- year date covers the period; a future event starts at publication
    source_members VARCHAR[],           -- (schema 3) member states (ISO alpha-3) of a group of named states
    target_members VARCHAR[]            -- the actor names (G7: USA, CAN, ...); NULL for any other actor
);

CREATE TABLE IF NOT EXISTS events (       -- deduplicated: one row per real-world event
    event_key VARCHAR NOT NULL,         -- unique: see indexes_postgres.sql
    event_num BIGINT NOT NULL,          -- integer id (GDELT GLOBALEVENTID)
    group_key VARCHAR NOT NULL,         -- dyad | CAMEO | place country [| not]: what mentions must share
    date DATE NOT NULL,                 -- anchor: earliest date of the first mention clustered here
    last_date DATE NOT NULL,            -- latest mention date
    source_code VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_name VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_name VARCHAR,
    cameo VARCHAR NOT NULL,
    cameo_root VARCHAR NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class INTEGER NOT NULL,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    place_name VARCHAR,
    place_country VARCHAR,
    place_lat DOUBLE PRECISION,
    place_lon DOUBLE PRECISION,
    first_mention_id VARCHAR NOT NULL,
    first_article_hash VARCHAR NOT NULL,
    source_url VARCHAR,
    n_mentions INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,         -- distinct outlets
    n_stories INTEGER NOT NULL,         -- distinct near-duplicate stories
    date_added TIMESTAMP NOT NULL,
    modality VARCHAR,                   -- (schema 2) the most certain of its mentions': asserted > reported >
    negated BOOLEAN,                    -- intended > future > hypothetical; negated events are apart
    date_earliest DATE,                 -- the date range of its most precise mention
    date_latest DATE,
    date_precision VARCHAR,             -- day | week | month | year
    source_members VARCHAR[],           -- (schema 3) those of its first mention
    target_members VARCHAR[]
);

CREATE TABLE IF NOT EXISTS actors (       -- catalogue of coded actors seen in mentions
    actor_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,              -- '' when unresolved
    country VARCHAR,
    sector VARCHAR,
    n_mentions INTEGER NOT NULL,
    first_date DATE,
    last_date DATE,
    members VARCHAR[],                  -- (schema 3) member states of a group of named states (G7), else NULL
    PRIMARY KEY (actor_code, name)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_hash VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    article_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    speaker_text VARCHAR,
    speaker_name VARCHAR,
    speaker_code VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    event_ids VARCHAR                   -- JSON list of mention ids
);

CREATE TABLE IF NOT EXISTS failures (
    article_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,             -- read | actors | ... | convert
    article_hash VARCHAR,               -- NULL when no text was read
    error_code VARCHAR,                 -- E1xx when raised on purpose, NULL when unexpected
    message VARCHAR NOT NULL,
    detail VARCHAR,                     -- traceback
    failed_at TIMESTAMP NOT NULL,
    run_id VARCHAR,
    PRIMARY KEY (article_id, stage)
);
