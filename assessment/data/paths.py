"""Where the shipped data lives: next to the package in a checkout, inside it when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding ``scales/``, ``catalogues/`` and ``locales/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "scales").is_dir():
        return bundled
    return _PACKAGE.parent


def examples_dir() -> Path:
    return data_dir() / "examples"


def notebooks_dir() -> Path:
    """The workbook's notebooks as shipped (copied into a user's workbook folder to be used)."""
    return data_dir() / "notebooks"


def voila_config() -> Path:
    """The Voilà settings the app is served with (``voila.json``)."""
    return data_dir() / "voila.json"
