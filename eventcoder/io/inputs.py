"""Read articles from files, folders and stdin; bad input becomes a Failure, never an exception."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import ArticleError, Errors
from eventcoder.records import Article, Failure

SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".htm")


def normalize_date(value: Any, where: str) -> str | None:
    """Return a publication date as YYYY-MM-DD (an ISO datetime keeps its date), or raise ArticleError."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise ArticleError(Errors.E105.format(where=where, value=value))


def article_from_dict(obj: Any, *, where: str, default_id: str, default_date: str | None = None) -> Article:
    """Validate one JSON object as an Article; ``where`` names the file and line in messages."""
    if not isinstance(obj, dict):
        raise ArticleError(Errors.E103.format(where=where, reason=f"got {type(obj).__name__}"))
    text = obj.get("text")
    if not isinstance(text, str):
        raise ArticleError(Errors.E104.format(where=where))
    if not text.strip():
        raise ArticleError(Errors.E101.format(where=where))
    pub = normalize_date(obj.get("date"), where) or default_date
    fields = {k: (str(obj[k]) if obj.get(k) is not None else None) for k in ("title", "source", "url")}
    return Article(id=str(obj.get("id") or default_id), text=text, date=pub, **fields)


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw:
        raise ArticleError(Errors.E102.format(where=where))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(Errors.E102.format(where=where)) from None


def _jsonl_lines(
    lines: Iterable[str], name: str, stem: str, default_date: str | None
) -> Iterator[Article | Failure]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise ArticleError(Errors.E103.format(where=where, reason=err.msg)) from None
            yield article_from_dict(
                obj, where=where, default_id=f"{stem}-{number}", default_date=default_date
            )
        except ArticleError as err:
            yield Failure.from_exception(where, "read", err)


def read_stream(
    stream: IO[str], name: str = "<stdin>", default_date: str | None = None
) -> Iterator[Article | Failure]:
    """Read JSONL articles from an open text stream (stdin)."""
    yield from _jsonl_lines(stream, name, "stdin", default_date)


def read_file(path: Path, default_date: str | None = None) -> Iterator[Article | Failure]:
    """Read one input file: .txt (id = stem), .jsonl/.json (one article per object), .html/.htm."""
    where = str(path)
    try:
        if not path.is_file():
            raise ArticleError(Errors.E106.format(where=where))
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ArticleError(Errors.E109.format(where=where))
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise ArticleError(Errors.E108.format(where=where, reason=err.strerror or err)) from None
        text = _decode(raw, where)
        if suffix == ".jsonl":
            yield from _jsonl_lines(text.splitlines(), where, path.stem, default_date)
            return
        if suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                raise ArticleError(Errors.E103.format(where=where, reason=err.msg)) from None
            items = data if isinstance(data, list) else [data]
            for n, obj in enumerate(items, start=1):
                try:
                    yield article_from_dict(
                        obj, where=f"{where}[{n}]", default_id=f"{path.stem}-{n}", default_date=default_date
                    )
                except ArticleError as err:
                    yield Failure.from_exception(f"{where}[{n}]", "read", err)
            return
        if suffix in (".html", ".htm"):
            from eventcoder.io.html import article_from_html

            article = article_from_html(text, article_id=path.stem)
            if default_date and not article.date:
                article = article.model_copy(update={"date": default_date})
            yield article
            return
        if not text.strip():
            raise ArticleError(Errors.E101.format(where=where))
        yield Article(id=path.stem, text=text, date=default_date)
    except ArticleError as err:
        yield Failure.from_exception(where, "read", err)


def read_inputs(paths: Sequence[str], default_date: str | None = None) -> Iterator[Article | Failure]:
    """Read every input: files, folders (recursively, sorted) and ``-`` for JSONL on stdin.

    Args:
        paths: file or folder paths, or "-".
        default_date: publication date (YYYY-MM-DD) for articles that carry none.
    """
    for name in paths:
        if name == "-":
            yield from read_stream(sys.stdin, default_date=default_date)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                yield from read_file(child, default_date)
        else:
            yield from read_file(path, default_date)
