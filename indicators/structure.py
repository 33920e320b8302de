"""Document structure: sentences, paragraphs and articles as offsets into the original text.

A newspaper page holds many articles, each a headline (a kicker line may stand
before it and sub-title lines after it), a byline (``■本报记者 陈润``), a body
that opens with a dateline (``**本报讯**（记者 罗文鹏）``) and captions.  The
page layout breaks paragraphs with blank lines in mid-sentence (``自1986年建立以
\\n\\n来``) and repeats paragraphs verbatim; both are undone here without moving
an offset: everything is read from the same-length working copy of ``markup``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import partial
from operator import attrgetter, itemgetter, methodcaller
from typing import NamedTuple

from .markup import (
    CLAUSE,
    FORMATS,
    LINE,
    LINE_ENDS,
    MAX_KICKER,
    MAX_TITLE_LINE,
    Unit,
    block_units,
    gap,
    mask,
    sniff,
    soft,
)
from .types import Field, slot_init

KINDS = ("body", "headline", "kicker", "byline", "caption", "table", "heading", "other")
MIN_DUPLICATE = 20  # shorter repeats are boilerplate: 市领导毛朝晖参加会见。 closes two articles of seed 000
MAX_RUN = 4  # more short lines in a row than this are a list, not a headline with its kicker and sub-titles

HEAD_MARK = re.compile(r"(?:#{1,6}[ \t\u3000]*)?(?:\*\*)?")
TABLE_RULE = re.compile(r"[\s|:\-]*")
_CLOSERS = "”’」』）)》】\"'"
_STOPS = "！？!?"  # end a sentence as 。 does
# A sentence: up to and with its final punctuation and the quotes and brackets that close after it.
# It is read from a copy of the text with every stop made 。 (``_one_stop``): a class that
# leaves out one character scans several times faster than one that leaves out five.
# Either branch matches at any non-blank character and none at a blank one, so finditer
# skips the blanks between sentences and every match is a whole sentence.  After [^。]*
# comes 。 or the end, so 。* and the closers class take all the sentence ends with.
PIECE = re.compile(rf"[^\s。][^。]*。*[{_CLOSERS}]*|。+[{_CLOSERS}]*")
SENTENCE_END = re.compile(rf"[。！？!?][{_CLOSERS}]*$")
KICKER_END = re.compile(r"[—：:]$")  # 双方一致表示——, 祁东蒋家桥镇：
SLOGAN = re.compile(r"“[^“”]+”")  # “决胜全面小康 决战脱贫攻坚” over a headline is a column's label
COMMA = re.compile(r"[，、,]")
BODY_PUNCT = re.compile(r"[。！？；，、：!?;,:]")
LABEL = re.compile(r"[^：:]{1,6}[：:]")  # 单位：亿元, 注：, 来源： open no title
# 本报讯, 新华社北京3月5日电, 湖南日报长沙10月23日讯: a source, maybe a place and a date, then 讯 or 电.
DATELINE = re.compile(r"""(?:\*\*|【)?(?P<dateline>
    (?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央广网|[\u4e00-\u9fff]{2,8}(?:日报|晚报|报|网|社|台))
    (?:[\u4e00-\u9fff]{0,8}[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日)?[讯电])
    (?:\*\*|】)?(?=\*\*|[（(\s:：]|$)""", re.VERBOSE)
BYLINE_AFTER = re.compile(r"(?:\*\*|】)?[ \t\u3000]*(?P<byline>[（(][^（）()\n。，]{1,40}[）)])")


class Span(NamedTuple):
    """A sentence: half-open ``[start, end)`` into the original text."""

    start: int
    end: int


# Span(start, end) from a (start, end) pair, built in C: map(_span, map(_match_span, ...))
# turns the matches of a paragraph into sentences without a Python call per sentence.
_span = partial(tuple.__new__, Span)
_match_span = re.Match.span
_LINE_SPAN = methodcaller("span", 1)
_new_field = partial(tuple.__new__, Field)  # Field(text, start, end) from a triple, without a Python call


@slot_init  # made by the thousand per document
@dataclass(frozen=True, slots=True, init=False)
class Paragraph:
    """A paragraph, joined across page-layout breaks, and what it is (one of ``KINDS``)."""

    start: int
    end: int
    kind: str
    duplicate_of: int | None = None  # start of the first copy of a paragraph the layout repeated


@slot_init
@dataclass(frozen=True, slots=True, init=False)
class Article:
    """One article of a page: from its kicker or headline to its last paragraph."""

    start: int
    end: int
    headline: Field | None = None
    byline: Field | None = None
    dateline: Field | None = None


_START = attrgetter("start")
_CLS = itemgetter(5)  # the cls of a markup.Unit


def _at(items, pos: int):
    i = bisect_right(items, pos, key=_START) - 1
    return items[i] if i >= 0 and pos < items[i].end else None


@slot_init
@dataclass(frozen=True, slots=True, init=False)
class Layout:
    """Structure of one document; every offset indexes ``text`` (and ``work``, of the same length)."""

    text: str
    work: str  # text with markup masked to spaces
    sentences: tuple[Span, ...]
    paragraphs: tuple[Paragraph, ...]
    articles: tuple[Article, ...]

    def sentence_at(self, pos: int) -> Span | None:
        i = bisect_right(self.sentences, (pos, float("inf"))) - 1
        return self.sentences[i] if i >= 0 and pos < self.sentences[i].end else None

    def paragraph_at(self, pos: int) -> Paragraph | None:
        return _at(self.paragraphs, pos)

    def article_at(self, pos: int) -> Article | None:
        return _at(self.articles, pos)


def analyse(text: str, format: str | None = None) -> Layout:
    """Sentences, paragraphs and articles of ``text`` ("text", "markdown" or "html"; None: sniffed).

    >>> layout = analyse("# 标题\\n\\n■本报记者 陈润\\n\\n**本报讯** 全县有14个村。共4万人。")
    >>> [a.headline.text for a in layout.articles], len(layout.sentences)
    (['标题'], 4)
    """
    if format is None:
        format = sniff(text)
    elif format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS} or None, not {format!r}")
    markup = mask(text, format)
    work = markup.work
    units = block_units(markup, format)
    classes = list(map(_CLS, units))  # searched at C speed for the few heads and captions
    kinds = [""] * len(units)  # what the neighbours make a unit: "headline", "kicker" or "" (its cls decides)
    if "head" in classes:
        starts = _marked_heads(text, units, kinds, classes)
    else:
        starts = _found_heads(text, units, kinds)
    if "caption" in classes:
        starts += _caption_starts(units, kinds, {first for first, _ in starts})
    starts.sort()
    paragraphs, first_units = _paragraphs(text, work, units, kinds)
    articles = _articles(text, work, units, starts, paragraphs, first_units)
    sentences = _sentences(work, paragraphs, format == "html")
    return Layout(text, work, tuple(sentences), tuple(paragraphs), tuple(articles))


# -- headlines, and where articles start ---------------------------------------
# A unit is a ``markup.Unit`` tuple (start, end, text, lines, after, cls); its kind is the
# item of the same index in ``kinds``, and ``source`` (the document) gives its gap and softness.

FREE = ("title", "body")  # classes of a block whose kind the neighbours decide


def _subtitle(source: str, unit: Unit, kind: str) -> bool:
    """A line right after a headline: 朱健参加会见, 我市26个乡镇（街道）被警示约谈。何恩广参加."""
    start, _, text, lines, after, cls = unit
    return (not kind and cls in FREE and lines <= 2 and len(text) <= MAX_KICKER and gap(source, start, after) <= 2
            and not SENTENCE_END.search(text) and not DATELINE.match(text))


def _kicker(source: str, unit: Unit, kind: str, head: Unit) -> bool:
    """A lead line right before a headline: 祁东蒋家桥镇：, 邓群策会见…双方一致表示——."""
    text = unit[2]
    return (not kind and unit[5] in FREE and unit[3] == 1 and len(text) <= MAX_KICKER
            and gap(source, head[0], head[4]) <= 2 and not SENTENCE_END.search(text)
            and (KICKER_END.search(text) is not None or not CLAUSE.search(text))
            and not DATELINE.match(text))


def _take_subtitles(source: str, units: list[Unit], kinds: list[str], after: int, room: int) -> int:
    """Mark up to ``room`` sub-titles after unit ``after``; the index past them."""
    j = after + 1
    while room > 0 and j < len(units) and _subtitle(source, units[j], kinds[j]):
        kinds[j] = "kicker"
        j, room = j + 1, room - 1
    return j


def _marked_heads(source: str, units: list[Unit], kinds: list[str], classes: list[str]) -> list[tuple[int, int | None]]:
    """Articles of a page whose headlines are marked up (``# …``, ``<h1>``)."""
    starts: list[tuple[int, int | None]] = []
    i = -1
    for _ in range(classes.count("head")):
        i = classes.index("head", i + 1)
        unit = units[i]
        kinds[i] = "headline"
        first = i
        if i and _kicker(source, units[i - 1], kinds[i - 1], unit):
            kinds[i - 1] = "kicker"
            first = i - 1
        _take_subtitles(source, units, kinds, i, 2)
        starts.append((first, i))
    return starts


def _expects_more(unit: Unit) -> bool:
    return unit[5] in ("title", "body") and unit[2][-1] not in LINE_ENDS


def _found_heads(source: str, units: list[Unit], kinds: list[str]) -> list[tuple[int, int | None]]:
    """Articles of plain text: a run of short lines followed by a byline, a dateline or prose."""
    starts: list[tuple[int, int | None]] = []
    n, i = len(units), 0
    while i < n:
        if units[i][5] != "title" or kinds[i] or units[i][3] > 1:  # two lines: a sub-title at most
            i += 1
            continue
        j = i
        while j < n and units[j][5] == "title" and not kinds[j] and (j == i or gap(source, units[j][0], units[j][4]) <= 2):
            j += 1
        text = units[i][2]
        head = i + 1 if j - i > 1 and (KICKER_END.search(text) or SLOGAN.fullmatch(text)) else i
        if j - i <= MAX_RUN and units[head][3] == 1:
            after = _take_subtitles(source, units, kinds, j - 1, 2 - (j - 1 - head))
            nxt = units[after] if after < n else None
            title = units[head][2]
            strong = nxt is not None and (nxt[5] == "byline"
                                          or not kinds[after] and nxt[5] in FREE and DATELINE.match(nxt[2]))
            weak = (nxt is not None and nxt[5] in ("body", "heading", "table", "caption")
                    and not BODY_PUNCT.search(title) and not (i and _expects_more(units[i - 1])))
            first = not i and not LABEL.match(title)  # the first line: the document's title
            for k in range(i, after):
                kinds[k] = "kicker" if strong or weak or first else ""
            if strong or weak or first:
                kinds[head] = "headline"
                starts.append((i, head))
        i = j
    return starts


def _caption_starts(units: list[Unit], kinds: list[str], firsts: set[int]) -> list[tuple[int, int | None]]:
    """A photo caption standing between two articles is an article of its own (seed 004)."""
    return [(i, None) for i in range(1, len(units) - 1)
            if units[i][5] == "caption" and i + 1 in firsts and i not in firsts and "摄" in units[i][2]
            and kinds[i - 1] not in ("headline", "kicker") and units[i - 1][5] != "byline"]


# -- paragraphs, articles, sentences ------------------------------------------

def _continues(source: str, unit: Unit, kind: str) -> bool:
    """Can ``unit`` be the rest of a paragraph that the page layout broke?  (Soft, and prose.)"""
    start, _, text, _, after, cls = unit
    return (soft(source, start, after) and not kind and cls in FREE
            and (len(text) > MAX_TITLE_LINE or BODY_PUNCT.search(text) is not None) and not DATELINE.match(text))


def _paragraphs(source: str, work: str, units: list[Unit], kinds: list[str]) -> tuple[list[Paragraph], list[int]]:
    """Paragraphs joined across layout breaks, each repeat of an earlier one (whitespace aside)
    pointing to the first copy; and the index of the first unit of every paragraph."""
    paragraphs: list[Paragraph] = []
    first_units: list[int] = []
    seen: dict[str, int] = {}  # paragraph text without whitespace -> start of its first copy
    n, i = len(units), 0
    while i < n:
        start, end, text, _, _, cls = units[i]
        kind, j = kinds[i], i
        # prose, or a dateline: a paragraph that may go on in the next units
        if (not kind and cls in FREE
                and (len(text) > MAX_TITLE_LINE or BODY_PUNCT.search(text) or DATELINE.match(text))):
            last = text
            while j + 1 < n and last[-1] not in LINE_ENDS and _continues(source, units[j + 1], kinds[j + 1]):
                j += 1
                _, end, last, _, _, _ = units[j]
        if not kind:  # else a headline or kicker, decided above
            if cls == "title":
                kind = "body" if j > i or COMMA.search(text) else "other"
            else:
                kind = "headline" if cls == "head" else cls
        first = None
        if end - start >= MIN_DUPLICATE:
            key = "".join((text if j == i else work[start:end]).split())
            if len(key) >= MIN_DUPLICATE and (first := seen.setdefault(key, start)) == start:
                first = None
        first_units.append(i)
        paragraphs.append(Paragraph(start, end, kind, first))
        i = j + 1
    return paragraphs, first_units


def _headline(text: str, work: str, unit: Unit) -> Field:
    start, end = HEAD_MARK.match(work, unit[0], unit[1]).end(), unit[1]
    if start >= 2 and work.startswith("**", start - 2) and work.endswith("**", start, end) and end - start > 2:
        end -= 2
    if start >= end:
        start = unit[0]
    return _field(text, start, end)


def _field(text: str, start: int, end: int) -> Field:
    return _new_field((text[start:end], start, end))


def _articles(text, work, units, starts, paragraphs, first_units) -> list[Article]:
    if not paragraphs:
        return []
    if not starts:
        starts = [(0, None)]
    elif starts[0][0]:  # text before the first headline: an article if it says anything
        before = paragraphs[:bisect_right(first_units, starts[0][0] - 1)]  # those of the units before
        if {p.kind for p in before} & {"body", "caption", "table"}:
            starts = [(0, None)] + starts
        else:
            starts = [(0, starts[0][1])] + starts[1:]
    # the paragraph of each start's first unit, and the end of the last article
    bounds = [bisect_right(first_units, first) - 1 for first, _ in starts] + [len(paragraphs)]
    articles = []
    for n, (first, head) in enumerate(starts):
        own = paragraphs[bounds[n]:bounds[n + 1]]
        if not own:
            continue
        headline = _headline(text, work, units[head]) if head is not None else None
        byline = dateline = body = None
        for p in own:  # a byline stands between the headline and the first prose
            if p.kind == "body":
                body = p
                break
            if p.kind == "byline" and byline is None:
                byline = _field(text, p.start, p.end)
        if body is not None and (m := DATELINE.match(work, body.start, body.end)):
            dateline = _field(text, *m.span("dateline"))
            after = BYLINE_AFTER.match(work, m.end("dateline"), body.end)
            if after and byline is None:
                byline = _field(text, *after.span("byline"))
        articles.append(Article(own[0].start, own[-1].end, headline, byline, dateline))
    return articles


PROSE = frozenset(("body", "caption"))
HTML_PROSE = frozenset(KINDS) - {"table"}  # in HTML, a table is a <tr> and everything else prose
MARKED = ("headline", "heading")  # kinds whose lines may open with # or ** (``HEAD_MARK``)


def _sentences(work: str, paragraphs: list[Paragraph], is_html: bool) -> list[Span]:
    """Prose splits at 。！？ but not at ；, whose clauses in a bulletin share the time phrase;
    table rows and the lines of headlines, bylines and headings are sentences of their own."""
    out: list[Span] = []
    stops = _one_stop(work)
    prose = HTML_PROSE if is_html else PROSE
    # Prose paragraphs in a row are split in one pass while each but the last ends with a stop
    # (and closing quotes): a sentence then cannot run on into the next paragraph, and only
    # blanks stand between two paragraphs.
    run = None  # start of the prose paragraphs not split yet
    run_end = 0
    for paragraph in paragraphs:
        start, end, kind = paragraph.start, paragraph.end, paragraph.kind
        if kind in prose:
            if run is None:
                run = start
            run_end = end
            if stops[end - 1] != "。" and not _stopped(stops, start, end):
                out.extend(_pieces(stops, run, end))
                run = None
            continue
        if run is not None:
            out.extend(_pieces(stops, run, run_end))
            run = None
        if is_html:  # a table: a <tr>, whatever its source lines
            out.append(_span((start, end)))
        elif kind == "table" or work.find("\n", start, end) >= 0:
            _line_sentences(out, work, stops, start, end, kind)
        else:  # one line (a paragraph is trimmed): most often a sentence of its own
            if kind in MARKED and work[start] in "#*":
                start = HEAD_MARK.match(work, start, end).end()
            if stops.find("。", start, end) < 0 and start < end and not stops[start].isspace():
                out.append(_span((start, end)))  # what PIECE finds in a line with no stop: the line
            else:
                out.extend(_pieces(stops, start, end))
    if run is not None:
        out.extend(_pieces(stops, run, run_end))
    return out


def _line_sentences(out: list[Span], work: str, stops: str, start: int, end: int, kind: str) -> None:
    """The sentences of a paragraph of several lines that is not prose, or a table: a table row
    (but a rule) is one, and every other line is split at its stops, a headline's or heading's
    mark left out."""
    for s, e in map(_LINE_SPAN, LINE.finditer(work, start, end)):
        if kind == "table":
            if not TABLE_RULE.fullmatch(work, s, e):
                out.append(_span((s, e)))
            continue
        if kind in MARKED:
            s = HEAD_MARK.match(work, s, e).end()
        out.extend(_pieces(stops, s, e))


def _pieces(stops: str, start: int, end: int):
    """The sentences of ``stops[start:end]`` (see ``_one_stop``)."""
    return map(_span, map(_match_span, PIECE.finditer(stops, start, end)))


def _stopped(stops: str, start: int, end: int) -> bool:
    """Does ``stops[start:end]``, whose last character is not 。, end with 。 and closing quotes?"""
    return stops[end - 1] in _CLOSERS and stops[start:end].rstrip(_CLOSERS).endswith("。")


def _one_stop(work: str) -> str:
    """``work`` with every sentence stop (。！？!?) made 。, for ``PIECE``; same length."""
    for stop in _STOPS:
        work = work.replace(stop, "。")
    return work
