-- PostgreSQL only: B-tree indexes for lookups and filters (DuckDB scans its columns instead).
CREATE INDEX IF NOT EXISTS article_buckets_bucket ON article_buckets (bucket);
CREATE INDEX IF NOT EXISTS mentions_event_key ON mentions (event_key);
CREATE INDEX IF NOT EXISTS events_group ON events (group_key, date);
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS events_source ON events (source_code text_pattern_ops, date);
CREATE INDEX IF NOT EXISTS events_target ON events (target_code text_pattern_ops, date);
CREATE INDEX IF NOT EXISTS failures_hash ON failures (article_hash);
CREATE UNIQUE INDEX IF NOT EXISTS mentions_key ON mentions (article_hash, mention_id);
CREATE UNIQUE INDEX IF NOT EXISTS sentences_key ON sentences (article_hash, sentence_id);
CREATE UNIQUE INDEX IF NOT EXISTS quotes_key ON quotes (article_hash, start_char, end_char);
CREATE UNIQUE INDEX IF NOT EXISTS events_key ON events (event_key);
CREATE INDEX IF NOT EXISTS events_num ON events (event_num);
