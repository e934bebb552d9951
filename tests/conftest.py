"""Shared fixtures: a tiny scale written by hand, and copies of the shipped examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.json"))

TINY_SCALE = """\
format: dialogue-maturity-scale/1
id: tiny
version: "0.1"
languages: [da, en]
name: {da: Lille skala, en: Tiny scale}
description: {da: En skala til test, en: A scale for tests}
dialogue_question: {da: Hvor er I?, en: Where are you?}
levels:
  - level: 1
    name: {da: Informere, en: Inform}
    summary: {da: Envejs, en: One-way}
    platform: {da: Lukket for kommentarer, en: Comments closed}
    content: {da: Nyheder, en: News}
    organisation: {da: Kommunikation alene, en: Communications alone}
    examples: {hospital: {da: Et opslag, en: A post}}
  - level: 2
    name: {da: Svare, en: Answer}
    summary: {da: Svarer på spørgsmål, en: Answers questions}
    platform: {da: Åben for kommentarer, en: Comments open}
    content: {da: Spørgsmål og svar, en: Questions and answers}
    organisation: {da: Svar inden for et døgn, en: Answers within a day}
    examples: {hospital: {da: Et svar, en: An answer}}
  - level: 3
    name: {da: Inddrage, en: Involve}
    summary: {da: Brugerne er med, en: Users take part}
    platform: {da: Lukket gruppe, en: Closed group}
    content: {da: Spørgsmål til brugerne, en: Questions to users}
    organisation: {da: Afdelingen driver det, en: The department runs it}
    examples: {hospital: {da: En gruppe, en: A group}}
    caveat: {da: Pas på personfølsomme oplysninger, en: Mind sensitive personal data}
areas:
  - id: purpose
    name: {da: Formål, en: Purpose}
    question: {da: Hvorfor?, en: Why?}
    guidance: {da: Spørg bredt, en: Ask widely}
    descriptors:
      1: {da: Uklart, en: Unclear}
      2: {da: Nedskrevet, en: Written down}
      3: {da: Styrer arbejdet, en: Steers the work}
  - id: content
    name: {da: Indhold, en: Content}
    question: {da: Hvad?, en: What?}
    guidance: {da: Se på opslag, en: Look at posts}
    descriptors:
      1: {da: Tilfældigt, en: Random}
      2: {da: Planlagt, en: Planned}
      3: {da: Skabt med brugerne, en: Made with users}
"""


@pytest.fixture
def tiny_scale(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_SCALE, encoding="utf-8")
    return path


@pytest.fixture
def example_copy(tmp_path: Path):
    """A function giving a private copy of a shipped example, safe to change."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(REPO / "examples" / name, target)
        return target

    return copy


@pytest.fixture(autouse=True, scope="session")
def private_data_cache(tmp_path_factory):
    """Tests never read or write the user's cache of validated data files."""
    import os

    os.environ["DIALOGUE_WORKBOOK_CACHE"] = str(tmp_path_factory.mktemp("data-cache"))


@pytest.fixture(autouse=True, scope="session")
def no_configuration(tmp_path_factory):
    """Tests never read the user's or the system's workbook configuration, nor a programme's
    settings from the environment running them."""
    import os

    from assessment import config

    os.environ[config.CONFIG_ENV] = str(tmp_path_factory.mktemp("config") / "absent.toml")
    for variable in (config.SCALES_ENV, config.VOTE_URL_ENV):
        os.environ.pop(variable, None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests last: their Playwright keeps an event loop marked as running for the
    rest of the session, which the widget tests that run a kernel's loop cannot share."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
