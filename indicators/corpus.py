"""Running the extractor over a corpus: all cores, bounded memory, rows in document order.

Documents are cut into chunks (``chunk_size`` documents or about 512 KB of
text) and sent to worker processes as file paths, not texts: each worker reads
its files, extracts them and builds the chunk's typed frame. At most a few
chunks per worker are in flight, and the parent writes each chunk's frame as it
comes back, in document order: memory stays bounded whatever the size of the
corpus, and the output is the same whatever the number of jobs.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path

import pandas as pd

from .documents import DocumentError, ReadOptions, read_document, text_document
from .export import DatasetWriter
from .frame import CATEGORIES, COLUMNS, DTYPES, empty_frame, mention_values
from .limits import limit_for, time_limit
from .manifest import STATUS_ERROR, STATUS_OK, ManifestRow, write_manifest
from .sources import Source
from .types import Document, Mention

Extractor = Callable[[Document], "list[Mention]"]
Row = tuple  # one mention: the values of frame.COLUMNS, in order

DEFAULT_CHUNK_DOCS = 1000  # documents per chunk ...
CHUNK_BYTES = 512 * 1024  # ... or about this much text, whichever comes first (~0.2 s of work)
IN_FLIGHT_PER_JOB = 2  # chunks queued per worker: enough to keep it busy, few enough to bound memory
SERIAL_CHUNKS = 4  # a corpus of this many chunks or fewer runs in-process: starting workers takes ~1 s

@dataclass
class RunSummary:
    """Counts of a run and its manifest rows."""

    manifest: list[ManifestRow] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(r.status != STATUS_OK for r in self.manifest)

    @property
    def mentions(self) -> int:
        return sum(r.mentions for r in self.manifest)

    @property
    def chars(self) -> int:
        return sum(r.chars or 0 for r in self.manifest)


def load(source: Source, *, year: int | None = None, options: ReadOptions | None = None) -> Document:
    """Source -> Document (reads the file when the text is not in memory); DocumentError if it cannot."""
    if source.error is not None:
        raise DocumentError(source.path or source.id, source.error)
    if source.text is not None:  # a table row: no path of its own, so its format is sniffed from its id
        return text_document(source.id, source.text, year=year)
    options = options or ReadOptions()
    doc = read_document(source.path, doc_id=source.id, encoding=options.encoding, errors=options.errors,
                        max_bytes=options.max_bytes)
    return replace(doc, year=year) if year is not None else doc


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def rows_frame(rows: list[Row]) -> pd.DataFrame:
    """Row tuples (values of ``frame.COLUMNS``) -> the typed frame of ``frame.rows_to_frame``.

    Built column by column, each straight into its dtype: 3x faster than a frame of
    Python objects converted by ``frame.typed`` (tests/test_corpus.py checks they agree).
    """
    if not rows:
        return empty_frame()
    columns = {}
    for name, values in zip(COLUMNS, zip(*rows), strict=True):
        dtype = DTYPES[name]
        if dtype == "category":  # the fixed categories first, then any other value seen (frame.CATEGORIES)
            known = CATEGORIES.get(name, ())
            seen = sorted(set(values).difference(known, (None,)))
            columns[name] = pd.Categorical(values, categories=[*known, *seen])
        else:
            columns[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(columns)


def extract_rows(doc: Document, extractor: Extractor | None = None) -> list[Row]:
    """The rows of one document, as compact tuples (cheap to send between processes)."""
    if extractor is None:
        from .extract import extract_document as extractor
    doc_id = doc.id
    return [mention_values(doc_id, m) for m in extractor(doc)]


def extract_chunk(
    sources: list[Source],
    extractor: Extractor | None = None,
    year: int | None = None,
    options: ReadOptions | None = None,
) -> tuple[list[ManifestRow], pd.DataFrame]:
    """Read and extract a chunk of sources: their manifest rows and the typed frame of their mentions.

    Runs in a worker process, so that building the frame is spread over the
    workers too. A document that cannot be read, or that the extractor fails
    on, becomes an error row of the manifest instead of stopping the run.
    """
    manifest, rows = [], []
    for source in sources:
        try:
            doc = load(source, year=year, options=options)
        except DocumentError as exc:
            manifest.append(ManifestRow(doc=source.id, path=source.path, encoding=None, chars=None,
                                        status=STATUS_ERROR, error=exc.message, mentions=0))
            continue
        except Exception as exc:  # noqa: BLE001 - issue 6: an unforeseen reading failure is recorded, never a crash
            manifest.append(ManifestRow(doc=source.id, path=source.path, encoding=None, chars=None,
                                        status=STATUS_ERROR, error=f"cannot read: {type(exc).__name__}: {exc}",
                                        mentions=0))
            continue
        try:
            with time_limit(limit_for(doc.text, (options or ReadOptions()).timeout)):  # issue 6: no hang
                found = extract_rows(doc, extractor)
            status, error = STATUS_OK, None
        except Exception as exc:  # noqa: BLE001 - one bad document must not end a long run
            found, status, error = [], STATUS_ERROR, f"extractor failed: {type(exc).__name__}: {exc}"
        manifest.append(ManifestRow(doc=doc.id, path=source.path, encoding=doc.encoding, chars=len(doc.text),
                                    status=status, error=error, mentions=len(found),
                                    notes=getattr(doc, "notes", None)))  # issue 6: replaced bytes, empty file
        rows += found
    return manifest, rows_frame(rows)


def run_corpus(
    sources: Iterable[Source],
    output: str | Path | None,
    *,
    excel: bool = False,
    manifest: str | Path | None = None,
    year: int | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    chunk_size: int = DEFAULT_CHUNK_DOCS,
    extractor: Extractor | None = None,
    read_options: ReadOptions | None = None,
) -> RunSummary:
    """Extract every source into one dataset file; one manifest row per source.

    ``jobs``: worker processes (default: every core; 1 runs in this process).
    ``progress``: a tqdm bar on stderr (default: when stderr is a terminal).
    ``chunk_size``: documents per chunk, the unit of work of a worker and of
    writing (a chunk also ends at about 512 KB of text).
    ``extractor``: ``Document -> list[Mention]`` (default ``extract_document``);
    it must be a module-level function (or a partial of one) when ``jobs > 1``.
    ``read_options``: how files are decoded (default: detect the encoding, strict).
    """
    if chunk_size < 1:
        raise ValueError(f"chunk size must be at least 1 document, not {chunk_size}")
    jobs = default_jobs() if jobs is None or jobs == 0 else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if progress is None:
        progress = sys.stderr.isatty()
    summary = RunSummary()
    with ExitStack() as stack:
        writer = stack.enter_context(DatasetWriter(output, excel=excel))
        bar = stack.enter_context(_Progress(progress, getattr(sources, "total", None)))
        chunks = _chunks(sources, chunk_size)
        for rows, frame in stack.enter_context(closing(_results(chunks, jobs, (extractor, year, read_options)))):
            summary.manifest += rows
            if len(frame):
                writer.write(frame)
            bar.advance(rows)
        if writer.rows == 0:  # an empty dataset still gets its header
            writer.write(empty_frame())
    if manifest is not None:
        write_manifest(summary.manifest, manifest)
    return summary


def _chunks(sources: Iterable[Source], docs: int) -> Iterator[list[Source]]:
    """Consecutive sources, cut at ``docs`` documents or about CHUNK_BYTES of text."""
    chunk: list[Source] = []
    size = 0
    for source in sources:
        chunk.append(source)
        size += _size(source)
        if len(chunk) >= docs or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _size(source: Source) -> int:
    if source.text is not None:
        return 3 * len(source.text)  # a CJK character is 3 bytes of UTF-8
    try:
        return os.stat(source.path).st_size if source.path else 0
    except OSError:
        return 0


def _results(chunks: Iterator[list[Source]], jobs: int, settings: tuple) -> Iterator[tuple]:
    """Results of every chunk, in order; in worker processes unless one job or a small corpus."""
    head = list(islice(chunks, SERIAL_CHUNKS + 1))
    if jobs == 1 or len(head) <= SERIAL_CHUNKS:
        for chunk in chain(head, chunks):
            yield extract_chunk(chunk, *settings)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_ignore_interrupts)
    window: deque = deque()
    try:
        for chunk in chain(head, chunks):
            window.append(pool.submit(extract_chunk, chunk, *settings))
            if len(window) >= IN_FLIGHT_PER_JOB * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:  # also when the consumer stops early or is interrupted: drop queued work
        pool.shutdown(wait=True, cancel_futures=True)


def _context():
    """Forkserver where the platform has it (no fork of a threaded parent), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["indicators.corpus", "indicators.extract"])
        return ctx
    return multiprocessing.get_context("spawn")


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group; only the parent handles it (and stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Progress:
    """A tqdm bar of documents with the characters read and their rate; a no-op when off."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        self.chars = 0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def advance(self, rows: list[ManifestRow]) -> None:
        if self.bar is None:
            return
        self.chars += sum(row.chars or 0 for row in rows)
        elapsed = self.bar.format_dict["elapsed"] or 1e-9
        sizeof = self.bar.format_sizeof
        self.bar.set_postfix_str(f"{sizeof(self.chars)} chars, {sizeof(self.chars / elapsed)} chars/s", refresh=False)
        self.bar.update(len(rows))

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
