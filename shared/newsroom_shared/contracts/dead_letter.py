"""DeadLetter: the record of an input a stage could not process, with the reason."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newsroom_shared.contracts.base import Base64Bytes, Event, SchemaVersion

# 1.1: `signature` added. 1.2: the stage "cluster" (the clusterer).
DEAD_LETTER_SCHEMA_VERSION = "1.2"

Stage = Literal["fetch", "parse", "index", "cluster"]


class Origin(BaseModel):
    """Where the failed input was read from (absent for fetch failures: they have no input)."""

    model_config = ConfigDict(extra="ignore")

    topic: str
    partition: int
    offset: int
    key: str | None = None


class DeadLetter(Event):
    """Key on the dead-letters topic: the key of the failed input (or the URL id)."""

    SCHEMA_VERSION: ClassVar[str] = DEAD_LETTER_SCHEMA_VERSION
    schema_version: SchemaVersion = DEAD_LETTER_SCHEMA_VERSION

    id: str = Field(description="Unique id of this dead letter.")
    stage: Stage
    reason: str = Field(description="Short machine-readable code, e.g. 'robots_disallowed'.")
    error_class: str
    error_message: str
    attempts: int = Field(default=1, ge=1)
    failed_at: AwareDatetime
    origin: Origin | None = None
    url: str | None = None
    source_id: str | None = None
    payload: Base64Bytes | None = Field(
        default=None, description="The failed input as read (base64), possibly truncated."
    )
    payload_truncated: bool = False
    payload_ref: str | None = Field(
        default=None, description="Where the full input lives when not carried, e.g. topic/offset."
    )
    details: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="Reason-specific facts, e.g. size and limit."
    )
    signature: str | None = Field(
        default=None,
        description="'v1:<hex>': HMAC-SHA256, under the deployment's dead-letter key, of the "
        "other fields (docs/security.md). Absent when the writer had no key; `newsroom dlq "
        "redrive` refuses letters without a valid one.",
    )
