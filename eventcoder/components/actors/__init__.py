"""eventcoder_actors: the factory (component.py), the actor lexicon (lexicon.py), rule words and parse tests
(rules.py) and context resolution (context.py).
"""
