"""Result types of the extractor: frozen, no logic beyond trivial accessors.

Offsets are half-open ``[start, end)`` Python ``str`` indices into the text
exactly as it was decoded from disk; nothing here is ever recomputed from a
normalised copy.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from decimal import Decimal
from enum import Enum
from typing import NamedTuple


def slot_init(cls):
    """Give a frozen, slotted dataclass declared with ``init=False`` the ``__init__`` that
    ``dataclass`` would write, one that fills the slots through their descriptors.

    A frozen dataclass's own ``__init__`` sets each field with ``object.__setattr__``
    (a global lookup and a call per field), about twice the cost; that counts for the
    objects made by the thousand per document (mentions, names, time phrases).  The
    instances stay frozen: assigning a field afterwards still raises.
    """
    namespace, params, body = {}, [], []
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: slot_init does not take default factories")
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body) or '    pass'}", namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in fields(cls)} | {"return": None}
    cls.__init__ = init
    return cls


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


@slot_init
@dataclass(frozen=True, slots=True, init=False)
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
