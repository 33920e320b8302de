"""The document-wide scans skip positions with a lookahead on their first characters
(patterns.candidate_lookahead, periods.TIME_START/TIME_SECOND/TIME_DIGIT_NEXT and TIME_SCAN,
places.gazetteer_pattern) or group an alternation by first character (the candidate's
units), and file decoding skips characters that cannot lower a score (decoding.SAFE).
These properties check that the shortcut never changes what is found: each fast
pattern finds exactly the matches of the plain pattern it stands for.  A new
alternative in a grammar whose first characters are not in the lookahead fails here.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indicators.decoding import LOWERING, UNSAFE, _score, _unblemished
from indicators.lexicon import default_lexicon
from indicators.patterns import CANDIDATE_START, alternation, candidate_lookahead, first_char_alternation, patterns_for
from indicators.periods import TIME, TIME_DIGIT_NEXT, TIME_SECOND, TIME_START, find_times
from indicators.places import gazetteer, gazetteer_pattern

GAZETTEER = sorted(gazetteer())
UNITS = sorted(u.surface for u in default_lexicon().units.values() if u.scope != "never")
TIME_WORDS = ["2019年", "二〇二三年", "今年", "去年", "上半年", "一季度", "第三季度", "3月", "十二月", "1-3月",
              "2019—2021年", "过去五年", "近3个月", "连续5年", "5年来", "投产3年内", "“十四五”期间", "近年来",
              "目前", "现阶段", "年初以来", "年底", "年末", "全年", "前三季度", "同年", "此前", "日前", "当前", "以来",
              "月份", "日", "中旬"]
FIGURE_WORDS = ["居", "第", "首位", "百分之", "上千", "数十", "几百", "十几万", "万元", "亿元", "个百分点", "%", "人",
                "位", "名", "余", "多", "约", "近", "左右", "以上", "及以上", "、", "和", "至", "—", "-", ".", ",", "\n", "\n\n"]
CHARS = (list("0123456789零〇一二两三四五六七八九十百千万亿壹贰叁拾佰仟点年月日的，。")
         + list(CANDIDATE_START.replace("0-9", "")) + list(TIME_START))
PIECES = st.one_of(st.sampled_from(CHARS), st.sampled_from(TIME_WORDS), st.sampled_from(FIGURE_WORDS),
                   st.sampled_from(GAZETTEER), st.sampled_from(UNITS))
TEXT = st.lists(st.one_of(PIECES, st.characters(max_codepoint=0x9fff)), max_size=60).map("".join)
SETTINGS = settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])


def spans(pattern: re.Pattern, text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def without(pattern: re.Pattern, shortcut: str, plain: str = "") -> re.Pattern:
    """``pattern`` with its ``shortcut`` (a lookahead, a grouped alternation) replaced by ``plain``."""
    assert shortcut in pattern.pattern
    return re.compile(pattern.pattern.replace(shortcut, plain, 1), pattern.flags)


PLAIN_CANDIDATE = without(without(patterns_for(default_lexicon()).candidate, candidate_lookahead(default_lexicon())),
                          first_char_alternation(UNITS), alternation(UNITS))
PLAIN_TIME = without(without(TIME, f"(?=[{TIME_START}][{TIME_SECOND}])"), f"(?![0-9]++[^{TIME_DIGIT_NEXT}])")
PLAIN_GAZETTEER = re.compile(alternation(GAZETTEER))


@SETTINGS
@given(TEXT)
@example("居96位，位居全国首位，第3位")  # one example that starts each alternative
@example("百分之四十六点二，上千万元，数十亿元，几百人，十几万元，两千元，壹佰元，1,200万元")
@example("一点五亿元，3.5万元，几十人，三余万元，5\n\n家，第二名，七 \t台，二〇二三年")  # each kind of second character
def test_candidate_lookahead_changes_nothing(text):
    assert spans(patterns_for(default_lexicon()).candidate, text) == spans(PLAIN_CANDIDATE, text)


@SETTINGS
@given(st.lists(st.text("元美/吨人次民币", max_size=4), max_size=8),
       st.lists(st.sampled_from("元美/吨人次民币x"), max_size=30).map("".join))
@example(["元", "元/吨", "美元", "元人民币", ""], "美元/吨元人民币元x")
def test_first_char_alternation_matches_as_alternation(words, text):
    assert spans(re.compile(first_char_alternation(words)), text) == spans(re.compile(alternation(words)), text)


@SETTINGS
@given(TEXT)
@example("2019年底，二〇二三年，今年以来，去年，3月，十二月，1-3月，2019—2021年，过去五年，近3个月，连续5年")
@example("5年来，投产3年内，“十四五”期间，近年来，近日，目前，现阶段，此前，日前，上半年，第三季度，全年，年末，年底")
def test_time_lookahead_changes_nothing(text):
    assert spans(TIME, text) == spans(PLAIN_TIME, text)


@SETTINGS
@given(TEXT)
@example("2019年末，比上年同期，2014年的3.8%，1-3月份，前三季度以来")  # phrases inside phrases
def test_time_scan_finds_what_time_finds(text):
    """find_times runs TIME_SCAN (TIME tried from each of its first characters only)."""
    assert [(t.start, t.end, t.text, t.base, t.bound) for t in find_times(text)] == [
        (*m.span(), m["t"], m["base"] is not None, m["bound"] is not None) for m in TIME.finditer(text)]


@SETTINGS
@given(TEXT)
def test_gazetteer_pattern_finds_the_longest_names(text):
    assert [m.span() for m in gazetteer_pattern().finditer(text)] == \
        [m.span() for m in PLAIN_GAZETTEER.finditer(text)]



def test_safe_characters_never_lower_a_score():
    """Every character of decoding.SAFE is one LOWERING does not match (the whole BMP is checked)."""
    wrong = [hex(c) for c in range(0x10000) if UNSAFE.match(chr(c)) is None and LOWERING.match(chr(c))]
    assert wrong == []


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(CHARS), st.characters(codec="utf-8")), max_size=80).map("".join))
@example("统计公报■〇∶ａ\ufffd")
def test_unblemished_reading_scores_clean(text):
    """The shortcut of ``decoding.detect`` holds exactly when no character lowers the score, so
    what it accepts ``_score`` finds clean with a value of at least 0."""
    data = text.encode("utf-8")
    blemish = any(LOWERING.match(ch) for ch in text)
    assert _unblemished(data, "utf-8") == (bool(text) and not blemish)
    if _unblemished(data, "utf-8"):
        score = _score(data, "utf-8")
        assert score.clean and score.value >= 0
