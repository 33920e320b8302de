"""Table cells as mentions: the unit comes from the column header or the caption.

A markdown table (``| 指标 | 绝对数（亿元） | 比上年增长（%） |``) gives every
numeric cell the unit and multiplier of its column (``617.50`` under ``（亿元）``
is 61750000000 元), the row label as its indicator, and, in a growth column,
a change from the cell's sign.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

import regex

from .lexicon import Lexicon, default_lexicon
from .locate import Found
from .numerals import parse_number
from .patterns import alternation
from .types import Change

ROW = regex.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$", regex.MULTILINE)
SEPARATOR = regex.compile(r"^[\s|:\-]+$")
CELL_NUMBER = regex.compile(r"(?P<sign>-)?(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)")
GROWTH_WORDS = ("增长", "增速", "增幅", "比上年", "同比", "增减", "变动")
CAPTION_LINES = 3
HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.S | re.I)
HTML_ROW = re.compile(r"<tr\b[^>]*>.*?</tr\s*>", re.S | re.I)
HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(?P<body>.*?)</t[dh]\s*>", re.S | re.I)  # how far above a table a "单位：万元" line may stand


_START = attrgetter("start")


@lru_cache(maxsize=4)
def _header_unit_pattern(lex: Lexicon) -> regex.Pattern:
    units = alternation(lex.unit_surfaces())
    scales = alternation(lex.scales)
    return regex.compile(rf"(?:[（(]|单位[:：]\s*)(?P<scale>{scales})?(?P<unit>{units})[）)]?")


def _cells(line_match) -> list[tuple[int, int]]:
    """Spans of the cells of one table row (inside the outer pipes)."""
    spans, pos = [], line_match.start("cells")
    for part in line_match.group("cells").split("|"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def _column_unit(text: str, lex: Lexicon) -> tuple[Decimal, str, str, bool] | None:
    m = _header_unit_pattern(lex).search(text)
    if not m:
        return None
    unit = lex.units[m.group("unit")]
    factor = lex.scales.get(m.group("scale") or "", Decimal(1))
    growth = unit.family == "percent" and any(w in text for w in GROWTH_WORDS)
    return factor, unit.unit, unit.family, growth


def _caption(work: str, table_start: int) -> tuple[int, int] | None:
    """The nearest line above a table that is not blank and not a 单位 line (表1　2023年南屏县…)."""
    end = table_start
    for _ in range(CAPTION_LINES):
        end -= 1
        while end > 0 and work[end - 1] in "\n \t":
            end -= 1
        start = work.rfind("\n", 0, end) + 1
        if end <= start:
            return None
        if not work[start:end].lstrip().startswith("单位"):
            return start, end
        end = start
    return None


def _blocks(work: str):
    """Runs of consecutive table rows: [row match, ...]."""
    block, last_end = [], -2
    for row in ROW.finditer(work):
        if block and row.start() != last_end + 1:
            yield block
            block = []
        block.append(row)
        last_end = row.end()
    if block:
        yield block


def _markdown_tables(work: str):
    """(rows of cell spans, table start) of every markdown table; separator rows dropped."""
    for block in _blocks(work):
        rows = [_cells(row) for row in block if not SEPARATOR.match(row.group("cells"))]
        yield rows, block[0].start()


def _html_tables(text: str):
    """(rows of cell spans, table start) of every HTML <table>, spans into the raw markup."""
    for table in HTML_TABLE.finditer(text):
        rows = []
        for row in HTML_ROW.finditer(text, table.start(), table.end()):
            rows.append([cell.span("body") for cell in HTML_CELL.finditer(text, row.start(), row.end())])
        yield [r for r in rows if r], table.start()


def _trim(work: str, span: tuple[int, int]) -> tuple[int, int] | None:
    a, b = span
    while a < b and work[a] in " \t\n":
        a += 1
    while b > a and work[b - 1] in " \t\n":
        b -= 1
    return (a, b) if b > a else None


def locate_tables(work: str, found: list[Found], lex: Lexicon | None = None, text: str | None = None) -> list[Found]:
    """``found`` plus the numeric cells of every table whose header or caption gives a unit.

    Markdown tables are read from ``work``; HTML tables from the raw ``text``
    (their cell contents are unmasked in ``work``, so spans stay valid).
    """
    tables = []
    if "|" in work:
        tables.extend(_markdown_tables(work))
    if text is not None and "<t" in text:
        tables.extend(_html_tables(text))
    if not tables:
        return found
    lex = lex or default_lexicon()
    taken = set(map(_START, found))
    cells_found: list[Found] = []
    for rows, start in tables:
        if len(rows) >= 2:
            cells_found.extend(_table_cells(work, rows, start, taken, lex))
    if not cells_found:
        return found
    return sorted(found + cells_found, key=_START)


def _table_cells(work: str, rows, start: int, taken: set[int], lex: Lexicon):
    caption_span = _caption(work, start)
    caption = work[max(0, work.rfind("\n", 0, max(0, start - 1)) - 200):start]
    caption_unit = _column_unit(caption[caption.rfind("单位"):] if "单位" in caption else "", lex)
    units = [_column_unit(work[a:b], lex) or caption_unit for a, b in rows[0]]
    for spans in rows[1:]:
        label = _trim(work, spans[0])
        for column, span in enumerate(spans[1:], start=1):
            cell = _trim(work, span)
            if column >= len(units) or units[column] is None or cell is None:
                continue
            m = CELL_NUMBER.fullmatch(work, *cell)
            if not m or cell[0] in taken:
                continue
            factor, unit, family, growth = units[column]
            value = parse_number(m.group("num"))
            if value is None:
                continue
            change = None
            if growth and value != 0:
                change = Change.DECREASE if m.group("sign") else Change.INCREASE
            elif m.group("sign"):
                change = Change.DECREASE
            yield Found(cell[0], cell[1], value * factor, unit, family, change=change, rule="unit-from-header", label=label, caption=caption_span, header=rows[0][column])
