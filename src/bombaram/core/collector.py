"""Pausing Python's cyclic garbage collector around work that builds many small objects.

Reading a million purchases or 180,000 Delphi answers creates that many objects without reference
cycles; each allocation burst makes the collector walk the growing heap again and again, which cost
15 % of a Delphi analysis (0.47 → 0.40 s at 300 × 200 × 3). Memory is still freed by reference
counting while the collector is paused.

The collector is one per process, so pauses are counted under a lock: the first pause switches it
off (if it was on), and the last pause to end switches it back on. In a threaded web server,
overlapping requests keep it off for as long as any of them is inside a pause, and it is never left
off afterwards. Used as a decorator, the pause covers each call; for a generator function it would
cover only the call that creates the generator, so it is not used on one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic collector for the ``with`` block (or the decorated call), then restore it."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
