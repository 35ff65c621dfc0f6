"""Reading knowledge files (dictionaries, patterns, word lists): failures become numbered KnowledgeErrors."""

from __future__ import annotations

from pathlib import Path

import yaml

from eventcoder.errors import Errors, KnowledgeError


def read_text(path: str | Path) -> str:
    """The UTF-8 text of a knowledge file; an unreadable file raises E003 naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeError(Errors.E003.format(path=path, reason=err)) from err


def yaml_error(err: yaml.YAMLError, path: str | Path) -> KnowledgeError:
    """E004 for a YAML syntax error, with the line where the parser stopped (0 when it does not say)."""
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 0
    return KnowledgeError(Errors.E004.format(path=path, line=line, fmt="YAML", reason=err))
