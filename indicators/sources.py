"""Inputs of a run: files, folders, glob patterns and tabular corpora (CSV, JSONL, Parquet).

Every document gets an id that is unique within the run and stable across runs:

- a file named directly: its bare name (``seeds/000_ef58.txt`` -> ``000_ef58.txt``);
- a file found in a folder or by a glob pattern: its path relative to the folder
  (or to the pattern's fixed leading part), with ``/``: a flat folder gives bare
  names, ``corpus/2021/a.txt`` under ``corpus`` gives ``2021/a.txt``;
- a row of a tabular corpus: the value of its id column, as written.

File inputs are resolved when :func:`iter_sources` is called, so a pattern that
matches nothing, a tabular file without the named columns or two files with one
id fail before any work starts; tabular rows are then read lazily, in chunks.
"""
from __future__ import annotations

import glob as globbing
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".text")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet", ".pq")
COMPRESSED = (".gz",)
GLOB_MAGIC = ("*", "?", "[")
DEFAULT_TABLE_CHUNK = 1000  # rows read from a tabular corpus at a time


@dataclass(frozen=True, slots=True)
class Source:
    """One input document before it is read: a file path, or text already in memory."""

    id: str
    path: str | None = None
    text: str | None = None
    error: str | None = None  # why the document cannot be read (a null text cell)


def table_format(path: str | Path) -> str | None:
    """``csv``, ``jsonl`` or ``parquet`` for a tabular corpus (``.csv.gz`` too), else None."""
    suffixes = [s.lower() for s in Path(path).suffixes[-2:]]
    if suffixes and suffixes[-1] in COMPRESSED:
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return None


class Sources:
    """The documents named by some inputs; iterate for :class:`Source` objects in order.

    ``total`` is the number of documents when it is known without reading the
    corpus (files, Parquet row counts), else None.
    """

    def __init__(
        self,
        inputs: Iterable[str],
        *,
        glob: str | None = None,
        text_column: str = "text",
        id_column: str = "id",
        chunk_rows: int = DEFAULT_TABLE_CHUNK,
    ) -> None:
        self.text_column = text_column
        self.id_column = id_column
        self.chunk_rows = chunk_rows
        self._items: list[tuple[str, str, str]] = []  # ("file" or "table", document id of a file, path)
        for item in inputs:
            self._items.extend(self._resolve(str(item), glob))
        self._check_unique_files()
        self.total: int | None = 0
        for kind, _, path in self._items:
            if kind == "file":
                self.total += 1
            else:
                rows = check_table(path, text_column, id_column)
                self.total = None if rows is None or self.total is None else self.total + rows

    def _resolve(self, item: str, pattern: str | None) -> Iterator[tuple[str, str, str]]:
        path = Path(item)
        if path.is_dir():
            found = _folder_files(path, pattern)
            yield from ((_kind(p), p.relative_to(path).as_posix(), str(p)) for p in found)
        elif not path.exists() and any(ch in item for ch in GLOB_MAGIC):
            base = _fixed_prefix(item)
            found = sorted(
                (Path(p) for p in globbing.glob(item, recursive=True) if Path(p).is_file()),
                key=lambda p: p.relative_to(base).as_posix(),
            )
            if not found:
                raise ValueError(f"{item}: no file matches this pattern")
            yield from ((_kind(p), p.relative_to(base).as_posix(), str(p)) for p in found)
        else:  # a file, or a missing path that the run reports in its manifest
            yield _kind(path), path.name, item

    def _check_unique_files(self) -> None:
        seen: dict[str, str] = {}
        kept = []
        for kind, doc_id, path in self._items:
            if kind == "file" and doc_id in seen:
                if Path(seen[doc_id]).resolve() == Path(path).resolve():
                    continue  # the same file named twice (a folder and one of its files)
                raise ValueError(f"document id {doc_id!r} names two files, {seen[doc_id]} and {path}; "
                                 "give their common folder instead so ids keep their sub-folders")
            if kind == "file":
                seen[doc_id] = path
            kept.append((kind, doc_id, path))
        self._items = kept

    def __iter__(self) -> Iterator[Source]:
        ids: set[str] = {doc_id for kind, doc_id, _ in self._items if kind == "file"}
        for kind, doc_id, path in self._items:
            if kind == "file":
                yield Source(id=doc_id, path=path)
                continue
            for source in iter_table(path, self.text_column, self.id_column, chunk_rows=self.chunk_rows):
                if source.id in ids:
                    raise ValueError(f"{path}: document id {source.id!r} is used twice in this run")
                ids.add(source.id)
                yield source


def iter_sources(
    inputs: Iterable[str],
    *,
    glob: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    chunk_rows: int = DEFAULT_TABLE_CHUNK,
) -> Sources:
    """Every document named by ``inputs``: files, folders (recursively), glob patterns, tables.

    ``glob`` selects the files of folders (``*.txt`` matches at any depth, a
    pattern with ``/`` is relative to the folder); without it a folder gives its
    text-like files (:data:`TEXT_SUFFIXES`). Hidden files and folders are skipped.
    A ``.csv``, ``.jsonl`` or ``.parquet`` file is a tabular corpus: one document
    per row, its text in ``text_column`` and its id in ``id_column``.
    """
    return Sources(inputs, glob=glob, text_column=text_column, id_column=id_column, chunk_rows=chunk_rows)


def _kind(path: Path) -> str:
    return "table" if table_format(path) else "file"


def _folder_files(folder: Path, pattern: str | None) -> list[Path]:
    if pattern is None:
        found = (p for p in folder.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
    elif "/" in pattern:
        found = folder.glob(pattern)
    else:
        found = folder.rglob(pattern)
    keep = (p for p in found if p.is_file() and not _hidden(p.relative_to(folder)))
    return sorted(keep, key=lambda p: p.relative_to(folder).as_posix())


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _fixed_prefix(pattern: str) -> Path:
    """The folder part of a glob pattern before its first wildcard: ``corpus/**/*.txt`` -> ``corpus``."""
    parts = []
    for part in Path(pattern).parts[:-1]:
        if any(ch in part for ch in GLOB_MAGIC):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


# --- tabular corpora -------------------------------------------------------------------------


def table_columns(path: str | Path) -> list[str]:
    """Column names of a tabular corpus (the keys of the first record for JSONL)."""
    fmt = table_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    if fmt == "csv":
        import pandas as pd

        return list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)
    with _open_text(path) as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                return list(record) if isinstance(record, dict) else []
    return []


def check_table(path: str | Path, text_column: str, id_column: str) -> int | None:
    """Raise ValueError naming the file when a column is missing; the row count if cheap (Parquet)."""
    try:
        columns = table_columns(path)
    except (OSError, ValueError) as exc:  # json.JSONDecodeError and pandas' ParserError are ValueErrors
        raise ValueError(f"{path}: cannot read as a {table_format(path)} table: {exc}") from None
    for option, name in (("--text-column", text_column), ("--id-column", id_column)):
        if name not in columns:
            shown = ", ".join(map(repr, columns[:20])) or "none"
            raise ValueError(f"{path}: no column {name!r} (columns: {shown}); name it with {option}")
    if table_format(path) == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return None


def iter_table(
    path: str | Path, text_column: str = "text", id_column: str = "id", *, chunk_rows: int = DEFAULT_TABLE_CHUNK
) -> Iterator[Source]:
    """One :class:`Source` per row of a tabular corpus, reading ``chunk_rows`` rows at a time."""
    check_table(path, text_column, id_column)
    fmt = table_format(path)
    if fmt == "parquet":
        chunks = _parquet_chunks(path, text_column, id_column, chunk_rows)
    elif fmt == "csv":
        chunks = _csv_chunks(path, text_column, id_column, chunk_rows)
    else:
        chunks = _jsonl_chunks(path, text_column, id_column, chunk_rows)
    row = 0
    for ids, texts in chunks:
        for doc_id, text in zip(ids, texts):
            row += 1
            if doc_id is None or doc_id == "":
                raise ValueError(f"{path}: row {row} has no id in column {id_column!r}")
            doc_id = doc_id if isinstance(doc_id, str) else str(doc_id)
            if text is None or not isinstance(text, str):
                yield Source(id=doc_id, path=str(path), error=f"no text in column {text_column!r} (row {row})")
            else:
                yield Source(id=doc_id, path=str(path), text=text)


def _parquet_chunks(path, text_column, id_column, chunk_rows):
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows, columns=[id_column, text_column]):
        yield batch.column(id_column).to_pylist(), batch.column(text_column).to_pylist()


def _csv_chunks(path, text_column, id_column, chunk_rows):
    import pandas as pd

    # dtype=str and no NA parsing: ids and texts exactly as written (``007`` stays ``007``)
    reader = pd.read_csv(path, usecols=[id_column, text_column], dtype=str, keep_default_na=False,
                         na_filter=False, encoding="utf-8-sig", chunksize=chunk_rows)
    with reader:
        for chunk in reader:
            yield chunk[id_column].tolist(), chunk[text_column].tolist()


def _jsonl_chunks(path, text_column, id_column, chunk_rows):
    ids, texts = [], []
    with _open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object: {exc}") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            ids.append(record.get(id_column))
            texts.append(record.get(text_column))
            if len(ids) >= chunk_rows:
                yield ids, texts
                ids, texts = [], []
    if ids:
        yield ids, texts


def _open_text(path):
    if str(path).lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")
