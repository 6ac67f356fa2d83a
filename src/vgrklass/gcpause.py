"""The cyclic garbage collector paused while a run builds large trees of objects.

Reading a whole region's structures and building their search index make millions of
tuples, lists and dicts that all stay alive; every batch of them sets off a collection
that walks what was made so far, and finds nothing to free. Pausing the collector for
such a stretch is what made a first `find` at 100× 0.3 s cheaper (docs/prestanda.md).
What the stretch leaves behind as garbage with cycles is collected once it is over.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
