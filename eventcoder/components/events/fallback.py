"""eventcoder_fallback: a statistical fallback for dyads the rules left uncoded (issue #15).

After eventcoder_events, every ordered pair of coded actor mentions of a sentence whose country dyad no rule
event covers (fallback_features.candidates) is scored by a multinomial logistic regression over sparse
parse features (fallback_features.features): one probability per CAMEO root and one for "no event". When
the best root's probability reaches the threshold, the pair becomes an event coded at root level (root 11
-> CAMEO "110", Goldstein, quad class and PLOVER from data/cameo.csv), its trigger the verb or event noun
between the two mentions, marked as statistical: ``method`` "statistical", ``confidence`` the
probability and warning W107. Negated events and modalities outside ``keep_modalities`` are not emitted.

The model is a plain JSON file of weights (feature -> one weight per class, intercepts, threshold) applied in
pure Python: no scikit-learn or pickle at run time. tools/train_fallback.py trains it from article gold
(VOA_GOLD_FORMAT.md); the shipped file data/fallback_weights.json and what it was trained on: NOTICE.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.events.fallback_features import (
    FEATURE_VERSION,
    candidates,
    features,
    trigger_token,
)
from eventcoder.components.events.modality import KEPT_BY_DEFAULT, clause_frame, kept_modalities
from eventcoder.components.extensions import EventDict, register_extensions
from eventcoder.errors import ConfigError, Errors, KnowledgeError, Warnings
from eventcoder.knowledge.cameo import is_cameo_code
from eventcoder.knowledge.files import bad_field
from eventcoder.knowledge.patterns import PatternTable, load_patterns

WEIGHTS_FORMAT = "eventcoder-fallback-weights"
SHIPPED_WEIGHTS = "data/fallback_weights.json"
NONE_CLASS = "NONE"


@dataclass
class FallbackModel:
    """A multinomial logistic regression: ``classes`` ("NONE" and two-digit CAMEO roots), one intercept and
    one weight per class for each feature, and the decision threshold it was chosen with."""

    classes: list[str]
    intercepts: list[float]
    weights: dict[str, list[float]]
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: Iterable[str]) -> list[float]:
        """Softmax of intercept + the summed weights of the (binary) features present."""
        rows = [row for name in set(feats) if (row := self.weights.get(name)) is not None]
        scores = [sum(column) for column in zip(self.intercepts, *rows, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def best_root(self, feats: Iterable[str]) -> tuple[str, float]:
        """The most probable root (never "NONE") and its probability."""
        probs = self.probabilities(feats)
        k = max((k for k, c in enumerate(self.classes) if c != NONE_CLASS), key=lambda k: probs[k])
        return self.classes[k], probs[k]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": WEIGHTS_FORMAT,
            "feature_version": FEATURE_VERSION,
            "classes": self.classes,
            "intercepts": self.intercepts,
            "threshold": self.threshold,
            "meta": self.meta,
            "weights": self.weights,
        }


def _bad(path: str, field_name: str, value: Any, reason: str) -> KnowledgeError:
    return bad_field(path=path, line="-", field=field_name, value=value, reason=reason)


def parse_model(data: Any, path: str) -> FallbackModel:
    """Validate a decoded weights file; KnowledgeError (E001/E002) names the first bad field."""
    if not isinstance(data, dict):
        raise _bad(path, "(file)", type(data).__name__, "expected a JSON object")
    for key in ("format", "feature_version", "classes", "intercepts", "threshold", "weights"):
        if key not in data:
            raise KnowledgeError(Errors.E001.format(path=path, line="-", field=key))
    if data["format"] != WEIGHTS_FORMAT:
        raise _bad(path, "format", data["format"], f"expected {WEIGHTS_FORMAT!r}")
    if data["feature_version"] != FEATURE_VERSION:
        raise _bad(
            path,
            "feature_version",
            data["feature_version"],
            f"this eventcoder computes features version {FEATURE_VERSION}: retrain (tools/train_fallback.py)",
        )
    classes = data["classes"]
    if (
        not isinstance(classes, list)
        or NONE_CLASS not in classes
        or len(classes) < 2
        or len(set(classes)) != len(classes)
    ):
        raise _bad(
            path, "classes", classes, f"expected a list of distinct labels with {NONE_CLASS!r} and a root"
        )
    for c in classes:
        if c != NONE_CLASS and not (isinstance(c, str) and is_cameo_code(f"{c}0") and len(c) == 2):
            raise _bad(path, "classes", c, "not a two-digit CAMEO root")
    n = len(classes)

    def numbers(value: Any, name: str) -> list[float]:
        if (
            not isinstance(value, list)
            or len(value) != n
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            or not all(math.isfinite(v) for v in value)
        ):
            raise _bad(path, name, value, f"expected {n} finite numbers (one per class)")
        return [float(v) for v in value]

    intercepts = numbers(data["intercepts"], "intercepts")
    threshold = data["threshold"]
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0.0 < threshold <= 1.0:
        raise _bad(path, "threshold", threshold, "expected a probability in (0, 1]")
    raw = data["weights"]
    if not isinstance(raw, dict):
        raise _bad(path, "weights", type(raw).__name__, "expected an object: feature -> weights")
    weights = {str(k): numbers(v, f"weights[{k!r}]") for k, v in raw.items()}
    meta = data.get("meta") or {}
    return FallbackModel(list(classes), intercepts, weights, float(threshold), dict(meta))


def load_model(path: str | Path | None = None) -> FallbackModel:
    """Read a weights file (the shipped one when ``path`` is empty)."""
    if not path:
        return _shipped_model()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeError(Errors.E003.format(path=path, reason=err)) from None
    return _decode(text, str(path))


@cache
def _shipped_model() -> FallbackModel:
    text = resources.files("eventcoder").joinpath(SHIPPED_WEIGHTS).read_text(encoding="utf-8")
    return _decode(text, SHIPPED_WEIGHTS)


def _decode(text: str, path: str) -> FallbackModel:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise KnowledgeError(
            Errors.E004.format(path=path, line=err.lineno, fmt="JSON", reason=err.msg)
        ) from None
    return parse_model(data, path)


class StatisticalFallback:
    """Code uncovered actor pairs by the weights file's model (see module docstring)."""

    def __init__(
        self,
        name: str,
        *,
        model: FallbackModel | None,
        table: PatternTable,
        threshold: float | None = None,
        keep_modalities: Iterable[str] = KEPT_BY_DEFAULT,
    ) -> None:
        register_extensions()
        keep = kept_modalities(keep_modalities)
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise ConfigError(
                Errors.E303.format(value=threshold, name="threshold", expected="a number in (0, 1]")
            )
        self.name = name
        self.model = model
        self.table = table
        self.threshold = threshold if threshold is not None else (model.threshold if model else 1.0)
        self.keep_modalities = set(keep)

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None or not doc.has_annotation("DEP"):
            return doc
        best: dict[tuple[int, str | None, str | None], EventDict] = {}
        actors = doc._.actors
        for cand, _sent in candidates(doc):
            root, prob = self.model.best_root(features(doc, cand))
            if prob < self.threshold:
                continue
            trig = trigger_token(doc, cand)
            frame = clause_frame(trig, self.table)
            if frame.negated or frame.modality not in self.keep_modalities:
                continue
            key = (cand.sentence_id, actors[cand.source]["country"], actors[cand.target]["country"])
            if key in best and best[key]["confidence"] >= prob:
                continue
            best[key] = EventDict(
                sentence_id=cand.sentence_id,
                trigger={"text": trig.text, "start": trig.idx, "end": trig.idx + len(trig.text)},
                trigger_token=trig.i,
                source=cand.source,
                target=cand.target,
                cameo=f"{root}0",
                negated=False,
                modality=frame.modality,
                confidence=round(prob, 3),
                method="statistical",
                warnings=[Warnings.W107.format(p=round(prob, 3))],
            )
        if best:
            added = sorted(best.values(), key=lambda e: (e["sentence_id"], e["trigger_token"]))
            doc._.events = sorted(
                [*doc._.events, *added], key=lambda e: (e["sentence_id"], e["trigger_token"])
            )
        return doc


@Language.factory(
    "eventcoder_fallback",
    assigns=["doc._.events"],
    requires=["doc._.actors", "doc._.events", "doc.sents", "token.dep", "token.head", "token.lemma"],
    default_config={
        "enabled": False,
        "weights": "",
        "threshold": None,
        "patterns": "curated",
        "keep_modalities": list(KEPT_BY_DEFAULT),
    },
)
def make_fallback(
    nlp: Language,
    name: str,
    enabled: bool,
    weights: str,
    threshold: float | None,
    patterns: str,
    keep_modalities: list[str],
) -> StatisticalFallback:
    """The fallback with the shipped weights (``weights`` empty) or a weights file; does nothing when not
    ``enabled`` (setting ``fallback = false``). ``threshold`` overrides the file's (probability of the best
    root)."""
    model = load_model(weights) if enabled else None
    return StatisticalFallback(
        name,
        model=model,
        table=load_patterns(patterns, []),
        threshold=threshold,
        keep_modalities=keep_modalities,
    )
