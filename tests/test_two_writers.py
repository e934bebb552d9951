"""Two writers saving back to back on one file, each to its own fields and its own items
of a shared list: the merge happens under the file lock, so neither ever sees a conflict
and no edit of either is lost."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from assessment.document.context import open_assessment
from assessment.document.model import Goal
from assessment.document.store import load
from assessment.ui.state.session import Session

ROUNDS = 200

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork is POSIX")


def write_rounds(path: Path, who: str, start, statuses) -> None:
    """One writer: each round adds a goal of its own and sets its own text field."""
    session = Session(open_assessment(path))
    start.wait()
    seen = []
    for i in range(ROUNDS):

        def edit(doc, i=i):
            doc.goals.append(Goal(id=f"{who}{i}", kind="objective", text=f"{who} round {i}"))
            if who == "a":
                doc.purposes.social_purpose = f"a{i}"
            else:
                doc.organisation.unit = f"b{i}"

        problem = session.change(edit)
        seen.append(problem or session.status.kind)
    statuses.put((who, seen))


def test_two_writers_back_to_back_lose_nothing_and_never_conflict(example_copy):
    path = example_copy("hospital-da.json")
    before = load(path)
    ctx = multiprocessing.get_context("fork")
    start, statuses = ctx.Barrier(2), ctx.Queue()
    writers = [ctx.Process(target=write_rounds, args=(path, who, start, statuses)) for who in "ab"]
    for w in writers:
        w.start()
    results = dict(statuses.get(timeout=300) for _ in writers)
    for w in writers:
        w.join(timeout=60)
    assert {who: sorted(set(seen)) for who, seen in results.items()} == {"a": ["saved"], "b": ["saved"]}
    after = load(path)
    ids = [g.id for g in after.goals]
    for who in "ab":
        mine = [i for i in ids if i.startswith(who) and i[1:].isdigit()]
        assert mine == [f"{who}{i}" for i in range(ROUNDS)], f"writer {who} lost goals or they moved"
    assert ids[: len(before.goals)] == [g.id for g in before.goals]
    assert (after.purposes.social_purpose, after.organisation.unit) == (f"a{ROUNDS - 1}", f"b{ROUNDS - 1}")
