"""Logging set-up shared by every service: JSON lines on stderr (or plain text for humans)."""

from __future__ import annotations

import logging.config
from typing import Any

# Client libraries are chatty at INFO about every reconnect and rebalance step.
_NOISY = ("aiokafka", "kafka", "elastic_transport", "httpx", "httpcore")


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
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["default"]},
        "loggers": {name: {"level": quiet} for name in _NOISY},
    }


def configure_logging(service: str, level: str = "INFO", json_format: bool = True) -> None:
    """Route all logging to stderr, as `logging_config` describes."""
    logging.config.dictConfig(logging_config(service, level, json_format))
