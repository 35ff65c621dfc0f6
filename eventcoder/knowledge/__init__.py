"""Knowledge loaders for eventcoder/data: the CAMEO table (cameo.py), event patterns (patterns.py), file
reading with numbered errors (files.py).
"""
