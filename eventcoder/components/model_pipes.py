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

``eventcoder_ner`` gives the model's named-entity recognizer's own entities, only cheaper: its network (own
tok2vec and the precomputed input layer of the state features) runs as in spaCy, on the same sub-batches;
its greedy decoding loop, which spaCy runs one state at a time in C (a validity check per move, 74 moves,
per token, and the 64 x 74 output layer on blis), runs in numpy over all sentences of a batch at once, one
step per token position. The BILUO transition system cannot carry an entity across a sentence start, so
every sentence starts with no entity open and sentences are decoded side by side; the scores, the move
validity (``ner.pyx``: B and I not on a sentence's or the Doc's last token, B and U not on a space token, I
and L only with the open entity's label) and the first-best valid move are spaCy's. Docs with entities
set before the NER (preset or blocked tokens) go to the model's own pipe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy import util
from spacy.attrs import DEP, ENT_IOB, IDS, IS_SPACE, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
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


BEGIN, IN, LAST, UNIT, OUT = range(5)
# sub-batches decoded together up to this many tokens (more sentences per numpy step; memory stays bounded)
DECODE_TOKENS = 16_384
MOVE_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}


class FastEntityRecognizer:
    """The model's greedy NER, its decoding loop in numpy over every sentence of a batch at once."""

    def __init__(self, name: str, ner: Any) -> None:
        self.name = name
        self.ner = ner
        self.model = ner.model  # use_blas gives its layers BlasOps
        self.blas = ThreadpoolController().select(user_api="blas")
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        self.exact = (
            type(ner.moves).__name__ == "BiluoPushDown"
            and isinstance(ner.model.ops, NumpyOps)  # on a GPU (CupyOps) the model's own pipe
            and ner.cfg.get("beam_width", 1) == 1
            and ner.model.attrs.get("has_upper", False)
            and not ner.model.attrs.get("unseen_classes")
            and len(ner.model.layers) == 3
            and ner.model.layers[1].get_dim("nF") == 3
            and all(n[:1] in MOVE_KINDS and (n == "O" or n[1:2] == "-") for n in names)
        )
        if not self.exact:
            return
        labels = sorted({n[2:] for n in names if n[2:]})
        self.labels = [ner.vocab.strings.add(label) for label in labels]
        kind = numpy.array([MOVE_KINDS[n[0]] for n in names])
        label = numpy.array([labels.index(n[2:]) if n[2:] else -1 for n in names])
        self.kind, self.label = kind, label
        # Valid moves by state: rows 0-3 no entity open (2 * not_last + space), rows 4 + 2 * label + not_last
        # an entity of that label open. "not_last": the next token is in the same sentence (and Doc).
        table = numpy.zeros((4 + 2 * len(labels), len(names)), dtype=bool)
        for not_last in (0, 1):
            for space in (0, 1):
                row = table[2 * not_last + space]
                row |= kind == OUT
                if not space:
                    row |= (kind == UNIT) & (label >= 0)  # U with no label: only for blocked presets
                    if not_last:
                        row |= (kind == BEGIN) & (label >= 0)
            for i in range(len(labels)):
                row = table[4 + 2 * i + not_last]
                row |= (kind == LAST) & (label == i)
                if not_last:
                    row |= (kind == IN) & (label == i)
        self.valid = table
        self.tok2vec, self.lower, self.upper = ner.model.layers

    def __call__(self, doc: Doc) -> Doc:
        for done in self.pipe([doc], batch_size=1):
            return done
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """As spaCy's ``Parser.pipe``: batches, each sorted by length into sub-batches of a quarter."""
        if not self.exact or self.ner.moves.n_moves != len(self.kind):  # labels added since: the model's
            yield from self.ner.pipe(docs, batch_size=batch_size)
            return
        for batch in util.minibatch(docs, size=batch_size):
            in_order = list(batch)
            parts: list[tuple[Any, list[Doc]]] = []
            tokens = 0
            for sub in util.minibatch(sorted(in_order, key=len), size=max(batch_size // 4, 2)):
                if not any(len(doc) for doc in sub) or any(doc.to_array([ENT_IOB]).any() for doc in sub):
                    self.ner.set_annotations(sub, self.ner.predict(sub))  # presets: the model's own loop
                    continue
                parts.append((self.lower.predict(self.tok2vec.predict(sub)), sub))
                tokens += sum(len(doc) for doc in sub)
                if tokens >= DECODE_TOKENS:  # bounded memory: the features take 1.5 kB per token
                    self._decode_parts(parts)
                    parts, tokens = [], 0
            if parts:
                self._decode_parts(parts)
            yield from in_order

    def _decode_parts(self, parts: list[tuple[Any, list[Doc]]]) -> None:
        with self.blas.limit(limits=1):
            self._decode(parts)

    def _decode(self, parts: list[tuple[Any, list[Doc]]]) -> None:
        """Greedy decoding of every sentence of ``parts`` (precomputed features, their Docs) side by side."""
        rows = [parts[0][0][:1]]  # row 0: the padding of a missing feature
        starts, ends, spaces, placed = [], [], [], []
        offset = 0
        for features, docs in parts:
            rows.append(features[1:])
            for doc in docs:
                n = len(doc)
                if n:
                    values = doc.to_array([SENT_START, IS_SPACE])
                    cuts = numpy.flatnonzero(values[1:, 0] == 1) + 1
                    starts.append(numpy.concatenate(([0], cuts)) + offset)
                    ends.append(numpy.concatenate((cuts, [n])) + offset)
                    spaces.append(values[:, 1] != 0)
                placed.append((doc, offset))
                offset += n
        table = numpy.concatenate(rows) if len(parts) > 1 else parts[0][0]
        first, second, third = table[:, 0], table[:, 1], table[:, 2]  # B0, entity start, B0 - 1
        bias = self.lower.get_param("b")
        weights = numpy.ascontiguousarray(self.upper.get_param("W").T)
        upper_bias = self.upper.get_param("b")
        start, end = numpy.concatenate(starts), numpy.concatenate(ends)
        space = numpy.concatenate(spaces)
        order = numpy.argsort(end - start, kind="stable")[::-1]  # longest first: active ones are a prefix
        start, end = start[order], end[order]
        length = end - start
        is_open = numpy.zeros(len(start), dtype=bool)
        ent_start = numpy.zeros(len(start), dtype=numpy.int64)
        ent_label = numpy.zeros(len(start), dtype=numpy.int64)
        found: list[tuple[Any, Any, Any]] = []
        for step in range(int(length[0])):
            m = int(numpy.count_nonzero(length > step))
            token = start[:m] + step
            opened = is_open[:m]
            hidden = first[token + 1] + second[numpy.where(opened, ent_start[:m] + 1, 0)]
            hidden += third[numpy.where(opened, token, 0)]
            hidden += bias
            pieces = hidden[:, :, 0]
            for p in range(1, hidden.shape[2]):
                pieces = numpy.maximum(pieces, hidden[:, :, p])  # maxout
            scores = pieces @ weights
            scores += upper_bias
            not_last = token + 1 < end[:m]
            state = numpy.where(opened, 4 + 2 * ent_label[:m] + not_last, 2 * not_last + space[token])
            move = numpy.where(self.valid[state], scores, -numpy.inf).argmax(axis=1)
            kind, label = self.kind[move], self.label[move]
            begin, last, unit = kind == BEGIN, kind == LAST, kind == UNIT
            if last.any():
                found.append((ent_start[:m][last], token[last] + 1, ent_label[:m][last]))
                is_open[:m][last] = False
            if unit.any():
                found.append((token[unit], token[unit] + 1, label[unit]))
            if begin.any():
                is_open[:m][begin] = True
                ent_start[:m][begin] = token[begin]
                ent_label[:m][begin] = label[begin]
        self._set_entities(placed, found)

    def _set_entities(self, placed: list[tuple[Doc, int]], found: list[tuple[Any, Any, Any]]) -> None:
        begins: list[int] = []
        ends: list[int] = []
        labels: list[int] = []
        if found:
            b, e, lab = (numpy.concatenate(column) for column in zip(*found, strict=True))
            order = numpy.argsort(b, kind="stable")
            begins, ends, labels = b[order].tolist(), e[order].tolist(), lab[order].tolist()
        j = 0
        for doc, offset in placed:
            spans = []
            while j < len(begins) and begins[j] < offset + len(doc):
                label = self.labels[labels[j]]
                spans.append(Span(doc, begins[j] - offset, ends[j] - offset, label=label))
                j += 1
            doc.set_ents(spans, default="outside")  # spaCy: its entities, every other token O


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


@Language.factory(
    "eventcoder_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"source": "ner"},
)
def make_entity_recognizer(nlp: Language, name: str, source: str) -> FastEntityRecognizer:
    return FastEntityRecognizer(name, _model_pipe(nlp, source))
