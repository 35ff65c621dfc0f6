"""Read articles from files, folders and stdin; bad input becomes a Failure, never an exception."""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import ArticleError, Errors
from eventcoder.records import Article, Failure

SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".htm")
# YYYY-MM-DD, optionally followed by a time ("T10:00:00Z", " 09:00 UTC"); no other text may follow the date.
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}\b.*)?")


def normalize_date(value: Any, where: str) -> str | None:
    """Return a publication date as YYYY-MM-DD (an ISO datetime keeps its date), or raise ArticleError."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and (match := _DATE.fullmatch(value.strip())):
        try:
            return date.fromisoformat(match[1]).isoformat()
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


MAX_LINE_BYTES = 256 * 1024 * 1024  # a longer JSONL line is skipped (E110), so memory stays bounded


def _load_json(text: str, where: str) -> Any:
    """Parse one JSON document (a .json file, a .jsonl line); malformed or too deeply nested is E103."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ArticleError(Errors.E103.format(where=where, reason=err.msg)) from None
    except RecursionError:
        raise ArticleError(Errors.E103.format(where=where, reason="nested too deeply")) from None


def _binary_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of a binary stream, one at a time (None for a line longer than MAX_LINE_BYTES)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES)
        if not line:
            return
        if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = stream.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
# As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as windows-1252.
_LABELS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def _decode_html(raw: bytes, where: str) -> str:
    """Decode a page by its byte order mark, else its declared charset (``<meta charset>``), else UTF-8."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise ArticleError(Errors.E102.format(where=where)) from None
    match = _CHARSET.search(raw[:8192])
    if match:
        label = (match[1] or match[2]).decode("ascii").lower()
        try:
            declared: str | None = codecs.lookup(_LABELS.get(label, label)).name
        except LookupError:
            declared = None
        if declared is not None and declared not in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            try:
                return raw.decode(declared)
            except UnicodeDecodeError:
                pass  # mislabelled: try UTF-8
    return _decode(raw, where)


def _jsonl_lines(
    lines: Iterable[str | bytes | None], name: str, stem: str, default_date: str | None
) -> Iterator[Article | Failure]:
    """One Article or Failure per non-blank line; a bad line (bytes, JSON, fields) fails alone."""
    for number, line in enumerate(lines, start=1):
        where = f"{name}:{number}"
        try:
            if line is None:
                raise ArticleError(Errors.E110.format(where=where, limit=MAX_LINE_BYTES))
            if isinstance(line, bytes):
                if b"\x00" in line:
                    raise ArticleError(Errors.E102.format(where=where))
                try:
                    line = line.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise ArticleError(Errors.E102.format(where=where)) from None
            if not line.strip():
                continue
            yield article_from_dict(
                _load_json(line, where), where=where, default_id=f"{stem}-{number}", default_date=default_date
            )
        except ArticleError as err:
            yield Failure.from_exception(where, "read", err)


def read_stream(
    stream: IO[str] | IO[bytes], name: str = "<stdin>", default_date: str | None = None
) -> Iterator[Article | Failure]:
    """Read JSONL articles from an open stream (stdin) line by line; a broken stream ends with a Failure.

    A text stream with a ``buffer`` (``sys.stdin``) is read as bytes, so a bad byte fails only its line.
    """
    binary = getattr(stream, "buffer", None)
    try:
        if binary is not None:
            yield from _jsonl_lines(_binary_lines(binary), name, "stdin", default_date)
        else:
            yield from _jsonl_lines(stream, name, "stdin", default_date)
    except (OSError, ValueError) as err:  # closed or unreadable stream (ValueError: I/O on closed file)
        yield Failure.from_exception(name, "read", ArticleError(Errors.E108.format(where=name, reason=err)))


def read_file(path: Path, default_date: str | None = None) -> Iterator[Article | Failure]:
    """Read one input file: .txt (id = stem), .jsonl/.json (one article per object), .html/.htm."""
    where = str(path)
    try:
        try:
            path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                raise ArticleError(Errors.E108.format(where=where, reason="broken symbolic link")) from None
            raise ArticleError(Errors.E106.format(where=where)) from None
        except OSError as err:  # a symbolic link loop (ELOOP), no permission on a folder...
            raise ArticleError(Errors.E108.format(where=where, reason=err.strerror or err)) from None
        if not path.is_file():
            raise ArticleError(Errors.E108.format(where=where, reason="not a regular file"))
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ArticleError(Errors.E109.format(where=where))
        if suffix == ".jsonl":  # streamed line by line: memory holds one line, not the file
            try:
                with path.open("rb") as stream:
                    yield from _jsonl_lines(_binary_lines(stream), where, path.stem, default_date)
            except OSError as err:
                raise ArticleError(Errors.E108.format(where=where, reason=err.strerror or err)) from None
            return
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise ArticleError(Errors.E108.format(where=where, reason=err.strerror or err)) from None
        text = _decode_html(raw, where) if suffix in (".html", ".htm") else _decode(raw, where)
        if suffix == ".json":
            data = _load_json(text, where)
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
    except Exception as err:  # noqa: BLE001 - one file's unexpected error must not end the whole input
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
            yield from _read_folder(path, default_date)
        else:
            yield from read_file(path, default_date)


def _read_folder(folder: Path, default_date: str | None) -> Iterator[Article | Failure]:
    """Every input file below a folder, sorted, following symbolic links to files and folders once each.

    A folder that cannot be listed, a symbolic link loop or a broken link is a Failure, never skipped.
    """
    files: list[Path] = []
    problems: list[Failure] = []
    seen: set[tuple[int, int]] = set()

    def on_error(err: OSError) -> None:
        where = str(err.filename or folder)
        problems.append(
            Failure.from_exception(
                where, "read", ArticleError(Errors.E108.format(where=where, reason=err.strerror))
            )
        )

    for root, dirs, names in os.walk(folder, followlinks=True, onerror=on_error):
        try:
            info = os.stat(root)
        except OSError as err:
            on_error(err)
            dirs[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # reached again through a link (a loop or a second way in): read it once
            dirs[:] = []
            continue
        seen.add(key)
        for name in names:
            child = Path(root, name)
            if child.suffix.lower() in SUFFIXES or (child.is_symlink() and not child.exists()):
                files.append(child)
    yield from problems
    for child in sorted(files):
        yield from read_file(child, default_date)
