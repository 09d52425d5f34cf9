"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, for work that makes many objects and no reference
    cycles: detection makes about 20 thousand spans a megabyte, and the collector's passes
    over all those young objects cost a twentieth of its time (and more again for whoever
    then prints them); reading a desk of 100k tags makes millions of objects, and the passes
    would add half the time of parsing its file."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
