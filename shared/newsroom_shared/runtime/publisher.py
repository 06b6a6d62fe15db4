"""All sends of a service go through here: typed events to their topics, acknowledged by Kafka.

A send is retried (the one retry policy) for as long as Kafka answers with a retriable error,
so nothing is skipped while a broker is down; callers wait, which is the backpressure. A send
that has waited `stall_after` seconds for its acknowledgement counts as a failure for those
who ask before new work (`wait_healthy`): a broker that vanished without a word is noticed
when its first acknowledgement is late, not when the producer's request times out. An error
that retrying cannot fix (a message over the topic's size limit, a topic we may not write)
raises `PublishRejected` at once.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from newsroom_shared.contracts import Event
from newsroom_shared.kafka import transient as retriable
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.serialization import Headers, encode, headers_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One message to publish. `Message.event` builds it from a contract event."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: Headers = field(default_factory=list)
    # None: the key's hash decides (the default partitioner). Set where a record must live
    # beside others that do not share its key (the state topics).
    partition: int | None = None

    @classmethod
    def event(cls, topic: str, event: Event, key: str | None) -> Message:
        return cls(topic, key.encode() if key else None, encode(event), headers_for(event))

    @property
    def size(self) -> int:
        return len(self.value or b"") + len(self.key or b"")


class PublishRejected(Exception):
    """Kafka refused a message for a reason that retrying does not change."""

    def __init__(self, message: Message, error: KafkaError) -> None:
        super().__init__(f"{message.topic} refused a message: {type(error).__name__}: {error}")
        self.error = error
        self.message = message


class Publisher:
    def __init__(
        self,
        producer: AIOKafkaProducer,
        retry: RetryPolicy,
        stopping: asyncio.Event | None = None,
        stall_after: float = 5.0,
    ) -> None:
        self._producer = producer
        self._retry = retry
        self._stopping = stopping
        self._stall_after = stall_after
        self.healthy = True  # False while sends fail; handlers may wait before new work
        self._recovered = asyncio.Event()
        self._recovered.set()
        self.last_error: str | None = None
        # When each publish under way began (dicts keep order: the first is the oldest).
        self._under_way: dict[int, float] = {}
        self._ids = itertools.count()
        self._settled = asyncio.Event()

    async def wait_healthy(self) -> None:
        """Return once Kafka takes messages again and no send has waited `stall_after` seconds
        for its acknowledgement (at once when all is well)."""
        while True:
            await self._recovered.wait()
            oldest = next(iter(self._under_way.values()), None)
            if oldest is None or time.monotonic() - oldest < self._stall_after:
                return
            self._settled.clear()
            await self._settled.wait()  # a publish settled: look again

    async def publish(self, messages: Sequence[Message]) -> None:
        """Send every message and wait until Kafka acknowledged all of them."""
        if not messages:
            return  # most records of a consuming service publish nothing: no retry loop for them
        pending = list(messages)

        async def send_pending() -> None:
            nonlocal pending
            try:
                await self._send(pending)
            except _Retry as retry:
                pending = retry.failed  # the next attempt resends only these
                raise

        token = next(self._ids)
        self._under_way[token] = time.monotonic()
        try:
            await self._retry.call(
                send_pending, retriable, stopping=self._stopping, on_retry=self._on_retry
            )
        except _Retry as retry:  # the service is stopping: give the caller the real error
            raise retry.cause from None
        finally:
            del self._under_way[token]
            self._settled.set()
        self._mark_healthy()

    async def _send(self, messages: list[Message]) -> None:
        """Send all, await all; raise after every send has settled, so that the next attempt
        resends only what failed."""
        futures = []
        for message in messages:
            try:
                futures.append(
                    await self._producer.send(
                        message.topic,
                        message.value,
                        key=message.key,
                        headers=message.headers,
                        partition=message.partition,
                    )
                )
            except KafkaError as exc:
                futures.append(_failed(exc))
        results = await asyncio.gather(*futures, return_exceptions=True)
        failed = [m for m, r in zip(messages, results, strict=True) if isinstance(r, BaseException)]
        errors = [r for r in results if isinstance(r, BaseException)]
        for message, error in zip(failed, errors, strict=True):
            if isinstance(error, KafkaError) and not retriable(error):
                raise PublishRejected(message, error)
            if not isinstance(error, KafkaError):
                raise error
        if errors:
            raise _Retry(failed, errors[0])

    async def _on_retry(self, error: BaseException, attempt: int, delay: float) -> None:
        if isinstance(error, _Retry):
            error = error.cause
        self.healthy = False
        self._recovered.clear()
        self.last_error = f"{type(error).__name__}: {error}"
        log.warning("publishing failed (attempt %d), retrying in %.1fs: %s", attempt, delay, error)

    def _mark_healthy(self) -> None:
        if not self.healthy:
            log.info("publishing works again")
        self.healthy = True
        self.last_error = None
        self._recovered.set()


class _Retry(KafkaError):
    """Some sends failed transiently; carries what to resend."""

    retriable = True

    def __init__(self, failed: list[Message], cause: BaseException) -> None:
        super().__init__(str(cause))
        self.failed = failed
        self.cause = cause


def _failed(error: BaseException) -> asyncio.Future[None]:
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    future.set_exception(error)
    return future
