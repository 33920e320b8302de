"""Finding a CJK font for chart labels, through matplotlib's font manager.

Nothing happens at import.  :func:`find_cjk_font` looks, the first time it is
called, for a family that really has glyphs for Chinese text: first a list of
well-known families (Noto Sans CJK SC from Debian's ``fonts-noto-cjk``, which
``scripts/install-font.sh`` installs; the macOS and Windows system fonts), then
any other installed font that covers the sample.  Fonts installed after
matplotlib built its font cache are picked up too.  :func:`font_rc` gives the
rc settings that :mod:`indicators.charts` applies with ``matplotlib.rc_context``;
no global rcParams are changed.

``python -m indicators.fonts`` prints the font found (exit 0) or why none was
(exit 1); ``--rebuild`` first rebuilds matplotlib's font cache.
"""
from __future__ import annotations

import functools
import sys
import warnings
from pathlib import Path

#: Families tried first, best first.  Simplified-Chinese faces before the JP/TC
#: faces of the same collection: they draw hanzi the way mainland text expects.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Sarasa Gothic SC",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",          # macOS
    "Microsoft YaHei", "SimHei", "DengXian", "SimSun",                  # Windows
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Serif CJK SC", "AR PL UMing CN",
    "Droid Sans Fallback",
)
#: Characters a chart label typically needs: units, scales and common words.
SAMPLE = "亿万元人户亩吨增长率全市年月第"
#: Fallback after the CJK family, for Latin letters and symbols it may lack.
LATIN_FALLBACK = "DejaVu Sans"
#: Fonts whose character map covers everything with placeholder boxes (matplotlib ships one).
PLACEHOLDER_FONTS = ("Last Resort",)

INSTALL_HINT = (
    "run scripts/install-font.sh (Debian/Ubuntu as root: apt-get install fonts-noto-cjk), "
    "or install any Chinese font such as Noto Sans CJK SC; `python -m indicators.fonts` "
    "tells which font charts use"
)


class CJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found: chart labels will show boxes."""


def _covers(path: str, face_index: int, sample: str = SAMPLE) -> bool:
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path, face_index=face_index)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(char)) for char in sample)


def _cjk_family(entries) -> str | None:
    by_name: dict[str, list] = {}
    for entry in entries:
        if entry.name.startswith(PLACEHOLDER_FONTS):
            continue
        by_name.setdefault(entry.name, []).append(entry)
    for name in PREFERRED_FAMILIES:
        if any(_covers(e.fname, getattr(e, "index", 0)) for e in by_name.get(name, ())):
            return name
    for name, group in sorted(by_name.items()):
        if name not in PREFERRED_FAMILIES and any(_covers(e.fname, getattr(e, "index", 0)) for e in group):
            return name
    return None


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Name of an installed font family with Chinese glyphs, or None.

    Looks at the fonts matplotlib knows; when none fits, adds the system's font
    files that its cache does not list yet (a font installed after the cache was
    built) and looks again.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    family = _cjk_family(manager.ttflist)
    if family:
        return family
    known = {entry.fname for entry in manager.ttflist}
    added = []
    for path in font_manager.findSystemFonts():
        if path not in known and Path(path).suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
            try:
                manager.addfont(path)
                added.append(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return _cjk_family(manager.ttflist) if added else None


def font_rc(*, warn: bool = True) -> dict:
    """rc settings for a ``matplotlib.rc_context`` that renders Chinese labels.

    The family list is concrete (``["Noto Sans CJK SC", "DejaVu Sans"]``), so a
    figure built under it keeps its fonts when it is drawn later, outside the
    context (as Jupyter's inline backend does).  Warns with
    :class:`CJKFontWarning` when no CJK font is installed.
    """
    family = find_cjk_font()
    if family is None and warn:
        warnings.warn(f"no font with Chinese glyphs found; chart labels will show boxes: {INSTALL_HINT}",
                      CJKFontWarning, stacklevel=2)
    families = [family, LATIN_FALLBACK] if family else [LATIN_FALLBACK]
    return {
        "font.family": families,
        "axes.unicode_minus": False,   # CJK fonts often lack U+2212; tick labels use "-"
        "svg.fonttype": "path",        # SVG text as outlines: opens right without the font
        "svg.hashsalt": "indicators",  # stable ids, so the same chart gives the same file
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m indicators.fonts [--rebuild] [--quiet]``: report the CJK font."""
    args = sys.argv[1:] if argv is None else argv
    if "--rebuild" in args and "matplotlib.font_manager" not in sys.modules:
        import matplotlib

        for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            cache.unlink()             # font_manager rebuilds it on import
    family = find_cjk_font()
    if "--quiet" not in args:
        if family:
            print(f"CJK font for charts: {family}")
        else:
            print(f"no CJK font found: {INSTALL_HINT}", file=sys.stderr)
    return 0 if family else 1


if __name__ == "__main__":
    raise SystemExit(main())
