"""Exports: CSV (BOM with --excel, formulas neutralised), JSONL and Parquet round trips."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from sample_frame import sample_frame

from indicators.cli import main
from indicators.export import (
    DatasetWriter,
    neutralise_formulas,
    read_dataset,
    write_frame,
)
from indicators.frame import COLUMNS, DTYPES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOM = b"\xef\xbb\xbf"


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain Python values with None for every null, for comparing frames across formats."""
    return frame[list(COLUMNS)].astype(object).where(frame[list(COLUMNS)].notna(), None).reset_index(drop=True)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_round_trip_keeps_values_and_dtypes(tmp_path, suffix):
    frame = sample_frame()
    path = tmp_path / f"data{suffix}"
    with DatasetWriter(path) as writer:           # two chunks, as the corpus runner writes them
        writer.write(frame[frame["doc"] == "a.txt"])
        writer.write(frame[frame["doc"] == "b.txt"])
    back = read_dataset(path)
    assert {c: str(back[c].dtype) for c in COLUMNS} == {c: str(frame[c].dtype) for c in COLUMNS}
    pd.testing.assert_frame_equal(comparable(back), comparable(frame))


def test_csv_is_utf8_and_excel_gets_a_bom(tmp_path):
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    write_frame(sample_frame(), plain)
    write_frame(sample_frame(), excel, excel=True)
    assert not plain.read_bytes().startswith(BOM)
    assert excel.read_bytes().startswith(BOM)
    assert excel.read_bytes()[3:] == plain.read_bytes()
    assert "珠晖区" in plain.read_text(encoding="utf-8")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_cells_are_neutralised_and_read_back_as_text(tmp_path, start):
    frame = sample_frame()
    frame["indicator"] = frame["indicator"].astype(object)
    frame.loc[0, "indicator"] = f"{start}1+2"
    frame["score"] = -5.0                                   # a number column stays a number
    path = tmp_path / "formula.csv"
    write_frame(frame, path, excel=True)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert rows[0]["indicator"] == f"'{start}1+2"           # a spreadsheet shows this as text
    assert rows[0]["score"] == "-5.0" and rows[0]["value"] == "12000000000.0"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for name, cell in row.items()
               if name not in ("score",))
    assert rows[3]["text"] == "'-12.4%"                     # a signed span is text, not a number
    back = read_dataset(path)
    assert back.loc[0, "indicator"] == f"{start}1+2"
    assert back.loc[3, "text"] == "-12.4%"


def test_neutralise_leaves_other_formats_and_numbers_alone(tmp_path):
    frame = sample_frame()
    assert neutralise_formulas(frame)["value"].equals(frame["value"])
    write_frame(frame, tmp_path / "x.jsonl")
    write_frame(frame, tmp_path / "x.parquet")
    assert read_dataset(tmp_path / "x.jsonl").loc[3, "text"] == "-12.4%"
    assert read_dataset(tmp_path / "x.parquet").loc[14, "indicator"] == "=SUM(A1)说明"


def test_jsonl_lines_are_plain_json(tmp_path):
    path = tmp_path / "x.jsonl"
    write_frame(sample_frame(), path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    first = records[0]
    assert list(first) == list(COLUMNS)
    assert first["start"] == 28 and isinstance(first["start"], int)
    assert first["value"] == 12000000000 and first["value_exact"] == "12000000000"
    assert first["change"] is None and first["subject"] == "珠晖区" and first["year"] == 2016


def test_parquet_schema_is_typed(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "x.parquet"
    write_frame(sample_frame(), path)
    schema = pq.read_schema(path)
    assert str(schema.field("unit").type).startswith("dictionary")
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("start").type) == "int64"
    assert "string" in str(schema.field("value_exact").type)


def test_empty_dataset_round_trips(tmp_path):
    for suffix in (".csv", ".jsonl", ".parquet"):
        path = tmp_path / f"empty{suffix}"
        with DatasetWriter(path) as writer:
            writer.write(sample_frame().iloc[:0])
        back = read_dataset(path)
        assert back.empty and list(back.columns) == list(COLUMNS)
        assert {c: str(back[c].dtype) for c in COLUMNS} == {c: str(t) for c, t in DTYPES.items()}


def test_cli_extract_excel_then_chart(tmp_path):
    out = tmp_path / "seeds.csv"
    assert main(["extract", str(SEEDS), "-o", str(out), "--excel"]) == 0
    assert out.read_bytes().startswith(BOM)
    assert main(["chart", str(out), "-o", str(tmp_path / "charts")]) == 0
    names = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert names == sorted(f"{n}.{e}" for n in ("overview", "largest", "by_subject", "over_time") for e in ("png", "svg"))


def test_cli_chart_reads_every_format(tmp_path):
    for suffix in (".jsonl", ".parquet"):
        data = tmp_path / f"data{suffix}"
        write_frame(sample_frame(), data)
        assert main(["chart", str(data), "-o", str(tmp_path / suffix[1:])]) == 0
        assert (tmp_path / suffix[1:] / "largest.png").stat().st_size > 1000
    assert main(["chart", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "none")]) == 2
