"""Where the vote server listens and the address phones use to reach it.

Loopback (127.0.0.1) unless the consultant lets phones on the network join (host
``0.0.0.0``): then the join address names this machine's address on the local network.
Behind a proxy (such as the hub's workshop service) the public base URL is given instead
(``--base-url``, or the ``vote_url`` setting read by :func:`assessment.config.vote_base_url`),
and its path is where the routes live.

A running server leaves a note beside the assessment (``.NAME.json.workshop``: its
address and process id), so the consultant's notebook can show a workshop started from
the command line, or by another notebook, instead of starting a second one.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import AssessmentError
from ..files.writing import write_atomically

LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"


@dataclass(frozen=True)
class ServerConfig:
    """How one vote server runs: where it listens, its public address, survey or live."""

    host: str = LOOPBACK
    port: int = 0  # 0: any free port
    base_url: str | None = None  # public address of the routes, when a proxy stands in front
    survey: bool = False
    until: datetime | None = None
    new_link: bool = False  # a new join link and code (the old ones stop working)
    k: int | None = None  # the room's k rule, when the consultant sets it here
    watch_stdin: bool = False  # stop when standard input closes: the notebook that started it has gone

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise AssessmentError(f"--port: {self.port} is not a port number (0–65535)")
        if self.k is not None and not 1 <= self.k <= 100:
            raise AssessmentError(
                f"--k: {self.k} must be between 1 and 100 (people who must vote before a spread is shown)"
            )
        if self.until is not None and not self.survey:
            raise AssessmentError("--until: a deadline belongs to a survey; add --survey")
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                raise AssessmentError(
                    f"--base-url: '{self.base_url}' is not an http(s) address such as "
                    "https://hub.example.org/services/vote/"
                )

    @property
    def prefix(self) -> str:
        """The path every route lives under: ``/``, or the base URL's path (``/services/vote/``)."""
        if not self.base_url:
            return "/"
        path = urlsplit(self.base_url).path
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    def public_base(self, port: int) -> str:
        """The address phones use, ending in ``/``."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/"
        host = lan_address() if self.host in {EVERYWHERE, "", "::"} else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"


def lan_address() -> str:
    """This machine's address on the local network (the one its default route uses); no packet
    is sent. Without a network, loopback: the room then has to use the laptop itself."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only used to pick an interface
            address = probe.getsockname()[0]
            if not address.startswith("0."):
                return address
    except OSError:
        pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return LOOPBACK


def beacon_path(assessment: Path) -> Path:
    return assessment.with_name(f".{assessment.name}.workshop")


def write_beacon(assessment: Path, url: str, run: str) -> None:
    note = {"url": url, "pid": os.getpid(), "run": run}
    write_atomically(beacon_path(assessment), json.dumps(note).encode("utf-8"))


def read_beacon(assessment: Path) -> dict[str, object] | None:
    """The running server's note, or None when there is none or its process has gone."""
    try:
        note = json.loads(beacon_path(assessment).read_text(encoding="utf-8"))
        pid, url, run = int(note["pid"]), str(note["url"]), str(note["run"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {"url": url, "pid": pid, "run": run} if _alive(pid) else None


def remove_beacon(assessment: Path, run: str) -> None:
    note = read_beacon(assessment)
    if note is None or note["run"] == run:
        beacon_path(assessment).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
