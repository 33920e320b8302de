"""Time phrases (the ``period`` of a figure) and their normalised year.

All time phrases of a document are found in one pass; the context module then
picks the one that governs each figure.  Comparison bases (比上年, 较去年同期,
比一季度) are found too but marked, because they are never a period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .types import slot_init

DIGIT_YEAR = r"(?:[12][0-9]{3}|[〇零一二三四五六七八九]{4})年"
MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY_NUM = r"(?:[12][0-9]|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
YEAR_PART = r"(?:上半年|下半年|前三季度|前[一二三四五六七八九十]{1,2}个月|第?[一二三四]季度|年初|年末|年底|年中|全年|末|底|初|度)"
# An optional part of several characters is written (?:…|), not (?:…)?: the same tries in
# the same order, without the engine's repeat bookkeeping (patterns.ARABIC does the same).
DAY_PART = r"(?:上午|下午|晚上|晚间|凌晨|中午|早上|晚|)(?:[0-9]{1,2}时|)"
MONTH = rf"(?:{MONTH_NUM}[—\-~至到]|){MONTH_NUM}月(?:份)?(?:{DAY_NUM}日{DAY_PART}|底|末|初|中旬|上旬|下旬|)"
RELATIVE_YEAR = r"(?:今年|去年|明年|前年|上年|本年|当年|同年)"
# Run starts only (the lookbehind after the first digit looks at the one before): linear.
DURATION_NUM = r"(?:[0-9](?<![0-9]{2})[0-9]*+|[一二两三四五六七八九十](?<![一二两三四五六七八九十]{2})[一二两三四五六七八九十]*+)"
FRAMING_WORDS = ("投产", "建成", "运营", "开工", "实施", "成立", "落地", "启动", "开业", "竣工", "通车", "上线")
FRAMING_VERBS = f"(?:{'|'.join(FRAMING_WORDS)})"
BASE_BEFORE = ("比", "较", "同比", "相比", "对比", "与")
BASE_ENDS = BASE_BEFORE + ("比上", "较上")  # 比上一季度 (the phrase is 一季度); looked for in the two characters before a phrase

# Every alternative below starts with one of the TIME_START characters, and its second
# character is one of TIME_SECOND (every phrase is at least two characters long); the
# lookahead lets the engine skip other positions at once instead of trying each
# alternative there.  The first character alone lets through one position in six
# (every digit); the pair, one in sixteen (2x faster).  Extend both with the grammar.
# A digit starts a phrase only if its run of digits ends in one of TIME_DIGIT_NEXT
# (2019年, 3月, 1-3月, 2019—2021年, 5年来): that halves the positions tried again.
TIME_START = "“0123456789〇零一二两三四五六七八九十今去明前上本当同过近连投建运开实成落启竣通日目现此年下第全"
TIME_SECOND = ("0-9〇零一二两三四五六七八九十年月—~至到\\-"  # numerals, 年 月, ranges (2019—2021年, 1-3月)
               "去续日期前阶初半季末底"  # 过去 连续 近日 近期 目前 现阶段 年初 上半年 一季度 年末 年底
               + "".join(w[1] for w in FRAMING_WORDS))  # 投产3年内
TIME_DIGIT_NEXT = "年月—~至到\\-"
# A comparison word (BASE_ENDS) ending where a phrase begins; the class of their last
# characters turns most positions away with one test.
BASE = (f"(?<=[{''.join(sorted({w[-1] for w in BASE_ENDS}))}])(?:"
        + "|".join(f"(?<={'|'.join(w for w in BASE_ENDS if len(w) == n)})" for n in sorted({len(w) for w in BASE_ENDS}))
        + ")")
TIME = re.compile(rf"""
    (?=[{TIME_START}][{TIME_SECOND}])(?![0-9]++[^{TIME_DIGIT_NEXT}])
    (?:{BASE}(?P<base>)|)                               # 比上年: a base, never a period
    (?P<t>
        (?:[12][0-9]{{3}}年?[—\-~至到]|){DIGIT_YEAR}(?:{YEAR_PART}|{MONTH}|)
      | {RELATIVE_YEAR}(?:以来|{YEAR_PART}|{MONTH}|)
      | {MONTH}
      | (?:过去|近){DURATION_NUM}(?:个)?(?:年|个月)(?:多|来|以来|)
      | {DURATION_NUM}年(?:多)?(?:来|以来)
      | 连续{DURATION_NUM}年
      | {FRAMING_VERBS}{DURATION_NUM}(?:个)?(?:年|月)(?:内|以内)
      | “?(?:十[一二三四五]|[六七八九])五”?(?:期间|时期|以来|末)   # “十四五”期间: a plan period
      | 近年来|近年|近日|近期|日前|目前|当前|现阶段|此前|年初以来|今年以来
      | 上半年|下半年|前三季度|第?[一二三四]季度|全年|年末|年底|年初
    )
    (?:(?=的)(?P<bound>)|)                              # 2014年的3.8%: governs that figure only
    """, re.VERBOSE)

# What find_times runs: TIME, found from the character after its first one.  A pattern
# that begins with a character class lets the engine skip to those characters at once
# (TIME begins with a lookahead, which the engine tries at every position); the
# lookbehind steps back over the one found and matches TIME from there, so the match is
# that one character and group t is the phrase.  The scan goes on inside a phrase, so
# find_times drops what starts before the last phrase ends, as finditer would have
# skipped it.
TIME_SCAN = re.compile(f"[{TIME_START}](?=[{TIME_SECOND}])(?<=(?={TIME.pattern}).)", re.VERBOSE)

CHINESE_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
ARABIC_YEAR = re.compile(r"([12][0-9]{3})年")
DATE = rf"({DIGIT_YEAR}){MONTH_NUM}月{DAY_NUM}日|(?<![0-9])([12][0-9]{{3}})-[01]?[0-9]-[0-3]?[0-9](?![0-9])"
# The date, tried only where a year can begin: a pattern that begins with a character class
# lets the engine skip to those characters at once; the lookbehind steps back over the
# one found and matches the date from there (2x faster than regex, 8x than re on DATE).
DOC_DATE = re.compile(rf"[12〇零一二三四五六七八九](?<=(?={DATE}).)")
YEAR_OFFSETS = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


@slot_init  # made by the thousand per document
@dataclass(frozen=True, slots=True, init=False)
class TimePhrase:
    start: int
    end: int
    text: str
    base: bool  # a comparison base (比上年): never a period
    bound: bool  # followed by 的 + a figure (2014年的3.8%): governs that figure only


def find_times(work: str) -> list[TimePhrase]:
    """Every time phrase of ``work`` in order."""
    out = []
    append = out.append
    last = 0
    for m in TIME_SCAN.finditer(work):
        start, end = m.span(2)  # group t: TIME's match, the lookarounds around t being empty
        if start < last:  # inside the last phrase (年末 in 2019年末)
            continue
        last = end
        base, text, bound = m.groups()
        append(TimePhrase(start, end, text, base is not None, bound is not None))
    return out


@lru_cache(maxsize=4096)
def year_of(period: str, doc_year: int | None) -> int | None:
    """Normalised year of a period phrase: 2019年 -> 2019, 二〇一七年 -> 2017, 今年 -> doc_year."""
    m = ARABIC_YEAR.search(period)
    if m:
        return int(m.group(1))
    m = CHINESE_YEAR.search(period)
    if m:
        value = "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in m.group(1))
        return int(value)
    if doc_year is not None:
        for word, offset in YEAR_OFFSETS.items():
            if period.startswith(word):
                return doc_year + offset
        if period.startswith(("全年", "上半年", "下半年", "前三季度", "年末", "年底", "年初", "一季度", "二季度",
                              "三季度", "四季度", "目前", "当前")):
            return doc_year
    return None


def document_year(work: str) -> int | None:
    """The year a document was written, from its first full date (2024年3月18日, 二〇二三年一月十二日, 2021-07-30)."""
    m = DOC_DATE.search(work[:4000])
    if not m:
        return None
    if m.group(2):
        return int(m.group(2))
    return year_of(m.group(1), None)

