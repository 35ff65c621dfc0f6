"""eventcoder: turn news articles into evidenced political event data (CAMEO, PLOVER)."""

from eventcoder.driver import code, code_articles, iter_results, set_actor_spans, set_publication_date
from eventcoder.errors import ArticleError, ConfigError, EventcoderError, KnowledgeError, StoreError
from eventcoder.notebook import Records, to_frame
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
    "Records",
    "StoreError",
    "build_nlp",
    "code",
    "code_articles",
    "iter_results",
    "open_store",
    "set_actor_spans",
    "set_publication_date",
    "to_frame",
    "__version__",
]
