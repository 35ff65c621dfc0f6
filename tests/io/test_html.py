"""HTML intake with trafilatura: main text, title, date, site name; no main text is an E107 failure."""

from __future__ import annotations

import pytest

from eventcoder.errors import ArticleError
from eventcoder.io.html import article_from_html

PAGE = """<html><head><title>Taiwan, Japan to hold talks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Taiwan, Japan to hold talks">
<meta property="article:published_time" content="2021-08-25T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Taiwan, Japan to hold talks</h1>
<p>TAIPEI (AFP) - Taiwan and Japan will meet to discuss trade and fisheries later this week, an
official in Taipei said Wednesday.</p>
<p>Beijing criticised the plan, saying it opposes any official
contacts.</p>
</article><footer>Share on Twitter. Subscribe to our newsletter.</footer></body></html>"""


def test_article_from_html() -> None:
    article = article_from_html(PAGE, article_id="page-1", url="https://example.org/a")
    assert article.id == "page-1"
    assert article.title == "Taiwan, Japan to hold talks"
    assert article.date == "2021-08-25"
    assert article.source == "Example News"
    assert article.url == "https://example.org/a"
    assert article.text.startswith("TAIPEI (AFP) - Taiwan and Japan will meet to discuss trade")
    assert "Home" not in article.text and "Subscribe" not in article.text
    assert article.text.endswith("opposes any official contacts.")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><p>Hi.</p></body></html>",
    ],
)
def test_no_main_text_is_e107(html: str) -> None:
    with pytest.raises(ArticleError) as info:
        article_from_html(html, article_id="empty")
    assert info.value.code == "E107"


def test_bad_page_date_is_dropped() -> None:
    page = PAGE.replace("2021-08-25T08:00:00Z", "yesterday-ish")
    article = article_from_html(page, article_id="page-2")
    assert article.date is None
