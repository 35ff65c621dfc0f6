"""The pipeline components, one subpackage (or module) per stage, in pipeline order: boilerplate, actors,
events, dates, places, quotes. Doc extensions and their value shapes are in
:mod:`eventcoder.components.extensions`.
"""
