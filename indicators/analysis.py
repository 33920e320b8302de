"""What analysts ask of the dataset: no repeated paragraphs, wide tables, 万/亿 display.

Every function takes the frame of :func:`indicators.to_frame` (or one read back
with ``read_dataset``) and works when the context columns are all null.

>>> rescale(pd.Series([568000000.0, 32990000.0]), "元")[1]
'亿元'
>>> format_value(568000000, "元"), format_value(21.1, "%"), format_value(19000, "人")
('5.68亿元', '21.1%', '1.9万人')
"""
from __future__ import annotations

import re

import pandas as pd

#: Chinese multipliers used for display, largest first.
SCALES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))
#: Units that are never shown with 万/亿: shares, ratios, ages, ranks, durations.
UNSCALED_UNITS = frozenset({
    "%", "‰", "个百分点", "倍", "成", "番", "岁", "名", "位", "年", "个月", "月", "天", "日", "周", "小时",
})
#: A four-digit year written in a period phrase (2019年, 2020年上半年).
YEAR_IN_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年")
#: A change figure that states the level reached (降至0.22%, 提高到95.8%) is also a level:
#: 至/到 in the clause before it, but not 截至 (as of).
REACHED = re.compile(r"(?<!截)[至到][^，。；、,;]*$")
#: Characters of the sentence shown before a mention when it has no indicator.
LEAD_CHARS = 10


def drop_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without the copies of a paragraph that the page layout repeated.

    A row whose ``duplicate_of`` is set repeats a mention of an earlier copy of
    the same paragraph (MENTIONS.md annotates both; count the figure once).
    """
    if "duplicate_of" not in frame.columns:
        return frame
    return frame[frame["duplicate_of"].isna()]


def is_level(frame: pd.DataFrame) -> pd.Series:
    """True for a figure that states a level: no ``change``, or a level reached (``降至0.22%``).

    The clause before the figure comes from the ``sentence`` column; without it a
    change is never taken for a level.
    """
    level = frame["change"].isna().to_numpy().copy()
    for position, row in enumerate(frame.itertuples(index=False)):
        sentence, offset = getattr(row, "sentence", None), getattr(row, "sentence_start", None)
        if not level[position] and isinstance(sentence, str) and pd.notna(offset):
            level[position] = bool(REACHED.search(sentence[: max(int(row.start) - int(offset), 0)]))
    return pd.Series(level, index=frame.index, dtype=bool)


def scale_for(magnitude: float, unit: str | None = None) -> tuple[str, float]:
    """The multiplier (``"亿"``, 1e8) to show a magnitude with, or ``("", 1.0)``."""
    if unit in UNSCALED_UNITS or pd.isna(magnitude):
        return "", 1.0
    for name, factor in SCALES:
        if abs(magnitude) >= factor:
            return name, factor
    return "", 1.0


def rescale(values: pd.Series, unit: str | None) -> tuple[pd.Series, str]:
    """Values divided by the multiplier that suits their largest magnitude, and the display unit.

    ``rescale(frame.value, "元")`` gives values in 亿元 when the largest is at least
    1亿; percentages, ratios, ages, ranks and durations are never rescaled.
    """
    values = pd.Series(values, dtype="float64")
    biggest = values.abs().max() if len(values) else float("nan")
    name, factor = scale_for(biggest, unit)
    return values / factor, f"{name}{unit or ''}"


def format_number(number: float, decimals: int = 4) -> str:
    """``5.68``, ``3299``, ``4.6695``: at most ``decimals`` places, no trailing zeros."""
    text = f"{number:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float, unit: str | None = "", decimals: int = 4) -> str:
    """One value as a reader writes it: ``5.68亿元``, ``1.9万人``, ``21.1%``."""
    if value is None or pd.isna(value):
        return ""
    name, factor = scale_for(value, unit)
    return f"{format_number(value / factor, decimals)}{name}{unit or ''}"


def display_values(frame: pd.DataFrame) -> pd.Series:
    """Each row's value as text with 万/亿 (``5.68亿元``), a range as ``2–3年``."""
    def one(row) -> str:
        shown = format_value(row.value, row.unit)
        if pd.notna(getattr(row, "value_max", None)):
            shown = f"{format_value(row.value, '')}–{format_value(row.value_max, row.unit)}"
        return shown
    return pd.Series([one(r) for r in frame.itertuples(index=False)], index=frame.index, dtype="string") \
        if len(frame) else pd.Series([], dtype="string")


def years(frame: pd.DataFrame) -> pd.Series:
    """The year of each row: the ``year`` column, else a year written in ``period`` (nullable Int64)."""
    known = frame["year"].astype("Int64") if "year" in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if "period" in frame.columns:
        written = frame["period"].astype("string").str.extract(YEAR_IN_PERIOD, expand=False)
        known = known.fillna(pd.to_numeric(written).astype("Int64"))
    return known


def labels(frame: pd.DataFrame, fields: tuple[str, ...] = ("subject", "indicator", "period")) -> pd.Series:
    """A short label per row: its context fields joined by `` · ``.

    A row without any of them is labelled by the words just before it in its
    sentence (``…劳务总收入``), else by its text and document.
    """
    def one(row) -> str:
        parts = [str(getattr(row, f)) for f in fields if f in frame.columns and pd.notna(getattr(row, f))]
        if parts:
            return " · ".join(parts)
        sentence, offset = getattr(row, "sentence", None), getattr(row, "sentence_start", None)
        if isinstance(sentence, str) and pd.notna(offset):
            lead = sentence[: int(row.start) - int(offset)].replace("\n", "")[-LEAD_CHARS:].lstrip("，。、；：,;: ")
            if lead:
                return f"…{lead}{row.text}"
        return f"{row.text}（{row.doc}）" if getattr(row, "doc", None) else str(row.text)
    return pd.Series([one(r) for r in frame.itertuples(index=False)], index=frame.index, dtype="string")


def largest(frame: pd.DataFrame, unit: str = "元", n: int = 15) -> pd.DataFrame:
    """The ``n`` largest figures of one unit (repeated paragraphs counted once), largest first."""
    rows = drop_duplicates(frame)
    rows = rows[rows["unit"].astype("string") == unit]
    return rows.sort_values("value", ascending=False, kind="stable").head(n)


def _base_unit(frame: pd.DataFrame, unit: str) -> tuple[str, float]:
    """``亿元`` -> (``元``, 1e8) when the frame's units are 元; a canonical unit as it is."""
    present = set(frame["unit"].dropna().astype(str))
    if unit in present:
        return unit, 1.0
    for name, factor in SCALES:
        if unit.startswith(name) and unit[len(name):] in present:
            return unit[len(name):], factor
    return unit, 1.0


def wide(
    frame: pd.DataFrame,
    unit: str,
    by: str = "period",
    *,
    changes: bool = False,
    aggfunc: str = "first",
) -> pd.DataFrame:
    """A table of one unit: a row per indicator, a column per period (or subject, or year).

    ``unit`` is a canonical unit (``元``, ``人``, ``%``) or one with a multiplier
    (``亿元``), which also divides the values.  Rows without an indicator or
    without the ``by`` field are left out, and so are repeated paragraphs.
    Changes (``增长4%``) are left out unless ``changes=True``, which adds the
    ``change`` column to the row index (``level`` for levels); a level reached
    (``降至0.22%``) counts as a level (:func:`is_level`).  Several figures
    for one cell are combined by ``aggfunc`` (default: the first in the text).
    Period columns are ordered by year, then by first appearance.
    """
    if by not in ("period", "subject", "year"):
        raise ValueError(f"by must be 'period', 'subject' or 'year', not {by!r}")
    base, factor = _base_unit(frame, unit)
    rows = drop_duplicates(frame)
    rows = rows[rows["unit"].astype("string") == base].copy()
    if by == "year":
        rows["year"] = years(rows)
    index = ["indicator"]
    if changes:
        rows["change"] = rows["change"].astype("string").fillna("level")
        index.append("change")
    else:
        rows = rows[is_level(rows)]
    rows = rows[rows["indicator"].notna() & rows[by].notna()]
    rows["value"] = rows["value"] / factor
    columns = list(dict.fromkeys(rows[by].tolist()))
    if by == "period":
        order = years(rows).groupby(rows["period"].astype(object)).min()
        columns.sort(key=lambda p: (pd.isna(order.get(p)), order.get(p) if pd.notna(order.get(p)) else 0))
    elif by == "year":
        columns.sort()
    keys = {name: rows[name].astype(object) for name in [*index, by]}
    table = rows.assign(**keys).pivot_table(index=index, columns=by, values="value", aggfunc=aggfunc, sort=False)
    table = table.reindex(columns=[c for c in columns if c in table.columns])
    table.columns.name = f"{by}（{unit}）"
    return table
