"""Finds quantity mentions (number + unit, with qualifiers, ranges, lists) -> spans and values.

One compiled pass over the working text finds candidates; each candidate is then
checked against the small windows of text around it (qualifier words, change
verbs, blocking words).  No context (indicator/subject/period) is attached here.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from .lexicon import Lexicon, WordSet, default_lexicon
from .numerals import parse_number, parse_order
from .places import place_names
from .patterns import Patterns, patterns_for
from .types import Change, Qualifier

log = logging.getLogger(__name__)
_START, _END = attrgetter("start"), attrgetter("end")

WINDOW = 24  # characters of left context that any rule looks at
CJK_START, CJK_END = "\u4e00", "\u9fff"
CLAUSE_END = "，。；！？,;!?\n"
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『\"", "”’」』\""
OPEN_QUOTE = re.compile(f"[{OPEN_QUOTES}]")
SLOGAN_MAX = 16  # a quoted phrase this short holding a numeral is a slogan: “三高地、四个新”
CALENDAR_YEAR = (1000, 2999)
RANK_UNIT_DEFAULT = "名"
DURATION_ONE_OK_AFTER = ("多", "余", "半", "来", "以来", "时间", "内", "以内", "期间")
DURATION_ONE_OK_BEFORE = ("为期", "历时", "用了", "仅用", "用", "花了", "耗时", "长达", "持续", "连续", "过去", "近")
COMPARATIVES = frozenset("多少高低")
MAX_LIST = 50  # members of one list that borrow the last one's unit
RANGE_CHARS = "至到—–-~"
LIST_CHARS = "、和及与或"
MAX_NUMERAL = 40  # characters; the largest figures of a budget (万亿) need under 20
MARKUP_REACH = 400  # how far back past masked tags a change verb may stand
BARE_OK_AFTER = ("突破", "达到", "迈上", "跨上", "跃上", "站上", "跨越")  # 突破万亿元: a bare power is a number
BOUND_WORDS = ("年满", "满", "凡", "年龄在", "过")
BOUND_TAILS = ("以上", "以下", "及以上", "及以下")
BOUND_WORD_LASTS = frozenset(w[-1] for w in BOUND_WORDS)  # one look rules the bound words out
ORDINAL_FOLLOWERS = "、，。；！？,;!?）)”\n 的"
# Enum members read as module globals: through their class (Qualifier.EXACT) each read
# is a slow class attribute look-up in Python 3.11, and the checks below make several
# per candidate.
EXACT, OVER, UNDER, ORDER = Qualifier.EXACT, Qualifier.OVER, Qualifier.UNDER, Qualifier.ORDER
DECREASE = Change.DECREASE


@dataclass(slots=True)
class Found:
    """A located mention before context is attached (internal and mutable: built once per figure)."""

    start: int
    end: int
    value: Decimal
    unit: str
    family: str
    value_max: Decimal | None = None
    qualifier: Qualifier = Qualifier.EXACT
    change: Change | None = None
    rule: str = "num-unit"
    scale: str = ""
    label: tuple[int, int] | None = None  # a table cell's row label (its indicator)
    caption: tuple[int, int] | None = None  # a table cell's caption line (its subject and period)
    header: tuple[int, int] | None = None  # a table cell's column header


def is_cjk(ch: str) -> bool:
    return CJK_START <= ch <= CJK_END


class Locator:
    """Locates mentions in a working text with one lexicon."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or default_lexicon()
        self.pat: Patterns = patterns_for(self.lex)
        self.block_before = WordSet(self.lex.words("block_before"))
        self.duration_block_after = tuple(sorted(self.lex.words("duration_block_after"), key=len, reverse=True))
        self.after_block = WordSet(self.lex.words("after_block"))
        self.group_nouns = tuple(sorted(self.lex.words("group_noun"), key=len, reverse=True))
        self.qual_after = {s: q for (p, s), q in self.lex.qualifiers.items() if p == "after"}
        self.qual_after.update({"及以上": Qualifier.OVER, "及以下": Qualifier.UNDER})
        self.qual_inside = {s: q for (p, s), q in self.lex.qualifiers.items() if p == "inside"}
        self.qual_before = {s: q for (p, s), q in self.lex.qualifiers.items() if p == "before"}
        self.set_names = WordSet(place_names())
        # Per-candidate look-ups, prepared once: a plain dict reads faster than the
        # lexicon's read-only mapping, and for each unit the after_block words that
        # could continue it (same first character, longer) let one C-level
        # ``startswith`` settle "does the unit start a longer word?" (元旦, 位数).
        # Per unit surface, one look-up and an unpacking give what _number_unit reads:
        # (canonical unit, family, the numerals it refuses, blockers).  ``refuses`` is
        # True for Arabic numerals (scope "chinese"), False for the others (scope
        # "arabic"), None for neither.
        self.unit_info = {}
        for surface, unit in self.lex.units.items():
            longer = tuple(w for w in self.after_block if w[0] == surface[0] and len(w) > len(surface))
            refuses = {"chinese": True, "arabic": False}.get(unit.scope)
            self.unit_info[surface] = (unit.unit, unit.family, refuses, longer)
        # The last characters of the words _finish looks for before a figure: when the
        # character before it is none of these, the rule is settled without a call.
        self.block_lasts = self.block_before.by_last
        self.qualifier_lasts = self.pat.before_qualifier.by_last
        self.change_lasts = self.pat.change_lasts
        self.place_lasts = self.set_names.by_last
        # Group numbers rather than names: m.group() then skips a name look-up per group.
        index = self.pat.candidate.groupindex
        self.head_groups = (index["rank"], index["pct_num"])
        self.number_unit_groups = tuple(index[name] for name in (
            "unit", "order", "arabic", "chinese", "scale", "inside", "inside2", "after"))

    # -- the pass -------------------------------------------------------------
    def locate(self, work: str) -> list[Found]:
        """Every mention of ``work`` (a length-preserving normalised copy of the text)."""
        found: list[Found] = []
        starts: set[int] = set()
        number_unit = self._number_unit  # bound once: called for most candidates
        head_groups = self.head_groups
        for match in self.pat.candidate.finditer(work):
            rank, pct = match.group(*head_groups)
            if rank is not None:
                item = self._rank(work, match)
            elif pct is not None:  # a numeral after 百分之
                item = self._percent_words(work, match)
            else:
                item = number_unit(work, match)
            if item is None:
                continue
            found.append(item)
            start = item.start
            starts.add(start)
            # A list member ends in 、和及与或 right before the figure: most figures have none.
            if start and work[start - 1] in LIST_CHARS:
                for borrowed in self._list_items(work, item):
                    if borrowed.start not in starts:
                        found.append(borrowed)
                        starts.add(borrowed.start)
        found.sort(key=_END, reverse=True)  # stable: by start, then the longer first
        found.sort(key=_START)
        return self._outermost(work, found)

    @staticmethod
    def _outermost(work: str, found: list[Found]) -> list[Found]:
        """Drop mentions inside a longer one (`5%` inside the range `5%—7%`); in the same
        pass, members of a list share the verb's change: `分别增长2.4%、9.0%和6.7%`."""
        out: list[Found] = []
        prev = None
        for item in found:
            if prev is not None:
                if item.start < prev.end:
                    continue
                # the gap is sliced last: most neighbours already differ in change or family
                if item.change is None and prev.change is not None and prev.family == item.family \
                        and work[prev.end:item.start] in ("、", "和", "及", "与", "或"):
                    item.change = prev.change
            out.append(item)
            prev = item
        return out

    # -- kinds of candidate -----------------------------------------------------
    def _number_unit(self, work: str, m) -> Found | None:
        unit_surface, order, arabic, chinese, scale, inside, inside2, after = m.group(*self.number_unit_groups)
        unit, family, refuses, blockers = self.unit_info[unit_surface]
        if refuses is (arabic is not None):  # a matched numeral group is never empty
            return self._reject(m, "unit not used after this kind of numeral")
        number = order or arabic or chinese
        start = m.start()
        scale = scale or ""
        inside = inside or inside2
        # Text that continues the unit into another word: 元旦, 人民, 位数.
        if blockers:
            unit_start = m.start("unit")
            if work.startswith(blockers, unit_start):
                return self._reject(m, f"unit starts the word {self.after_block.starting(work, unit_start)}")
        if arabic and start > 0 and work[start - 1].isascii() and work[start - 1].isalpha() \
                and not scale and family not in ("currency", "percent"):
            return self._reject(m, "numeral inside a code (PM2.5, G20)")
        if family == "duration":
            if self._not_a_duration(work, m, number, unit_surface, after):
                return None
        if unit_surface == "番" and not work[max(0, start - 2):start].endswith(("翻", "翻了")):
            return self._reject(m, "番 only counts after 翻")
        if chinese:
            # The word look-ups come last in each test: the cheap tests rule most numerals out.
            bare = not chinese.strip("百千万亿") and not work.endswith(BARE_OK_AFTER, 0, start)
            if not inside and (bare or chinese in ("零", "〇")) and not self._qualifier_before(work, start):
                return self._reject(m, "a bare multiplier or 零 is not a number (百岁老人, 千万元, 零部件)")
            if start and work[start - 1] in self.place_lasts and self.set_names.ending(work, start):
                return self._reject(m, "a set of named places (广深两个城市, 粤苏两省)")
            if chinese == "一" and family not in ("duration", "ratio"):
                return self._reject(m, "indefinite 一 (一个, 一批)")
            if chinese[0] in "百千万亿":
                number = "一" + number  # a leading bare multiplier reads as one of it: 千余户, 近千亿元
        if order:
            value = parse_order(order + scale)
            qualifier = ORDER
        else:
            value = parse_number(number + scale)
            qualifier = EXACT
        if value is None:
            return self._reject(m, f"not a numeral: {number + scale}")
        if len(number) > MAX_NUMERAL:
            return self._reject(m, "a numeral this long is a code or garbage, not a measurement")
        end = m.end()
        if after == "以内" and family == "duration":
            end = m.end("unit")  # 以内 of a duration is exact (MENTIONS.md): keep it out of the span
        elif after and qualifier is EXACT:
            qualifier = self.qual_after[after]
        if inside and qualifier is EXACT:
            qualifier = self.qual_inside[inside]
        # Positional: a keyword argument to a class costs a dict per object.
        item = Found(start, end, value, unit, family, None, qualifier, None, "num-unit", scale)
        return self._finish(work, item, m)

    def _percent_words(self, work: str, m) -> Found | None:
        value = parse_number(m.group("pct_num"))
        if value is None:
            return self._reject(m, "百分之 without a numeral")
        after = m.group("pct_after")
        qualifier = self.qual_after[after] if after else EXACT
        item = Found(m.start(), m.end(), value, "%", "percent", None, qualifier, None, "percent-words")
        return self._finish(work, item, m)

    def _rank(self, work: str, m) -> Found | None:
        start = m.start()
        if m.group("first"):
            if not self._rank_verb_before(work, start):
                return self._reject(m, "首位 without a ranking verb")
            return Found(start, m.end(), Decimal(1), "位", "rank", rule="rank")
        if m.group("rank_verb"):
            value = parse_number(m.group("rank_num"))
            return Found(start, m.end(), value, "位", "rank", rule="rank") if value else None
        value = parse_number(m.group("ord_num"))
        if value is None or value != value.to_integral_value():
            return self._reject(m, "第 without a whole number")
        unit = m.group("ord_unit")
        if unit is None:
            nxt = work[m.end():m.end() + 1]
            if nxt and nxt not in ORDINAL_FOLLOWERS and (is_cjk(nxt) or nxt.isalnum()):
                return self._reject(m, "ordinal: 第一产业, 第44次")
            if not self._rank_verb_before(work, start):
                return self._reject(m, "ordinal without a ranking verb")
            follower = self.pat.rank_follower.match(work, m.end())
            unit = follower.group("unit") if follower else RANK_UNIT_DEFAULT  # 第四、第五位: 第四 borrows 位
        return Found(start, m.end(), value, unit, "rank", rule="rank")

    def _rank_verb_before(self, work: str, start: int) -> bool:
        """A ranking verb (居, 排名) in the clause ending at ``start`` (read only when a rule needs it)."""
        pre = work[max(0, start - WINDOW):start]
        clause = pre[max(pre.rfind(c) for c in CLAUSE_END) + 1:]
        return bool(self.pat.rank_verb.search(clause))

    # -- shared checks ------------------------------------------------------------
    def _finish(self, work: str, item: Found, m) -> Found | None:
        """Left context: blocking words, qualifier words, sign, range, group bounds, change.

        Every rule reads the text ending where the figure (as widened so far) starts,
        within ``WINDOW`` characters of its first start: ``work[lo:start]``.  That
        window is sliced only for a regex that needs it: in the common case, where
        the character before the figure ends none of the words a rule looks for,
        the rule costs one look at that character.
        """
        start = first = item.start
        # Conditional expressions rather than max(0, …): a builtin call per bound adds up.
        lo = start - WINDOW if start > WINDOW else 0
        before = work[start - 1] if start else ""
        if before in self.block_lasts:
            word = self.block_before.ending(work, start, lo)
            if word:
                return self._reject(m, f"after {word}: a back-reference or normaliser")
        if OPEN_QUOTE.search(work, start - SLOGAN_MAX if start > SLOGAN_MAX else 0, start) \
                and self._in_slogan(work, start, item.end):
            return self._reject(m, "inside a quoted slogan")
        qualifier = item.qualifier
        q = self.pat.before_qualifier.ending(work, start, lo) if before in self.qualifier_lasts else ""
        if q and qualifier is not ORDER:  # 约15万人左右: both words belong to the span
            if qualifier is EXACT:
                qualifier = self.qual_before[q]
            start -= len(q)
        change = None
        if start > lo and work[start - 1] == "-" \
                and not (start - 1 > lo and (work[start - 2].isdigit() or work[start - 2] in "%‰")):
            start -= 1  # 增长-12.4%: the sign belongs to the span, the value stays unsigned
            change = DECREASE
        value_max = None
        r = None
        if start > lo and work[start - 1] in RANGE_CHARS:
            r = self.pat.range_low.search(work[lo:start])
        if r and qualifier is not ORDER:
            low = parse_number(r.group("num") + (r.group("scale") or item.scale))
            if low is not None and low <= item.value and (r.group("unit") in (None, item.unit)):
                value_max, item.value = item.value, low
                start -= len(r.group())
        # Is it a bound at all?  This half of the group test settles most figures without a call.
        bounded = value_max is not None or qualifier is OVER or qualifier is UNDER \
            or (before in BOUND_WORD_LASTS  # 年满70岁的老人
                and work.endswith(BOUND_WORDS, first - 3 if first > 3 else 0, first))
        if (bounded or work.startswith(BOUND_TAILS, item.end)) \
                and self._group_bound(work, item, bounded, value_max):
            return self._reject(m, "a bound that defines a group")
        if change is None and start > lo:
            last = work[start - 1]
            if last.isspace():  # 增长<span …>6.1%: masked markup is blank, look past it
                change = self.change_before(work[max(0, start - MARKUP_REACH):start].rstrip()[-WINDOW:])
            elif last in self.change_lasts:  # change_before's own first test, without the call
                change = self.change_before(work[lo:start])
        item.start, item.qualifier, item.value_max, item.change = start, qualifier, value_max, change
        return item

    def change_before(self, pre: str) -> Change | None:
        """Change named by a verb ending where the figure starts (增长, 降至2019年的, 翻了)."""
        if not pre or pre[-1] not in self.pat.change_lasts:
            return None  # most figures: one look at the character before them
        c = self.pat.change.search(pre)
        if not c:
            return None
        verb = c.group("verb")
        if verb in COMPARATIVES and not any(b in pre[:c.start()] for b in ("比", "较")):
            return None  # 多/少/高/低 name a change only after a base: 比上年同期多…
        return self.lex.changes[verb]

    def _qualifier_before(self, work: str, start: int) -> bool:
        return bool(self.pat.before_qualifier.ending(work, start))

    def _in_slogan(self, work: str, start: int, end: int) -> bool:
        if not OPEN_QUOTE.search(work, max(0, start - SLOGAN_MAX), start):
            return False  # the common case, settled by one scan
        left = work[max(0, start - SLOGAN_MAX):start]
        opened = max(left.rfind(c) for c in OPEN_QUOTES)
        if opened < 0 or max(left.rfind(c) for c in CLOSE_QUOTES if c != '"') > opened:
            return False
        right = work[end:end + SLOGAN_MAX]
        closed = min((i for i in (right.find(c) for c in CLOSE_QUOTES) if i >= 0), default=-1)
        if closed < 0:
            return False
        inner = left[opened + 1:] + work[start:end] + right[:closed]
        return len(inner) <= SLOGAN_MAX and not any(c in inner for c in "，。；！？")

    def _group_bound(self, work: str, item: Found, bounded: bool, value_max) -> bool:
        """`超过1万亿元的城市`, `60岁及以上人口`, `25-59岁人口`: bounds of a group, not figures.

        ``bounded``: the figure is a range, carries an over/under qualifier or follows a
        bound word (年满, 过); the caller has already ruled out figures that are none
        of these and have no 以上/以下 after them.
        """
        tail = work[item.end:item.end + 8]
        if tail.startswith(("及以上", "及以下")):
            bounded, tail = True, tail[3:]
        elif tail.startswith(("以上", "以下")):
            bounded, tail = True, tail[2:]
        if not bounded:
            return False
        if tail.startswith("的"):
            tail = tail[1:]
        elif item.family != "age" and value_max is None:
            return False
        return tail.startswith(self.group_nouns)

    def _not_a_duration(self, work: str, m, number: str, unit: str, after: str | None) -> bool:
        end = m.end("unit")
        if unit == "年" and self._calendar_year(number):
            return self._reject(m, "calendar year", True)
        if work.startswith(self.duration_block_after, end):
            return self._reject(m, "a time point or title (五年前, 三年行动)", True)
        if unit == "年" and work.startswith(("底", "末", "初", "度", "中", "内"), end) and len(number) >= 4:
            return self._reject(m, "calendar year", True)
        if number == "一" and not after:
            before = work[max(0, m.start() - 4):m.start()]
            if not (work.startswith(DURATION_ONE_OK_AFTER, end) or before.endswith(DURATION_ONE_OK_BEFORE)):
                return self._reject(m, "indefinite 一 (关键一年)", True)
        return False

    @staticmethod
    def _calendar_year(number: str) -> bool:
        if number.isdigit() and len(number) == 4:
            return CALENDAR_YEAR[0] <= int(number) <= CALENDAR_YEAR[1]
        # 二〇二三: Chinese digits read one by one, no 十/百/千
        return len(number) >= 2 and all(c in "零〇一二三四五六七八九" for c in number) and ("〇" in number or len(number) == 4)

    # -- lists and changes ------------------------------------------------------
    def _list_items(self, work: str, item: Found) -> list[Found]:
        """`分别提高0.3、0.6个百分点`: earlier members of a list borrow the last one's unit."""
        out = []
        anchor = item.start
        if item.qualifier is not EXACT or item.value_max is not None:
            return out
        while anchor > 0 and work[anchor - 1] in LIST_CHARS and len(out) < MAX_LIST:
            pre = work[max(0, anchor - WINDOW):anchor]
            m = self.pat.list_item.search(pre)
            if not m:
                break
            rank = item.family == "rank"
            if bool(m.group("ord")) != rank:  # 第四、第五位 borrows 位; 0.3、0.6个百分点 borrows 个百分点
                break
            number = m.group("num")
            value = parse_number(number if rank else number + item.scale)
            if value is None or (not rank and number.isdigit() and len(number) == 4 and item.unit == "年"):
                break
            span_start = anchor - len(m.group())
            num_start = span_start + (1 if rank else 0)
            span_end = num_start + len(number)
            change = self.change_before(work[max(0, span_start - WINDOW):span_start])
            out.append(Found(span_start, span_end, value, item.unit, item.family, change=change,
                             rule="unit-from-list", scale=item.scale))
            anchor = span_start
        return out

    @staticmethod
    def _reject(m, reason: str, result=None):
        if log.isEnabledFor(logging.DEBUG):
            log.debug("rejected %r at %d: %s", m.group(), m.start(), reason)
        return result
