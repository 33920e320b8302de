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
from functools import lru_cache

FORMATS = ("text", "markdown", "html")
BLOCK_TAGS = frozenset({  # tags that end a paragraph; every other tag is inline
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "title",
    "tr", "ul"})
# Outside HTML documents only known tag names are markup (seed 004 ends in a bare ``</p``).
_INLINE = frozenset({"a", "abbr", "b", "big", "center", "em", "font", "i", "img", "label", "small", "span",
                     "strong", "sub", "sup", "td", "th", "u"})


def _names(names: frozenset[str]) -> str:
    """An alternation of tag names grouped by first letter (``d(?:iv|d|l|t)|...``): at every
    ``<`` the engine tries a group per letter rather than every name.  A name is always
    followed by ``\\b``, so at most one can match and the order of the names is free."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
                    for first, rests in groups.items())


_BLOCK_NAMES = _names(BLOCK_TAGS - {"head", "title"})
_INLINE_NAMES = _names(_INLINE)
_TAG_END = r"[^<>]*(?:>|(?=<)|\Z)"  # an unclosed tag ends where the next one starts
_STRAY_END = r"[^<>\n]*(?:>|(?=[<\n])|\Z)"
_ENTITY = r"&(?P<entity>\#[0-9]{1,7};|\#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
# Each alternative starts with a literal < or &, so the scan for them runs at C speed;
# split() returns, for every match, the block tag, the other markup and the entity (two are None).
HTML_MARKUP = re.compile(rf"""<(?:(?P<block>/?(?:{_BLOCK_NAMES})\b{_TAG_END})
  | (?P<markup>!--.*?(?:-->|\Z)
    | script\b[^>]*>.*?(?:</script\s*>|\Z) | style\b[^>]*>.*?(?:</style\s*>|\Z)
    | head\b[^>]*>.*?(?=</head\s*>|<body\b|\Z) | title\b[^>]*>[^<]*
    | /?[A-Za-z][A-Za-z0-9]*\b{_TAG_END} | [!?]{_TAG_END}))
  | {_ENTITY}""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
STRAY_MARKUP = re.compile(rf"""<(?:(?P<block>/?(?:{_names(BLOCK_TAGS)})\b{_STRAY_END})
  | (?P<markup>!--.*?(?:-->|\Z) | /?(?:{_INLINE_NAMES})\b{_STRAY_END}))
  | {_ENTITY}""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
TRACKED = re.compile(r"<(/?)(h[1-6]|table|strong|b)\b[^<>]*(?:>|(?=<)|\Z)", re.IGNORECASE)
NOT_NEWLINE = re.compile(r"[^\n]")
HTML_SIGN = re.compile(r"<!doctype\s+html|<html\b|<body\b", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|span|a|strong|table|img)\b[^<>\n]*>", re.IGNORECASE)
MARKDOWN_SIGN = re.compile(r"^(?:#{1,6}[ \t]+\S|[ \t]*\|.*\|[ \t]*$)|\*\*[^*\n]+\*\*", re.MULTILINE)
SNIFF_CHARS = 20000

# -- what a block looks like ---------------------------------------------------
MAX_TITLE_LINE = 40  # a headline, kicker or heading line is at most this long
MAX_KICKER = 60
SEPARATOR = re.compile(r"(\n[^\S\n]*\n\s*)")  # a blank line ends a paragraph; split() keeps it
LINE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)[^\S\n]*")  # group 1: a line without its edge spaces
ATX = re.compile(r"#{1,6}[ \t\u3000]+(?=\S)")
BOLD_ONLY = re.compile(r"\*\*[^*\n]+\*\*")
CLAUSE = re.compile(r"[，、；。！？,;!?]")
# A paragraph whose last character is one of these is complete.  Blocks and lines are
# trimmed, so ``text[-1] in LINE_ENDS`` reads the end without a regex scanning the text.
LINE_ENDS = "。！？!?…；;：:—”’」』）)"
# A sentence inside: 。；; anywhere, or ！？!? with more than closing quotes after it.  Written to
# start with one class of all seven, so the search skips other characters at C speed.
TITLE_BREAK = re.compile(r"[。；;！？!?](?:(?<=[。；;])|[”’」』）)》\"']*[^\s”’」』）)》\"'])")
SECTION = re.compile(r"""(?:\#{1,6}[ \t]*)?(?:\*\*)?(?:
    [一二三四五六七八九十百零〇]{1,4}[、.．] | [（(][一二三四五六七八九十百零〇0-9]{1,3}[）)]
  | 第[一二三四五六七八九十百零〇0-9]{1,4}[章节部分篇] | [0-9]{1,2}[、．.](?![0-9]))""", re.VERBOSE)
BYLINE = re.compile(r"""(?:\*\*)?(?:[■▲●◆]
  | (?:本报|特约|见习|实习)?(?:记者|通讯员|实习生|摄影)[ \t\u3000:：]
  | (?:文|图|文图|图文)[/／｜|]
  | [（(](?:本报|特约|见习|实习)?(?:记者|通讯员)[^（）()\n]{1,40}[）)]$)""", re.VERBOSE)
# The other form of a byline, apart because it needs a colon: only then is it worth the
# backtracking over the 30 characters that may stand before the word.
CREDIT = re.compile(r"(?:\*\*)?(?:[^。，\n]{0,30}[ \t\u3000])?(?:来源|作者|责任编辑|编辑|撰文|供稿|撰稿)[ \t\u3000]*[：:]")
DATE_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年"
                       r"[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日[ \t]*$")
PHOTO_CREDIT = re.compile(r"(?:[■▲][^■▲\n。]{1,30}?摄|[（(][^（）()\n。]{1,40}?摄[）)])\s*$")
TABLE_CAPTION = re.compile(r"(?:\*\*)?附?表[ \t\u3000]*[0-9一二三四五六七八九十]+(?![0-9])")
# The characters a match of SECTION, BYLINE and TABLE_CAPTION can open with (keep them in step
# with the patterns): most lines open with none, and a look-up costs less than the call.
SECTION_OPENS = "#*（(第一二三四五六七八九十百零〇0123456789"
BYLINE_OPENS = "*■▲●◆（(本特见实记通摄文图"
CAPTION_OPENS = "*附表"


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
    # Every sign holds a "<", "#", "|" or "**"; str's own search for those is much faster
    # than the patterns' scan, and plain prose has none of them.
    if "<" in head and (HTML_SIGN.search(head, 0, 4096) or len(HTML_TAG.findall(head)) >= 3):
        return "html"
    if ("#" in head or "|" in head or "**" in head) and MARKDOWN_SIGN.search(head):
        return "markdown"
    return "text"


def _blank(piece: str) -> str:
    """Spaces for ``<`` + ``piece``, newlines kept."""
    return " " + NOT_NEWLINE.sub(" ", piece)


@lru_cache(maxsize=512)
def _entity(name: str) -> str:
    """The character ``&`` + ``name`` stands for, padded with spaces, or spaces."""
    char = html.unescape("&" + name)
    if len(char) == 1 and char.isprintable() and not char.isspace():
        return char + " " * len(name)
    return " " * (len(name) + 1)


def _weave(plain: list[str], marks: list[str]) -> str:
    out = plain + marks
    out[0::2], out[1::2] = plain, marks
    return "".join(out)


def mask(text: str, format: str) -> Markup:
    """The masked copies of ``text`` read as ``format`` ("text", "markdown" or "html")."""
    # Markup starts with "<" or "&": split from the first one, which str.find reaches much
    # faster than the pattern's scan (a page may hold one stray "</p" at its very end).
    tag, entity = text.find("<"), text.find("&")
    first = min(tag, entity) if tag >= 0 and entity >= 0 else max(tag, entity)
    if first < 0:
        return Markup(text, text)
    parts = (HTML_MARKUP if format == "html" else STRAY_MARKUP).split(text[first:] if first else text)
    if len(parts) == 1:
        return Markup(text, text)
    if first:
        parts[0] = text[:first] + parts[0]
    block_tags, other, entities = parts[1::4], parts[2::4], parts[3::4]
    masked = [(" " * (len(piece) + 1) if "\n" not in piece else _blank(piece))
              if (piece := tag or more) else _entity(entity)
              for tag, more, entity in zip(block_tags, other, entities)]
    shaped = [blank if tag is None else "\n" * len(blank) for tag, blank in zip(block_tags, masked)]
    plain = parts[0::4]
    work = _weave(plain, masked)
    # Without block tags ``shape`` is ``work``: the same object, which ``block_units`` reads as such.
    shape = _weave(plain, shaped) if any(block_tags) else work
    if format != "html":
        return Markup(work, shape)
    return Markup(work, shape, *_tracked(text, shape))


def _tracked(text: str, shape: str) -> tuple[tuple, tuple, frozenset]:
    """Inner spans of the headings, outermost tables and bold runs of an HTML text."""
    headings: list[tuple[int, int]] = []
    tables: list[tuple[int, int]] = []
    bold: set[tuple[int, int]] = set()
    heading_open = bold_open = table_open = -1
    depth = 0
    for m in TRACKED.finditer(text):
        start, end = m.span()
        name, closing = m.group(2).lower(), bool(m.group(1))
        if name[0] != "b" and name != "strong" and shape[start] != "\n":  # in a comment or script
            continue
        if name[0] == "h":
            if closing and heading_open >= 0:
                headings.append((heading_open, start))
            heading_open = -1 if closing else end
        elif name != "table":
            if closing and bold_open >= 0:
                bold.add((bold_open, start))
            bold_open = -1 if closing else end
        elif not closing or depth:
            depth += -1 if closing else 1
            if depth == 1 and not closing:
                table_open = end
            elif not depth:
                tables.append((table_open, start))
    if depth:
        tables.append((table_open, len(text)))
    return tuple(headings), tuple(tables), frozenset(bold)


# A block as ``structure`` reads it: a stretch between blank lines (or block tags), trimmed,
# as (start, end, text, lines, after, cls): ``after`` is the end of the block before (None for
# a later line of a stretch cut into lines), ``cls`` its look (_classify).  Its kind is kept by
# structure in a list of its own.  A page has dozens of blocks; a tuple is cheap to build.
Unit = tuple[int, int, str, int, "int | None", str]


def soft(source: str, start: int, after: int | None) -> bool:
    """Is the break before the block at ``start`` a blank line, which a layout may have put
    mid-paragraph?  ``after``: the end of the block before, None for a later line of a stretch."""
    return after is not None and source.find("<", after, start) < 0


def gap(source: str, start: int, after: int | None) -> int:
    """Newlines before the block at ``start`` since the one before: more than two part unrelated blocks."""
    return 1 if after is None else source.count("\n", after, start)


def block_units(markup: Markup, format: str) -> list[Unit]:
    """The blocks of a document in order, each classed, as ``Unit`` tuples."""
    shape, work = markup.shape, markup.work
    found: list[Unit] = []
    append = found.append
    lines_too = format != "html"
    # A long line of prose is a body block unless it is a table row, a # heading, a photo
    # credit or an HTML heading or table cell: decided here without a call to _classify.
    plain = not (markup.headings or markup.tables)
    # Blank lines are read from ``shape`` (where block tags are newlines); ``work`` has
    # whitespace at the same places.  split() gives the stretches between blank lines and the
    # blank lines themselves, which the offsets are summed from, at C speed; a separator takes
    # all the blanks after it, so only the first stretch may open with blanks.
    parts = SEPARATOR.split(shape)
    pos = len(parts[0]) - len(parts[0].lstrip())
    parts[0] = parts[0][pos:]
    parts.append("")
    same = shape is work  # else the text of a block is read from ``work``
    prev_end = 0
    pairs = iter(parts)
    for piece, separator in zip(pairs, pairs):
        stripped = (piece if same else work[pos:pos + len(piece)]).rstrip()
        if stripped:
            end = pos + len(stripped)
            if lines_too and "\n" in stripped:
                _split_lines(append, markup, pos, end, prev_end, format)
            elif len(stripped) > 80 and plain and stripped[0] not in "|#" and "摄" not in stripped[-2:]:
                append((pos, end, stripped, 1, prev_end, "body"))
            else:
                append((pos, end, stripped, 1, prev_end, _classify(stripped, 1, pos, end, markup, format)))
            prev_end = end
        pos += len(piece) + len(separator)
    return found


def _line_type(line: str, markdown: bool) -> str:
    if line[0] == "|":
        return "table"
    if markdown and ATX.match(line):
        return "atx"
    if line[0] == "■" and len(line) <= MAX_TITLE_LINE and "摄" not in line:
        return "byline"
    return "text"


def _split_lines(append, markup: Markup, start: int, end: int, after: int, format: str) -> None:
    """Units of a stretch of several lines, passed to ``append``: table rows, headings and prose
    apart, and prose cut where a line ends a paragraph (texts with one newline between paragraphs)."""
    work, markdown = markup.work, format == "markdown"
    groups: list[tuple[str, list]] = []  # (sort, [(start, end, line), ...])
    for m in LINE.finditer(work, start, end):
        line = (*m.span(1), m.group(1))
        sort = _line_type(line[2], markdown)
        if groups and sort == groups[-1][0] and sort in ("table", "text"):
            groups[-1][1].append(line)
        else:
            groups.append((sort, [line]))
    for sort, lines in groups:
        for part in _paragraph_lines(lines) if sort == "text" and len(lines) > 1 else (lines,):
            s, e = part[0][0], part[-1][1]
            piece = work[s:e]
            cls = _classify(piece, len(part), s, e, markup, format)
            append((s, e, piece, len(part), after, cls))
            after = None


def _paragraph_lines(lines: list[tuple[int, int, str]]) -> list[list]:
    """Lines of prose grouped into paragraphs: a paragraph ends after a line that ends a sentence
    or a clause list (。！？；：), and a title-like line shorter than the prose around it stands
    alone; hard-wrapped lines stay together, and so does an office over a date."""
    texts = [line[2] for line in lines]
    if _is_byline("\n".join(texts), len(texts)):
        return [lines]
    short = max(map(len, texts)) * 0.7
    parts, current = [], []
    for line in lines:
        title = len(line[2]) < short and title_like(line[2], 1)
        if title and current:
            parts.append(current)
            current = []
        current.append(line)
        if title or line[2][-1] in LINE_ENDS:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return parts


def title_like(text: str, lines: int) -> bool:
    """Short, one or two lines, no sentence inside: a headline, kicker or heading candidate."""
    if lines > 2 or len(text) > MAX_KICKER or text[-1] in "，、,":
        return False
    if lines == 1 and len(text) > MAX_TITLE_LINE:
        return False
    if lines > 1 and max(map(len, text.split("\n"))) > MAX_TITLE_LINE:
        return False
    return not TITLE_BREAK.search(text)


def _is_byline(text: str, lines: int) -> bool:
    if len(text) > MAX_KICKER or lines > 3 or "。" in text:
        return False
    if text[0] in BYLINE_OPENS and BYLINE.match(text) or ("：" in text or ":" in text) and CREDIT.match(text):
        return True
    # An issuing office over a date: 南屏县统计局\n2024年3月18日 (no 年, no date: skip the scan)
    return ("年" in text and DATE_LINE.search(text) is not None and not CLAUSE.search(text)
            and max(map(len, text.split("\n"))) <= 30)


def _classify(text: str, lines: int, start: int, end: int, markup: Markup, format: str) -> str:
    """What the block ``text`` (``lines`` lines, at ``start:end``) looks like: table, head (a
    marked-up headline), heading, byline, caption, title (short line) or body."""
    html_, size, first = format == "html", len(text), text[0]
    if first == "|" and text[-1] == "|" or html_ and _inside(markup.tables, start):
        return "table"
    # A 。 is a sentence inside (see TITLE_BREAK): no title, heading, byline or table caption.
    # Most blocks are prose, so this rules out most of the patterns below at once.
    stop = "。" in text
    # Most blocks are prose, longer than any title or byline: the length rules those out first.
    short = not stop and size <= MAX_KICKER and title_like(text, lines)
    section = short and first in SECTION_OPENS and SECTION.match(text) is not None
    if html_ and _inside(markup.headings, start) or (format == "markdown" and first == "#" and ATX.match(text)):
        return "heading" if section else "head"
    if not stop and size <= MAX_KICKER and _is_byline(text, lines):
        return "byline"
    # A credit ends the block with 摄 or 摄）(blocks are trimmed): look for it only then.
    if "摄" in text[-2:] and PHOTO_CREDIT.search(text, max(0, size - 64)) or (
            size <= 80 and not stop and first in CAPTION_OPENS and TABLE_CAPTION.match(text)):
        return "caption"
    if section or short and (first == "*" and BOLD_ONLY.fullmatch(text) or (start, end) in markup.bold):
        return "heading"
    return "title" if short else "body"
