"""An assessment opened together with the scale and catalogue it is read against."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue, default_catalogue
from .consistency import problems
from .errors import AssessmentError, ValidationFailed
from .model import Assessment, Organisation, Rating, ScaleRef
from .scale import Scale, resolve_scale
from .store import AssessmentFile


@dataclass
class Opened:
    """What every view needs: the document, its file, its scale and the catalogue."""

    file: AssessmentFile
    doc: Assessment
    scale: Scale
    catalogue: Catalogue

    @property
    def lang(self) -> str:
        return self.doc.language


def scale_for(doc: Assessment, folder: Path) -> Scale:
    """The scale an assessment names: a consultant's file beside it, or a built-in one."""
    if doc.scale.source:
        source = Path(doc.scale.source)
        return resolve_scale(source if source.is_absolute() else folder / source)
    return resolve_scale(doc.scale.id)


def check(path: Path, doc: Assessment, scale: Scale, catalogue: Catalogue) -> None:
    """Raise :class:`ValidationFailed` if ``doc`` does not fit its scale and catalogue."""
    found = problems(doc, scale, catalogue)
    if found:
        raise ValidationFailed(path, [f"{path}: {where}: {what}" for where, what in found])


def open_assessment(path: Path | str) -> Opened:
    """Load, migrate and check an assessment file; one-line errors for every problem."""
    handle = AssessmentFile(path)
    doc = handle.load()
    try:
        scale = scale_for(doc, handle.path.parent)
    except AssessmentError as exc:
        raise AssessmentError(f"{handle.path}: scale: {exc}") from None
    catalogue = default_catalogue()
    check(handle.path, doc, scale, catalogue)
    return Opened(handle, doc, scale, catalogue)


def create_assessment(
    path: Path | str, scale_id_or_path: str, org_name: str, org_type: str = "other", lang: str | None = None
) -> Opened:
    """Start a new assessment file for an organisation, with every area of the scale listed."""
    path = Path(path)
    scale = resolve_scale(scale_id_or_path)
    source = None
    if Path(scale_id_or_path).suffix in {".yaml", ".yml"} or Path(scale_id_or_path).exists():
        source = Path(os.path.relpath(Path(scale_id_or_path).resolve(), path.resolve().parent)).as_posix()
    lang = lang or scale.languages[0]
    doc = Assessment(
        language=lang,
        scale=ScaleRef(id=scale.id, version=scale.version, source=source),
        organisation=Organisation(name=org_name, type=org_type),
        ratings=[Rating(area=a.id) for a in scale.areas],
    )
    catalogue = default_catalogue()
    check(path, doc, scale, catalogue)
    handle = AssessmentFile(path)
    handle.save(doc)
    return Opened(handle, doc, scale, catalogue)
