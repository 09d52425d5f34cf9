"""The garbage collector's passes run between keys, once a key's frame is drawn, not inside one."""

from __future__ import annotations

import gc

__all__ = ["COLLECT_AFTER_SECONDS", "THRESHOLDS", "YOUNG_ENOUGH", "collect_between_keys"]

COLLECT_AFTER_SECONDS = 0.02
"""How long after a key's frame, with no other key, the collector may run: the frame is on
the terminal by then (a collection holds the interpreter, so the driver's thread that writes
the frame would wait for it)."""

THRESHOLDS = (20_000, 20, 20)
"""The collector's own thresholds: a backstop for work that never pauses (a long detection),
high enough that the passes below come first while the analyst works."""

YOUNG_ENOUGH = 2_000
"""Young objects worth a pass between keys: about a millisecond of the collector's time."""


def collect_between_keys() -> None:
    """Run, now, the pass that the next allocations would otherwise set off in the middle of a
    key: each drawn frame leaves a few hundred strips and caches behind, and at 20,000 of them
    the collector stopped a key for 12-25 ms (a young pass) or 40-200 ms (a middle one).

    Called once a frame reached the screen and no key followed for a moment, so the analyst
    has seen the key's effect before the pass begins; each pass is kept small by coming
    often. The middle and old generations are collected here too, before their count would
    make the next automatic pass one of theirs.
    """
    young, middle, old = gc.get_count()
    _, middle_limit, old_limit = gc.get_threshold()
    if middle >= middle_limit - 1:
        gc.collect(2 if old >= old_limit - 1 else 1)
    elif young >= YOUNG_ENOUGH:
        gc.collect(0)
