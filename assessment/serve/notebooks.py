"""The workbook's notebooks in a user's workbook folder: copied on first use, refreshed when
the package brings new ones, and a notebook the user changed kept as it is.

Whether a copy is still the one the workbook put there is told by a fingerprint of its
cells (kind and source) recorded in a small manifest in the folder: running a notebook,
which adds outputs and metadata, leaves the fingerprint alone; editing a cell changes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..data.paths import notebooks_dir
from ..errors import AssessmentError
from ..files.writing import write_atomically

MANIFEST = ".dialogue-workbook-notebooks.json"
START = "01_start.ipynb"


def fingerprint(path: Path) -> str | None:
    """A hash of the notebook's cells as the workbook wrote them; None if it cannot be read
    as a notebook (then it is the user's, and left alone)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        content = [
            (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in cells
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class Refresh:
    """What :func:`install_notebooks` did, by notebook name."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def lines(self, folder: Path) -> list[str]:
        """What the user should know, one line each (nothing when all was up to date)."""
        said = [f"{folder}: copied the workbook's {', '.join(self.copied)}"] if self.copied else []
        said += [f"{folder}: updated {', '.join(self.updated)} to this version of the workbook"] if self.updated else []
        said += [
            f"{folder / name}: kept your changed copy; rename it to get this version's {name}" for name in self.kept
        ]
        said += [f"{folder}: removed {', '.join(self.removed)}, no longer part of the workbook"] if self.removed else []
        return said


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def install_notebooks(folder: Path) -> Refresh:
    """Bring ``folder`` up to the shipped notebooks: missing ones are copied, unchanged older
    copies replaced, copies the user changed kept, and unchanged ones the workbook no longer
    ships removed. Nothing else in the folder is touched."""
    shipped = {p.name: p for p in sorted(notebooks_dir().glob("*.ipynb"))}
    if START not in shipped:
        raise AssessmentError(f"{notebooks_dir()}: the workbook's notebooks are missing from the installation")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _install(folder, shipped)
    except OSError as exc:
        raise AssessmentError(
            f"{getattr(exc, 'filename', None) or folder}: cannot set up the workbook's notebooks: {exc.strerror or exc}"
        ) from None


def _install(folder: Path, shipped: dict[str, Path]) -> Refresh:
    done, recorded, manifest = Refresh(), _manifest(folder), {}
    for name, source in shipped.items():
        target, wanted = folder / name, fingerprint(source)
        present = fingerprint(target) if target.exists() else None
        if target.exists() and present != wanted and (present is None or present != recorded.get(name)):
            done.kept.append(name)  # the user changed it: theirs stays, the old record with it
            manifest[name] = recorded.get(name, "")
            continue
        if present != wanted:
            (done.updated if target.exists() else done.copied).append(name)
            write_atomically(target, source.read_bytes())
        manifest[name] = wanted or ""
    for name, fp in recorded.items():
        target = folder / name
        if name not in shipped and target.exists() and fingerprint(target) == fp:
            target.unlink()
            done.removed.append(name)
    if manifest != recorded:
        write_atomically(folder / MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
    return done
