"""How long a login must wait after failed attempts: a growing delay, never a lockout.

Failures are counted per key (an account name, or a client address) within a sliding window. Up to
``free`` failures cost nothing; after that each further attempt must wait

    delay(n) = min(base × 2^(n − free − 1), cap)   seconds after the latest failure,

where n is the number of failures in the window (so the (free+1)-th failure asks for ``base`` seconds,
the next for 2 × base, …, never more than ``cap``). Because the delay is capped and failures leave the
window, an attacker who keeps guessing a user's password only slows that user's next login by at most
``cap`` seconds: it is a throttle, not a lockout that could be used against the user (OWASP,
"Blocking Brute Force Attacks": progressive delays rather than account lock-out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    free: int  # failures allowed without delay
    base_seconds: float
    cap_seconds: float
    window: dt.timedelta


#: per account name: 5 free failures in 15 minutes, then 1, 2, 4 … seconds, at most 60
ACCOUNT_POLICY = ThrottlePolicy(free=5, base_seconds=1.0, cap_seconds=60.0, window=dt.timedelta(minutes=15))
#: per client address (one machine trying many accounts): 20 free, then 1, 2, 4 … at most 300
ADDRESS_POLICY = ThrottlePolicy(free=20, base_seconds=1.0, cap_seconds=300.0, window=dt.timedelta(minutes=15))


def delay_for(n_failures: int, policy: ThrottlePolicy) -> float:
    """The delay (seconds) asked after the latest of ``n_failures`` failures in the window."""
    if n_failures <= policy.free:
        return 0.0
    exponent = min(n_failures - policy.free - 1, 30)
    return min(policy.base_seconds * (2**exponent), policy.cap_seconds)


def seconds_to_wait(failures: Iterable[dt.datetime], *, now: dt.datetime, policy: ThrottlePolicy) -> float:
    """Seconds left before the next attempt may be tried (0 when it may be tried now)."""
    recent = sorted(t for t in failures if now - policy.window < t <= now)
    if not recent:
        return 0.0
    ready_at = recent[-1] + dt.timedelta(seconds=delay_for(len(recent), policy))
    return max(0.0, (ready_at - now).total_seconds())
