"""deploy/asyncapi.yaml against a broker: the topic configuration it states is what
`newsroom topics apply` leaves on the topics, including limits a broker would otherwise set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from newsroom_shared.asyncapi import channel_id
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ALL_TOPICS

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


async def broker_configs(settings: KafkaSettings, topic: str) -> dict[str, str]:
    admin = AIOKafkaAdminClient(**settings.client_options())
    await admin.start()
    try:
        responses = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        await admin.close()
    return {entry[0]: entry[1] for r in responses for res in r.resources for entry in res[4]}


def _as_broker_writes(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)


async def test_every_stated_topic_config_is_the_brokers(topics: KafkaSettings) -> None:
    document = yaml.safe_load((ROOT / "deploy" / "asyncapi.yaml").read_text(encoding="utf-8"))
    for topic in ALL_TOPICS:
        stated = document["channels"][channel_id(topic)]["bindings"]["kafka"]
        on_broker = await broker_configs(topics, topics.topic(topic.name))
        for name, value in stated["topicConfiguration"].items():
            assert on_broker[name] == _as_broker_writes(value), f"{topic.name}: {name}"
        assert "max.message.bytes" in stated["topicConfiguration"], topic.name
