"""slot_init: the fast __init__ of the result types behaves like the one dataclass writes."""
from __future__ import annotations

import dataclasses
import inspect
import pickle
from decimal import Decimal

import pytest

from indicators.periods import TimePhrase
from indicators.structure import Paragraph
from indicators.subjects import Entity
from indicators.types import Field, Mention, Qualifier, slot_init

TYPES = [Mention, Entity, TimePhrase, Paragraph]


def reference(cls):
    """The same fields as a frozen dataclass with the generated __init__."""
    return dataclasses.make_dataclass(cls.__name__, [(f.name, f.type, f) for f in dataclasses.fields(cls)],
                                      frozen=True)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_signature_is_the_generated_one(cls):
    assert str(inspect.signature(cls)) == str(inspect.signature(reference(cls)))


def test_mention_keeps_values_defaults_and_stays_frozen():
    f = Field("收入", 0, 2)
    m = Mention(0, 6, "5.68亿元", Decimal("568000000"), "元", "currency", indicator=f)
    assert (m.start, m.value, m.indicator, m.qualifier, m.rule, m.subject) == (0, Decimal("568000000"), f,
                                                                               Qualifier.EXACT, "", None)
    assert m == Mention(start=0, end=6, text="5.68亿元", value=Decimal("568000000"), unit="元",
                        family="currency", indicator=f)
    assert pickle.loads(pickle.dumps(m)) == m and hash(pickle.loads(pickle.dumps(m))) == hash(m)
    assert dataclasses.replace(m, end=7).end == 7
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.end = 7
    with pytest.raises(TypeError):
        Mention(0, 6)


def test_default_factories_are_refused():
    with pytest.raises(TypeError, match="default factories"):
        @slot_init
        @dataclasses.dataclass(frozen=True, slots=True, init=False)
        class Bad:
            items: list = dataclasses.field(default_factory=list)
