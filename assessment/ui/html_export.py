"""The summary as a static HTML page: the summary notebook shipped with the package, run on a
private copy of the assessment, its widgets turned into plain HTML.

This is the UI's own view of the result, so it lives with the UI: the core exports
(:mod:`assessment.outputs.export`) know nothing of notebooks. The notebook is read from
the installed package (:func:`assessment.data.paths.notebooks_dir`), never from a source
tree, and runs in a throw-away folder, so nothing is written beside the package, in the
working directory or in the user's workbook home.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..data.paths import notebooks_dir
from ..data.scale import own_scale_file
from ..data.yamlsource import read_source
from ..document import privacy
from ..document.context import Opened
from ..document.model import Assessment
from ..document.store import AssessmentFile
from ..document.workspace import ASSESSMENT_ENV, HOME_ENV
from ..errors import AssessmentError
from ..files.writing import check_output, write_output

SUMMARY_NOTEBOOK = "06_summary.ipynb"
NOTEBOOK_TIMEOUT_S = 300


def summary_notebook() -> Path:
    return notebooks_dir() / SUMMARY_NOTEBOOK


def summary_copy(opened: Opened, *, anonymise: bool = False) -> Assessment:
    """The document the HTML summary runs on: as :func:`privacy.shown` shows it."""
    data = privacy.shown(opened, anonymise=anonymise).doc.model_dump(mode="json")
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:  # a role standing for a name made a text longer than its field allows
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"])
        raise AssessmentError(
            f"{opened.file.path}: {where}: too long once names are hidden "
            f"({err['msg']}); shorten it for the HTML summary"
        ) from None


def save_summary_copy(opened: Opened, folder: Path, *, anonymise: bool = False) -> Path:
    """The :func:`summary_copy` saved in ``folder``, an own scale file beside it where the
    original has it (an assessment names its scale only inside its folder), so the copy
    opens there as the original does."""
    copy = folder / opened.file.path.name
    AssessmentFile(copy).save(summary_copy(opened, anonymise=anonymise))
    source = opened.doc.scale.source
    own = own_scale_file(source, opened.file.path.parent) if source else None
    if source and own is not None:
        (folder / source).parent.mkdir(parents=True, exist_ok=True)
        write_output(folder / source, read_source(own))
    return copy


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONTROLS = {"ButtonModel", "CheckboxModel", "ToggleButtonModel", "FileUploadModel", "PlayModel"}
LAYOUT_CSS = ("flex", "flex_flow", "width", "min_width", "max_width", "grid_gap", "align_items", "justify_content")


def _widget_html(models: dict[str, Any], ref: str) -> str:
    """One widget as static HTML: what it shows (text, tables, choices, images), without the
    controls that only work with a kernel behind them."""
    model = models.get(ref.removeprefix("IPY_MODEL_"))
    if model is None or model["model_name"] in CONTROLS:
        return ""
    name, state = model["model_name"], model["state"]
    layout = models.get(str(state.get("layout", "")).removeprefix("IPY_MODEL_"), {}).get("state", {})
    if layout.get("display") == "none" or layout.get("visibility") == "hidden":
        return ""
    css = [f"{key.replace('_', '-')}:{layout[key]}" for key in LAYOUT_CSS if layout.get(key)]

    def div(content: str) -> str:
        classes = " ".join(state.get("_dom_classes", []))
        return f'<div class="{escape(classes)}" style="{escape(";".join(css))}">{content}</div>' if content else ""

    if "children" in state:
        css.insert(0, "display:flex;flex-direction:column" if name == "VBoxModel" else "display:flex;gap:8px")
        return div("".join(_widget_html(models, child) for child in state["children"]))
    if name in ("HTMLModel", "HTMLMathModel"):
        content = state.get("value", "")  # the workbook's own HTML, user text in it already escaped
    elif name == "ImageModel":
        data = next((b["data"] for b in model.get("buffers", []) if b.get("path") == ["value"]), "")
        content = (
            f'<img alt="" style="max-width:100%" src="data:image/{escape(state.get("format", "png"))};base64,{data}">'
            if data
            else ""
        )
    elif "_options_labels" in state:
        index = state.get("index")
        content = escape(state["_options_labels"][index]) if isinstance(index, int) else ""
    elif isinstance(state.get("value"), str):
        content = escape(state["value"]).replace("\n", "<br>")
    else:
        return ""
    label = escape(state.get("description") or "")
    return div(f"{label} {content}" if label and content else content)


def _widgets_to_html(nb: Any) -> None:
    """Replace every widget view by static HTML and drop the widget state, so the page needs
    no script and no network to show."""
    models = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                output["data"] = {"text/html": _widget_html(models, view["model_id"])}


def html_bytes(opened: Opened, *, anonymise: bool = False) -> bytes:
    """The summary notebook run on a private copy of the assessment in a throw-away workbook
    home (the user's file and settings are never touched), as HTML without code."""
    # imported here: they take seconds, and the other exports and the CLI do not need them
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    notebook = summary_notebook()
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError) as exc:
        raise AssessmentError(
            f"{notebook}: cannot read the summary notebook: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    with tempfile.TemporaryDirectory(prefix="dialogue-html-") as home:
        copy = save_summary_copy(opened, Path(home), anonymise=anonymise)
        # the kernel works in the throw-away folder: never in the package or the working directory
        client = NotebookClient(nb, timeout=NOTEBOOK_TIMEOUT_S, resources={"metadata": {"path": home}})
        try:
            client.execute(env={**os.environ, ASSESSMENT_ENV: str(copy), HOME_ENV: home}, stderr=subprocess.DEVNULL)
        except CellExecutionError as exc:
            raise AssessmentError(f"{notebook}: the summary stopped with {exc.ename}: {exc.evalue}") from None
        except (CellTimeoutError, DeadKernelError, NoSuchKernel, RuntimeError) as exc:
            raise AssessmentError(f"{notebook}: the summary could not run: {exc}") from None
    _widgets_to_html(nb)
    exporter = HTMLExporter(
        exclude_input=True,
        exclude_markdown=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=opened.lang,
    )
    title = privacy.metadata(opened, anonymise=anonymise).title
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return html.encode("utf-8")


def write_html(opened: Opened, path: Path | str, *, anonymise: bool = False) -> Path:
    """Write the summary as HTML (code hidden) to ``path`` atomically."""
    path = check_output(Path(path), opened.inputs)
    return write_output(path, html_bytes(opened, anonymise=anonymise), opened.inputs)
