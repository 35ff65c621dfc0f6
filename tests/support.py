"""Helpers shared by test modules (``from support import actor_codes, load_script``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str) -> ModuleType:
    """A script of the repository that is no package module (``tools/x.py``, ``benchmarks/y.py``), imported.

    It is registered in ``sys.modules`` (as ``<stem>_script``) so that its dataclasses and pickling work."""
    path = ROOT / relative
    name = f"{path.stem}_script"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def actor_codes(nlp: Language, text: str, date: str) -> dict[str, str | None]:
    """Each actor mention's text and code in ``text`` coded as an article of ``date``."""
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date}
    doc = nlp(doc)
    return {a["text"]: a["code"] for a in doc._.actors}
