"""eventcoder_events: the factory (component.py), triggers, arguments, parse helpers (syntax.py), modality
and target-from-place (places.py).
"""
