-- DuckDB only: an ART index for point look-ups of events by integer id (GET /events/{id}, the rows of an
-- events page); filters scan columns instead.
CREATE INDEX IF NOT EXISTS events_num ON events (event_num);
