"""The marks of a page: masked HTML, and the blocks between blank lines with what they look like.

``mask`` gives a working copy that keeps every character of prose where it
is: HTML tags, comments, declarations, the contents of ``<script>``,
``<style>``, ``<head>`` and ``<title>``, and character entities become spaces
(an entity that stands for one visible character keeps it, padded with spaces).
Newlines inside masked markup are kept, so rules that read lines still see the
source's lines.  Markdown markers (``#``, ``**``, table pipes) are left alone.

``blocks`` cuts the working copy at blank lines and block-level tags and
classes each block by its look alone (a table row, a ``#`` heading, a byline, a
caption, a short title-like line, prose); ``structure`` decides from the
neighbours which title-like line is a headline.

Every pattern is linear: each alternative matches a bounded run or consumes
everything up to its end marker (or the end of the text), so deeply nested or
unclosed markup costs one pass.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

FORMATS = ("text", "markdown", "html")
BLOCK_TAGS = frozenset("""
    address article aside blockquote body br caption dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section table tbody tfoot thead title tr ul
""".split())  # tags that end a paragraph; every other tag is inline
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
BOLD_TAGS = frozenset(("strong", "b"))
# Outside HTML documents only known tag names are markup (seed 004 ends in a bare ``</p``).
_KNOWN = "|".join(sorted(BLOCK_TAGS | BOLD_TAGS | frozenset(
    "a abbr big center em font i img label small span sub sup td th u".split()), key=len, reverse=True))
_COMMENT = r"(?P<comment><!--.*?(?:-->|\Z))"
_ENTITY = r"(?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
HTML_MARKUP = re.compile(rf"""{_COMMENT}
  | (?P<raw><(?P<rawname>script|style)\b[^>]*>.*?(?:</(?P=rawname)\s*>|\Z))
  | (?P<head><head\b[^>]*>.*?(?=</head\s*>|<body\b|\Z))
  | (?P<title><title\b[^>]*>[^<]*)
  | (?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*(?:>|(?=<)|\Z))
  | (?P<decl><[!?][^<>]*(?:>|(?=<)|\Z))
  | {_ENTITY}""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
STRAY_MARKUP = re.compile(rf"""{_COMMENT}
  | (?P<tag></?(?P<name>{_KNOWN})\b[^<>\n]*(?:>|(?=[<\n])|\Z))
  | {_ENTITY}""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
MARKUP_START = re.compile(r"[<&]")
NOT_NEWLINE = re.compile(r"[^\n]")
HTML_SIGN = re.compile(r"<!doctype\s+html|<html\b|<body\b", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|span|a|strong|table|img)\b[^<>\n]*>", re.IGNORECASE)
MARKDOWN_SIGN = re.compile(r"^(?:#{1,6}[ \t]+\S|[ \t]*\|.*\|[ \t]*$)|\*\*[^*\n]+\*\*", re.MULTILINE)
SNIFF_CHARS = 20000

# -- what a block looks like ---------------------------------------------------
MAX_TITLE_LINE = 40  # a headline, kicker or heading line is at most this long
MAX_KICKER = 60
SEPARATOR = re.compile(r"\n(?:[^\S\n]*\n)+")  # a blank line ends a paragraph
LINE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)[^\S\n]*")  # group 1: a line without its edge spaces
ATX = re.compile(r"#{1,6}[ \t\u3000]+(?=\S)")
BOLD_ONLY = re.compile(r"\*\*[^*\n]+\*\*")
CLAUSE = re.compile(r"[，、；。！？,;!?]")
TITLE_BREAK = re.compile(r"[。；;]|[！？!?][”’」』）)》\"']*[^\s”’」』）)》\"']")  # a sentence inside
SECTION = re.compile(r"""(?:\#{1,6}[ \t]*)?(?:\*\*)?(?:
    [一二三四五六七八九十百零〇]{1,4}[、.．] | [（(][一二三四五六七八九十百零〇0-9]{1,3}[）)]
  | 第[一二三四五六七八九十百零〇0-9]{1,4}[章节部分篇] | [0-9]{1,2}[、．.](?![0-9]))""", re.VERBOSE)
BYLINE = re.compile(r"""(?:\*\*)?(?:[■▲●◆]
  | (?:本报|特约|见习|实习)?(?:记者|通讯员|实习生|摄影)[ \t\u3000:：]
  | (?:文|图|文图|图文)[/／｜|]
  | (?:来源|作者|责任编辑|编辑|撰文|供稿|撰稿)[ \t\u3000]*[：:]
  | [（(](?:本报|特约|见习|实习)?(?:记者|通讯员)[^（）()\n]{1,40}[）)]$)""", re.VERBOSE)
DATE_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年"
                       r"[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日[ \t]*$")
PHOTO_CREDIT = re.compile(r"(?:[■▲][^■▲\n。]{1,30}?摄|[（(][^（）()\n。]{1,40}?摄[）)])\s*$")
TABLE_CAPTION = re.compile(r"(?:\*\*)?附?表[ \t\u3000]*[0-9一二三四五六七八九十]+(?![0-9])")


@dataclass(frozen=True, slots=True)
class Markup:
    """The masked copies of a text and where its HTML headings, tables and bold runs sit."""

    work: str  # markup masked to spaces, same length as the text
    shape: str  # like work, but block-level tags are newlines, so they end paragraphs
    headings: tuple[tuple[int, int], ...] = ()  # inner spans of <h1>..<h6>
    tables: tuple[tuple[int, int], ...] = ()  # inner spans of outermost <table>s
    bold: frozenset[tuple[int, int]] = frozenset()  # inner spans of <strong>/<b>


def _inside(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def sniff(text: str) -> str:
    """"html", "markdown" or "text", from the first characters of ``text``.

    >>> sniff("<p>全县</p><p>一</p><br>"), sniff("# 标题\\n\\n正文。"), sniff("正文。")
    ('html', 'markdown', 'text')
    """
    head = text[:SNIFF_CHARS]
    if HTML_SIGN.search(head, 0, 4096) or len(HTML_TAG.findall(head)) >= 3:
        return "html"
    return "markdown" if MARKDOWN_SIGN.search(head) else "text"


def _blank(piece: str) -> str:
    """Spaces for every character of ``piece`` except its newlines."""
    return " " * len(piece) if "\n" not in piece else NOT_NEWLINE.sub(" ", piece)


def _entity(piece: str) -> str:
    char = html.unescape(piece)
    if len(char) == 1 and char.isprintable() and not char.isspace():
        return char + " " * (len(piece) - 1)
    return " " * len(piece)


def mask(text: str, format: str) -> Markup:
    """The masked copies of ``text`` read as ``format`` ("text", "markdown" or "html")."""
    pattern = HTML_MARKUP if format == "html" else STRAY_MARKUP
    work: list[str] = []
    shape: list[str] = []
    headings: list[tuple[int, int]] = []
    tables: list[tuple[int, int]] = []
    bold: set[tuple[int, int]] = set()
    heading_open = bold_open = table_open = -1
    depth = done = 0
    candidate = MARKUP_START.search(text)
    while candidate:  # a C-speed scan for < and &, then one anchored match at each
        m = pattern.match(text, candidate.start())
        if not m:
            candidate = MARKUP_START.search(text, candidate.start() + 1)
            continue
        start, end = m.span()
        candidate = MARKUP_START.search(text, end)
        if start > done:
            work.append(text[done:start])
            shape.append(work[-1])
        piece, done = m.group(), end
        if m.lastgroup == "entity":
            work.append(_entity(piece))
            shape.append(work[-1])
            continue
        work.append(_blank(piece))
        name = m.group("name")
        if not name:
            shape.append(work[-1])
            continue
        name, closing = name.lower(), piece[1] == "/"
        shape.append("\n" * len(piece) if name in BLOCK_TAGS else work[-1])
        if name in HEADING_TAGS:
            if closing and heading_open >= 0:
                headings.append((heading_open, start))
            heading_open = -1 if closing else end
        elif name in BOLD_TAGS:
            if closing and bold_open >= 0:
                bold.add((bold_open, start))
            bold_open = -1 if closing else end
        elif name == "table" and (not closing or depth):
            depth += -1 if closing else 1
            if depth == 1 and not closing:
                table_open = end
            elif not depth:
                tables.append((table_open, start))
    if not work:
        return Markup(text, text)
    work.append(text[done:])
    shape.append(work[-1])
    if depth:
        tables.append((table_open, len(text)))
    return Markup("".join(work), "".join(shape), tuple(headings), tuple(tables), frozenset(bold))


class Block:
    """A stretch between blank lines (or block tags), trimmed, with its look (``cls``)."""

    __slots__ = ("start", "end", "text", "lines", "soft", "cls", "kind")

    def __init__(self, start: int, end: int, text: str, lines: int, soft: bool) -> None:
        self.start, self.end, self.text, self.lines = start, end, text, lines
        self.soft = soft  # the break before it is a blank line, which a layout may have put mid-paragraph
        self.cls = self.kind = ""


def blocks(text: str, markup: Markup, format: str) -> list[Block]:
    """The blocks of a document in order, each classed (``Block.cls``)."""
    shape, work = markup.shape, markup.work
    found: list[Block] = []
    pos = prev_end = 0
    bounds = [m.span() for m in SEPARATOR.finditer(shape)]
    bounds.append((len(shape), len(shape)))
    for sep_start, sep_end in bounds:
        segment = work[pos:sep_start]
        stripped = segment.strip()
        if stripped:
            start = pos + len(segment) - len(segment.lstrip())
            soft = text.find("<", prev_end, start) < 0
            if "\n" in stripped and format != "html":
                _split_lines(found, work, start, start + len(stripped), soft, format == "markdown")
            else:
                found.append(Block(start, start + len(stripped), stripped, 1, soft))
            prev_end = found[-1].end
        pos = sep_end
    for block in found:
        block.cls = _classify(block, markup, format)
    return found


def _line_type(line: str, markdown: bool) -> str:
    if line[0] == "|":
        return "table"
    if markdown and ATX.match(line):
        return "atx"
    if line[0] == "■" and len(line) <= MAX_TITLE_LINE and "摄" not in line:
        return "byline"
    return "text"


def _split_lines(found: list[Block], work: str, start: int, end: int, soft: bool, markdown: bool) -> None:
    """Blocks of a stretch whose lines are of different sorts (table rows, headings, prose)."""
    groups: list[list] = []  # [type, start, end, lines]
    for m in LINE.finditer(work, start, end):
        s, e = m.span(1)
        kind = _line_type(m.group(1), markdown)
        if groups and kind == groups[-1][0] and kind in ("table", "text"):
            groups[-1][2], groups[-1][3] = e, groups[-1][3] + 1
        else:
            groups.append([kind, s, e, 1])
    for n, (kind, s, e, lines) in enumerate(groups):
        if kind == "text" and lines > 1:  # 一、综合 over its first paragraph, with no blank line
            first = LINE.match(work, s, e)
            if SECTION.match(first.group(1)) and title_like(first.group(1), 1):
                found.append(Block(s, first.end(1), first.group(1), 1, soft and not n))
                s, lines, n = LINE.match(work, first.end() + 1, e).start(1), lines - 1, 1
        found.append(Block(s, e, work[s:e], lines, soft and not n))


def title_like(text: str, lines: int) -> bool:
    """Short, one or two lines, no sentence inside: a headline, kicker or heading candidate."""
    if lines > 2 or len(text) > MAX_KICKER or TITLE_BREAK.search(text) or text[-1] in "，、,":
        return False
    return len(text) <= MAX_TITLE_LINE if lines == 1 else max(map(len, text.split("\n"))) <= MAX_TITLE_LINE


def _is_byline(text: str, lines: int) -> bool:
    if len(text) > MAX_KICKER or lines > 3 or "。" in text:
        return False
    if BYLINE.match(text):
        return True
    # An issuing office over a date: 南屏县统计局\n2024年3月18日
    return bool(DATE_LINE.search(text)) and not CLAUSE.search(text) and max(map(len, text.split("\n"))) <= 30


def _classify(block: Block, markup: Markup, format: str) -> str:
    """table, head (a marked-up headline), heading, byline, caption, title (short line) or body."""
    text, lines, html_ = block.text, block.lines, format == "html"
    if text[0] == "|" and text[-1] == "|" or html_ and _inside(markup.tables, block.start):
        return "table"
    short = title_like(text, lines)
    section = short and SECTION.match(text) is not None
    if html_ and _inside(markup.headings, block.start) or format == "markdown" and ATX.match(text):
        return "heading" if section else "head"
    if _is_byline(text, lines):
        return "byline"
    if PHOTO_CREDIT.search(text, max(0, len(text) - 64)) or (
            TABLE_CAPTION.match(text) and "。" not in text and len(text) <= 80):
        return "caption"
    if section or short and (BOLD_ONLY.fullmatch(text) or (block.start, block.end) in markup.bold):
        return "heading"
    return "title" if short else "body"
