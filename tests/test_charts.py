"""Charts: every chart renders with Chinese glyphs (no missing-glyph warning), PNG and SVG."""
from __future__ import annotations

import io
import warnings
from pathlib import Path
from xml.etree import ElementTree

import matplotlib
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from sample_frame import bare_frame, sample_frame

from indicators import Document, charts, extract_document, fonts, to_frame
from indicators.frame import empty_frame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PLOTS = [charts.plot_overview, charts.plot_largest, charts.plot_by_subject, charts.plot_over_time]


def seeds_frame() -> pd.DataFrame:
    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    return to_frame({doc: extract_document(Document(id=doc, text=text)) for doc, text in docs.items()})


FRAMES = {"sample": sample_frame, "no-context": bare_frame, "empty": empty_frame, "seeds": seeds_frame}


@pytest.fixture
def strict_glyphs():
    """Any missing glyph, or no CJK font at all, fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.CJKFontWarning)
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from (current )?font")
        yield


def test_a_cjk_font_is_installed():
    assert fonts.find_cjk_font() is not None, fonts.INSTALL_HINT


@pytest.mark.parametrize("frame_name", FRAMES)
@pytest.mark.parametrize("plot", PLOTS, ids=lambda p: p.__name__)
def test_every_chart_renders_chinese(strict_glyphs, plot, frame_name):
    before = dict(matplotlib.rcParams)
    drawn = plot(FRAMES[frame_name]())
    assert isinstance(drawn, Figure if plot is charts.plot_overview else Axes)
    figure = drawn if isinstance(drawn, Figure) else drawn.figure
    for fmt in ("png", "svg"):
        # Drawn outside any rc_context, as Jupyter's inline backend does.
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt)
        assert buffer.getbuffer().nbytes > 1000
    assert dict(matplotlib.rcParams) == before                # nothing global changed
    texts = [t.get_text() for t in figure.findobj(Text) if t.get_text()]
    assert any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text)     # there is Chinese to draw


def test_charts_use_the_cjk_font(strict_glyphs):
    ax = charts.plot_largest(sample_frame())
    families = {tuple(label.get_fontfamily()) for label in ax.get_yticklabels()}
    assert families == {(fonts.find_cjk_font(), fonts.LATIN_FALLBACK)}


def test_write_charts_saves_png_and_svg(strict_glyphs, tmp_path):
    paths = charts.write_charts(sample_frame(), tmp_path / "charts")
    assert sorted(p.name for p in paths) == sorted(
        f"{name}.{fmt}" for name in charts.CHARTS for fmt in ("png", "svg"))
    for path in paths:
        if path.suffix == ".png":
            assert path.read_bytes().startswith(b"\x89PNG")
        else:
            ElementTree.parse(path)                            # well-formed SVG
            assert "<text" not in path.read_text()            # text drawn as outlines


def test_charts_plot_on_a_given_axes(strict_glyphs):
    figure = Figure()
    axes = figure.subplots(1, 3)
    assert charts.plot_largest(sample_frame(), ax=axes[0]) is axes[0]
    assert charts.plot_by_subject(sample_frame(), "地区生产总值", ax=axes[1]) is axes[1]
    assert charts.plot_over_time(sample_frame(), "贫困发生率", unit="%", ax=axes[2]) is axes[2]


def test_chart_contents_follow_the_data():
    ax = charts.plot_largest(sample_frame(), n=3)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "石鼓区 · 地区生产总值 · 2019年", "珠晖区 · 地区生产总值 · 2019年", "珠晖区 · 地区生产总值 · 2018年"]
    by_subject = charts.plot_by_subject(sample_frame())
    assert [t.get_text() for t in by_subject.get_yticklabels()] == ["石鼓区", "珠晖区", "雁峰区"]
    over_time = charts.plot_over_time(sample_frame())
    assert over_time.get_title() == "地区生产总值：历年变化（元）"
    assert "没有可画的时间序列" in charts.plot_over_time(bare_frame()).texts[0].get_text()


@pytest.mark.parametrize(("ticks", "unit", "shown"), [
    ([0, 5e8, 1e9, 1.5e9], "元", ["0", "5亿", "10亿", "15亿"]),
    ([0, 5000, 10000, 15000], "人", ["0", "0.5万", "1万", "1.5万"]),
    ([0, 2000, 4000], "人", ["0", "2000", "4000"]),
    ([0, 20000, 40000], "%", ["0", "20000", "40000"]),
    ([0, 2.5, 5], None, ["0", "2.5", "5"]),
])
def test_axis_ticks_in_wan_and_yi(ticks, unit, shown):
    assert charts.ScaleFormatter(unit).format_ticks(ticks) == shown


def test_no_font_gives_a_clear_warning(monkeypatch):
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    with pytest.warns(fonts.CJKFontWarning, match="install-font.sh"):
        settings = fonts.font_rc()
    assert settings["font.family"] == [fonts.LATIN_FALLBACK]
