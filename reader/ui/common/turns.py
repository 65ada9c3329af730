"""Long start-up work cut into turns of the event loop, so that paints, input and timers run in between."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer


def next_turn(then: Callable[[], None]) -> None:
    """Run `then` on a later turn, after what is already due (paints, input, timers). Not a 0 ms single
    shot: in Qt 6 that is a posted call, run before any timer is looked at, so a chain of them is one long
    turn for everything else."""
    QTimer.singleShot(1, then)
