"""The package as a user gets it: the wheel, installed into a fresh virtual environment,
used from a folder of the user's own with nothing of the source tree in reach.

Slow (about a minute: pip installs the dependencies from its cache); marked ``wheel``,
runs by default, ``-m "not wheel"`` leaves it out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from assessment import config

from .conftest import REPO
from .e2e.servers import Server, alive, free_port, wait_until

pytestmark = pytest.mark.wheel
INSTALL_TIMEOUT = 600


def _files(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` and when it last changed."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment (outside the repository) with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    dist, venv = root / "dist", root / "venv"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True,
        timeout=INSTALL_TIMEOUT,
        capture_output=True,
    )
    [wheel] = dist.glob("*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    # this environment's pip installs into the new one; its cache spares the network
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", str(wheel)],
        check=True,
        timeout=INSTALL_TIMEOUT,
        capture_output=True,
    )
    return venv


@pytest.fixture
def user(tmp_path, installed) -> tuple[Path, dict[str, str]]:
    """A user's own folder to work in, and an environment with a fresh home and nothing of
    the repository's: no virtual environment, no workbook settings, no PYTHONPATH."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIALOGUE_WORKBOOK", "JUPYTER", "JPY_", "VIRTUAL_ENV", "PYTHON")) and k != "ASSESSMENT"
    }
    env.update(
        HOME=str(home),
        PATH=f"{installed / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        **{config.CONFIG_ENV: str(home / "no-config.toml")},
    )
    env.pop("XDG_CACHE_HOME", None)
    return work, env


def _assessment(installed: Path, work: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(installed / "bin" / "assessment"), *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"assessment {' '.join(args)}: {done.stderr}"
    return done.stdout


def _serve(installed: Path, work: Path, env: dict[str, str], command: str, *args: str) -> Server:
    """``assessment COMMAND`` started from ``work`` on a free port, its output in a log beside it."""
    port, log = free_port(), work.parent / f"{command}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(installed / "bin" / "assessment"), command, "--port", str(port), *args],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(command, process, f"http://127.0.0.1:{port}/", log)


def test_the_installed_wheel_creates_reports_exports_and_serves_the_app(installed, user):
    work, env = user
    site = next((installed / "lib").glob("python*/site-packages"))
    assert (
        not (site / "assessment" / "__init__.py").is_symlink()
        and (site / "assessment" / "_data" / "notebooks").is_dir()
    )
    venv_before = _files(installed)

    _assessment(installed, work, env, "new", "--scale", "some-dialogue", "--org", "Fjordby Kommune", "--out", ".")
    _assessment(installed, work, env, "report", "fjordby-kommune.json", "--pdf", "fjordby.pdf")
    _assessment(installed, work, env, "export", "fjordby-kommune.json", "--html", "fjordby.html")
    assert (work / "fjordby.pdf").read_bytes().startswith(b"%PDF")
    html = (work / "fjordby.html").read_text(encoding="utf-8")
    assert "Fjordby Kommune" in html and "data:image/png;base64," in html

    app = _serve(installed, work, env, "app", "--no-browser")
    try:
        app.wait_until_answering("voila/api/themes/")
        with urllib.request.urlopen(app.url, timeout=120) as answer:
            status, page = answer.status, answer.read().decode("utf-8")
        app.kernels()
    finally:
        app.stop()
    assert status == 200
    assert "application/vnd.jupyter.widget-view+json" in page and "dmw-page" in page, "the app's page, run"
    assert not alive(app.process.pid)

    assert _files(installed) == venv_before, "nothing written into the installation"
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith(".")) == [
        "fjordby-kommune.json",
        "fjordby.html",
        "fjordby.pdf",
    ], "nothing but what was asked for in the working folder"
    assert (Path(env["HOME"]) / ".dialogue-workbook" / "assessments").is_dir(), "the app works in the user's home"


def test_the_installed_workbook_opens_lab_on_the_users_folder(installed, user):
    work, env = user
    lab = _serve(installed, work, env, "workbook", "--no-browser", *(["--allow-root"] if os.geteuid() == 0 else []))
    try:
        lab.wait_until_answering("api/status")
        wait_until(lambda: "01_start.ipynb" in lab.log.read_text(), 30, "Lab naming the start notebook")
    finally:
        lab.stop()
    folder = Path(env["HOME"]) / ".dialogue-workbook"
    assert sorted(p.name for p in folder.glob("*.ipynb"))[0] == "01_start.ipynb"
    assert f"{folder}: copied the workbook's 01_start.ipynb" in lab.log.read_text()
    assert list(work.iterdir()) == []
