"""A room of phones voting at once: every vote stored, how long each phone waits.

    python benchmarks/bench_workshop.py [--phones 40] [--window 10] [--example hospital-da.json]

Starts the vote server as the command line does (``assessment workshop FILE --survey``,
every item open) on a private copy of an example, lets ``--phones`` simulated phones
join, then has each of them vote on every item at random moments within the same
``--window`` seconds: one form post per item, as a phone without JavaScript sends it.
Then it checks that every vote is in the file, and prints:

- the response time of a vote (the POST until the server's answer, which comes only once
  the vote is on disk): p50, p95 and the worst, against the aim of p95 under 300 ms;
- as a baseline from the same run, one save of the same file through the store in this
  process, and a page that writes nothing (the code page); the ratios to both;
- the vote server's memory (resident set) idle after start and at its peak.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assessment.document.context import open_assessment  # noqa: E402
from assessment.document.store import AssessmentFile  # noqa: E402
from assessment.workshop.items import items  # noqa: E402

AIM_P95_S = 0.300
XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Phone:
    """One simulated phone: joins, reads its form once, then posts one item at a time."""

    def __init__(self, join_url: str) -> None:
        self.join_url = join_url
        self.http = httpx.Client(timeout=60, headers={"Accept-Language": "da"})
        self.times: list[float] = []
        self.failures: list[str] = []

    def join(self) -> None:
        page = self.http.get(self.join_url)
        answer = self.http.post(self.join_url, data={"_xsrf": XSRF.search(page.text).group(1), "seat": "anonymous"})
        assert answer.status_code == 303, answer.status_code
        page = self.http.get(self.join_url + "vote")
        self.xsrf = XSRF.search(page.text).group(1)
        self.hidden = {k: v for k, v in HIDDEN.findall(page.text) if k != "_xsrf"}

    def vote(self, key: str, current: int, desired: int) -> None:
        data = {
            "_xsrf": self.xsrf,
            "voter": self.hidden["voter"],
            f"round.{key}": self.hidden[f"round.{key}"],
            f"current.{key}": str(current),
            f"desired.{key}": str(desired),
        }
        start = time.perf_counter()
        answer = self.http.post(self.join_url + "vote", data=data)
        self.times.append(time.perf_counter() - start)
        if answer.status_code != 303:
            self.failures.append(f"{key}: HTTP {answer.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument(
        "--window", type=float, default=10.0, help="seconds within which every phone votes on every item"
    )
    parser.add_argument("--example", default="hospital-da.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as tmp:
        path = Path(tmp) / args.example
        shutil.copy(REPO / "examples" / args.example, path)
        handle = AssessmentFile(path)
        doc = handle.load()
        doc.room.polls = []
        handle.save(doc)
        keys = [i.key for i in items(open_assessment(path).scale)]
        save_s = statistics.median(_timed_save(path) for _ in range(5))
        server = subprocess.Popen(
            [sys.executable, "-m", "assessment", "workshop", str(path), "--survey"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            join_url = server.stdout.readline().strip()
            short_url = join_url.split("/w/")[0] + "/"
            process = psutil.Process(server.pid)
            idle_rss = process.memory_info().rss
            phones = [Phone(join_url) for _ in range(args.phones)]
            for phone in phones:
                phone.join()
            quiet = [_timed_get(phones[0].http, short_url) for _ in range(20)]
            peak = [idle_rss]
            sampling = threading.Event()
            sampler = threading.Thread(target=_sample, args=(process, peak, sampling), daemon=True)
            sampler.start()
            plans = [
                [(random.uniform(0, args.window), key, random.randint(1, 5), random.randint(1, 5)) for key in keys]
                for _ in phones
            ]
            begun = time.perf_counter()
            threads = [
                threading.Thread(target=_run, args=(phone, plan, begun))
                for phone, plan in zip(phones, plans, strict=True)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            took = time.perf_counter() - begun
            sampling.set()
            sampler.join()
            stored = AssessmentFile(path).load().room
            counts = {key: len(stored.poll(key).round.votes) for key in keys}
        finally:
            server.terminate()
            server.wait(30)
    times = [s for phone in phones for s in phone.times]
    failures = [f for phone in phones for f in phone.failures]
    expected = args.phones * len(keys)
    print(
        f"{args.phones} phones x {len(keys)} items = {expected} votes within {args.window:.0f} s (all done after {took:.1f} s)"
    )
    print(f"stored: {sum(counts.values())} of {expected} ({', '.join(f'{k}: {n}' for k, n in counts.items())})")
    print(f"refused or failed: {len(failures)}{(' (' + '; '.join(failures[:5]) + ')') if failures else ''}")
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    print(
        f"vote response: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"(aim: p95 under {AIM_P95_S * 1000:.0f} ms: {'met' if p95 < AIM_P95_S else 'NOT met'})"
    )
    quiet_p50 = statistics.median(quiet)
    print(
        f"baseline: one save of the file through the store {save_s * 1000:.0f} ms (vote p50 = {p50 / save_s:.1f}x); "
        f"a page that writes nothing {quiet_p50 * 1000:.1f} ms (vote p50 = {p50 / quiet_p50:.0f}x)"
    )
    print(f"vote server memory: {idle_rss / 2**20:.0f} MiB idle, {max(peak) / 2**20:.0f} MiB at its peak")
    ok = not failures and sum(counts.values()) == expected
    return 0 if ok else 1


def _timed_save(path: Path) -> float:
    handle = AssessmentFile(path)
    doc = handle.load()
    start = time.perf_counter()
    handle.save(doc)
    return time.perf_counter() - start


def _timed_get(http: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    http.get(url)
    return time.perf_counter() - start


def _run(phone: Phone, plan: list[tuple[float, str, int, int]], begun: float) -> None:
    for at, key, current, desired in sorted(plan):
        delay = at - (time.perf_counter() - begun)
        if delay > 0:
            time.sleep(delay)
        phone.vote(key, current, desired)


def _sample(process: psutil.Process, peak: list[int], done: threading.Event) -> None:
    while not done.wait(0.1):
        try:
            peak.append(process.memory_info().rss)
        except psutil.Error:
            return


if __name__ == "__main__":
    raise SystemExit(main())
