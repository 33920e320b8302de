"""Orchestrates structure -> normalise -> locate -> tables -> context -> list[Mention]."""
from __future__ import annotations

from functools import lru_cache

from .context import attach
from .locate import Locator
from .normalize import normalize
from .structure import analyse
from .tables import locate_tables
from .types import Document, Mention


@lru_cache(maxsize=1)
def default_locator() -> Locator:
    """The locator of the default lexicon, built once."""
    return Locator()


def extract(text: str, *, year: int | None = None, format: str | None = None) -> list[Mention]:
    """Every quantity mention of ``text``, in order, with offsets into ``text`` itself.

    ``format`` is "text", "markdown" or "html" (None: sniffed).  ``year`` is the
    document's year, used to resolve 今年/去年 in the ``year`` field.  Never raises
    on text: anything that is not a mention is left out (logged at DEBUG).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes text (str), not {type(text).__name__}")
    if not text:
        return []
    layout = analyse(text, format)
    work = normalize(layout.work)
    found = default_locator().locate(work)
    found = locate_tables(work, found, text=text)
    return attach(text, work, layout, found, year=year)


def extract_document(doc: Document) -> list[Mention]:
    """Mentions of a decoded document (its format sniffed from its name and content)."""
    name = (doc.path or doc.id or "").lower()
    fmt = "html" if name.endswith((".html", ".htm")) else None
    return extract(doc.text, year=doc.year, format=fmt)
