"""Nothing lost: a process killed while saving, two sessions on one file, a disk that refuses.

The figure for the closing note: KILLS processes killed (SIGKILL) at random points while
saving, each followed by a check that the file is whole and no older than before.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import re
import signal
import time
from pathlib import Path

import pytest
from filelock import FileLock

from assessment.document import store
from assessment.document.store import AssessmentFile, backup_path, load
from assessment.document.workspace import assessments_in
from assessment.errors import ConflictError, SaveFailed
from assessment.files import writing

KILLS = 40
VERSION = re.compile(r"^Version (\d+)$")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def keep_saving(path: Path, ready) -> None:
    """The doomed process: saves new versions of the file as fast as it can, each of a
    different size (up to about 1 MB), until it is killed."""
    try:
        handle = AssessmentFile(path)
        doc = handle.load()
        match = VERSION.match(doc.organisation.name)
        version = int(match.group(1)) if match else 0
        ready.set()
        while True:
            version += 1
            doc.organisation.name = f"Version {version}"
            for i, rating in enumerate(doc.ratings):
                rating.notes = f"{version}:" + "æ" * ((version * 7919 + i * 104_729) % 99_000)
            handle.save(doc)
    finally:
        os._exit(0)


def version_of(path: Path) -> int:
    """The version in a file that must load, checked to be one whole save, not a mix of two."""
    doc = load(path)
    match = VERSION.match(doc.organisation.name)
    version = int(match.group(1)) if match else 0
    if version:
        assert all(r.notes.startswith(f"{version}:") for r in doc.ratings), "parts of two versions in one file"
    return version


def test_a_process_killed_at_random_points_while_saving_leaves_a_whole_file(example_copy):
    path = example_copy("hospital-da.json")
    folder = path.parent
    context = multiprocessing.get_context("fork")
    rng = random.Random(20261122)
    last, debris, landed_mid_save, started = 0, set(), 0, time.monotonic()
    for _ in range(KILLS):
        ready = context.Event()
        saver = context.Process(target=keep_saving, args=(path, ready))
        saver.start()
        assert ready.wait(10), "the saving process did not start"
        time.sleep(rng.uniform(0, 0.08))
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
        assert saver.exitcode == -signal.SIGKILL
        version = version_of(path)  # raises if the file were truncated or half-written
        assert version >= last, "an older version came back"
        last = version
        if backup_path(path).exists():
            version_of(backup_path(path))
        left = {p for p in folder.iterdir() if p.name.endswith(".tmp")}
        landed_mid_save += bool(left - debris)  # a new temporary file: killed while writing
        debris = left
        assert all(p.name.startswith(".") for p in debris), "temporary files are hidden"
        assert len(debris) <= 2, "the next save clears what a killed save left behind"
        assert sorted(folder.glob("*.json")) == [path] and assessments_in(folder) == [path]
    assert last > KILLS, "the processes saved between kills"
    assert landed_mid_save > 0, "at least one kill hit the middle of a save"
    assert time.monotonic() - started < 20


def test_a_stale_lock_from_a_killed_process_does_not_block_the_next_save(example_copy):
    path = example_copy("hospital-da.json")
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    saver = context.Process(target=keep_saving, args=(path, ready))
    saver.start()
    assert ready.wait(10)
    time.sleep(0.05)
    saver.kill()
    saver.join()
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.organisation.name = "After the crash"
    handle.save(doc)
    assert load(path).organisation.name == "After the crash"


CHANGED_ON_DISK = (
    "{path}: changed on disk since you opened it (another session saved it); "
    "reload to see the other answers, or save yours as a copy"
)


def test_the_second_of_two_sessions_is_told_and_may_reload_keep_its_own_or_save_a_copy(example_copy):
    path = example_copy("hospital-da.json")
    first, second = AssessmentFile(path), AssessmentFile(path)
    mine, theirs = first.load(), second.load()
    mine.organisation.name = "Saved first"
    first.save(mine)
    on_disk = path.read_bytes()
    theirs.organisation.name = "Saved second"
    with pytest.raises(ConflictError) as caught:
        second.save(theirs)
    assert str(caught.value) == CHANGED_ON_DISK.format(path=path)
    assert path.read_bytes() == on_disk
    assert theirs.organisation.name == "Saved second", "the answers stay in memory"

    copy = path.with_name("hospital-da-kopi.json")
    AssessmentFile(copy).save(theirs)
    assert load(copy).organisation.name == "Saved second" and load(path).organisation.name == "Saved first"

    second.save(theirs, overwrite=True)
    assert load(path).organisation.name == "Saved second"
    with pytest.raises(ConflictError):
        first.save(mine)
    reloaded = first.load()
    assert reloaded.organisation.name == "Saved second"
    reloaded.workshop.place = "Efter genindlæsning"
    first.save(reloaded)
    assert load(path).workshop.place == "Efter genindlæsning"


def refuse(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    "where, code",
    [
        ("tempfile.mkstemp", errno.EACCES),  # a read-only folder: no temporary file can be made
        ("tempfile.mkstemp", errno.EROFS),
        ("os.fsync", errno.EIO),
        ("os.replace", errno.ENOSPC),  # the disk filled up while writing
        ("shutil.copyfileobj", errno.ENOSPC),  # full before the backup was complete
    ],
)
def test_a_save_the_disk_refuses_says_so_and_keeps_the_answers_in_memory(example_copy, monkeypatch, where, code):
    path = example_copy("hospital-da.json")
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.ratings[0].notes = "Svaret fra workshoppen, som ikke må gå tabt"
    before_doc, before_file = doc.model_copy(deep=True), path.read_bytes()
    module, name = where.split(".")
    monkeypatch.setattr(getattr(writing, module), name, refuse(code))
    with pytest.raises(SaveFailed) as caught:
        handle.save(doc)
    assert str(caught.value) == (
        f"{path}: could not save ({os.strerror(code)}); your answers are kept in memory, "
        "fix the problem or save as another file"
    )
    assert doc == before_doc and path.read_bytes() == before_file
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    handle.save(doc)  # once the problem is fixed, the same answers save
    assert load(path).ratings[0].notes == "Svaret fra workshoppen, som ikke må gå tabt"


def test_a_session_that_cannot_get_the_lock_is_told_to_try_again(example_copy, monkeypatch):
    path = example_copy("hospital-da.json")
    handle = AssessmentFile(path)
    doc = handle.load()
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.1)
    with (
        FileLock(store._lock_path(path)),
        pytest.raises(SaveFailed, match=r"another session has been saving for 0.1 s; not saved, try again$"),
    ):
        handle.save(doc)
    handle.save(doc)
