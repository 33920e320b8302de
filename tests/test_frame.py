"""The tidy dataset: columns, dtypes, nulls, and the analysis helpers."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from sample_frame import DOC_A, bare_frame, build, sample_frame

from indicators import to_frame
from indicators.analysis import display_values, is_level, labels, largest, years
from indicators.frame import (
    COLUMNS,
    CONTRACT_COLUMNS,
    DTYPES,
    drop_duplicates,
    empty_frame,
    format_value,
    rescale,
    typed,
    wide,
)
from indicators.types import Field, Mention


def dtypes_of(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(frame[name].dtype) for name in COLUMNS}


EXPECTED = {name: ("string" if dtype == "string" else dtype) for name, dtype in DTYPES.items()}


@pytest.mark.parametrize("make", [sample_frame, bare_frame, empty_frame], ids=lambda f: f.__name__)
def test_columns_and_dtypes(make):
    frame = make()
    assert tuple(frame.columns[: len(COLUMNS)]) == COLUMNS
    assert COLUMNS[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert dtypes_of(frame) == EXPECTED
    for name in ("indicator", "subject", "period", "article", "sentence", "value_exact"):
        assert frame[name].dtype.na_value is pd.NA        # nullable strings, not NaN-backed str


def test_values_float_and_exact():
    frame = sample_frame()
    _, mentions = build(DOC_A)
    rows = frame[frame["doc"] == "a.txt"]
    assert [Decimal(v) for v in rows["value_exact"]] == [m.value for m in mentions]
    assert rows["value"].tolist() == [float(m.value) for m in mentions]
    ranged = rows[rows["text"] == "2至3年"].iloc[0]
    assert (ranged["value"], ranged["value_max"], ranged["value_max_exact"]) == (2.0, 3.0, "3")


def test_spans_point_into_the_text():
    text, mentions = build(DOC_A)
    frame = to_frame(mentions, doc="a.txt")
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.text
        for kind in ("indicator", "subject", "period", "sentence"):
            start, end = getattr(row, f"{kind}_start"), getattr(row, f"{kind}_end")
            if pd.notna(start):
                assert text[start:end] == getattr(row, kind)


def test_categories_are_fixed_and_never_lose_a_value():
    odd = Mention(start=0, end=2, text="3只", value=Decimal(3), unit="只", family="newfamily")
    frame = to_frame([odd])
    assert frame.loc[0, "family"] == "newfamily"
    assert list(frame["family"].cat.categories[:3]) == ["currency", "count", "percent"]
    assert list(frame["qualifier"].cat.categories) == ["exact", "approx", "over", "under", "nearly", "order"]
    assert pd.isna(frame.loc[0, "change"])


def test_typed_restores_dtypes_from_text():
    frame = sample_frame()
    as_text = frame.astype(object).where(frame.notna(), None).astype(str).replace("None", None)
    back = typed(as_text)
    assert dtypes_of(back) == EXPECTED
    pd.testing.assert_series_equal(back["value"], frame["value"])
    pd.testing.assert_series_equal(back["year"], frame["year"])


def test_drop_duplicates_keeps_first_copies():
    frame = sample_frame()
    kept = drop_duplicates(frame)
    assert len(kept) == len(frame) - 1
    assert kept["duplicate_of"].isna().all()


def test_wide_by_period_in_yi_yuan():
    table = wide(sample_frame(), unit="亿元")
    assert list(table.columns) == ["2016年", "2017年", "2018年", "2019年"]
    assert table.loc["地区生产总值", "2017年"] == 150
    assert table.loc["地区生产总值", "2019年"] == 185.6          # the first figure of 2019


def test_wide_by_subject_and_year():
    by_subject = wide(sample_frame(), unit="元", by="subject")
    assert by_subject.loc["地区生产总值", "石鼓区"] == 21000000000
    by_year = wide(sample_frame(), unit="%", by="year", changes=True)
    assert by_year.loc[("贫困发生率", "level"), 2014] == 3.8
    assert by_year.loc[("贫困发生率", "decrease"), 2019] == 0.22
    with pytest.raises(ValueError):
        wide(sample_frame(), unit="元", by="doc")


def test_helpers_work_without_context():
    frame = bare_frame()
    assert wide(frame, unit="元").empty
    assert years(frame).isna().all()
    assert labels(frame).str.contains("（a.txt）|（b.txt）").all()
    assert len(largest(frame, "元", 3)) == 3
    empty = empty_frame()
    assert wide(empty, unit="元").empty and largest(empty).empty and display_values(empty).empty


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (568000000, "元", "5.68亿元"), (32990000, "元", "3299万元"), (19000, "人", "1.9万人"),
    (8027, "人", "8027人"), (21.1, "%", "21.1%"), (3.82, "个百分点", "3.82个百分点"),
    (1.2e12, "元", "1.2万亿元"), (46695, "吨", "4.6695万吨"), (72, "岁", "72岁"), (None, "元", ""),
])
def test_format_value(value, unit, shown):
    assert format_value(value, unit) == shown


def test_rescale_picks_one_multiplier():
    values, unit = rescale(pd.Series([568000000.0, 32990000.0]), "元")
    assert unit == "亿元" and values.tolist() == [5.68, 0.3299]
    assert rescale(pd.Series([21.1, 150000.0]), "%")[1] == "%"
    assert rescale(pd.Series([], dtype=float), "元")[1] == "元"


def test_years_from_period_when_year_is_missing():
    frame = sample_frame()
    frame["year"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    assert years(frame).dropna().astype(int).tolist() == [2016, 2017, 2018, 2018, 2014, 2019, 2019, 2019, 2019]


def test_labels_use_context_then_sentence():
    frame = sample_frame()
    assert labels(frame).iloc[0] == "珠晖区 · 地区生产总值 · 2016年"
    no_context = frame.assign(indicator=pd.NA, subject=pd.NA, period=pd.NA)
    assert labels(no_context).iloc[0] == "…珠晖区地区生产总值120亿元"


def test_to_frame_of_a_mapping_names_documents():
    _, mentions = build(DOC_A)
    frame = to_frame({"x.txt": mentions[:2], "y.txt": mentions[2:3]})
    assert frame["doc"].tolist() == ["x.txt", "x.txt", "y.txt"]
    assert frame.loc[0, "subject"] == "珠晖区"
    assert to_frame([Mention(start=0, end=2, text="5人", value=Decimal(5), unit="人", family="count",
                             subject=Field("全市", 3, 5))]).loc[0, "subject_start"] == 3


def test_a_level_reached_is_a_level():
    frame = sample_frame()
    level = is_level(frame)
    assert not level[frame["text"] == "-12.4%"].any()              # 增长-12.4%: a change
    assert level[frame["text"] == "0.22%"].all()                   # 降至…0.22%: the level reached
    assert wide(frame, unit="%", by="year").loc["贫困发生率"].tolist() == [3.8, 0.22]
    assert not is_level(bare_frame())[bare_frame()["change"].notna()].any()   # no sentence: stays a change
