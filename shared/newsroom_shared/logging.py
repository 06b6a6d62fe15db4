"""Logging set-up shared by every service: JSON lines on stderr (or plain text for humans)."""

from __future__ import annotations

import logging.config
import time
from collections.abc import Callable
from typing import Any

# Client libraries are chatty at INFO about every reconnect and rebalance step.
_NOISY = ("aiokafka", "kafka", "elastic_transport", "httpx", "httpcore")


# A warning or error that repeats (a server down: every reconnect, every retry) is written once
# per this many seconds, with the count of what was held back since.
REPEAT_INTERVAL_SECONDS = 10.0


class RepeatFilter(logging.Filter):
    """Lets the first record of a kind through, then holds back records of the same kind
    (logger, level and message template, whatever its arguments) for `interval` seconds; the
    next one let through says how many were held back. INFO and below always pass."""

    def __init__(
        self, interval: float = REPEAT_INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.interval = interval
        self._clock = clock
        self._kinds: dict[tuple[str, int, str], tuple[float, int]] = {}  # -> (let through, held)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        shown, held = self._kinds.get(kind, (float("-inf"), 0))
        if now - shown < self.interval:
            self._kinds[kind] = (shown, held + 1)
            return False
        self._kinds[kind] = (now, 0)
        if held:
            record.repeated = held  # a field in JSON lines
            record.msg = f"{record.msg} (and {held} more like it in the last {now - shown:.0f}s)"
        if len(self._kinds) > 10_000:  # kinds are message templates: few, but keep it bounded
            self._kinds = {k: v for k, v in self._kinds.items() if now - v[0] < self.interval}
        return True


def logging_config(service: str, level: str = "INFO", json_format: bool = True) -> dict[str, Any]:
    """A `logging.config.dictConfig` dictionary; JSON records carry `service` and any
    `extra=` fields."""
    level = level.upper()
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "static_fields": {"service": service},
        }
        if json_format
        else {"format": f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s"}
    )
    quiet = logging.getLevelName(max(logging.WARNING, logging.getLevelName(level)))
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "filters": {"repeats": {"()": RepeatFilter}},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["repeats"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["default"]},
        "loggers": {name: {"level": quiet} for name in _NOISY},
    }


def configure_logging(service: str, level: str = "INFO", json_format: bool = True) -> None:
    """Route all logging to stderr, as `logging_config` describes."""
    logging.config.dictConfig(logging_config(service, level, json_format))
