"""The Jupyter servers the workbook runs in, started from the installed package: JupyterLab
on the user's workbook folder, the app in Voilà, and a JupyterHub user's server.

Each is started as ``python -m …`` with this interpreter, so a ``pipx`` install, whose
environment is not on the user's ``PATH``, finds its own Jupyter. ``voila.json``, shipped
with the package, is passed to every one of them as options, so the app gets the same
settings whether Voilà serves it alone or inside a Jupyter server (a hub's, Lab's preview).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import config
from ..data.paths import notebooks_dir, voila_config
from ..document.workspace import ASSESSMENT_ENV
from ..errors import AssessmentError
from .notebooks import START, install_notebooks
from .voila_page import app_environment, page_options

APP_NOTEBOOK = "app.ipynb"


def voila_options() -> list[str]:
    """``voila.json`` as ``--Class.trait=value`` options."""
    path = voila_config()
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AssessmentError(f"{path}: cannot read the Voilà settings: {exc}") from None
    return [
        f"--{section}.{name}={value if isinstance(value, str) else json.dumps(value)}"
        for section, values in settings.items()
        for name, value in values.items()
    ]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare(folder: Path) -> Path:
    """The workbook folder with the notebooks up to date; tells the user what changed."""
    folder = folder.expanduser().resolve()
    for line in install_notebooks(folder).lines(folder):
        print(line, flush=True)
    return folder


def lab_command(folder: Path, *, port: int | None, browser: bool, allow_root: bool) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        str(folder / START),
        f"--ServerApp.root_dir={folder}",
        *([f"--port={port}"] if port else []),
        *([] if browser else ["--no-browser"]),
        *(["--allow-root"] if allow_root else []),
        *voila_options(),
        *page_options(heated=False),
    ]


def app_command(*, port: int, host: str, browser: bool) -> list[str]:
    """Voilà on the shipped app notebook; away from this computer only with a token."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebooks_dir() / APP_NOTEBOOK),
        f"--port={port}",
        f"--Voila.ip={host}",
        *([] if browser else ["--no-browser"]),
        *([] if is_loopback(host) else ["--token"]),
        *voila_options(),
        *page_options(heated=is_loopback(host)),
    ]


def singleuser_command(folder: Path, server_args: Sequence[str]) -> list[str]:
    """The hub's arguments win over the shipped ``voila.json`` (a server refuses a setting
    given twice, e.g. the kernels' idle timeout a programme sets for its hub)."""
    return [
        sys.executable,
        "-m",
        "jupyterhub.singleuser",
        f"--ServerApp.root_dir={folder}",
        *last_wins([*voila_options(), *page_options(heated=False), *server_args]),
    ]


def last_wins(options: Sequence[str]) -> list[str]:
    """``--Class.trait=value`` options with only the last of each trait kept, in order."""

    def trait(option: str) -> str:
        return option.split("=", 1)[0] if option.startswith("--") else option

    last = {trait(o): i for i, o in enumerate(options)}
    return [o for i, o in enumerate(options) if last[trait(o)] == i or not o.startswith("--")]


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    """Become the server (POSIX: the process is replaced, so a hub's or a terminal's signals
    reach the server itself); elsewhere run it and pass on its exit code."""
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(command[0], command, env or dict(os.environ))
    return subprocess.call(command, env=env)


def workbook(folder: Path | None, *, port: int | None, browser: bool, allow_root: bool) -> int:
    """JupyterLab at the start notebook of the workbook folder (the workbook home by default)."""
    folder = prepare(folder or config.workbook_home())
    env = dict(os.environ)
    if env.get(ASSESSMENT_ENV, "").strip():  # a relative path means from here, not from the workbook folder
        env[ASSESSMENT_ENV] = str(Path(env[ASSESSMENT_ENV]).expanduser().resolve())
    return run(lab_command(folder, port=port, browser=browser, allow_root=allow_root), app_environment(env))


def app(*, port: int, host: str, browser: bool) -> int:
    return run(app_command(port=port, host=host, browser=browser), app_environment(dict(os.environ)))


def singleuser(server_args: Sequence[str]) -> int:
    """A JupyterHub user's server on their workbook home, the notebooks refreshed first."""
    if importlib.util.find_spec("jupyterhub") is None:
        raise AssessmentError(
            "singleuser: JupyterHub is not installed here; pip install 'dialogue-maturity-workbook[hub]'"
        )
    return run(singleuser_command(prepare(config.workbook_home()), server_args), app_environment(dict(os.environ)))
