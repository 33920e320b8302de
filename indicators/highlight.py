"""Mentions shown in their sentences, as HTML for Jupyter: number, indicator, subject, period in colour.

>>> from indicators.types import Field, Mention
>>> from decimal import Decimal
>>> text = "全镇劳务总收入5.68亿元。"
>>> m = Mention(start=7, end=13, text="5.68亿元", value=Decimal("568000000"), unit="元",
...             family="currency", indicator=Field("劳务总收入", 2, 7))
>>> shown = highlight([m], text=text)
>>> "5.68亿元</mark>" in shown.html and "劳务总收入</mark>" in shown.html
True
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .analysis import format_value
from .types import Mention

#: What is marked, in drawing priority (a number wins over a context phrase it overlaps).
KINDS = ("number", "indicator", "subject", "period")
KIND_NAMES = {"number": "数字", "indicator": "指标", "subject": "主体", "period": "时间"}
COLOURS = {"number": "#ffd966", "indicator": "#b7e1b0", "subject": "#b3d4f5", "period": "#f5c2d7"}
#: Sentence ends used when the frame has no ``sentence`` column filled.
SENTENCE_ENDS = "。！？!?；;\n"
WINDOW = 80            # at most this many characters each side of a mention without a sentence


@dataclass(frozen=True, repr=False)
class Highlighted:
    """HTML of highlighted sentences; Jupyter shows it through ``_repr_html_``."""

    html: str
    sentences: int
    mentions: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{self.mentions} mentions highlighted in {self.sentences} sentences>"

    __str__ = __repr__

    def save(self, path: str | Path) -> Path:
        """Write a standalone UTF-8 HTML page."""
        page = f'<!doctype html><html lang="zh"><meta charset="utf-8"><body>{self.html}</body></html>\n'
        path = Path(path)
        path.write_text(page, encoding="utf-8")
        return path


def _mark(kind: str, text: str, title: str = "") -> str:
    weight = "font-weight:bold;" if kind == "number" else ""
    tip = f' title="{html.escape(title, quote=True)}"' if title else ""
    return (f'<mark class="ind-{kind}" style="background:{COLOURS[kind]};{weight}'
            f'padding:0 1px;border-radius:2px"{tip}>{html.escape(text)}</mark>')


def _legend() -> str:
    return "".join(_mark(kind, KIND_NAMES[kind]) + " " for kind in KINDS)


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``[start, end)``, found by sentence-ending punctuation."""
    left = max(text.rfind(ch, max(0, start - WINDOW), start) for ch in SENTENCE_ENDS) + 1
    left = max(left, start - WINDOW, 0)
    ends = [i for i in (text.find(ch, end, end + WINDOW) for ch in SENTENCE_ENDS) if i >= 0]
    right = min(ends) + 1 if ends else min(len(text), end + WINDOW)
    return left, right


def _sentence_of(row, texts: Mapping[str, str]) -> tuple[int, str]:
    """(offset of the sentence in its document, sentence text) for a frame row."""
    if isinstance(getattr(row, "sentence", None), str) and pd.notna(getattr(row, "sentence_start", None)):
        return int(row.sentence_start), row.sentence
    text = texts.get(row.doc)
    if text is not None and text[int(row.start):int(row.end)] == row.text:
        left, right = _window(text, int(row.start), int(row.end))
        return left, text[left:right]
    return int(row.start), str(row.text)


def _tooltip(row) -> str:
    parts = [format_value(row.value, row.unit), str(row.family), str(row.qualifier)]
    if pd.notna(row.change):
        parts.append(str(row.change))
    return " · ".join(parts)


def _describe(row) -> str:
    fields = [f"{KIND_NAMES[k]}：{html.escape(str(getattr(row, k)))}" for k in ("indicator", "subject", "period")
              if pd.notna(getattr(row, k, None))]
    value = html.escape(format_value(row.value, row.unit))
    return f"{_mark('number', str(row.text), _tooltip(row))} = {value}" + ("　" + "　".join(fields) if fields else "")


def _render(offset: int, sentence: str, rows: list) -> str:
    owner: list[tuple[int, object] | None] = [None] * len(sentence)   # (priority, key) per character
    titles: dict[object, tuple[str, str]] = {}
    for number, row in enumerate(rows):
        spans = [("number", int(row.start), int(row.end), ("number", number), _tooltip(row))]
        for kind in KINDS[1:]:
            start, end = getattr(row, f"{kind}_start", None), getattr(row, f"{kind}_end", None)
            if pd.notna(start) and pd.notna(end):
                spans.append((kind, int(start), int(end), (kind, int(start), int(end)), f"{KIND_NAMES[kind]}"))
        for kind, start, end, key, title in spans:
            priority = KINDS.index(kind)
            titles[key] = (kind, title)
            for index in range(max(start - offset, 0), min(end - offset, len(sentence))):
                if owner[index] is None or priority < owner[index][0]:
                    owner[index] = (priority, key)
    pieces, index = [], 0
    while index < len(sentence):
        current = owner[index]
        stop = index + 1
        while stop < len(sentence) and owner[stop] == current:
            stop += 1
        chunk = sentence[index:stop]
        if current is None:
            pieces.append(html.escape(chunk))
        else:
            kind, title = titles[current[1]]
            pieces.append(_mark(kind, chunk, title))
        index = stop
    return "".join(pieces)


def highlight(
    data: pd.DataFrame | Iterable[Mention],
    text: str | Mapping[str, str] | None = None,
    *,
    limit: int = 50,
) -> Highlighted:
    """Sentences with their mentions marked: number, indicator, subject and period in colours.

    ``data`` is a frame from :func:`indicators.to_frame` (spans from its
    ``*_start``/``*_end`` columns, sentences from ``sentence``) or a list of
    mentions of one document.  ``text`` is that document's text (or a mapping
    ``{doc: text}``); it is needed only when the ``sentence`` column is empty,
    to cut a sentence around each mention.  Shows the first ``limit`` sentences.
    """
    if not isinstance(data, pd.DataFrame):
        from .frame import to_frame

        data = to_frame(list(data), doc="")
    texts = dict(text) if isinstance(text, Mapping) else ({doc: text for doc in data["doc"].unique()} if text else {})
    groups: dict[tuple[str, int], tuple[str, list]] = {}
    for row in data.itertuples(index=False):
        offset, sentence = _sentence_of(row, texts)
        groups.setdefault((row.doc, offset), (sentence, []))[1].append(row)
    blocks = []
    for (doc, offset), (sentence, rows) in list(groups.items())[:limit]:
        article = rows[0].article if pd.notna(getattr(rows[0], "article", None)) else None
        source = html.escape(doc + (f" · {article}" if article else ""))
        details = "<br>".join(_describe(row) for row in rows)
        blocks.append(
            '<div style="margin:.5em 0;padding:.3em .6em;border-left:3px solid #ccc">'
            f'<div style="color:#888;font-size:80%">{source}</div>'
            f'<div style="white-space:pre-wrap;line-height:1.9">{_render(offset, sentence, rows)}</div>'
            f'<div style="color:#555;font-size:85%;line-height:1.8">{details}</div></div>')
    more = len(groups) - len(blocks)
    tail = f'<div style="color:#888">… 另有 {more} 个句子未显示（limit={limit}）</div>' if more > 0 else ""
    body = (f'<div class="indicators-highlight" style="font-family:sans-serif">'
            f'<div style="font-size:85%">{_legend()}</div>{"".join(blocks)}{tail}</div>')
    return Highlighted(body, sentences=len(blocks), mentions=sum(len(rows) for _, rows in list(groups.values())[:limit]))
