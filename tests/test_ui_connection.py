"""The page says when it has lost its kernel: the warning travels with the header in the
assessment's language, and the kernel beats while it lives (the page's sign that it does)."""

from __future__ import annotations

import time

import pytest

from assessment.data.i18n import t
from assessment.ui.app import App
from assessment.ui.state import connection
from assessment.ui.state.connection import BEAT, ConnectionWatch
from assessment.ui.widgets.view import Header

from .uikit import choose, custom_session, example_session, one


@pytest.mark.parametrize(
    "lang, opening",
    [
        ("da", "Forbindelsen til arbejdsbogen er afbrudt."),
        ("nb", "Forbindelsen til arbeidsboken er brutt."),
        ("en", "The connection to the workbook is lost."),
    ],
)
def test_the_header_carries_the_warning_in_the_assessments_language(tmp_path, lang, opening):
    s = example_session(tmp_path)
    s.doc.language = lang
    watch = one(Header(s).box, "dmw-connection")
    assert watch.message == t(lang, "ui.connection.lost")
    assert watch.message.startswith(opening)


def test_the_warning_follows_a_change_of_language(tmp_path):
    s = custom_session(tmp_path, "da")
    header, app = Header(s), App(s)
    choose(one(app.box, "dmw-language"), "English")
    assert one(header.box, "dmw-connection").message == t("en", "ui.connection.lost")


def test_the_kernel_beats_every_few_seconds():
    watch = ConnectionWatch("lost")
    first, deadline = watch.beat, time.monotonic() + 3 * BEAT
    while watch.beat == first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watch.beat > first


def test_a_kernel_whose_page_stopped_pinging_falls_silent_so_it_can_be_culled(monkeypatch):
    watch = ConnectionWatch("lost")
    watch._pinged({"ping": 1})
    assert watch.listened()
    monkeypatch.setattr(connection, "HEARD", 0.0)  # as if the page's last ping were long ago
    assert not watch.listened()
    beat = watch.beat
    time.sleep(2.5 * BEAT)
    assert watch.beat == beat, "no page, no beats: the server sees the kernel idle"
