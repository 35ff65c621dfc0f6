"""Notebook helpers: results as pandas or polars DataFrames, HTML views with the evidence highlighted.

``eventcoder.code(...)`` returns :class:`Records` (a list of EventRecord) and ``code_articles`` yields
:class:`~eventcoder.records.CodedArticle`; both, a single record and any list of them have ``to_frame()``
(flat columns, as in CSV export) and show as a table in Jupyter, each sentence with its source (blue),
trigger (orange), target (green), date (grey) and place (purple) marked.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventcoder.errors import ConfigError, Errors

if TYPE_CHECKING:
    from eventcoder.records import CodedArticle, EventRecord

LIBRARIES = ("polars", "pandas")
_STYLE = {
    "source": "background:#cfe2ff",
    "target": "background:#d1e7dd",
    "trigger": "background:#ffe5b4;font-weight:bold",
    "date": "background:#e2e3e5",
    "place": "background:#e8d9f5",
}


def _records(results: Any) -> list[EventRecord]:
    from eventcoder.records import CodedArticle, EventRecord

    if isinstance(results, EventRecord):
        return [results]
    if isinstance(results, CodedArticle):
        return list(results.records)
    out: list[EventRecord] = []
    for item in results:
        out.extend(_records(item))
    return out


def to_frame(results: Any, library: str = "polars") -> Any:
    """Records, coded articles or lists of them as one DataFrame with the CSV export's flat columns.

    Args:
        library: "polars" (default) or "pandas".

    Raises:
        ConfigError: [E303] another library.
    """
    from eventcoder.io.output import flat_columns, flatten

    if library not in LIBRARIES:
        raise ConfigError(Errors.E303.format(value=library, name="library", expected=", ".join(LIBRARIES)))
    rows = [flatten(r) for r in _records(results)]
    columns = flat_columns()
    if library == "pandas":
        import pandas as pd

        return pd.DataFrame(rows, columns=columns)
    import polars as pl

    data = {c: [row[c] for row in rows] for c in columns}
    return pl.DataFrame(data, strict=False)


def highlight(record: EventRecord) -> str:
    """The record's sentence as HTML with its evidence spans marked (offsets are the article's)."""
    base = record.sentence_start
    spans: list[tuple[int, int, str, str]] = []

    def add(item: Any, kind: str, label: str) -> None:
        if item is not None and getattr(item, "start", None) is not None and item.end is not None:
            spans.append((item.start - base, item.end - base, kind, label))

    add(record.source, "source", f"source {record.source.code if record.source else ''}")
    add(record.target, "target", f"target {record.target.code if record.target else ''}")
    add(record.trigger, "trigger", f"CAMEO {record.cameo}")
    add(record.date_evidence, "date", f"date {record.event_date}")
    add(record.location, "place", f"place {record.location.name if record.location else ''}")
    text = record.sentence
    out: list[str] = []
    pos = 0
    for start, end, kind, label in sorted(spans):
        if start < pos or start < 0 or end > len(text):  # overlapping or outside: skip, never garble
            continue
        out.append(html.escape(text[pos:start]))
        out.append(
            f"<mark style='{_STYLE[kind]}' title='{html.escape(label, quote=True)}'>"
            f"{html.escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).strip()


def _cell(actor: Any) -> str:
    if actor is None:
        return "—"
    return f"{html.escape(actor.text)} <code>{html.escape(actor.code or '?')}</code>"


def records_html(records: Iterable[EventRecord], title: str | None = None) -> str:
    """An HTML table of records: sentence with highlighted evidence, dyad, codes, modality, date, place."""
    rows = []
    for r in records:
        flags = r.modality + (", negated" if r.negated else "")
        rows.append(
            "<tr>"
            f"<td>{r.sentence_id}</td><td style='text-align:left'>{highlight(r)}</td>"
            f"<td>{_cell(r.source)}</td><td><code>{r.cameo}</code> {html.escape(r.plover_type or '')}</td>"
            f"<td>{_cell(r.target)}</td><td>{html.escape(flags)}</td>"
            f"<td>{html.escape(r.event_date or '')} {html.escape(r.date_precision or '')}</td>"
            f"<td>{html.escape(r.location.name) if r.location else ''}</td>"
            f"<td>{html.escape(', '.join(r.warnings))}</td>"
            "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("sent.", "sentence", "source", "event", "target", "modality", "date", "place", "warnings")
    )
    caption = f"<caption style='text-align:left'>{html.escape(title)}</caption>" if title else ""
    legend = " ".join(f"<mark style='{style}'>{kind}</mark>" for kind, style in _STYLE.items())
    return (
        f"<div><table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<div style='font-size:smaller'>{legend}</div></div>"
    )


def coded_html(coded: CodedArticle) -> str:
    a = coded.article
    title = (
        f"{a.id} ({a.date or 'no date'}{', ' + a.source if a.source else ''}): {len(coded.records)} events"
    )
    return records_html(coded.records, title)


class Records(list["EventRecord"]):
    """The records of :func:`eventcoder.code`: a plain list with ``to_frame()`` and an HTML view."""

    def to_frame(self, library: str = "polars") -> Any:
        """The records as a polars (default) or pandas DataFrame with the CSV export's flat columns."""
        return to_frame(self, library)

    def _repr_html_(self) -> str:
        return records_html(self, f"{len(self)} events")
