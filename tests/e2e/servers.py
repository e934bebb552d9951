"""The two servers a user meets, started for a test and stopped without leftovers.

The app is ``make app``'s command, ``assessment app`` (Voilà); the workshop route is
JupyterLab. Each runs on 127.0.0.1 at a free port, in its own process group, with its
own workbook home, Jupyter runtime folder and (for Lab) settings, so a test never touches
the user's files. Kernels are started by the server in sessions of their own: they are
found through ``/proc`` and killed by id if the server leaves any behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessment.document import workspace
from assessment.serve.jupyter import voila_options
from assessment.serve.voila_page import app_environment, page_options

from ..conftest import REPO

BIN = Path(sys.executable).parent
STARTUP = 120.0  # seconds for a server to answer on a busy two-core CI machine
STOP = 20.0  # seconds for a clean shutdown before everything left is killed


def free_port() -> int:
    """A port nothing listens on now (the kernel picks it when binding port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Every process descended from ``pid`` (Linux ``/proc``), nearest first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:.0f} s")
        time.sleep(0.1)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@dataclass
class Server:
    """A running server: its address, its log, and how to stop it."""

    name: str
    process: subprocess.Popen
    url: str  # with the trailing slash
    log: Path
    seen: set[int] = field(default_factory=set)  # every descendant ever seen, to be sure none is left

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def kernels(self) -> list[int]:
        """The ids of the server's kernel processes now."""
        found = [pid for pid in children(self.process.pid) if "ipykernel" in _command_line(pid)]
        self.seen.update(found)
        return found

    def kernel_of(self, kernel_id: str) -> int:
        """The process of the kernel ``kernel_id`` (its connection file is named after it);
        the app also keeps a kernel heated for the next page."""
        (found,) = [pid for pid in self.kernels() if kernel_id in _command_line(pid)]
        return found

    def answers(self, probe: str) -> bool:
        """Whether the server answers at ``probe`` (any HTTP status counts: it is up)."""
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(self.url + probe, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def wait_until_answering(self, probe: str, timeout: float = STARTUP) -> None:
        """Poll ``probe`` (a path that does not start a kernel) until the server answers."""
        try:
            wait_until(lambda: self.answers(probe), timeout, f"{self.name} answering at {self.url}")
        except AssertionError as exc:
            raise RuntimeError(f"{exc}\n{self.log_tail()}") from None

    def stop(self) -> None:
        """Terminate the process group, then kill whatever is left of it and its kernels."""
        self.seen.update(children(self.process.pid))
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP)
        try:
            wait_until(lambda: not any(alive(pid) for pid in self.seen), STOP, f"{self.name}'s kernels gone")
        except AssertionError:
            for pid in self.seen:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)

    def kernel_ready(self, notebook: str) -> bool:
        """JupyterLab: a browser is connected to the idle kernel of ``notebook``."""
        with urllib.request.urlopen(self.url + "api/sessions", timeout=5) as answer:
            sessions = json.load(answer)
        return any(
            s["path"].endswith(notebook)
            and s["kernel"]["execution_state"] == "idle"
            and s["kernel"].get("connections", 0) > 0
            for s in sessions
        )

    def kill(self) -> None:
        """SIGKILL the server itself, as a crash would (its kernels see their parent go)."""
        self.seen.update(children(self.process.pid))
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(STOP)


def _environment(home: Path, private: Path) -> dict[str, str]:
    """The user's environment with a private workbook home and private Jupyter folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.pop(workspace.ASSESSMENT_ENV, None)
    env[workspace.HOME_ENV] = str(home)
    env["JUPYTER_RUNTIME_DIR"] = str(private / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(private / "config")
    env["JUPYTER_DATA_DIR"] = str(private / "data")
    env["IPYTHONDIR"] = str(private / "ipython")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _launch(
    name: str, command: list[str], home: Path, private: Path, *, cwd: Path, extra_env: dict[str, str] | None = None
) -> Server:
    private.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = private / f"{name}.log"
    env = {**_environment(home, private), **(extra_env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, f"--port={port}"],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Server(name, process, f"http://127.0.0.1:{port}/", log)


def _answering(server: Server, probe: str) -> Server:
    try:
        server.wait_until_answering(probe)
    except BaseException:
        server.stop()
        raise
    return server


def start_app(home: Path, private: Path) -> Server:
    """``assessment app`` (Voilà on the app notebook), as ``make app`` starts it, answering on 127.0.0.1."""
    server = _launch("voila", [str(BIN / "assessment"), "app", "--no-browser"], home, private, cwd=REPO)
    return _answering(server, "voila/api/themes/")  # the page itself would start a kernel


#: JupyterLab settings for a test: no autosave (the copy of the notebooks stays as it was
#: opened), no news or update pop-ups over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def start_lab(home: Path, private: Path, notebooks: Path, *, assessment: Path | None = None) -> Server:
    """JupyterLab without token or password, serving ``notebooks`` (a copy of the workbook's);
    ``assessment`` is what ``$ASSESSMENT`` points at."""
    settings = private / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    server = _launch(
        "jupyterlab",
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={notebooks}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={private / 'workspaces'}",
            *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
            *voila_options(),
            *page_options(heated=False),  # as `assessment workbook` starts it
        ],
        home,
        private,
        cwd=notebooks,
        extra_env={
            **({workspace.ASSESSMENT_ENV: str(assessment)} if assessment else {}),
            "JUPYTER_PATH": app_environment({})["JUPYTER_PATH"],
        },
    )
    return _answering(server, "api/status")
