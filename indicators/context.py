"""Attaches indicator, subject and period (each with its span), year, sentence and headline.

Scope rules (MENTIONS.md and the dev gold's conventions):
- period: a time phrase in the figure's own clause wins (nearest before it, or
  after it when marked by 于/在); else the nearest earlier time phrase of the
  sentence; a phrase bound by 的 (2014年的3.8%) governs only its own figure;
  comparison bases (比上年) never count; a sentence starting with 其中 keeps the
  period of the sentence it breaks down; durations get none.
- subject: the nearest name before the figure in its sentence, outside the
  indicator; deictic names (该镇, 全区) resolve to the name given earlier; for a
  rank, the name before the ranking verb.
- indicator: a table cell's row label; the noun after a measure word (14个村);
  else the phrase before the figure without time, subject and light verbs; else
  the noun after the figure; else the indicator of the figure before it in the
  sentence (比上年增长5.6% shares the level's indicator).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache, partial
from operator import attrgetter

from .lexicon import Lexicon, WordSet, default_lexicon
from .locate import Found
from .patterns import patterns_for
from .periods import TimePhrase, document_year, find_times, year_of
from .subjects import Entity, find_entities, resolve
from .types import Field, Mention

CLAUSE_DELIMS = "，；：,;:"
NP_MAX = 20
LIST_JOINS = ("、", "和", "及", "与")
PER_CAPITA = ("户均", "人均")
REACH = 300  # how far back in its sentence a figure looks for its period, subject and list partners
MAX_RUN = 12
PHRASE_REACH = 60  # the longest indicator phrase before a figure
MAX_CANDIDATES = 16  # the nearest names before a figure that may be its subject
MAX_TAKEN = 6  # earlier indicators of the sentence kept out of the subject candidates
MAX_BACK = 24  # names a deictic name (该镇) walks back over: a few paragraphs of running text
RESOLVE_REACH = 4000  # how far back a deictic name (该镇) looks for the name it stands for  # the longest list of figures that 分别 pairs up
COMPARISONS = ("高于", "低于", "快于", "慢于", "好于")
COMPARED_WITH = ("高于", "低于", "快于", "慢于", "好于", "比", "较", "占", "超过", "位居", "位列", "排名")  # 户均增收 names an indicator; 比上年增长 does not
_COMPARED_LASTS = frozenset(w[-1] for w in COMPARED_WITH)
# a name counts as compared when a word ends where it starts; with one word the prefix of another,
# the words found at one place would have to be chosen between
if any(a != b and b.startswith(a) for a in COMPARED_WITH for b in COMPARED_WITH):
    raise ImportError("COMPARED_WITH: no word may begin another")
_START, _END = attrgetter("start"), attrgetter("end")
_field = partial(tuple.__new__, Field)  # Field(text, start, end) without the Python-level __new__ of a NamedTuple
NP_BREAK = frozenset(CLAUSE_DELIMS + "。！？\n“”《》、（）()")  # characters a noun phrase never crosses
_UNSEEN = object()
_NO_NAMES: dict[int, list[Entity]] = {}  # strip() without names (never filled)
# the order ContextReader.mention passes a Mention's fields in; checked here so a change to
# Mention cannot silently shift them
MENTION_FIELDS = ("start", "end", "text", "value", "unit", "family", "value_max", "qualifier", "change",
                  "indicator", "subject", "period", "year", "sentence", "article", "duplicate_of", "rule")
if tuple(f.name for f in fields(Mention)) != MENTION_FIELDS:
    raise ImportError("types.Mention's fields changed: update context.MENTION_FIELDS and ContextReader.mention")


def _names_compared(work: str, name_starts: list[int]) -> set[int]:
    """The name starts right after a comparison word (高于全省, 比上年).  Asked at the names only:
    few of them follow a word's last character, where a search for every word would scan the
    whole text once per word."""
    return {p for p in name_starts if p and work[p - 1] in _COMPARED_LASTS and work.endswith(COMPARED_WITH, 0, p)}


def _char_positions(chars: str, work: str) -> list[int]:
    """Every position of one of ``chars`` in ``work``, in order (a ``find`` per character beats
    a regular expression's match objects)."""
    out: list[int] = []
    for ch in chars:
        i = work.find(ch)
        while i >= 0:
            out.append(i)
            i = work.find(ch, i + 1)
    out.sort()
    return out


@lru_cache(maxsize=4)
def _word_sets(lex: Lexicon) -> tuple[WordSet, WordSet, WordSet, WordSet]:
    """The context's word lists of one lexicon, built once."""
    directional = {w for w, c in lex.changes.items() if c is not None}  # 新增/增速 name indicators
    return (WordSet(lex.words("strip_left")), WordSet(lex.changes),
            WordSet(set(lex.words("strip_right")) | directional), WordSet(lex.words("np_stop")))


@dataclass
class _Sentence:
    start: int
    end: int
    period: Field | None = None
    subject: Field | None = None


class ContextReader:
    """Context of every figure of one document."""

    def __init__(self, text: str, work: str, layout, year: int | None, lex: Lexicon | None = None) -> None:
        self.text, self.work, self.layout = text, work, layout
        self.lex = lex or default_lexicon()
        self.times = find_times(work)
        self.time_starts = [t.start for t in self.times]
        self.time_starting = {t.start: t for t in self.times}
        self.time_ending = {t.end: t for t in self.times}
        self.entities = find_entities(work, self.lex)
        self.entity_starts = [e.start for e in self.entities]
        # names by start, longest first (the entities are sorted by start, then longest first)
        self.names_at: dict[int, list[Entity]] = {}
        for e in self.entities:
            at = self.names_at.get(e.start)
            if at is None:
                self.names_at[e.start] = [e]
            else:
                at.append(e)
        self.doc_year = year if year is not None else document_year(work)
        self.strip_left, self.change_words, self.strip_right, self.np_stops = _word_sets(self.lex)
        self.pure_verbs = self.lex.words("pure_verb")
        self._prose: dict[int, bool] = {}
        self._topics: dict[int, dict[int, bool]] = {}  # sentence start -> name start -> clause_initial
        self._sentences: dict[int, tuple[int, int]] = {}
        self._last_sentence = (0, 0)  # the last sentence span looked up: figures come in order
        self._last_paragraph = self._last_article = self._last_field = None
        self._resolved: dict[tuple[int, int, int], Entity] = {}
        self._years: dict[str, int | None] = {}  # year_of each period text met
        self._kickers: dict[int, Field | None] = {}  # kicker_subject by sentence start
        self._shared: dict[tuple[int, int], Field] = {}  # shared_field by span
        # names right after a comparison word (高于全省, 比上年): never the subject of what follows
        self.compared = _names_compared(work, self.entity_starts)
        self.delims = _char_positions(CLAUSE_DELIMS, work)
        self.rank_pattern = patterns_for(self.lex).rank_verb
        # what strip() works with, in one tuple: it runs several times per figure, and a bound
        # method or a plain dict made once saves as many lookups (and method objects) per call
        self._strip_tools = (
            work, self.time_starting, self.time_ending, dict(self.lex.changes),
            self.strip_left.starting, self.strip_left.by_first, self.strip_right.ending,
            self.strip_right.by_last, self.change_words.ending, self.change_words.by_last)

    # -- helpers ---------------------------------------------------------------
    def field(self, start: int, end: int) -> Field | None:
        return _field((self.text[start:end], start, end)) if end > start else None

    def sentence(self, pos: int) -> tuple[int, int]:
        last = self._last_sentence
        if last[0] <= pos < last[1]:
            return last
        if pos in self._sentences:
            return self._sentences[pos]
        span = self.layout.sentence_at(pos)
        if span is not None:
            self._last_sentence = found = (span.start, span.end)
        else:
            found = self._sentence(pos)
        self._sentences[pos] = found
        return found

    def _sentence(self, pos: int) -> tuple[int, int]:
        span = self.layout.sentence_at(pos)
        if span is not None:
            return span.start, span.end
        start = self.work.rfind("\n", 0, pos) + 1
        end = self.work.find("\n", pos)
        return start, (len(self.work) if end < 0 else end)

    def clause_start(self, s0: int, pos: int) -> int:
        i = bisect_right(self.delims, pos - 1) - 1
        return max(s0, self.delims[i] + 1) if i >= 0 else s0

    def clause_end(self, pos: int, s1: int) -> int:
        i = bisect_right(self.delims, pos - 1)
        return min(s1, self.delims[i]) if i < len(self.delims) else s1

    def times_in(self, a: int, b: int) -> list[TimePhrase]:
        """Time phrases inside [a, b)."""
        i, j = bisect_left(self.time_starts, a), bisect_left(self.time_starts, b)
        return [t for t in self.times[i:j] if t.end <= b]

    def entities_in(self, a: int, b: int, last: int = 0) -> list[Entity]:
        """Names inside [a, b) (only the ``last`` ones nearest b, when given)."""
        i, j = bisect_left(self.entity_starts, a), bisect_left(self.entity_starts, b)
        if last:
            i = max(i, j - last)
        return [e for e in self.entities[i:j] if e.end <= b]

    # -- period ------------------------------------------------------------------
    def period(self, f: Found, s0: int, s1: int, c0: int, c1: int) -> Field | None:
        if f.family == "duration" and not self.work[max(0, f.start - 3):f.start].endswith("数"):
            return None
        times, starts, start = self.times, self.time_starts, f.start
        # one bisect finds the phrases before the figure; the scans below walk from there (most
        # clauses hold no time phrase, so a comparison ends each scan where a bisect would cost a call)
        i = bisect_left(starts, start)
        k = i - 1
        while k >= 0 and starts[k] >= c0:  # the figure's own clause, nearest first
            t = times[k]
            if t.end <= start and not t.base and (not t.bound or t.end + 1 == start):
                return self.shared_field(t.start, t.end)
            k -= 1
        if i < len(starts) and starts[i] < c1:  # a phrase after the figure in its clause
            for j in range(bisect_left(starts, f.end, i), bisect_left(starts, c1, i)):
                t = times[j]
                if t.end <= c1 and not t.base and self.work[t.start - 1:t.start] in ("于", "在"):
                    return self.shared_field(t.start, t.end)
        reach = start - REACH if start - REACH > s0 else s0
        while k >= 0 and starts[k] >= reach:  # earlier clauses of the sentence
            t = times[k]
            if t.end <= c0 and not t.base and not t.bound:
                return self.shared_field(t.start, t.end)
            k -= 1
        return None

    def shared_field(self, start: int, end: int) -> Field:
        """The field of a span that many figures share (a period, a name), made once:
        a field costs a slice and a tuple, a look-up about a third of that."""
        key = (start, end)
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = _field((self.text[start:end], start, end))
        return found

    # -- subject -----------------------------------------------------------------
    def listed_names(self, candidates: list[Entity], f: Found, run: tuple[int, int]) -> Entity | None:
        """`上海、北京分别完成4352.7亿元和3380.2亿元`: k names before 分别/分列 pair with a run of k figures."""
        position, size = run
        if size < 2 or not any(w in self.work[max(0, f.start - REACH):f.start] for w in ("分别", "分列", "分居")):
            return None
        names = [e for e in candidates if not e.deictic]
        for end in range(len(names), size - 1, -1):
            group = names[end - size:end]
            joined = all(self.work[x.end:y.start] in LIST_JOINS for x, y in zip(group, group[1:]))
            if joined:
                return group[position]
        return None

    def subject(self, f: Found, s0: int, s1: int, c1: int, taken: list[Field],
                run: tuple[int, int] = (0, 1)) -> Field | None:
        """The name the figure belongs to (see the module docstring); ``c1`` ends its clause."""
        described = self.work.startswith("的", f.end) and [
            e for e in self.entities_in(f.end + 1, min(c1, f.end + 1 + 2 * NP_MAX)) if e.start <= f.end + NP_MAX
            and not e.deictic]
        if described:  # 投资一百二十亿元的新能源电池项目: the figure describes the name after it
            return self.shared_field(described[0].start, described[0].end)
        start = f.start
        reach = start - REACH if start - REACH > s0 else s0
        starts = self.entity_starts
        j = bisect_left(starts, start)
        i = bisect_left(starts, reach, 0 if j < MAX_CANDIDATES else j - MAX_CANDIDATES, j)
        compared = self.compared
        # (a third of the figures have no name before them in their sentence)
        candidates = [e for e in self.entities[i:j] if e.end <= start and e.start not in compared] if i < j else []
        if candidates and taken:  # names inside an indicator of the sentence are no subjects
            lo = candidates[0].start
            # spans unpacked from the fields (text, start, end) once: the pairs below are many
            spans = [(a, b) for _, a, b in taken if b > lo]
            if spans:
                kept = []
                for e in candidates:
                    e_start, e_end = e.start, e.end
                    for a, b in spans:
                        if e_start < b and a < e_end:
                            break
                    else:
                        kept.append(e)
                candidates = kept
        if f.family == "age":
            candidates = candidates or self.person_before(f, s0)
        if f.family == "rank":
            verb_at = self.rank_verb_at(s0, f)
            if verb_at >= 0:
                candidates = [e for e in candidates if e.end <= verb_at] or candidates
        if not candidates:  # the first name after the figure, if any
            bound = min(s1, f.end + REACH)
            for e in self.entities[bisect_left(starts, f.end, j):bisect_left(starts, bound, j)]:
                if e.end <= bound:
                    return self.shared_field(e.start, e.end)
            return None
        listed = self.listed_names(candidates, f, run) if run[1] > 1 else None
        if listed:
            return self.shared_field(listed.start, listed.end)
        known = self._topics.get(s0)  # whether each name opens its clause, worked out once per sentence
        if known is None:
            known = self._topics[s0] = {}
        topics = []
        for e in candidates:
            topic = known.get(e.start)
            if topic is None:
                topic = known[e.start] = self.clause_initial(e, s0)
            if topic:
                topics.append(e)
        pool = topics or candidates
        entity = pool[0] if len(pool) == 1 else max(pool, key=_END)  # mostly one name
        if entity.deictic:
            entity = self.resolved(entity, s0)
        return self.shared_field(entity.start, entity.end)

    def resolved(self, entity: Entity, s0: int) -> Entity:
        """The name a deictic name (该镇) of the sentence at ``s0`` stands for (once per name and sentence)."""
        key = (entity.start, entity.end, s0)
        found = self._resolved.get(key)
        if found is None:
            article = self.layout.article_at(s0)
            scope = max(article.start if article is not None else 0, entity.start - RESOLVE_REACH)
            found = self._resolved[key] = resolve(entity, self.entities_back(entity.start, scope), s0,
                                                  lambda e: self.in_prose(e.start))
        return found

    def entities_back(self, before: int, scope: int):
        """Names that start before ``before``, latest first, back to ``scope``."""
        i = bisect_right(self.entity_starts, before - 1) - 1
        stop = max(-1, i - MAX_BACK)
        while i > stop and self.entities[i].start >= scope:
            yield self.entities[i]
            i -= 1

    def rank_verb_at(self, a: int, f: Found) -> int:
        """Where the ranking verb (居, 位列, 排名) before a rank starts, or -1."""
        if self.text[f.start:f.end].startswith("居"):
            return f.start
        last = None
        for last in self.rank_pattern.finditer(self.work, a, f.start):
            pass
        return last.start() if last else -1

    def ranking_named(self, c0: int, f: Found) -> Field | None:
        """`在2020年中国城市综合经济竞争力排行中，衡阳居96位`: the ranking a rank is in."""
        s0, _ = self.sentence(f.start)
        pre = self.work[s0:f.start]
        opened = pre.rfind("在")
        closed = pre.rfind("中")
        if opened < 0 or closed <= opened + 1 or any(c in pre[opened:closed] for c in CLAUSE_DELIMS + "。"):
            return None
        a, b = self.strip(s0 + opened + 1, s0 + closed, s0 + closed)
        while a < b and self.work[a] in "“”":
            a += 1
        while a < b and self.work[b - 1] in "“”":
            b -= 1
        return self.field(a, b) if b - a >= 2 else None

    def in_prose(self, pos: int) -> bool:
        """In a sentence of running text (not a headline, caption or table row)."""
        a, b = self.sentence(pos)
        if a not in self._prose:
            self._prose[a] = self.work[a:b].rstrip()[-1:] in ("。", "！", "？", "；", "”")
        return self._prose[a]

    def clause_initial(self, entity: Entity, s0: int) -> bool:
        """A name that opens its clause (after time words and adverbs) is the clause's topic."""
        return self.strip(self.clause_start(s0, entity.start), entity.start)[0] >= entity.start

    def person_before(self, f: Found, s0: int) -> list[Entity]:
        """`尹文桂，72岁`: the name just before the comma that introduces an age."""
        c0 = self.clause_start(s0, f.start)
        if c0 < 2 or self.work[c0 - 1] not in "，,":
            return []
        a = c0 - 1
        while a > s0 and c0 - 1 - a < 4 and self.work[a - 1] not in "的，。、：；“”（）\n ":
            a -= 1
        name = self.work[a:c0 - 1]
        return [Entity(a, c0 - 1, name, "", False)] if 2 <= len(name) <= 4 else []

    # -- indicator ---------------------------------------------------------------
    def noun_after(self, pos: int, end: int, skip_de: bool) -> tuple[int, int] | None:
        work, stop_word, stop_firsts = self.work, self.np_stops.starting, self.np_stops.by_first
        if skip_de and work.startswith("的", pos):
            pos += 1
        a = b = pos
        quoted = 0
        while b < end and b - a - quoted < NP_MAX:
            ch = work[b]
            if ch == "“":  # a quoted name inside the noun phrase: “重点网媒…”主题网络宣传活动
                close = work.find("”", b, min(end, b + NP_MAX))
                if close > b:
                    quoted += close + 1 - b
                    b = close + 1
                    continue
            if ch in NP_BREAK or ch.isdigit() or (ch in stop_firsts and stop_word(work, b)):
                break
            if b == a and ch in "和及与或并而":  # 48.6亿元和51.2亿元: no noun after the figure
                break
            if ch == "的" or (ch in "一二三四五六七八九十两" and b > a):
                break
            b += 1
        return (a, b) if b - a >= 1 else None

    def strip(self, a: int, b: int, names_end: int = -1) -> tuple[int, int]:
        """``[a, b)`` without the time phrases, names (those ending by ``names_end``), light words and
        fillers at its ends: what is left names the indicator."""
        (work, time_starting, time_ending, changes, left_word, left_firsts,
         right_word, right_lasts, change_word, change_lasts) = self._strip_tools
        names_at = self.names_at if names_end >= 0 else _NO_NAMES
        changed = True
        while changed and a < b:
            changed = False
            t = time_starting.get(a)
            if t is not None and t.end <= b:
                a, changed = t.end, True
            names = names_at.get(a)
            while names:
                for e in names:
                    if e.end <= names_end and (e.end < b or not e.head):  # 新开工项目126个: a head-noun name can be the indicator
                        a, changed = e.end, True
                        names = names_at.get(a)
                        break
                else:
                    break
            while a < b and work[a].isspace():
                a, changed = a + 1, True
            # most positions start no word of the list: a look at the first character settles it
            # without the call (the word sets are asked the same way at their ends below)
            if a < b and work[a] in left_firsts:
                w = left_word(work, a, b)
                if w:
                    a, changed = a + len(w), True
        changed = True
        while changed and a < b:
            changed = False
            last = work[b - 1]
            w = right_word(work, b, a) if last in right_lasts else ""
            named = change_word(work, b, a) if last in change_lasts else ""
            if named and changes[named] is None and len(named) >= len(w):
                break  # 计划新增5.5万人: 新增 names the indicator, its 增 is no change verb
            if w and not (w in changes and work.endswith(PER_CAPITA, a, b - len(w))):
                b, changed = b - len(w), True
            t = time_ending.get(b)
            if t is not None and t.start >= a:
                b, changed = t.start, True
        while a < b and work[a] in " \t\n、（(":
            a += 1
        while a < b and work[b - 1] in " \t、（(的":
            b -= 1
        return a, b

    def indicator(self, f: Found, c0: int, c1: int, prev: Found | None, prev_ind: Field | None) -> Field | None:
        if f.label:
            return self.field(*f.label)
        seg = prev.end if prev and prev.end > c0 else c0
        if seg < f.start - PHRASE_REACH:
            seg = f.start - PHRASE_REACH
        if f.family == "count":  # 14个村: the noun after a measure word
            after = self.noun_after(f.end, c1, skip_de=False)
            if after:
                return self.field(*after)
        if self.work.startswith(COMPARISONS, seg):  # 高于全市平均水平2.1个百分点: a comparison, no indicator
            return prev_ind
        a, b = self.strip(seg, f.start, f.start)
        if f.family == "rank":
            ranking = self.ranking_named(c0, f)
            if ranking:
                return ranking
            verb_at = self.rank_verb_at(a, f)
            if verb_at >= a:
                a, b = self.strip(a, verb_at, f.start) if verb_at > a else (a, a)
        phrase = self.work[a:b]
        if phrase and phrase not in self.pure_verbs and phrase.rstrip("了") not in self.pure_verbs:
            if prev and prev_ind and a == prev.end and phrase == prev_ind.text:
                pass
            else:
                return self.field(a, b)
        if f.family in ("percent", "percentage_point", "rank"):
            return prev_ind
        after = self.noun_after(f.end, c1, skip_de=False) or self.noun_after(f.end, c1, skip_de=True)
        return self.field(*after) if after else prev_ind

    # -- all ---------------------------------------------------------------------
    def read(self, found: list[Found]) -> list[Mention]:
        out: list[Mention] = []
        inherited: set[int] = set()  # figures whose indicator came from the figure before
        sentence: _Sentence | None = None
        previous: _Sentence | None = None
        prev: Found | None = None
        prev_ind: Field | None = None
        work, delims = self.work, self.delims
        joined = [work[a.end:b.start] in LIST_JOINS for a, b in zip(found, found[1:])]
        for here, f in enumerate(found):
            if f.caption is not None:
                out.append(self.table_cell(f))
                continue
            s0, s1 = self.sentence(f.start)
            if sentence is None or s0 != sentence.start:
                previous, sentence, prev, prev_ind = sentence, _Sentence(s0, s1), None, None
                taken: list[Field] = []
                opens_with_which = work.startswith("其中", s0)
            i = bisect_right(delims, f.start - 1)  # the clause: from the delimiter before to the one after
            c0 = delims[i - 1] + 1 if i and delims[i - 1] + 1 > s0 else s0
            i = bisect_right(delims, f.end - 1, i)
            c1 = delims[i] if i < len(delims) and delims[i] < s1 else s1
            breaks_down = opens_with_which or work.startswith("其中", c0)
            period = self.period(f, s0, s1, c0, c1)
            if period is None and breaks_down and previous and f.family != "duration":
                period = previous.period
            indicator = self.indicator(f, c0, c1, prev, prev_ind)
            if (here and joined[here - 1]) or (here < len(joined) and joined[here]):
                position, size = self.run_position(here, joined)
            else:
                position, size = 0, 1  # a figure on its own (most are)
            if indicator is prev_ind and (prev_ind is not None or position == 0):
                inherited.add(here)
            if here - position in inherited and size > 1 and "分别" in self.work[max(s0, f.start - REACH):f.start]:
                indicator = self.respectively(position, size, found[here - position], out, s0) or indicator
            if indicator is not None:  # the figure's own indicator holds no subject either
                taken.append(indicator)
            subject = self.subject(f, s0, s1, c1, taken, (position, size))
            if subject is None and breaks_down and previous:
                subject = previous.subject
            if subject is None and f.family != "duration":
                subject = self.kicker_subject(s0)
            if period is not None:
                sentence.period = period
            if subject is not None:
                sentence.subject = subject
            out.append(self.mention(f, indicator, subject, period, s0, s1))
            if f.family != "duration":  # 两年平均增长6.1%: the duration's noun is not the rate's
                prev, prev_ind = f, indicator
            del taken[:-MAX_TAKEN]
        return out

    @staticmethod
    def run_position(here: int, joined: list[bool]) -> tuple[int, int]:
        """(index within, size of) the run of figures joined by 、/和 that figure ``here`` is in;
        ``joined[i]``: figures i and i + 1 are joined."""
        first = here
        while first > 0 and here - first < MAX_RUN and joined[first - 1]:
            first -= 1
        last = here
        while last < len(joined) and last - first < MAX_RUN and joined[last]:
            last += 1
        return here - first, last - first + 1

    def respectively(self, position: int, size: int, run: Found, out: list[Mention], s0: int) -> Field | None:
        """`事故12起，死亡8人，同比分别下降14.3%和11.1%`: the i-th figure of a run after 分别
        takes the indicator of the i-th of as many figures listed before it in the sentence."""
        reach = max(s0, run.start - REACH)
        before = [m for m in out[-2 * size - 2 - position:] if m.start >= reach and m.end <= run.start
                  and m.family != run.family]
        if len(before) < size:
            return None
        return before[-size:][position].indicator

    def table_cell(self, f: Found) -> Mention:
        """A table cell: indicator from its row label, subject and period from the caption."""
        c0, c1 = f.caption
        times = [t for t in self.times_in(c0, c1) if not t.base]
        if f.header is not None:  # | 项目 | 2023年 | 2022年 |: the column's year is the cell's period
            times = [t for t in self.times_in(*f.header) if not t.base] or times
        names = self.entities_in(c0, c1)
        period = self.shared_field(times[-1].start, times[-1].end) if times else None
        subject = self.shared_field(names[0].start, names[0].end) if names else None
        row_start = self.work.rfind("\n", 0, f.start) + 1
        row_end = self.work.find("\n", f.start)
        row_end = len(self.work) if row_end < 0 else row_end
        return self.mention(f, self.field(*f.label) if f.label else None, subject, period, row_start, row_end)

    def kicker_subject(self, s0: int) -> Field | None:
        """A headline's subject may stand in the kicker line above it (祁东蒋家桥镇：);
        asked for every figure without a subject, so answered once per sentence."""
        if s0 not in self._kickers:
            self._kickers[s0] = self._kicker_subject(s0)
        return self._kickers[s0]

    def _kicker_subject(self, s0: int) -> Field | None:
        paragraph = self.layout.paragraph_at(s0)
        if paragraph is None or paragraph.kind != "headline":
            return None
        paragraphs = self.layout.paragraphs
        index = bisect_right(paragraphs, paragraph.start, key=_START) - 2
        before = paragraphs[index] if index >= 0 else None
        if before is None or before.kind != "kicker":
            return None
        names = self.entities_in(before.start, before.end)
        return self.shared_field(names[-1].start, names[-1].end) if names else None

    def mention(self, f: Found, indicator, subject, period, s0: int, s1: int) -> Mention:
        pos = f.start
        article, paragraph = self._last_article, self._last_paragraph
        if article is None or not article.start <= pos < article.end:
            self._last_article = article = self.layout.article_at(pos)
        if paragraph is None or not paragraph.start <= pos < paragraph.end:
            self._last_paragraph = paragraph = self.layout.paragraph_at(pos)
        duplicate_of = None
        if paragraph is not None and paragraph.duplicate_of is not None:
            duplicate_of = paragraph.duplicate_of + (pos - paragraph.start)
        end = f.end
        a, b = pos - REACH, end + REACH  # a page-long "sentence" is clipped
        a, b = (s0 if s0 > a else a), (s1 if s1 < b else b)
        sentence = self._last_field
        if sentence is None or sentence[1] != a or sentence[2] != b:  # the figures of a sentence share it
            self._last_field = sentence = self.field(a, b)
        value_max = f.value_max
        year = None
        if period:  # the figures of a sentence mostly share their period: its year is read once
            year = self._years.get(period.text, _UNSEEN)
            if year is _UNSEEN:
                year = self._years[period.text] = year_of(period.text, self.doc_year)
        # by position, in the order of MENTION_FIELDS: a call by keyword costs half as much
        # again as building the mention, thousands of times per document
        return Mention(
            pos, end, self.text[pos:end], tidy(f.value), f.unit, f.family,
            tidy(value_max) if value_max is not None else None, f.qualifier, f.change,
            indicator, subject, period, year, sentence,
            article.headline if article else None, duplicate_of, f.rule,
        )


def tidy(value: Decimal) -> Decimal:
    """Same value without trailing zeros or exponent noise: 52360000000.0 -> 52360000000."""
    whole = value.to_integral_value()  # exact at any size (quantize is bound by the context's precision)
    return whole if whole == value else value  # a whole number keeps its own form (5E+3 stays 5E+3)


def attach(text: str, work: str, layout, found: list[Found], *, year: int | None = None) -> list[Mention]:
    """Mentions with context for the located figures of one document."""
    if not found:
        return []
    return ContextReader(text, work, layout, year).read(found)
