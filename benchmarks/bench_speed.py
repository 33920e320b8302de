"""Characters per second on one core: the full pipeline beside cn2an.transform, same text, same run.

    .venv/bin/python benchmarks/bench_speed.py [--megabytes 5] [--rounds 3] [--profile]

The text is the seed and dev documents, repeated (as separate documents) to at
least ``--megabytes`` MB of UTF-8. "Full pipeline" is what a corpus run does
per document: ``extract_document`` (candidates, values, context) and the rows
of the dataset (``corpus.extract_rows``); building the typed frame of those rows
is timed on its own. ``cn2an.transform`` only converts the numerals of the
same documents, and is the reference: the pipeline should be at least as fast.
The process is pinned to one core; each figure is the least CPU time of
``--rounds`` passes.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, sample_texts  # noqa: E402

sys.path.insert(0, str(ROOT))
CHUNK_DOCS = 60  # about the 512 KB of text of one chunk of a corpus run


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def documents(megabytes: float) -> list[str]:
    texts = [text for _, text in sample_texts()]
    size = sum(len(t.encode("utf-8")) for t in texts)
    return texts * max(1, int(-(-megabytes * 1024 * 1024 // size)))


def best(func, rounds: int) -> tuple[float, object]:
    """The least CPU time of ``rounds`` calls (CPU time: other programs on the machine count less)."""
    times, result = [], None
    for _ in range(rounds):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0, help="size of the text (default 5 MB)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes of each; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="also print a pyinstrument profile of one pipeline pass")
    args = parser.parse_args()

    import cn2an

    from indicators.corpus import extract_rows, rows_frame
    from indicators.extract import extract_document
    from indicators.types import Document

    pinned = pin_to_one_core()
    texts = documents(args.megabytes)
    docs = [Document(id=f"doc{i}", text=text) for i, text in enumerate(texts)]
    chars = sum(len(t) for t in texts)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1024 / 1024
    extract_document(docs[0])  # build the lexicon and patterns before timing

    def pipeline():  # rows are counted, not kept: a corpus run keeps one chunk's rows at a time
        return sum(len(extract_rows(doc)) for doc in docs)

    def mentions_only():
        return sum(len(extract_document(doc)) for doc in docs)

    def reference():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on every numeral it cannot read
            return [cn2an.transform(text) for text in texts]

    seconds, count = best(pipeline, args.rounds)
    extract_seconds, _ = best(mentions_only, args.rounds)
    rows = [row for doc in docs[:CHUNK_DOCS] for row in extract_rows(doc)]
    frame_seconds, _ = best(lambda: rows_frame(rows), args.rounds)
    cn2an_seconds, _ = best(reference, args.rounds)
    speed, reference_speed = chars / seconds, chars / cn2an_seconds

    print(f"text: {len(texts)} documents, {chars:,} characters, {megabytes:.1f} MB; one process, {pinned}; "
          f"best CPU time of {args.rounds}; load average {os.getloadavg()[0]:.2f}")
    print(f"python: {platform.python_version()} {platform.python_compiler()}, {os.path.realpath(sys.executable)}")
    print(f"mentions: {count:,} ({chars / max(count, 1):.0f} characters per mention)")
    print(f"full pipeline (extract_document + rows): {speed:12,.0f} chars/s  ({seconds:.2f} s)")
    print(f"  extract_document alone:                 {chars / extract_seconds:12,.0f} chars/s  "
          f"({extract_seconds:.2f} s)")
    print(f"  typed frame of a chunk's rows:          {len(rows) / frame_seconds:12,.0f} rows/s   "
          f"({len(rows):,} rows in {frame_seconds:.3f} s)")
    print(f"cn2an.transform (numerals only):          {reference_speed:12,.0f} chars/s  ({cn2an_seconds:.2f} s)")
    print(f"ratio pipeline / cn2an.transform: {speed / reference_speed:.2f}x")

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        pipeline()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
