"""Scaling with jobs: wall time of a corpus run (``run_corpus``) with 1 job and with N jobs.

    .venv/bin/python benchmarks/bench_jobs.py [--megabytes 20] [--jobs 2] [--format parquet] [--rounds 2]

The corpus is generated under benchmarks/_data/ from the seed and dev texts
(with other figures). Each run is what ``indicators extract CORPUS -o OUT``
does: read, extract, build rows, write the dataset; the N-job time includes
starting the worker processes. Runs alternate (1, N, 1, N, ...) so that load
from other programs hits both alike; the best time of each counts.

Wall time needs an otherwise idle machine. So the script also adds up the CPU
time of every process of a run (this one, the forkserver and the workers,
sampled with psutil when installed): more CPU for N jobs than for one is the
cost of running in parallel, and ``N x cpu(1) / cpu(N)`` bounds the speed-up an
idle N-core machine can give.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DATA, ROOT, generate_corpus  # noqa: E402

sys.path.insert(0, str(ROOT))


class CpuMeter:
    """CPU seconds of this process and all its descendants during a block (psutil; None without it)."""

    def __enter__(self) -> "CpuMeter":
        try:
            import psutil
        except ImportError:
            self.psutil = None
            return self
        self.psutil, self.me = psutil, psutil.Process()
        self.seen: dict[int, float] = {}
        self.start = self._own()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _own(self) -> float:
        times = self.me.cpu_times()
        return times.user + times.system

    def _sample(self) -> None:
        while not self.done.wait(0.05):
            for child in self.me.children(recursive=True):
                try:
                    times = child.cpu_times()
                    self.seen[child.pid] = times.user + times.system
                except self.psutil.Error:
                    pass

    def __exit__(self, *exc) -> None:
        if self.psutil is None:
            self.seconds = None
            return
        self.done.set()
        self.thread.join()
        self.seconds = self._own() - self.start + sum(self.seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="size of the generated corpus (default 20 MB)")
    parser.add_argument("--jobs", type=int, default=2, help="jobs to compare with one (default 2)")
    parser.add_argument("--format", choices=("parquet", "csv", "jsonl"), default="parquet", help="output format")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each; the best counts (default 2)")
    args = parser.parse_args()

    from indicators.corpus import run_corpus
    from indicators.sources import iter_sources

    folder = generate_corpus(DATA / f"jobs_{args.megabytes:g}mb", args.megabytes)
    sources = iter_sources([str(folder)])
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    cpu: dict[int, list[float]] = {1: [], args.jobs: []}
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        for _ in range(args.rounds):
            for jobs in times:
                start = time.perf_counter()
                with CpuMeter() as meter:
                    summary = run_corpus(sources, Path(tmp) / f"out.{args.format}", jobs=jobs, progress=False)
                times[jobs].append(time.perf_counter() - start)
                if meter.seconds is not None:
                    cpu[jobs].append(meter.seconds)
    chars, rows = summary.chars, summary.mentions
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"corpus: {folder.relative_to(ROOT)}: {sources.total:,} documents, {chars:,} characters, "
          f"{rows:,} mentions; output {args.format}; {cores} cores; load average {os.getloadavg()[0]:.2f}")
    for jobs, runs in times.items():
        best = min(runs)
        used = f"; CPU {min(cpu[jobs]):.2f} s" if cpu[jobs] else ""
        print(f"jobs {jobs}: {best:7.2f} s  {chars / best:12,.0f} chars/s  {rows / best:9,.0f} rows/s  "
              f"(runs: {', '.join(f'{t:.2f}' for t in runs)}{used})")
    print(f"speed-up jobs {args.jobs} / jobs 1: {min(times[1]) / min(times[args.jobs]):.2f}x (wall time)")
    if cpu[1] and cpu[args.jobs]:
        print(f"CPU of jobs {args.jobs} / jobs 1: {min(cpu[args.jobs]) / min(cpu[1]):.2f}; bound on an idle "
              f"{args.jobs}-core machine: {args.jobs * min(cpu[1]) / min(cpu[args.jobs]):.2f}x")


if __name__ == "__main__":
    main()
