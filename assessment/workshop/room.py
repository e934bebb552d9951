"""What may happen in the workshop room, as changes to the document.

The consultant opens an item, reveals its spread, records what the group agreed and
locks it, or starts a re-vote; phones join and cast votes. Each operation checks that it
is allowed now and changes the document in place; what is not allowed raises
:class:`Refused`, whose ``reason`` names the text shown to the person (``workshop.error.*``).
The vote server and the consultant's kernel both call these, each on its own copy of the
file, and the store combines their saves.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from ..data.scale import Scale
from ..document.model import Assessment, Poll, Rating, Round, Vote, Voter
from .items import item, items

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0 or 1: nothing to misread on a wall
ANONYMOUS_PREFIX = "anon-"
COMMENT_MAX = 1000


class Refused(Exception):
    """Not allowed now; ``reason`` is the key of the message (``workshop.error.<reason>``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def prepare(doc: Assessment, *, new_link: bool = False) -> None:
    """Give the room its join token, typed code and cookie secret, once (or anew: ``new_link``).
    They stay in the file, so the link sent for a survey still works in the workshop."""
    room = doc.room
    if new_link or room.token is None:
        room.token = secrets.token_urlsafe(18)
        room.code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
    if new_link or room.secret is None:
        room.secret = secrets.token_urlsafe(32)


def start(
    doc: Assessment, scale: Scale, run: str, *, survey_until: datetime | None = None, survey: bool = False
) -> None:
    """The server ``run`` serves the room from now on (a server serving it before sees that and
    stops). A survey opens every item not put to the room yet, until its deadline."""
    prepare(doc)
    doc.room.run = run
    doc.room.survey_until = survey_until if survey else None
    if survey:
        for each in items(scale):
            if doc.room.poll(each.key) is None:
                open_item(doc, scale, each.key)


def stop(doc: Assessment, run: str | None = None) -> None:
    """End the workshop (``run``: only if that server still serves it); the server then stops."""
    if run is None or doc.room.run == run:
        doc.room.run = None


def _poll(doc: Assessment, key: str) -> Poll:
    found = doc.room.poll(key)
    if found is None:
        raise Refused("not_open")
    return found


def open_item(doc: Assessment, scale: Scale, key: str, at: datetime | None = None) -> None:
    """Put an item to the room: phones may vote on it, nobody sees the votes yet."""
    item(scale, key)  # KeyError for an item the scale does not have
    existing = doc.room.poll(key)
    if existing is None:
        doc.room.polls.append(Poll(item=key, state="open", rounds=[Round(number=1, opened_at=at or now())]))
    elif existing.state != "open":
        raise Refused("already_voted")


def reveal(doc: Assessment, key: str, at: datetime | None = None) -> None:
    """Show the spread: voting on the item closes, so nobody votes after seeing the others."""
    poll = _poll(doc, key)
    if poll.state == "open":
        poll.state = "revealed"
        poll.round.revealed_at = at or now()


def revote(doc: Assessment, key: str, at: datetime | None = None) -> None:
    """A new round on an item already shown; the earlier rounds stay as the trail."""
    poll = _poll(doc, key)
    if poll.state == "open":
        return
    poll.rounds.append(Round(number=poll.round.number + 1, opened_at=at or now()))
    poll.state, poll.locked_at = "open", None


def agree(
    doc: Assessment,
    scale: Scale,
    key: str,
    current: int | None,
    desired: int | None,
    *,
    reasoning: str = "",
    dissent: str = "",
    lock: bool = False,
    at: datetime | None = None,
) -> None:
    """Record what the group agreed after the discussion: the item's levels (the assessment's
    answer), the reasoning and any dissent; ``lock`` closes the item."""
    poll = _poll(doc, key)
    if poll.state == "open":
        raise Refused("not_revealed")
    for level in (current, desired):
        if level is not None and level not in scale.numbers:
            raise Refused("level")
    target = item(scale, key)
    if target.area is None:
        doc.dialogue.current, doc.dialogue.desired = current, desired
    else:
        rating = doc.rating(target.area.id)
        if rating is None:
            rating = Rating(area=target.area.id)
            doc.ratings.append(rating)
        if current is not None or desired is not None:
            rating.not_applicable = False
        rating.current, rating.desired = current, desired
    poll.reasoning, poll.dissent = reasoning, dissent
    if lock:
        poll.state, poll.locked_at = "locked", at or now()


def join(doc: Assessment, participant: str | None, lang: str | None = None, at: datetime | None = None) -> str:
    """Let someone in: a participant by id (once: a name already taken is refused), or, with
    ``participant`` None, an anonymous voter under a new random pseudonym. Returns the voter id."""
    room = doc.room
    if participant is not None:
        if participant not in {p.id for p in doc.participants}:
            raise Refused("unknown_participant")
        if any(v.id == participant for v in room.voters):
            raise Refused("taken")
        voter_id, anonymous = participant, False
    else:
        taken = {v.id for v in room.voters} | {p.id for p in doc.participants}
        voter_id = ANONYMOUS_PREFIX + secrets.token_hex(4)
        while voter_id in taken:
            voter_id = ANONYMOUS_PREFIX + secrets.token_hex(4)
        anonymous = True
    room.voters.append(Voter(id=voter_id, anonymous=anonymous, lang=lang, joined_at=at or now()))
    return voter_id


def release(doc: Assessment, voter: str, at: datetime | None = None) -> str:
    """A participant who joined by name goes on anonymously: a new pseudonym takes over their
    votes in every round (they keep counting) and their seat in the room is given up, so
    nothing in the file ties those votes to their name any more. Returns the pseudonym."""
    room = doc.room
    seat = next((v for v in room.voters if v.id == voter and not v.anonymous), None)
    if seat is None:
        raise Refused("not_named")
    room.voters.remove(seat)
    pseudonym = join(doc, None, seat.lang, at)
    for poll in room.polls:
        for rnd in poll.rounds:
            for vote in [v for v in rnd.votes if v.voter == voter]:
                rnd.votes.remove(vote)  # appended anew: not even its place in the list is left
                rnd.votes.append(vote.model_copy(update={"voter": pseudonym}))
    return pseudonym


def cast(
    doc: Assessment,
    scale: Scale,
    voter: str,
    key: str,
    current: int | None,
    desired: int | None,
    comment: str = "",
    *,
    round_number: int | None = None,
    at: datetime | None = None,
) -> None:
    """Store (or replace) ``voter``'s vote on an open item; ``None`` is "don't know".

    ``round_number`` is the round the voter saw: a vote for a round the consultant has since
    replaced is refused, so nobody's earlier answer counts in the re-vote by mistake."""
    at = at or now()
    room = doc.room
    if voter not in {p.id for p in doc.participants} | {v.id for v in room.voters if v.anonymous}:
        raise Refused("unknown_voter")
    try:
        item(scale, key)
    except KeyError:
        raise Refused("unknown_item") from None
    poll = room.poll(key)
    if poll is None or poll.state != "open":
        raise Refused("closed")
    if round_number is not None and round_number != poll.round.number:
        raise Refused("new_round")
    if room.survey_until is not None and at > room.survey_until:
        raise Refused("deadline")
    for level in (current, desired):
        if level is not None and level not in scale.numbers:
            raise Refused("level")
    if len(comment) > COMMENT_MAX:
        raise Refused("comment")
    vote = Vote(voter=voter, current=current, desired=desired, comment=comment.strip(), cast_at=at)
    votes = poll.round.votes
    for i, old in enumerate(votes):
        if old.voter == voter:
            votes[i] = vote
            return
    votes.append(vote)
