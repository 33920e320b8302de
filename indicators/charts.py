"""Summary charts of a mentions dataset (matplotlib), with Chinese labels and 万/亿 axes.

Each ``plot_*`` function takes the frame of :func:`indicators.to_frame` (or
``read_dataset``), draws on a new figure (or on ``ax``) and returns it; none
calls ``plt.show()`` or touches pyplot's state.  Fonts come from
:mod:`indicators.fonts` through ``matplotlib.rc_context``: nothing global is
changed.  :func:`write_charts` saves every chart as PNG and SVG.  Frames whose
context columns are still empty give charts that say so instead of failing.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator

from .analysis import drop_duplicates, format_number, format_value, is_level, labels, scale_for, years
from .fonts import font_rc

#: Display names of the families of MENTIONS.md.
FAMILY_NAMES = {
    "currency": "金额", "count": "数量", "percent": "百分比", "percentage_point": "百分点",
    "ratio": "倍数/成数", "area": "面积", "mass": "重量", "volume": "体积", "energy": "能源",
    "length": "长度", "other": "其他单位", "duration": "时长", "age": "年龄", "rank": "排名",
}
LABEL_CHARS = 22          # longer labels are cut with "…"
BAR_COLOUR = "#3b6ea5"
NOTE_COLOUR = "#666666"
DPI = 150


@contextmanager
def chart_style():
    """``with chart_style():`` draws with a CJK font and tidy defaults (rc_context only)."""
    style = {"axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 12,
             "axes.titleweight": "bold", "font.size": 9, "savefig.dpi": DPI}
    with matplotlib.rc_context({**style, **font_rc()}):
        yield


class ScaleFormatter(Formatter):
    """Tick labels in 万/亿: ``0, 2亿, 4亿`` — one multiplier per axis, chosen from its largest tick."""

    def __init__(self, unit: str | None = None) -> None:
        self.unit = unit
        self.scale, self.factor = "", 1.0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        biggest = max((abs(x) for x in locs), default=0.0)
        self.scale, self.factor = scale_for(biggest, self.unit)

    def __call__(self, x, pos=None) -> str:
        text = format_number(x / self.factor, 2)
        return text if text == "0" else f"{text}{self.scale}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def _fix_fonts(artist: Axes | Figure) -> None:
    """Give every text of ``artist`` the rc_context's fonts, for good.

    A notebook draws the figure later, outside the rc_context, and an ``ax``
    passed in was made outside it: its tick labels would fall back to the
    default font.  Drawing once creates every tick label; each text then keeps
    its concrete family list (ticks added later copy it from the first tick).
    """
    family = matplotlib.rcParams["font.family"]
    root = artist.figure.figure     # the root figure, also for an Axes on a SubFigure
    for _ in range(2):          # before drawing (texts made outside) and after (new tick labels)
        for text in artist.findobj(Text):
            text.set_fontfamily(family)
        root.draw_without_rendering()


def _finish(ax: Axes) -> Axes:
    _fix_fonts(ax)
    return ax


def _say_empty(ax: Axes, title: str, message: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", color=NOTE_COLOUR, wrap=True, transform=ax.transAxes)
    ax.set_axis_off()
    return _finish(ax)


def _levels(frame: pd.DataFrame) -> pd.DataFrame:
    rows = drop_duplicates(frame)
    return rows[is_level(rows)] if "change" in rows.columns else rows


def _barh(ax: Axes, names: list[str], values: list[float], unit: str | None, notes: list[str] | None = None) -> None:
    positions = range(len(names))
    ax.barh(list(positions), values, color=BAR_COLOUR)
    ax.set_yticks(list(positions), [_short(n) for n in names])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(ScaleFormatter(unit))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.margins(x=0.18)
    for position, value, note in zip(positions, values, notes or [""] * len(names)):
        ax.annotate(note, (value, position), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def plot_overview(frame: pd.DataFrame, *, articles: int = 12) -> Figure:
    """Mentions per family and per article (headline, else document), repeated paragraphs once."""
    rows = drop_duplicates(frame)
    with chart_style():
        figure = Figure(figsize=(11, 5), layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=(1, 1.6))
        families = rows["family"].astype("string").value_counts()
        if families.empty:
            _say_empty(left, "各类数字", "数据集中没有数字")
        else:
            names = [f"{FAMILY_NAMES.get(f, f)}（{f}）" for f in families.index]
            _barh(left, names, families.tolist(), None, [str(n) for n in families])
            left.set_title("各类数字的个数")
            left.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        source = rows["article"].astype("string").fillna(rows["doc"].astype("string")) if len(rows) else rows["doc"]
        per_article = source.value_counts().head(articles)
        if per_article.empty:
            _say_empty(right, "各篇文章", "数据集中没有文章")
        else:
            _barh(right, per_article.index.tolist(), per_article.tolist(), None, [str(n) for n in per_article])
            right.set_title(f"各篇文章的数字个数（前{len(per_article)}篇）")
            right.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        figure.suptitle(f"数字概览：{len(rows)} 个数字，{rows['doc'].nunique()} 篇文档", fontsize=13)
        _fix_fonts(figure)
    return figure


def plot_largest(frame: pd.DataFrame, unit: str | None = None, n: int = 15, *, ax: Axes | None = None) -> Axes:
    """The ``n`` largest figures of one unit (default 元, else the commonest unit), labelled by context."""
    rows = drop_duplicates(frame)
    if unit is None:
        units = rows["unit"].astype("string").value_counts()
        unit = "元" if "元" in units.index else (units.index[0] if len(units) else "元")
    top = rows[rows["unit"].astype("string") == unit].sort_values("value", ascending=False, kind="stable").head(n)
    title = f"最大的{len(top)}个数字（单位：{unit}）"
    with chart_style():
        ax = _new_axes(ax, (9, 1.5 + 0.38 * max(len(top), 3)))
        if top.empty:
            return _say_empty(ax, f"最大的数字（单位：{unit}）", f"没有单位为“{unit}”的数字")
        notes = [format_value(v, unit) for v in top["value"]]
        _barh(ax, labels(top).tolist(), top["value"].tolist(), unit, notes)
        ax.set_title(title)
        ax.set_xlabel(unit)
        return _finish(ax)


def _pick_indicator(rows: pd.DataFrame, key: pd.Series, indicator: str | None, unit: str | None):
    """(indicator, unit) with the most distinct ``key`` values, or the given ones."""
    rows = rows.assign(_key=key.astype(object))
    rows = rows[rows["indicator"].notna() & rows["_key"].notna()]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    if unit is not None:
        rows = rows[rows["unit"].astype("string") == unit]
    if rows.empty:
        return None, None, rows
    spread = rows.groupby([rows["indicator"].astype(object), rows["unit"].astype(object)])["_key"].agg(["nunique", "size"])
    (best_indicator, best_unit), counts = max(spread.iterrows(), key=lambda item: (item[1]["nunique"], item[1]["size"]))
    if counts["nunique"] < 2:
        return None, None, rows.iloc[:0]
    chosen = rows[(rows["indicator"] == best_indicator) & (rows["unit"].astype("string") == best_unit)]
    return best_indicator, best_unit, chosen


def _same_period(rows: pd.DataFrame) -> pd.DataFrame:
    """Compare like with like: the rows of the period named for most subjects (the latest on a tie)."""
    dated = rows.assign(_year=years(rows), _period=rows["period"].astype(object))
    dated = dated[dated["_period"].notna()]
    if dated.empty:
        return rows
    spread = dated.groupby("_period").agg(subjects=("subject", "nunique"), year=("_year", "max"))
    spread["year"] = spread["year"].astype("Float64").fillna(-1)
    best = spread.sort_values(["subjects", "year"], ascending=False, kind="stable")
    if best["subjects"].iloc[0] < 2:
        return rows
    return rows[rows["period"] == best.index[0]]


def plot_by_subject(frame: pd.DataFrame, indicator: str | None = None, unit: str | None = None,
                    *, ax: Axes | None = None) -> Axes:
    """One indicator compared across subjects (default: the one named for most subjects)."""
    rows = _levels(frame)
    name, unit_used, chosen = _pick_indicator(rows, rows["subject"], indicator, unit)
    with chart_style():
        ax = _new_axes(ax, (9, 5))
        if name is None:
            return _say_empty(ax, f"{indicator or '同一指标'}：各主体比较",
                              "没有可比较的数据：需要同一指标、同一单位在至少两个主体下的数字")
        first = _same_period(chosen).drop_duplicates("subject").sort_values("value", ascending=False, kind="stable")
        notes = [format_value(v, unit_used) + (f"（{p}）" if pd.notna(p) else "")
                 for v, p in zip(first["value"], first["period"])]
        _barh(ax, first["subject"].tolist(), first["value"].tolist(), unit_used, notes)
        ax.set_title(f"{name}：各主体比较（{unit_used}）")
        ax.set_xlabel(unit_used)
        return _finish(ax)


def plot_over_time(frame: pd.DataFrame, indicator: str | None = None, unit: str | None = None,
                   *, ax: Axes | None = None, subjects: int = 5) -> Axes:
    """One indicator over the years its periods name (default: the one with most years); a line per subject."""
    rows = _levels(frame)
    rows = rows.assign(_year=years(rows))
    name, unit_used, chosen = _pick_indicator(rows, rows["_year"], indicator, unit)
    with chart_style():
        ax = _new_axes(ax, (9, 5))
        if name is None:
            return _say_empty(ax, f"{indicator or '同一指标'}：历年变化",
                              "没有可画的时间序列：需要同一指标、同一单位在至少两个年份的数字")
        chosen = chosen.assign(_who=chosen["subject"].astype("string").fillna("（未注明主体）"))
        for who in chosen["_who"].value_counts().index[:subjects]:
            series = chosen[chosen["_who"] == who].drop_duplicates("_year").sort_values("_year")
            ax.plot(series["_year"].astype(int), series["value"], marker="o", label=_short(who))
            for year, value in zip(series["_year"].astype(int), series["value"]):
                ax.annotate(format_value(value, unit_used), (year, value), xytext=(0, 6),
                            textcoords="offset points", ha="center", fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(ScaleFormatter(unit_used))
        ax.set_xlabel("年份")
        ax.set_ylabel(unit_used)
        ax.margins(x=0.1, y=0.15)
        ax.legend(title="主体", frameon=False)
        ax.set_title(f"{name}：历年变化（{unit_used}）")
        return _finish(ax)


CHARTS = {
    "overview": plot_overview,
    "largest": plot_largest,
    "by_subject": plot_by_subject,
    "over_time": plot_over_time,
}


def write_charts(frame: pd.DataFrame, out_dir: str | Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Draw every chart of :data:`CHARTS` and save it as ``OUT_DIR/NAME.png`` and ``.svg``.

    Repeated paragraphs are counted once.  Returns the paths written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = drop_duplicates(frame)
    written = []
    for name, plot in CHARTS.items():
        drawn = plot(rows)
        figure = drawn if isinstance(drawn, Figure) else drawn.figure
        with chart_style():
            for fmt in formats:
                path = out / f"{name}.{fmt}"
                metadata = {"Date": None} if fmt == "svg" else None
                figure.savefig(path, format=fmt, metadata=metadata)
                written.append(path)
    return written
