"""Compiling a typst template into a PDF: one compiler per process, one way to report a failure.

The report and the benchmark both write their charts and a ``data.json`` into a temporary
folder beside a copy of their template; this module does the compiling and turns what typst
says into one line naming the file to blame.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import typst

from ..errors import AssessmentError


def compile_pdf(
    template: Path, folder: Path, data: dict[str, Any], *, blame: Callable[[], Path] | None = None
) -> bytes:
    """``template`` compiled in ``folder`` with ``data`` as its ``data.json``. A typst error
    names the file ``blame()`` finds at fault (e.g. a logo that cannot be drawn), else the template."""
    shutil.copy(template, folder / template.name)
    (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        pdf = _compiler().compile(input=str(folder / template.name), root=str(folder))
    except typst.TypstError as exc:
        culprit = blame() if blame is not None else template
        raise AssessmentError(f"{culprit}: {' '.join(str(exc).split())}") from None
    except BaseException as exc:  # a crash inside typst arrives as pyo3's PanicException, no Exception
        if type(exc).__name__ != "PanicException":
            raise
        raise RuntimeError(f"typst crashed: {' '.join(str(exc).split())}") from exc  # a fault: logged, exit 3
    if not isinstance(pdf, bytes):
        raise RuntimeError(f"typst returned {type(pdf).__name__}, not a PDF")
    return pdf


def drawable(folder: Path, image: str) -> bool:
    """Whether typst draws ``image`` (a file in ``folder``) on a page of its own: after a failed
    report this tells a broken logo (any format, SVG included) from a fault of the template."""
    probe = folder / "image-check.typ"
    probe.write_text(f'#image("{image}")', encoding="utf-8")
    try:
        _compiler().compile(input=str(probe), root=str(folder))
    except typst.TypstError:
        return False
    return True


@cache
def _compiler() -> typst.Compiler:
    """One compiler per process: fonts are found once.

    The embedded fonts plus matplotlib's (DejaVu Sans, and Last Resort, which draws any
    character no other font has, e.g. emoji, as its Unicode block's sign instead of a
    blank); system fonts come first, so a colour emoji font is used where one exists.
    """
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return typst.Compiler(font_paths=[str(fonts)])
