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
DEICTIC_ONLY = re.compile(r"(?:该|本|此)(?P<head>链|行|厂|社|站|园|馆|校|院|所)")
GROUP_TAIL = "(?:两|三|四|五|六)(?:省|市|地|国)"  # 广东、江苏两省 / 粤苏两省
GROUP_TAIL_RE = re.compile(GROUP_TAIL)
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
    place: bool  # a place (镇 区), not an organisation, project or event
    reach: int  # the longest name before the head (NAME_MAX)
    # Matched from where the reach begins up to the head, it ends after the last character
    # a name does not extend over (STOP_CHARS), or where it began: there the name begins.
    begin: re.Pattern
    # The lengths of the nouns generic only alone (山区) that can end where the head
    # ends (those ending with the head, or a suffix of it), longest first.
    alone: tuple[int, ...]


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Head nouns, gazetteer names and abbreviation pairs (粤苏两省), built once per lexicon.

    A generic noun ending where a head ends (城市, 商业银行) sets the empty group
    ``generic`` of the head's match: the engine checks that at once, where Python
    would slice the text a few times at every head.
    """
    generic: dict[int, list[str]] = {}
    for word in lex.words("generic_place"):
        generic.setdefault(len(word), []).append(word)
    ends = "|".join(f"(?<={alternation(words)})" for _, words in sorted(generic.items(), reverse=True))
    generic_end = f"(?:(?:{ends})(?P<generic>)|)" if ends else ""
    heads = re.compile(f"(?:{alternation(lex.words('subject_suffix'))}){generic_end}")
    abbr = abbreviations()
    pair = re.compile(rf"[{abbr}]{{{PAIR_RUN[0]},{PAIR_RUN[-1]}}}{GROUP_TAIL}" if abbr else "(?!)")
    return heads, gazetteer_pattern(), pair


@lru_cache(maxsize=4)
def _heads(lex: Lexicon) -> dict[str, _Head]:
    """{head noun: _Head}, built once per lexicon."""
    alone = lex.words("generic_alone")
    begin = {kind: re.compile(f"(?:[^{_chars(stops)}]*+[{_chars(stops)}])*+")
             for kind, stops in (("place", STOP_CHARS), ("org", ORG_STOPS))}
    out = {}
    for head in lex.words("subject_suffix"):
        kind = "place" if head in PLACE_SUFFIXES else "org"
        lengths = {len(w) for w in alone if w.endswith(head) or head.endswith(w)}
        out[head] = _Head(kind == "place", NAME_MAX[kind], begin[kind], tuple(sorted(lengths, reverse=True)))
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
    heads, places, pair = _patterns(lex)
    found: dict[tuple[int, int], Entity] = {}
    names = []
    for m in places.finditer(work):
        a, b = m.span()
        if not work.endswith("其", 0, a):  # 其中国家…: 中国 inside the fixed word 其中 is no name
            names.append((a, b))
            found[(a, b)] = Entity(a, b, m.group(), "", False)
    tails = [m.span() for m in GROUP_TAIL_RE.finditer(work)]  # 两省 never overlaps another
    if tails:  # both need a tail (两省), which few documents have
        _name_groups(work, names, tails, found)
        _pairs(work, pair, tails, found)
    _head_names(work, lex, heads, found)
    for m in DEICTIC_ONLY.finditer(work):  # 该链, 该行: heads that name something only after 该
        found.setdefault(m.span(), Entity(m.start(), m.end(), m.group(), m.group("head"), True))
    for m in TITLE.finditer(work):
        title = m.group("t")
        if heads.search(title[-4:]):
            found[m.span("t")] = Entity(m.start("t"), m.end("t"), title, title[-2:], False)
    # By start, the longest first: (start, end) pairs are distinct, so two stable sorts do it.
    entities = sorted(found.values(), key=_END, reverse=True)
    entities.sort(key=_START)
    return entities


def _head_names(work: str, lex: Lexicon, heads: re.Pattern, found: dict) -> None:
    """Names ending in a head noun (河田镇, 钢管及深加工产业链) and deictic ones (该镇, 本次大赛)."""
    rules, name_stop = _heads(lex), _name_stop(lex)
    alone, follow = lex.words("generic_alone"), lex.words("place_follow")
    name_ends = {end for _, end in found}  # the names that might already end where a head ends
    for m in heads.finditer(work):
        head_start, end = m.span()
        head = m.group()
        place, reach, begin, alone_lengths = rules[head]
        after_deictic = work[head_start - 1:head_start] in DEICTIC_LASTS  # 该镇, 全区, 本次大赛: maybe
        # 城市, 商业银行: a generic noun; 市政, 市场: the head begins another word; 山区 on its own
        if (m.lastgroup or place and (work[end:end + 1] in follow
                                      or alone_lengths and _standing_alone(work, alone, alone_lengths, end))) \
                and not (after_deictic and DEICTIC.ending(work, head_start)):
            continue
        start = begin.match(work, max(0, head_start - reach), head_start).end()  # 河田镇: back to a stop
        if start < head_start and name_stop.search(work, start, head_start):
            for verb in name_stop.finditer(work, start, head_start):  # 全力推动产业链: a verb
                pass  # cannot stand inside a name; the name begins after the last one
            start = verb.end()
        deictic = after_deictic and DEICTIC.ending(work, head_start, start)
        if deictic:
            at = head_start - len(deictic)
            found[(at, end)] = Entity(at, end, work[at:end], head, True)
        elif start < head_start and NOT_IN_NAMES.isdisjoint(work[start:head_start]) \
                and not (end in name_ends and any((s, end) in found for s in range(start, head_start))):
            found[(start, end)] = Entity(start, end, work[start:end], head, False)


def _standing_alone(work: str, words: frozenset[str], lengths: tuple[int, ...], end: int) -> bool:
    """山区 on its own is a common noun; 北山区 is a name (the longest such noun ending at ``end`` decides)."""
    for n in lengths:
        if end >= n and work[end - n:end] in words:
            return end == n or work[end - n - 1] in STOP_CHARS
    return False


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
