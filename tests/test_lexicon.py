"""The word tables: the package's lexicon loads and validates, and a broken table names file:line.

`load_lexicon()` reads the package's own data/ folder and takes no directory, so the broken-table
tests copy data/*.csv into tmp_path, break one row, and point `importlib.resources.files` (which
the loader calls) at the copy for the duration of the test.
"""
from __future__ import annotations

import csv
import dataclasses
import shutil
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from indicators import lexicon
from indicators.lexicon import LexiconError, default_lexicon, load_lexicon
from indicators.types import Change, Qualifier

DATA = Path(lexicon.__file__).parent / "data"
FAMILIES = {"currency", "count", "percent", "percentage_point", "ratio", "area", "mass", "volume",
            "energy", "length", "other", "duration", "age", "rank"}


def test_package_lexicon_loads() -> None:
    lex = load_lexicon()
    assert {u.family for u in lex.units.values()} <= FAMILIES
    for surface, unit, family in [("元", "元", "currency"), ("美元", "美元", "currency"), ("%", "%", "percent"),
                                  ("‰", "‰", "percent"), ("个百分点", "个百分点", "percentage_point"),
                                  ("亩", "亩", "area"), ("公顷", "公顷", "area"), ("吨", "吨", "mass"),
                                  ("立方米", "立方米", "volume"), ("千瓦时", "千瓦时", "energy"),
                                  ("公里", "公里", "length"), ("岁", "岁", "age"), ("人", "人", "count")]:
        assert (lex.units[surface].unit, lex.units[surface].family) == (unit, family), surface
    assert lex.scales["万"] == Decimal(10_000) and lex.scales["亿"] == Decimal(100_000_000)
    assert lex.qualifiers[("before", "约")] is Qualifier.APPROX
    assert lex.qualifiers[("after", "以上")] is Qualifier.OVER
    assert lex.qualifiers[("before", "不足")] is Qualifier.UNDER
    assert lex.qualifiers[("before", "近")] is Qualifier.NEARLY
    assert lex.changes["增长"] is Change.INCREASE and lex.changes["下降"] is Change.DECREASE


def test_default_lexicon_is_built_once_and_immutable() -> None:
    lex = default_lexicon()
    assert default_lexicon() is lex
    with pytest.raises(TypeError):
        lex.units["新单位"] = lex.units["元"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.units = {}  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.csv")), ids=lambda p: p.name)
def test_every_table_is_rectangular_utf8_csv(path: Path) -> None:
    """Every row of every table (also those read outside lexicon.py) has the header's columns."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header and all(header) and len(set(header)) == len(header), f"{path.name}:1: bad header {header}"
    for number, row in enumerate(rows[1:], 2):
        if row:
            assert len(row) == len(header), f"{path.name}:{number}: {len(row)} fields, header has {len(header)}"
            assert row[0].strip(), f"{path.name}:{number}: empty {header[0]}"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that load_lexicon() reads instead of the package's own."""
    shutil.copytree(DATA, tmp_path / "data")
    original = resources.files
    monkeypatch.setattr(resources, "files", lambda package: tmp_path if package == "indicators" else original(package))
    return tmp_path / "data"


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def put(path: Path, line: int, row: str) -> None:
    """Insert `row` so that it becomes line `line` of the file (1-based; -1 appends)."""
    lines = lines_of(path)
    lines.insert(len(lines) if line == -1 else line - 1, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_copy_is_what_the_loader_reads(data_copy: Path) -> None:
    """Guards the tests below: an intact copy loads, a broken copy is noticed."""
    load_lexicon()
    put(data_copy / "units.csv", -1, "坏单位,坏单位,no-such-family,any,")
    with pytest.raises(LexiconError):
        load_lexicon()


BROKEN = [
    # (file, line the bad row becomes (-1: appended), bad row, words the message must contain)
    ("units.csv", -1, "元,元,currency,any,", "duplicate"),
    ("units.csv", -1, "坏单位,坏单位,weight,any,", "family"),
    ("units.csv", 5, "坏单位,坏单位,count,sometimes,", "scope"),
    ("units.csv", 3, ",元,currency,any,", "empty"),
    ("scales.csv", -1, "坏,many,", "not a number"),
    ("scales.csv", 2, "半,0.5,", "whole number"),
    ("qualifiers.csv", 4, "差不多,before,roughly,", "qualifier"),
    ("qualifiers.csv", -1, "差不多,around,approx,", "position"),
    ("changes.csv", 2, "飙升,soar,", "change"),
    ("contexts.csv", -1, "no_such_kind,词,", "kind"),
]


@pytest.mark.parametrize(("name", "line", "row", "words"), BROKEN,
                         ids=[f"{b[0]}-{b[3].replace(' ', '_')}" for b in BROKEN])
def test_broken_row_names_file_and_line(data_copy: Path, name: str, line: int, row: str, words: str) -> None:
    path = data_copy / name
    put(path, line, row)
    where = len(lines_of(path)) if line == -1 else line
    with pytest.raises(LexiconError) as raised:
        load_lexicon()
    message = str(raised.value)
    assert f"{name}:{where}:" in message, message
    assert words in message, message


def test_missing_column_names_line_one(data_copy: Path) -> None:
    path = data_copy / "units.csv"
    lines = lines_of(path)
    lines[0] = lines[0].replace("family", "kind")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"units\.csv:1:"):
        load_lexicon()


def test_line_numbers_count_blank_lines(data_copy: Path) -> None:
    """A blank line left in a table (easy to do in a spreadsheet) must not shift the line named."""
    path = data_copy / "units.csv"
    put(path, 3, "")
    put(path, 6, "坏单位,坏单位,weight,any,")
    with pytest.raises(LexiconError) as raised:
        load_lexicon()
    assert "units.csv:6:" in str(raised.value), str(raised.value)
