"""eventcoder: turn news articles into evidenced political event data (CAMEO, PLOVER).

The public names below are imported on first use, so a process that only reads articles (a Ray read task)
or only codes them (a worker, a Ray actor) never imports spaCy or the store (polars) for nothing.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcoder.driver import code, code_articles, iter_results, set_actor_spans, set_publication_date
    from eventcoder.errors import ArticleError, ConfigError, EventcoderError, KnowledgeError, StoreError
    from eventcoder.notebook import Records, to_frame
    from eventcoder.pipeline import build_nlp
    from eventcoder.records import Article, CodedArticle, EventRecord, Failure, QuoteRecord
    from eventcoder.store import open_store

__version__ = "0.1.0"

_MODULES = {
    "eventcoder.driver": ("code", "code_articles", "iter_results", "set_actor_spans", "set_publication_date"),
    "eventcoder.errors": ("ArticleError", "ConfigError", "EventcoderError", "KnowledgeError", "StoreError"),
    "eventcoder.notebook": ("Records", "to_frame"),
    "eventcoder.pipeline": ("build_nlp",),
    "eventcoder.records": ("Article", "CodedArticle", "EventRecord", "Failure", "QuoteRecord"),
    "eventcoder.store": ("open_store",),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


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
