"""Properties of extract() over arbitrary text (issue 6): it never raises, every span is the text
it claims, values are finite non-negative Decimals and a range's upper end is not below its lower one.

Text is drawn from every code point (lone surrogates and control characters included) and, more
often, from the pieces quantity mentions are made of, so that the patterns are actually exercised.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indicators.decoding import DecodeFailure
from indicators.documents import decode_bytes, text_document
from indicators.extract import extract

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
SEED_SENTENCES = [s + "。" for p in SEEDS for s in p.read_text(encoding="utf-8").split("。") if s.strip()][:400]
PIECES = (
    list("0123456789０１２３４５６７８９.．,，、%％‰-－—~ \n\t")
    + list("零〇一二两三四五六七八九十百千万亿壹贰叁点")
    + ["万亿", "亿元", "万元", "元", "美元", "个百分点", "百分之", "个", "户", "人次", "亩", "公顷", "吨", "倍",
       "成", "番", "岁", "年", "天", "第", "位", "名", "居", "约", "近", "超过", "余", "多", "左右", "以上",
       "不足", "增长", "下降", "降至", "至", "今年", "2019年", "该镇", "全市", "。", "：", "“", "”", "（亿元）",
       "单位：万元", "|", "\n\n", "<p>", "</p>", "\u3000", "\ufeff", "\x00", "\x1b", "\ud800", "\udfff", "😀"]
)
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
                   max_size=200)
MENTION_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.characters()), max_size=80).map("".join)
MIXED = st.one_of(ANY_TEXT, MENTION_TEXT, st.sampled_from(SEED_SENTENCES),
                  st.tuples(st.sampled_from(SEED_SENTENCES), MENTION_TEXT).map("".join))
SETTINGS = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def check_mentions(text: str) -> None:
    for m in extract(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert isinstance(m.value, Decimal) and m.value.is_finite() and m.value >= 0, m
        if m.value_max is not None:
            assert isinstance(m.value_max, Decimal) and m.value_max.is_finite()
            assert m.value_max >= m.value, m
        for field in (m.indicator, m.subject, m.period, m.sentence):
            if field is not None:
                assert 0 <= field.start <= field.end <= len(text) and text[field.start:field.end] == field.text


@SETTINGS
@given(MIXED)
@example("\ud8001.9万余人\udfff")
@example("收入\x005.68亿元\x1b")
@example("万" * 50 + "元")
def test_extract_never_raises_and_spans_hold(text):
    check_mentions(text)


@pytest.mark.parametrize("text", [
    pytest.param("1" * 400 + "元", id="400-digits"),  # context.tidy raised InvalidOperation past 28 digits
    pytest.param("1" * 28 + "元", id="28-digits"),
])
def test_known_hostile_texts(text):
    check_mentions(text)


@settings(deadline=None, max_examples=200)
@given(st.binary(max_size=300) | st.sampled_from(SEED_SENTENCES).map(lambda s: s.encode("gb18030")))
def test_decoding_never_raises_anything_else(data):
    """Any bytes: decoded text (then extracted), or a DecodeFailure with a message; nothing else."""
    for errors in ("strict", "replace"):
        try:
            text, encoding, notes = decode_bytes(data, errors=errors)
        except DecodeFailure as exc:
            assert str(exc)
            continue
        assert encoding and isinstance(notes, list)
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)  # writable as UTF-8
        check_mentions(text)


@settings(deadline=None, max_examples=200)
@given(ANY_TEXT)
def test_text_documents_keep_length(text):
    doc = text_document("x", text)
    assert len(doc.text) == len(text)
    doc.text.encode("utf-8")  # no lone surrogate is left
