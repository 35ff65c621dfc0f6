"""Quotation marks paired on characters (eventcoder.components.quotes.marks)."""

from __future__ import annotations

import pytest

from eventcoder.components.quotes.marks import find_quotations, paragraphs


@pytest.mark.parametrize(
    ("text", "spans", "unbalanced"),
    [
        ("He said “yes” and “no”.", ["yes", "no"], False),
        ('He said "yes" and "no".', ["yes", "no"], False),
        ("“One.\n\n“Two,” she said.", ["One.\n\n“Two,"], False),  # the wire multi-paragraph convention
        ("“One.\n\nTwo,” she said.", ["One."], True),  # open at a paragraph end: closed there
        ("It was “rock solid.", ["rock solid."], True),
        ("Stray” mark here.", [], True),
        ("«Nous restons» dit-il.", ["Nous restons"], False),
        ("‘We won’t go,’ he said. ‘Never.’", ["We won’t go,", "Never."], False),  # British style
        ("‘The rebels’ demands are absurd,’ she said.", ["The rebels’ demands are absurd,"], False),
        ("In the ‘90s it was ‘different’.", ["different"], False),
        ("“He called it ‘a farce’,” she said.", ["He called it ‘a farce’,"], False),  # nested: one quote
        ("It’s the farmers’ land.", [], False),
    ],
)
def test_find_quotations(text: str, spans: list[str], unbalanced: bool) -> None:
    found, bad = find_quotations(text)
    assert [text[m.start : m.end] for m in found] == spans
    assert bad is unbalanced


def test_paragraphs_skip_blank_lines() -> None:
    assert paragraphs("One.\n\n  \nTwo.\n") == [(0, 4), (9, 13)]
