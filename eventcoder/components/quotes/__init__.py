"""eventcoder_quotes: the factory (component.py), quotation marks (marks.py) and speech verbs (speech.py)."""
