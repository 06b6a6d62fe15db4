"""`newsroom topics apply` lays topics out as the deployment says (partitions, replication,
min.insync.replicas), fixes what Kafka allows and reports the rest."""

from __future__ import annotations

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from newsroom_shared.kafka import TopicApplyError, apply_topics
from newsroom_shared.settings import KafkaSettings, TopicSettings
from newsroom_shared.topics import FETCH_STATE, FRONTIER, RAW_PAGES, SOURCES
from tests.conftest import Cluster, unique_prefix

pytestmark = pytest.mark.integration


async def describe(settings: KafkaSettings, name: str) -> tuple[int, int, str | None]:
    """(partitions, replicas of partition 0, min.insync.replicas) of a topic."""
    admin = AIOKafkaAdminClient(**settings.client_options())
    await admin.start()
    try:
        [topic] = await admin.describe_topics([settings.topic(name)])
        responses = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, settings.topic(name))]
        )
    finally:
        await admin.close()
    configs = {e[0]: e[1] for r in responses for res in r.resources for e in res[4]}
    partition_0 = next(p for p in topic["partitions"] if p["partition"] == 0)
    return (
        len(topic["partitions"]),
        len(partition_0["replicas"]),
        configs.get("min.insync.replicas"),
    )


async def test_partitions_grow_only_when_asked_and_state_topics_follow(
    kafka_settings: KafkaSettings,
) -> None:
    specs = (SOURCES, FRONTIER, FETCH_STATE)
    small = TopicSettings(partitions={FRONTIER.name: 4})
    created = await apply_topics(kafka_settings, specs, layout=small)
    assert {c.action for c in created} == {"created"}
    assert (await describe(kafka_settings, FETCH_STATE.name))[0] == 4  # follows the frontier

    larger = TopicSettings(partitions={FRONTIER.name: 8})
    reported = {c.topic: c for c in await apply_topics(kafka_settings, specs, layout=larger)}
    frontier = reported[kafka_settings.topic(FRONTIER.name)]
    assert frontier.action == "drift" and "--add-partitions" in frontier.detail
    assert (await describe(kafka_settings, FRONTIER.name))[0] == 4  # keys did not move

    grown = await apply_topics(kafka_settings, specs, layout=larger, add_partitions=True)
    assert {c.topic: c.action for c in grown}[kafka_settings.topic(FRONTIER.name)] == "updated"
    assert (await describe(kafka_settings, FRONTIER.name))[0] == 8
    assert (await describe(kafka_settings, FETCH_STATE.name))[0] == 8
    again = await apply_topics(kafka_settings, specs, layout=larger)
    assert {c.action for c in again} == {"unchanged"}


async def test_replication_a_single_broker_cannot_give_is_refused_or_reported(
    kafka_settings: KafkaSettings,
) -> None:
    three = TopicSettings(replication_factor=3, min_insync_replicas=2)
    with pytest.raises(TopicApplyError, match=r"cannot create topic .*Replication"):
        await apply_topics(kafka_settings, (RAW_PAGES,), layout=three)
    await apply_topics(kafka_settings, (RAW_PAGES,))
    (change,) = await apply_topics(kafka_settings, (RAW_PAGES,), layout=three)
    assert change.action == "drift"
    assert change.detail.startswith("replication factor 1, the layout says 3")
    assert (await describe(kafka_settings, RAW_PAGES.name))[1:] == (1, "1")
    # Reported again, and nothing else changes: the drift is the operator's to resolve.
    (again,) = await apply_topics(kafka_settings, (RAW_PAGES,), layout=three)
    assert (again.action, again.detail) == (change.action, change.detail)


def test_min_insync_replicas_above_the_replication_factor_is_refused() -> None:
    with pytest.raises(ValueError, match="MIN_INSYNC_REPLICAS=2 is more than"):
        TopicSettings(replication_factor=1, min_insync_replicas=2)


@pytest.mark.cluster
@pytest.mark.slow
async def test_a_cluster_gets_three_replicas_and_two_in_sync(cluster: Cluster) -> None:
    settings = KafkaSettings(
        bootstrap_servers=cluster.kafka_bootstrap_servers, topic_prefix=f"{unique_prefix()}."
    )
    layout = TopicSettings(replication_factor=3, min_insync_replicas=2)
    changes = await apply_topics(settings, (RAW_PAGES, FRONTIER), layout=layout)
    assert {c.action for c in changes} == {"created"}
    assert await describe(settings, RAW_PAGES.name) == (RAW_PAGES.partitions, 3, "2")
    assert {
        c.action for c in await apply_topics(settings, (RAW_PAGES, FRONTIER), layout=layout)
    } == {"unchanged"}
