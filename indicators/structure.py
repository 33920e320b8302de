"""Document structure: sentences, paragraphs and articles as offsets into the original text.

A newspaper page holds many articles, each a headline (with a kicker line
before it and sub-title lines after it), a byline (``■本报记者 陈润``), a body
that opens with a dateline (``**本报讯**（记者 罗文鹏）``) and captions.  The
page layout breaks paragraphs with blank lines in mid-sentence (``自1986年建立以
\\n\\n来``) and repeats paragraphs verbatim; both are undone here without moving
a single offset: everything is read from ``markup.mask``'s same-length copy.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from .markup import FORMATS, Markup, mask, sniff
from .types import Field

KINDS = ("body", "headline", "kicker", "byline", "caption", "table", "heading", "other")
MIN_DUPLICATE = 20  # shorter repeats are boilerplate (市领导毛朝晖参加会见。 closes two articles of seed 000)
MAX_TITLE_LINE = 40  # a headline, kicker or heading line is at most this long
MAX_KICKER = 60
MAX_RUN = 4  # more short lines in a row than this are a list, not a headline block

SEPARATOR = re.compile(r"\n(?:[^\S\n]*\n)+")  # a blank line ends a paragraph
LINE = re.compile(r"[^\n]+")
WHITESPACE = re.compile(r"\s+")
ATX = re.compile(r"#{1,6}[ \t\u3000]+(?=\S)")
HEAD_MARK = re.compile(r"(?:#{1,6}[ \t\u3000]*)?(?:\*\*)?")
BOLD_ONLY = re.compile(r"\*\*[^*\n]+\*\*")
TABLE_RULE = re.compile(r"[\s|:\-]*")
# Sentence pieces: up to and with the final punctuation and the quotes and brackets it closes.
PIECE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』）)》】\"']*)?|[。！？!?]+[”’」』）)》】\"']*")
SENTENCE_END = re.compile(r"[。！？!?][”’」』）)》】\"']*$")
FINAL_END = re.compile(r"(?:[。！？!?…；;：:—]|[”’」』）)])$")  # a paragraph that ends here is complete
KICKER_END = re.compile(r"(?:—|：|:)$")  # 双方一致表示——, 祁东蒋家桥镇：
CLAUSE = re.compile(r"[，、；。！？,;!?]")
COMMA = re.compile(r"[，、,]")
BODY_PUNCT = re.compile(r"[。！？；，、：!?;,:]")
TITLE_BREAK = re.compile(r"[。；;]|[！？!?][”’」』）)》\"']*[^\s”’」』）)》\"']")
SECTION = re.compile(r"""(?:\#{1,6}[ \t]*)?(?:\*\*)?(?:
    [一二三四五六七八九十百零〇]{1,4}[、.．]
  | [（(][一二三四五六七八九十百零〇0-9]{1,3}[）)]
  | 第[一二三四五六七八九十百零〇0-9]{1,4}[章节部分篇]
  | [0-9]{1,2}[、．.](?![0-9])
)""", re.VERBOSE)
BYLINE = re.compile(r"""(?:\*\*)?(?:
    [■▲●◆]
  | (?:本报|特约|见习|实习)?(?:记者|通讯员|实习生|摄影)[ \t\u3000:：]
  | (?:文|图|文图|图文)[/／｜|]
  | (?:来源|作者|责任编辑|编辑|撰文|供稿|撰稿)[ \t\u3000]*[：:]
  | [（(](?:本报|特约|见习|实习)?(?:记者|通讯员)[^（）()\n]{1,40}[）)]$
)""", re.VERBOSE)
DATE_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年"
                       r"[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日[ \t]*$")
PHOTO_CREDIT = re.compile(r"(?:[■▲][^■▲\n。]{1,30}?摄|[（(][^（）()\n。]{1,40}?摄[）)])\s*$")
TABLE_CAPTION = re.compile(r"(?:\*\*)?附?表[ \t\u3000]*[0-9一二三四五六七八九十]+(?![0-9])")
DATELINE = re.compile(r"""(?:\*\*|【)?(?P<dateline>本报讯
    |(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央广网|[\u4e00-\u9fff]{2,8}(?:日报|晚报|报|网|社|台))
     [\u4e00-\u9fff0-9]{0,14}?(?:讯|电))(?:\*\*|】)?(?=\*\*|[（(\s:：]|$)""", re.VERBOSE)
BYLINE_AFTER = re.compile(r"(?:\*\*|】)?[ \t\u3000]*(?P<byline>[（(][^（）()\n。，]{1,40}[）)])")


class Span(NamedTuple):
    """A sentence: half-open ``[start, end)`` into the original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph, joined across page-layout breaks, and what it is."""

    start: int
    end: int
    kind: str  # one of KINDS
    duplicate_of: int | None = None  # start of the first copy of a repeated paragraph


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a page: from its kicker or headline to its last paragraph."""

    start: int
    end: int
    headline: Field | None = None
    byline: Field | None = None
    dateline: Field | None = None


_START = attrgetter("start")


def _at(items, pos: int):
    i = bisect_right(items, pos, key=_START) - 1
    return items[i] if i >= 0 and pos < items[i].end else None


@dataclass(frozen=True, slots=True)
class Layout:
    """Structure of one document; every offset indexes ``text`` (and ``work``, same length)."""

    text: str
    work: str
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


class _Unit:
    """A block between blank lines (or block tags), before paragraphs are joined."""

    __slots__ = ("start", "end", "text", "lines", "soft", "cls", "kind")

    def __init__(self, start: int, end: int, text: str, lines: int, soft: bool) -> None:
        self.start, self.end, self.text, self.lines, self.soft = start, end, text, lines, soft
        self.cls = self.kind = ""


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
    units = _units(text, markup, format)
    for unit in units:
        unit.cls = _classify(unit, markup, format)
    if any(u.cls == "head" for u in units):
        starts = _explicit_heads(units, text)
    else:
        starts = _found_heads(units)
    starts = sorted(starts + _caption_starts(units, {first for first, _ in starts}))
    paragraphs, para_of = _paragraphs(units)
    work = markup.work
    articles = _articles(text, work, units, starts, paragraphs, para_of)
    sentences = _sentences(work, paragraphs, format == "html")
    return Layout(text, work, tuple(sentences), tuple(_mark_duplicates(work, paragraphs)), tuple(articles))


# -- units -------------------------------------------------------------------

def _units(text: str, markup: Markup, format: str) -> list[_Unit]:
    shape, work = markup.shape, markup.work
    units: list[_Unit] = []
    pos = 0
    bounds = [(m.start(), m.end()) for m in SEPARATOR.finditer(shape)]
    bounds.append((len(shape), len(shape)))
    for sep_start, sep_end in bounds:
        segment = work[pos:sep_start]
        stripped = segment.strip()
        if stripped:
            start = pos + len(segment) - len(segment.lstrip())
            prev_end = units[-1].end if units else 0
            soft = "<" not in text[prev_end:start]
            if "\n" in stripped and format != "html":
                _split_lines(units, work, start, start + len(stripped), soft, format == "markdown")
            else:
                units.append(_Unit(start, start + len(stripped), stripped, 1, soft))
        pos = sep_end
    return units


def _line_type(line: str, markdown: bool) -> str:
    if line[0] == "|":
        return "table"
    if markdown and ATX.match(line):
        return "atx"
    if line[0] == "■" and len(line) <= MAX_TITLE_LINE and "摄" not in line:
        return "byline"
    return "text"


def _split_lines(units: list[_Unit], work: str, start: int, end: int, soft: bool, markdown: bool) -> None:
    """Units of a block whose lines are of different sorts (table rows, headings, prose)."""
    groups: list[list] = []  # [type, start, end, lines]
    for m in LINE.finditer(work, start, end):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        s = m.start() + len(line) - len(line.lstrip())
        e = s + len(stripped)
        kind = _line_type(stripped, markdown)
        if groups and kind == groups[-1][0] and kind in ("table", "text"):
            groups[-1][2], groups[-1][3] = e, groups[-1][3] + 1
        else:
            groups.append([kind, s, e, 1])
    for n, (kind, s, e, lines) in enumerate(groups):
        if kind == "text" and lines > 1:
            first_end = work.index("\n", s)
            head = work[s:first_end].rstrip()
            if SECTION.match(head) and _title_like(head, 1):
                units.append(_Unit(s, s + len(head), head, 1, soft and not n))
                s = first_end + 1 + len(work[first_end + 1:e]) - len(work[first_end + 1:e].lstrip())
                lines -= 1
                n = 1
        units.append(_Unit(s, e, work[s:e], lines, soft and not n))


# -- classes -----------------------------------------------------------------

def _title_like(text: str, lines: int) -> bool:
    """Short, one or two lines, no sentence inside: a headline, kicker or heading candidate."""
    if lines > 2 or len(text) > MAX_KICKER or TITLE_BREAK.search(text) or text[-1] in "，、,":
        return False
    return lines == 1 and len(text) <= MAX_TITLE_LINE or max(map(len, text.split("\n"))) <= MAX_TITLE_LINE


def _is_byline(text: str, lines: int) -> bool:
    if len(text) > MAX_KICKER or lines > 3 or "。" in text:
        return False
    if BYLINE.match(text):
        return True
    # An issuing office over a date: 南屏县统计局\n2024年3月18日
    return bool(DATE_LINE.search(text)) and not CLAUSE.search(text) and max(map(len, text.split("\n"))) <= 30


def _classify(unit: _Unit, markup: Markup, format: str) -> str:
    text, lines = unit.text, unit.lines
    if text[0] == "|" and text[-1] == "|" or format == "html" and markup.in_table(unit.start):
        return "table"
    title_like = _title_like(text, lines)
    section = title_like and SECTION.match(text) is not None
    if format == "html" and markup.in_heading(unit.start) or format == "markdown" and ATX.match(text):
        return "heading" if section else "head"
    if _is_byline(text, lines):
        return "byline"
    if PHOTO_CREDIT.search(text[-64:]) or TABLE_CAPTION.match(text) and "。" not in text and len(text) <= 80:
        return "caption"
    if section or title_like and (BOLD_ONLY.fullmatch(text) or (unit.start, unit.end) in markup.bold):
        return "heading"
    return "title" if title_like else "body"


# -- headlines and where articles start ---------------------------------------

def _free(unit: _Unit) -> bool:
    return not unit.kind and unit.cls in ("title", "body")


def _subtitle(unit: _Unit) -> bool:
    """A sub-title line right after a headline: 朱健参加会见, 我市26个乡镇（街道）被警示约谈。何恩广参加."""
    return (_free(unit) and unit.lines <= 2 and len(unit.text) <= MAX_KICKER
            and not SENTENCE_END.search(unit.text) and not DATELINE.match(unit.text))


def _kicker(unit: _Unit, head: _Unit, text: str) -> bool:
    """A lead line right before a headline: 祁东蒋家桥镇：, 邓群策会见…双方一致表示——."""
    return (_free(unit) and unit.lines == 1 and len(unit.text) <= MAX_KICKER
            and text.count("\n", unit.end, head.start) <= 2 and not SENTENCE_END.search(unit.text)
            and (KICKER_END.search(unit.text) is not None or not CLAUSE.search(unit.text))
            and not DATELINE.match(unit.text))


def _take_subtitles(units: list[_Unit], after: int, room: int) -> int:
    """Mark up to ``room`` sub-titles after unit ``after``; the index past them."""
    j = after + 1
    while room and j < len(units) and _subtitle(units[j]):
        units[j].kind = "kicker"
        j, room = j + 1, room - 1
    return j


def _explicit_heads(units: list[_Unit], text: str) -> list[tuple[int, int | None]]:
    """Articles of a page whose headlines are marked up (``# …``, ``<h1>``)."""
    starts: list[tuple[int, int | None]] = []
    for i, unit in enumerate(units):
        if unit.cls != "head":
            continue
        unit.kind = "headline"
        first = i
        if i and _kicker(units[i - 1], unit, text):
            units[i - 1].kind = "kicker"
            first = i - 1
        _take_subtitles(units, i, 2)
        starts.append((first, i))
    return starts


def _expects_more(unit: _Unit) -> bool:
    return unit.cls in ("title", "body") and not FINAL_END.search(unit.text)


def _found_heads(units: list[_Unit]) -> list[tuple[int, int | None]]:
    """Articles of plain text: a run of short lines followed by a byline, dateline or body."""
    starts: list[tuple[int, int | None]] = []
    n, i = len(units), 0
    while i < n:
        if units[i].cls != "title" or units[i].kind:
            i += 1
            continue
        j = i
        while j < n and units[j].cls == "title" and not units[j].kind:
            j += 1
        head = i + 1 if j - i > 1 and KICKER_END.search(units[i].text) else i
        if j - i <= MAX_RUN and units[head].lines == 1:
            after = _take_subtitles(units, j - 1, max(0, 2 - (j - 1 - head)))
            for k in range(i, after):
                units[k].kind = "kicker"
            nxt = units[after] if after < n else None
            strong = nxt is not None and (nxt.cls == "byline" or _free(nxt) and DATELINE.match(nxt.text))
            weak = (nxt is not None and nxt.cls in ("body", "heading", "table", "caption")
                    and not BODY_PUNCT.search(units[head].text) and not (i and _expects_more(units[i - 1])))
            if strong or weak or not i:
                units[head].kind = "headline"
                starts.append((i, head))
            else:
                for k in range(i, after):
                    units[k].kind = ""
        i = j
    return starts


def _caption_starts(units: list[_Unit], firsts: set[int]) -> list[tuple[int, int | None]]:
    """A photo caption standing between two articles is an article of its own (seed 004)."""
    return [(i, None) for i in range(1, len(units) - 1)
            if units[i].cls == "caption" and i + 1 in firsts and i not in firsts
            and units[i - 1].kind not in ("headline", "kicker") and units[i - 1].cls != "byline"
            and PHOTO_CREDIT.search(units[i].text[-64:])]


# -- paragraphs, articles, sentences ------------------------------------------

_KIND_OF_CLASS = {"table": "table", "byline": "byline", "caption": "caption", "heading": "heading",
                  "head": "headline", "body": "body"}


def _continues(unit: _Unit) -> bool:
    """Can ``unit`` be the rest of a paragraph that the page layout broke?"""
    return (unit.soft and _free(unit) and (len(unit.text) > MAX_TITLE_LINE or BODY_PUNCT.search(unit.text) is not None)
            and not DATELINE.match(unit.text))


def _paragraphs(units: list[_Unit]) -> tuple[list[list], list[int]]:
    """Paragraphs [start, end, kind] joined across layout breaks; the paragraph of every unit."""
    paragraphs: list[list] = []
    para_of: list[int] = []
    n, i = len(units), 0
    while i < n:
        unit = units[i]
        j = i
        if _free(unit) and BODY_PUNCT.search(unit.text):
            while j + 1 < n and not FINAL_END.search(units[j].text) and _continues(units[j + 1]):
                j += 1
        if unit.kind:
            kind = unit.kind
        elif unit.cls == "title":
            kind = "body" if j > i or COMMA.search(unit.text) else "other"
        else:
            kind = _KIND_OF_CLASS[unit.cls]
        para_of.extend([len(paragraphs)] * (j - i + 1))
        paragraphs.append([unit.start, units[j].end, kind])
        i = j + 1
    return paragraphs, para_of


def _headline(text: str, work: str, unit: _Unit) -> Field:
    start, end = HEAD_MARK.match(work, unit.start).end(), unit.end
    if work.startswith("**", start - 2) and work.endswith("**", start, end) and end - start > 2:
        end -= 2
    if start >= end:
        start = unit.start
    return Field(text[start:end], start, end)


def _articles(text, work, units, starts, paragraphs, para_of) -> list[Article]:
    if not paragraphs:
        return []
    if not starts:
        starts = [(0, None)]
    elif starts[0][0]:
        # Text before the first headline: an article of its own if it says anything.
        if {paragraphs[p][2] for p in para_of[:starts[0][0]]} & {"body", "caption", "table"}:
            starts = [(0, None)] + starts
        else:
            starts = [(0, starts[0][1])] + starts[1:]
    articles = []
    for n, (first, head) in enumerate(starts):
        p0 = para_of[first]
        p1 = para_of[starts[n + 1][0]] if n + 1 < len(starts) else len(paragraphs)
        if p1 <= p0:
            continue
        own = paragraphs[p0:p1]
        headline = _headline(text, work, units[head]) if head is not None else None
        byline = dateline = None
        body = next((p for p in own if p[2] == "body"), None)
        for p in own:
            if p is body:
                break
            if p[2] == "byline":
                byline = Field(text[p[0]:p[1]], p[0], p[1])
                break
        if body is not None:
            m = DATELINE.match(work, body[0], body[1])
            if m:
                dateline = Field(m.group("dateline"), m.start("dateline"), m.end("dateline"))
                after = BYLINE_AFTER.match(work, m.end("dateline"), body[1])
                if after and byline is None:
                    byline = Field(after.group("byline"), after.start("byline"), after.end("byline"))
        articles.append(Article(own[0][0], own[-1][1], headline, byline, dateline))
    return articles


def _pieces(work: str, start: int, end: int, out: list[Span]) -> None:
    for m in PIECE.finditer(work, start, end):
        piece = m.group()
        stripped = piece.strip()
        if stripped:
            s = m.start() + len(piece) - len(piece.lstrip())
            out.append(Span(s, s + len(stripped)))


def _sentences(work: str, paragraphs: list[list], is_html: bool) -> list[Span]:
    """Body text splits at 。！？ (not at ；: clauses of a bulletin share their time phrase);
    table rows and the lines of headlines, bylines and headings are sentences of their own."""
    out: list[Span] = []
    for start, end, kind in paragraphs:
        if kind == "table":
            for m in LINE.finditer(work, start, end):
                row = m.group().strip()
                if row and not TABLE_RULE.fullmatch(row):
                    s = m.start() + len(m.group()) - len(m.group().lstrip())
                    out.append(Span(s, s + len(row)))
        elif kind in ("body", "caption") or is_html:
            _pieces(work, start, end, out)
        else:
            for m in LINE.finditer(work, start, end):
                s = HEAD_MARK.match(work, m.start()).end() if kind in ("headline", "heading") else m.start()
                _pieces(work, s, m.end(), out)
    return out


def _mark_duplicates(work: str, paragraphs: list[list]) -> list[Paragraph]:
    """Paragraphs, each repeat of an earlier one (whitespace aside) pointing to the first copy."""
    seen: dict[str, int] = {}
    out = []
    for start, end, kind in paragraphs:
        key = WHITESPACE.sub("", work[start:end])
        first = seen.setdefault(key, start) if len(key) >= MIN_DUPLICATE else start
        out.append(Paragraph(start, end, kind, first if first != start else None))
    return out
