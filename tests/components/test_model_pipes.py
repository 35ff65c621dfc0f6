"""The model's pipes, made cheaper (#13): the cached stand-ins for its attribute ruler and lemmatizer, its NER
with the decoding loop in numpy, and its matrix products on numpy's BLAS (BlasOps) annotate exactly as the
model."""

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

from eventcoder.components.model_pipes import (
    BlasOps,
    FastAttributeRuler,
    FastEntityRecognizer,
    FastLemmatizer,
    use_blas,
)
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

# Written for this test: entities of many labels, entities on a sentence's and a text's last token, one-token
# sentences, entities after line breaks and space tokens.
ENTITY_TEXTS = [
    "President Joe Biden met Chinese Foreign Minister Wang Yi in Washington on Monday, the State "
    "Department said.",
    "The European Union and NATO warned Russia.\n\nUkraine's army said 12 soldiers died near Bakhmut.  Kyiv",
    "Yes. No.  On 3 March 2021 the United Nations Security Council voted 13-0 to send $2 billion to Haiti.",
    "Prime Minister Narendra Modi of India spoke with Emmanuel Macron, the French president, about the G20 "
    "summit in New Delhi and the Paris Agreement; about 40 percent of Indians, he said, back it. Hamas",
    "The Taliban seized Kabul in August.\nThe Pentagon and the Central Intelligence Agency said little",
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
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, FastEntityRecognizer) and ner.exact  # the fast loop, not the fallback
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


@pytest.fixture(scope="module")
def blas_nlp() -> Language:
    """The model as shipped but for BlasOps: its own NER pipe, the same matrix products as the stand-ins."""
    return use_blas(load_model())


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


@pytest.mark.parametrize("batch_size", [1, 3, 16, 256])
def test_fast_ner_finds_the_model_entities(
    blas_nlp: Language, stand_in_nlp: Language, batch_size: int
) -> None:
    """Every batch size (spaCy's sub-batches of a quarter, sorted by length, and one decoding per batch)."""
    texts = ENTITY_TEXTS + SENTENCES
    model = list(blas_nlp.pipe(texts, batch_size=batch_size))
    ours = list(stand_in_nlp.pipe(texts, batch_size=batch_size))
    assert sum(len(doc.ents) for doc in model) > 30
    for a, b in zip(model, ours, strict=True):
        assert entities(b) == entities(a), a.text
        assert annotation(b) == annotation(a)
    assert entities(ours[3])[-1] == (len(ours[3]) - 1, len(ours[3]), "ORG")  # on the text's last token


def test_fast_ner_decodes_in_bounded_groups(
    blas_nlp: Language, stand_in_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sub-batches past DECODE_TOKENS tokens are decoded before the next is computed: the same entities."""
    import eventcoder.components.model_pipes as model_pipes

    monkeypatch.setattr(model_pipes, "DECODE_TOKENS", 20)
    texts = ENTITY_TEXTS * 2
    for a, b in zip(blas_nlp.pipe(texts, batch_size=8), stand_in_nlp.pipe(texts, batch_size=8), strict=True):
        assert entities(b) == entities(a)


def test_fast_ner_leaves_a_beam_search_to_the_model(
    blas_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    ner = blas_nlp.get_pipe("ner")
    monkeypatch.setitem(ner.cfg, "beam_width", 4)
    fast = FastEntityRecognizer("ner", ner)
    assert not fast.exact
    with blas_nlp.select_pipes(disable=["ner"]):
        doc = blas_nlp(ENTITY_TEXTS[0])
    assert entities(next(fast.pipe([doc.copy()], batch_size=4))) == entities(ner(doc))


def test_fast_ner_one_doc_and_empty_docs(blas_nlp: Language, stand_in_nlp: Language) -> None:
    ner = stand_in_nlp.get_pipe("ner")
    text = ENTITY_TEXTS[0]
    assert entities(stand_in_nlp(text)) == entities(blas_nlp(text))
    assert [len(doc.ents) for doc in stand_in_nlp.pipe(["", " ", "Biden", ""])] == [0, 0, 1, 0]
    assert ner(stand_in_nlp.make_doc("")).ents == ()


def test_fast_ner_leaves_preset_entities_to_the_model(blas_nlp: Language, stand_in_nlp: Language) -> None:
    """A Doc with entities set before the NER goes through the model's own loop, which keeps them."""

    def preset(nlp: Language) -> Doc:
        doc = nlp.make_doc(ENTITY_TEXTS[0])
        for name, proc in nlp.pipeline:
            if name == "ner":
                break
            doc = proc(doc)
        doc.set_ents([doc.char_span(0, 9, label="ORG")], default="unmodified")  # "President"
        return nlp.get_pipe("ner")(doc)

    ours, model = preset(stand_in_nlp), preset(blas_nlp)
    assert entities(ours) == entities(model) and entities(ours)[0] == (0, 1, "ORG")


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
