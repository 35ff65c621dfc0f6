"""Reading knowledge files (dictionaries, patterns, word lists): failures become numbered KnowledgeErrors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventcoder.errors import Errors, KnowledgeError


def read_text(path: str | Path) -> str:
    """The UTF-8 text of a knowledge file; an unreadable file raises E003 naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeError(Errors.E003.format(path=path, reason=err)) from err


def bad_field(path: str | Path, line: int | str, field: str, value: Any, reason: str) -> KnowledgeError:
    """E002 for a field whose value is wrong: the file, line, field, value and why."""
    return KnowledgeError(Errors.E002.format(path=path, line=line, field=field, value=value, reason=reason))


def yaml_error(err: yaml.YAMLError, path: str | Path) -> KnowledgeError:
    """E004 for a YAML syntax error, with the line where the parser stopped (0 when it does not say)."""
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    return KnowledgeError(Errors.E004.format(path=path, line=line, fmt="YAML", reason=err))


def knowledge_text(path: str | Path | None, packaged: str) -> tuple[str, str]:
    """The name and UTF-8 text of the user file ``path`` or, when it is None, of the packaged file
    ``packaged`` (a path inside the package, named ``eventcoder/<packaged>``); unreadable raises E003."""
    if path is not None:
        return str(path), read_text(path)
    name = f"eventcoder/{packaged}"
    try:
        return name, resources.files("eventcoder").joinpath(packaged).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeError(Errors.E003.format(path=name, reason=err)) from err


def load_yaml(text: str, name: str) -> Any:
    """The YAML document in ``text`` (safe loader); a syntax error raises E004 naming ``name``, line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise yaml_error(err, name) from err
