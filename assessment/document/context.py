"""An assessment opened together with the scale and catalogue it is read against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data.catalogue import Catalogue, default_catalogue
from ..data.scale import Scale, own_scale_file, resolve_scale, scale_by_id, scale_named_by, scales_by_id
from ..data.yamlsource import read_source
from ..errors import AssessmentError, ValidationFailed
from ..files.writing import check_output, write_output
from .consistency import problems
from .model import Assessment, Organisation, Rating, ScaleRef
from .scale_versions import upgrade_to
from .store import AssessmentFile, backup_path


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

    @property
    def inputs(self) -> dict[Path, str]:
        """The files no output may replace, each as a message names it."""
        found = {self.file.path: "the assessment file itself", backup_path(self.file.path): "the assessment's backup"}
        source = self.doc.scale.source
        own = own_scale_file(source, self.file.path.parent) if source else None
        if own is not None:
            found[own] = "the assessment's own scale"
        return found


def scale_for(doc: Assessment, folder: Path) -> Scale:
    """The scale an assessment names: a consultant's file in its folder, or one by id."""
    if doc.scale.source:
        return scale_named_by(doc.scale.source, folder)
    return scale_by_id(doc.scale.id)


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
    try:
        doc = upgrade_to(doc, scale)
    except AssessmentError as exc:
        raise AssessmentError(f"{handle.path}: {exc}") from None
    catalogue = default_catalogue()
    check(handle.path, doc, scale, catalogue)
    return Opened(handle, doc, scale, catalogue)


def create_assessment(
    path: Path | str, scale_id_or_path: str, org_name: str, org_type: str = "other", lang: str | None = None
) -> Opened:
    """Start a new assessment file for an organisation, with every area of the scale listed."""
    path = check_output(Path(path))
    scale = resolve_scale(scale_id_or_path)
    doc = Assessment(
        language=lang or scale.languages[0],
        scale=ScaleRef(id=scale.id, version=scale.version),
        organisation=Organisation(name=org_name, type=org_type),
        ratings=[Rating(area=a.id) for a in scale.areas],
    )
    return save_new_beside_scale(path, doc, scale, Path(scale_id_or_path) if is_file(scale_id_or_path) else None)


def save_new_beside_scale(path: Path, doc: Assessment, scale: Scale, scale_file: Path | None) -> Opened:
    """Check and save a new assessment ``doc`` at ``path``. A consultant's own ``scale_file``
    outside the assessment's folder is copied into it first (and removed again if the save
    fails), so the two travel together and ``scale.source`` names a file inside the folder."""
    source, copied = _own_scale_beside(scale_file, scale, path.parent) if scale_file is not None else (None, None)
    doc.scale.source = source
    catalogue = default_catalogue()
    handle = AssessmentFile(path)
    try:
        check(path, doc, scale, catalogue)
        handle.save(doc)
    except AssessmentError:
        if copied is not None:
            copied.unlink(missing_ok=True)
        raise
    return Opened(handle, doc, scale, catalogue)


def is_file(scale_id_or_path: str) -> bool:
    """Whether a scale named on the command line or the start page is a file (else an id)."""
    try:
        return Path(scale_id_or_path).is_file()
    except (OSError, ValueError):
        return False


def _own_scale_beside(scale_file: Path, scale: Scale, folder: Path) -> tuple[str | None, Path | None]:
    """(``scale.source`` for a new assessment in ``folder``, the copy made if one was): none
    for a scale found by id (shipped or shared), the relative path for a file inside the
    folder, else the name of a copy in the folder (an identical file there is used as it is)."""
    real, real_folder = scale_file.resolve(), folder.resolve()
    if scales_by_id().get(scale.id, Path()).resolve() == real:
        return None, None
    if real.is_relative_to(real_folder):
        return real.relative_to(real_folder).as_posix(), None
    raw = read_source(scale_file)
    copy, n = folder / scale_file.name, 1
    while copy.exists() and not (copy.is_file() and copy.read_bytes() == raw):
        n += 1
        copy = folder / f"{scale_file.stem}-{n}{scale_file.suffix}"
    return copy.name, (None if copy.exists() else write_output(copy, raw))
