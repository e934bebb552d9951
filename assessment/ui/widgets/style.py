"""The workbook's look: one small style sheet and helpers for text blocks.

No external fonts or assets (workshops are often offline). Texts are HTML widgets that
wrap, so long level descriptions read well on a 1366x768 projector and on a laptop.
"""

from __future__ import annotations

from html import escape
from typing import Any, TypeVar

import ipywidgets as W

M = TypeVar("M", bound=W.Widget)

BLUE, VERMILLION, RED, GREEN = "#0072B2", "#D55E00", "#B00020", "#2E7D32"

CSS = f"""
.dmw-page {{ width: 100%; box-sizing: border-box; color: #1f2328; font-size: 16px; min-width: 0; }}
.dmw-page .widget-html-content {{ white-space: normal; line-height: 1.5; overflow: visible; font-size: 16px;
  overflow-wrap: break-word; }}
.dmw-page .widget-label, .dmw-page .widget-checkbox, .dmw-page .jupyter-button, .dmw-page select,
.dmw-page .widget-toggle-button {{ font-size: 15px; }}
.dmw-page .widget-text input, .dmw-page select, .dmw-page textarea {{ min-height: 32px; }}
.dmw-page .widget-box, .dmw-page .widget-vbox, .dmw-page .widget-hbox {{ min-width: 0; max-width: 100%; }}
.dmw-page .widget-box > .widget-vbox {{ overflow: visible; }}
.dmw-page .widget-text, .dmw-page .widget-textarea, .dmw-page .widget-dropdown {{ width: 100%; max-width: 100%; }}
.dmw-page .jupyter-button {{ height: auto; min-height: 32px; white-space: normal; max-width: 100%; }}
.dmw-page :focus-visible {{ outline: 3px solid {BLUE}; outline-offset: 2px; }}
.dmw-field .widget-inline-hbox > .widget-label {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.dmw-page .widget-html, .dmw-page .widget-html-content {{ height: auto; }}
.dmw-page .widget-checkbox .widget-label-basic span {{ white-space: normal; }}
.dmw-page .widget-checkbox .widget-label-basic {{ font-size: 15px; line-height: 1.4; padding: 4px 0; }}  /* as large as its help; wrapped lines close */
.dmw-page .widget-checkbox {{ width: auto; height: auto; }}
.dmw-page h2 {{ font-size: 1.45em; margin: 0.2em 0 0.3em; }}
.dmw-page h3 {{ font-size: 1.15em; margin: 1.1em 0 0.3em; }}
.dmw-page h4 {{ font-size: 1em; margin: 0.5em 0 0.2em; }}
.dmw-page p {{ margin: 0.2em 0 0.5em; }}
.dmw-page a {{ color: {BLUE}; text-decoration: underline; }}
.dmw-page textarea, .dmw-page input {{ font-family: inherit; font-size: 0.95em; }}
.dmw-page .widget-inline-hbox input {{ font-size: 15px; }}  /* typed text as large as a dropdown's, not 13 px */
.dmw-page textarea {{ field-sizing: content; min-height: 3.4em; max-height: 18em; }}
.dmw-page .dmw-field select {{ min-width: auto; max-width: 100%; }}
.dmw-page .dmw-field:has(> .widget-dropdown) {{ min-width: auto !important; max-width: 100%; }}  /* the chosen option reads whole */
.dmw-rows {{ container-type: inline-size; }}
.dmw-row-tools {{ margin-left: auto; }}
.dmw-rows-head > *, .dmw-row-number {{ font-size: 16px; margin-left: 0; margin-right: 0; }}  /* ems and edges as the fields */
.dmw-page .jupyter-button.mod-active {{ background: {BLUE}; color: #fff; }}
.dmw-card, .dmw-caveat, .dmw-level {{ box-sizing: border-box; }}
.dmw-choice-help p {{ margin: 0 0 0 22px; }}
.dmw-header {{ border-bottom: 1px solid #d0d7de; padding: 4px 0 6px; margin-bottom: 8px; }}
.lm-BoxPanel:has(.dmw-page), .lm-BoxPanel-child:has(.dmw-page) {{ contain: none !important; }}  /* Voilà's panels would hold fixed boxes */
.dmw-page .dmw-save {{ position: fixed; right: 16px; bottom: 12px; z-index: 30; width: fit-content; max-width: min(40em, 90vw);
  background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 2px 12px; box-shadow: 0 2px 8px rgba(0,0,0,.12); }}
.dmw-intro .widget-html-content {{ color: #3d434a; max-width: 70em; font-size: 16px; }}
.dmw-question .widget-html-content {{ font-size: 16px; font-weight: 600; }}
.dmw-help, .dmw-page .dmw-help .widget-html-content {{ color: #57606a; font-size: 15px; }}
.dmw-label {{ font-weight: 600; font-size: 0.95em; color: #24292f; }}
.dmw-field {{ margin: 2px 0 6px; }}
.dmw-message .widget-html-content {{ color: {RED}; font-size: 0.9em; line-height: 1.3; }}
.dmw-invalid input, .dmw-invalid textarea {{ border-color: {RED} !important; background: #fff5f5; }}
.dmw-card {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; background: #fff; margin: 4px 0; }}
.dmw-row {{ border-bottom: 1px solid #eaeef2; padding: 4px 0; }}
.dmw-caveat {{ border: 2px dashed {VERMILLION}; border-radius: 6px; background: #fff6ef; padding: 8px 12px; margin: 6px 0; }}
.dmw-levels {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }}
.dmw-level {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; background: #fafbfc; font-size: 15px; }}
.dmw-level h4 {{ margin-top: 0; }}
.dmw-level-caveat {{ border: 2px dashed {VERMILLION}; }}
.dmw-level-current {{ box-shadow: inset 0 4px 0 {BLUE}; }}
.dmw-level-desired {{ box-shadow: inset 0 -4px 0 {VERMILLION}; }}
.dmw-level-current.dmw-level-desired {{ box-shadow: inset 0 4px 0 {BLUE}, inset 0 -4px 0 {VERMILLION}; }}
.dmw-tag {{ display: inline-block; font-size: 0.8em; padding: 0 6px; border-radius: 8px; color: #fff; margin-right: 4px; }}
.dmw-tag-current {{ background: {BLUE}; }}
.dmw-tag-desired {{ background: {VERMILLION}; }}
.dmw-badge {{ display: inline-block; font-weight: 700; padding: 0 8px; border-radius: 8px; color: #fff; background: #9A3E00; }}
.dmw-example-banner .widget-html-content, .dmw-example-note .widget-html-content {{
  background: #fff6ef; border-left: 4px solid {VERMILLION}; padding: 6px 12px; }}
.dmw-ways {{ margin: 4px 0 10px; }}
.dmw-page .jupyter-button.dmw-way-chosen {{ background: #0b3d66; box-shadow: inset 0 -4px 0 {VERMILLION}; }}
.dmw-ways .jupyter-button {{ height: auto; min-height: 36px; padding: 6px 16px; font-size: 1.05em; }}
.dmw-table {{ display: block; width: 100%; max-width: 100%; overflow-x: auto; }}
.dmw-page .widget-html, .dmw-page .widget-html-content {{ max-width: 100%; min-width: 0; }}
.dmw-page .widget-html-content:has(> .dmw-table) {{ width: 100%; }}
.dmw-table table {{ border-collapse: collapse; width: 100%; table-layout: auto; }}
.dmw-table th, .dmw-table td {{ text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }}
.dmw-table th {{ font-size: 15px; color: #57606a; }}
.dmw-table th, .dmw-table td {{ overflow-wrap: normal; hyphens: auto; }}
.dmw-saved .widget-html-content {{ color: {GREEN}; font-size: 15px; }}
.dmw-save-problem .widget-html-content {{ color: {RED}; font-weight: 600; font-size: 0.95em; }}
.dmw-connection-lost {{ position: fixed; top: 0; left: 0; right: 0; z-index: 10000; padding: 12px 20px;
  background: {RED}; color: #fff; font-size: 16px; font-weight: 600; line-height: 1.4; text-align: center; }}
.dmw-connection-lost[hidden] {{ display: none; }}
.dmw-progress .widget-html-content {{ font-weight: 600; color: #57606a; }}
.dmw-tabs .lm-TabBar-tab, .dmw-tabs .p-TabBar-tab {{
  flex: 0 0 auto !important; max-width: none !important; min-width: 0 !important; padding: 0 14px; }}
.dmw-tabs .lm-TabBar-tab.lm-mod-current {{ font-weight: 600; }}
.dmw-tabs .lm-TabBar-tab {{ font-size: 15px; min-height: 32px; line-height: 32px; }}
.dmw-tabs .lm-TabBar-tab, .dmw-tabs .lm-TabBar-tab .lm-TabBar-tabLabel {{ color: #24292f !important; }}
.dmw-tabs .lm-TabBar-content {{ flex-wrap: wrap; }}
.dmw-tabs .lm-TabBar {{ min-height: 34px; max-height: none !important; height: auto !important; overflow: visible; }}
"""

#: Table widths (em) below which a row table folds: rows wrap and label their own fields.
FOLDS = range(20, 84, 4)

#: A folded table: no column headings; each field labelled, dropdowns no wider than they need.
_FOLDED = """
{t} .dmw-rows-head {{ display: none !important; }}
{t} .dmw-row-line {{ flex-wrap: wrap; row-gap: 4px !important; }}
{t} .dmw-row-line > .dmw-field:has(> .widget-dropdown) {{ flex-grow: 0 !important; }}
{t} .dmw-row-line > .dmw-field:not(:has(> .widget-dropdown)) {{ min-width: min(100%, 12em) !important; }}
{t} .dmw-row .dmw-field .widget-inline-hbox {{ flex-wrap: wrap; height: auto; }}
{t} .dmw-row .dmw-field .widget-inline-hbox > .widget-label {{ position: static; width: 100%; height: auto; clip: auto;
  white-space: normal; text-align: left; font-weight: 600; font-size: 0.95em; color: #24292f; margin: 0 0 2px; }}
"""
CSS += "".join(f"@container (max-width: {w}em) {{{_FOLDED.format(t=f'.dmw-fold-{w}')}}}\n" for w in FOLDS)


def fold_class(width: float) -> str:
    """The class that folds a row table narrower than ``width`` em (a row's fields side by side)."""
    return f"dmw-fold-{next((w for w in FOLDS if w >= width), FOLDS[-1])}"


def stylesheet() -> W.HTML:
    """The style sheet as a widget: displayed once at the top of every page."""
    return W.HTML(f"<style>{CSS}</style>")


#: Layout and style models many widgets show alike, made once: without them ipywidgets makes
#: a layout and a style per widget, over half of what a page receives when a step is drawn.
_SHARED: dict[tuple[type, tuple[tuple[str, str], ...]], W.Widget] = {}
#: The traits each shared model was made with, by the model's identity.
_SHARED_TRAITS: dict[int, dict[str, str]] = {}


def shared(kind: type[M], **traits: str) -> M:
    """The one ``kind`` (a layout or a style) with ``traits``, for widgets that only read it;
    :func:`show` gives a widget its own layout before it changes it."""
    key = (kind, tuple(sorted(traits.items())))
    if key not in _SHARED:
        _SHARED[key] = kind(**traits)
        _SHARED_TRAITS[id(_SHARED[key])] = traits
    found = _SHARED[key]
    assert isinstance(found, kind)
    return found


def is_shared(widget: W.Widget) -> bool:
    """Whether ``widget`` is one of the shared models (never given up or closed by a view)."""
    return id(widget) in _SHARED_TRAITS


def _own_layout(widget: W.Widget) -> W.Layout:
    """The widget's layout, made its own first if it is a shared one."""
    if is_shared(widget.layout):
        widget.layout = W.Layout(**_SHARED_TRAITS[id(widget.layout)])
    layout: W.Layout = widget.layout
    return layout


def styled(kind: type[M], **traits: Any) -> M:
    """A ``kind`` widget (a text field, a checkbox …) with the shared style of its kind."""
    return kind(style=shared(kind.class_traits()["style"].klass), **traits)


def html(markup: str, *classes: str) -> W.HTML:
    """A text block that wraps; ``markup`` must already be escaped."""
    return styled(W.HTML, value=markup, layout=shared(W.Layout, width="auto"), _dom_classes=classes)


def para(text: str, *classes: str) -> W.HTML:
    """Plain text from data or users, escaped, with line breaks kept."""
    return html(f"<p>{escape(text).replace(chr(10), '<br>')}</p>", *classes)


def heading(text: str, level: int = 3) -> W.HTML:
    return html(f"<h{level}>{escape(text)}</h{level}>")


def button(label: str, css: str, *, primary: bool = False) -> W.Button:
    """A button with its stable class for browser tests."""
    return styled(
        W.Button,
        description=label,
        button_style="primary" if primary else "",
        layout=shared(W.Layout, width="auto", min_width="6em", align_self="flex-start"),
        _dom_classes=(css,),
    )


def show(widget: W.Widget, visible: bool) -> None:
    _own_layout(widget).display = "" if visible else "none"


def columns(cells: list[W.Widget]) -> W.Box:
    """Fields side by side that wrap onto the next line on a narrow screen."""
    return W.Box(
        cells, layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="4px 16px", width="100%")
    )
