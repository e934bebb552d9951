"""Who the workbook's outputs may name, and hiding everyone else in what users typed.

One rule, one place. The PDF, the Excel, CSV and HTML exports, the docx and the UI ask
this module how a participant or the facilitator is shown, and build their output from
:func:`shown`: a copy of the document in which every unambiguous mention of a person who
may not be named is replaced by their role, in the fields users write (:data:`FREE_TEXT`)
and nowhere else. Labels, dates, scale and catalogue texts are not in the document, so
they are never touched; neither is the name of a person who may be named.

A participant may be named when they consented and the output is not anonymised; the
facilitator unless it is anonymised. Mentions are found case-insensitively, Unicode-
normalised, with any whitespace between the parts of a name (no-break spaces, line
breaks) and with Danish, Norwegian and English possessives (``Bechs``, ``Bech's``,
``Agnes'``). What cannot be decided is never guessed: a first name alone, a name that is
also a word, a surname alone in lower case, a surname shared with someone who may be named,
or a name joined to another word (``jonas.bech@…``) stays as typed and is listed by
:func:`review`, for the consultant to settle before export.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, Literal, cast

from ..data.i18n import locales, t
from .context import Opened
from .model import Assessment, Goal, Participant, Rating

Reason = Literal["first_name", "common_word", "shared", "joined"]

#: Characters that never count inside a name: soft hyphen, zero-width spaces and joiners.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
#: What may not touch either end of a mention: letters, digits and combining marks.
WORD = r"\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
#: Apostrophes of a possessive, the acute accent included (Danish keyboards type ``Bech´s``).
APOSTROPHES = "'\u2019\u02bc\u00b4`"
#: Characters that join a name to another word, as in ``jonas.bech@…`` or ``Holm-Nielsen``.
JOINERS = frozenset("-\u2010\u2011\u2013./@_\\")
COMBINING = re.compile(f"[{WORD[2:]}]")  # combining marks: text typed decomposed (NFD)
SHORTEST_SURNAME = 3  # letters; shorter ones (Li, Bø) are words as often as names
CONTEXT = 30  # characters either side of a doubtful mention in the review
FACILITATOR_SPLIT = re.compile(r"\s*(?:[,;(/\u2013\u2014]|\s-\s)\s*")


@dataclass(frozen=True)
class FreeText:
    """A field users write in: where it is in the document and where the UI edits it."""

    path: str  # dotted; ``*`` is every item of a list
    section: str  # locale key of the step that edits it
    label: str  # locale key of the field's name ("" when the item names it)


#: Every field of the document whose text users write. Nothing else is ever rewritten.
FREE_TEXT: tuple[FreeText, ...] = (
    FreeText("organisation.name", "section.intake", "field.organisation"),
    FreeText("organisation.unit", "section.intake", "field.unit"),
    FreeText("organisation.own_channels.*", "section.intake", "field.channels"),
    FreeText("organisation.own_target_groups.*", "section.intake", "field.target_groups"),
    FreeText("workshop.place", "section.intake", "field.place"),
    FreeText("workshop.facilitator", "section.intake", "field.facilitator"),
    FreeText("participants.*.role", "section.intake", "field.role"),
    FreeText("purposes.social_purpose", "section.purpose", "field.social_purpose"),
    FreeText("purposes.own.*.text", "section.purpose", "field.own_purpose"),
    FreeText("purposes.challenges.*", "section.purpose", "field.challenges"),
    FreeText("goals.*.text", "section.goals", ""),
    FreeText("kpis.*.name", "section.goals", "field.kpi"),
    FreeText("kpis.*.metric", "section.goals", "field.metric"),
    FreeText("kpis.*.unit", "section.goals", "field.unit_of_measure"),
    FreeText("kpis.*.period", "section.goals", "field.period"),
    FreeText("dialogue.rationale", "section.dialogue", "field.rationale"),
    FreeText("ratings.*.notes", "section.areas", "field.notes"),
    FreeText("ratings.*.evidence", "section.areas", "field.evidence"),
    FreeText("actions.*.what", "section.summary", "field.action"),
    FreeText("actions.*.owner", "section.summary", "field.owner"),
    FreeText("actions.*.status_note", "section.summary", "followup.field.status_note"),
    FreeText("kpis.*.actuals.*.period", "section.goals", "field.period"),
    FreeText("kpis.*.actuals.*.note", "section.goals", "followup.field.value"),
    FreeText("strategy.position", "section.purpose", "field.position"),
    FreeText("strategy.style_and_tone", "section.purpose", "field.style_tone"),
    FreeText("strategy.accessibility_notes", "section.purpose", "field.accessibility"),
    FreeText("strategy.roadmap.*.period", "section.summary", "field.period"),
    FreeText("strategy.roadmap.*.what", "section.summary", "field.roadmap_what"),
    FreeText("room.polls.*.reasoning", "section.dialogue", "workshop.wall.reasoning"),
    FreeText("room.polls.*.dissent", "section.dialogue", "workshop.wall.dissent"),
    FreeText("room.polls.*.rounds.*.votes.*.comment", "section.dialogue", "workshop.vote.comment"),
)


# --------------------------------------------------------------------------- comparing names


def fold(text: str) -> str:
    """``text`` as names are compared: canonically decomposed and case-folded (so ``ÅSE``,
    ``Åse`` typed on a Mac and ``åse`` are equal), hyphens unified, invisible characters dropped."""
    text = "".join(c for c in text if c not in INVISIBLE).translate(HYPHENS)
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())


@dataclass(frozen=True)
class _Folded:
    """A text folded for matching, with where each folded character came from, so a
    mention found in it is replaced in the text as typed and nothing else changes."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]


def _folded(text: str) -> _Folded:
    if text.isascii():
        return _Folded(text.lower(), range(len(text)), range(1, len(text) + 1))
    if not COMBINING.search(text):  # the usual case: one unit per character, folded from a cache
        parts = list(map(_fold_char, text))
        return _Folded(
            "".join(parts),
            [i for i, part in enumerate(parts) for _ in part],
            [i + 1 for i, part in enumerate(parts) for _ in part],
        )
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1  # a letter and its accents are one unit
        part = fold(text[i:j])
        chars.append(part)
        starts += [i] * len(part)
        ends += [j] * len(part)
        i = j
    return _Folded("".join(chars), starts, ends)


@cache
def _fold_char(char: str) -> str:
    return fold(char)


def _words(text: str) -> list[str]:
    return fold(unicodedata.normalize("NFC", text)).split()


def _bare(word: str) -> str:
    """A folded word without the punctuation around it (``bech,`` → ``bech``)."""
    return word.strip(".,;:()[]\"'!?")


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


@cache
def common_words() -> frozenset[str]:
    """Words that are also names, in every language the workbook speaks, month names included."""
    return frozenset(fold(w) for loc in locales().values() for w in (*loc.name_words, *loc.months))


@cache
def _placeholders() -> frozenset[str]:
    """What :func:`shown` puts where a name was: no one's name, never matched."""
    return frozenset(fold(t(lang, "participant.unnamed")) for lang in locales())


def _wordlike(word: str) -> bool:
    return _letters(word) < SHORTEST_SURNAME or word in common_words()


# --------------------------------------------------------------------------- people and their names


@dataclass(frozen=True)
class _Person:
    name: str  # as typed
    label: str  # what stands instead of the name where it is hidden
    hidden: bool
    phrases: tuple[str, ...] = ()  # more that names them: the facilitator's whole entry, a firm named after them


@dataclass(frozen=True)
class _Forms:
    """The ways a name is written, folded: several words (``jonas bech``, ``holm iversen``),
    the surname alone, and the first and middle names alone."""

    several: frozenset[str]
    surname: str | None
    given: tuple[str, ...]


def _forms(name: str) -> _Forms:
    typed = [w for w in unicodedata.normalize("NFC", name).split() if fold(w)]
    words = [fold(w) for w in typed]
    # ``de`` in ``Jan de Vries`` is a particle, not a name of its own: lower case in a capitalised name
    particle = [w.islower() and not all(x.islower() for x in typed) for w in typed]
    several = {
        " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1) if not particle[j - 1]
    }
    if len(words) >= 3:
        several.add(f"{words[0]} {words[-1]}")
    single = [(i, _bare(w)) for i, w in enumerate(words) if not particle[i] and _letters(_bare(w)) >= 2]
    surname = single[-1][1] if len(words) >= 2 and single and single[-1][0] == len(words) - 1 else None
    given = tuple(w for i, w in single if i != len(words) - 1 or surname is None)
    return _Forms(frozenset(several), surname, given)


def _facilitator(entry: str, label: str, hidden: bool) -> _Person | None:
    """``Anne Holm, Holm Rådgivning``: the person before the first comma (or dash, slash,
    parenthesis); the whole entry, and a firm carrying the person's name, name them too."""
    entry = " ".join(entry.split())
    if not entry:
        return None
    person, *rest = FACILITATOR_SPLIT.split(entry, maxsplit=1)
    firm = rest[0].strip(" )") if rest else ""
    phrases = [entry]
    if firm and {_bare(w) for w in _words(firm)} & {_bare(w) for w in _words(person)}:
        phrases.append(firm)
    return _Person(person or entry, label, hidden, tuple(phrases))


@dataclass(frozen=True)
class _Claim:
    """What a written form of a name means: hide it (by ``label``), doubt it, or keep it
    (the name of someone who may be named)."""

    action: Literal["hide", "doubt", "keep"]
    label: str = ""
    people: tuple[str, ...] = ()  # who may not be named and could be meant
    reason: Reason | None = None


def _merged(a: _Claim, b: _Claim, generic: str) -> _Claim:
    """Two people written the same way: only the same action for both stands."""
    people = tuple(dict.fromkeys(a.people + b.people))
    if a.action == b.action == "keep":
        return a
    if "doubt" in (a.action, b.action):
        return _Claim("doubt", people=people, reason=(a if a.action == "doubt" else b).reason)
    if "keep" in (a.action, b.action):
        return _Claim("doubt", people=people, reason="shared")
    return _Claim("hide", a.label if a.label == b.label else generic, people)


@dataclass(frozen=True)
class Mention:
    """A mention found in a text: where (as typed), and what it means."""

    start: int
    end: int  # of the name; the possessive ending, if any, runs on to ``stop``
    stop: int
    possessive: str  # as typed: ``s``, ``'``, ``'s`` or ""
    claim: _Claim
    joined: bool  # touches another word: ``jonas.bech@…``, ``Anne-Marie``

    @property
    def hidden(self) -> bool:
        return self.claim.action == "hide" and not self.joined

    @property
    def doubtful(self) -> bool:
        return self.claim.action == "doubt" or (self.claim.action == "hide" and self.joined)

    @property
    def reason(self) -> Reason:
        return self.claim.reason or "joined"


class _Matcher:
    """Finds every written form of the people's names in a text, longest first."""

    def __init__(self, claims: dict[str, _Claim]) -> None:
        self.claims = claims
        self.pattern: re.Pattern[str] | None = None
        if any(c.action != "keep" for c in claims.values()):
            alternatives = "|".join(
                r"\s+".join(map(re.escape, key.split(" "))) for key in sorted(claims, key=len, reverse=True)
            )
            apostrophe = re.escape(APOSTROPHES)
            self.pattern = re.compile(
                rf"(?<![{WORD}])(?P<name>{alternatives})"
                rf"(?P<possessive>[{apostrophe}]s|[{apostrophe}]|s)?(?![{WORD}])"
            )

    @classmethod
    def of(cls, people: list[_Person], generic: str) -> _Matcher:
        """What each written form of the people's names means; ``generic`` stands for a
        form that several people who may not be named share."""
        claims: dict[str, _Claim] = {}

        def claim(key: str, new: _Claim) -> None:
            claims[key] = _merged(claims[key], new, generic) if key in claims else new

        forms = {id(p): _forms(p.name) for p in people}
        visible = {_bare(w) for p in people if not p.hidden for text in (p.name, *p.phrases) for w in _words(text)}
        given_anywhere = {w for f in forms.values() for w in f.given}
        for p in (p for p in people if p.hidden):
            f, who = forms[id(p)], (p.name,)
            for key in f.several | {" ".join(_words(x)) for x in p.phrases}:
                claim(key, _Claim("hide", p.label, who))
            for word in f.given:
                claim(word, _Claim("doubt", people=who, reason="common_word" if _wordlike(word) else "first_name"))
            if f.surname is not None:
                s = f.surname
                if _wordlike(s):
                    claim(s, _Claim("doubt", people=who, reason="common_word"))
                elif s in visible:
                    claim(s, _Claim("doubt", people=who, reason="shared"))
                elif s in given_anywhere:
                    claim(s, _Claim("doubt", people=who, reason="first_name"))
                else:
                    claim(s, _Claim("hide", p.label, who))
        hidden_only = cls(dict(claims))
        for p in (p for p in people if not p.hidden):
            # the name of someone who may be named is never cut into, nor the facilitator's
            # entry and firm, unless they hold the name of someone who may not be
            for key in forms[id(p)].several:
                claim(key, _Claim("keep"))
            for phrase in p.phrases:
                if not any(m.claim.action == "hide" for m in hidden_only.mentions(phrase)):
                    claim(" ".join(_words(phrase)), _Claim("keep"))
        return cls(claims)

    def mentions(self, text: str) -> Iterator[Mention]:
        if self.pattern is None or not text:
            return
        folded = _folded(text)
        for m in self.pattern.finditer(folded.text):
            key = " ".join(m.group("name").split())
            found = self.claims[key]
            if found.action == "keep":
                continue
            start, end = folded.starts[m.start("name")], folded.ends[m.end("name") - 1]
            stop = folded.ends[m.end() - 1]
            joined = (start >= 2 and text[start - 1] in JOINERS and text[start - 2].isalnum()) or (
                stop + 1 < len(text) and text[stop] in JOINERS and text[stop + 1].isalnum()
            )
            if found.action == "hide" and not joined and " " not in key and text[start:end].islower():
                # a surname alone written in lower case reads as a word ("den digitale post"):
                # asked about, not hidden
                found = _Claim("doubt", people=found.people, reason="common_word")
            yield Mention(start, end, stop, text[end:stop], found, joined)

    def hide(self, text: str) -> str:
        pieces, last = [], 0
        for m in self.mentions(text):
            if m.hidden:
                pieces += [text[last : m.start], m.claim.label, _possessive(m.claim.label, m.possessive)]
                last = m.stop
        return "".join(pieces) + text[last:] if pieces else text


def _possessive(label: str, typed: str) -> str:
    """The possessive ending for what replaces a name: English ``'s`` as typed; the Danish
    and Norwegian ``s`` (``'`` after s, x, z) made right for the new word: ``Hess'`` → ``Jurists``."""
    if len(typed) != 1:
        return typed
    return "'" if label[-1:].lower() in ("s", "x", "z") else "s"


class Names:
    """How one document's people are shown in one output, anonymised or not."""

    def __init__(self, doc: Assessment, lang: str, anonymise: bool = False) -> None:
        self.lang, self.anonymise = lang, anonymise
        self.unnamed = t(lang, "participant.unnamed")
        self._facilitator_entry = doc.workshop.facilitator
        participants = [p for p in doc.participants if fold(" ".join(p.name.split())) not in _placeholders()]
        self._named = {p.id for p in participants if p.consent_to_be_named and not anonymise}
        facilitator = _facilitator(doc.workshop.facilitator, t(lang, "field.facilitator"), anonymise)
        extra = [facilitator] if facilitator is not None else []

        def people(label: Callable[[Participant], str]) -> list[_Person]:
            return [_Person(p.name, label(p), p.id not in self._named) for p in participants] + extra

        # a role can name someone too: the roles that stand for names are shown hidden first
        first = _Matcher.of(people(lambda _: self.unnamed), self.unnamed)
        self._labels = {p.id: first.hide(p.role).strip() or self.unnamed for p in doc.participants}
        self._matcher = _Matcher.of(people(lambda p: self._labels[p.id]), self.unnamed)

    def may_name(self, participant: Participant) -> bool:
        return participant.id in self._named

    def shown_name(self, participant: Participant) -> str:
        """The name with consent (and not anonymised); otherwise the role, or "participant
        without a name" when there is no role."""
        return participant.name if self.may_name(participant) else self._labels.get(participant.id, self.unnamed)

    def facilitator(self) -> str:
        """The facilitator's entry as outputs show it: nothing when anonymising."""
        return "" if self.anonymise else self.hide(self._facilitator_entry)

    def hide(self, text: str) -> str:
        """``text`` with every unambiguous mention of someone who may not be named replaced
        by what stands for them; every other character exactly as it was."""
        return self._matcher.hide(text)

    def mentions(self, text: str) -> list[Mention]:
        return list(self._matcher.mentions(text))


# --------------------------------------------------------------------------- the document as shown


def _visit(
    value: Any, parts: list[str], change: Callable[[tuple[str | int, ...], str], str], at: tuple[str | int, ...] = ()
) -> Any:
    """``value`` with ``change(path, text)`` applied to the texts at ``parts``; models are
    copied, never validated again (a hidden name may make a text longer than its field allows)."""
    if not parts:
        return change(at, value)
    head, rest = parts[0], parts[1:]
    if head == "*":
        return [_visit(item, rest, change, (*at, i)) for i, item in enumerate(value)]
    return value.model_copy(update={head: _visit(getattr(value, head), rest, change, (*at, head))})


def _each_free_text(doc: Assessment, change: Callable[[FreeText, tuple[str | int, ...], str], str]) -> Assessment:
    for spec in FREE_TEXT:
        doc = _visit(doc, spec.path.split("."), partial(change, spec))
    return doc


def shown(opened: Opened, *, anonymise: bool = False) -> Opened:
    """The assessment as an output may show it: names hidden in every free text, each
    participant who may not be named (everyone when anonymising) renamed "participant
    without a name", the facilitator left out when anonymising. Build outputs from this."""
    names = Names(opened.doc, opened.lang, anonymise)
    doc = _each_free_text(opened.doc.model_copy(deep=True), lambda _spec, _at, text: names.hide(text))
    people = [
        p if names.may_name(p) else p.model_copy(update={"name": names.unnamed, "consent_to_be_named": False})
        for p in doc.participants
    ]
    doc = doc.model_copy(update={"participants": people})
    if anonymise:
        doc = doc.model_copy(update={"workshop": doc.workshop.model_copy(update={"facilitator": ""})})
    return dataclasses.replace(opened, doc=doc)


@dataclass(frozen=True)
class Metadata:
    """What a file says about itself (PDF info, Excel and Word properties, HTML title)."""

    title: str
    author: str  # "" when no one may be named


def metadata(opened: Opened, *, anonymise: bool = False) -> Metadata:
    """The document's title (the organisation, names hidden) and author (the facilitator,
    unless anonymising), for every output's properties."""
    names = Names(opened.doc, opened.lang, anonymise)
    title = t(opened.lang, "export.title", organisation=names.hide(opened.doc.organisation.name))
    return Metadata(title, " ".join(names.facilitator().split()))


# --------------------------------------------------------------------------- the review before export


@dataclass(frozen=True)
class Doubt:
    """A mention the workbook would not decide: left as typed, for the consultant to check."""

    path: str  # the field, as the file's errors name it: ``ratings.2.notes``
    section: str  # locale key of the step where it is edited
    field: str  # locale key of the field ("" when ``item`` names it)
    item: str  # the row it is in (an area, an action …); "" for a field of its own
    mention: str  # as typed
    people: tuple[str, ...]  # who may not be named and could be meant
    reason: Reason
    before: str  # the words before it, on one line
    after: str  # and after it

    @property
    def context(self) -> str:
        return f"{self.before}{self.mention}{self.after}"

    def where(self, lang: str) -> str:
        parts = [t(lang, self.section), t(lang, self.field) if self.field else "", self.item]
        return " › ".join(p for p in parts if p)

    def message(self, lang: str) -> str:
        return t(
            lang,
            "privacy.doubt",
            mention=self.mention,
            people=", ".join(self.people),
            reason=t(lang, f"privacy.reason.{self.reason}"),
        )


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item(opened: Opened, at: tuple[str | int, ...]) -> str:
    """The row a field belongs to, as the user knows it: an area's name, a goal, an action …"""
    lang, value = opened.lang, cast(Any, opened.doc)  # walked by the parts of a path
    for part in at:
        if isinstance(part, int):
            item = value[part]
            if isinstance(item, Rating):
                area = next((a for a in opened.scale.areas if a.id == item.area), None)
                return area.name(lang) if area else item.area
            if isinstance(item, Goal):
                return f"{t(lang, 'field.objective' if item.kind == 'objective' else 'field.effect_goal')}: {_short(item.text)}"
            if isinstance(item, str):
                return str(part + 1)
            return _short(str(getattr(item, "name", None) or getattr(item, "text", None) or getattr(item, "what", "")))
        value = getattr(value, part)
    return ""


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The whole words within :data:`CONTEXT` characters before and after a mention, on one line."""
    before, after = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    if start > CONTEXT:
        before = "…" + re.sub(r"^\S*\s", "", before)
    if end + CONTEXT < len(text):
        after = re.sub(r"\s\S*$", "", after) + "…"
    return _one_line(before).lstrip(), _one_line(after).rstrip()


def review(opened: Opened, *, anonymise: bool = False) -> list[Doubt]:
    """Every mention in the free text that may name someone who may not be named but was
    not hidden, because it could as well be a word or someone else: in document order."""
    names = Names(opened.doc, opened.lang, anonymise)
    found: list[Doubt] = []

    def check(spec: FreeText, at: tuple[str | int, ...], text: str) -> str:
        for m in names.mentions(text):
            if m.doubtful:
                found.append(
                    Doubt(
                        ".".join(map(str, at)),
                        spec.section,
                        spec.label,
                        _item(opened, at),
                        _one_line(text[m.start : m.end]),
                        m.claim.people,
                        m.reason,
                        *_around(text, m.start, m.end),
                    )
                )
        return text

    _each_free_text(opened.doc, check)
    return found
