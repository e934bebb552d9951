"""The set-up files agree with each other: one list of dependencies, in pyproject.toml."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from .conftest import REPO


def test_environment_yml_brings_python_pip_and_the_package_itself():
    env = YAML(typ="safe").load((REPO / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert any(str(d).startswith("python") for d in deps)
    assert "pip" in deps
    [pip_part] = [d for d in deps if isinstance(d, dict)]
    assert pip_part == {"pip": ["-e ."]}, "dependencies belong in pyproject.toml, not environment.yml"


def test_the_package_installs_the_assessment_command():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["assessment"] == "assessment.cli:main"
