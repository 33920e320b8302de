"""Writing datasets: CSV, JSONL or Parquet by extension, streamed in chunks, atomically.

A writer collects chunks into a temporary file beside the target and renames it
into place on ``close()``: an interrupted run never leaves a file that looks
complete.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import IO

import pandas as pd

FORMATS = ("csv", "jsonl", "parquet")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_of(path: str | Path | None, default: str = "csv") -> str:
    """Output format named by a file's extension (``.csv``, ``.jsonl``/``.json``, ``.parquet``)."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "json", "ndjson"):
        return "jsonl"
    if suffix in ("parquet", "pq"):
        return "parquet"
    if suffix in ("csv", "txt", ""):
        return "csv"
    raise ValueError(f"{path}: unknown output format {suffix!r} (use .csv, .jsonl or .parquet)")


def load_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSONL file (blank lines skipped, a BOM ignored); errors name the file and line."""
    rows = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with ``'``.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (OWASP, "CSV injection") becomes ``'=…``, which Excel and LibreOffice show
    as text.  Only text cells are touched: numbers such as a negative ``value``
    stay numbers.  :func:`read_dataset` removes the prefix again.
    """
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col.dtype):
            text = col.astype("string")
            risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)  # vectorised
            if risky.any():
                cells = col.astype(object)
                out[name] = cells.mask(risky, "'" + text[risky].astype(object))
    return out


def _restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise_formulas` on a CSV read back as text."""
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_string_dtype(col.dtype):
            text = col.astype("string")
            marked = text.str.startswith("'").fillna(False) & text.str[1:].str.startswith(FORMULA_START).fillna(False)
            if marked.any():
                frame[name] = text.mask(marked, text.str[1:])
    return frame


def read_dataset(path: str | Path) -> pd.DataFrame:
    """A dataset written by ``indicators extract`` (CSV, JSONL or Parquet), with its dtypes.

    CSV cells are read as text first, so ``value_exact`` keeps every digit and a
    text such as ``NA`` stays text; the ``'`` that neutralised a formula-like cell
    is removed; a UTF-8 BOM (``--excel``) is skipped.
    """
    from .frame import typed

    fmt = format_of(path)
    if fmt == "parquet":
        frame = pd.read_parquet(path)
    elif fmt == "jsonl":
        frame = pd.DataFrame.from_records(load_jsonl(path))
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
        frame = _restore_formulas(frame)
    return typed(frame)


class DatasetWriter:
    """Stream DataFrame chunks to one CSV/JSONL/Parquet file, or CSV to stdout."""

    def __init__(self, path: str | Path | None, *, excel: bool = False, fmt: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.format = fmt or format_of(self.path)
        self.excel = excel
        self.rows = 0
        self._header_done = False
        self._tmp: Path | None = None
        self._handle: IO[str] | None = None
        self._parquet = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = _reserve_temporary(self.path)
            if self.format != "parquet":
                encoding = "utf-8-sig" if self.excel and self.format == "csv" else "utf-8"
                self._handle = open(self._tmp, "w", encoding=encoding, newline="")
        else:
            if self.format == "parquet":
                raise ValueError("Parquet output needs a file name (-o FILE.parquet)")
            self._handle = sys.stdout

    def write(self, frame: pd.DataFrame) -> None:
        """Append one chunk."""
        if self.format == "parquet":
            self._write_parquet(frame)
        elif self.format == "jsonl":
            for record in frame.to_dict(orient="records"):
                clean = {k: (None if _is_missing(v) else v) for k, v in record.items()}
                self._handle.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")
        else:
            neutral = neutralise_formulas(frame)
            neutral.to_csv(self._handle, index=False, header=not self._header_done, lineterminator="\n")
        self._header_done = True
        self.rows += len(frame)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._tmp, table.schema)
        self._parquet.write_table(table.cast(self._parquet.schema))

    def close(self, template: pd.DataFrame | None = None) -> None:
        """Finish the file and move it into place (an empty dataset still gets its header).

        The file is flushed to disk before the rename, so that even a crash of
        the machine leaves either the old target or the complete new one; if
        finishing fails, the temporary file is dropped and the error raised.
        """
        try:
            if not self._header_done and template is not None:
                self.write(template)
            if self._parquet is not None:
                self._parquet.close()
                self._parquet = None
            if self._handle is sys.stdout:
                sys.stdout.flush()
            elif self._handle is not None:
                self._handle.flush()
                os.fsync(self._handle.fileno())
                self._handle.close()
                self._handle = None
            if self._tmp is not None:
                if self.format == "parquet":
                    _fsync_path(self._tmp)
                os.replace(self._tmp, self.path)
                self._tmp = None
                _fsync_path(self.path.parent)  # the rename itself (best effort: not on every platform)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file; the target is left as it was."""
        try:
            if self._parquet is not None:
                self._parquet.close()
            if self._handle is not None and self._handle is not sys.stdout:
                self._handle.close()
        except Exception:  # noqa: BLE001 - dropping the file matters more than closing it cleanly
            pass
        finally:
            self._parquet = None
            self._handle = None if self._handle is not sys.stdout else self._handle
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)
                self._tmp = None

    def __enter__(self) -> "DatasetWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _reserve_temporary(target: Path) -> Path:
    """A new empty file beside ``target`` (``.NAME.<random>.part``), created with the usual
    permissions (``tempfile.mkstemp`` would make it private, and the rename would keep that)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            with open(tmp, "x"):
                return tmp
        except FileExistsError:
            continue


def _fsync_path(path: Path) -> None:
    """Flush a file's or folder's data to disk where the platform allows it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_frame(frame: pd.DataFrame, path: str | Path | None, *, excel: bool = False) -> None:
    """Write a whole frame at once (atomically)."""
    with DatasetWriter(path, excel=excel) as writer:
        writer.write(frame)
