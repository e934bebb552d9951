"""How fast the PDF summary is made, against the HTML route through nbconvert, in one run.

    python benchmarks/bench_report.py [EXAMPLE] [--repeat N]

Measures, on a private copy of one shipped example (default: the hospital):

- the PDF in-process (open the file, draw the charts, compile): once cold, then the
  median of N warm runs, as a notebook button or a script that makes several reports sees it;
- the PDF through the command line (``python -m assessment report``), a new process each time;
- ``jupyter nbconvert --to html --execute notebooks/06_summary.ipynb`` on the same copy.

Prints the times and the ratios against nbconvert measured here, so the figures compare
on any machine. Aims: the PDF at least 10x faster than nbconvert; a full report under
half a second in-process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "06_summary.ipynb"
AIM_RATIO = 10
AIM_IN_PROCESS_S = 0.5


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def median_of(run: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(run) for _ in range(repeat))


def run_checked(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"benchmark: {' '.join(command[:4])} … failed:\n{done.stderr.strip()[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("example", nargs="?", default="hospital-da.json", help="a file in examples/")
    parser.add_argument("--repeat", type=int, default=5, help="warm in-process runs (default 5)")
    args = parser.parse_args()
    if not NOTEBOOK.exists():
        sys.exit(f"benchmark: {NOTEBOOK} does not exist yet; nothing to compare with")

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp)
        source = folder / args.example
        shutil.copy(REPO / "examples" / args.example, source)
        home = folder / "home"
        home.mkdir()

        started = time.perf_counter()
        from assessment.document.context import open_assessment
        from assessment.outputs.report import write_pdf

        def pdf_in_process() -> None:
            write_pdf(open_assessment(source), folder / "in-process.pdf")

        cold = time.perf_counter() - started + timed(pdf_in_process)
        warm = median_of(pdf_in_process, args.repeat)
        cli = median_of(
            lambda: run_checked(
                [sys.executable, "-m", "assessment", "report", str(source), "--pdf", str(folder / "cli.pdf")]
            ),
            3,
        )
        env = {**os.environ, "ASSESSMENT": str(source), "DIALOGUE_WORKBOOK_HOME": str(home)}
        nbconvert = timed(
            lambda: run_checked(
                [
                    sys.executable,
                    "-m",
                    "jupyter",
                    "nbconvert",
                    "--to",
                    "html",
                    "--execute",
                    str(NOTEBOOK),
                    "--output-dir",
                    str(folder),
                    "--output",
                    "summary",
                ],
                env,
            )
        )

    rows = [
        ("PDF in-process, warm (median)", warm),
        ("PDF in-process, cold (imports + fonts)", cold),
        ("PDF via CLI (median of 3)", cli),
        ("HTML via jupyter nbconvert --execute", nbconvert),
    ]
    print(f"example: {args.example}")
    for name, seconds in rows:
        print(f"  {name:<40} {seconds:7.3f} s   nbconvert / this: {nbconvert / seconds:6.1f}x")
    print(
        f"aim: PDF >= {AIM_RATIO}x faster than nbconvert: in-process {nbconvert / warm:.1f}x, "
        f"CLI {nbconvert / cli:.1f}x"
    )
    print(
        f"aim: full report in-process < {AIM_IN_PROCESS_S} s: {warm:.3f} s "
        f"({warm / AIM_IN_PROCESS_S:.0%} of the budget, {warm / nbconvert:.1%} of nbconvert's time)"
    )


if __name__ == "__main__":
    main()
