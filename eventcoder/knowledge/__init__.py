"""Knowledge loaders for eventcoder/data: the CAMEO table (cameo.py), event patterns (patterns.py), the place
table with its ambiguity rule (gazetteer.py), and file reading with numbered errors (files.py).
"""
