"""The model's pipes, made cheaper (#13): the cached stand-ins for its attribute ruler and lemmatizer and its
matrix products on numpy's BLAS (BlasOps) annotate exactly as the model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from eventcoder.components.model_pipes import BlasOps, FastAttributeRuler, FastLemmatizer
from eventcoder.pipeline import STAND_INS, load_model, use_stand_ins

pytestmark = pytest.mark.issue(13)

ATTRS = [POS, MORPH, LEMMA, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE]
# Sentences written for this test: the attribute ruler's exceptions (pronouns, auxiliaries, "n't", "'s",
# "'d", expletive "there is", determiners as pronouns, two-token rules such as "gonna" and "let's"), space
# tokens, and words whose lemma depends on the part of speech ("talks", "meeting", "saw").
SENTENCES = [
    "I'd say they're gonna meet him, but it isn't clear whether she'll come.",
    "There is no deal yet; that was what we feared, and those who left can't return.",
    "Let's go,  he said.\n\nThe ministers' talks ended; the meeting saw protesters gathering outside.",
    "Y'all ain't seen nothin' yet: the troops had been shelling the town since Monday.",
    "Has anyone done anything?  Nobody did, and I myself would've gone.  Something's wrong.",
]


@pytest.fixture(scope="module")
def stand_in_nlp() -> Language:
    return use_stand_ins(load_model())


def annotation(doc: Doc) -> list[list[int]]:
    return doc.to_array(ATTRS).tolist()  # type: ignore[no-any-return]


def test_stand_ins_replace_the_model_pipes_under_their_names(nlp: Language) -> None:
    for pipe, factory in STAND_INS.items():
        assert nlp.get_pipe_meta(pipe).factory == factory
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert nlp.pipe_names[:7] == [
        "eventcoder_acronyms",
        "tok2vec",
        "tagger",
        "eventcoder_segmenter",
        "parser",
        "attribute_ruler",
        "lemmatizer",
    ]


def test_stand_ins_annotate_as_the_model(base_nlp: Language, stand_in_nlp: Language) -> None:
    """Twice over: the first pass fills the caches, the second reads them."""
    for _ in range(2):
        for text in SENTENCES:
            model, ours = base_nlp(text), stand_in_nlp(text)
            assert [(t.lemma_, t.pos_, str(t.morph)) for t in ours] == [
                (t.lemma_, t.pos_, str(t.morph)) for t in model
            ], text
            assert annotation(ours) == annotation(model)


def test_stand_ins_change_what_the_model_left(base_nlp: Language, stand_in_nlp: Language) -> None:
    """The check can fail: the tagger's raw output differs from the final annotation on these words."""
    doc = stand_in_nlp("He's been there, and they aren't coming.")
    raw = base_nlp.get_pipe("parser")(
        base_nlp.get_pipe("tagger")(base_nlp.get_pipe("tok2vec")(base_nlp.make_doc(doc.text)))
    )
    assert [t.lemma_ for t in doc][:3] == ["he", "be", "be"]
    assert annotation(raw) != annotation(doc)


def test_using_stand_ins_twice_changes_nothing(stand_in_nlp: Language) -> None:
    names = list(stand_in_nlp.pipe_names)
    use_stand_ins(stand_in_nlp)
    assert stand_in_nlp.pipe_names == names


def test_stand_ins_on_the_tune_articles(
    base_nlp: Language, stand_in_nlp: Language, shared: Callable[[str], Path]
) -> None:
    """Every token of the tune articles: the same lemma, POS, morphology, tag and dependency."""
    path = shared("news_dev/tune.jsonl")
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")][:30]
    for model, ours in zip(base_nlp.pipe(texts), stand_in_nlp.pipe(texts), strict=True):
        assert annotation(ours) == annotation(model)


def test_every_model_layer_uses_blas_ops(nlp: Language) -> None:
    for pipe in ("tok2vec", "tagger", "parser", "ner"):
        assert all(isinstance(node.ops, BlasOps) for node in nlp.get_pipe(pipe).model.walk()), pipe


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_blas_ops_gemm_is_blis_gemm(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(13)
    x = rng.standard_normal((40, 30), dtype="float32")
    y = rng.standard_normal((30, 20), dtype="float32")
    x, y = (x.T.copy() if trans1 else x), (y.T.copy() if trans2 else y)
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    ours = BlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    out = numpy.zeros((40, 20), dtype="float32")
    returned = BlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert ours.dtype == numpy.float32 and ours.shape == (40, 20)
    assert (
        numpy.allclose(ours, expected, atol=1e-4)
        and returned is out
        and numpy.allclose(out, expected, atol=1e-4)
    )


def test_blas_ops_leave_the_thread_count_as_it_was() -> None:
    """One BLAS thread during each product only: other numpy code keeps its threads."""
    before = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    BlasOps().gemm(numpy.ones((8, 8), dtype="float32"), numpy.ones((8, 8), dtype="float32"))
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == before
