"""Real servers for the tests: one Kafka broker and one Elasticsearch node per test session.

They are started from the project's own dev stack on free ports (first run downloads them), or
reused when NEWSROOM_TEST_KAFKA_BOOTSTRAP_SERVERS and NEWSROOM_TEST_ES_URL point at running ones.
Each test gets its own topic prefix and index prefix, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsroom_ops.devstack import DevStack, DevStackSettings
from newsroom_ops.devstack.process import free_port
from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

FIXTURES = Path(__file__).parent / "fixtures"

# The key that signs dead letters in tests (made up; production keys come from a secret).
TEST_DEAD_LETTER_KEY = "test-dead-letter-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def dead_letter_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Every test runs as a deployment with a dead-letter key, as the dev stack does; tests
    of the keyless case remove it."""
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY", TEST_DEAD_LETTER_KEY)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY_FILE", raising=False)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_PREVIOUS_KEYS", raising=False)
    return TEST_DEAD_LETTER_KEY.encode()


@dataclass(frozen=True)
class Servers:
    kafka_bootstrap_servers: str
    elasticsearch_url: str
    stack: DevStack | None  # None when the servers are not ours to stop and start


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    bootstrap = os.environ.get("NEWSROOM_TEST_KAFKA_BOOTSTRAP_SERVERS")
    es_url = os.environ.get("NEWSROOM_TEST_ES_URL")
    if bootstrap and es_url:
        yield Servers(bootstrap, es_url, None)
        return
    settings = DevStackSettings(
        kafka_port=free_port(),
        kafka_controller_port=free_port(),
        es_port=free_port(),
        es_transport_port=free_port(),
    )
    stack = DevStack(settings, name=f"pytest-{os.getpid()}")
    info = stack.up()
    try:
        yield Servers(info.kafka_bootstrap_servers, info.elasticsearch_url, stack)
    finally:
        stack.down(remove_data=True)


def unique_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def kafka_settings(servers: Servers) -> KafkaSettings:
    return KafkaSettings(
        bootstrap_servers=servers.kafka_bootstrap_servers, topic_prefix=f"{unique_prefix()}."
    )


@pytest.fixture
async def topics(kafka_settings: KafkaSettings) -> AsyncIterator[KafkaSettings]:
    """Kafka settings whose prefixed topics exist (all of them, as `topics apply` makes them)."""
    await apply_topics(kafka_settings)
    yield kafka_settings
    await _delete_topics(kafka_settings)


async def _delete_topics(settings: KafkaSettings) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(settings.topic_prefix)]
        if names:
            await admin.delete_topics(names)
    finally:
        await admin.close()


@pytest.fixture
def es_settings(servers: Servers) -> Iterator[ElasticsearchSettings]:
    settings = ElasticsearchSettings(url=servers.elasticsearch_url, index_prefix=unique_prefix())
    yield settings
    _delete_indices(settings)


def _delete_indices(settings: ElasticsearchSettings) -> None:
    from elasticsearch import Elasticsearch

    with Elasticsearch(**settings.client_options()) as es:  # type: ignore[arg-type]
        es.options(ignore_status=404).indices.delete(index=f"{settings.index_prefix}*")
        templates = es.options(ignore_status=404).indices.get_index_template(
            name=f"{settings.index_prefix}*"
        )
        for template in templates.get("index_templates", []):
            es.indices.delete_index_template(name=template["name"])
        # After the index templates: component templates still in use cannot be deleted.
        es.options(ignore_status=404).cluster.delete_component_template(
            name=f"{settings.index_prefix}*"
        )
