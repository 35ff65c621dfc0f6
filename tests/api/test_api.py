"""The REST API and the dashboard pages through TestClient: every endpoint and its error paths (issue 17).

The store holds tests/data/api_articles.jsonl (four short wire-style articles written for these tests),
coded by the real pipeline, plus a synthetic store for pagination over many events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from eventcoder.api import ApiSettings, create_app
from eventcoder.io.inputs import read_inputs
from eventcoder.store import SQLStore, open_store
from eventcoder.store.ingest import ingest
from eventcoder.store.synthetic import corpus

pytestmark = pytest.mark.issue(17)
ARTICLES = Path(__file__).parent.parent / "data" / "api_articles.jsonl"
TOKEN = "s3cret-token"
PATHS = (
    "/code",
    "/articles",
    "/events",
    "/events/{event_id}",
    "/articles/{article_id}",
    "/dyads/{a}/{b}",
    "/actors",
    "/network",
    "/health",
)


def assert_error(response: Any, status: int, *needles: str) -> dict[str, Any]:
    """The one error shape, with the status and the message parts expected."""
    body = response.json()
    assert response.status_code == status
    assert set(body) == {"ok", "error", "errors", "status"}
    assert (body["ok"], body["status"]) == (False, status)
    assert isinstance(body["errors"], list) and body["errors"]
    for needle in needles:
        assert needle in body["error"]
    return body


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    """A DuckDB file with the four test articles ingested."""
    path = str(tmp_path_factory.mktemp("api") / "events.duckdb")
    with open_store(path) as store:
        summary = ingest(store, read_inputs([str(ARTICLES)]), nlp=nlp)
    assert (summary.articles, summary.failed) == (4, 0)
    return path


@pytest.fixture(scope="module")
def client(coded_db: str, nlp: Language) -> Iterator[TestClient]:
    """A read-only server over the coded store."""
    store = open_store(coded_db, read_only=True)
    with TestClient(create_app(store, ApiSettings(nlp=nlp, max_page=100))) as test_client:
        yield test_client
    store.close()


@pytest.fixture(scope="module")
def all_events(client: TestClient) -> list[dict[str, Any]]:
    body = client.get("/events", params={"limit": 100}).json()
    assert body["next_cursor"] is None
    return list(body["events"])


@pytest.fixture
def writable(tmp_path: Path, nlp: Language) -> Iterator[tuple[TestClient, SQLStore]]:
    """A server with a token over a fresh, empty store."""
    store = open_store(str(tmp_path / "w.duckdb"))
    with TestClient(create_app(store, ApiSettings(token=TOKEN, nlp=nlp))) as test_client:
        yield test_client, store
    store.close()


# --- meta --------------------------------------------------------------------------------------------------


def test_health_counts_the_store(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    body = client.get("/health").json()
    assert (body["ok"], body["store"], body["read_only"], body["articles"]) == (True, "duckdb", True, 4)
    # /events lists occurred events by default (issue 11); /health counts every stored event
    everything = client.get("/events", params={"limit": 100, "modality": "any", "negated": "any"}).json()
    assert body["events"] == len(everything["events"]) >= len(all_events) > 5
    assert (body["first_date"], body["last_date"]) == ("2021-03-10", "2021-06-21")


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(PATHS) <= set(schema["paths"])
    assert set(schema["paths"]["/articles"]) == {"post"}
    assert "Event" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    responses = schema["paths"]["/articles"]["post"]["responses"]
    assert {"201", "400", "401", "403", "413", "422", "503"} <= set(responses)
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_unknown_path_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/nope"), 404, "[E407]", "/nope")
    assert_error(client.delete("/events"), 405)


# --- GET /events -------------------------------------------------------------------------------------------


def test_events_newest_first_with_every_column(all_events: list[dict[str, Any]]) -> None:
    days = [e["date"] for e in all_events]
    assert days == sorted(days, reverse=True)
    assert {"event_num", "source_code", "cameo", "target_code", "goldstein", "first_article_hash"} <= set(
        all_events[0]
    )


def test_cursor_pages_cover_every_event_once(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 3, "order": "asc"}
    pages = 0
    while True:
        body = client.get("/events", params=params).json()
        seen.extend(e["event_num"] for e in body["events"])
        pages += 1
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert pages == -(-len(all_events) // 3)
    assert sorted(seen) == sorted(e["event_num"] for e in all_events)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "params,check",
    [
        ({"actor": "RUS"}, lambda e: "RUS" in (e["source_country"], e["target_country"])),
        ({"source": "CHN"}, lambda e: e["source_country"] == "CHN"),
        ({"target": "usa"}, lambda e: e["target_country"] == "USA"),
        ({"dyad": "FRA,DEU"}, lambda e: {e["source_country"], e["target_country"]} == {"FRA", "DEU"}),
        ({"dyad": "RUS,UKR", "directed": "true"}, lambda e: e["source_country"] == "RUS"),
        ({"cameo": "11"}, lambda e: e["cameo"].startswith("11")),
        ({"quad": 1}, lambda e: e["quad_class"] == 1),
        ({"since": "2021-05-01", "until": "2021-05-31"}, lambda e: e["date"].startswith("2021-05")),
        ({"country": "JPN"}, lambda e: "JPN" in (e["source_country"], e["target_country"])),
    ],
)
def test_event_filters(
    client: TestClient, all_events: list[dict[str, Any]], params: dict[str, Any], check: Any
) -> None:
    body = client.get("/events", params=params).json()
    kept = body["events"]
    assert kept, params
    assert all(check(e) for e in kept)
    assert {e["event_num"] for e in kept} == {e["event_num"] for e in all_events if check(e)}


def test_plover_and_place_filters_match_nothing_false(client: TestClient) -> None:
    body = client.get("/events", params={"plover": "ASSAULT", "place": "Atlantis"}).json()
    assert body["events"] == [] and body["next_cursor"] is None


@pytest.mark.parametrize(
    "params,status,needle",
    [
        ({"colour": "red"}, 400, "[E403] Unknown query parameter(s) colour"),
        ({"actor": "'; DROP TABLE events;--"}, 422, "actor"),
        ({"place": "x' OR '1'='1"}, 422, "place"),
        ({"cameo": "1 OR 1=1"}, 422, "cameo"),
        ({"dyad": "USA"}, 422, "dyad"),
        ({"quad": 5}, 422, "quad"),
        ({"since": "2021-13-01"}, 422, "since"),
        ({"order": "sideways"}, 422, "order"),
        ({"limit": 0}, 422, "limit"),
        ({"limit": 101}, 422, "over the maximum 100"),
        ({"cursor": "bm90LWEtY3Vyc29y"}, 400, "[E304]"),
        ({"cursor": "a b"}, 422, "cursor"),
    ],
)
def test_bad_event_queries(client: TestClient, params: dict[str, Any], status: int, needle: str) -> None:
    assert_error(client.get("/events", params=params), status, needle)


# --- GET /events/{id}, /articles/{id} -----------------------------------------------------------------------


def test_event_detail_has_mentions_with_evidence(
    client: TestClient, all_events: list[dict[str, Any]]
) -> None:
    event = next(e for e in all_events if e["source_country"] == "RUS" and e["cameo"] == "112")
    body = client.get(f"/events/{event['event_num']}").json()
    assert body["event"]["event_key"] == event["event_key"]
    (mention,) = body["mentions"]
    assert (mention["source_code"], mention["cameo"], mention["article_id"]) == ("RUSGOV", "112", "api-02")
    text = client.get(f"/articles/{mention['article_hash']}").json()["article"]["text"]
    assert text[mention["trigger_start"] : mention["trigger_end"]] == mention["trigger_text"] == "accused"
    assert text[mention["source_start"] : mention["source_end"]] == mention["source_text"]


def test_event_errors(client: TestClient) -> None:
    assert_error(client.get("/events/12345"), 404, "[E407]", "event")
    assert_error(client.get("/events/abc"), 422, "event_id")
    assert_error(client.get(f"/events/{2**70}"), 422, "event_id")
    assert_error(client.get("/events/1", params={"x": 1}), 400, "[E403]")


def test_article_by_hash_and_by_id_with_spans(client: TestClient) -> None:
    by_id = client.get("/articles/api-03").json()["article"]
    by_hash = client.get(f"/articles/{by_id['article_hash']}").json()["article"]
    assert by_id == by_hash
    text = by_id["text"]
    kinds = {s["kind"] for s in by_id["spans"]}
    assert {"source", "target", "trigger", "quote"} <= kinds
    for span in by_id["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    triggers = {text[s["start"] : s["end"]] for s in by_id["spans"] if s["kind"] == "trigger"}
    assert {m["trigger_text"] for m in by_id["mentions"]} == triggers
    (quote,) = by_id["quotes"]
    assert text[quote["start"] : quote["end"]].startswith("Washington must stop")


def test_article_not_found(client: TestClient) -> None:
    assert_error(client.get("/articles/deadbeef"), 404, "[E407]", "deadbeef")


# --- GET /dyads, /actors, /network --------------------------------------------------------------------


def test_dyad_series(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    body = client.get("/dyads/rus/ukr", params={"freq": "month"}).json()
    assert (body["a"], body["b"], body["freq"]) == ("RUS", "UKR", "month")
    expected = sum(1 for e in all_events if {e["source_country"], e["target_country"]} == {"RUS", "UKR"})
    (period,) = body["series"]
    assert (period["period"], period["events"]) == ("2021-04-01", expected)
    assert period["goldstein_mean"] < 0
    directed = client.get("/dyads/UKR/RUS", params={"directed": "true"}).json()["series"]
    assert sum(p["events"] for p in directed) == sum(
        1 for e in all_events if (e["source_country"], e["target_country"]) == ("UKR", "RUS")
    )


@pytest.mark.parametrize(
    "path,status,needle",
    [
        ("/dyads/RUS/UKR?freq=hour", 422, "freq"),
        ("/dyads/R;US/UKR", 422, "path parameter a"),
        ("/dyads/RUS/UKR?a=1", 400, "[E403]"),
        ("/actors?limit=0", 422, "limit"),
        ("/actors?q=%27%3B--", 422, "q"),
        ("/network?level=planet", 422, "level"),
        ("/network?max_nodes=0", 422, "max_nodes"),
        (f"/network?min_events={2**70}", 422, "min_events"),
        ("/health?verbose=1", 400, "[E403]"),
    ],
)
def test_bad_analytics_queries(client: TestClient, path: str, status: int, needle: str) -> None:
    assert_error(client.get(path), status, needle)


def test_actors_catalogue(client: TestClient) -> None:
    actors = client.get("/actors").json()["actors"]
    counts = [a["n_mentions"] for a in actors]
    assert counts == sorted(counts, reverse=True)
    assert {"RUSGOV", "CHN", "JPNGOV", "FRA"} <= {a["actor_code"] for a in actors}
    found = client.get("/actors", params={"q": "chn", "limit": 5}).json()["actors"]
    assert found and all(a["actor_code"].startswith("CHN") or "chn" in a["name"].lower() for a in found)


def test_network(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    body = client.get("/network").json()
    assert body["level"] == "country"
    ids = {n["id"] for n in body["nodes"]}
    assert {"RUS", "UKR", "CHN", "USA", "FRA", "DEU", "JPN", "AUS"} == ids
    assert sum(e["weight"] for e in body["edges"]) == len(all_events)
    assert all(-1.0 <= n["x"] <= 1.0 and -1.0 <= n["y"] <= 1.0 for n in body["nodes"])
    small = client.get("/network", params={"level": "code", "max_nodes": 2}).json()
    assert len(small["nodes"]) == 2
    assert all(e["source"] in {n["id"] for n in small["nodes"]} for e in small["edges"])


# --- POST /code --------------------------------------------------------------------------------------------

CODE_TEXT = "Germany condemned Iran on Monday over its nuclear program."


def test_code_returns_events_spans_and_segments(client: TestClient) -> None:
    response = client.post("/code", json={"text": CODE_TEXT, "date": "2021-02-01"})
    assert response.status_code == 200
    body = response.json()
    (event,) = body["events"]
    assert (event["source"]["code"], event["cameo"], event["target"]["code"]) == ("DEU", "111", "IRN")
    assert event["event_date"] == "2021-02-01"
    assert "".join(s["text"] for s in body["segments"]) == CODE_TEXT
    marked = {s["text"]: s["kinds"] for s in body["segments"] if s["kinds"]}
    assert marked == {"Germany": ["source"], "condemned": ["trigger"], "Iran": ["target"], "Monday": ["date"]}
    assert client.get("/health").json()["events"] > 0  # nothing stored: still the same read-only store


@pytest.mark.parametrize(
    "content,status,needle",
    [
        ('{"text": "Germany condemned', 400, "[E402] Malformed JSON"),
        ("{}", 422, "text"),
        ('{"text": ""}', 422, "text"),
        ('{"text": " \\n "}', 422, "only whitespace"),
        ('{"text": "x", "colour": "red"}', 422, "colour"),
        ('{"text": "x", "date": "yesterday"}', 422, "date"),
        ('["text"]', 422, "body"),
    ],
)
def test_code_bad_bodies(client: TestClient, content: str, status: int, needle: str) -> None:
    response = client.post("/code", content=content, headers={"Content-Type": "application/json"})
    assert_error(response, status, needle)


def test_code_unknown_query_parameter(client: TestClient) -> None:
    assert_error(client.post("/code?debug=1", json={"text": CODE_TEXT}), 400, "[E403]")


def test_body_limit(coded_db: str, nlp: Language) -> None:
    store = open_store(coded_db, read_only=True)
    with TestClient(create_app(store, ApiSettings(nlp=nlp, max_body=200))) as small:
        ok = small.post("/code", json={"text": CODE_TEXT})
        assert ok.status_code == 200
        big = {"text": CODE_TEXT * 10}
        assert_error(small.post("/code", json=big), 413, "[E401]", "limit is 200")

        def chunks() -> Iterator[bytes]:  # no Content-Length: streamed and counted
            yield json.dumps(big).encode()

        assert_error(small.post("/code", content=chunks()), 413, "[E401]")
    store.close()


# --- POST /articles ----------------------------------------------------------------------------------------

NEW = {
    "id": "api-new",
    "date": "2021-07-01",
    "text": "Germany condemned Iran on Thursday over its missile tests.",
}


def test_post_articles_is_refused_without_a_configured_token(client: TestClient) -> None:
    response = client.post(
        "/articles", json={"articles": [NEW]}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert_error(response, 403, "[E406]", "read-only")


def test_post_articles_needs_the_right_token(writable: tuple[TestClient, SQLStore]) -> None:
    test_client, store = writable
    missing = test_client.post("/articles", json={"articles": [NEW]})
    assert_error(missing, 401, "[E404]")
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = test_client.post("/articles", json={"articles": [NEW]}, headers={"Authorization": "Bearer nope"})
    assert_error(wrong, 403, "[E405]")
    assert_error(
        test_client.post("/articles", json={"articles": [NEW]}, headers={"Authorization": TOKEN}), 401
    )
    assert store.count("articles") == 0


def test_post_articles_ingests_once(writable: tuple[TestClient, SQLStore]) -> None:
    test_client, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    second = {**NEW, "id": "api-new-2", "text": "France praised Japan on Friday for its aid."}
    first = test_client.post("/articles", json={"articles": [NEW, second]}, headers=auth)
    assert first.status_code == 201
    body = first.json()
    assert (body["articles"], body["skipped"], body["failed"], body["new_events"]) == (2, 0, 0, 2)
    again = test_client.post("/articles", json={"articles": [NEW]}, headers=auth).json()
    assert (again["articles"], again["skipped"], again["new_events"]) == (0, 1, 0)
    assert store.count("articles") == 2
    events = test_client.get("/events", params={"actor": "IRN"}).json()["events"]
    assert [(e["source_code"], e["cameo"], e["target_code"]) for e in events] == [("DEU", "111", "IRN")]
    runs = store.execute("SELECT status, n_articles FROM runs ORDER BY started_at")
    assert runs == [("done", 2), ("done", 0)]


@pytest.mark.parametrize(
    "body,needle",
    [
        ({"articles": []}, "articles"),
        ({"articles": [{"id": "x"}]}, "articles.0.text"),
        ({"articles": [{**NEW, "date": "July"}]}, "articles.0.date"),
        ({"articles": [NEW], "extra": 1}, "extra"),
    ],
)
def test_post_articles_bad_bodies(writable: tuple[TestClient, SQLStore], body: Any, needle: str) -> None:
    test_client, _ = writable
    response = test_client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(response, 422, needle)


def test_store_failure_is_503(tmp_path: Path, nlp: Language) -> None:
    store = open_store(str(tmp_path / "gone.duckdb"))
    with TestClient(create_app(store, ApiSettings(nlp=nlp))) as test_client:
        store.close()
        assert_error(test_client.get("/events"), 503, "[E204]")


# --- pagination over many events ----------------------------------------------------------------------------


def test_pagination_over_a_synthetic_store(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.duckdb"))
    store.write(list(corpus(300, 5, duplicate_rate=0.0, rewrite_rate=0.0)))
    total = store.count("events")
    with TestClient(create_app(store, ApiSettings())) as test_client:
        keys: list[tuple[str, int]] = []
        params: dict[str, Any] = {"limit": 100, "actor": "USA"}
        while True:
            body = test_client.get("/events", params=params).json()
            keys.extend((e["date"], e["event_num"]) for e in body["events"])
            if not body["next_cursor"]:
                break
            params["cursor"] = body["next_cursor"]
    expected = store.execute(
        "SELECT count(*) FROM events WHERE source_code LIKE 'USA%' OR target_code LIKE 'USA%'"
    )[0][0]
    assert len(keys) == len(set(keys)) == expected < total
    assert keys == sorted(keys, reverse=True)
    store.close()


# --- dashboard pages ---------------------------------------------------------------------------------------


def test_events_page_lists_and_filters(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    page = client.get("/ui/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.count('<tr class="quad') == len(all_events)
    filtered = client.get("/ui/", params={"actor": "RUS", "cameo": "", "quad": ""})
    rows = filtered.text.count('<tr class="quad')
    assert rows == sum(1 for e in all_events if "RUS" in (e["source_country"], e["target_country"]))
    assert 'name="actor" value="RUS"' in filtered.text
    bad = client.get("/ui/", params={"actor": "<script>"})
    assert bad.status_code == 422 and "<script>" not in bad.text and "actor" in bad.text


def test_events_page_next_link(client: TestClient) -> None:
    page = client.get("/ui/", params={"limit": 2})
    assert page.text.count('<tr class="quad') == 2
    assert 'rel="next"' in page.text and "cursor=" in page.text


def test_article_page_highlights_the_chosen_event(
    client: TestClient, all_events: list[dict[str, Any]]
) -> None:
    event = next(e for e in all_events if e["source_country"] == "CHN" and e["cameo"] == "111")
    page = client.get(f"/ui/articles/{event['first_article_hash']}", params={"event": event["event_num"]})
    assert page.status_code == 200
    assert '<mark class="hl trigger focus"' in page.text
    assert ">criticized</mark>" in page.text
    assert 'class="hl quote"' in page.text
    assert client.get("/ui/articles/nothing-here").status_code == 404


def test_dyad_network_and_code_pages(client: TestClient) -> None:
    dyad = client.get("/ui/dyad", params={"a": "RUS", "b": "UKR", "freq": "month"})
    assert dyad.status_code == 200 and "data-series=" in dyad.text and "2021-04-01" in dyad.text
    assert client.get("/ui/dyad", params={"a": "R;S", "b": "UKR"}).status_code == 422
    network = client.get("/ui/network", params={"level": "code"})
    assert network.status_code == 200 and 'id="network"' in network.text
    code = client.get("/ui/code")
    assert code.status_code == 200 and 'id="code-form"' in code.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"


def test_api_reference_page_renders_the_schema(client: TestClient) -> None:
    page = client.get("/ui/api")
    assert page.status_code == 200
    for path in PATHS:
        assert f"{path}</code>" in page.text
    assert "matching ^[A-Za-z0-9]{1,16}$" in page.text
    assert "cdn" not in page.text.lower()
    assert_error(client.get("/docs"), 404)


def test_vendored_chart_library_is_served_locally(client: TestClient) -> None:
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        response = client.get(f"/static/vendor/{name}")
        assert response.status_code == 200 and len(response.content) > 50_000
    page = client.get("/ui/dyad", params={"a": "RUS", "b": "UKR"}).text
    assert "http://" not in page.replace('href="http://', "") and "https://" not in page


def test_article_text_is_escaped(writable: tuple[TestClient, SQLStore]) -> None:
    test_client, _ = writable
    text = "Germany condemned Iran on Monday. <script>alert(1)</script>"
    body = {"articles": [{"id": "xss", "text": text, "date": "2021-01-04"}]}
    assert (
        test_client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 201
    )
    page = test_client.get("/ui/articles/xss").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    body = {"articles": [{"id": "js", "text": "France praised Japan.", "url": "javascript:alert(1)"}]}
    assert (
        test_client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 201
    )
    assert "javascript:" not in test_client.get("/ui/articles/js").text


# --- eventcoder serve --------------------------------------------------------------------------------------


def test_serve_help_has_an_example() -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: eventcoder serve --db events.duckdb" in result.output
    assert "127.0.0.1" in result.output


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "1"])
    assert result.exit_code == 2
    assert "[E201]" in result.output and "does not exist" in result.output
