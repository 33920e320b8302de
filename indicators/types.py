"""Result types of the extractor: frozen, no logic beyond trivial accessors.

Offsets are half-open ``[start, end)`` Python ``str`` indices into the text
exactly as it was decoded from disk; nothing here is ever recomputed from a
normalised copy.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import NamedTuple


class Qualifier(str, Enum):
    """How the written figure relates to the true value (MENTIONS.md)."""

    EXACT = "exact"
    APPROX = "approx"
    OVER = "over"
    UNDER = "under"
    NEARLY = "nearly"
    ORDER = "order"


class Change(str, Enum):
    """Whether a figure is a change rather than a level."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Field(NamedTuple):
    """A context phrase and where it sits in the original text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One quantity mention: a number with its unit, value and context."""

    start: int
    end: int
    text: str  # == original_text[start:end], always
    value: Decimal  # in the base unit: 1234.5亿元 -> 123450000000
    unit: str  # canonical unit: 元 人 % 个百分点 亩 ...
    family: str  # currency, count, percent, ... (MENTIONS.md)
    value_max: Decimal | None = None  # upper end of a range: 2至3年 -> 3
    qualifier: Qualifier = Qualifier.EXACT
    change: Change | None = None
    indicator: Field | None = None
    subject: Field | None = None
    period: Field | None = None
    year: int | None = None  # normalised year of the period, when known
    sentence: Field | None = None  # the sentence the mention sits in
    article: Field | None = None  # headline of the article the mention sits in
    duplicate_of: int | None = None  # start of the same mention in the first copy of a repeated paragraph
    rule: str = ""  # which rule produced it: "num-unit", "unit-from-header", ...


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input document."""

    id: str
    text: str
    encoding: str | None = None
    path: str | None = None
    year: int | None = None  # the document's year, when known from metadata or --year
