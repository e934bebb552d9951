"""What keeps the room's votes the room's own: the token in the join link, the typed code,
signed voter cookies (tornado's, with the room's own secret), CSRF tokens (tornado's
``xsrf_cookies``), rate limits per client, and headers that let a page load nothing but itself.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

VOTER_COOKIE = "dmw_voter"
LANG_COOKIE = "dmw_lang"
COOKIE_DAYS = 30  # a survey may run for weeks before the workshop


def same_secret(given: str | None, expected: str | None) -> bool:
    """Compare a token or code in constant time, so its characters cannot be guessed one by one."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def typed_code(text: str) -> str:
    """The code as typed on a phone: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:8]


def nonce() -> str:
    return secrets.token_urlsafe(12)


def headers(script_nonce: str) -> dict[str, str]:
    """Every page: its own inline style and (with the nonce) script only, no framing, no
    referrer (the join link carries the token), no caching of a page showing someone's vote."""
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{script_nonce}'; "
            "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


@dataclass
class Bucket:
    """A token bucket: ``capacity`` at once, then ``rate`` per second."""

    capacity: float
    rate: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self, cost: float = 1.0) -> bool:
        moment = time.monotonic()
        if self.tokens < 0:
            self.tokens = self.capacity
        self.tokens = min(self.capacity, self.tokens + (moment - self.stamp) * self.rate)
        self.stamp = moment
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True


@dataclass
class RateLimits:
    """Per-client limits (a client: the voter when their cookie says so, else the address).

    ``requests`` is generous (a phone polls for the next question and a room of 30 may sit
    behind one address); ``failures`` (a wrong token, code or form key) is strict, and wrong
    codes from all clients together are capped too, so the four characters cannot be
    guessed by trying them all."""

    requests: tuple[float, float] = (200, 20)
    votes: tuple[float, float] = (30, 1)
    failures: tuple[float, float] = (10, 1 / 6)
    all_wrong_codes: tuple[float, float] = (100, 100 / 60)
    _buckets: dict[tuple[str, str], Bucket] = field(default_factory=dict)

    def allow(self, kind: str, client: str) -> bool:
        if len(self._buckets) > 50_000:  # forget idle clients rather than grow without end
            self._buckets.clear()
        key = (kind, client)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(*getattr(self, kind))
        return bucket.take()

    def blocked(self, kind: str, client: str) -> bool:
        """Whether ``client`` has used up its ``kind`` budget (without using any)."""
        bucket = self._buckets.get((kind, client))
        if bucket is None:
            return False
        probe = Bucket(bucket.capacity, bucket.rate, bucket.tokens, bucket.stamp)
        return not probe.take()
