"""Bounded caches of pure functions: plain dicts, oldest entries first, the oldest quarter dropped at once.

Plain dicts rather than ``lru_cache``: a dict holding only texts, numbers and None is not
tracked by the garbage collector, while every full collection walks each ``lru_cache``
entry. Dropping the one oldest entry per insertion (``del cache[next(iter(cache))]``)
looks like constant time but is not: CPython keeps a deleted entry's slot until the dict
is resized, and ``iter`` walks those slots from the front each time. In a full cache of
16,384 texts every new entry cost about 14 µs that way, against 0.14 µs when a quarter
goes at once.
"""

from __future__ import annotations

import threading
from itertools import islice

_lock = threading.Lock()  # one for all caches: an insertion is short and rare beside the lookups


def keep(cache: dict, key, value, maxsize: int):
    """Remembers ``value`` under ``key``, making room first when the cache is full; returns ``value``."""
    with _lock:
        make_room(cache, maxsize)
        cache[key] = value
    return value


def make_room(cache: dict, maxsize: int) -> None:
    """When the cache is full, drop its oldest quarter (call with the lock held)."""
    if len(cache) >= maxsize:
        for key in list(islice(cache, max(1, maxsize // 4))):
            del cache[key]
