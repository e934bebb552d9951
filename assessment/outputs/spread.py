"""How the room voted on an item: the distribution per level, its median and spread, and
whether it is a discussion point; under the one privacy rule of the workshop.

**The k rule** (:func:`may_show`, the only place it is decided): a distribution is shown
(wall, PDF, Excel, the radar's group median) only when at least ``k`` people gave a level
for it (``Room.k``, 3 unless the consultant chose otherwise), so nobody's vote can be
worked out in a small group. A hidden distribution carries no counts at all. No output
ever says who voted what: the document keeps each voter's id only so that a participant
can change their own vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..data.i18n import format_number, t
from ..document.context import Opened
from ..document.model import Poll, Round
from ..workshop.items import Item, items

#: Votes spanning this many levels or more (highest minus lowest) make an item a discussion point.
DISCUSSION_SPAN = 2


def may_show(answered: int, k: int) -> bool:
    """The k rule: a distribution of ``answered`` levels may be shown when at least ``k`` gave one."""
    return answered >= max(k, 1)


@dataclass(frozen=True)
class Distribution:
    """One question's answers (the current or the desired level): how many chose each level."""

    counts: dict[int, int]  # every level of the scale, in order, zeros included
    median: float
    low: int
    high: int

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def span(self) -> int:
        """Highest minus lowest level voted: 0 when all agree."""
        return self.high - self.low


@dataclass(frozen=True)
class Spread:
    """An item's round as it may be shown: ``current``/``desired`` are None when the k rule hides them."""

    item: Item
    poll: Poll
    round: Round
    k: int
    voted: int  # everyone who voted in the round, "don't know" included
    unknown_current: int
    unknown_desired: int
    current: Distribution | None
    desired: Distribution | None

    @property
    def shown(self) -> bool:
        return self.current is not None or self.desired is not None

    @property
    def discussion(self) -> bool:
        """Votes span two levels or more (only said where the spread may be shown)."""
        return any(d is not None and d.span >= DISCUSSION_SPAN for d in (self.current, self.desired))


def _distribution(levels: list[int], answers: list[int], k: int) -> Distribution | None:
    if not may_show(len(answers), k):
        return None
    counts = {n: answers.count(n) for n in levels}
    return Distribution(counts, median(answers), min(answers), max(answers))


def spread(item: Item, poll: Poll, k: int, round_number: int | None = None) -> Spread:
    """The spread of ``poll``'s latest round (or round ``round_number``), under the k rule."""
    rnd = poll.round if round_number is None else next(r for r in poll.rounds if r.number == round_number)
    levels = item.scale.numbers
    currents = [v.current for v in rnd.votes if v.current is not None]
    desireds = [v.desired for v in rnd.votes if v.desired is not None]
    return Spread(
        item=item,
        poll=poll,
        round=rnd,
        k=k,
        voted=len(rnd.votes),
        unknown_current=len(rnd.votes) - len(currents),
        unknown_desired=len(rnd.votes) - len(desireds),
        current=_distribution(levels, currents, k),
        desired=_distribution(levels, desireds, k),
    )


def spreads(opened: Opened) -> list[Spread]:
    """Every item put to the room, in the scale's order, as its latest round may be shown."""
    room = opened.doc.room
    found = []
    for each in items(opened.scale):
        poll = room.poll(each.key)
        if poll is not None:
            found.append(spread(each, poll, room.k))
    return found


def group_medians(opened: Opened) -> dict[str, tuple[float | None, float | None]]:
    """The group's median current and desired level per area (None where nothing may be shown)."""
    by_key = {s.item.key: s for s in spreads(opened)}
    result: dict[str, tuple[float | None, float | None]] = {}
    for each in items(opened.scale):
        if each.area is not None:
            found = by_key.get(each.key)
            result[each.area.id] = (
                found.current.median if found and found.current else None,
                found.desired.median if found and found.desired else None,
            )
    return result


def median_text(d: Distribution | None, lang: str) -> str:
    """``median 2,5, fra 1 til 4``: how the wall, the PDF and the sheets say where votes lay."""
    if d is None:
        return "–"
    return t(
        lang, "workshop.median", median=format_number(d.median, lang, 1 if d.median % 1 else 0), low=d.low, high=d.high
    )


def median_series(opened: Opened) -> tuple[dict[str, float | None] | None, str | None]:
    """The radar's third series: the group's median current level per area, with its label;
    (None, None) when the k rule leaves no area with a median to draw."""
    medians = {area: now for area, (now, _) in group_medians(opened).items()}
    if all(value is None for value in medians.values()):
        return None, None
    return medians, t(opened.lang, "report.chart.median")
