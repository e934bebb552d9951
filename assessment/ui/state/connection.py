"""The red line that says the page has lost its kernel, so what is typed now is not saved.

When the kernel dies (killed, out of memory) the server quietly starts a fresh one, but
the page keeps the old widgets, whose changes now reach nothing. So the kernel sends a
beat every :data:`BEAT` seconds, from a thread of its own (a long save or chart does not
hold it up), and the page shows the message across the top once no beat has come for
:data:`SILENCE` seconds, or at once when the page's widget manager marks the widgets
disconnected (it does when the server restarts the kernel); a beat hides it again.
What was saved before is safe on disk.

The page asks for the beats: it pings every :data:`BEAT` seconds, and the kernel beats only
while a ping came within :data:`HEARD` seconds. A kernel whose page was closed then falls
silent, so the server sees it idle and culls it (``voila.json``); beats of their own would
keep every abandoned kernel looking busy for ever.
"""

from __future__ import annotations

import threading
import time
import weakref

import anywidget
import traitlets as T

BEAT = 2.0  # seconds between beats
SILENCE = 7.0  # seconds without a beat before the page says the connection is lost
HEARD = 10.0  # seconds after the page's last ping that the kernel goes on beating

_ESM = """
export default {
  render({ model, el }) {
    const banner = document.createElement("div");
    banner.className = "dmw-connection-lost";
    banner.setAttribute("role", "alert");
    el.appendChild(banner);
    let last = Date.now();
    const draw = () => {
      banner.textContent = model.get("message");
      banner.hidden = Date.now() - last < model.get("silence") * 1000;
    };
    model.on("change:beat", () => { last = Date.now(); draw(); });
    model.on("change:message", draw);
    // The widget manager saw the kernel restart (or the connection come back): lost until a beat says otherwise.
    model.on("comm_live_update", () => { last = 0; draw(); });
    const timer = setInterval(draw, 1000);
    const ping = () => model.send({ ping: 1 });
    const pinger = setInterval(ping, model.get("every") * 1000);
    ping();
    draw();
    return () => { clearInterval(timer); clearInterval(pinger); };
  }
};
"""


class ConnectionWatch(anywidget.AnyWidget):
    """Hidden while the kernel beats; the localized ``message`` when the beats stop."""

    _esm = _ESM
    beat = T.Int(0).tag(sync=True)
    message = T.Unicode("").tag(sync=True)
    silence = T.Float(SILENCE).tag(sync=True)
    every = T.Float(BEAT).tag(sync=True)

    def __init__(self, message: str) -> None:
        super().__init__(message=message)
        self.add_class("dmw-connection")
        self.heard = time.monotonic()  # the page pings once drawn; until then, as if it just had
        self.on_msg(lambda _widget, content, _buffers: self._pinged(content))
        _watches.add(self)
        _start_beating()

    def _pinged(self, content: object) -> None:
        if isinstance(content, dict) and content.get("ping"):
            self.heard = time.monotonic()

    def listened(self) -> bool:
        """A page pinged lately: someone is there to be told the kernel lives."""
        return time.monotonic() - self.heard < HEARD


_watches: weakref.WeakSet[ConnectionWatch] = weakref.WeakSet()
_lock = threading.Lock()
_beating: list[threading.Thread] = []


def _beat_forever() -> None:
    """Tell every open watch a page pings, every :data:`BEAT` seconds, that this kernel lives."""
    while True:
        time.sleep(BEAT)
        for watch in list(_watches):
            if watch.comm is not None and watch.listened():  # not closed, and a page is there
                watch.beat += 1


def _start_beating() -> None:
    """One beating thread per kernel, started with the first watch."""
    with _lock:
        if not _beating:
            _beating.append(threading.Thread(target=_beat_forever, name="dmw-connection-beat", daemon=True))
            _beating[0].start()
