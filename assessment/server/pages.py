"""The phone pages, rendered on the server as plain HTML that works without JavaScript.

Large tap targets (whole rows are labels), one column that reads at 360 px, the page in
the voter's chosen language, no external assets (the style is inline; the one small
script only checks whether a new question has opened). Every user or data text is
escaped here; nothing else builds markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from ..data.i18n import locale
from ..data.scale import Scale
from ..workshop.items import Item

CSS = """
:root{color-scheme:light}*{box-sizing:border-box}
body{margin:0;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:12px 16px 48px}
h1{font-size:1.45rem;line-height:1.25;margin:.3em 0 .4em}h2{font-size:1.25rem;line-height:1.3;margin:1.4em 0 .3em}
p{margin:.3em 0 .7em}a{color:#0b5cad}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.org{color:#4a4a4a;font-size:.95rem;margin:0}
.langs{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 4px;padding:0;list-style:none}
.langs a{display:inline-block;min-height:44px;padding:9px 10px;font-size:.95rem;border:2px solid #6b6b6b;border-radius:8px;text-decoration:none;color:#1a1a1a}
.langs a[aria-current=true]{background:#0b5cad;border-color:#0b5cad;color:#fff}
fieldset{border:0;padding:0;margin:18px 0 6px;min-width:0}
legend{font-weight:700;font-size:1.1rem;padding:0;margin-bottom:6px}
.option{display:flex;align-items:center;gap:12px;min-height:52px;padding:10px 14px;margin:8px 0;border:2px solid #6b6b6b;border-radius:10px;cursor:pointer;background:#fff}
.option input{width:26px;height:26px;margin:0;flex:none;accent-color:#0b5cad}
.option:has(input:checked){border-color:#0b5cad;background:#e8f1fb;box-shadow:inset 6px 0 0 #0b5cad}
.option:has(input:disabled){border-style:dashed;color:#595959;cursor:not-allowed}
.option small{display:block;color:#4a4a4a;font-size:.9rem}
button,.button{display:block;width:100%;min-height:54px;margin:18px 0 8px;padding:12px 20px;border:0;border-radius:10px;background:#0b5cad;color:#fff;font:inherit;font-weight:700;text-align:center;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#0b5cad;border:2px solid #0b5cad}
label.text{display:block;font-weight:700;margin:16px 0 6px}
textarea,input[type=text]{display:block;width:100%;font:inherit;padding:10px 12px;border:2px solid #6b6b6b;border-radius:8px;background:#fff;color:#1a1a1a}
input.code{font-size:1.6rem;letter-spacing:.3em;text-transform:uppercase;max-width:12rem}
.help{color:#4a4a4a;font-size:.95rem}
.status{background:#e7f4ea;border-left:6px solid #2e7d32;padding:10px 14px;margin:12px 0}
.alert{background:#fdecee;border-left:6px solid #b00020;padding:10px 14px;margin:12px 0}
.alert a{color:#8a0018}.error{color:#b00020;font-weight:700;margin:4px 0}
.item{border-top:3px solid #d0d7de;margin-top:24px;padding-top:4px}
.item.invalid{border-top-color:#b00020}
.question{font-weight:600}
.levels{list-style:none;padding:0;margin:8px 0}
.levels li{margin:6px 0;padding:8px 12px;background:#f3f5f7;border-radius:8px}
.levels .caveat{background:#fff6ef;border:2px dashed #a94400}
details summary{cursor:pointer;min-height:44px;padding:8px 0;font-weight:700;color:#0b5cad}
.round{display:inline-block;background:#1a1a1a;color:#fff;border-radius:6px;padding:0 8px;font-size:.9rem}
[hidden]{display:none!important}
"""

#: Checks every few seconds whether the open questions changed; reloads the page if nothing
#: was typed yet, else says so (what was typed is never thrown away by the script).
SCRIPT = """
(function(){var p=document.getElementById('problems');if(p)p.focus();var m=document.querySelector('main');var v=m.getAttribute('data-version'),u=m.getAttribute('data-state');
var dirty=false;document.addEventListener('input',function(){dirty=true;});
setInterval(function(){fetch(u,{credentials:'same-origin',cache:'no-store'}).then(function(r){return r.ok?r.json():null;})
.then(function(s){if(!s||s.version===v)return;if(!dirty){location.reload();return;}
var n=document.getElementById('news');if(n)n.hidden=false;}).catch(function(){});},3000);})();
"""

Texts = Callable[..., str]


@dataclass
class Page:
    """What every page needs: the language and its texts, the links, the form key."""

    lang: str
    tx: Texts  # tx("vote.save") -> the text of workshop.vote.save in this page's language
    organisation: str
    languages: Sequence[str]  # the languages a voter may choose
    here: str  # this page's address, for the language links
    xsrf: str = ""  # the hidden form field tornado checks
    nonce: str = ""
    state_url: str | None = None  # with a version: the script polls it
    version: str = ""
    extra_head: str = field(default="")


def _lang_links(page: Page) -> str:
    if len(page.languages) < 2:
        return ""
    links = "".join(
        f'<li><a href="{escape(page.here)}?lang={code}" lang="{code}" hreflang="{code}"'
        f"{' aria-current=true' if code == page.lang else ''}>{escape(locale(code).name)}</a></li>"
        for code in page.languages
    )
    return f'<nav aria-label="{escape(page.tx("language"))}"><ul class="langs">{links}</ul></nav>'


def layout(page: Page, title: str, body: str) -> str:
    script = ""
    attrs = ""
    if page.state_url:
        attrs = f' data-version="{escape(page.version)}" data-state="{escape(page.state_url)}"'
        script = f'<script nonce="{escape(page.nonce)}">{SCRIPT}</script>'
    return (
        f'<!doctype html><html lang="{escape(page.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)} · {escape(page.organisation)}</title><style>{CSS}</style></head>"
        f'<body><main{attrs}><p class="org">{escape(page.organisation)}</p>{_lang_links(page)}{body}</main>'
        f"{script}</body></html>"
    )


def message(page: Page, title: str, text: str, *, link: tuple[str, str] | None = None) -> str:
    """A page that only tells something (a bad link, too many tries, the end of the workshop)."""
    action = f'<a class="button" href="{escape(link[0])}">{escape(link[1])}</a>' if link else ""
    return layout(page, title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>{action}")


def code_page(page: Page, *, typed: str = "", error: str = "") -> str:
    """The short address: type the four characters shown on the wall."""
    tx = page.tx
    problem = f'<p class="error" id="code-error">{escape(error)}</p>' if error else ""
    described = "code-help code-error" if error else "code-help"
    body = (
        f"<h1>{escape(tx('code.heading'))}</h1>"
        f'<form method="post" action="{escape(page.here)}">{page.xsrf}'
        f'<label class="text" for="code">{escape(tx("code.label"))}</label>'
        f'<p class="help" id="code-help">{escape(tx("code.help"))}</p>{problem}'
        f'<input type="text" class="code" id="code" name="code" value="{escape(typed)}" maxlength="8" '
        f'autocomplete="off" autocapitalize="characters" spellcheck="false" required aria-describedby="{described}"'
        f"{' aria-invalid=true autofocus' if error else ''}>"
        f'<button type="submit">{escape(tx("code.button"))}</button></form>'
    )
    return layout(page, tx("code.heading"), body)


@dataclass(frozen=True)
class Seat:
    """One choice on the join page: a participant as the picker may show them, or anonymous."""

    value: str  # the participant id, or "anonymous"
    label: str
    taken: bool = False


def join_page(page: Page, seats: Sequence[Seat], *, chosen: str = "", error: str = "") -> str:
    """Pick your name (or anonymous) and join."""
    tx = page.tx
    options = []
    for i, seat in enumerate(seats):
        checked = " checked" if seat.value == chosen else ""
        disabled = " disabled" if seat.taken else ""
        note = f"<small>{escape(tx('join.taken'))}</small>" if seat.taken else ""
        if seat.value == "anonymous":
            note = f"<small>{escape(tx('join.anonymous_help'))}</small>"
        options.append(
            f'<label class="option" for="seat-{i}"><input type="radio" id="seat-{i}" name="seat" '
            f'value="{escape(seat.value)}"{checked}{disabled} required>'
            f"<span>{escape(seat.label)}{note}</span></label>"
        )
    problem = f'<p class="error" id="seat-error">{escape(error)}</p>' if error else ""
    body = (
        f"<h1>{escape(tx('join.heading'))}</h1><p>{escape(tx('join.intro'))}</p>"
        f'<form method="post" action="{escape(page.here)}">{page.xsrf}'
        f"<fieldset{' aria-describedby=seat-error' if error else ''}><legend>{escape(tx('join.who'))}</legend>"
        f"{problem}{''.join(options)}</fieldset>"
        f'<button type="submit">{escape(tx("join.button"))}</button></form>'
    )
    return layout(page, tx("join.heading"), body)


@dataclass
class Ballot:
    """One item on the vote form: what the voter chose (stored or just typed) and any problem."""

    item: Item
    round: int
    current: str = ""  # "1" … "N", "unknown", or "" (not chosen)
    desired: str = ""
    comment: str = ""
    error: str = ""
    saved: bool = False


def _levels(scale: Scale, item: Item, lang: str, tx: Texts) -> str:
    rows = []
    for lv in scale.levels:
        caveat = (
            f"<br><small><b>{escape(tx('caveat'))}:</b> {escape(lv.caveat(lang))}</small>"
            if lv.caveat is not None
            else ""
        )
        rows.append(
            f"<li{' class=caveat' if lv.caveat is not None else ''}><b>{lv.level} · {escape(lv.name(lang))}</b>"
            f"<br>{escape(item.descriptor(lv, lang))}{caveat}</li>"
        )
    return f'<ul class="levels">{"".join(rows)}</ul>'


def _choices(scale: Scale, ballot: Ballot, kind: str, lang: str, tx: Texts, n: int) -> str:
    name = f"{kind}.{ballot.item.key}"
    values = [(str(lv.level), f"{lv.level} · {lv.name(lang)}") for lv in scale.levels]
    values.append(("unknown", tx("vote.unknown")))
    chosen = getattr(ballot, kind)
    options = "".join(
        f'<label class="option" for="{kind}-{n}-{value}"><input type="radio" id="{kind}-{n}-{value}" '
        f'name="{escape(name)}" value="{value}"{" checked" if value == chosen else ""}><span>{escape(label)}</span></label>'
        for value, label in values
    )
    return f"<fieldset><legend>{escape(tx('vote.' + kind))}</legend>{options}</fieldset>"


def _release_form(page: Page, release_url: str, voter: str) -> str:
    """For someone voting by name: go on anonymously (their own form, so no vote is sent with it)."""
    tx = page.tx
    return (
        f'<form method="post" action="{escape(release_url)}" class="item" aria-labelledby="release-heading">'
        f'{page.xsrf}<input type="hidden" name="voter" value="{escape(voter)}">'
        f'<h2 id="release-heading">{escape(tx("vote.release_heading"))}</h2>'
        f'<p class="help" id="release-help">{escape(tx("vote.release_help"))}</p>'
        f'<button type="submit" class="button secondary" aria-describedby="release-help">'
        f"{escape(tx('vote.release_button'))}</button></form>"
    )


def vote_page(
    page: Page,
    scale: Scale,
    voter_label: str,
    ballots: Sequence[Ballot],
    *,
    status: str = "",
    error: str = "",
    notice: str = "",
    voter: str = "",
    release_url: str = "",
) -> str:
    """Every open item on one form, so nothing typed is lost to another item's save; or, with
    nothing open, a page that waits for the next question. With ``release_url`` (a voter
    who joined by name), a second form lets them go on anonymously."""
    tx, lang = page.tx, page.lang
    release = _release_form(page, release_url, voter) if release_url else ""
    parts = [
        f"<h1>{escape(tx('vote.heading'))}</h1>",
        f'<p class="help">{escape(tx("vote.you", name=voter_label))}</p>',
    ]
    if notice:
        parts.append(f"<p>{escape(notice)}</p>")
    parts.append(f'<p class="status" id="news" role="status" hidden>{escape(tx("vote.new_question"))}</p>')
    if error:
        links = "".join(
            f'<li><a href="#item-{n}">{escape(b.item.name(lang))}: {escape(b.error)}</a></li>'
            for n, b in enumerate(ballots)
            if b.error
        )
        parts.append(
            f'<div class="alert" role="alert" tabindex="-1" id="problems"><p><b>{escape(error)}</b></p>'
            f"<ul>{links}</ul></div>"
        )
    elif status:
        parts.append(f'<p class="status" role="status">{escape(status)}</p>')
    if not ballots:
        parts.append(
            f"<p>{escape(tx('vote.waiting'))}</p>"
            f'<a class="button secondary" href="{escape(page.here)}">{escape(tx("vote.check"))}</a>{release}'
        )
        return layout(page, tx("vote.heading"), "".join(parts))
    form = [
        f'<form method="post" action="{escape(page.here)}" novalidate>{page.xsrf}'
        f'<input type="hidden" name="voter" value="{escape(voter)}">'
    ]
    for n, ballot in enumerate(ballots):
        item = ballot.item
        round_note = (
            f' <span class="round">{escape(tx("vote.round", number=ballot.round))}</span>' if ballot.round > 1 else ""
        )
        problem = f'<p class="error" id="item-{n}-error">{escape(ballot.error)}</p>' if ballot.error else ""
        saved = f'<p class="status">{escape(tx("vote.saved_item"))}</p>' if ballot.saved and not ballot.error else ""
        form.append(
            f'<section class="item{" invalid" if ballot.error else ""}" id="item-{n}" aria-labelledby="item-{n}-name"'
            f"{' aria-describedby=item-' + str(n) + '-error' if ballot.error else ''}>"
            f'<h2 id="item-{n}-name">{escape(item.name(lang))}{round_note}</h2>{problem}{saved}'
            f'<p class="question">{escape(item.question(lang))}</p>'
            f"<details open><summary>{escape(tx('vote.levels'))}</summary>{_levels(scale, item, lang, tx)}</details>"
            f'<input type="hidden" name="round.{escape(item.key)}" value="{ballot.round}">'
            f"{_choices(scale, ballot, 'current', lang, tx, n)}{_choices(scale, ballot, 'desired', lang, tx, n)}"
            f'<label class="text" for="comment-{n}">{escape(tx("vote.comment"))}</label>'
            f'<p class="help" id="comment-{n}-help">{escape(tx("vote.comment_help"))}</p>'
            f'<textarea id="comment-{n}" name="comment.{escape(item.key)}" rows="3" maxlength="1000" '
            f'aria-describedby="comment-{n}-help">{escape(ballot.comment)}</textarea></section>'
        )
    form.append(f'<button type="submit">{escape(tx("vote.save"))}</button></form>{release}')
    parts.append("".join(form))
    return layout(page, tx("vote.heading"), "".join(parts))


def values(form: Mapping[str, list[bytes]], name: str) -> str:
    """A form field's value as text ('' when absent or not UTF-8)."""
    try:
        return form.get(name, [b""])[0].decode("utf-8")
    except UnicodeDecodeError:
        return ""
