"""core.collector.paused: the cyclic collector is off inside, and back to its previous state after."""

import gc

import pytest

from bombaram.core import collector


def test_paused_restores_the_previous_state_even_after_an_error():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: still off, and the outer pause is not ended by the inner one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator_it_pauses_each_call():
    @collector.paused()
    def state() -> bool:
        return gc.isenabled()

    assert state() is False and state() is False
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_never_leave_the_collector_off():
    """The process has one collector: it is off while any pause runs, in any thread, and on again once
    the last one ends, whichever ends first (before, a pause starting while another ended could
    leave it off for good)."""
    import threading

    inside, release = threading.Barrier(3), threading.Event()
    seen: list[bool] = []

    def work() -> None:
        with collector.paused():
            inside.wait(timeout=5)  # both threads are inside their pause
            seen.append(gc.isenabled())
            release.wait(timeout=5)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait(timeout=5)
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert seen == [False, False] and gc.isenabled()

    first, second = collector.paused(), collector.paused()  # the first to start ends first
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second pause still runs
    second.__exit__(None, None, None)
    assert gc.isenabled()
