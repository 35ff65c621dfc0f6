"""Cheaper ways to compute the spaCy model's own annotation (issue 13), assembled by ``pipeline.build_nlp``.

``BlasOps``: the model's matrix products (the tok2vec and NER convolutions, the parser's input layers) by
numpy's BLAS (OpenBLAS) on one thread instead of thinc's default blis, about three times as fast here on the
same float32 products; ``use_blas`` gives it to every layer of the model's pipes. One thread, because the
matrices are small and worker processes (``--processes``) would only compete for the cores; the limit
holds during each product only (threadpoolctl), so other numpy code keeps its threads.

``eventcoder_attribute_ruler`` and ``eventcoder_lemmatizer`` give exactly the model's own annotation, only
cheaper: both wrap the model's pipe and call it once per distinct token signature, then set the whole Doc
from a cache with ``Doc.from_array``.

- The attribute ruler's single-token rules depend only on the token's values of the attributes they test
  (TAG, LOWER, DEP, IS_SPACE in the English models), so which rules match a token is cached under those
  values; rules of two tokens or more still run through a Matcher of their own. Matches apply in the
  ruler's order (later rules win), as in ``AttributeRuler.set_annotations``.
- The rule lemmatizer's lemma is a function of (ORTH, POS, MORPH) (spaCy caches it under that key too),
  and the lookup lemmatizer's of ORTH; a lemma the attribute ruler set is kept (``overwrite`` false).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

RULER_ATTRS = (POS, MORPH, LEMMA, TAG, DEP)  # what AttributeRuler rules may set (set_token_attrs)


class BlasOps(NumpyOps):
    """NumpyOps whose ``gemm`` is numpy's ``dot`` (OpenBLAS, one thread) instead of blis."""

    def __init__(self) -> None:
        super().__init__(use_blis=False)
        self.blas = ThreadpoolController().select(user_api="blas")

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        with self.blas.limit(limits=1):
            if out is None:
                return numpy.dot(x, y)
            numpy.dot(x, y, out=out)
            return out


def use_blas(nlp: Language) -> Language:
    """Give :class:`BlasOps` to every layer of the pipeline's models."""
    ops = BlasOps()
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
    return nlp


def _uint64(rows: list[Any]) -> Any:
    """The array ``Doc.from_array`` reads (hashes are uint64)."""
    return numpy.asarray(rows, dtype=numpy.uint64)


class FastAttributeRuler:
    """The model's AttributeRuler, with single-token rule matches cached by the attributes they test."""

    def __init__(self, name: str, ruler: Any) -> None:
        self.name = name
        self.ruler = ruler
        vocab = ruler.vocab
        self.multi = Matcher(vocab)  # rules of more than one token (or with operators): matched per Doc
        self.single = Matcher(vocab)  # one-token rules: matched once per token signature
        keys: set[str] = set()
        self.exact = True
        for attr_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            index = ruler.indices[attr_id]
            one = [p for p in patterns if len(p) == 1 and "OP" not in p[0] and index in (0, -1)]
            many = [p for p in patterns if p not in one]
            if one:
                self.single.add(str(attr_id), one)
            if many:
                self.multi.add(str(attr_id), many)
            for pattern in one:
                keys.update(k.upper() for k in pattern[0])
        keys = {"ORTH" if k == "TEXT" else k for k in keys}
        if "_" in keys or not keys <= set(IDS):
            self.exact = False  # an extension or unknown key: leave everything to the model's ruler
        self.keys = [IDS[k] for k in sorted(keys)] if self.exact else []
        # attribute values of a token -> [(column, value)] of its merged single-token rules
        self.cache: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        self.rule_ids: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.columns = {attr: col for col, attr in enumerate(RULER_ATTRS)}

    def _single_rules(self, doc: Doc, i: int, key: tuple[int, ...]) -> tuple[int, ...]:
        ids = self.rule_ids.get(key)
        if ids is None:
            found = self.single(doc[i : i + 1], allow_missing=True, as_spans=False)
            ids = tuple(sorted({int(self.ruler.vocab.strings[m]) for m, _, _ in found}))
            self.rule_ids[key] = ids
        return ids

    def _merged(self, ids: Iterable[int]) -> tuple[tuple[int, int], ...]:
        """The (column, value) settings of rules applied in order: a later rule's value wins."""
        merged: dict[int, int] = {}
        for attr_id in ids:
            for attr, value in self.ruler.attrs[attr_id].items():
                if attr not in self.columns:
                    raise ValueError(f"attribute ruler sets {attr!r}, which the fast path cannot")
                merged[self.columns[attr]] = value
        return tuple(merged.items())

    def __call__(self, doc: Doc) -> Doc:
        if not self.exact or not len(doc):
            return self.ruler(doc)
        extra: dict[int, list[int]] = {}  # token -> rule ids of multi-token matches aimed at it
        for match_id, start, end in self.multi(doc, allow_missing=True, as_spans=False):
            attr_id = int(self.ruler.vocab.strings[match_id])
            token = Span(doc, start, end)[self.ruler.indices[attr_id]]  # IndexError as the ruler's E1001
            extra.setdefault(token.i, []).append(attr_id)
        signatures = doc.to_array(self.keys).tolist()
        values = doc.to_array(list(RULER_ATTRS))
        rows = values.tolist()
        changed = False
        for i, signature in enumerate(signatures):
            key = tuple(signature)
            settings = self.cache.get(key)
            if settings is None or i in extra:
                ids = self._single_rules(doc, i, key)
                if i in extra:
                    settings = self._merged(sorted((*ids, *extra[i])))
                else:
                    settings = self.cache[key] = self._merged(ids)
            if settings:
                row = rows[i]
                for col, value in settings:
                    row[col] = value
                changed = True
        if changed:
            doc.from_array(list(RULER_ATTRS), _uint64(rows))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """The model's rule or lookup lemmatizer, its lemmas cached by (ORTH, POS, MORPH) for the whole Doc."""

    def __init__(self, name: str, lemmatizer: Any) -> None:
        self.name = name
        self.lemmatizer = lemmatizer
        self.exact = getattr(lemmatizer, "mode", None) in ("rule", "lookup")
        self.keys = [ORTH, POS, MORPH] if getattr(lemmatizer, "mode", None) == "rule" else [ORTH]
        self.cache: dict[tuple[int, ...], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self.exact or not len(doc):
            return self.lemmatizer(doc)
        strings = doc.vocab.strings
        overwrite = self.lemmatizer.overwrite
        keys = doc.to_array(self.keys).tolist()
        lemmas = doc.to_array([LEMMA]).tolist()
        cache = self.cache
        for i, key in enumerate(keys):
            if lemmas[i] and not overwrite:
                continue  # the attribute ruler's lemma ("'s" -> "be")
            k = tuple(key)
            lemma = cache.get(k)
            if lemma is None:
                lemma = cache[k] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], _uint64(lemmas))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _model_pipe(nlp: Language, source: str) -> Any:
    if source not in nlp.pipe_names:
        raise ValueError(f"the model has no {source!r} pipe to stand in for")
    return nlp.get_pipe(source)


@Language.factory(
    "eventcoder_attribute_ruler",
    assigns=["token.pos", "token.morph", "token.lemma"],
    requires=["token.tag"],
    default_config={"source": "attribute_ruler"},
)
def make_attribute_ruler(nlp: Language, name: str, source: str) -> FastAttributeRuler:
    return FastAttributeRuler(name, _model_pipe(nlp, source))


@Language.factory(
    "eventcoder_lemmatizer",
    assigns=["token.lemma"],
    requires=["token.pos"],
    default_config={"source": "lemmatizer"},
)
def make_lemmatizer(nlp: Language, name: str, source: str) -> FastLemmatizer:
    return FastLemmatizer(name, _model_pipe(nlp, source))
