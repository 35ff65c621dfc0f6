"""Hand-parsed Docs for the unit tests that need no model (``from hand_parse import Row, hand_doc``).

The tests give each token's word, head, labels and lemma; words of an actor table become actor mentions
(``doc._.actors``) as eventcoder_actors sets them. pytest puts tests/, the folder of conftest.py, on
``sys.path``, so every test module can import this one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

Row = tuple[str, int, str, str, str, str]  # (word, head index, dep, pos, tag, lemma)


def hand_doc(
    nlp: Language,
    rows: Sequence[Row],
    actors: Mapping[str, str] | None = None,
    *,
    places: Collection[str] = (),
) -> Doc:
    """A Doc of ``rows`` in ``nlp``'s vocab, with its dependency parse (and so its sentences).

    With ``actors`` (word -> CAMEO code) each token whose text is a key becomes a one-token actor mention
    of that code, its first three letters the country and the rest the sector; a word in ``places`` is a
    mention of kind "place", any other of kind "country". Without, ``doc._.actors`` is left unset.
    """
    doc = Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )
    if actors is None:
        return doc
    sents = list(doc.sents)
    mentions: list[dict[str, Any]] = []
    for tok in doc:
        code = actors.get(tok.text)
        if code is None:
            continue
        mentions.append({
            "text": tok.text, "start": tok.idx, "end": tok.idx + len(tok), "token_start": tok.i,
            "token_end": tok.i + 1, "head": tok.i,
            "sentence_id": next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end),
            "code": code, "country": code[:3], "sector": code[3:] or None, "name": tok.text,
            "kind": "place" if tok.text in places else "country",
        })  # fmt: skip
    doc._.actors = mentions
    return doc
