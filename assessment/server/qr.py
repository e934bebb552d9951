"""The join link as a QR code: SVG, drawn by segno (pure Python, no imaging library)."""

from __future__ import annotations

import segno


def qr_svg(url: str, *, title: str = "") -> str:
    """An inline SVG of ``url`` that scales to its box (no fixed size): dark modules on white,
    with the quiet zone scanners need. Error correction M survives a projector's blur."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, dark="#000", light="#fff", border=4, title=title or None, omitsize=True)
    return svg.replace("<svg ", '<svg role="img" preserveAspectRatio="xMidYMid meet" ', 1)
