"""Who may join from a phone, and how the phone's name picker shows them.

The picker is the one place a participant's name is shown on a phone: it is in the room,
and each person must find themselves. A participant who consented to be named appears by
name (and role); one who did not appears by their role and initials only ("Overlæge
(R.H.I.)"), enough for them to recognise, too little to name them on a phone screenshot
that leaves the room. Outputs never name voters at all (:mod:`assessment.outputs.spread`).
"""

from __future__ import annotations

from ..document.model import Assessment
from ..document.privacy import Names


def initials(name: str) -> str:
    return "".join(f"{word[0].upper()}." for word in name.replace("-", " ").split() if word[:1].isalpha())


def picker_labels(doc: Assessment, lang: str) -> dict[str, str]:
    """Participant id -> the label the picker shows; labels that would be alike are numbered.
    A participant who may not be named is shown as the privacy module shows them (their role,
    with any name in it hidden), plus their initials."""
    names = Names(doc, lang)
    labels = {}
    for p in doc.participants:
        if names.may_name(p):
            labels[p.id] = f"{p.name} ({p.role})" if p.role else p.name
        else:
            labels[p.id] = f"{names.shown_name(p)} ({initials(p.name)})"
    seen: dict[str, int] = {}
    for pid, label in list(labels.items()):
        if list(labels.values()).count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            labels[pid] = f"{label} · {seen[label]}"
    return labels
