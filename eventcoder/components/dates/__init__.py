"""eventcoder_dates: the factory (component.py), date expressions and their resolution (resolve.py) and the
tense that picks past or future (tense.py).
"""
