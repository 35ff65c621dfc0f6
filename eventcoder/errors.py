"""Numbered messages and the one exception hierarchy.

``Errors.E001`` reads as ``"[E001] ..."``; format it at the raise site. E0xx: knowledge files (always
file, line, field). E1xx: one article (a row in ``failures``, never raised out of a batch). E2xx: the
store. E3xx: configuration and command line. E4xx: REST API requests. W: warnings attached to records or
logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class _CodePrefixed(type):
    def __getattribute__(cls, name: str) -> Any:
        value = super().__getattribute__(name)
        if name[:1] in "EW" and name[1:].isdigit() and isinstance(value, str):
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_CodePrefixed):
    """Error messages: each names what went wrong and where."""

    # E0xx knowledge files
    E001 = "{path}, line {line}: field '{field}' is missing or empty."
    E002 = "{path}, line {line}: field '{field}' has a bad value {value!r}: {reason}."
    E003 = "{path}: cannot read the file: {reason}."
    E004 = "{path}, line {line}: not valid {fmt}: {reason}."
    # E1xx one article or input line
    E101 = "{where}: the article has no text."
    E102 = "{where}: the file is not UTF-8 text (binary or another encoding)."
    E103 = "{where}: not a JSON object: {reason}."
    E104 = "{where}: field 'text' is missing or not a string."
    E105 = "{where}: bad date {value!r}: use YYYY-MM-DD."
    E106 = "{where}: the file does not exist."
    E107 = "{where}: no main text left after boilerplate removal."
    E108 = "{where}: cannot read the file: {reason}."
    E109 = "{where}: unsupported input type; use .txt, .jsonl, .json, .html or a folder."
    E110 = "{where}: the line is longer than {limit} bytes."
    E111 = "{where}: {limit} characters without a space or line break; the text cannot be cut into parts."
    # E2xx store
    E201 = "Cannot open the store {url}: {reason}."
    E202 = "Unsupported store URL {url!r}: use a file path, ':memory:' or postgresql://..."
    E203 = "The store {url} has schema version {found}; this eventcoder needs {expected}."
    E204 = "Store {url}: {reason}."
    E205 = "Unknown table {table!r}: expected one of {expected}."
    E206 = "Cannot write the export to {path}: {reason}."
    E207 = "Ingest interrupted; committed articles are kept. Re-run the same command to resume."
    E208 = (
        "The store {url} has schema version {found}; this eventcoder needs {expected}: open it once for "
        "writing (eventcoder ingest, or open_store(url)) to upgrade it in place."
    )
    # E3xx configuration and command line
    E301 = (
        "Cannot load the spaCy pipeline {model!r}: {reason}. "
        "Install it with pip (nothing is downloaded at run time)."
    )
    E302 = "Configuration file {path}: {reason}."
    E303 = "Unknown value {value!r} for {name}: expected one of {expected}."
    E304 = "Bad cursor {value!r}: pass the next_cursor of a previous page unchanged."
    E305 = "The output {path} is {what}; write the output elsewhere (it would be replaced)."
    E306 = "Cannot write {path}: {reason}."
    E307 = (
        "The pipeline has eventcoder_events but no eventcoder_actors before it (pipes: {pipes}): events "
        "need coded actors. Add it first: nlp.add_pipe('eventcoder_actors', before='eventcoder_events'), "
        "or build the pipeline with eventcoder.build_nlp()."
    )
    E308 = (
        "Coding on several processes needs a pipeline made by eventcoder.pipeline.build_nlp "
        "(each worker builds the same one); use n_process=1 for another pipeline."
    )
    E309 = "The Ray engine needs the optional dependency ray[data]: pip install 'eventcoder[ray]' ({reason})."
    E310 = "Worker processes died {n} times in a row without coding a chunk: {reason}"
    # E4xx REST API requests
    E401 = "Request body too large: {size} bytes, the limit is {limit} (setting api_max_body)."
    E402 = "Malformed JSON in the request body: {reason}."
    E403 = "Unknown query parameter(s) {names}: expected {expected}."
    E404 = "Missing bearer token: send 'Authorization: Bearer <token>' (setting api_token)."
    E405 = "Wrong bearer token."
    E406 = "This server is read-only: set api_token (or $EVENTCODER_API_TOKEN) to accept POST /articles."
    E407 = "Not found: {what} {value!r}."
    E408 = "Invalid request: {reason}."


class Warnings(metaclass=_CodePrefixed):
    """Warning messages attached to records or logged once per run."""

    W101 = "publication date {value!r} is in the future; event dates resolved against it may be wrong."
    W102 = "unbalanced quotation marks; quote spans may be incomplete."
    W103 = "no publication date: relative dates left unresolved."
    W104 = "publication date {value!r} is not YYYY-MM-DD; ignored, relative dates left unresolved."
    W105 = "no dependency parse: events not coded (use a spaCy pipeline with a parser)."
    W106 = 'actor {text!r} has no code: no country found for it (kept by unknown_actors = "flag").'
    W107 = "coded by the statistical fallback (p={p}), not by a rule: root-level code, check the sentence."
    W301 = "{old} is deprecated: use {new} (same meaning); the old name will be removed in a later release."
    W302 = "knowledge cache file {path} ignored ({reason}): the knowledge is built again and stored again."


_DEPRECATED_SEEN: set[str] = set()


def warn_deprecated(
    old: str, new: str, *, stacklevel: int = 3, emit: Callable[[str], Any] | None = None
) -> None:
    """Warn once per process (W301) that the name ``old`` is now ``new``.

    A FutureWarning, or ``emit(message)`` when given (the command line prints one line on stderr).
    """
    import warnings

    if old in _DEPRECATED_SEEN:
        return
    _DEPRECATED_SEEN.add(old)
    message = Warnings.W301.format(old=old, new=new)
    if emit is not None:
        emit(message)
    else:
        warnings.warn(message, FutureWarning, stacklevel=stacklevel)


class EventcoderError(Exception):
    """Base class: every error eventcoder raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = message[1:5] if message.startswith("[") and message[5:6] == "]" else None


class KnowledgeError(EventcoderError):
    """A dictionary, pattern or table file is malformed."""


class ArticleError(EventcoderError):
    """One article or input line cannot be coded."""


class StoreError(EventcoderError):
    """The event store cannot be opened or written."""


class ConfigError(EventcoderError):
    """A setting, option or model name is wrong."""
