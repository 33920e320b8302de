"""Loads and validates the word tables of ``data/*.csv`` into an immutable Lexicon.

Words are data and grammar is code: every unit, multiplier, qualifier, change
verb and context word lives in a CSV table that a linguist can edit in a
spreadsheet; ``patterns.py`` composes them into regular expressions.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from .types import Change, Qualifier

FAMILIES = frozenset({
    "currency", "count", "percent", "percentage_point", "ratio", "area", "mass", "volume",
    "energy", "length", "other", "duration", "age", "rank",
})
SCOPES = frozenset({"any", "arabic", "chinese", "never"})
POSITIONS = frozenset({"before", "after", "inside"})
CONTEXT_KINDS = frozenset({
    "block_before", "duration_block_after", "after_block", "group_noun", "rank_verb",
    "strip_left", "strip_right", "pure_verb", "np_stop", "subject_suffix", "generic_place", "generic_alone", "place_follow", "name_stop",
})


class LexiconError(ValueError):
    """A broken lexicon file; the message names file:line."""


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str
    unit: str
    family: str
    scope: str  # "any", "arabic" (only after Arabic digits), "chinese", "never" (documented exclusion)


@dataclass(frozen=True, eq=False)  # identity hash: one lexicon, compiled once
class Lexicon:
    """All word tables, validated; build once with :func:`default_lexicon`."""

    units: Mapping[str, Unit]
    scales: Mapping[str, Decimal]
    qualifiers: Mapping[tuple[str, str], Qualifier]  # (position, surface) -> qualifier
    changes: Mapping[str, Change | None]
    contexts: Mapping[str, frozenset[str]]

    def unit_surfaces(self, scope: str | None = None) -> list[str]:
        """Unit surfaces usable after a number of this kind ("arabic" or "chinese"); None: after
        either (every unit but those of scope "never", which are only looked up)."""
        if scope is None:
            return [u.surface for u in self.units.values() if u.scope != "never"]
        return [u.surface for u in self.units.values() if u.scope in ("any", scope)]

    def qualifier_words(self, position: str) -> list[str]:
        return [s for (p, s) in self.qualifiers if p == position]

    def words(self, kind: str) -> frozenset[str]:
        return self.contexts.get(kind, frozenset())


def _rows(name: str, columns: tuple[str, ...]):
    text = resources.files("indicators").joinpath("data", name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise LexiconError(f"data/{name}:1: missing columns {missing}")
    for row in reader:
        where = f"data/{name}:{reader.line_num}"
        if None in row or any(v is None for v in row.values()):
            raise LexiconError(f"{where}: wrong number of fields (quote a note that holds a comma)")
        if not (row.get(columns[0]) or "").strip():
            raise LexiconError(f"{where}: empty {columns[0]}")
        yield where, row


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for where, row in _rows("units.csv", ("surface", "unit", "family", "scope")):
        if row["surface"] in units:
            raise LexiconError(f"{where}: duplicate surface {row['surface']!r}")
        if row["family"] not in FAMILIES:
            raise LexiconError(f"{where}: unknown family {row['family']!r}")
        if row["scope"] not in SCOPES:
            raise LexiconError(f"{where}: unknown scope {row['scope']!r}")
        units[row["surface"]] = Unit(row["surface"], row["unit"], row["family"], row["scope"])
    return units


def _load_scales() -> dict[str, Decimal]:
    scales: dict[str, Decimal] = {}
    for where, row in _rows("scales.csv", ("surface", "factor")):
        if row["surface"] in scales:
            raise LexiconError(f"{where}: duplicate surface {row['surface']!r}")
        try:
            factor = Decimal(row["factor"])
        except InvalidOperation:
            raise LexiconError(f"{where}: factor {row['factor']!r} is not a number") from None
        if factor != int(factor) or factor <= 1:
            raise LexiconError(f"{where}: factor {row['factor']!r} must be a whole number > 1")
        scales[row["surface"]] = factor
    return scales


def _load_qualifiers() -> dict[tuple[str, str], Qualifier]:
    out: dict[tuple[str, str], Qualifier] = {}
    for where, row in _rows("qualifiers.csv", ("surface", "position", "qualifier")):
        if row["position"] not in POSITIONS:
            raise LexiconError(f"{where}: unknown position {row['position']!r}")
        try:
            qualifier = Qualifier(row["qualifier"])
        except ValueError:
            raise LexiconError(f"{where}: unknown qualifier {row['qualifier']!r}") from None
        key = (row["position"], row["surface"])
        if key in out:
            raise LexiconError(f"{where}: duplicate {key}")
        out[key] = qualifier
    return out


def _load_changes() -> dict[str, Change | None]:
    out: dict[str, Change | None] = {}
    for where, row in _rows("changes.csv", ("surface", "change")):
        if row["surface"] in out:
            raise LexiconError(f"{where}: duplicate surface {row['surface']!r}")
        if row["change"] == "none":
            out[row["surface"]] = None
            continue
        try:
            out[row["surface"]] = Change(row["change"])
        except ValueError:
            raise LexiconError(f"{where}: unknown change {row['change']!r}") from None
    return out


def _load_contexts(units: Mapping[str, Unit]) -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {k: set() for k in CONTEXT_KINDS}
    usable = [s for s, u in units.items() if u.scope != "never"]
    for where, row in _rows("contexts.csv", ("kind", "surface")):
        kind, word = row["kind"], row["surface"]
        if kind not in CONTEXT_KINDS:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
        if word in kinds[kind]:
            raise LexiconError(f"{where}: duplicate {kind} {word!r}")
        if kind == "after_block" and not any(word.startswith(u) and len(word) > len(u) for u in usable):
            raise LexiconError(f"{where}: after_block word {word!r} must begin with a unit and be longer")
        kinds[kind].add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def load_lexicon() -> Lexicon:
    """Read and validate every table (raises LexiconError naming file:line)."""
    units = _load_units()
    return Lexicon(
        units=MappingProxyType(units),
        scales=MappingProxyType(_load_scales()),
        qualifiers=MappingProxyType(_load_qualifiers()),
        changes=MappingProxyType(_load_changes()),
        contexts=MappingProxyType(_load_contexts(units)),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The package's lexicon, built once."""
    return load_lexicon()


class WordSet:
    """A word list that answers "which word starts (or ends) here?" with a few slices.

    Checking a position against a list of words one ``startswith`` at a time costs
    a call per word; slicing once per distinct word length and looking the slice up
    in a set costs a handful, whatever the size of the list.  The lengths are kept
    per first (and last) character, so most positions cost one dictionary lookup
    and only the lengths of words that can match there are tried.
    """

    __slots__ = ("words", "lengths", "by_first", "by_last")

    def __init__(self, words) -> None:
        self.words = frozenset(w for w in words if w)
        self.lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))
        self.by_first = self._lengths_by(lambda w: w[0])
        self.by_last = self._lengths_by(lambda w: w[-1])

    def _lengths_by(self, char) -> dict[str, tuple[int, ...]]:
        """{character: the lengths of the words it starts (ends), longest first}."""
        found: dict[str, set[int]] = {}
        for w in self.words:
            found.setdefault(char(w), set()).add(len(w))
        return {c: tuple(sorted(n, reverse=True)) for c, n in found.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def starting(self, text: str, pos: int, end: int | None = None) -> str:
        """Longest word of the set that starts at ``pos`` (and ends by ``end``), or ""."""
        limit = len(text) if end is None else end
        if pos >= limit:
            return ""
        lengths = self.by_first.get(text[pos])
        if lengths is None:
            return ""
        for n in lengths:
            if pos + n <= limit and text[pos:pos + n] in self.words:
                return text[pos:pos + n]
        return ""

    def ending(self, text: str, end: int, start: int = 0) -> str:
        """Longest word of the set that ends at ``end`` (and starts at or after ``start``), or ""."""
        if end <= start:
            return ""
        lengths = self.by_last.get(text[end - 1])
        if lengths is None:
            return ""
        for n in lengths:
            if end - n >= start and text[end - n:end] in self.words:
                return text[end - n:end]
        return ""
