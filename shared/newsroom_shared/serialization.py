"""How events are written to and read from Kafka: JSON values plus descriptive headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pydantic import ValidationError

from newsroom_shared.contracts import Event

E = TypeVar("E", bound=Event)

Headers = list[tuple[str, bytes]]

SCHEMA_VERSION_HEADER = "schema-version"
EVENT_TYPE_HEADER = "event-type"
CONTENT_TYPE_HEADER = "content-type"


class DecodeError(ValueError):
    """A message that is not a valid event of the expected type."""

    def __init__(self, event_type: str, message: str) -> None:
        super().__init__(f"not a valid {event_type}: {message}")
        self.event_type = event_type


def encode(event: Event) -> bytes:
    return event.model_dump_json(exclude_none=False).encode("utf-8")


def headers_for(event: Event) -> Headers:
    """Headers let consumers route or skip messages without parsing the value."""
    return [
        (EVENT_TYPE_HEADER, type(event).__name__.encode()),
        (SCHEMA_VERSION_HEADER, event.schema_version.encode()),
        (CONTENT_TYPE_HEADER, b"application/json"),
    ]


def decode(model: type[E], value: bytes | None) -> E:
    if value is None:
        raise DecodeError(model.__name__, "empty message (tombstone)")
    try:
        return model.model_validate_json(value)
    except ValidationError as exc:
        # Name every problem but never echo the input: payloads can be huge.
        errors = exc.errors(include_input=False)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in errors[:10]
        ) + (f"; and {len(errors) - 10} more" if len(errors) > 10 else "")
        raise DecodeError(model.__name__, problems) from exc


def header_value(headers: Sequence[tuple[str, bytes]] | None, name: str) -> str | None:
    for key, value in headers or ():
        if key == name:
            return value.decode("utf-8", "replace")
    return None
