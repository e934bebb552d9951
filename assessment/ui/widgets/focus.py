"""What the page tells the kernel about the cursor, and where the kernel asks it to go.

Widgets say nothing about focus, so one small widget per page listens for it: when the
cursor enters a field, the kernel holds back document values for that field (a save
elsewhere must not overwrite what is being typed); when it leaves, what was typed is
saved at once and the field's message may show. The other way, the kernel moves the
cursor into a row just added, and a step opened from its tab or its "Videre" button
starts at its top instead of where the last step was scrolled to.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import anywidget

from .fields import LIVE, Field

_ESM = """
export default {
  render({ model, el }) {
    const page = () => el.closest(".dmw-page") || document.body;
    const uid = (target) => {
      const host = target && target.closest ? target.closest("[class*='dmw-f']") : null;
      if (!host || !page().contains(host)) return null;
      return Array.from(host.classList).find(c => /^dmw-f[0-9]+$/.test(c)) || null;
    };
    const report = (event) => (e) => { const id = uid(e.target); if (id) model.send({ event, field: id }); };
    const focusin = report("focus"), focusout = report("blur");
    // A step switched (its tab, or the "Videre" button that asks the kernel): show its top.
    const current = () => {
      const tabs = page().querySelectorAll(".dmw-tabs > .lm-TabBar .lm-TabBar-tab, .dmw-tabs > .p-TabBar .p-TabBar-tab");
      return Array.from(tabs).findIndex(t => t.classList.contains("lm-mod-current") || t.classList.contains("p-mod-current"));
    };
    const click = (e) => {
      const t = e.target;
      if (!t || !t.closest || !page().contains(t)) return;
      if (!t.closest(".dmw-tabs > .lm-TabBar, .dmw-tabs > .p-TabBar, [class*='dmw-next-step-']")) return;
      const before = current();
      let tries = 0;
      const wait = () => {
        if (current() !== before) {
          const tabs = page().querySelector(".dmw-tabs");
          if (tabs) tabs.scrollIntoView({ block: "start" });
        } else if (++tries < 100) setTimeout(wait, 30);
      };
      setTimeout(wait, 0);
    };
    document.addEventListener("focusin", focusin, true);
    document.addEventListener("focusout", focusout, true);
    document.addEventListener("click", click, true);
    // The kernel's requests: move the cursor into a field once it is drawn.
    const onMessage = (msg) => {
      if (!msg || !msg.focus) return;
      let tries = 0;
      const attempt = () => {
        const host = page().querySelector("." + msg.focus);
        const input = host && host.querySelector("input, textarea, select, button");
        if (input && input.offsetParent !== null) { input.focus(); return; }
        if (++tries < 100) setTimeout(attempt, 30);
      };
      attempt();
    };
    model.on("msg:custom", onMessage);
    return () => {
      document.removeEventListener("focusin", focusin, true);
      document.removeEventListener("focusout", focusout, true);
      document.removeEventListener("click", click, true);
      model.off("msg:custom", onMessage);
    };
  }
};
"""

_UID = re.compile(r"^dmw-f\d+$")


class FocusWatch(anywidget.AnyWidget):
    """Invisible; one per page (in its header)."""

    _esm = _ESM

    def __init__(self) -> None:
        super().__init__()
        self.add_class("dmw-focus-watch")
        self.on_msg(self._message)
        _watches.add(self)

    def _message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        field = LIVE.get(str(content.get("field", ""))) if _UID.match(str(content.get("field", ""))) else None
        if field is None:
            return
        if content.get("event") == "focus":
            field.focused = True
        elif content.get("event") == "blur":
            field.left()


_watches: weakref.WeakSet[FocusWatch] = weakref.WeakSet()


def move_to(field: Field) -> None:
    """Put the cursor into ``field`` (a row just added), on every page showing it."""
    for watch in list(_watches):
        if watch.comm is not None:
            watch.send({"focus": field.uid})
