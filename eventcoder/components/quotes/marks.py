"""Quotation marks paired on characters, paragraph by paragraph (eventcoder_quotes' first step).

The parser's sentences may cut inside a quote, so pairing works on the text: curly “...”, straight "...",
guillemets «...», and curly single ‘...’ in paragraphs without double marks. A paragraph that ends inside a
quote continues only when the next paragraph opens with a quotation mark (the wire convention for
multi-paragraph quotes); otherwise the quote is closed at the paragraph end and reported as unbalanced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = {"“": "”", "«": "»", "„": "”", '"': '"'}

CLOSING = {"”", "»", '"'}
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class Marked:
    """One quoted span found on characters: the text between the marks, half-open char offsets."""

    start: int
    end: int
    open_mark: int  # char offset of the opening mark
    close_mark: int | None  # char offset of the closing mark; None when closed at a paragraph end
    paragraph: int  # index of the paragraph the quote opens in
    end_paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Char ranges of the non-blank lines of ``text`` (a newline always ends a paragraph)."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _opening_context(text: str, i: int, para_start: int) -> bool:
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace()


def _closing_context(text: str, i: int, para_end: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


def find_quotations(text: str) -> tuple[list[Marked], bool]:
    """Pair the quotation marks of ``text``: double ones, and curly single ones in paragraphs without double.

    Returns:
        The quoted spans in text order, and whether any mark was unbalanced (a quote closed at its
        paragraph end, or a closing mark with no opening one).
    """
    paras = paragraphs(text)
    found: list[Marked] = []
    unbalanced = False
    current: Marked | None = None
    skip = -1  # the opening mark that continues a multi-paragraph quote
    for p_index, (p_start, p_end) in enumerate(paras):
        if (
            current is None
            and "‘" in text[p_start:p_end]
            and not any(c in OPENING or c in CLOSING for c in text[p_start:p_end])
        ):
            found.extend(_single_quoted(text, p_start, p_end, p_index))  # British style: ‘...,’ he said
            continue
        for i in range(p_start, p_end):
            char = text[i]
            if char not in OPENING and char not in CLOSING:
                continue
            opening, closing = _opening_context(text, i, p_start), _closing_context(text, i, p_end)
            if current is None:
                # an opening mark, or a closing glyph typed where an opening one belongs
                if (char in OPENING and (char != '"' or opening or not closing)) or (opening and not closing):
                    current = Marked(i + 1, i + 1, i, None, p_index, p_index)
                else:
                    unbalanced = True  # a stray closing mark
            elif i == skip:
                continue
            elif char in CLOSING and (closing or not opening):
                current.end, current.close_mark, current.end_paragraph = i, i, p_index
                found.append(current)
                current = None
            elif char in OPENING and opening and not closing:
                # a new quote opens before the last one closed: close the last one where it stands
                unbalanced = True
                current.end, current.end_paragraph = rstrip_offset(text, current.start, i), p_index
                found.append(current)
                current = Marked(i + 1, i + 1, i, None, p_index, p_index)
            else:
                current.end, current.close_mark, current.end_paragraph = i, i, p_index
                found.append(current)
                current = None
        if current is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is not None and _continues(text, nxt) >= 0:
                current.end_paragraph = p_index + 1
                skip = _continues(text, nxt)
                continue
            unbalanced = True
            current.end, current.end_paragraph = rstrip_offset(text, current.start, p_end), p_index
            found.append(current)
            current = None
    return [m for m in found if text[m.start : m.end].strip()], unbalanced


def _single_quoted(text: str, p_start: int, p_end: int, p_index: int) -> list[Marked]:
    """Pair curly single quotes in a paragraph without double ones; ’ is also the apostrophe, so be strict.

    A closing ’ must end a word and not start another ("don’t" is no close); "s’ " before a lowercase word
    is a plural possessive when a later ’ can close; an opening ‘ before a digit ("the ‘90s") opens
    nothing; a quote left open is dropped silently (apostrophes make unbalanced single marks common).
    """
    found: list[Marked] = []
    i = p_start
    while i < p_end:
        if text[i] != "‘" or not _opening_context(text, i, p_start) or text[i + 1 : i + 2].isdigit():
            i += 1
            continue
        close = None
        for j in range(i + 1, p_end):
            if text[j] == "‘" and _opening_context(text, j, p_start):
                break
            if text[j] != "’" or not _closing_context(text, j, p_end):
                continue
            after = text[j + 1 : j + 3]
            possessive = text[j - 1] in "sS" and after[:1] == " " and after[1:].islower()
            if possessive and any(
                text[k] == "’" and _closing_context(text, k, p_end) for k in range(j + 1, p_end)
            ):
                continue
            close = j
            break
        if close is None:
            i += 1
            continue
        found.append(Marked(i + 1, close, i, close, p_index, p_index))
        i = close + 1
    return found


def _continues(text: str, para: tuple[int, int]) -> int:
    """The offset of the opening mark that starts ``para`` (continuing a quote), or -1."""
    start, end = para
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in OPENING and _opening_context(text, start, start):
        return start
    return -1


def rstrip_offset(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
