"""Extraction, driven by the case tables in tests/cases/.

mentions.jsonl  every mention of a text: span, value, value_max, unit, family, qualifier, change
negatives.txt   one sentence per line that yields no mention
context.jsonl   indicator / subject / period (and year) of chosen mentions, scored as MENTIONS.md scores
xfail.jsonl     known gaps judged hard to fix (either kind), run with xfail(strict=True)

Values in the case files are strings compared as Decimal. A fixed bug earns a row, not a test.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicators import extract

CASES = Path(__file__).parent / "cases"


def load_jsonl(name: str) -> list[dict]:
    with open(CASES / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_lines(name: str) -> list[str]:
    with open(CASES / name, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip()]


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def brief(mention) -> dict:
    """The fields a mention case pins down."""
    return {
        "text": mention.text,
        "value": mention.value,
        "value_max": mention.value_max,
        "unit": mention.unit,
        "family": mention.family,
        "qualifier": mention.qualifier.value,
        "change": mention.change.value if mention.change else None,
    }


def expected(row: dict) -> dict:
    return {**row, "value": Decimal(row["value"]), "value_max": decimal_or_none(row["value_max"])}


def found_in(case: dict) -> list:
    found = extract(case["text"], year=case.get("year"), format=case.get("format"))
    for mention in found:
        assert case["text"][mention.start:mention.end] == mention.text, mention
    return found


def context_right(predicted: str | None, gold: str | None) -> bool:
    """MENTIONS.md: right when one string contains the other, or both are null."""
    predicted, gold = predicted or None, gold or None
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return predicted in gold or gold in predicted


def text_of(field) -> str | None:
    return field.text if field is not None else None


def check_mentions(case: dict) -> None:
    found = found_in(case)
    assert [brief(m) for m in found] == [expected(row) for row in case["expect"]]


def check_context(case: dict) -> None:
    found = found_in(case)
    used: set[int] = set()
    errors = []
    for row in case["expect"]:  # each row is matched to the next unused mention with its text
        index = next((i for i, m in enumerate(found) if i not in used and m.text == row["text"]), None)
        if index is None:
            errors.append(f"{row['text']!r}: not found among {[m.text for m in found]}")
            continue
        used.add(index)
        mention = found[index]
        for name in ("indicator", "subject"):
            got = text_of(getattr(mention, name))
            if not context_right(got, row[name]):
                errors.append(f"{row['text']!r} {name}: got {got!r}, want {row[name]!r}")
        if text_of(mention.period) != row["period"]:
            errors.append(f"{row['text']!r} period: got {text_of(mention.period)!r}, want {row['period']!r}")
        if "year" in row and mention.year != row["year"]:
            errors.append(f"{row['text']!r} year: got {mention.year!r}, want {row['year']!r}")
    assert not errors, "\n".join(errors)


def params(name: str) -> list:
    return [pytest.param(case, id=case["id"]) for case in load_jsonl(name)]


def xfail_params() -> list:
    return [
        pytest.param(case, id=case["id"], marks=pytest.mark.xfail(strict=True, reason=case["reason"].split(". ")[0]))
        for case in load_jsonl("xfail.jsonl")
    ]


@pytest.mark.parametrize("case", params("mentions.jsonl"))
def test_mentions(case: dict) -> None:
    check_mentions(case)


@pytest.mark.parametrize("line", [
    pytest.param(line, id=f"line{number:03d}") for number, line in enumerate(load_lines("negatives.txt"), 1)])
def test_negatives(line: str) -> None:
    assert [m.text for m in extract(line)] == []


@pytest.mark.parametrize("case", params("context.jsonl"))
def test_context(case: dict) -> None:
    check_context(case)


@pytest.mark.parametrize("case", xfail_params())
def test_known_gaps(case: dict) -> None:
    (check_context if case["kind"] == "context" else check_mentions)(case)


def test_case_files_are_well_formed() -> None:
    """Ids are unique, every expected text occurs in its case, every xfail row says why."""
    families = {"currency", "count", "percent", "percentage_point", "ratio", "area", "mass", "volume",
                "energy", "length", "other", "duration", "age", "rank"}
    qualifiers = {"exact", "approx", "over", "under", "nearly", "order"}
    for name in ("mentions.jsonl", "context.jsonl", "xfail.jsonl"):
        cases = load_jsonl(name)
        ids = [case["id"] for case in cases]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        for case in cases:
            assert case.get("format") in (None, "html"), case["id"]
            for row in case["expect"]:
                assert row["text"] in case["text"], (name, case["id"], row["text"])
                if "value" in row:
                    Decimal(row["value"])
                    assert row["family"] in families and row["qualifier"] in qualifiers, (case["id"], row)
                    assert row["change"] in (None, "increase", "decrease"), (case["id"], row)
    for case in load_jsonl("xfail.jsonl"):
        assert case["kind"] in ("mentions", "context") and case["reason"] and case["ref"], case["id"]
