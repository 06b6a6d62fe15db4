"""Repeated warnings and errors are written once per interval, with a count."""

from __future__ import annotations

import logging

from newsroom_shared.logging import RepeatFilter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def record(
    msg: str, *args: object, level: int = logging.ERROR, name: str = "lib"
) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_a_flood_becomes_one_line_per_interval_with_the_count() -> None:
    clock = Clock()
    repeats = RepeatFilter(interval=10.0, clock=clock)
    passed = []
    for n in range(2000):  # 200 a second for 10 s, as a client reconnecting to a dead broker
        clock.now = n * 0.005 * 10
        item = record("Unable connect to node %s: %s", 1, f"attempt {n}")
        if repeats.filter(item):
            passed.append(item)
    assert len(passed) == 10  # one per 10 s over 100 s
    assert passed[1].getMessage().endswith("(and 199 more like it in the last 10s)")
    assert passed[1].repeated == 199  # type: ignore[attr-defined]


def test_kinds_are_kept_apart_and_info_is_never_held_back() -> None:
    repeats = RepeatFilter(interval=10.0, clock=Clock())
    assert repeats.filter(record("broker %s down", 1))
    assert repeats.filter(record("commit failed: %s", "x"))  # another template
    assert repeats.filter(record("broker %s down", 1, name="other"))  # another logger
    assert repeats.filter(record("broker %s down", 1, level=logging.WARNING))  # another level
    assert not repeats.filter(record("broker %s down", 2))
    assert all(repeats.filter(record("poll done", level=logging.INFO)) for _ in range(50))
