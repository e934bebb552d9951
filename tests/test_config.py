"""Configuration, not code: the home, the shared scales and the vote server come from the
environment or a config file, and a bad file is one line naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessment import config
from assessment.cli import main
from assessment.data.scale import resolve_scale, scales_by_id
from assessment.document import workspace
from assessment.document.context import open_assessment
from assessment.errors import AssessmentError

from .conftest import TINY_SCALE


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Path:
    """A config file of our own, and no setting from the environment."""
    path = tmp_path / "etc" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    for variable in config.SETTINGS.values():
        monkeypatch.delenv(variable, raising=False)
    return path


@pytest.fixture
def programme_scales(tmp_path) -> Path:
    """A programme's shared folder holding its own scale, id 'tiny'."""
    folder = tmp_path / "programme-scales"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(TINY_SCALE, encoding="utf-8")
    return folder


def test_without_settings_the_home_is_in_the_users_home_folder(settings):
    assert workspace.home() == Path.home() / ".dialogue-workbook"
    assert config.shared_scale_dirs() == []
    assert config.vote_base_url() is None


def test_a_config_file_sets_the_home_and_its_relative_paths_start_beside_it(settings):
    settings.write_text('home = "workbooks/mine"\nscales = "/srv/scales"\n', encoding="utf-8")
    assert workspace.home() == settings.parent / "workbooks" / "mine"
    assert config.shared_scale_dirs() == [Path("/srv/scales")]


def test_the_environment_wins_over_the_file(settings, tmp_path, monkeypatch):
    settings.write_text('home = "/from/file"\n', encoding="utf-8")
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path / "from-env"))
    monkeypatch.setenv(config.SCALES_ENV, os.pathsep.join(["/a", "/b"]))
    assert workspace.home() == tmp_path / "from-env"
    assert config.shared_scale_dirs() == [Path("/a"), Path("/b")]


def test_the_users_file_wins_over_the_system_file(tmp_path, monkeypatch):
    monkeypatch.delenv(config.CONFIG_ENV)
    monkeypatch.delenv(config.HOME_ENV, raising=False)
    user, system = tmp_path / "user.toml", tmp_path / "system.toml"
    monkeypatch.setattr(config, "USER_CONFIG", user)
    monkeypatch.setattr(config, "SYSTEM_CONFIG", system)
    system.write_text(
        'home = "/system/home"\nvote_url = "https://hub.example.org/services/workshop"\n', encoding="utf-8"
    )
    assert workspace.home() == Path("/system/home")
    user.write_text('home = "/user/home"\n', encoding="utf-8")
    assert workspace.home() == Path("/user/home")
    assert config.vote_base_url() == "https://hub.example.org/services/workshop/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("home = \n", "not a valid TOML configuration: Invalid value (at line 1, column 8)"),
        ('colour = "red"\n', "unknown setting 'colour'; known: home, scales, vote_url, cache"),
        (
            'vote_url = "ftp://x"\n',
            "vote_url must be an http:// or https:// address such as "
            "https://hub.example.org/services/workshop/, not 'ftp://x'",
        ),
        ("scales = 3\n", "scales must be a folder or a list of folders, not 3"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_it(settings, text, message):
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(AssessmentError) as caught:
        config.workbook_home(), config.shared_scale_dirs(), config.vote_base_url()
    assert str(caught.value) == f"{settings}: {message}"


def test_the_cli_reports_a_bad_config_file_in_one_line(settings, capsys):
    settings.write_text("home = [\n", encoding="utf-8")
    assert main(["config"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {settings}: not a valid TOML configuration") and "\n" not in err


def test_assessment_config_says_where_each_setting_comes_from(settings, monkeypatch, capsys):
    settings.write_text('scales = ["/srv/scales"]\n', encoding="utf-8")
    monkeypatch.setenv(config.VOTE_URL_ENV, "http://127.0.0.1:9000/workshop")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"scales: /srv/scales  [{settings}]" in out
    assert f"vote_url: http://127.0.0.1:9000/workshop/  [{config.VOTE_URL_ENV}]" in out
    assert "home: " in out and "[default]" in out


def test_a_programmes_shared_scale_is_found_by_id(settings, programme_scales, tmp_path, capsys):
    settings.write_text(f'scales = ["{programme_scales.as_posix()}"]\n', encoding="utf-8")
    assert "tiny" in scales_by_id() and "some-dialogue" in scales_by_id()
    assert resolve_scale("tiny").languages == ["da", "en"]
    out = tmp_path / "kommune.json"
    assert main(["new", "--scale", "tiny", "--org", "Testkommune", "--out", str(out)]) == 0
    assert open_assessment(out).scale.id == "tiny"
    assert sorted(p.name for p in programme_scales.iterdir()) == ["tiny.yaml"]  # only ever read


def test_a_shipped_id_is_not_taken_over_by_a_shared_scale(settings, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "impostor.yaml").write_text(TINY_SCALE.replace("id: tiny", "id: some-dialogue"), encoding="utf-8")
    settings.write_text(f'scales = ["{shared.as_posix()}"]\n', encoding="utf-8")
    assert scales_by_id()["some-dialogue"].parent.name == "scales"


def test_an_unknown_id_names_a_shared_folder_that_is_missing(settings, tmp_path):
    settings.write_text(f'scales = ["{(tmp_path / "gone").as_posix()}"]\n', encoding="utf-8")
    with pytest.raises(
        AssessmentError, match=r"unknown scale 'tiny': .* \(the shared scale folder .*gone cannot be found\)"
    ):
        resolve_scale("tiny")


def test_the_vote_servers_address_is_one_setting_and_the_retired_variable_is_refused(settings, monkeypatch, capsys):
    monkeypatch.setenv(config.RETIRED_VOTE_ENV, "https://hub.example.org/services/vote/")
    message = (
        f"{config.RETIRED_VOTE_ENV} is no longer read: set {config.VOTE_URL_ENV} (or vote_url in the "
        "config file) to the vote server's public address instead"
    )
    with pytest.raises(AssessmentError) as caught:
        config.vote_base_url()
    assert str(caught.value) == message
    assert main(["workshop", "any.json"]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_the_workshop_command_takes_its_public_address_from_the_vote_url_setting(settings, example_copy):
    """`assessment workshop` (the notebook's button runs it too) reads the one setting: its
    links start with it and its routes live under its path."""
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.write_text(f'vote_url = "http://127.0.0.1:{port}/services/workshop"\n', encoding="utf-8")
    path = example_copy("hospital-da.json")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIALOGUE_WORKBOOK_", "JUPYTERHUB_"))}
    env[config.CONFIG_ENV] = str(settings)
    process = subprocess.Popen(
        [sys.executable, "-m", "assessment", "workshop", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = process.stdout.readline().strip()
        assert first.startswith(f"http://127.0.0.1:{port}/services/workshop/w/"), process.stderr.read()
        assert httpx.get(first, timeout=30).status_code == 200, "the join page answers at the configured path"
        assert httpx.get(first.replace("/services/workshop/", "/"), timeout=30).status_code == 404
    finally:
        process.terminate()
        assert process.wait(20) == 0
