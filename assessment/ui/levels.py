"""The scale's levels as the views show them: choices, level cards, what a move takes, and
the caveat box shown wherever a level with a caveat is chosen."""
from __future__ import annotations

from html import escape

from ..outputs.analysis import caveated_levels
from ..data.scale import Level
from .session import Session


def level_options(session: Session) -> list[tuple[str, int | None]]:
    """"Not chosen" then ``1 · One-way information`` … for a level dropdown."""
    lang = session.lang
    levels = [(f"{lv.level} · {lv.name(lang)}", lv.level) for lv in session.opened.scale.levels]
    return [(session.t("level.none"), None), *levels]


def what_it_takes(session: Session, level: Level) -> str:
    """Platform set-up, content and organisation at ``level``, as paragraphs."""
    lang = session.lang
    return "".join(
        f"<p><b>{escape(session.t(f'ui.level.{part}'))}:</b> {escape(getattr(level, part)(lang))}</p>"
        for part in ("platform", "content", "organisation")
    )


def level_cards(session: Session, current: int | None, desired: int | None) -> str:
    """All levels side by side; the chosen ones marked, a level with a caveat drawn dashed."""
    lang, org_type = session.lang, session.doc.organisation.type
    cards = []
    for lv in session.opened.scale.levels:
        classes = ["dmw-level", f"dmw-level-{lv.level}"]
        tags = []
        for kind, chosen in (("current", current), ("desired", desired)):
            if chosen == lv.level:
                classes.append(f"dmw-level-{kind}")
                tags.append(f'<span class="dmw-tag dmw-tag-{kind}">{escape(session.t(f"field.{kind}_level"))}</span>')
        if lv.caveat is not None:
            classes.append("dmw-level-caveat")
        example = lv.examples.get(org_type)
        example_html = (f'<p class="dmw-help"><i>{escape(session.t("ui.level.example"))}:</i> {escape(example(lang))}</p>'
                        if example else "")
        cards.append(
            f'<div class="{" ".join(classes)}">{"".join(tags)}'
            f"<h4>{escape(session.t('level.label', number=lv.level))}<br>{escape(lv.name(lang))}</h4>"
            f"<p><i>{escape(lv.summary(lang))}</i></p>{what_it_takes(session, lv)}{example_html}</div>"
        )
    return f'<div class="dmw-levels">{"".join(cards)}</div>'


def caveat_boxes(session: Session, numbers: list[int | None]) -> str:
    """The caveat of every chosen level that has one, clearly set apart; empty if none."""
    lang = session.lang
    return "".join(
        f'<div class="dmw-caveat dmw-caveat-{lv.level}"><b>{escape(session.t("caveat.title"))} · '
        f'{escape(session.t("level.label", number=lv.level))}: {escape(lv.name(lang))}</b>'
        f"<p>{escape(lv.caveat(lang))}</p></div>"
        for lv in caveated_levels(session.opened, numbers)
    )
