"""The wall: what the projector shows while the room votes, drawn as HTML from the document.

Large type (20 px body, counts at 56 px) and high contrast, so the back row reads it at
1366×768; the join code big enough to type from across the room. The spread of an item is
a dot plot, one row per level: blue circles for "today", orange squares for "desired"
(shape and colour both differ, for colour-blind readers and black-and-white printouts).
Nothing here names a voter; a spread with fewer than k answers is not drawn at all. The
comments are what participants typed, so a name in one passes the privacy module first.
"""

from __future__ import annotations

from html import escape

from ...data.i18n import t
from ...data.scale import Scale
from ...document.privacy import Names
from ...outputs.spread import Spread, median_text

BLUE, ORANGE, INK = "#0072B2", "#D55E00", "#1a1a1a"

CSS = f"""
.dmw-wall {{ position: fixed; inset: 0; z-index: 9000; overflow: auto; background: #fff; color: {INK};
  padding: 0 22px 28px; box-sizing: border-box; font-size: 20px; }}
.dmw-wall .widget-html-content, .dmw-wall .widget-label, .dmw-wall label {{ font-size: 20px; line-height: 1.4; }}
.dmw-wall .widget-html, .dmw-wall .widget-html-content {{ height: auto; white-space: normal; overflow: visible; }}
.dmw-wall .jupyter-button {{ font-size: 20px; height: auto; min-height: 46px; padding: 8px 18px; border-radius: 8px;
  flex: none; max-width: none; overflow: visible; }}
.dmw-wall .jupyter-button.mod-primary {{ background: {BLUE}; }}
.dmw-wall .jupyter-button.mod-danger {{ background: #B00020; }}
.dmw-wall select, .dmw-wall textarea {{ font-size: 20px !important; }}
.dmw-wall select {{ height: 46px !important; }}
.dmw-wall .widget-dropdown, .dmw-wall .widget-textarea {{ width: 100%; height: auto; }}
.dmw-wall .widget-dropdown > label, .dmw-wall .widget-textarea > label {{ width: auto; min-width: 7em; }}
.dmw-wall-bar {{ border-bottom: 2px solid #d0d7de; padding: 12px 0 8px; margin-bottom: 12px; position: sticky; top: 0;
  background: #fff; z-index: 2; overflow: visible; }}
.dmw-wall-bar .widget-html-content {{ line-height: 1.2; }}
.dmw-wall h2 {{ font-size: 30px; margin: 0; }} .dmw-wall h3 {{ font-size: 26px; margin: 4px 0; }}
.dmw-wall-join {{ text-align: center; }}
.dmw-wall-join svg {{ width: 100%; max-width: min(340px, 40vh); height: auto; display: block; margin: 0 auto; }}
.dmw-wall-join .code {{ font-size: 54px; font-weight: 800; letter-spacing: 0.18em; margin: 0; line-height: 1.1; }}
.dmw-wall-join p {{ margin: 4px 0; }}
.dmw-wall-join .address {{ font-weight: 700; overflow-wrap: anywhere; }}
.dmw-wall .warn {{ color: #8a4b00; font-weight: 600; }}
.dmw-wall .problem {{ color: #B00020; font-weight: 700; }}
.dmw-wall .big {{ font-size: 56px; font-weight: 800; line-height: 1.1; margin: 10px 0; }}
.dmw-wall .muted {{ color: #4a4a4a; }}
.dmw-wall-items .jupyter-button {{ font-size: 18px; min-height: 36px; padding: 4px 12px; margin: 0 6px 6px 0; background: #eef1f4; color: {INK}; }}
.dmw-wall-items .jupyter-button.dmw-chosen {{ background: {INK}; color: #fff; }}
.dmw-spread table {{ border-collapse: collapse; width: 100%; font-size: 20px; }}
.dmw-spread th, .dmw-spread td {{ text-align: left; padding: 5px 10px; border-bottom: 1px solid #d0d7de; vertical-align: middle; }}
.dmw-spread th {{ font-size: 18px; color: #4a4a4a; }}
.dmw-spread .dot {{ display: inline-block; width: 22px; height: 22px; margin: 0 3px 0 0; vertical-align: middle; }}
.dmw-spread .current {{ background: {BLUE}; border-radius: 50%; }}
.dmw-spread .desired {{ background: {ORANGE}; }}
.dmw-spread .n {{ font-weight: 700; margin-left: 6px; }}
.dmw-flag {{ display: inline-block; background: #fff1e5; border: 3px solid {ORANGE}; border-radius: 8px; padding: 4px 12px;
  font-weight: 700; margin: 8px 0; }}
.dmw-agree {{ background: #f6f8fa; border-radius: 10px; padding: 10px 16px; margin-top: 12px; }}
.dmw-wall .dmw-comments li {{ margin: 4px 0; }}
"""


def join_panel(lang: str, qr_svg: str, join_url: str, short_url: str, code: str, joined: int, local_only: bool) -> str:
    """The QR code (a link to the join page, so the laptop can open it too), the short
    address and the code, and how many have joined."""
    tx = lambda key, **v: t(lang, f"workshop.wall.{key}", **v)  # noqa: E731
    warn = f'<p class="warn">{escape(tx("local_only"))}</p>' if local_only else ""
    address = f'<span class="address">{escape(short_url)}</span>'
    return (
        f'<div class="dmw-wall-join"><p><b>{escape(tx("scan"))}</b></p>'
        f'<a class="dmw-wall-link" href="{escape(join_url)}" target="_blank" rel="noopener">{qr_svg}</a>'
        f"<p>{escape(tx('or_type', address='{address}')).replace('{address}', address)}</p>"
        f'<p class="code" aria-label="{escape(tx("code"))}">{escape(code)}</p>'
        f"<p>{escape(tx('joined', count=joined))}</p>{warn}</div>"
    )


def _dots(kind: str, count: int) -> str:
    dots = f'<span class="dot {kind}"></span>' * count
    return f'{dots}<span class="n">{count}</span>' if count else '<span class="n muted">0</span>'


def comment_shown(comment: str, names: Names) -> str:
    """A comment as the wall shows it: every mention the privacy module is sure of, of
    someone who may not be named, stands for their role (``Names.hide``); and, as a live
    wall has no moment to settle the doubtful ones the module leaves for the consultant's
    review before an export (a first name alone, a name that is also a word), those are
    shown as "participant without a name" too."""
    text = names.hide(comment)
    pieces, last = [], 0
    for mention in names.mentions(text):
        pieces += [text[last : mention.start], names.unnamed]
        last = mention.stop
    return "".join(pieces) + text[last:]


def spread_html(spread: Spread, scale: Scale, lang: str, names: Names) -> str:
    """The dot plot of one item's round, its medians and spans, and the discussion flag; or,
    under the k rule, only how many have voted so far. ``names``: who may be named."""
    tx = lambda key, **v: t(lang, f"workshop.wall.{key}", **v)  # noqa: E731
    if not spread.shown:
        answered = max(spread.voted - spread.unknown_current, spread.voted - spread.unknown_desired)
        return f'<div class="dmw-spread"><p class="warn">{escape(tx("too_few", k=spread.k, count=answered))}</p></div>'
    rows = []
    for lv in scale.levels:
        cells = []
        for kind, d in (("current", spread.current), ("desired", spread.desired)):
            count = d.counts[lv.level] if d else 0
            cells.append(f"<td>{_dots(kind, count)}</td>")
        rows.append(f"<tr><td><b>{lv.level}</b> · {escape(lv.name(lang))}</td>{''.join(cells)}</tr>")
    rows.append(
        f'<tr><td class="muted">{escape(tx("unknown"))}</td><td class="muted">{spread.unknown_current}</td>'
        f'<td class="muted">{spread.unknown_desired}</td></tr>'
    )
    head = (
        f'<tr><th>{escape(tx("level"))}</th><th><span class="dot current"></span> {escape(tx("current"))}</th>'
        f'<th><span class="dot desired"></span> {escape(tx("desired"))}</th></tr>'
    )
    summary = (
        f'<tr><td class="muted">{escape(tx("median_label"))}</td><td>{escape(median_text(spread.current, lang))}</td>'
        f"<td>{escape(median_text(spread.desired, lang))}</td></tr>"
    )
    span = max(d.span for d in (spread.current, spread.desired) if d is not None)
    flag = (
        f'<p class="dmw-flag dmw-discussion">{escape(tx("discussion", span=span))}</p>'
        if spread.discussion
        else f'<p class="muted">{escape(tx("agreement"))}</p>'
    )
    comments = sorted(comment_shown(v.comment, names) for v in spread.round.votes if v.comment)
    listed = (
        (
            "<p><b>"
            + escape(tx("comments"))
            + '</b></p><ul class="dmw-comments">'
            + "".join(f"<li>{escape(c)}</li>" for c in comments)
            + "</ul>"
        )
        if comments
        else ""
    )
    caption = escape(tx("voted_total", count=spread.voted))
    return (
        f'<div class="dmw-spread"><table><caption class="muted" style="text-align:left">{caption}</caption>'
        f"{head}{''.join(rows)}{summary}</table>{flag}{listed}</div>"
    )
