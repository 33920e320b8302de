"""Mentions -> tidy pandas DataFrame with fixed columns and dtypes.

One row per mention.  The columns, their dtypes and meanings are documented in
``docs/columns.md``; :data:`DTYPES` is the single source of the dtypes, and
:func:`typed` restores them on any frame read back from CSV, JSONL or Parquet.
Analysis helpers (:func:`drop_duplicates`, :func:`wide`, :func:`rescale`, ...)
live in :mod:`indicators.analysis` and are re-exported here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .analysis import drop_duplicates, format_value, largest, rescale, wide, years  # noqa: F401
from .types import Change, Mention, Qualifier

#: The fields of MENTIONS.md, in its order, then what helps analysis.
CONTRACT_COLUMNS = (
    "doc", "start", "end", "text", "value", "value_max", "unit", "family",
    "qualifier", "change", "indicator", "subject", "period",
)
EXTRA_COLUMNS = (
    "value_exact", "value_max_exact", "year", "article", "sentence",
    "indicator_start", "indicator_end", "subject_start", "subject_end",
    "period_start", "period_end", "sentence_start", "sentence_end",
    "duplicate_of", "rule",
)
COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS

#: Nullable pandas dtypes throughout, except ``value``: a plain float64 (never
#: null) that plots directly; ``value_exact`` keeps the exact Decimal as text.
DTYPES = {
    "doc": "string", "start": "Int64", "end": "Int64", "text": "string",
    "value": "float64", "value_max": "Float64", "unit": "category", "family": "category",
    "qualifier": "category", "change": "category", "indicator": "string",
    "subject": "string", "period": "string", "value_exact": "string",
    "value_max_exact": "string", "year": "Int64", "article": "string", "sentence": "string",
    "indicator_start": "Int64", "indicator_end": "Int64", "subject_start": "Int64",
    "subject_end": "Int64", "period_start": "Int64", "period_end": "Int64",
    "sentence_start": "Int64", "sentence_end": "Int64", "duplicate_of": "Int64", "rule": "string",
}

#: The kinds of MENTIONS.md, in its order: the categories of ``family``.
FAMILIES = (
    "currency", "count", "percent", "percentage_point", "ratio", "area", "mass",
    "volume", "energy", "length", "other", "duration", "age", "rank",
)
#: Fixed categories, so every frame (and every chunk of a streamed file) agrees;
#: a value outside them is kept and added after them, never turned into null.
CATEGORIES = {
    "family": FAMILIES,
    "qualifier": tuple(q.value for q in Qualifier),
    "change": tuple(c.value for c in Change),
}


def _enum_value(item) -> str | None:
    return None if item is None else getattr(item, "value", item)


# what _enum_value gives for None and each member, looked up: an enum's ``value`` is a
# Python-level property, slow per row
_ENUM_VALUES = {None: None} | {member: member.value for kind in (Qualifier, Change) for member in kind}


def mention_values(doc: str, m: Mention) -> tuple:
    """One mention as a tuple of the frame's columns, in the order of :data:`COLUMNS` (values as
    Python objects): the compact row a corpus run sends between processes."""
    value_max, indicator, subject, period, sentence = m.value_max, m.indicator, m.subject, m.period, m.sentence
    qualifier, change = m.qualifier, m.change
    qualifier = _ENUM_VALUES[qualifier] if qualifier in _ENUM_VALUES else _enum_value(qualifier)
    change = _ENUM_VALUES[change] if change in _ENUM_VALUES else _enum_value(change)
    no = (None, None, None)
    i_text, i_start, i_end = indicator if indicator else no  # Field is (text, start, end)
    s_text, s_start, s_end = subject if subject else no
    p_text, p_start, p_end = period if period else no
    t_text, t_start, t_end = sentence if sentence else no
    return (
        doc, m.start, m.end, m.text, float(m.value), float(value_max) if value_max is not None else None,
        m.unit, m.family, qualifier, change, i_text, s_text, p_text,
        format(m.value, "f"), format(value_max, "f") if value_max is not None else None,
        m.year, m.article.text if m.article else None, t_text,
        i_start, i_end, s_start, s_end, p_start, p_end, t_start, t_end, m.duplicate_of, m.rule,
    )


def mention_row(doc: str, m: Mention) -> dict:
    """One mention as a plain dict with the frame's columns (values as Python objects)."""
    return dict(zip(COLUMNS, mention_values(doc, m), strict=True))


def _categorical(column: pd.Series, known: Sequence[str] = ()) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    text = column.astype("string")
    seen = sorted(set(text.dropna().unique()) - set(known))
    return pd.Series(pd.Categorical(text, categories=[*known, *seen]), index=column.index, name=column.name)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column of :data:`COLUMNS` in order and of its dtype.

    Missing columns are added as nulls; other columns are kept after them.  Use
    it on a dataset read back from a file (``read_dataset`` does).
    """
    out = frame.copy()
    for name in COLUMNS:
        if name not in out.columns:
            out[name] = pd.Series([None] * len(out), index=out.index, dtype=object)
    for name, dtype in DTYPES.items():
        column = out[name]
        if dtype == "category":
            out[name] = _categorical(column, CATEGORIES.get(name, ()))
        elif dtype in ("Int64", "Float64", "float64"):
            if not pd.api.types.is_numeric_dtype(column.dtype):
                column = pd.to_numeric(column.astype(object).where(column.notna(), None))
            out[name] = column.astype(dtype)
        else:   # also turns pandas 3's NaN-backed ``str`` into the NA-backed "string"
            out[name] = column.astype(object).where(column.notna(), None).astype(dtype)
    extra = [c for c in out.columns if c not in DTYPES]
    return out[list(COLUMNS) + extra].reset_index(drop=True)


def empty_frame() -> pd.DataFrame:
    """A frame with every column and dtype and no rows."""
    return typed(pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS}))


def rows_to_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Plain row dicts (from :func:`mention_row`) -> typed frame."""
    if not rows:
        return empty_frame()
    return typed(pd.DataFrame.from_records(rows, columns=list(COLUMNS)))


def to_frame(
    mentions: Iterable[Mention] | Mapping[str, Iterable[Mention]], doc: str = ""
) -> pd.DataFrame:
    """Tidy dataset: one row per mention, the fields of MENTIONS.md first.

    ``mentions`` is a list of mentions of one document (named ``doc``) or a
    mapping ``{doc_id: mentions}``.  Columns and dtypes: ``docs/columns.md``.
    """
    if isinstance(mentions, Mapping):
        rows = [mention_row(d, m) for d, ms in mentions.items() for m in ms]
    else:
        rows = [mention_row(doc, m) for m in mentions]
    return rows_to_frame(rows)
