"""Document structure: the cases of cases/structure.jsonl, properties, and the real documents."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.structure import KINDS, analyse

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
DEV = Path("/work/shared/dev")  # the visible development set, outside the repository
CASES = [json.loads(line) for line in (HERE / "cases" / "structure.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def occurrences(text: str, sub: str) -> list[int]:
    found, pos = [], text.find(sub)
    while pos >= 0:
        found.append(pos)
        pos = text.find(sub, pos + 1)
    assert found, f"{sub!r} is not in the case text"
    return found


def check_invariants(text: str, layout) -> None:
    assert layout.text == text and len(layout.work) == len(text)
    previous = 0
    for span in layout.sentences:
        assert previous <= span.start < span.end <= len(text)
        previous = span.end
    previous = 0
    for p in layout.paragraphs:
        assert previous <= p.start < p.end <= len(text) and p.kind in KINDS
        assert p.duplicate_of is None or p.duplicate_of < p.start
        previous = p.end
    previous = 0
    for a in layout.articles:
        assert previous <= a.start < a.end <= len(text)
        previous = a.end
        for field in (a.headline, a.byline, a.dateline):
            assert field is None or (a.start <= field.start < field.end <= a.end
                                     and text[field.start:field.end] == field.text)
    for span in layout.sentences:
        assert layout.sentence_at(span.start) == span and layout.sentence_at(span.end - 1) == span
        paragraph = layout.paragraph_at(span.start)
        assert paragraph is not None and paragraph.start <= span.start and span.end <= paragraph.end


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_structure(case):
    text, expect = case["text"], case["expect"]
    layout = analyse(text, case["format"])
    check_invariants(text, layout)
    articles = layout.articles
    if "articles" in expect:
        assert len(articles) == expect["articles"]
    for key, attr in (("headlines", "headline"), ("bylines", "byline"), ("datelines", "dateline")):
        if key in expect:
            assert [getattr(a, attr) and getattr(a, attr).text for a in articles] == expect[key]
    if "sentence_count" in expect:
        assert len(layout.sentences) == expect["sentence_count"]
    if "paragraph_count" in expect:
        assert len(layout.paragraphs) == expect["paragraph_count"]
    for sub, sentence in expect.get("sentences", {}).items():
        span = layout.sentence_at(text.index(sub))
        assert span is not None and text[span.start:span.end] == sentence, sub
    for sub, paragraph in expect.get("paragraph", {}).items():
        found = layout.paragraph_at(text.index(sub))
        assert text[found.start:found.end] == paragraph, sub
    for sub, kind in expect.get("kinds", {}).items():
        assert layout.paragraph_at(text.index(sub)).kind == kind, sub
    for sub, headline in expect.get("article_of", {}).items():
        assert layout.article_at(text.index(sub)).headline.text == headline, sub
    if "article_start" in expect:
        assert articles[0].start == text.index(expect["article_start"])
    for sub, flags in expect.get("duplicates", {}).items():
        paragraphs = [layout.paragraph_at(pos) for pos in occurrences(text, sub)]
        assert [p.duplicate_of is not None for p in paragraphs] == flags, sub
        assert all(p.duplicate_of in (None, paragraphs[0].start) for p in paragraphs), sub
    for sub in expect.get("masked", []):
        for pos in occurrences(text, sub):
            assert layout.work[pos:pos + len(sub)].strip() == "", sub
    for sub, work in expect.get("work", {}).items():
        for pos in occurrences(text, sub):
            assert layout.work[pos:pos + len(sub)] == work, sub


MARKUP_BITS = [
    "<p>", "</p>", "<br>", "<h1>", "</h1>", "<div>", "<table><tr><td>", "</td></tr>", "<strong>", "</strong>",
    "<!--", "-->", "<script>", "</script>", "<head>", "<title>", "&nbsp;", "&amp;", "&#20013;", "</p", "<a href=",
    "# ", "## ", "**", "**本报讯**", "本报讯", "（记者 张三）", "■本报记者 陈润", "■张三 摄", "| a | 1 |",
    "| --- |", "一、综合", "表1", "。", "！", "？", "；", "，", "——", "：", "”", "\n", "\n\n", "\n\n\n", " ",
    "\u3000", "\r\n", "全县地区生产总值386.52亿元", "增长5.6%", "标题", "短行", "2024年3月18日",
]
DOCUMENTS = st.one_of(st.text(max_size=300),
                      st.lists(st.sampled_from(MARKUP_BITS) | st.text(max_size=8), max_size=60).map("".join))


@settings(max_examples=400, deadline=None)
@given(text=DOCUMENTS, format=st.sampled_from([None, "text", "markdown", "html"]))
def test_properties(text, format):
    check_invariants(text, analyse(text, format))


def test_bad_format():
    with pytest.raises(ValueError):
        analyse("正文。", "pdf")


def real(name: str) -> str:
    path = SEEDS / name if name[0].isdigit() else DEV / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, low, high", [
    ("000_ef5839428cd9a8e4.txt", 4, 4), ("004_c890588684717fe5.txt", 11, 13),
    ("dev_bulletin.txt", 1, 1), ("dev_finance.html", 1, 1), ("dev_report.txt", 1, 1),
])
def test_real_documents(name, low, high):
    text = real(name)
    layout = analyse(text)
    check_invariants(text, layout)
    assert low <= len(layout.articles) <= high
    assert all(a.headline is not None for a in layout.articles[:1])


def test_seed_000():
    text = real("000_ef5839428cd9a8e4.txt")
    layout = analyse(text)
    assert [a.headline.text for a in layout.articles] == [
        "进一步巩固深化拓展合作领域", "加快双方战略合作 为建设现代产业强市提供金融支撑",
        "我市10个委员工作室上榜", "“扶贫车间”带动千余户贫困家庭脱贫"]
    span = layout.sentence_at(text.index("自1986年建立以"))
    assert text[span.start:span.end] == ("他说，中华保险自1986年建立以\n\n来，从小到大，发展势头越来越好，"
                                         "取得了令人瞩目的成绩。")
    assert text.index("全省100个示范性") == layout.articles[2].start  # the kicker opens the article


def test_seed_004_repeats():
    text = real("004_c890588684717fe5.txt")
    layout = analyse(text)
    assert sum(p.duplicate_of is not None for p in layout.paragraphs) == 10
    assert layout.work.endswith("   ") and text.endswith("</p")
    last = layout.article_at(len(text) - 10)
    assert last.headline.text == "乡村直播带货大有可为" and last.byline.text == "■魏 婕"


@pytest.mark.parametrize("text, format", [
    ("<div>" * 200_000 + "文字。" + "</div>" * 200_000, None),
    ("全县实现地区生产总值386.52亿元，比上年增长5.6%。" * 200_000, "text"),
    ('<p>全县实现<span class="x">生产总值</span>386.52亿元&nbsp;增长5.6%</p>\n' * 20_000, "html"),
    ("<a " * 300_000 + "<!--" * 100_000 + "<script>" * 1000, "html"),
], ids=["nested-div", "one-5MB-line", "html-paragraphs", "unclosed"])
def test_linear_time(text, format):
    start = time.process_time()
    layout = analyse(text, format)
    seconds = time.process_time() - start
    assert len(layout.work) == len(text)
    assert seconds < 1.0 * len(text) / 1e6 + 0.2, f"{seconds:.2f}s for {len(text) / 1e6:.1f} MB"
