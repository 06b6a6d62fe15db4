"""Building and publishing DeadLetter events: nothing a stage fails on disappears silently."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from newsroom_shared.contracts import DeadLetter, Origin, Stage
from newsroom_shared.serialization import encode, headers_for

# Dead letters keep the failed payload up to this size; larger ones keep a reference instead.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024


def make_dead_letter(
    *,
    stage: Stage,
    reason: str,
    error: BaseException | str,
    error_class: str | None = None,
    origin: Origin | None = None,
    payload: bytes | None = None,
    url: str | None = None,
    source_id: str | None = None,
    attempts: int = 1,
    details: dict[str, str | int | float | bool | None] | None = None,
    now: datetime | None = None,
) -> DeadLetter:
    if isinstance(error, BaseException):
        error_class, message = type(error).__name__, str(error) or repr(error)
    else:
        error_class, message = error_class or "Error", error
    truncated = payload is not None and len(payload) > MAX_PAYLOAD_BYTES
    ref = None
    if origin is not None:
        ref = f"kafka://{origin.topic}/{origin.partition}/{origin.offset}"
    return DeadLetter(
        id=uuid.uuid4().hex,
        stage=stage,
        reason=reason,
        error_class=error_class,
        error_message=message[:4000],
        attempts=attempts,
        failed_at=now or datetime.now(UTC),
        origin=origin,
        url=url,
        source_id=source_id,
        payload=payload[:MAX_PAYLOAD_BYTES] if payload is not None else None,
        payload_truncated=truncated,
        payload_ref=ref,
        details=details or {},
    )


async def publish_dead_letter(
    producer: AIOKafkaProducer, topic: str, letter: DeadLetter, key: str | None
) -> None:
    """Send and wait for the broker's acknowledgement: callers commit only after this returns."""
    await producer.send_and_wait(
        topic,
        encode(letter),
        key=key.encode() if key else None,
        headers=headers_for(letter),
    )
