"""Where the shipped data lives: next to the package in a checkout, inside it when installed."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding ``scales/``, ``catalogues/`` and ``locales/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "scales").is_dir():
        return bundled
    return _PACKAGE.parent


def examples_dir() -> Path:
    return data_dir() / "examples"
