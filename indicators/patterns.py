"""Regular expressions composed from named fragments and the lexicon's words.

Grammar is code, words are data: every alternation of words below is built
from ``data/*.csv`` (longest word first, so 千米 wins over 千 and 个百分点 over 个).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import re

from .lexicon import Lexicon, WordSet, default_lexicon

# One lookbehind for both forms: a failed 1,234 form no longer repeats it for the plain one.
# Fewer digits before the first comma cannot help (a digit would follow them), so that
# run is possessive too.  An optional part is written (?:…|) rather than (?:…)?: the
# same matches (it never matches empty), without the engine's repeat bookkeeping.
ARABIC = r"(?<![0-9.,])(?:[0-9]{1,3}+(?:,[0-9]{3})++(?:\.[0-9]++|)|[0-9]++(?:\.[0-9]++|))"
CHINESE_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
# Possessive runs (Python 3.11+): a numeral run is never given back character by
# character, so a page of 万万万… or 10^6 digits is scanned in linear time.
CHINESE = rf"(?<![{CHINESE_DIGITS}十百千万亿拾佰仟])[{CHINESE_DIGITS}十百千万亿拾佰仟]++(?:点[{CHINESE_DIGITS}]++[万亿]*+|)"
ORDER = r"(?:上|数|几)[十百千万亿]++|十几[万亿]?|几十[万亿]?"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
RANGE_DASH = r"(?:至|到|——|—|–|-|~)"
LIST_JOIN = r"(?:、|和|及|与|或)"
BREAK = r"[ \t]*\n[ \t]*(?:\n[ \t]*)?"  # a paragraph broken by the page layout: 2\n\n家
CHANGE_FILLERS = ("了", "到", "至", "为", "达", "达到", "分别", "均", "各", "共", "都", "也", "又", "再", "仍", "还",
                  "同比", "比上年")  # between a change verb and its figure: 增长了, 下降至, 分别增长
# Every alternative of the candidate pattern starts with one of these characters
# (居 第 首位 百分之, ORDER, ARABIC, CHINESE); the lookahead lets the engine skip
# every other position at once instead of trying each alternative there (3x faster);
# candidate_lookahead adds the second character.
CANDIDATE_START = "居第首百上数几十0-9" + CHINESE_DIGITS + "十百千万亿拾佰仟"


def alternation(words: Iterable[str]) -> str:
    """Regex alternation, longest word first so 千米 wins over 千."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def first_char_alternation(words: Iterable[str]) -> str:
    """``alternation(words)`` grouped by first character: 元(?:/平方米|人民币|…|)|美元|….

    The same matches: words with different first characters never match at the same
    place, and each group keeps the longest-first order.  But the engine tries each
    first character once instead of each word (205 units have 142 first characters,
    and the commonest units, one character long, came after every longer word).
    And the first characters that are whole words by themselves, and start no longer
    one (人, 吨), make one character class, tried first: the engine tests a class in
    one step, but each alternative in turn (90 of the 142 units' first characters).
    """
    words = set(words)
    groups: dict[str, list[str]] = {}
    for word in sorted(words - {""}, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    alone = [re.escape(first) for first, rests in groups.items() if rests == [""]]
    return "|".join(([f"[{''.join(alone)}]"] if alone else [])
                    + [re.escape(first) + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
                       for first, rests in groups.items() if rests != [""]]
                    + ([""] if "" in words else []))


def scale_alternation(lex: Lexicon) -> str:
    """Scales that do not swallow the head of a unit: 千 not before 瓦/克/米 (千瓦 is a unit)."""
    units = lex.unit_surfaces()
    parts = []
    for scale in sorted(lex.scales, key=lambda w: (-len(w), w)):
        rests = [u[len(scale):] for u in units if u.startswith(scale) and len(u) > len(scale)]
        guard = f"(?!{alternation(rests)})" if rests else ""
        parts.append(re.escape(scale) + guard)
    return "|".join(parts)


@dataclass(frozen=True)
class Patterns:
    """Compiled patterns of one lexicon."""

    candidate: re.Pattern  # the one document-wide pass: stdlib re, 3x faster than regex on these alternations
    before_qualifier: WordSet  # qualifier word ending where the number starts
    change: re.Pattern  # change verb (+ fillers) ending where the figure starts
    change_lasts: frozenset[str]  # the characters a match of ``change`` can end with
    range_low: re.Pattern  # `2至` / `10%—` before a figure
    list_item: re.Pattern  # `0.3、` / `第四、` before a figure
    rank_verb: re.Pattern
    rank_follower: re.Pattern  # `、第五位` after `第四`


def candidate_lookahead(lex: Lexicon) -> str:
    """The candidate pattern's guard on its first two characters.

    Numeral characters are common inside ordinary words (上半年, 居民, 一步); a second
    character that no match can have rules most of those positions out before any
    alternative is tried (12% fewer instructions for the whole scan).  Every match is
    at least two characters long, and its second character is one of: more numeral
    (digits, separators, 点, Chinese numerals), the rest of 首位/百分之/ORDER, or the
    first character of what may follow a one-character numeral (an inside qualifier,
    a scale, a line break, a unit).
    """
    follow = [*lex.qualifier_words("inside"), *lex.scales, *lex.unit_surfaces()]
    if not all(follow):
        raise ValueError("an empty unit, scale or qualifier word would let any character follow a numeral")
    second = set(",." + CHINESE_DIGITS + "十百千万亿拾佰仟" + "点位分几" + " \t\n") | {w[0] for w in follow}
    return f"(?=[{CANDIDATE_START}][0-9{''.join(re.escape(c) for c in sorted(second))}])"


def _candidate(lex: Lexicon) -> re.Pattern:
    units = first_char_alternation(lex.unit_surfaces())
    after = alternation(lex.qualifier_words("after") + ["及以上", "及以下"])
    inside = alternation(lex.qualifier_words("inside"))
    scale = scale_alternation(lex)
    # Optional groups are written (?:(?P<g>…)|), as in ARABIC (none matches the empty
    # string).  The line break is not captured: nothing reads it.
    # The ranks come last: their first characters (居第首) start no other alternative, so
    # the order changes no match, and the commonest figures no longer try them first.
    # 百分之 stays before the numerals (百 starts both) and is no group, so that the
    # engine rules it out with one look at the first character.
    return re.compile(rf"""
        {candidate_lookahead(lex)}(?:
          百分之(?P<pct_num>{NUMBER})(?:(?P<pct_after>{after})|)                # 百分之四十六点二
        | (?:(?P<order>{ORDER})|(?P<arabic>{ARABIC})|(?P<chinese>{CHINESE}))
          (?:(?P<inside>{inside})|)
          (?:(?P<scale>{scale})|)
          (?:(?P<inside2>{inside})|)
          (?:{BREAK}|)
          (?P<unit>{units})
          (?:(?P<after>{after})|)
        | (?P<rank>
              (?P<rank_verb>居)(?P<rank_num>{ARABIC})(?P<rank_unit>位)       # 居96位
            | 第(?P<ord_num>{NUMBER})(?:(?P<ord_unit>位|名)|)                  # 第113位 第二
            | (?P<first>首位)                                                  # 居全国首位
          )
        )
        """, re.VERBOSE)


def build(lex: Lexicon) -> Patterns:
    """Compile every pattern of ``lex``."""
    fillers = f"(?:{'|'.join(CHANGE_FILLERS)})*"
    when = r"(?:(?:[0-9]{4}|[零〇一二三四五六七八九]{4})年(?:末|底)?的|去年的|上年的)?"
    return Patterns(
        candidate=_candidate(lex),
        before_qualifier=WordSet(lex.qualifier_words("before")),
        change=re.compile(rf"(?P<verb>{alternation(lex.changes)}){fillers}{when}$"),
        change_lasts=frozenset(w[-1] for w in (*lex.changes, *CHANGE_FILLERS, "的")),  # `when` ends in 的
        range_low=re.compile(
            rf"(?P<pct>百分之)?(?P<num>{NUMBER})(?P<scale>{scale_alternation(lex)})?"
            rf"(?P<unit>%|‰)?{RANGE_DASH}$"),
        list_item=re.compile(rf"(?P<ord>第)?(?P<num>{NUMBER}){LIST_JOIN}$"),
        rank_verb=re.compile(alternation(lex.words("rank_verb"))),
        rank_follower=re.compile(rf"(?:{LIST_JOIN}第?{NUMBER})+(?P<unit>位|名)"),
    )


@lru_cache(maxsize=4)
def patterns_for(lex: Lexicon | None = None) -> Patterns:
    """Patterns of ``lex`` (default lexicon when None), compiled once."""
    return build(lex or default_lexicon())
