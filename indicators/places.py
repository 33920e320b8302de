"""The gazetteer: place names and their abbreviations (data/places.csv, data/abbreviations.csv).

Loaded once, validated like the other tables (errors name file:line).
"""
from __future__ import annotations

import csv
import re
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


@lru_cache(maxsize=1)
def gazetteer_pattern() -> re.Pattern:
    """Finds the gazetteer's names, the longest at each position (as an alternation of them would).

    Built for speed, because it runs over every document: a plain prefix tree of the
    names starts with a choice among hundreds of first characters, tried one by one
    wherever one of them (中 上 东 新 大…) stands.  Here the first character is only
    checked against the set of first characters, and so is the second; the tree holds
    the rest of every name, and each place a name may end checks with a lookbehind that
    the first character was one of the names ending there (广州 and 贵州 share 州).
    Longer names are tried first, so the first that passes is the longest (4x faster).
    """
    names = gazetteer()  # two characters or more
    if not names:
        return re.compile("(?!)")
    tree: dict = {}
    for name in names:
        node = tree
        for ch in name[1:]:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(name[0])  # the first characters of the names ending here

    def build(node: dict, path: str) -> str:
        branches = [re.escape(ch) + build(child, path + ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append(f"(?<=[{_chars(node[''])}]{re.escape(path)})")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(f"[{_chars(n[0] for n in names)}](?=[{_chars(n[1] for n in names)}])" + build(tree, ""))


def _chars(chars) -> str:
    """The body of a character class holding ``chars``."""
    return "".join(re.escape(c) for c in sorted(set(chars)))
