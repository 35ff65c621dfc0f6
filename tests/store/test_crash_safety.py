"""Crash safety (issue 12): an ingest killed with SIGKILL at random points, then resumed, ends with the store
a clean run builds: the same articles, mentions and events. Slow: real processes and the real model."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventcoder.store import open_store

pytestmark = [pytest.mark.issue(12), pytest.mark.slow]

# Our own sentence templates (no third-party text): who did what to whom, where, when.
ACTORS = [
    "Russian troops", "Ukrainian officials", "The Chinese foreign ministry", "Japanese diplomats",
    "Police in Paris", "The European Union", "Iranian negotiators", "Israeli officials", "Egyptian mediators",
    "The United Nations", "Turkish forces", "Kurdish fighters", "The US State Department", "Indian police",
]  # fmt: skip
ACTS = [
    "attacked positions held by", "met", "accused", "criticized", "praised", "threatened",
    "signed an accord with", "arrested supporters of", "imposed sanctions on", "called for talks with",
    "rejected a proposal from",
]  # fmt: skip
PLACES = ["in Kyiv", "in Beijing", "near Gaza", "in Vienna", "in Cairo", "in Ankara", "in New Delhi", ""]
WHEN = ["on Monday", "on Tuesday", "yesterday", "last week", "on March 3", ""]


def generate(n: int, seed: int = 12) -> list[dict[str, str]]:
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            a, b = rng.sample(ACTORS, 2)
            sentence = (
                f"{a} {rng.choice(ACTS)} {b[0].lower() + b[1:]} {rng.choice(PLACES)} {rng.choice(WHEN)}"
            )
            sentences.append(" ".join(sentence.split()) + ".")
        if i % 10 == 9:  # a wire rewrite of an earlier article: near-duplicate linking is exercised too
            sentences = articles[i - 5]["text"].replace(" said", " told reporters").split("\n\n")
            sentences.append("Officials said more talks were planned.")
        day = f"2022-03-{1 + i % 28:02d}"
        articles.append(
            {"id": f"gen-{i}", "text": "\n\n".join(sentences), "date": day, "source": f"Outlet {i % 7}"}
        )
    return articles


def ingest(inputs: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from eventcoder.cli import main; main()",
            "ingest",
            str(inputs),
            "--db",
            str(db),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with open_store(str(db), read_only=True) as store:
        return {
            "articles": store.execute(
                "SELECT article_hash, article_id, story_id, duplicate_of, similarity, n_mentions, date "
                "FROM articles ORDER BY article_hash"
            ),
            "mentions": store.execute(
                "SELECT mention_id, article_hash, event_key, source_code, target_code, cameo, event_date "
                "FROM mentions ORDER BY mention_id, article_hash"
            ),
            "events": store.execute(
                "SELECT event_key, date, last_date, source_code, target_code, cameo, place_name, n_mentions, "
                "n_articles, n_sources, n_stories FROM events ORDER BY event_key"
            ),
            "failures": store.execute("SELECT article_id, stage FROM failures ORDER BY article_id"),
        }


def test_issue12_sigkill_at_random_points_then_resume_equals_clean_run(tmp_path: Path) -> None:
    inputs = tmp_path / "generated.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in generate(300)), encoding="utf-8")

    clean = tmp_path / "clean.duckdb"
    started = time.monotonic()
    assert ingest(inputs, clean).wait(timeout=1800) == 0
    duration = time.monotonic() - started
    expected = snapshot(clean)
    assert len(expected["articles"]) == 300 and len(expected["mentions"]) > 300 and expected["events"]

    killed = tmp_path / "killed.duckdb"
    rng = random.Random(7)
    kills = 0
    for _ in range(5):
        proc = ingest(inputs, killed)
        time.sleep(rng.uniform(0.15, 0.45) * duration)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 3
    assert ingest(inputs, killed).wait(timeout=1800) == 0  # resume to the end
    assert snapshot(killed) == expected

    with open_store(str(killed), read_only=True) as store:
        runs = store.execute("SELECT status, n_articles FROM runs ORDER BY started_at")
    interrupted = [n for status, n in runs if status == "interrupted"]
    assert runs[-1][0] == "done" and "running" not in {status for status, _ in runs}
    # A kill before the run was recorded (still loading the model) leaves no row; every other kill one.
    assert 1 <= len(interrupted) <= kills and any(0 < n < 300 for n in interrupted)  # killed mid-ingest
    assert sum(interrupted) + runs[-1][1] == 300  # each article stored once, by the run that committed it
