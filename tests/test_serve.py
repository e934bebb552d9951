"""The workbook's notebooks in the user's folder, and the servers started from the package:
a user's own changes are never overwritten, and voila.json reaches Voilà however it runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from assessment.cli import main
from assessment.data.paths import notebooks_dir
from assessment.serve import jupyter, notebooks
from assessment.serve.notebooks import MANIFEST, fingerprint, install_notebooks

from .uikit import home  # noqa: F401

SHIPPED = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))


def _edit(path: Path, source: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = source
    path.write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped notebooks standing in for the installed package, to upgrade."""
    folder = tmp_path / "package-notebooks"
    folder.mkdir()
    for name in SHIPPED:
        (folder / name).write_bytes((notebooks_dir() / name).read_bytes())
    monkeypatch.setattr(notebooks, "notebooks_dir", lambda: folder)
    return folder


def test_first_use_copies_every_notebook_and_leaves_the_users_files_alone(shipped, tmp_path):
    folder = tmp_path / "workbook"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    done = install_notebooks(folder)
    assert done.copied == SHIPPED and not (done.updated or done.kept or done.removed)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*SHIPPED, MANIFEST, "notes.txt"])
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert install_notebooks(folder).lines(folder) == [], "nothing to say when all is up to date"


def test_running_a_notebook_is_not_changing_it(shipped, tmp_path):
    install_notebooks(tmp_path)
    nb = json.loads((tmp_path / "01_start.ipynb").read_text(encoding="utf-8"))
    nb["cells"][-1].update(outputs=[{"output_type": "stream", "name": "stdout", "text": "hej"}], execution_count=3)
    nb["metadata"]["widgets"] = {"state": {}}
    (tmp_path / "01_start.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    _edit(shipped / "01_start.ipynb", "from assessment.ui.steps import start\n\nstart.show()  # new version")
    assert install_notebooks(tmp_path).updated == ["01_start.ipynb"]
    assert fingerprint(tmp_path / "01_start.ipynb") == fingerprint(shipped / "01_start.ipynb")


def test_an_upgrade_replaces_unchanged_copies_and_keeps_a_changed_one(shipped, tmp_path):
    install_notebooks(tmp_path)
    _edit(tmp_path / "02_purpose.ipynb", "print('my own cell')")
    for name in ("01_start.ipynb", "02_purpose.ipynb"):
        _edit(shipped / name, f"# version 2 of {name}")
    done = install_notebooks(tmp_path)
    assert done.updated == ["01_start.ipynb"] and done.kept == ["02_purpose.ipynb"]
    assert "version 2" in (tmp_path / "01_start.ipynb").read_text(encoding="utf-8")
    assert "my own cell" in (tmp_path / "02_purpose.ipynb").read_text(encoding="utf-8")
    assert f"{tmp_path / '02_purpose.ipynb'}: kept your changed copy" in "\n".join(done.lines(tmp_path))
    assert install_notebooks(tmp_path).kept == ["02_purpose.ipynb"], "still kept at the next start"
    (tmp_path / "02_purpose.ipynb").rename(tmp_path / "my-purpose.ipynb")
    assert install_notebooks(tmp_path).copied == ["02_purpose.ipynb"], "renamed away: the new version arrives"


def test_a_notebook_no_longer_shipped_goes_only_if_unchanged(shipped, tmp_path):
    install_notebooks(tmp_path)
    _edit(tmp_path / "04_dialogue.ipynb", "print('mine now')")
    (shipped / "03_goals.ipynb").unlink()
    (shipped / "04_dialogue.ipynb").unlink()
    done = install_notebooks(tmp_path)
    assert done.removed == ["03_goals.ipynb"]
    assert not (tmp_path / "03_goals.ipynb").exists() and (tmp_path / "04_dialogue.ipynb").exists()


def test_a_users_own_file_of_the_same_name_is_never_overwritten(shipped, tmp_path):
    (tmp_path / "01_start.ipynb").write_text("not even a notebook", encoding="utf-8")
    assert install_notebooks(tmp_path).kept == ["01_start.ipynb"]
    assert (tmp_path / "01_start.ipynb").read_text(encoding="utf-8") == "not even a notebook"


def test_voila_json_reaches_the_voila_app_and_a_jupyter_server(tmp_path):
    from jupyter_server.serverapp import ServerApp
    from voila.app import Voila

    expected = json.loads((notebooks_dir().parent / "voila.json").read_text(encoding="utf-8"))
    timeout = expected["VoilaExecutor"]["iopub_timeout"]
    voila = Voila()
    voila.parse_command_line(jupyter.app_command(port=8866, host="127.0.0.1", browser=False)[3:])
    server = ServerApp()
    server.parse_command_line(jupyter.singleuser_command(tmp_path, [])[3:])
    for app in (voila, server):
        assert int(app.config.VoilaExecutor.iopub_timeout) == timeout


def test_a_hubs_kernel_timeout_replaces_the_shipped_one_and_the_server_accepts_it(tmp_path):
    """A server refuses a setting given twice; the programme's hub settings win over voila.json."""
    from jupyter_server.serverapp import ServerApp

    hub_args = ["--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300"]
    command = jupyter.singleuser_command(tmp_path, hub_args)
    assert [o for o in command if "cull_idle_timeout" in o] == ["--MappingKernelManager.cull_idle_timeout=3600"]
    server = ServerApp()
    server.parse_command_line(command[3:])
    assert int(server.config.MappingKernelManager.cull_idle_timeout) == 3600


def test_the_app_listens_on_this_computer_only_unless_asked_and_then_with_a_token():
    local = jupyter.app_command(port=8866, host="127.0.0.1", browser=False)
    assert "--Voila.ip=127.0.0.1" in local and "--token" not in local
    assert "--token" in jupyter.app_command(port=8866, host="0.0.0.0", browser=False)
    assert local[:3] == [sys.executable, "-m", "voila"] and local[3].endswith("app.ipynb")


def test_assessment_workbook_prepares_the_folder_and_starts_lab_at_the_start_notebook(shipped, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(jupyter, "run", lambda command, env=None: started.append((command, env)) or 0)
    monkeypatch.setenv("ASSESSMENT", "files/mine.json")
    monkeypatch.chdir(tmp_path)
    assert main(["workbook", str(tmp_path / "wb"), "--no-browser", "--allow-root", "--port", "9999"]) == 0
    [(command, env)] = started
    assert command[1:4] == ["-m", "jupyterlab", str(tmp_path / "wb" / "01_start.ipynb")]
    assert {f"--ServerApp.root_dir={tmp_path / 'wb'}", "--no-browser", "--allow-root", "--port=9999"} <= set(command)
    assert env["ASSESSMENT"] == str(tmp_path / "files" / "mine.json"), "a relative path is taken from where the user is"
    assert sorted(p.name for p in (tmp_path / "wb").glob("*.ipynb")) == SHIPPED


def test_a_port_out_of_range_is_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["app", "--port", "70000"])
    assert "'70000' is not a port number (1-65535)" in capsys.readouterr().err


def test_singleuser_without_jupyterhub_says_what_to_install(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(jupyter, "run", lambda command, env=None: pytest.fail("started a server"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jupyterhub" else real(name, *a))
    assert main(["singleuser"]) == 2
    assert capsys.readouterr().err == (
        "error: singleuser: JupyterHub is not installed here; pip install 'dialogue-maturity-workbook[hub]'\n"
    )


def test_the_app_page_is_named_in_the_remembered_language_and_heated_only_on_this_computer(home):
    from assessment.document import workspace
    from assessment.serve import voila_page

    workspace.remember(workspace.copy_example("national-body-nb.json", fresh=False), "nb")
    assert voila_page.page_words() == {
        "lang": "nb",
        "title": "Dialogmodenhet · arbeidsbok",
        "loading": "Arbeidsboken åpnes …",
    }
    here = jupyter.app_command(port=8866, host="127.0.0.1", browser=False)
    away = jupyter.app_command(port=8866, host="0.0.0.0", browser=False)
    for command in (here, away):
        assert "--VoilaConfiguration.template=workbook" in command
        assert "--TemplateExporter.filters=dmw_page=assessment.serve.voila_page.page_words" in command
    assert "--VoilaConfiguration.preheat_kernel=True" in here
    assert not [o for o in away if "preheat" in o], "Voilà tells a waiting kernel the request, token and all, unguarded"
    lab = jupyter.lab_command(Path("wb"), port=None, browser=False, allow_root=False)
    assert "--VoilaConfiguration.template=workbook" in lab and not [o for o in lab if "preheat" in o]
    assert (voila_page.JUPYTER_DATA / "voila" / "templates" / "workbook" / "index.html.j2").is_file()


def test_a_kernel_heated_in_advance_waits_for_its_page_before_it_reads_the_workbook(monkeypatch):
    import voila.utils

    from assessment.serve import voila_page

    asked: list[str] = []
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: asked.append("page"))
    monkeypatch.delenv(voila_page.PREHEATED, raising=False)
    voila_page.wait_for_page()
    assert asked == [], "a kernel started for a page does not wait"
    monkeypatch.setenv(voila_page.PREHEATED, "True")
    voila_page.wait_for_page()
    assert asked == ["page"]
