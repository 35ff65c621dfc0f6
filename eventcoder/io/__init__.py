"""Readers and writers: articles from files, folders, stdin and HTML in (inputs.py, html.py); event records
out as JSONL, CSV or Parquet (output.py).
"""
