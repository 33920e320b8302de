"""Peak memory of ``indicators extract`` streaming a generated corpus of at least 200 MB.

    .venv/bin/python benchmarks/bench_memory.py [--megabytes 200] [--format parquet] [-- EXTRA CLI OPTIONS]

Generates the corpus once under benchmarks/_data/ (the seed and dev texts with
other figures, in nested folders), runs the CLI on it in a child process and
reports:

- peak RSS of the largest single process (``resource.getrusage`` of the
  children: the CLI and the worker processes it waited for);
- peak total RSS of the whole process tree (the CLI, its workers and the
  forkserver), sampled every 0.2 s with psutil when it is installed; shared
  pages are counted once per process, so this over-states the real use;
- documents, characters and rows per second.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DATA, ROOT, generate_corpus  # noqa: E402

MB = 1024 * 1024


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def sample_peak(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(0.2):
        peak[0] = max(peak[0], tree_rss(pid))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=200.0, help="size of the generated corpus (default 200 MB)")
    parser.add_argument("--format", choices=("parquet", "csv", "jsonl"), default="parquet", help="output format")
    parser.add_argument("extra", nargs="*", help="more options for `indicators extract` (after --)")
    args = parser.parse_args()

    start = time.perf_counter()
    folder = generate_corpus(DATA / f"memory_{args.megabytes:g}mb", args.megabytes)
    files = sum(1 for _ in folder.rglob("*.txt"))
    size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    print(f"corpus: {folder.relative_to(ROOT)}: {files:,} files, {size / MB:,.1f} MB "
          f"(ready in {time.perf_counter() - start:.1f} s)")

    output = DATA / f"memory_out.{args.format}"
    command = [sys.executable, "-m", "indicators", "extract", str(folder), "-o", str(output), "--no-progress",
               *args.extra]
    print("command:", " ".join(str(Path(c).relative_to(ROOT)) if str(c).startswith(str(ROOT)) else c
                               for c in command))
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()
    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=sample_peak, args=(child.pid, done, peak), daemon=True)
        sampler.start()
    except ImportError:
        sampler = None
    _, err = child.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if sampler is not None:
        sampler.join()
    if child.returncode not in (0, 1):
        raise SystemExit(f"indicators extract failed ({child.returncode}):\n{err}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux

    import pandas as pd

    manifest = pd.read_csv(output.with_name(f"{output.stem}.manifest.csv"))
    chars, rows = int(manifest["chars"].sum()), int(manifest["mentions"].sum())
    print(err.strip().splitlines()[-1])
    print(f"wall {seconds:.1f} s: {len(manifest) / seconds:,.0f} documents/s, {chars / seconds:,.0f} chars/s, "
          f"{rows / seconds:,.0f} rows/s; output {output.stat().st_size / MB:,.1f} MB")
    print(f"peak RSS, largest process: {largest / MB:,.0f} MB")
    if sampler is not None:
        print(f"peak RSS, whole process tree (sum, sampled): {peak[0] / MB:,.0f} MB")
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
