"""End-to-end scores on the seed and dev gold, printed by `indicators evaluate`, against the issue's thresholds.

Span and value scores are tested apart from the context fields, so a context regression cannot
hide a span regression (or the other way round).
"""
from __future__ import annotations

import contextlib
import functools
import io
import re
from pathlib import Path

import pytest

from indicators.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV_FILES = ("dev_bulletin.txt", "dev_finance.html", "dev_report.txt")

SETS = {
    "seeds": (SHARED / "gold" / "seeds.jsonl", [REPO / "seeds"]),
    "dev": (SHARED / "dev" / "gold.jsonl", [SHARED / "dev" / name for name in DEV_FILES]),
}
THRESHOLDS = {  # the figures; the dev set asks strict F1 >= 0.85 instead of 0.95
    "seeds": {"span": 0.98, "strict": 0.95, "indicator": 0.90, "subject": 0.85, "period": 0.90, "change": 0.95},
    "dev": {"span": 0.98, "strict": 0.85, "indicator": 0.90, "subject": 0.85, "period": 0.90, "change": 0.95},
}
F1_LINE = re.compile(r"^(span|strict)\s+P=([\d.]+)\s+R=([\d.]+)\s+F1=([\d.]+)", re.MULTILINE)
CONTEXT_LINE = re.compile(r"^(indicator|subject|period|change)\s+([\d.]+)\s+\(", re.MULTILINE)

@functools.cache
def evaluate(name: str) -> str:
    """What `indicators evaluate` prints for one gold set (run once per session)."""
    gold, paths = SETS[name]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["evaluate", "--gold", str(gold), *map(str, paths)])
    assert code == 0, out.getvalue()
    return out.getvalue()


def scores(name: str) -> dict[str, float]:
    """F1 of span and strict matches and the context accuracies, parsed from `evaluate`'s output."""
    gold, paths = SETS[name]
    missing = [p for p in (gold, *paths) if not p.exists()]
    if missing:
        pytest.skip(f"gold set {name!r} not available: {', '.join(map(str, missing))} "
                    "(shared/ is expected beside the repository)")
    text = evaluate(name)
    found = {m[0]: float(m[3]) for m in F1_LINE.findall(text)}
    found.update({m[0]: float(m[1]) for m in CONTEXT_LINE.findall(text)})
    assert set(found) == set(THRESHOLDS[name]), f"could not parse the scores from:\n{text}"
    return found


def check(name: str, *fields: str) -> None:
    got = scores(name)
    low = {f: (got[f], THRESHOLDS[name][f]) for f in fields if got[f] < THRESHOLDS[name][f]}
    assert not low, f"{name}: below threshold (score, threshold): {low}"


@pytest.mark.parametrize("name", SETS)
def test_span_f1(name: str) -> None:
    check(name, "span")


@pytest.mark.parametrize("name", SETS)
def test_strict_f1(name: str) -> None:
    check(name, "strict")


@pytest.mark.parametrize("name", SETS)
def test_indicator(name: str) -> None:
    check(name, "indicator")


@pytest.mark.parametrize("name", SETS)
def test_subject(name: str) -> None:
    check(name, "subject")


@pytest.mark.parametrize("name", SETS)
def test_period(name: str) -> None:
    check(name, "period")


@pytest.mark.parametrize("name", SETS)
def test_change(name: str) -> None:
    check(name, "change")
