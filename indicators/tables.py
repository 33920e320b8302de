"""Table cells as mentions: the unit comes from the column header or the caption.

A markdown table (``| 指标 | 绝对数（亿元） | 比上年增长（%） |``) gives every
numeric cell the unit and multiplier of its column (``617.50`` under ``（亿元）``
is 61750000000 元), the row label as its indicator, and, in a growth column,
a change from the cell's sign.
"""
from __future__ import annotations

from decimal import Decimal

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
CAPTION_LINES = 3  # how far above a table a "单位：万元" line may stand


def _header_unit_pattern(lex: Lexicon) -> regex.Pattern:
    units = alternation(u.surface for u in lex.units.values() if u.scope != "never")
    scales = alternation(lex.scales)
    return regex.compile(rf"(?:[（(]|单位[:：]\s*)(?P<scale>{scales})?(?P<unit>{units})[）)]?")


_HEADER_UNIT = _header_unit_pattern(default_lexicon())


def _cells(line_match) -> list[tuple[int, int]]:
    """Spans of the cells of one table row (inside the outer pipes)."""
    spans, pos = [], line_match.start("cells")
    for part in line_match.group("cells").split("|"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def _column_unit(text: str, lex: Lexicon) -> tuple[Decimal, str, str, bool] | None:
    m = _HEADER_UNIT.search(text)
    if not m:
        return None
    unit = lex.units[m.group("unit")]
    factor = lex.scales.get(m.group("scale") or "", Decimal(1))
    growth = unit.family == "percent" and any(w in text for w in GROWTH_WORDS)
    return factor, unit.unit, unit.family, growth


def _caption(work: str, table_start: int) -> tuple[int, int] | None:
    """The nearest non-blank line above a table (表1　2023年南屏县地区生产总值…)."""
    end = table_start - 1
    while end > 0 and work[end - 1] in "\n \t":
        end -= 1
    start = work.rfind("\n", 0, end) + 1
    return (start, end) if end > start else None


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


def locate_tables(work: str, found: list[Found], lex: Lexicon | None = None) -> list[Found]:
    """``found`` plus the numeric cells of every table whose header or caption gives a unit."""
    if "|" not in work:
        return found
    lex = lex or default_lexicon()
    taken = {f.start for f in found}
    cells_found: list[Found] = []
    for block in _blocks(work):
        if len(block) < 2:
            continue
        header = _cells(block[0])
        caption_span = _caption(work, block[0].start())
        caption = work[max(0, work.rfind("\n", 0, max(0, block[0].start() - 1)) - 200):block[0].start()]
        caption_unit = _column_unit(caption[caption.rfind("单位"):] if "单位" in caption else "", lex)
        units = [_column_unit(work[a:b], lex) or caption_unit for a, b in header]
        for row in block[1:]:
            if SEPARATOR.match(row.group("cells")):
                continue
            spans = _cells(row)
            label = spans[0] if spans else None
            for column, (a, b) in enumerate(spans[1:], start=1):
                if column >= len(units) or units[column] is None:
                    continue
                cell = work[a:b]
                m = CELL_NUMBER.fullmatch(cell.strip())
                if not m:
                    continue
                offset = a + (len(cell) - len(cell.lstrip()))
                if offset in taken:
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
                lab = None
                if label:
                    la, lb = label
                    text = work[la:lb]
                    la += len(text) - len(text.lstrip())
                    lb -= len(text) - len(text.rstrip())
                    lab = (la, lb) if lb > la else None
                cells_found.append(Found(offset, offset + len(m.group()), value * factor, unit, family,
                                         change=change, rule="unit-from-header", number_start=offset, label=lab,
                                         caption=caption_span))
    if not cells_found:
        return found
    return sorted(found + cells_found, key=lambda f: f.start)
