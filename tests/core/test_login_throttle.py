"""The login delay, worked by hand: 5 free failures, then 1, 2, 4 … seconds, at most 60."""

import datetime as dt

import pytest

from bombaram.core.login_throttle import (
    ACCOUNT_POLICY,
    ADDRESS_POLICY,
    ThrottlePolicy,
    delay_for,
    seconds_to_wait,
)

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("n", "expected"), [
    (0, 0), (1, 0), (5, 0),  # free
    (6, 1), (7, 2), (8, 4), (9, 8), (10, 16), (11, 32),  # 1 × 2^(n − 6)
    (12, 60), (13, 60), (500, 60),  # capped: 64 > 60
])
def test_account_delay_grows_then_stops_at_the_cap(n, expected):
    assert delay_for(n, ACCOUNT_POLICY) == expected


def test_address_policy_allows_more_before_a_delay_and_caps_at_five_minutes():
    assert delay_for(20, ADDRESS_POLICY) == 0
    assert delay_for(21, ADDRESS_POLICY) == 1
    assert delay_for(40, ADDRESS_POLICY) == 300


def test_wait_counts_from_the_latest_failure_and_forgets_the_window():
    seven = [T0 + dt.timedelta(seconds=s) for s in range(7)]  # 7 failures at 0..6 s → 2 s after 6 s
    assert seconds_to_wait(seven, now=T0 + dt.timedelta(seconds=6), policy=ACCOUNT_POLICY) == 2
    assert seconds_to_wait(seven, now=T0 + dt.timedelta(seconds=7.5), policy=ACCOUNT_POLICY) == 0.5
    assert seconds_to_wait(seven, now=T0 + dt.timedelta(seconds=8), policy=ACCOUNT_POLICY) == 0
    # 16 minutes later every failure has left the 15-minute window
    assert seconds_to_wait(seven, now=T0 + dt.timedelta(minutes=16), policy=ACCOUNT_POLICY) == 0
    # failures in the future (clock skew between servers) are ignored rather than counted
    assert seconds_to_wait([T0 + dt.timedelta(hours=1)] * 9, now=T0, policy=ACCOUNT_POLICY) == 0


def test_no_failures_never_wait():
    policy = ThrottlePolicy(free=0, base_seconds=3, cap_seconds=3, window=dt.timedelta(minutes=1))
    assert seconds_to_wait([], now=T0, policy=policy) == 0
    assert seconds_to_wait([T0], now=T0, policy=policy) == 3
