"""``eventcoder_acronyms``: dictionary acronyms that spell a function word, read as names by the model.

The model reads a token by its norm, the lower-case form: "WHO" is read as "who", so "WHO chief Tedros
praised X" is parsed as a relative clause and codes nothing. Before the model's first pipe, an all-caps token
that the actor dictionary lists only in capitals (``WHO``), whose lower-case form is a stop word and which is
no country (``US`` is left to the model, which reads it well), keeps its capitals as its norm: the model then
reads it as an unknown capitalised name, as it reads "UNICEF". All-caps text (a headline) is left alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.components.actors.lexicon import packaged_lexicon


@Language.factory("eventcoder_acronyms", assigns=["token.norm"], requires=[])
def make_acronyms(nlp: Language, name: str) -> Acronyms:
    lexicon = packaged_lexicon()
    stop = nlp.Defaults.stop_words
    words = set()
    for form, exact in lexicon.exact.items():
        found = lexicon.lookup(list(form)) if len(form) == 1 and form[0] in stop else None
        if found is not None and found[1].kind != "country":
            words.add(exact)
    return Acronyms(name, frozenset(words))


class Acronyms:
    """Give the listed acronyms their own capitals as norm (see module docstring)."""

    def __init__(self, name: str, words: frozenset[str]) -> None:
        self.name = name
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            if tok.text in self.words:
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is None or not (nxt.is_alpha and nxt.is_upper):  # not in an all-caps headline
                    tok.norm_ = tok.text
        return doc
