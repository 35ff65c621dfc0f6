"""Candidates and features of the statistical event fallback (eventcoder_fallback, issue #15).

A candidate is an ordered pair (source mention, target mention) of coded actor mentions of one sentence
with different codes, whose country dyad no rule event of that sentence already covers. Its features are
sparse strings built from the dependency parse only (lemmas, parts of speech, dependency labels, actor
sectors): never the mention's own words, so a weights file holds no article text.

The training script (tools/train_fallback.py) and the component share this module, so the model sees at
run time exactly the features it was trained on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventcoder.components.extensions import ActorDict, is_boilerplate

FEATURE_VERSION = 1
# every feature name is KIND=value (or a bare flag KIND), the value a lemma, a POS or dependency label, a
# sector, a kind of actor or a number; never a mention's words
FEATURE_KINDS = (
    "s_role",
    "t_role",
    "roles",
    "s_sector",
    "t_sector",
    "sectors",
    "s_kind",
    "t_kind",
    "order",
    "same_country",
    "root",
    "distance",
    "path_len",
    "lca",
    "lca_pos",
    "lca|roles",
    "path_deps",
    "path",
    "path_prep",
    "trigger",
    "trigger_pos",
    "trigger_prt",
    "trigger_prep",
    "governor",
    "between_verb",
    "negated",
)
CONTENT_POS = ("VERB", "NOUN", "ADJ")
NEG_WORDS = {"not", "n't", "never", "no"}
MAX_PATH = 12  # longest dependency path (tokens) between the two heads that still yields features


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of actor mentions (indexes into doc._.actors) in one sentence."""

    sentence_id: int
    source: int
    target: int


def _coded(actor: ActorDict) -> bool:
    return bool(actor.get("code") and actor.get("country")) and actor.get("kind") != "place"


def covered_dyads(doc: Doc) -> set[tuple[int, str | None, str | None]]:
    """(sentence id, source country, target country) of every event the rules already coded."""
    actors = doc._.actors
    out: set[tuple[int, str | None, str | None]] = set()
    for ev in doc._.events:
        src, tgt = ev.get("source"), ev.get("target")
        s_country = actors[src].get("country") if src is not None else None
        if s_country is None and ev.get("implicit_source"):
            s_country = ev["implicit_source"]["country"]
        t_country = actors[tgt].get("country") if tgt is not None else None
        out.add((ev["sentence_id"], s_country, t_country))
    return out


def candidates(doc: Doc) -> Iterator[tuple[Candidate, Span]]:
    """Every ordered pair of coded mentions of a sentence (outside boilerplate) with different codes and a
    country dyad no rule event of the sentence covers; both heads inside the sentence."""
    actors: list[ActorDict] = doc._.actors
    covered = covered_dyads(doc)
    by_sentence: dict[int, list[int]] = {}
    for i, actor in enumerate(actors):
        if _coded(actor):
            by_sentence.setdefault(actor["sentence_id"], []).append(i)
    if not by_sentence:
        return
    for sid, sent in enumerate(doc.sents):
        members = by_sentence.get(sid)
        if not members or len(members) < 2 or is_boilerplate(doc, sent.start_char, sent.end_char):
            continue
        for s in members:
            for t in members:
                a, b = actors[s], actors[t]
                if s == t or a["code"] == b["code"] or _overlap(a, b):
                    continue
                if (sid, a["country"], b["country"]) in covered:
                    continue
                if not (sent.start <= a["head"] < sent.end and sent.start <= b["head"] < sent.end):
                    continue
                yield Candidate(sid, s, t), sent


def _overlap(a: ActorDict, b: ActorDict) -> bool:
    return a["token_start"] < b["token_end"] and b["token_start"] < a["token_end"]


def _ancestors(tok: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]]:
    """The path from ``a`` up to the lowest common ancestor and from ``b`` up to it (LCA excluded)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    in_b = {t.i: k for k, t in enumerate(up_b)}
    for k, tok in enumerate(up_a):
        if tok.i in in_b:
            return up_a[:k], tok, up_b[: in_b[tok.i]]
    return up_a, up_a[-1], up_b  # different sentences (not reached for candidates)


def _clause_role(head: Token) -> str:
    """The mention's grammatical role: its dependency label, a preposition's object as ``pobj_<prep>``."""
    if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent"):
        return f"pobj_{head.head.lower_}"
    if head.dep_ in ("compound", "poss", "amod", "nmod") and head.head.dep_ == "pobj":
        return f"{head.dep_}>pobj_{head.head.head.lower_}"
    return head.dep_


def trigger_token(doc: Doc, cand: Candidate) -> Token:
    """The word the event is coded from: the lowest verb or event noun on the path between the mentions'
    heads (their common ancestor first), else the sentence's root."""
    actors = doc._.actors
    a, b = doc[actors[cand.source]["head"]], doc[actors[cand.target]["head"]]
    path_a, lca, path_b = dependency_path(a, b)
    mention = set(range(actors[cand.source]["token_start"], actors[cand.source]["token_end"])) | set(
        range(actors[cand.target]["token_start"], actors[cand.target]["token_end"])
    )
    for tok in [lca, *reversed(path_b), *reversed(path_a)]:
        if tok.i not in mention and tok.pos_ == "VERB":
            return tok
    for tok in [lca, *reversed(path_b), *reversed(path_a)]:
        if tok.i not in mention and tok.pos_ == "NOUN":
            return tok
    for tok in _ancestors(lca):
        if tok.pos_ == "VERB":
            return tok
    return lca.sent.root


def features(doc: Doc, cand: Candidate) -> list[str]:
    """Sparse feature names of one candidate (lemmas, POS, dependency labels, sectors; no mention words)."""
    actors = doc._.actors
    src, tgt = actors[cand.source], actors[cand.target]
    a, b = doc[src["head"]], doc[tgt["head"]]
    sent = a.sent
    path_a, lca, path_b = dependency_path(a, b)
    mention = set(range(src["token_start"], src["token_end"])) | set(
        range(tgt["token_start"], tgt["token_end"])
    )
    feats = [
        f"s_role={_clause_role(a)}",
        f"t_role={_clause_role(b)}",
        f"roles={_clause_role(a)}|{_clause_role(b)}",
        f"s_sector={src.get('sector') or '-'}",
        f"t_sector={tgt.get('sector') or '-'}",
        f"sectors={src.get('sector') or '-'}|{tgt.get('sector') or '-'}",
        f"s_kind={src['kind']}",
        f"t_kind={tgt['kind']}",
        f"order={'st' if a.i < b.i else 'ts'}",
        f"same_country={src['country'] == tgt['country']}",
        f"root={sent.root.lemma_.lower()}",
    ]
    gap = abs(a.i - b.i)
    feats.append(f"distance={'1-3' if gap <= 3 else '4-8' if gap <= 8 else '9-15' if gap <= 15 else '16+'}")
    path = path_a + [lca] + path_b
    feats.append(f"path_len={min(len(path), 8)}")
    if lca.i not in mention:
        feats += [f"lca={lca.lemma_.lower()}", f"lca_pos={lca.pos_}"]
        feats.append(f"lca|roles={lca.lemma_.lower()}|{_clause_role(a)}|{_clause_role(b)}")
    else:
        feats.append("lca=mention")
    feats.append(
        "path_deps=" + ">".join(t.dep_ for t in path_a) + "^" + "<".join(t.dep_ for t in reversed(path_b))
    )
    if len(path) <= MAX_PATH:
        for tok in path:
            if tok.i in mention:
                continue
            if tok.pos_ in CONTENT_POS:
                feats.append(f"path={tok.lemma_.lower()}")
            elif tok.dep_ in ("prep", "agent"):
                feats.append(f"path_prep={tok.lower_}")
    trig = trigger_token(doc, cand)
    feats.append(f"trigger={trig.lemma_.lower()}")
    feats.append(f"trigger_pos={trig.pos_}")
    for child in trig.children:
        if child.dep_ == "prt":
            feats.append(f"trigger_prt={trig.lemma_.lower()}_{child.lower_}")
        elif child.dep_ == "prep" and child.i not in mention:
            feats.append(f"trigger_prep={trig.lemma_.lower()}_{child.lower_}")
    if trig.head.i != trig.i and trig.dep_ in ("xcomp", "ccomp", "advcl", "conj", "pcomp"):
        feats.append(f"governor={trig.head.lemma_.lower()}")
    lo, hi = sorted((a.i, b.i))
    for tok in doc[lo + 1 : hi]:
        if tok.i not in mention and tok.pos_ == "VERB":
            feats.append(f"between_verb={tok.lemma_.lower()}")
    if any(t.dep_ == "neg" or t.lower_ in NEG_WORDS for t in (*trig.children, *lca.children)):
        feats.append("negated")
    return feats
