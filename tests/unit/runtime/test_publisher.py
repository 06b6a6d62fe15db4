"""The publisher's word on whether new work may start: a send left unacknowledged too long
closes the gate before any error comes back. The producer is a stand-in whose
acknowledgements the test hands out."""

from __future__ import annotations

import asyncio

from newsroom_shared.runtime.publisher import Message, Publisher
from newsroom_shared.runtime.retry import RetryPolicy


class HeldProducer:
    """Takes every send at once and acknowledges it when the test says so."""

    def __init__(self) -> None:
        self.acks: list[asyncio.Future[None]] = []

    async def send(self, topic: str, value: bytes | None, **_: object) -> asyncio.Future[None]:
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.acks.append(ack)
        return ack

    def acknowledge_all(self) -> None:
        for ack in self.acks:
            if not ack.done():
                ack.set_result(None)


async def gate_open(publisher: Publisher) -> bool:
    try:
        await asyncio.wait_for(publisher.wait_healthy(), 0.05)
    except TimeoutError:
        return False
    return True


async def test_no_new_work_once_a_send_waits_too_long_and_again_once_it_is_acknowledged() -> None:
    producer = HeldProducer()
    publisher = Publisher(producer, RetryPolicy(), stall_after=0.2)  # type: ignore[arg-type]
    sending = asyncio.create_task(publisher.publish([Message("pages", b"k", b"v")]))
    await asyncio.sleep(0.05)
    assert await gate_open(publisher)  # waiting a moment for an acknowledgement is normal
    await asyncio.sleep(0.2)
    assert not await gate_open(publisher)  # no answer from Kafka for too long
    waiting = asyncio.create_task(publisher.wait_healthy())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    producer.acknowledge_all()
    await asyncio.wait_for(waiting, 1)
    await sending
    assert await gate_open(publisher)


async def test_a_late_send_keeps_the_gate_shut_while_newer_ones_are_acknowledged() -> None:
    producer = HeldProducer()
    publisher = Publisher(producer, RetryPolicy(), stall_after=0.2)  # type: ignore[arg-type]
    first = asyncio.create_task(publisher.publish([Message("pages", b"a", b"1")]))
    await asyncio.sleep(0.25)
    second = asyncio.create_task(publisher.publish([Message("pages", b"b", b"2")]))
    await asyncio.sleep(0.01)
    producer.acks[1].set_result(None)
    await second
    assert not await gate_open(publisher)  # the first is still unanswered
    producer.acknowledge_all()
    await first
    assert await gate_open(publisher)
