"""The event store on both back-ends: tables, idempotence, atomic batches, dedup, resume, bad input."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from eventcoder.errors import StoreError
from eventcoder.records import Failure
from eventcoder.store import open_store
from eventcoder.store.ingest import ingest_results
from eventcoder.store.synthetic import coded, corpus, record

pytestmark = pytest.mark.issue(7)

TEXT = (
    "Chinese officials accused Japan of provocations near the disputed islands on Monday, and the foreign "
    "ministry in Beijing said it had lodged a formal protest with the Japanese embassy over the incident."
)
REWRITE = TEXT.replace("on Monday", "on Monday morning").replace("formal protest", "strong protest")
OTHER = (
    "Flooding across the southern provinces displaced thousands of families this week, relief agencies said, "
    "as rescue teams worked through the night to reach villages cut off by landslides and fallen bridges."
)


def article(article_id: str, text: str, day: str, outlet: str, records: list, quotes: int = 0):  # noqa: ANN001, ANN201
    return coded(
        article_id, text, day, records, source=outlet, url=f"https://example.org/{article_id}", quotes=quotes
    )


def accuse(article_id: str, day: str, sentence_id: int = 0, place: str | None = "CHN", **kw):  # noqa: ANN003, ANN201
    return record(article_id, "CHNGOV", "JPNGOV", "112", day, sentence_id=sentence_id, place=place, **kw)


def test_write_fills_every_table(store_url: str) -> None:
    item = article(
        "a1",
        TEXT,
        "2021-08-25",
        "Reuters",
        [
            accuse("a1", "2021-08-23"),
            record("a1", "JPNGOV", "CHNGOV", "040", "2021-08-24", sentence_id=1, trigger_start=60),
        ],
        quotes=1,
    )
    with open_store(store_url) as store:
        result = store.write([item], "run1")
        assert (result.articles, result.mentions, result.new_events, result.skipped) == (1, 2, 2, 0)
        counts = {
            t: store.count(t) for t in ("articles", "sentences", "mentions", "events", "actors", "quotes")
        }
        assert counts == {"articles": 1, "sentences": 2, "mentions": 2, "events": 2, "actors": 2, "quotes": 1}
        (row,) = store.execute("SELECT article_id, source, url, date, story_id = article_hash FROM articles")
        assert row[:3] == ("a1", "Reuters", "https://example.org/a1") and str(row[3]) == "2021-08-25"
        assert row[4] is True
        (actor,) = store.execute(
            "SELECT n_mentions, first_date, last_date FROM actors WHERE actor_code = 'CHNGOV'"
        )
        assert (actor[0], str(actor[1]), str(actor[2])) == (2, "2021-08-23", "2021-08-24")
        (mention,) = store.execute(
            "SELECT source_code, target_code, cameo, trigger_start, event_date, place_name FROM mentions "
            "WHERE cameo = '112'"
        )
        assert mention[:4] == ("CHNGOV", "JPNGOV", "112", 10) and str(mention[4]) == "2021-08-23"
        assert mention[5] == "Beijing"


def test_same_content_twice_adds_nothing(store_url: str) -> None:
    first = article("a1", TEXT, "2021-08-25", "Reuters", [accuse("a1", "2021-08-23")])
    same_text_other_id = article("copy", TEXT, "2021-08-26", "AP", [accuse("copy", "2021-08-23")])
    with open_store(store_url) as store:
        store.write([first], "run1")
        again = store.write([first, same_text_other_id], "run2")
        assert (again.articles, again.mentions, again.skipped) == (0, 0, 2)
        assert [store.count(t) for t in ("articles", "mentions", "events")] == [1, 1, 1]
        assert store.has_article(first.article.content_hash)


def test_failure_is_remembered_by_input_hash(store_url: str) -> None:
    failure = Failure(article_id="bad", stage="events", message="boom")
    with open_store(store_url) as store:
        store.write([failure], "run1", hashes={"bad": "f" * 40})
        assert store.failed(["f" * 40, "0" * 40]) == {"f" * 40}
        assert store.known(["f" * 40]) == set()  # a failure is not a stored article
        store.write([failure], "run2", hashes={"bad": "f" * 40})
        assert store.count("failures") == 1


def test_a_batch_commits_all_or_nothing(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [
        article(f"a{i}", f"{TEXT} {i}", "2021-08-25", "AP", [accuse(f"a{i}", "2021-08-23")]) for i in range(3)
    ]
    with open_store(store_url) as store:
        original = store.insert

        def broken(table: str, columns: dict, **kw: object) -> None:
            if table == "events":
                raise StoreError("[E204] Store test: disk full.")
            original(table, columns, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "insert", broken)
        with pytest.raises(StoreError, match="E204"):
            store.write(items, "run1")
        assert [store.count(t) for t in ("articles", "mentions", "events", "article_buckets")] == [0, 0, 0, 0]
        monkeypatch.setattr(store, "insert", original)
        assert store.write(items, "run2").articles == 3


def test_mentions_of_one_event_across_outlets_cluster(store_url: str) -> None:
    items = [
        article("reuters", TEXT, "2021-08-23", "Reuters", [accuse("reuters", "2021-08-23")]),
        article("ap", OTHER, "2021-08-24", "AP", [accuse("ap", "2021-08-24")]),  # a day later: same event
        article("afp", f"{OTHER} AFP", "2021-08-27", "AFP", [accuse("afp", "2021-08-27")]),  # 4 days: new
        article(
            "bbc", f"{TEXT} BBC", "2021-08-23", "BBC", [accuse("bbc", "2021-08-23", place=None)]
        ),  # no place
    ]
    with open_store(store_url) as store:
        store.write(items[:1], "run1")
        store.write(items[1:], "run1")
        rows = store.execute(
            "SELECT date, n_mentions, n_articles, n_sources, place_name FROM events ORDER BY date, place_name"
        )
        assert [(str(r[0]), *r[1:]) for r in rows] == [
            ("2021-08-23", 2, 2, 2, "Beijing"),
            ("2021-08-23", 1, 1, 1, None),
            ("2021-08-27", 1, 1, 1, "Beijing"),
        ]


@pytest.mark.issue(11)
def test_negated_mentions_are_negated_events_apart(store_url: str) -> None:
    items = [
        article("a1", TEXT, "2021-08-25", "AP", [accuse("a1", "2021-08-23", negated=True)]),
        article("a2", OTHER, "2021-08-25", "BBC", [accuse("a2", "2021-08-23")]),
    ]
    with open_store(store_url) as store:
        store.write(items)
        rows = store.execute("SELECT negated, modality, n_mentions FROM events ORDER BY negated")
        assert rows == [(False, "asserted", 1), (True, "asserted", 1)]  # "did not accuse" is not counted in


@pytest.mark.issue(11)
def test_event_modality_is_its_most_certain_mention(store_url: str) -> None:
    """Talks announced as future on Monday and reported held on Tuesday are one event, asserted."""
    future = accuse("a1", "2021-08-24", modality="future")
    held = accuse("a2", "2021-08-24")
    with open_store(store_url) as store:
        store.write([article("a1", TEXT, "2021-08-23", "AP", [future])])
        assert store.execute("SELECT modality FROM events") == [("future",)]
        store.write([article("a2", OTHER, "2021-08-24", "BBC", [held])])
        assert store.execute("SELECT modality, n_mentions FROM events") == [("asserted", 2)]


@pytest.mark.issue(11)
def test_future_event_is_never_dated_before_its_announcement(store_url: str) -> None:
    """'later this week' published Wednesday 2021-08-25 resolves to the week of Monday 08-23: the range
    is Wednesday to Sunday, and the event is dated (and clustered) from Wednesday."""
    week = accuse("a1", "2021-08-23", modality="future", precision="week")
    with open_store(store_url) as store:
        store.write([article("a1", TEXT, "2021-08-25", "AP", [week])])
        ((day, earliest, latest, precision),) = store.execute(
            "SELECT date, date_earliest, date_latest, date_precision FROM events"
        )
        assert (str(day), str(earliest), str(latest), precision) == (
            "2021-08-25",
            "2021-08-25",
            "2021-08-29",
            "week",
        )


@pytest.mark.issue(11)
def test_event_range_is_its_most_precise_mention(store_url: str) -> None:
    month = accuse("a1", "2021-08-01", precision="month")
    day = accuse("a2", "2021-08-01")
    with open_store(store_url) as store:
        store.write([article("a1", TEXT, "2021-08-02", "AP", [month])])
        store.write([article("a2", OTHER, "2021-08-02", "BBC", [day])])
        ((n, earliest, latest, precision),) = store.execute(
            "SELECT n_mentions, date_earliest, date_latest, date_precision FROM events"
        )
        assert (n, str(earliest), str(latest), precision) == (2, "2021-08-01", "2021-08-01", "day")


@pytest.mark.issue(11)
def test_a_city_and_its_country_do_not_split_an_event(store_url: str) -> None:
    city = accuse("a1", "2021-08-23", place="UKR", place_name="Kyiv")
    country = accuse("a2", "2021-08-23", place="UKR", place_name="Ukraine")
    elsewhere = accuse("a3", "2021-08-23", place="POL", place_name="Warsaw")
    with open_store(store_url) as store:
        store.write([article("a1", TEXT, "2021-08-23", "AP", [city])])
        store.write([article("a2", OTHER, "2021-08-23", "BBC", [country])])
        store.write([article("a3", REWRITE + " Warsaw.", "2021-08-23", "DW", [elsewhere])])
        rows = store.execute("SELECT place_country, n_mentions FROM events ORDER BY place_country")
        assert rows == [("POL", 1), ("UKR", 2)]


@pytest.mark.issue(11)
def test_schema_1_store_is_upgraded_in_place(store_url: str) -> None:
    """A store written before modality and date ranges (schema 1) gains them, filled from its mentions."""
    future = accuse("a1", "2021-08-24", modality="future")
    with open_store(store_url) as store:
        store.write([article("a1", TEXT, "2021-08-23", "AP", [future])])
        store.execute("DROP INDEX IF EXISTS events_num")  # DuckDB cannot drop columns of an indexed table
        for table, column in (
            ("mentions", "date_earliest"),
            ("mentions", "date_latest"),
            ("events", "modality"),
            ("events", "negated"),
            ("events", "date_earliest"),
            ("events", "date_latest"),
            ("events", "date_precision"),
        ):
            store.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        store.execute("DELETE FROM schema_version")
        store.execute("INSERT INTO schema_version VALUES (1, '2021-01-01 00:00:00')")
    if "://" not in store_url:
        with pytest.raises(StoreError, match=r"^\[E208\] .*open it once for writing"):
            open_store(store_url, read_only=True)
    with open_store(store_url) as store:
        # and on to schema 3 (members of groupings)
        assert store.execute("SELECT max(version) FROM schema_version") == [(3,)]
        ((modality, negated, earliest),) = store.execute(
            "SELECT modality, negated, date_earliest FROM events"
        )
        assert (modality, negated, str(earliest)) == ("future", False, "2021-08-24")
        ((m_earliest, m_latest),) = store.execute("SELECT date_earliest, date_latest FROM mentions")
        assert (str(m_earliest), str(m_latest)) == ("2021-08-24", "2021-08-24")
        store.write([article("a2", OTHER, "2021-08-24", "BBC", [accuse("a2", "2021-08-24")])])
        assert store.execute("SELECT modality, n_mentions FROM events") == [("asserted", 2)]


def test_near_duplicate_articles_share_a_story(store_url: str) -> None:
    items = [
        article("wire", TEXT, "2021-08-23", "AP", [accuse("wire", "2021-08-23")]),
        article("rewrite", REWRITE, "2021-08-23", "Guardian", [accuse("rewrite", "2021-08-23")]),
        article("other", OTHER, "2021-08-23", "BBC", []),
    ]
    with open_store(store_url) as store:
        store.write(items[:1])
        result = store.write(items[1:])
        assert result.near_duplicates == 1
        rows = dict(store.execute("SELECT article_id, story_id FROM articles"))
        wire = items[0].article.content_hash
        assert rows == {"wire": wire, "rewrite": wire, "other": items[2].article.content_hash}
        (similarity,) = store.execute("SELECT similarity FROM articles WHERE article_id = 'rewrite'")[0]
        assert 0.5 <= similarity < 1.0
        assert store.execute("SELECT n_mentions, n_articles, n_sources, n_stories FROM events") == [
            (2, 2, 2, 1)
        ]


def test_batches_and_back_ends_agree_on_counts(store_url: str) -> None:
    items = list(corpus(60, 5, days=30))
    with open_store(store_url) as store:
        for i in range(0, 60, 20):
            store.write(items[i : i + 20])
        totals = store.execute(
            "SELECT count(*), sum(n_mentions), sum(n_articles), max(n_mentions) FROM events"
        )[0]
        assert store.count("mentions") == 300
        assert tuple(int(v) for v in totals) == (239, 300, 297, 4)
        assert store.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")[0][0] == 4


def test_ingest_results_resumes_without_doubles(store_url: str) -> None:
    items = list(corpus(10, 3))
    with open_store(store_url) as store:
        first = ingest_results(store, items[:4], run_id="r1")
        second = ingest_results(store, items, run_id="r2", commit_every=3)
        assert (first.articles, second.articles, second.skipped) == (4, 6, 4)
        assert (store.count("articles"), store.count("mentions")) == (10, 30)


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from eventcoder.store import open_store
    from eventcoder.store.synthetic import corpus
    store = open_store(sys.argv[1])
    for item in corpus(40, 4):
        store.write([item])
        print("committed", flush=True)
        time.sleep(0.05)
    """
)


def test_kill_9_loses_nothing_committed_and_doubles_nothing(store_url: str, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER)
    proc = subprocess.Popen([sys.executable, str(script), store_url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 8 and time.monotonic() < deadline:
        if proc.stdout.readline().startswith("committed"):
            committed += 1
    proc.kill()  # SIGKILL: no cleanup, no rollback handler
    proc.wait()
    assert committed == 8
    with open_store(store_url) as store:
        stored = store.count("articles")
        assert stored in (8, 9)  # the kill may land between a commit and its print
        assert store.count("mentions") == 4 * stored  # whole articles only
        summary = ingest_results(store, corpus(40, 4), run_id="resume")
        assert (summary.articles, summary.skipped) == (40 - stored, stored)
        assert (store.count("articles"), store.count("mentions")) == (40, 160)


def test_corrupt_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(StoreError, match=r"^\[E201\] Cannot open the store .*broken.duckdb"):
        open_store(str(path))
    assert path.read_bytes() == b"this is not a database" * 1000


def test_locked_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    open_store(str(path)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=r"^\[E201\] .*locked by another process"):
            open_store(str(path))
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("url", "pattern"),
    [
        ("mysql://localhost/events", r"^\[E202\] Unsupported store URL"),
        ("postgresql://nobody@127.0.0.1:1/events", r"^\[E201\] Cannot open the store postgresql://"),
        ("/no/such/folder/events.duckdb", r"^\[E201\] .*the folder /no/such/folder does not exist"),
    ],
)
def test_bad_urls_are_one_clear_error(url: str, pattern: str) -> None:
    with pytest.raises(StoreError, match=pattern):
        open_store(url)


def test_read_only_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError, match="E201"):
        open_store(str(path), read_only=True)
    assert not path.exists()


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "future.duckdb")
    open_store(path).close()
    con = duckdb.connect(path)
    con.execute("UPDATE schema_version SET version = 99")
    con.close()
    with pytest.raises(StoreError, match=r"^\[E203\] .*schema version 99"):
        open_store(path)


def test_interrupted_ingest_keeps_committed_articles_and_marks_the_run(store_url: str) -> None:
    import spacy

    from eventcoder.records import Article
    from eventcoder.store.ingest import ingest

    def articles_then_ctrl_c():  # noqa: ANN202
        for i in range(3):
            yield Article(id=f"a{i}", text=f"{OTHER} {i}", date="2021-08-25")
        raise KeyboardInterrupt

    blank = spacy.blank("en")  # no eventcoder components: every article codes to zero records, quickly
    blank.add_pipe("sentencizer")
    with open_store(store_url) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, articles_then_ctrl_c(), nlp=blank, batch_size=1)
        assert store.count("articles") == 3
        assert store.execute("SELECT status, n_articles FROM runs") == [("interrupted", 3)]
        items = [Article(id=f"a{i}", text=f"{OTHER} {i}", date="2021-08-25") for i in range(5)]
        summary = ingest(store, items, nlp=blank)
        assert (summary.articles, summary.skipped) == (2, 3)
        assert store.count("articles") == 5


def test_ingest_streams_its_input(tmp_path: Path) -> None:
    import spacy

    from eventcoder.records import Article
    from eventcoder.store.ingest import ingest

    pulled = [0]
    pulled_at_commit: list[int] = []

    def articles():  # noqa: ANN202
        for i in range(200):
            pulled[0] += 1
            yield Article(id=f"a{i}", text=f"{OTHER} {i}", date="2021-08-25")

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    with open_store(str(tmp_path / "s.duckdb")) as store:
        summary = ingest(
            store,
            articles(),
            nlp=blank,
            batch_size=8,
            commit_every=4,
            on_batch=lambda batch, items: pulled_at_commit.append(pulled[0]),
        )
        assert summary.articles == 200 and len(pulled_at_commit) == 50
        assert pulled_at_commit[0] <= 16  # one nlp.pipe batch ahead, never the whole input


@pytest.mark.issue(12)
def test_issue12_failed_article_is_stored_once_corrected(tmp_path: Path) -> None:
    """A failure is keyed by text and metadata: after the date is fixed the article is coded and stored."""
    import spacy
    from spacy.language import Language

    from eventcoder.records import Article
    from eventcoder.store.ingest import ingest

    @Language.component("issue12_date_checker")
    def date_checker(doc):  # noqa: ANN001, ANN202
        if doc._.meta.get("date") == "0001-01-01":
            raise ValueError("date out of range")
        doc._.actors, doc._.events = [], []
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("issue12_date_checker")
    text = "The ministry said talks would resume."
    with open_store(str(tmp_path / "s.duckdb")) as store:
        first = ingest(store, [Article(id="a", text=text, date="0001-01-01")], nlp=nlp)
        assert (first.articles, first.failed) == (0, 1)
        same = ingest(store, [Article(id="a", text=text, date="0001-01-01")], nlp=nlp)
        assert (same.articles, same.skipped, same.failed) == (0, 1, 0)  # the same input is not retried
        fixed = ingest(store, [Article(id="a", text=text, date="2021-08-25")], nlp=nlp)
        assert (fixed.articles, fixed.skipped, fixed.failed) == (1, 0, 0)
        assert store.count("articles") == 1


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@127.0.0.1:1/db?password=hunter2&connect_timeout=1",
        "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=1",
        "postgresql://127.0.0.1:1/db?user=u&password=hunter2",
        "postgresql://u@127.0.0.1:1/db?connect_timeout=1&sslpassword=hunter2&PASSWORD=hunter2",
        "mysql://u:hunter2@host/db?password=hunter2",
    ],
)
def test_issue12_password_in_url_is_never_printed(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value) and "***" in str(caught.value)


@pytest.mark.issue(12)
def test_issue12_corrupt_block_is_not_reported_as_locked(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(str(path)) as store:
        store.write(list(corpus(40, 3, days=30)))
    data = bytearray(path.read_bytes())
    for offset in range(16384, len(data) - 200, 2048):  # scribble over every block after the headers
        data[offset + 100 : offset + 164] = b"\xab" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught, open_store(str(path), read_only=True) as store:
        store.execute("SELECT count(*) FROM mentions")
    message = str(caught.value)
    assert "locked" not in message and "corrupt" in message.lower()


@pytest.mark.issue(12)
@pytest.mark.parametrize("url", ["md:events", "motherduck:events", "MD:x"])
def test_issue12_motherduck_url_never_downloads(url: str, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=r"^\[E202\]"):
        open_store(url)


@pytest.mark.issue(12)
def test_issue12_duckdb_never_autoloads_extensions(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store:
        settings = dict(
            store.execute(
                "SELECT name, value FROM duckdb_settings() "
                "WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions')"
            )
        )
        assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
        with pytest.raises(StoreError, match="httpfs"):
            store.execute("SELECT * FROM read_json('https://example.invalid/x.json')")


KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys, time
    from eventcoder.store import open_store
    store = open_store(sys.argv[1])
    print(store.start_run(["x.jsonl"], "model"), flush=True)
    if sys.argv[2] == "wait":
        time.sleep(60)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.issue(12)
def test_issue12_killed_run_is_marked_interrupted_on_next_open(store_url: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, store_url, "die"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9
    run_id = proc.stdout.strip()
    with open_store(store_url, read_only=True) as store:
        assert store.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]) == [("running",)]
    with open_store(store_url) as store:  # a writable open notices the dead run
        assert store.execute("SELECT status, n_articles FROM runs WHERE run_id = ?", [run_id]) == [
            ("interrupted", 0)
        ]


@pytest.mark.issue(12)
@pytest.mark.postgres
def test_issue12_live_run_of_another_process_stays_running(store_url: str) -> None:
    if not store_url.startswith("postgres"):
        pytest.skip("DuckDB: a writing process locks the file, so no other process can see its run")
    with open_store(store_url):
        pass  # create the schema first
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, store_url, "wait"], stdout=subprocess.PIPE, text=True
    )
    try:
        run_id = proc.stdout.readline().strip()
        with open_store(store_url) as store:
            assert store.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]) == [("running",)]
    finally:
        proc.kill()
        proc.wait()
    with open_store(store_url) as store:
        assert store.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]) == [("interrupted",)]
