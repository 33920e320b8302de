"""Candidate subjects of a document: places, organisations, projects, events.

Found once per document.  A name is either in the gazetteer (data/places.csv,
data/abbreviations.csv) or ends in a head noun of data/contexts.csv
(``subject_suffix``: 镇 区 银行 合作社 项目 报告 …), extended to the left over
name characters.  Deictic names (该镇, 全区, 本次大赛, 我市) are marked so the
context module can resolve them to the name given earlier.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

import re

from .lexicon import Lexicon, WordSet, default_lexicon
from .places import abbreviations, gazetteer_pattern
from .patterns import alternation
from .types import slot_init

PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "州", "盟", "旗", "街道", "社区")
DEICTIC_HEADS = ("该", "全", "我", "本", "此", "本次", "此次", "这")
DEICTIC = WordSet(DEICTIC_HEADS)
DEICTIC_LASTS = frozenset(w[-1] for w in DEICTIC_HEADS)  # most heads follow none of these
STAY_AS_WRITTEN = ("全市", "我市", "全省", "我省", "全国", "本市", "本省", "全球")
STOP_CHARS = set("的在是为了对从向把被将于以由和与及等共有已就也还又都均达让使给到至自据按各其这那个中上下年月日"
                 "，。；：、！？“”‘’《》（）()「」\n\t |0123456789")
ONLY_AFTER, ONLY_HEADS = "该本此", "链行厂社站园馆校院所"  # 该链, 该行: heads that name something only after 该
TAIL_COUNT, TAIL_NOUN = "两三四五六", "省市地国"
GROUP_TAIL = f"[{TAIL_COUNT}][{TAIL_NOUN}]"  # 广东、江苏两省 / 粤苏两省
# Both in one pass, which the class of their first characters lets the engine skip
# through; the lookbehind tells which of the two it is.  The characters of one are
# none of the other's, so neither hides the other.
TAIL_OR_ONLY = re.compile(f"[{TAIL_COUNT}{ONLY_AFTER}]"
                          f"(?:(?<=[{TAIL_COUNT}])[{TAIL_NOUN}]|(?<=[{ONLY_AFTER}])(?P<head>[{ONLY_HEADS}]))")
PAIR_RUN = (2, 3)  # 粤苏两省, 京津冀三地: two or three provincial abbreviations before the tail
NOT_IN_NAMES = set("一二三四五六七八九十两类级第")  # 二类县, 五星级: grades, not names
NAME_MAX = {"place": 3, "org": 10}
ORG_INNER = set("和及与")  # inside names of projects and chains: 钢管及深加工产业链
ORG_STOPS = STOP_CHARS - ORG_INNER
TITLE = re.compile(r"《(?P<t>[^《》\n]{2,40})》")  # 《中国城市竞争力报告》
_START, _END = attrgetter("start"), attrgetter("end")


@slot_init  # made by the thousand per document
@dataclass(frozen=True, slots=True, init=False)
class Entity:
    start: int
    end: int
    text: str
    head: str  # the suffix (镇, 项目) or "" for gazetteer names
    deictic: bool


class _Head(NamedTuple):
    """What find_entities needs to know about one head noun, worked out once per lexicon."""
    reach: int  # the longest name before the head (NAME_MAX)
    # Matched from where the reach begins up to the head, it ends after the last character
    # a name does not extend over (STOP_CHARS), or where it began: there the name begins.
    # Its one group is set if a name-stop verb or NOT_IN_NAMES may follow there.
    begin: re.Pattern


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Head nouns (two ways), gazetteer names and abbreviation pairs (粤苏两省), built once per lexicon.

    The first pattern finds the heads that may end a name (:func:`_head_pattern`);
    the second finds every head noun.
    """
    words = sorted(lex.words("subject_suffix"), key=lambda w: (-len(w), w))  # longest first, as alternation()
    abbr = abbreviations()
    pair = re.compile(rf"[{abbr}]{{{PAIR_RUN[0]},{PAIR_RUN[-1]}}}{GROUP_TAIL}" if abbr else "(?!)")
    return _head_pattern(words, lex), re.compile(alternation(words)), gazetteer_pattern(), pair


def _head_pattern(words: list[str], lex: Lexicon) -> re.Pattern:
    """Finds ``words`` (longest first, as their alternation would) and checks each where it ends.

    Each head is followed by the checks of :func:`_nameless`.  Where they hold, a head
    that no other head can overlap (市, 项目) does not match at all: the engine moves on
    as if it had matched, at no cost to Python.  One that another head may overlap
    (社区 and 区, 政协 and 协会) must still be consumed, as an alternation of the heads
    would; it matches with an empty group set, and Python skips it.

    The heads are grouped by first character, so the engine tries at each position the
    group of the character there only; the groups with a one-character head (市 区 镇,
    most of the heads found) come first.
    """
    def checked(word: str) -> str:
        if _stands_apart(word, words):
            return f"(?!{_nameless(word, lex)})"
        return f"(?:(?:{_nameless(word, lex)})()|)"

    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    branches = []
    for first in sorted(groups, key=lambda c: c not in groups[c]):  # stable: one-character heads first
        rests = [re.escape(w[1:]) + checked(w) for w in groups[first]]
        branches.append(re.escape(first) + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})"))
    return re.compile("|".join(branches) or "(?!)")


def _nameless(word: str, lex: Lexicon) -> str:
    """Lookarounds at the end of head ``word`` that hold where it ends no name.

    No name character stands before it (a stop, or the text begins); or, unless a
    deictic word does (该镇, 全区, 本省), it ends a generic noun (城市, 商业银行), or is a place
    head that begins another word (市政, 市场) or ends a noun generic only alone (山区,
    but 北山区 is a name: the longest such noun ending there decides).
    """
    place = word in PLACE_SUFFIXES
    w = re.escape(word)
    checks = [f"(?<![^{_chars(STOP_CHARS if place else ORG_STOPS)}]{w})"]
    common = [f"(?<={alternation(group)})" for group in _by_length(
        g for g in lex.words("generic_place") if g.endswith(word) or word.endswith(g))]
    if place:
        follow = [f for f in lex.words("place_follow") if len(f) == 1]  # looked at one character only
        if follow:
            common.append(f"(?=[{_chars(follow)}])")
        stops, seen = _chars(STOP_CHARS), ""
        for group in _by_length(a for a in lex.words("generic_alone") if a.endswith(word) or word.endswith(a)):
            nouns = alternation(group)
            common.append(f"{seen}(?<={nouns})(?<![^{stops}](?:{nouns}))")
            seen += f"(?<!{nouns})"  # a longer one ending here decides
    if common:
        deictic = "".join(f"(?<!(?:{alternation(group)}){w})" for group in _by_length(DEICTIC_HEADS))
        checks.append(f"{deictic}(?:{'|'.join(common)})")
    return "|".join(checks)


def _by_length(words: Iterable[str]) -> list[list[str]]:
    """``words`` grouped by length, the longest first (a lookbehind takes one length)."""
    groups: dict[int, list[str]] = {}
    for word in words:
        groups.setdefault(len(word), []).append(word)
    return [groups[n] for n in sorted(groups, reverse=True)]


def _stands_apart(word: str, heads: Iterable[str]) -> bool:
    """No other head can match where ``word`` does: neither a shorter one from where it
    begins nor one from inside it (社区 holds 区, 政协 begins 协会)."""
    for other in heads:
        if other != word and word.startswith(other):
            return False
        if any(word[k:].startswith(other) or other.startswith(word[k:]) for k in range(1, len(word))):
            return False
    return True


@lru_cache(maxsize=4)
def _heads(lex: Lexicon) -> dict[str, _Head]:
    """{head noun: _Head}, built once per lexicon."""
    doubtful = _chars({verb[0] for verb in lex.words("name_stop")} | NOT_IN_NAMES)
    begin = {kind: re.compile(f"(?:[^{_chars(stops)}]*+[{_chars(stops)}])*+(?:(?=[^{doubtful}]*+[{doubtful}])()|)")
             for kind, stops in (("place", STOP_CHARS), ("org", ORG_STOPS))}
    out = {}
    for head in lex.words("subject_suffix"):
        kind = "place" if head in PLACE_SUFFIXES else "org"
        out[head] = _Head(NAME_MAX[kind], begin[kind])
    return out


@lru_cache(maxsize=4)
def _name_stop(lex: Lexicon) -> re.Pattern:
    """Verbs that end a name (推动, 落户), built once per lexicon."""
    return re.compile(alternation(lex.words("name_stop")))


def _chars(chars: Iterable[str]) -> str:
    """The body of a character class holding ``chars``."""
    return "".join(re.escape(c) for c in sorted(set(chars)))


def find_entities(work: str, lex: Lexicon | None = None) -> list[Entity]:
    """Every candidate subject of ``work``, sorted by start."""
    lex = lex or default_lexicon()
    heads, head_words, places, pair = _patterns(lex)
    found: dict[tuple[int, int], Entity] = {}
    for m in places.finditer(work):
        a, b = m.span()
        if not work.endswith("其", 0, a):  # 其中国家…: 中国 inside the fixed word 其中 is no name
            found[(a, b)] = Entity(a, b, m[0], "", False)
    tails, only = [], []  # 两省 never overlaps another
    for m in TAIL_OR_ONLY.finditer(work):
        (only if m.lastindex else tails).append(m)
    if tails:  # both need a tail (两省), which few documents have
        tails = [m.span() for m in tails]
        _name_groups(work, list(found), tails, found)
        _pairs(work, pair, tails, found)
    _head_names(work, lex, heads, found)
    for m in only:  # 该链, 该行: heads that name something only after 该
        if m.span() not in found:
            found[m.span()] = Entity(m.start(), m.end(), m[0], m["head"], True)
    for m in TITLE.finditer(work):
        title = m.group("t")
        if head_words.search(title[-4:]):
            found[m.span("t")] = Entity(m.start("t"), m.end("t"), title, title[-2:], False)
    # By start, the longest first: (start, end) pairs are distinct, so two stable sorts do it.
    entities = sorted(found.values(), key=_END, reverse=True)
    entities.sort(key=_START)
    return entities


def _head_names(work: str, lex: Lexicon, heads: re.Pattern, found: dict) -> None:
    """Names ending in a head noun (河田镇, 钢管及深加工产业链) and deictic ones (该镇, 本次大赛)."""
    rules, name_stop = _heads(lex), _name_stop(lex)
    name_ends = {end for _, end in found}  # the names that might already end where a head ends
    for m in heads.finditer(work):
        if m.lastindex:  # a head that names nothing here (_head_pattern)
            continue
        head_start, end = m.span()
        head = m[0]
        reach, begin = rules[head]
        lo = head_start - reach  # max(0, …) without the call
        name = begin.match(work, lo if lo > 0 else 0, head_start)  # 河田镇: back to a stop
        start, named = name.end(), True
        if name.lastindex:  # a verb or a grade may stand between there and the head
            if start < head_start and name_stop.search(work, start, head_start):
                for verb in name_stop.finditer(work, start, head_start):  # 全力推动产业链: a verb
                    pass  # cannot stand inside a name; the name begins after the last one
                start = verb.end()
            named = start < head_start and NOT_IN_NAMES.isdisjoint(work[start:head_start])
        # 该镇, 全区, 本次大赛
        deictic = work[head_start - 1:head_start] in DEICTIC_LASTS and DEICTIC.ending(work, head_start, start)
        if deictic:
            at = head_start - len(deictic)
            found[(at, end)] = Entity(at, end, work[at:end], head, True)
        elif named and not (end in name_ends and any((s, end) in found for s in range(start, head_start))):
            found[(start, end)] = Entity(start, end, work[start:end], head, False)


def _name_groups(work: str, names: list[tuple[int, int]], tails: list[tuple[int, int]], found: dict) -> None:
    """`广东、江苏两省`: names joined by 、 and closed by 两省 are one subject."""
    ending = {b: j for j, (_, b) in enumerate(names)}
    for at, end in tails:
        j = ending.get(at)
        if j is None:
            continue
        i = j  # back over the names joined by 、 to the first
        while i > 0 and names[i - 1][1] + 1 == names[i][0] and work[names[i - 1][1]] == "、":
            i -= 1
        if i < j:
            a = names[i][0]
            found[(a, end)] = Entity(a, end, work[a:end], "", False)


def _pairs(work: str, pair: re.Pattern, tails: list[tuple[int, int]], found: dict) -> None:
    """`粤苏两省`: what ``pair.finditer`` finds, tried only where it can start (two or three characters before a tail)."""
    done = 0
    for start in sorted({at - n for at, _ in tails for n in range(PAIR_RUN[0], PAIR_RUN[-1] + 1) if at >= n}):
        m = pair.match(work, start) if start >= done else None
        if m:
            found[m.span()] = Entity(m.start(), m.end(), m.group(), "", False)
            done = m.end()


def resolve(entity: Entity, latest_first: Iterable[Entity], sentence_start: int,
            usable: Callable[[Entity], bool] = lambda e: True) -> Entity:
    """A deictic name (该镇, 全区, 本次大赛) -> the latest named entity with the same head.

    ``latest_first`` walks back from the deictic name; ``usable`` vets a candidate
    (the context module admits only names in running text).  全市/我市/全省/全国
    stay as written unless the place is named in the same sentence (MENTIONS.md).
    """
    if not entity.deictic:
        return entity
    stay = entity.text in STAY_AS_WRITTEN
    start, head = entity.start, entity.head
    any_name = head in PLACE_SUFFIXES  # 该镇 may stand for a gazetteer name; 该项目 for a 项目 only
    for other in latest_first:
        if other.deictic or other.end > start:
            continue
        if stay and other.start < sentence_start:
            break
        if (other.head or any_name) and other.text.endswith(head) and usable(other):
            return other
    return entity
