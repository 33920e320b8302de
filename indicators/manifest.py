"""The run manifest: one row per input document, so nothing is lost silently.

Columns (docs/input.md): ``doc`` (the document id), ``path``, ``encoding`` (as
detected or given), ``chars`` (length of the decoded text), ``status`` (``ok`` or
``error``), ``error`` (why it failed), ``mentions`` (rows in the dataset) and
``notes`` (what reading had to do to a document that is still ok: bytes replaced
by U+FFFD, an empty file).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .export import DatasetWriter

STATUS_OK = "ok"
STATUS_ERROR = "error"


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """What happened to one input document."""

    doc: str
    path: str | None
    encoding: str | None
    chars: int | None
    status: str  # "ok" or "error"
    error: str | None
    mentions: int
    notes: str | None = None  # e.g. "replaced 3 undecodable byte sequences with U+FFFD (first at byte 100)"


MANIFEST_COLUMNS = tuple(ManifestRow.__dataclass_fields__)


def manifest_path_for(output: str | Path | None) -> Path | None:
    """Default manifest beside the dataset: ``out/seeds.csv`` -> ``out/seeds.manifest.csv``."""
    if output is None:
        return None
    output = Path(output)
    return output.with_name(f"{output.stem}.manifest.csv")


def manifest_frame(rows: list[ManifestRow]) -> pd.DataFrame:
    """Rows -> typed frame."""
    frame = pd.DataFrame([asdict(r) for r in rows], columns=list(MANIFEST_COLUMNS))
    return frame.astype({"doc": "string", "path": "string", "encoding": "string", "chars": "Int64",
                         "status": "string", "error": "string", "mentions": "Int64", "notes": "string"})


def write_manifest(rows: list[ManifestRow], path: str | Path) -> None:
    """Write the manifest atomically (CSV, JSONL or Parquet by extension): complete, or not at all."""
    with DatasetWriter(path) as writer:
        writer.write(manifest_frame(rows))
