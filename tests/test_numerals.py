"""Numerals: case tables in tests/cases/{numerals,orders}.csv, plus properties."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.numerals import parse_number, parse_order

CASES = Path(__file__).parent / "cases"
DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def load_cases(name: str) -> list:
    """Rows of a case file as pytest params; a non-empty `xfail` column marks a known gap."""
    with open(CASES / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        pytest.param(row["text"], row["value"], id=row["text"] or "<empty>", marks=(
            [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []))
        for row in rows
    ]


def expected(value: str) -> Decimal | None:
    return Decimal(value) if value else None


@pytest.mark.parametrize(("text", "value"), load_cases("numerals.csv"))
def test_parse_number(text: str, value: str) -> None:
    found = parse_number(text)
    assert found is None or type(found) is Decimal
    assert found == expected(value)


@pytest.mark.parametrize(("text", "value"), load_cases("orders.csv"))
def test_parse_order(text: str, value: str) -> None:
    assert parse_order(text) == expected(value)


def write_chinese(number: int) -> str:
    """Standard reading of a whole number, independent of the parser: 4-digit sections,
    零 for a skipped place, and counts of 亿 read as a number below 亿 (一万零一亿)."""
    if number >= 10**8:
        high, low = divmod(number, 10**8)
        tail = "" if not low else ("零" if low < 10**7 else "") + write_chinese(low)
        return write_chinese(high) + "亿" + tail
    if number >= 10**4:
        high, low = divmod(number, 10**4)
        tail = "" if not low else ("零" if low < 1000 else "") + write_chinese(low)
        return write_chinese(high) + "万" + tail
    if number == 0:
        return "零"
    parts, pending_zero = [], False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // place % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        parts.append(("零" if pending_zero else "") + DIGITS[digit] + name)
        pending_zero = False
    return "".join(parts)


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_arabic_round_trip(number: int) -> None:
    assert parse_number(str(number)) == number
    assert parse_number(f"{number:,}") == number
    assert parse_number(str(number).translate(FULL_WIDTH)) == number


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_round_trip(number: int) -> None:
    assert parse_number(write_chinese(number)) == number
    assert parse_number(cn2an.an2cn(number)) == number
    assert parse_number(cn2an.an2cn(number, "up")) == number          # 壹贰叁 拾佰仟


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12), ("千万", 10**7)]))
def test_arabic_with_multiplier(number: Decimal, scale: tuple[str, int]) -> None:
    word, factor = scale
    found = parse_number(f"{number:f}{word}")
    if number == 0:
        assert found in (None, 0)
    else:
        assert found == number * factor


NUMERAL_CHARS = "0123456789.,，％%‰-−零〇一二两三四五六七八九十百千万亿点分之成倍番余多个几廿壹拾佰仟萬億 "


@settings(max_examples=500)
@given(st.text(alphabet=NUMERAL_CHARS, max_size=14) | st.text(max_size=14))
def test_never_raises(text: str) -> None:
    found = parse_number(text)
    assert found is None or (type(found) is Decimal and found >= 0)
    order = parse_order(text)
    assert order is None or type(order) is Decimal


def test_doctests() -> None:
    import doctest

    import indicators.numerals

    assert doctest.testmod(indicators.numerals).failed == 0
