"""How fast and how lean the benchmark across organisations is, against merely reading the files.

    python benchmarks/bench_benchmark.py [--count 10000] [--repeat 3]

Writes ``--count`` synthetic assessments (fictional organisations and people, the shape
and size of the shipped examples) into a temporary folder, then in the same run times

- the baseline: read every file and ``json.loads`` it, nothing more;
- the benchmark: ``collect`` (read the fields it needs, check, map, flatten) and
  ``benchmark`` (groups, the k rule, medians, quartiles, shares), as the command does;

alternating, and prints the medians and their ratio (aim: at most 5). Then, each in a
fresh process, the peak memory of the benchmark over a tenth of the files and over all
of them, to show it does not grow with the count: the resident peak of the process
(Python, pandas and numpy included) and the peak of what the benchmark itself allocates
(tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

AIM_RATIO = 5


def baseline(files: list[Path]) -> None:
    for path in files:
        json.loads(path.read_bytes())


def run_benchmark(folder: Path, limit: int | None = None) -> int:
    from assessment.benchmark.collect import collect
    from assessment.benchmark.figures import benchmark

    paths = sorted(folder.glob("*.json"))[:limit] if limit else [folder]
    return benchmark(collect(paths), k=5).organisations


def child(folder: Path, limit: int) -> None:
    """Run once in this fresh process and print the memory figures as JSON."""
    import assessment.benchmark.collect
    import assessment.benchmark.figures  # noqa: F401 - imports are not what is measured

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    used = run_benchmark(folder, limit)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    print(
        json.dumps(
            {
                "organisations": used,
                "rss_mb": rss * scale / 2**20,
                "rss_imports_mb": before * scale / 2**20,
                "traced_mb": peak / 2**20,
            }
        )
    )


def memory(folder: Path, limit: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--limit", str(limit)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="synthetic assessments (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of each (default 3)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.limit)
        return
    from assessment.benchmark.synthetic import write_synthetic

    with tempfile.TemporaryDirectory(prefix="bench-benchmark-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = write_synthetic(folder, args.count)
        size = sum(p.stat().st_size for p in files) / 2**20
        print(f"wrote {len(files)} synthetic assessments ({size:.0f} MB) in {time.perf_counter() - started:.1f} s")
        baseline(files)  # warm the page cache, so both read from memory
        run_benchmark(folder)  # and the imports
        reads, runs = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            baseline(sorted(folder.glob("*.json")))
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            used = run_benchmark(folder)
            runs.append(time.perf_counter() - start)
        read, run = statistics.median(reads), statistics.median(runs)
        print(f"read + json.loads:  {read:6.2f} s  (median of {args.repeat})")
        print(f"benchmark:          {run:6.2f} s  ({used} organisations)")
        ratio = run / read
        print(
            f"ratio:              {ratio:6.2f}  (aim: at most {AIM_RATIO}) {'ok' if ratio <= AIM_RATIO else 'TOO SLOW'}"
        )
        for limit in (max(1, args.count // 10), args.count):
            m = memory(folder, limit)
            print(
                f"peak memory, {m['organisations']:>6} files: {m['rss_mb']:6.1f} MB resident "
                f"({m['rss_imports_mb']:.1f} MB after imports), {m['traced_mb']:6.1f} MB allocated by the benchmark"
            )


if __name__ == "__main__":
    main()
