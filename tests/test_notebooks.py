"""Every notebook runs top to bottom against a copy of each example and a new assessment on
the consultant's scale; committed notebooks carry no outputs.

One kernel per notebook: between assessments only ``$ASSESSMENT`` changes, as it would
between two automated runs, and the workbook opens the file it points at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from assessment.document import workspace
from assessment.document.context import create_assessment, open_assessment

from .conftest import EXAMPLES, REPO
from .uikit import CUSTOM_SCALE

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def test_the_workbook_has_its_six_steps_and_the_app():
    assert [p.name for p in NOTEBOOKS] == [
        "01_start.ipynb",
        "02_purpose.ipynb",
        "03_goals.ipynb",
        "04_dialogue.ipynb",
        "05_areas.ipynb",
        "06_summary.ipynb",
        "app.ipynb",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_have_no_outputs(notebook):
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{notebook.name}: clear the outputs"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(notebook):
    code = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    assert 1 <= len(code) <= 2 and all(len(c.source.splitlines()) <= 4 for c in code), "logic belongs in the package"


@pytest.fixture(scope="module")
def assessments(tmp_path_factory) -> list[Path]:
    """A private copy of every example, and a new assessment on the 4-level custom scale."""
    folder = tmp_path_factory.mktemp("assessments")
    copies = []
    for example in EXAMPLES:
        copies.append(folder / example.name)
        shutil.copy(example, copies[-1])
    custom = folder / "custom.json"
    create_assessment(custom, str(CUSTOM_SCALE), "Testkommune", "municipality", "en")
    return [*copies, custom]


def _run(notebook: Path, paths: list[Path], home: Path) -> list[list[dict]]:
    """Run the notebook once per assessment in one kernel; the code cells' outputs per run."""
    source = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        source, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    )
    runs = []
    with client.setup_kernel(env={**_env(), workspace.HOME_ENV: str(home), workspace.ASSESSMENT_ENV: str(paths[0])}):
        for path in paths:
            nb = nbformat.from_dict(json.loads(json.dumps(source)))
            nb.cells.insert(0, new_code_cell(f"import os\nos.environ[{workspace.ASSESSMENT_ENV!r}] = {str(path)!r}"))
            client.nb = nb
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            runs.append([out for cell in nb.cells[1:] if cell.cell_type == "code" for out in cell.outputs])
    return runs


def _env() -> dict[str, str]:
    """This process's environment without the workbook's own variables."""
    return {k: v for k, v in os.environ.items() if k not in (workspace.HOME_ENV, workspace.ASSESSMENT_ENV)}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_runs_for_every_example_and_the_custom_scale(notebook, assessments, tmp_path):
    before = {p: p.read_bytes() for p in EXAMPLES}
    runs = _run(notebook, assessments, tmp_path / "home")
    for path, outputs in zip(assessments, runs, strict=False):
        kinds = [out.output_type for out in outputs]
        assert "error" not in kinds, f"{notebook.name} on {path.name}"
        assert not [out for out in outputs if out.output_type == "stream" and out.name == "stderr"], path.name
        assert any(WIDGET in out.get("data", {}) for out in outputs), f"{notebook.name} shows no page for {path.name}"
        open_assessment(path)
    assert {p: p.read_bytes() for p in EXAMPLES} == before, "the shipped examples are never written"


def test_the_start_notebook_without_a_choice_works_on_a_copy_of_the_example(tmp_path):
    notebook = REPO / "notebooks" / "01_start.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    home = tmp_path / "home"
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute(env={**_env(), workspace.HOME_ENV: str(home)})
    assert (home / "assessments" / "hospital-da.json").exists()
    assert json.loads((home / "state.json").read_text())["current"].endswith("hospital-da.json")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_say_nothing_in_a_fixed_language(notebook):
    """The step's title and introduction come from the package, in the session's language;
    the notebook itself holds only its number and the keys that run it."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            words = re.findall(r"[^\W\d_]+", cell.source.replace("Shift", "").replace("Enter", ""))
            assert words == [], f"{notebook.name}: {words}"
