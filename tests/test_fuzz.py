"""Property and fuzz tests (issue 12): intake, driver, coder, store and CLI never lose an input item.

Invariant everywhere: every input item ends as exactly one of coded / skipped-with-reason (a Failure; for
``ingest`` a failures row), never missing, never an exception out of the run; exit codes and summary counts
agree with the items. The budget of generated cases comes from the hypothesis profile: small in the fast
suite, over 10,000 with ``--slow`` (see ``budget`` and ``tests/conftest.py``).

The spaCy model is slow, so the driver, store and CLI are fuzzed through a blank pipeline with a small test
coder (same driver, same store code); the real model gets a few dozen generated texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from eventcoder.components.extensions import register_extensions
from eventcoder.driver import iter_results
from eventcoder.io.inputs import read_inputs, read_stream
from eventcoder.records import Article, CodedArticle, Failure
from eventcoder.store import open_store
from eventcoder.store.ingest import ingest, ingest_results
from eventcoder.store.synthetic import coded, record

pytestmark = pytest.mark.issue(12)
register_extensions()
SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]


def budget(slow_examples: int) -> Any:
    """Hypothesis settings for this many examples under --slow; the fast profile scales it down."""
    scale = settings.default.max_examples / 1000  # 1000 in the slow profile, 10 in the fast one
    return settings(
        max_examples=max(3, int(slow_examples * scale)), deadline=None, suppress_health_check=SUPPRESS
    )


# --- strategies ------------------------------------------------------------------------------------------

SURROGATES = st.characters(categories=["Cs"])
CONTROLS = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
RTL = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)  # Hebrew, Arabic, Syriac, Thaana...
WORDS = st.sampled_from(
    [
        "Russia", "China", "Ukraine", "police", "rebels", "attacked", "met", "accused", "said", "the",
        "minister", "army", "town", "Kyiv", "BOOM", ".", ",", ";", "\u201c", "\u201d", '"', "'", "(", ")",
        "-", "\n", "\n\n", "\t", "\u00a0", "\u200f", "\u202e", "\ufeff", "hits",
    ]
)  # fmt: skip
SENTENCE = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(st.one_of(st.characters(), SURROGATES, CONTROLS, RTL), max_size=300),
    st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join),
    st.builds(lambda a, b: a + " X hits Y. " + b, st.text(max_size=50), st.text(max_size=50)),
)
DATE = st.one_of(
    st.none(),
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2021-08-25garbage", "2021-02-30", "", "25/08/2021"]),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.text(max_size=12),
    st.integers(),
    st.lists(st.integers(), max_size=2),
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
ARTICLE_OBJ = st.fixed_dictionaries(
    {"text": TEXT},
    optional={
        "id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
        "date": DATE,
        "title": st.one_of(st.text(max_size=30), JSON_VALUE),
        "source": st.one_of(st.text(max_size=20), st.none()),
        "url": st.one_of(st.text(max_size=30), st.integers()),
        "extra": JSON_VALUE,
    },
)


def _escape_surrogates(line: str) -> str:
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


LINE = st.one_of(
    ARTICLE_OBJ.map(lambda o: json.dumps(o).encode()),  # \ud83d escapes for surrogates
    ARTICLE_OBJ.map(lambda o: _escape_surrogates(json.dumps(o, ensure_ascii=False)).encode("utf-8")),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),  # nested deeper than json allows
    st.integers(1, 3000).map(lambda n: b'{"text": ' + b"[" * n + b"]" * n + b"}"),
    st.binary(max_size=200),
    st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ARTICLE_OBJ.map(lambda o: json.dumps(o).encode("utf-16")),  # another encoding inside a UTF-8 file
    st.tuples(ARTICLE_OBJ, st.binary(min_size=1, max_size=4), st.integers(0, 40)).map(
        lambda t: (lambda b: b[: t[2]] + t[1] + b[t[2] :])(json.dumps(t[0]).encode())
    ),
    st.sampled_from(
        [b"", b"   ", b"\r", b"\xef\xbb\xbf{}", b'{"text": "\\ud83d"}', b'{"text": "\\udc00 x"}']
    ),
)
HTML = st.one_of(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div>",
                    "<article>",
                    "<script>",
                    "</script>",
                    "<br>",
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "&amp;",
                    "&#0;",
                    "&#xD800;",
                    "<meta charset='koi8-r'>",
                    "<meta charset=bogus>",
                    "<html>",
                    "<",
                ]
            ),  # fmt: skip
            SENTENCE,
            st.text(max_size=40),
        ),
        max_size=40,
    ).map("".join),
    st.text(max_size=200),
)


# --- a blank pipeline with a test coder (fast; same driver and store code as the model) -------------------


@Language.component("fuzz_coder")
def fuzz_coder(doc: Doc) -> Doc:
    """'X hits Y' -> an event; a text containing 'BOOM' raises, like a component bug."""
    if "BOOM" in doc.text:
        raise ValueError("component exploded")
    actors: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for sid, sent in enumerate(doc.sents):
        for token in sent:
            if token.lower_ == "hits" and 0 < token.i < len(doc) - 1:
                for t in (doc[token.i - 1], doc[token.i + 1]):
                    code = "".join(c for c in t.text.upper() if "A" <= c <= "Z")[:3] or "XXX"
                    actors.append(
                        {"text": t.text, "start": t.idx, "end": t.idx + len(t), "token_start": t.i,
                         "token_end": t.i + 1, "head": t.i, "sentence_id": sid, "code": code + "GOV",
                         "country": code, "sector": "GOV", "name": t.text, "kind": "country"}
                    )  # fmt: skip
                events.append(
                    {"sentence_id": sid, "trigger": {"text": token.text, "start": token.idx,
                     "end": token.idx + len(token)}, "trigger_token": token.i, "source": len(actors) - 2,
                     "target": len(actors) - 1, "cameo": "190", "confidence": 0.9}
                )  # fmt: skip
    doc._.actors, doc._.events = actors, events
    return doc


@pytest.fixture(scope="module")
def blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fuzz_coder")
    nlp.max_length = 2000  # small, so long-text splitting is fuzzed too
    return nlp


def _key(result: CodedArticle | Failure) -> str:
    return result.article_id if isinstance(result, Failure) else result.article.id


def _check_coded(result: CodedArticle) -> None:
    text = result.article.text
    for r in result.records:
        assert text[r.trigger.start : r.trigger.end] == r.trigger.text
        assert text[r.sentence_start : r.sentence_end] == r.sentence
        for actor in (r.source, r.target):
            if actor is not None:
                assert text[actor.start : actor.end] == actor.text


# --- intake -----------------------------------------------------------------------------------------------


def _expected_results(raw: bytes, number: int) -> int:
    """The reader's contract for one line: a blank line gives nothing, any other line exactly one result."""
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        return 1
    try:
        return 1 if raw.decode("utf-8").strip() else 0
    except UnicodeDecodeError:
        return 1


@budget(5000)
@given(lines=st.lists(LINE, max_size=8))
def test_fuzz_jsonl_every_line_is_one_result(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    """Every non-blank JSONL line is exactly one Article or one Failure naming its line; nothing raises."""
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n"
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_bytes(data)
    results = list(read_inputs([str(path)]))
    raw_lines = data.split(b"\n")[:-1]
    assert len(results) == sum(_expected_results(raw, n) for n, raw in enumerate(raw_lines, start=1))
    lines_named = [r.article_id for r in results if isinstance(r, Failure)]
    assert len(lines_named) == len(set(lines_named))  # at most one failure per line
    assert all(re.fullmatch(re.escape(str(path)) + r":\d+", name) for name in lines_named)
    for r in results:
        if isinstance(r, Failure):
            assert r.error_code and r.error_code.startswith("E1"), r
        else:
            assert r.text.strip() and not re.search("[\ud800-\udfff]", r.text + (r.title or "") + r.id)
            assert r.content_hash and r.input_hash  # never raises: the store can key every article
    # The same bytes on stdin give the same results.
    import io

    from_stdin = list(read_stream(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), name=str(path)))
    assert [type(r) for r in from_stdin] == [type(r) for r in results]


@budget(2500)
@given(
    content=st.one_of(HTML.map(lambda h: h.encode("utf-8", "surrogatepass")), st.binary(max_size=300)),
    suffix=st.sampled_from([".txt", ".html", ".htm", ".json", ".jsonl"]),
)
def test_fuzz_any_file_reads_without_raising(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("file") / f"page{suffix}"
    path.write_bytes(content)
    results = list(read_inputs([str(path)]))
    assert all(isinstance(r, Article | Failure) for r in results)
    if suffix in (".txt", ".html", ".htm"):
        assert len(results) == 1  # one file, one article or one failure
    for r in results:
        if isinstance(r, Failure):
            assert r.error_code and r.stage == "read"


# --- driver -----------------------------------------------------------------------------------------------

ITEM = st.one_of(
    st.builds(lambda i, t, d: ("article", i, t, d), st.text(max_size=6), TEXT, DATE),
    st.builds(lambda n: ("long", n), st.integers(2000, 5000)),
    st.just(("failure",)),
    st.just(("reader-breaks",)),
    st.builds(lambda t: ("skip-raises", "", t, None), TEXT),
)


@budget(1000)
@given(items=st.lists(ITEM, max_size=12), batch_size=st.integers(1, 5))
def test_fuzz_driver_every_item_is_one_result_in_order(
    blank_nlp: Language, items: list[tuple[Any, ...]], batch_size: int
) -> None:
    expected: list[str] = []
    raising: set[str] = set()

    def stream() -> Iterator[Article | Failure]:
        for n, item in enumerate(items):
            key = f"i{n}"
            if item[0] == "reader-breaks":
                raise OSError("input vanished")
            if item[0] == "failure":
                yield Failure(article_id=key, stage="read", message="bad line")
            elif item[0] == "long":
                words = ["X hits Y.", "calm", "\n\n", "day"] * (item[1] // 10)
                yield Article(id=key, text=" ".join(words))
            else:
                date = item[3] if isinstance(item[3], str) else None
                text = item[2] if item[2].strip() else "empty"
                if item[0] == "skip-raises":
                    raising.add(key)
                yield Article(id=key, text=text, date=date)

    for n, item in enumerate(items):
        if item[0] == "reader-breaks":
            expected.append("<input>")
            break
        expected.append(f"i{n}")

    def skip(article: Article) -> bool:
        if article.id in raising:
            raise RuntimeError("lookup failed")
        return False

    results = list(iter_results(stream(), blank_nlp, batch_size=batch_size, skip=skip))
    assert [_key(r) for r in results] == expected
    for r in results:
        if isinstance(r, CodedArticle):
            _check_coded(r)
        else:
            assert r.message


# --- store ------------------------------------------------------------------------------------------------

CODES = st.sampled_from(["USAGOV", "CHNGOV", "RUSMIL", "UKR", "IGOUNO", "", "X", "\u00e9\u00e9\u00e9GOV"])
CAMEOS = st.sampled_from(["010", "036", "112", "190", "0874", "1823"])


@st.composite
def coded_articles(draw: st.DrawFn) -> CodedArticle | Failure:
    article_id = draw(st.text(max_size=10))
    if draw(st.integers(0, 5)) == 0:
        return Failure(
            article_id=article_id or "f", stage="events", message=draw(st.text(max_size=40)) or "x"
        )
    text = draw(TEXT) or "x"
    day = draw(st.one_of(st.none(), st.dates().map(str), st.sampled_from(["0001-01-01", "9999-12-31"])))
    records = [
        record(
            article_id,
            draw(st.one_of(st.none(), CODES)),
            draw(st.one_of(st.none(), CODES)),
            draw(CAMEOS),
            draw(st.one_of(st.none(), st.dates().map(str))),
            sentence_id=draw(st.integers(0, 5)),
            trigger_start=draw(st.integers(0, 10_000)),
            place=draw(st.one_of(st.none(), st.sampled_from(["CHN", "UKR", "Kyiv", "\u202eRTL"]))),
            negated=draw(st.booleans()),
            text=draw(st.one_of(st.none(), st.text(max_size=40))),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    made = coded(article_id, text, day, records, source=draw(st.one_of(st.none(), st.text(max_size=8))))
    # As every front-end does: the Article validator replaces lone surrogates.
    article = Article(**made.article.model_dump())
    return made.model_copy(update={"article": article})


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with open_store(str(tmp_path_factory.mktemp("store") / "fuzz.duckdb")) as store:
        yield store


@budget(1500)
@given(items=st.lists(coded_articles(), max_size=6), commit_every=st.integers(1, 4))
def test_fuzz_store_accounts_for_every_item(fuzz_store: Any, items: list[Any], commit_every: int) -> None:
    before = {t: fuzz_store.count(t) for t in ("articles", "failures")}
    summary = ingest_results(fuzz_store, items, run_id="fuzz", commit_every=commit_every)
    n_coded = sum(isinstance(i, CodedArticle) for i in items)
    assert summary.articles + summary.skipped == n_coded
    assert summary.failed == len(items) - n_coded
    assert fuzz_store.count("articles") - before["articles"] == summary.articles
    stored = {row[0] for row in fuzz_store.execute("SELECT article_id FROM failures")}
    assert {i.article_id for i in items if isinstance(i, Failure)} <= stored
    for item in items:
        if isinstance(item, CodedArticle):
            assert fuzz_store.has_article(item.article.content_hash)


# --- ingest end to end (reader + driver + store) ----------------------------------------------------------


@budget(600)
@given(lines=st.lists(LINE, max_size=6))
def test_fuzz_ingest_every_line_is_stored_skipped_or_a_failures_row(
    blank_nlp: Language, tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    folder = tmp_path_factory.mktemp("ingest")
    path = folder / "in.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    items = list(read_inputs([str(path)]))
    with open_store(str(folder / "s.duckdb")) as store:
        summary = ingest(store, iter(items), nlp=blank_nlp, inputs=[str(path)], commit_every=2)
        assert summary.articles + summary.skipped + summary.failed == len(items)
        failed_ids = {row[0] for row in store.execute("SELECT article_id FROM failures")}
        assert {f.article_id for f in summary.failures} <= failed_ids
        assert store.count("articles") == summary.articles
        (status,) = store.execute("SELECT status, n_articles, n_failed FROM runs")
        assert status == ("done", summary.articles, summary.failed)
        again = ingest(store, iter(items), nlp=blank_nlp)  # a re-run stores nothing new, loses nothing
        assert again.articles == 0 and again.skipped + again.failed == len(items)
        assert again.failed >= sum(1 for i in items if isinstance(i, Failure))  # read failures re-reported


# --- the CLI: exit code and summary agree with the items --------------------------------------------------

SUMMARY = re.compile(r"(\d+) articles coded, (\d+) skipped, (\d+) events")


@budget(250)
@given(lines=st.lists(LINE, max_size=6))
def test_fuzz_cli_code_summary_and_exit_code_agree(
    blank_nlp: Language,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    lines: list[bytes],
) -> None:
    import eventcoder.cli.coding as coding
    from eventcoder.cli import app

    monkeypatch.setattr(coding, "load_pipeline", lambda values: blank_nlp)
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "in.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    items = list(read_inputs([str(path)]))
    out = folder / "events.jsonl"
    result = CliRunner().invoke(app, ["code", str(path), "-o", str(out)])
    assert "Traceback" not in result.output
    match = SUMMARY.search(result.stderr)
    assert match, result.stderr
    n_coded, n_skipped, n_events = map(int, match.groups())
    assert n_coded + n_skipped == len(items)
    assert result.exit_code == (0 if n_coded else 1)
    # Split on newlines only: JSON strings may hold U+0085 or U+2028, which splitlines() would also cut at.
    assert out.read_text(encoding="utf-8").count("\n") == n_events


# --- the real model: a few generated texts ----------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=SUPPRESS)
@given(text=TEXT, date=DATE)
def test_fuzz_real_model_codes_any_text(nlp: Language, text: str, date: Any) -> None:
    """The real pipeline on generated texts and dates: always a CodedArticle with consistent evidence."""
    assume(text.strip())
    pub = date if isinstance(date, str) else None
    (result,) = iter_results([Article(id="fuzz", text=text, date=pub)], nlp)
    assert isinstance(result, CodedArticle), result  # no component crashes on any text or date
    _check_coded(result)
