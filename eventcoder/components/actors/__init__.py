"""eventcoder_actors: the factory (component.py), the actor lexicon (lexicon.py), lexical matching
(matching.py), mention repairs and output (mentions.py), rule words and parse tests (rules.py) and context
resolution (context.py).
"""
