"""eventcoder_places: the factory (component.py) and where a place sits in the parse (syntax.py); the place
table itself is :mod:`eventcoder.knowledge.gazetteer`.
"""
