"""On the secured stack every principal does its job with its own credentials, and the broker
refuses what docs/security.md does not allow it, whoever asks."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError

from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import (
    ALL_TOPICS,
    ARTICLES,
    DEAD_LETTERS,
    DISCOVERY_STATE,
    FETCH_STATE,
    FRONTIER,
    RAW_PAGES,
    SOURCES,
)
from tests.conftest import SecureStack, unique_prefix

pytestmark = [pytest.mark.integration, pytest.mark.secure]

NEWSROOM = Path(sys.executable).parent / "newsroom"


@pytest.fixture
async def prefix(secure_stack: SecureStack) -> AsyncIterator[str]:
    """A topic prefix of the test's own, granted to every principal, topics made by ops."""
    prefix = f"{unique_prefix()}."
    await apply_topics(secure_stack.kafka_settings("ops", prefix))
    yield prefix


async def _write(settings: KafkaSettings, topic: str) -> None:
    producer = AIOKafkaProducer(**settings.client_options(), acks="all")
    await producer.start()
    try:
        # With a key: compacted topics refuse records without one.
        await producer.send_and_wait(settings.topic(topic), b"{}", key=b"key")
    finally:
        await asyncio.wait_for(producer.stop(), 10)


async def _refused(settings: KafkaSettings, topic: str) -> None:
    """The write is refused by the broker, at once, with the authorization error."""
    for attempt in range(10):
        try:
            await _write(settings, topic)
        except TopicAuthorizationFailedError:
            return
        # ACLs take effect within a second of their creation: a first success is not proof.
        await asyncio.sleep(0.3 * attempt)
        raise AssertionError(f"{settings.sasl_username} could write {topic}")


@pytest.mark.parametrize(
    ("principal", "allowed", "refused"),
    [
        (
            "discovery",
            [SOURCES, FRONTIER, DISCOVERY_STATE, DEAD_LETTERS],
            [RAW_PAGES, ARTICLES, FETCH_STATE],
        ),
        (
            "fetcher",
            [RAW_PAGES, FETCH_STATE, DEAD_LETTERS],
            [ARTICLES, SOURCES, FRONTIER, DISCOVERY_STATE],
        ),
        ("parser", [ARTICLES, DEAD_LETTERS], [RAW_PAGES, FETCH_STATE, FRONTIER, SOURCES]),
        ("indexer", [DEAD_LETTERS], [ARTICLES, RAW_PAGES, FRONTIER]),
        (
            "ops",
            [RAW_PAGES, ARTICLES, SOURCES],
            [DEAD_LETTERS, FETCH_STATE, FRONTIER, DISCOVERY_STATE],
        ),
        ("monitor", [], list(ALL_TOPICS)),
    ],
)
async def test_each_principal_writes_exactly_its_topics(
    secure_stack: SecureStack, prefix: str, principal: str, allowed: list, refused: list
) -> None:
    settings = secure_stack.kafka_settings(principal, prefix)
    for spec in allowed:
        await _write(settings, spec.name)
    for spec in refused:
        await _refused(settings, spec.name)


async def _first_record(settings: KafkaSettings, topic: str, group: str) -> None:
    consumer = AIOKafkaConsumer(
        settings.topic(topic),
        **settings.client_options(),
        group_id=group,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        await asyncio.wait_for(consumer.getone(), 30)
    finally:
        await consumer.stop()


async def test_consumer_groups_are_the_services_own(secure_stack: SecureStack, prefix: str) -> None:
    parser = secure_stack.kafka_settings("parser", prefix)
    await _write(secure_stack.kafka_settings("fetcher", prefix), RAW_PAGES.name)

    await _first_record(parser, RAW_PAGES.name, f"{prefix}newsroom-parser")
    with pytest.raises(GroupAuthorizationFailedError):
        await _first_record(parser, RAW_PAGES.name, f"{prefix}newsroom-indexer")


@pytest.mark.parametrize(
    ("principal", "topic", "group", "other_group"),
    [
        ("discovery", SOURCES, "newsroom-discovery", "newsroom-fetcher"),
        ("fetcher", FRONTIER, "newsroom-fetcher", "newsroom-discovery"),
    ],
)
async def test_discovery_and_fetch_workers_consume_in_their_own_groups(
    secure_stack: SecureStack, prefix: str, principal: str, topic, group: str, other_group: str
) -> None:
    settings = secure_stack.kafka_settings(principal, prefix)
    writer = "ops" if topic is SOURCES else "discovery"
    await _write(secure_stack.kafka_settings(writer, prefix), topic.name)
    await _first_record(settings, topic.name, f"{prefix}{group}")
    with pytest.raises(GroupAuthorizationFailedError):
        await _first_record(settings, topic.name, f"{prefix}{other_group}")


async def _read_assigned(settings: KafkaSettings, topic: str) -> None:
    """Read partition 0 from the start, outside any group (as state restores do)."""
    consumer = AIOKafkaConsumer(**settings.client_options(), group_id=None)
    await consumer.start()
    try:
        partition = TopicPartition(settings.topic(topic), 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        await asyncio.wait_for(consumer.getmany(partition, timeout_ms=5000), 30)
    finally:
        await consumer.stop()


@pytest.mark.parametrize(
    ("principal", "topic"),
    # Topics each may see (DESCRIBE, to write them) but not read. Without DESCRIBE a client
    # is not even told the topic exists.
    [
        ("fetcher", RAW_PAGES),
        ("discovery", FRONTIER),
        ("parser", ARTICLES),
        ("indexer", DEAD_LETTERS),
        ("monitor", RAW_PAGES),
    ],
)
async def test_principals_cannot_read_what_is_not_theirs(
    secure_stack: SecureStack, prefix: str, principal: str, topic
) -> None:
    settings = secure_stack.kafka_settings(principal, prefix)
    with pytest.raises(TopicAuthorizationFailedError):
        await _read_assigned(settings, topic.name)


def test_wrong_credentials_fail_in_one_clear_line_without_the_secret(
    secure_stack: SecureStack,
) -> None:
    wrong = "wrong-password-0123456789"
    env = {
        **os.environ,
        **secure_stack.env("ops"),
        "NEWSROOM_KAFKA_SASL_PASSWORD": wrong,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": "nothing.",
    }
    result = subprocess.run(
        [str(NEWSROOM), "topics", "apply"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "refused the credentials" in lines[0]
    assert "NEWSROOM_KAFKA_SASL_USERNAME" in lines[0]
    assert wrong not in result.stdout + result.stderr
    right = secure_stack.env("ops")["NEWSROOM_KAFKA_SASL_PASSWORD"]
    assert right not in result.stdout + result.stderr
