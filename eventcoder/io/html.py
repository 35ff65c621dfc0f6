"""HTML → Article: main text, title, date and site name with trafilatura, offline (never fetches).

Navigation, menus, comments and share buttons are dropped by trafilatura; captions, credits, bylines
and datelines that stay in the main text are marked later by eventcoder_boilerplate (kept in the stored
text, offsets unchanged). A page without main text raises ``ArticleError`` (E107), which the driver turns
into a failure row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from eventcoder.errors import ArticleError, Errors
from eventcoder.records import Article

logger = logging.getLogger(__name__)

MIN_TEXT_CHARS = 25  # less than this is a caption or an error page, not an article


def article_from_html(html: str, *, article_id: str, url: str | None = None) -> Article:
    """Extract one article from an HTML page.

    Args:
        html: the page source.
        article_id: the id the article gets (e.g. the file name).
        url: where the page came from, if known (stored and used by trafilatura for site metadata).

    Raises:
        ArticleError: E107 when no main text remains.
    """
    import trafilatura

    where = url or article_id
    if not html or not html.strip():
        raise ArticleError(Errors.E107.format(where=where))
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = _clean_text(getattr(document, "text", None) or "") if document is not None else ""
    title = (getattr(document, "title", None) or None) if document is not None else None
    if title and text.startswith(title.strip() + "\n"):
        text = text[len(title.strip()) :].lstrip("\n")  # the headline is metadata, not body text
    if len(text) < MIN_TEXT_CHARS:
        raise ArticleError(Errors.E107.format(where=where))
    return Article(
        id=article_id,
        text=text,
        title=title,
        date=_iso_date(getattr(document, "date", None)),
        source=(getattr(document, "sitename", None) or None),
        url=url or (getattr(document, "url", None) or None),
    )


def _clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, as the plain-text readers give them."""
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p)


def _iso_date(value: object) -> str | None:
    """YYYY-MM-DD from trafilatura's date, or None when it is absent or not a date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        logger.info("ignoring unparseable page date %r", value)
        return None
