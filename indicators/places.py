"""The gazetteer: place names and their abbreviations (data/places.csv, data/abbreviations.csv).

Loaded once, validated like the other tables (errors name file:line).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from .lexicon import LexiconError

LEVELS = frozenset({"province", "prefecture", "country", "scope"})


def _rows(name: str, columns: tuple[str, ...]) -> list[tuple[str, dict]]:
    text = resources.files("indicators").joinpath("data", name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise LexiconError(f"data/{name}:1: missing columns {missing}")
    rows = []
    for row in reader:
        where = f"data/{name}:{reader.line_num}"
        if None in row or not (row.get(columns[0]) or "").strip():
            raise LexiconError(f"{where}: malformed row")
        rows.append((where, row))
    return rows


@lru_cache(maxsize=1)
def gazetteer() -> tuple[str, ...]:
    """Place names, short and full (广东, 广东省, 衡阳, 衡阳市, 美国)."""
    names = set()
    for where, row in _rows("places.csv", ("name", "full", "level")):
        if row["level"] not in LEVELS:
            raise LexiconError(f"{where}: unknown level {row['level']!r}")
        for key in ("name", "full"):
            if len(row[key]) >= 2:
                names.add(row[key])
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def abbreviation_rows() -> tuple[tuple[str, str], ...]:
    """(abbreviation, what it stands for): 粤 广东, 广深 广州/深圳."""
    return tuple((row["abbr"], row["name"]) for _, row in _rows("abbreviations.csv", ("abbr", "name")))


@lru_cache(maxsize=1)
def abbreviations() -> str:
    """The one-character provincial abbreviations, as one string (粤苏鲁…)."""
    return "".join(abbr for abbr, _ in abbreviation_rows() if len(abbr) == 1)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every name a set of places can be written with: gazetteer names and combinations (广深, 京津冀)."""
    return frozenset(gazetteer()) | {abbr for abbr, _ in abbreviation_rows() if len(abbr) >= 2}
