"""eventcoder: turn news articles into evidenced political event data (CAMEO, PLOVER)."""

from eventcoder.driver import code, code_articles, iter_results
from eventcoder.errors import ArticleError, ConfigError, EventcoderError, KnowledgeError, StoreError
from eventcoder.pipeline import build_nlp
from eventcoder.records import Article, CodedArticle, EventRecord, Failure, QuoteRecord
from eventcoder.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleError",
    "CodedArticle",
    "ConfigError",
    "EventRecord",
    "EventcoderError",
    "Failure",
    "KnowledgeError",
    "QuoteRecord",
    "StoreError",
    "build_nlp",
    "code",
    "code_articles",
    "iter_results",
    "open_store",
    "__version__",
]
