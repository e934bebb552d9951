"""Which figures a benchmark may show: the k rule, the one place it is decided.

No figure may rest on fewer than k organisations, nor let such a group be worked out by
subtraction from figures that are shown. Two steps:

1. **Groups.** An organisation type with fewer than k organisations is merged into
   "other types". If that pool is then smaller than k (but not empty), the total minus
   the shown types would give it away, so the smallest shown type joins the pool too,
   and the next, until the pool holds at least k. When all organisations together are
   fewer than k, nothing is shown.
2. **Cells.** Within a group, a figure rests on the organisations that gave that answer
   (an area can be unrated or not applicable). A figure on fewer than k is suppressed;
   if the suppressed figures of an item together rest on fewer than k, the smallest
   figure still shown for that item is suppressed as well (its complement), and so on,
   and the total's figure too when all groups' are.

k must be a whole number of at least 3: with 2, each of the two knows the other's answer
by taking away its own. A missing or invalid k is an error, never a default of 0.
"""

from __future__ import annotations

from ..errors import AssessmentError

MIN_K = 3
DEFAULT_K = 5
OTHER = "other_types"  # the pooled group's id (never an organisation type id: those have no plural 's')
ALL = "all"


def valid_k(k: object) -> int:
    """``k`` as a whole number of at least :data:`MIN_K`, or an error."""
    if isinstance(k, str):
        try:
            k = int(k.strip())
        except ValueError:
            raise AssessmentError(
                f"k: '{k}' is not a whole number; give the smallest group size to show, "
                f"at least {MIN_K} (default {DEFAULT_K})"
            ) from None
    if isinstance(k, bool) or not isinstance(k, int):
        raise AssessmentError(f"k: {k!r} is not a whole number; give the smallest group size to show, at least {MIN_K}")
    if k < MIN_K:
        raise AssessmentError(
            f"k: {k} is too small; groups of fewer than {MIN_K} organisations would let "
            f"members work out each other's answers (default {DEFAULT_K})"
        )
    return k


def _grow_pool(pool: set[str], sizes: dict[str, int], k: int) -> set[str]:
    """Add the smallest groups outside ``pool`` until the pool's total is 0 or at least k."""
    pool = set(pool)
    while 0 < sum(sizes[g] for g in pool) < k:
        rest = sorted((n, g) for g, n in sizes.items() if g not in pool and n > 0)
        if not rest:
            break
        pool.add(rest[0][1])
    return pool


def group_of_types(counts: dict[str, int], k: int) -> dict[str, str | None]:
    """Each organisation type -> the group it is shown in: itself, :data:`OTHER`, or None when
    all organisations together are fewer than k (nothing is shown)."""
    k = valid_k(k)
    if sum(counts.values()) < k:
        return {t: None for t in counts}
    pool = _grow_pool({t for t, n in counts.items() if n < k}, counts, k)
    return {t: (OTHER if t in pool else t) for t in counts}


def suppressed(sizes: dict[str, int], total: int, k: int) -> set[str]:
    """The groups (and :data:`ALL`) whose figure for one item must not be shown, given how many
    organisations each figure rests on (``sizes``) and the total's (``total``)."""
    k = valid_k(k)
    hidden = _grow_pool({g for g, n in sizes.items() if 0 < n < k}, sizes, k)
    if total < k or 0 < sum(sizes[g] for g in hidden) < k:
        hidden |= set(sizes) | {ALL}
    return hidden
