"""Corpus runs: inputs (folders, globs, tables), the same rows whatever --jobs, streamed output."""
from __future__ import annotations

import json
import os
from contextlib import closing
from decimal import Decimal
from itertools import count, islice
from pathlib import Path

import pandas as pd
import pytest

from indicators.cli import main
from indicators.corpus import _results, extract_chunk, extract_rows, rows_frame, run_corpus
from indicators.export import read_dataset, write_frame
from indicators.extract import extract_document
from indicators.frame import COLUMNS, mention_row, mention_values, rows_to_frame
from indicators.sources import Source, iter_sources
from indicators.types import Document, Mention

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def write(path: Path, text: str = "全县共有农户2106户。") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids(sources) -> list[str]:
    return [s.id for s in sources]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A nested folder of 12 documents: the seeds, and copies of them with other figures."""
    root = tmp_path / "corpus"
    for number in range(6):
        for name, text in SEED_TEXTS.items():
            write(root / f"part{number % 3}" / f"{number}_{name}", text.replace("2", str(number % 10)))
    return root


def expected_frame(sources) -> pd.DataFrame:
    """The dataset built the plain way: every mention of every document, one frame at once."""
    rows = []
    for source in sources:
        text = source.text if source.text is not None else Path(source.path).read_text(encoding="utf-8")
        rows += [mention_row(source.id, m) for m in extract_document(Document(id=source.id, text=text))]
    return rows_to_frame(rows)


# --- inputs ------------------------------------------------------------------------------------


def test_flat_folder_and_single_file_keep_bare_file_names():
    assert ids(iter_sources([str(SEEDS)])) == list(SEED_TEXTS)
    first = next(iter(SEED_TEXTS))
    assert ids(iter_sources([str(SEEDS / first)])) == [first]
    assert iter_sources([str(SEEDS)]).total == len(SEED_TEXTS)


def test_nested_folder_ids_are_relative_paths(tmp_path):
    for name in ("b/2.txt", "a/1.txt", "a/x/3.html", "top.md", "skip.csv", ".hidden/4.txt", "a/.5.txt", "img.png"):
        write(tmp_path / "in" / name)
    assert ids(iter_sources([str(tmp_path / "in")])) == ["a/1.txt", "a/x/3.html", "b/2.txt", "top.md"]


def test_glob_option_selects_files_of_folders(tmp_path):
    for name in ("a/1.txt", "a/2.text", "b/3.txt", "4.txt"):
        write(tmp_path / "in" / name)
    assert ids(iter_sources([str(tmp_path / "in")], glob="*.txt")) == ["4.txt", "a/1.txt", "b/3.txt"]
    assert ids(iter_sources([str(tmp_path / "in")], glob="a/*")) == ["a/1.txt", "a/2.text"]


def test_glob_pattern_as_path_names_ids_from_its_fixed_part(tmp_path):
    for name in ("2020/1.txt", "2021/q1/2.txt", "2021/3.md"):
        write(tmp_path / "corpus" / name)
    pattern = str(tmp_path / "corpus" / "**" / "*.txt")
    assert ids(iter_sources([pattern])) == ["2020/1.txt", "2021/q1/2.txt"]
    with pytest.raises(ValueError, match="no file matches"):
        iter_sources([str(tmp_path / "corpus" / "*.xml")])


def test_two_files_with_one_id_are_refused_and_one_file_twice_is_read_once(tmp_path):
    write(tmp_path / "a" / "doc.txt")
    write(tmp_path / "b" / "doc.txt")
    with pytest.raises(ValueError, match="doc.txt.*names two files"):
        iter_sources([str(tmp_path / "a"), str(tmp_path / "b")])
    assert ids(iter_sources([str(tmp_path / "a"), str(tmp_path / "a" / "doc.txt")])) == ["doc.txt"]


def table(tmp_path: Path, suffix: str, records: list[dict]) -> Path:
    path = tmp_path / f"corpus{suffix}"
    frame = pd.DataFrame(records)
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tabular_corpus_gives_one_document_per_row_in_chunks(tmp_path, suffix):
    records = [{"doc_id": f"n{i:03d}", "body": f"第{i}篇，新增就业{i}万人。", "other": i} for i in range(7)]
    path = table(tmp_path, suffix, records)
    sources = iter_sources([str(path)], text_column="body", id_column="doc_id", chunk_rows=3)
    assert [(s.id, s.text) for s in sources] == [(r["doc_id"], r["body"]) for r in records]
    assert sources.total == (7 if suffix == ".parquet" else None)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_missing_column_names_the_file_and_the_column(tmp_path, suffix):
    path = table(tmp_path, suffix, [{"id": 1, "content": "2106户"}])
    with pytest.raises(ValueError, match=rf"corpus{suffix}: no column 'text'.*--text-column"):
        iter_sources([str(path)])
    assert main(["extract", str(path), "--id-column", "key", "--text-column", "content"]) == 2


def test_table_ids_stay_as_written_and_null_text_is_a_manifest_error(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": 7, "text": "3户"}\n{"id": "007", "text": null}\n', encoding="utf-8")
    sources = list(iter_sources([str(path)]))
    assert [(s.id, s.text, s.error is None) for s in sources] == [("7", "3户", True), ("007", None, False)]
    manifest, _ = extract_chunk(sources)
    assert [(r.doc, r.status) for r in manifest] == [("7", "ok"), ("007", "error")]
    assert "no text in column 'text'" in manifest[1].error
    csv = tmp_path / "c.csv"
    csv.write_text("id,text\n007,3户\n", encoding="utf-8")
    assert ids(iter_sources([str(csv)])) == ["007"]


def test_duplicate_ids_in_a_table_are_refused(tmp_path):
    path = table(tmp_path, ".csv", [{"id": "a", "text": "1户"}, {"id": "a", "text": "2户"}])
    with pytest.raises(ValueError, match="'a' is used twice"):
        list(iter_sources([str(path)]))


# --- runs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_two_jobs_write_the_same_file_as_one(tmp_path, corpus, suffix):
    sources = iter_sources([str(corpus)])
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    first = run_corpus(sources, one, jobs=1, chunk_size=1)
    second = run_corpus(sources, two, jobs=2, chunk_size=1)   # 12 chunks: enough to start workers
    assert first.manifest == second.manifest and first.mentions > 100 and first.failed == 0
    if suffix == ".parquet":
        pd.testing.assert_frame_equal(read_dataset(one), read_dataset(two))
    else:
        assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_streamed_file_equals_a_one_shot_write(tmp_path, corpus, suffix):
    sources = iter_sources([str(corpus)])
    streamed, whole = tmp_path / f"streamed{suffix}", tmp_path / f"whole{suffix}"
    run_corpus(sources, streamed, jobs=2, chunk_size=1)
    write_frame(expected_frame(sources), whole)
    if suffix == ".parquet":
        pd.testing.assert_frame_equal(read_dataset(streamed), read_dataset(whole))
    else:
        assert streamed.read_bytes() == whole.read_bytes()


def worker_pid(doc: Document) -> list[Mention]:
    """An extractor that tells which process ran it."""
    return [Mention(start=0, end=1, text=doc.text[:1], value=Decimal(1), unit="个", family="count",
                    rule=str(os.getpid()))]


def test_work_runs_in_worker_processes(tmp_path):
    sources = [Source(id=f"d{i}", text="1个") for i in range(10)]
    out = tmp_path / "pids.csv"
    run_corpus(sources, out, jobs=2, chunk_size=1, extractor=worker_pid)
    pids = set(pd.read_csv(out)["rule"])
    assert pids and os.getpid() not in pids


def test_results_stream_from_an_endless_corpus():
    endless = ([Source(id=str(i), text=f"{i}个")] for i in count())
    with closing(_results(endless, 2, (worker_pid, None, None))) as results:
        first = list(islice(results, 3))
    assert [rows[0].doc for rows, _ in first] == ["0", "1", "2"]


def fails_on_b(doc: Document) -> list[Mention]:
    if doc.id == "b.txt":
        raise RuntimeError("boom")
    return extract_document(doc)


def test_a_failing_document_is_an_error_row_and_the_run_goes_on(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / "in" / name)
    write(tmp_path / "in" / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "out.csv"
    summary = run_corpus(iter_sources([str(tmp_path / "in")]), out, jobs=1, extractor=fails_on_b,
                         manifest=tmp_path / "m.csv")
    status = {r.doc: (r.status, r.error) for r in summary.manifest}
    assert status["a.txt"] == ("ok", None) and status["c.txt"] == ("ok", None)
    assert status["b.txt"] == ("error", "extractor failed: RuntimeError: boom")
    assert status["d.txt"][0] == "error"
    assert list(pd.read_csv(out)["doc"]) == ["a.txt", "c.txt"]
    assert list(pd.read_csv(tmp_path / "m.csv")["status"]) == ["ok", "error", "ok", "error"]


def test_empty_corpus_writes_the_header(tmp_path):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out.csv"
    summary = run_corpus(iter_sources([str(tmp_path / "empty")]), out, jobs=2)
    assert summary.manifest == [] and out.read_text(encoding="utf-8").startswith("doc,start,end,text,")


def test_table_and_files_give_the_same_rows(tmp_path):
    records = [{"id": name, "text": text} for name, text in SEED_TEXTS.items()]
    from_table, from_files = tmp_path / "t.csv", tmp_path / "f.csv"
    run_corpus(iter_sources([str(table(tmp_path, ".parquet", records))]), from_table, jobs=1)
    run_corpus(iter_sources([str(SEEDS)]), from_files, jobs=1)
    assert from_table.read_bytes() == from_files.read_bytes()


def test_progress_bar_only_when_asked(tmp_path, capsys):
    sources = iter_sources([str(SEEDS)])
    run_corpus(sources, tmp_path / "quiet.csv", jobs=1)          # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    run_corpus(sources, tmp_path / "bar.csv", jobs=1, progress=True)
    err = capsys.readouterr().err
    assert f"{len(SEED_TEXTS)}/{len(SEED_TEXTS)}" in err and "chars/s" in err


def test_cli_options_reach_the_run(tmp_path, corpus, capsys):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["extract", str(corpus), "-o", str(one), "--jobs", "1", "--no-progress"]) == 0
    assert main(["extract", str(corpus / "**" / "*.txt"), "-o", str(two), "-j", "2", "--chunk-size", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert "12 documents, 0 failed" in capsys.readouterr().err
    assert main(["extract", str(corpus), "--jobs", "0", "-o", str(tmp_path / "all.csv")]) == 0  # 0: all cores
    assert main(["extract", str(corpus), "--jobs", "-1"]) == 2
    assert main(["extract", str(corpus), "--glob", "*.html"]) == 2                     # no documents: a wrong call
    assert main(["extract", str(corpus), "--glob", "part1/*", "-o", str(tmp_path / "part.csv")]) == 0
    assert set(pd.read_csv(tmp_path / "part.csv")["doc"].str[:6]) == {"part1/"}


BARE = Mention(start=0, end=2, text="3只", value=Decimal(3), unit="只", family="newfamily")  # no context at all


@pytest.mark.parametrize("docs", [
    [Document(id=name, text=text) for name, text in SEED_TEXTS.items()],
    [Document(id="bare", text="")],
], ids=["seeds", "bare"])
def test_rows_frame_builds_what_typed_records_give(docs):
    """The column-by-column frame of a chunk is the frame ``typed`` makes of the same row tuples:
    values, nulls, dtypes and categories (an unknown family is added after the fixed ones)."""
    rows = [row for doc in docs for row in extract_rows(doc)] + [mention_values("bare", BARE)]
    expected = rows_to_frame([dict(zip(COLUMNS, row)) for row in rows])
    got = rows_frame(rows)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for name in ("unit", "family", "qualifier", "change"):
        assert list(got[name].cat.categories) == list(expected[name].cat.categories)
