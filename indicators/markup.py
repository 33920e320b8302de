"""Length-preserving masking of markup, and sniffing of a document's format.

The working copy keeps every character of prose where it is: HTML tags,
comments, declarations, the contents of ``<script>``, ``<style>``, ``<head>``
and ``<title>``, and character entities become spaces (an entity that stands
for one visible character keeps it, padded with spaces).  Newlines inside
masked markup are kept, so rules that read lines still see the source's lines.
Markdown markers (``#``, ``**``, table pipes) are left alone.

Every pattern here is linear: each alternative either matches a bounded run or
consumes everything up to its end marker (or the end of the text), so deeply
nested or unclosed markup costs one pass.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

FORMATS = ("text", "markdown", "html")

#: Tags that end a paragraph (and so a sentence); every other tag is inline.
BLOCK_TAGS = frozenset("""
    address article aside blockquote body br caption dd div dl dt figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section
    table tbody tfoot thead title tr ul
""".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
BOLD_TAGS = frozenset(("strong", "b"))

# Known tag names: outside HTML documents only these are taken for stray markup
# (seed 004 ends in a bare ``</p``), so a ``<`` in prose is left alone.
_KNOWN = "|".join(sorted(BLOCK_TAGS | BOLD_TAGS | frozenset(
    "a abbr b big center em font i img label small span strong sub sup td th u".split()),
    key=len, reverse=True))

_COMMENT = r"(?P<comment><!--.*?(?:-->|\Z))"
_ENTITY = r"(?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
HTML_MARKUP = re.compile(rf"""
    {_COMMENT}
  | (?P<raw><(?P<rawname>script|style)\b[^>]*>.*?(?:</(?P=rawname)\s*>|\Z))
  | (?P<head><head\b[^>]*>.*?(?=</head\s*>|<body\b|\Z))
  | (?P<title><title\b[^>]*>[^<]*)
  | (?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*(?:>|(?=<)|\Z))
  | (?P<decl><[!?][^<>]*(?:>|(?=<)|\Z))
  | {_ENTITY}
""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
STRAY_MARKUP = re.compile(rf"""
    {_COMMENT}
  | (?P<tag></?(?P<name>{_KNOWN})\b[^<>\n]*(?:>|(?=[<\n])|\Z))
  | {_ENTITY}
""", re.IGNORECASE | re.DOTALL | re.VERBOSE)
NOT_NEWLINE = re.compile(r"[^\n]")

HTML_SIGN = re.compile(r"<!doctype\s+html|<html\b|<body\b", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|span|a|strong|table|img)\b[^<>\n]*>", re.IGNORECASE)
MARKDOWN_SIGN = re.compile(r"^(?:#{1,6}[ \t]+\S|[ \t]*\|.*\|[ \t]*$)|\*\*[^*\n]+\*\*", re.MULTILINE)
SNIFF_CHARS = 20000  # how much of a document sniff() reads


@dataclass(frozen=True, slots=True)
class Markup:
    """The masked copies of a text and where its HTML headings, tables and bold runs sit."""

    work: str  # markup masked to spaces, same length as the text
    shape: str  # like work, but block-level tags are newlines, so they end paragraphs
    headings: tuple[tuple[int, int], ...] = ()  # inner spans of <h1>..<h6>
    tables: tuple[tuple[int, int], ...] = ()  # inner spans of outermost <table>s
    bold: frozenset[tuple[int, int]] = frozenset()  # inner spans of <strong>/<b>

    def in_heading(self, pos: int) -> bool:
        return _inside(self.headings, pos)

    def in_table(self, pos: int) -> bool:
        return _inside(self.tables, pos)


def _inside(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def sniff(text: str) -> str:
    """"html", "markdown" or "text", from the first characters of ``text``.

    >>> sniff("<p>全县</p><p>一</p><br>"), sniff("# 标题\\n\\n正文。"), sniff("正文。")
    ('html', 'markdown', 'text')
    """
    head = text[:SNIFF_CHARS]
    if HTML_SIGN.search(head[:4096]) or len(HTML_TAG.findall(head)) >= 3:
        return "html"
    if MARKDOWN_SIGN.search(head):
        return "markdown"
    return "text"


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
    is_html = format == "html"
    if not is_html and "<" not in text and "&" not in text:
        return Markup(text, text)
    work: list[str] = []
    shape: list[str] = []
    headings: list[tuple[int, int]] = []
    tables: list[tuple[int, int]] = []
    bold: set[tuple[int, int]] = set()
    heading_open = bold_open = table_open = -1
    table_depth = 0
    pos = 0
    for m in (HTML_MARKUP if is_html else STRAY_MARKUP).finditer(text):
        start, end = m.span()
        if start > pos:
            piece = text[pos:start]
            work.append(piece)
            shape.append(piece)
        piece = m.group()
        pos = end
        if m.lastgroup == "entity":
            masked = _entity(piece)
            work.append(masked)
            shape.append(masked)
            continue
        masked = _blank(piece)
        work.append(masked)
        name = m.group("name")
        if not name:
            shape.append(masked)
            continue
        name = name.lower()
        closing = piece[1] == "/"
        shape.append("\n" * len(piece) if name in BLOCK_TAGS else masked)
        if name in HEADING_TAGS:
            if closing and heading_open >= 0:
                headings.append((heading_open, start))
            heading_open = -1 if closing else end
        elif name in BOLD_TAGS:
            if closing and bold_open >= 0:
                bold.add((bold_open, start))
            bold_open = -1 if closing else end
        elif name == "table":
            if not closing:
                table_depth += 1
                if table_depth == 1:
                    table_open = end
            elif table_depth:
                table_depth -= 1
                if not table_depth:
                    tables.append((table_open, start))
    if pos == 0 and not work:
        return Markup(text, text)
    if pos < len(text):
        work.append(text[pos:])
        shape.append(text[pos:])
    if table_depth:
        tables.append((table_open, len(text)))
    return Markup("".join(work), "".join(shape), tuple(headings), tuple(tables), frozenset(bold))
