"""A small hand-made dataset with every context field, for frame, export and chart tests.

The documents are written here and each mention's spans are found in them, so
the offsets are real: ``text[start:end] == mention.text`` for every field.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from indicators.frame import to_frame
from indicators.types import Change, Field, Mention, Qualifier

HEADLINE_A = "珠晖区经济社会发展综述"
HEADLINE_B = "衡阳市各区县2019年主要指标"

# (sentence, [(mention text, value, unit, family, indicator, subject, period, year, extra)])
DOC_A = [
    (HEADLINE_A + "\n\n", []),
    ("2016年，珠晖区地区生产总值120亿元。", [("120亿元", "12000000000", "元", "currency", "地区生产总值", "珠晖区", "2016年", 2016, {})]),
    ("2017年，该区地区生产总值150亿元。", [("150亿元", "15000000000", "元", "currency", "地区生产总值", "珠晖区", "2017年", 2017, {})]),
    ("2018年，该区地区生产总值168亿元，增长-12.4%。", [
        ("168亿元", "16800000000", "元", "currency", "地区生产总值", "珠晖区", "2018年", 2018, {}),
        ("-12.4%", "12.4", "%", "percent", "地区生产总值", "珠晖区", "2018年", 2018, {"change": Change.DECREASE}),
    ]),
    ("目前，珠晖区建档立卡贫困户950户2450人，贫困发生率由2014年的3.8%降至2019年的0.22%。", [
        ("950户", "950", "户", "count", "建档立卡贫困户", "珠晖区", "目前", None, {}),
        ("2450人", "2450", "人", "count", "建档立卡贫困户", "珠晖区", "目前", None, {}),
        ("3.8%", "3.8", "%", "percent", "贫困发生率", "珠晖区", "2014年", 2014, {}),
        ("0.22%", "0.22", "%", "percent", "贫困发生率", "珠晖区", "2019年", 2019, {"change": Change.DECREASE}),
    ]),
    ("整合涉农资金3299余万元，每年接待游客80万人次，为期2至3年。", [
        ("3299余万元", "32990000", "元", "currency", "涉农资金", None, None, None, {"qualifier": Qualifier.OVER}),
        ("80万人次", "800000", "人次", "count", "游客", None, "每年", None, {}),
        ("2至3年", "2", "年", "duration", None, None, None, None, {"value_max": "3"}),
    ]),
]
DOC_B = [
    (HEADLINE_B + "\n\n", []),
    ("2019年，珠晖区地区生产总值185.6亿元，雁峰区地区生产总值160亿元，石鼓区地区生产总值210亿元。", [
        ("185.6亿元", "18560000000", "元", "currency", "地区生产总值", "珠晖区", "2019年", 2019, {}),
        ("160亿元", "16000000000", "元", "currency", "地区生产总值", "雁峰区", "2019年", 2019, {}),
        ("210亿元", "21000000000", "元", "currency", "地区生产总值", "石鼓区", "2019年", 2019, {}),
    ]),
    ("=SUM(A1)说明：全市募集善款65100元，@全体 +1。", [
        ("65100元", "65100", "元", "currency", "=SUM(A1)说明", "全市", None, None, {}),
    ]),
    ("全市募集善款65100元。", [("65100元", "65100", "元", "currency", "善款", "全市", None, None, {})]),
    ("全市募集善款65100元。", [("65100元", "65100", "元", "currency", "善款", "全市", None, None, {"duplicate": True})]),
]


def _field(text: str, phrase: str | None, within: tuple[int, int]) -> Field | None:
    if phrase is None:
        return None
    start = text.find(phrase, *within)
    if start < 0:       # an inherited subject (该区 -> 珠晖区) sits in an earlier sentence
        start = text.rfind(phrase, 0, within[0])
    return Field(phrase, start, start + len(phrase)) if start >= 0 else None


def build(spec: list) -> tuple[str, list[Mention]]:
    """Document text and its mentions from a spec like :data:`DOC_A`."""
    text = "".join(sentence for sentence, _ in spec)
    headline = spec[0][0].strip()
    mentions, cursor, first_copy = [], 0, {}
    for sentence, items in spec:
        begin = text.index(sentence, cursor)
        end = begin + len(sentence)
        cursor_in = begin
        for surface, value, unit, family, indicator, subject, period, year, extra in items:
            start = text.index(surface, cursor_in)
            cursor_in = start + len(surface)
            duplicate_of = first_copy.get((sentence, surface)) if extra.get("duplicate") else None
            first_copy.setdefault((sentence, surface), start)
            mentions.append(Mention(
                start=start, end=start + len(surface), text=surface, value=Decimal(value), unit=unit,
                family=family, value_max=Decimal(extra["value_max"]) if "value_max" in extra else None,
                qualifier=extra.get("qualifier", Qualifier.EXACT), change=extra.get("change"),
                indicator=_field(text, indicator, (begin, end)), subject=_field(text, subject, (begin, end)),
                period=_field(text, period, (begin, end)), year=year,
                sentence=Field(sentence.rstrip("\n"), begin, begin + len(sentence.rstrip("\n"))),
                article=Field(headline, 0, len(headline)), duplicate_of=duplicate_of, rule="hand-made",
            ))
        cursor = end
    return text, mentions


def sample_texts() -> dict[str, str]:
    return {"a.txt": build(DOC_A)[0], "b.txt": build(DOC_B)[0]}


def sample_frame() -> pd.DataFrame:
    """The two hand-made documents as one typed frame."""
    return to_frame({"a.txt": build(DOC_A)[1], "b.txt": build(DOC_B)[1]})


def bare_frame() -> pd.DataFrame:
    """The same mentions with every context field null, as an extractor without context gives."""
    frame = sample_frame()
    for name in ("indicator", "subject", "period", "article", "sentence"):
        frame[name] = pd.Series(pd.NA, index=frame.index, dtype="string")
    for name in ("year", "indicator_start", "indicator_end", "subject_start", "subject_end",
                 "period_start", "period_end", "sentence_start", "sentence_end"):
        frame[name] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    return frame
