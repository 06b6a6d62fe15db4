"""Base of every event: schema versioning and shared field types."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)


def _bytes_from_base64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"not valid base64: {exc}") from exc
    return value


# Raw bytes travel as base64 in JSON (JSON has no bytes type); in Python they are plain `bytes`.
Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_bytes_from_base64),
    PlainSerializer(
        lambda b: base64.b64encode(b).decode("ascii"), return_type=str, when_used="json"
    ),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]

# "<major>.<minor>": readers accept every minor version of the major they were written for.
SchemaVersion = Annotated[str, Field(pattern=r"^\d+\.\d+$")]


class Event(BaseModel):
    """An event on a topic. Unknown fields are ignored, so additive changes never break readers."""

    model_config = ConfigDict(extra="ignore")

    # Each event type sets its own; also sent as the `schema-version` Kafka header.
    SCHEMA_VERSION: ClassVar[str] = "1.0"

    # Subclasses redeclare it with their SCHEMA_VERSION as the default.
    schema_version: SchemaVersion

    @model_validator(mode="after")
    def _check_schema_major(self) -> Self:
        expected = type(self).SCHEMA_VERSION
        if self.schema_version.split(".")[0] != expected.split(".")[0]:
            raise ValueError(
                f"{type(self).__name__} schema version {self.schema_version} is not readable "
                f"by this reader (major {expected.split('.')[0]})"
            )
        return self
