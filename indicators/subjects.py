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

import re

from .lexicon import Lexicon, WordSet, default_lexicon
from .places import abbreviations, gazetteer
from .patterns import alternation, trie_alternation

PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "州", "盟", "旗", "街道", "社区")
DEICTIC_HEADS = ("该", "全", "我", "本", "此", "本次", "此次", "这")
DEICTIC = WordSet(DEICTIC_HEADS)
STAY_AS_WRITTEN = ("全市", "我市", "全省", "我省", "全国", "本市", "本省", "全球")
STOP_CHARS = set("的在是为了对从向把被将于以由和与及等共有已就也还又都均达让使给到至自据按各其这那个中上下年月日"
                 "，。；：、！？“”‘’《》（）()「」\n\t |0123456789")
DEICTIC_ONLY = re.compile(r"(?:该|本|此)(?P<head>链|行|厂|社|站|园|馆|校|院|所)")
GROUP_TAIL = "(?:两|三|四|五|六)(?:省|市|地|国)"  # 广东、江苏两省 / 粤苏两省
GROUP_TAIL_RE = re.compile(GROUP_TAIL)
NOT_IN_NAMES = set("一二三四五六七八九十两类级第")  # 二类县, 五星级: grades, not names
NAME_MAX = {"place": 3, "org": 10}
ORG_INNER = set("和及与")  # inside names of projects and chains: 钢管及深加工产业链
ORG_STOPS = STOP_CHARS - ORG_INNER
TITLE = re.compile(r"《(?P<t>[^《》\n]{2,40})》")  # 《中国城市竞争力报告》


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    text: str
    head: str  # the suffix (镇, 项目) or "" for gazetteer names
    deictic: bool


@lru_cache(maxsize=4)
def _name_words(lex: Lexicon) -> tuple[WordSet, WordSet, re.Pattern]:
    """Generic nouns, nouns generic only alone, and verbs that end a name, built once per lexicon."""
    return (WordSet(lex.words("generic_place")), WordSet(lex.words("generic_alone")),
            re.compile(alternation(lex.words("name_stop"))))


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    heads = re.compile(alternation(lex.words("subject_suffix")))
    places = re.compile(trie_alternation(gazetteer()))
    abbr = abbreviations()
    pair = re.compile(rf"[{abbr}]{{2,3}}{GROUP_TAIL}" if abbr else "(?!)")
    return heads, places, pair


def find_entities(work: str, lex: Lexicon | None = None) -> list[Entity]:
    """Every candidate subject of ``work``, sorted by start."""
    lex = lex or default_lexicon()
    heads, places, pair = _patterns(lex)
    found: dict[tuple[int, int], Entity] = {}
    # 其中国家…: 中国 inside the fixed word 其中 is no name
    names = [m.span() for m in places.finditer(work) if not work.endswith("其", 0, m.start())]
    for a, b in names:
        found[(a, b)] = Entity(a, b, work[a:b], "", False)
    _name_groups(work, names, found)
    for m in pair.finditer(work):
        found[m.span()] = Entity(m.start(), m.end(), m.group(), "", False)
    generic, generic_alone, name_stop = _name_words(lex)
    follow = lex.words("place_follow")
    for m in heads.finditer(work):
        head = m.group()
        kind = "place" if head in PLACE_SUFFIXES else "org"
        start = m.start()
        deictic_before = DEICTIC.ending(work, start)
        if not deictic_before and (generic.ending(work, m.end()) or kind == "place" and (
                work[m.end():m.end() + 1] in follow
                or _standing_alone(work, generic_alone.ending(work, m.end()), m.end()))):
            continue
        limit = max(0, start - NAME_MAX[kind])
        stops = STOP_CHARS if kind == "place" else ORG_STOPS
        while start > limit and work[start - 1] not in stops:
            start -= 1
        prefix = work[start:m.start()]
        last_verb = None
        for last_verb in name_stop.finditer(prefix):
            pass
        if last_verb:  # 全力推动产业链: a verb cannot stand inside a name
            start, prefix = start + last_verb.end(), prefix[last_verb.end():]
        deictic = DEICTIC.ending(prefix, len(prefix))
        if deictic:
            at = m.start() - len(deictic)
            found[(at, m.end())] = Entity(at, m.end(), work[at:m.end()], head, True)
        else:
            if prefix and not NOT_IN_NAMES.intersection(prefix) \
                    and not any((s, m.end()) in found for s in range(start, m.start())):
                found[(start, m.end())] = Entity(start, m.end(), work[start:m.end()], head, False)
    for m in DEICTIC_ONLY.finditer(work):  # 该链, 该行: heads that name something only after 该
        found.setdefault(m.span(), Entity(m.start(), m.end(), m.group(), m.group("head"), True))
    for m in TITLE.finditer(work):
        title = m.group("t")
        if heads.search(title[-4:]):
            found[m.span("t")] = Entity(m.start("t"), m.end("t"), title, title[-2:], False)
    return sorted(found.values(), key=lambda e: (e.start, -e.end))


def _standing_alone(work: str, word: str, end: int) -> bool:
    """山区 on its own is a common noun; 北山区 is a name."""
    return bool(word) and (end - len(word) == 0 or work[end - len(word) - 1] in STOP_CHARS)


def _name_groups(work: str, names: list[tuple[int, int]], found: dict) -> None:
    """`广东、江苏两省`: names joined by 、 and closed by 两省 are one subject."""
    i = 0
    while i < len(names):
        a, b = names[i]
        j = i
        while j + 1 < len(names) and names[j + 1][0] == names[j][1] + 1 and work[names[j][1]] == "、":
            j += 1
        tail = GROUP_TAIL_RE.match(work, names[j][1])
        if j > i and tail:
            found[(a, tail.end())] = Entity(a, tail.end(), work[a:tail.end()], "", False)
        i = j + 1


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
    for other in latest_first:
        if other.deictic or other.end > entity.start:
            continue
        if stay and other.start < sentence_start:
            break
        if other.text.endswith(entity.head) and (other.head or entity.head in PLACE_SUFFIXES) and usable(other):
            return other
    return entity
