"""A snapshot of the whole stack: topics and consumer lag, index health, dead letters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient

from newsroom_indexer.es_client import make_client
from newsroom_ops.cli_support import describe_elasticsearch, describe_kafka, one_line
from newsroom_ops.dlq import LetterFilter, counts, read_letters
from newsroom_shared.kafka import end_offsets
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from newsroom_shared.topics import ALL_TOPICS, ARTICLES, RAW_PAGES


@dataclass
class TopicStatus:
    name: str
    partitions: int
    messages_end: int  # sum of end offsets: messages ever written (before retention)


@dataclass
class GroupLag:
    service: str
    group: str
    topic: str
    lag: int | None  # None: the group has committed nothing yet
    per_partition: dict[int, int] = field(default_factory=dict)


@dataclass
class StackStatus:
    topics: list[TopicStatus]
    lags: list[GroupLag]
    indices: list[dict[str, Any]]
    aliases: dict[str, list[str]]
    dead_letters: dict[tuple[str, str], int]
    errors: list[str]  # one line for each server that could not be reached
    kafka_reached: bool = True
    elasticsearch_reached: bool = True


def consumer_groups() -> list[tuple[str, str, str]]:
    """(service, group id, topic base name) of every consuming service, from their settings."""
    from newsroom_indexer.settings import IndexerSettings
    from newsroom_parser.settings import ParserSettings

    return [
        ("parser", ParserSettings().group_id, RAW_PAGES.name),
        ("indexer", IndexerSettings().group_id, ARTICLES.name),
    ]


# Which service consumes each input topic: a discovered group is named by what it reads.
SERVICE_OF_TOPIC = {RAW_PAGES.name: "parser", ARTICLES.name: "indexer"}


async def group_offsets(
    kafka: KafkaSettings, configured: list[tuple[str, str, str]]
) -> list[tuple[str, str, str, dict[int, int]]]:
    """(service, group, topic base name, committed offsets) of the configured groups and, under
    a topic prefix, of every group whose id starts with the prefix and that commits on one of
    the input topics (a stack like the demo's names its groups under its prefix)."""
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        groups = {group: (service, base) for service, group, base in configured}
        if kafka.topic_prefix:
            for group, _ in await admin.list_consumer_groups():
                if group.startswith(kafka.topic_prefix) and group not in groups:
                    groups[group] = ("", "")
        found = []
        for group, (service, base) in groups.items():
            offsets = await admin.list_consumer_group_offsets(group)
            by_topic: dict[str, dict[int, int]] = {}
            for tp, meta in offsets.items():
                if meta.offset >= 0:
                    by_topic.setdefault(tp.topic, {})[tp.partition] = meta.offset
            if service:
                found.append((service, group, base, by_topic.get(kafka.topic(base), {})))
                continue
            for input_base, input_service in SERVICE_OF_TOPIC.items():
                committed = by_topic.get(kafka.topic(input_base))
                if committed:
                    found.append((input_service, group, input_base, committed))
    finally:
        await admin.close()
    return _without_idle_defaults(found, configured)


def _without_idle_defaults(
    found: list[tuple[str, str, str, dict[int, int]]], configured: list[tuple[str, str, str]]
) -> list[tuple[str, str, str, dict[int, int]]]:
    """A configured group that never committed is left out when another group does the
    service's work under this prefix: "not started" would be wrong there."""
    configured_ids = {group for _, group, _ in configured}
    working = {service for service, group, _, c in found if c and group not in configured_ids}
    return [row for row in found if row[3] or row[1] not in configured_ids or row[0] not in working]


def lag_of(ends: dict[int, int], committed: dict[int, int]) -> tuple[int | None, dict[int, int]]:
    if not committed:
        return None, {}
    per = {p: max(0, end - committed.get(p, 0)) for p, end in ends.items()}
    return sum(per.values()), per


async def collect(kafka: KafkaSettings, es: ElasticsearchSettings) -> StackStatus:
    errors: list[str] = []
    kafka_reached = elasticsearch_reached = True
    topics, lags = [], []
    ends_by_topic: dict[str, dict[int, int]] = {}
    dead: dict[tuple[str, str], int] = {}
    try:
        for spec in ALL_TOPICS:
            name = kafka.topic(spec.name)
            ends = await end_offsets(kafka, name)
            ends_by_topic[spec.name] = ends
            topics.append(TopicStatus(name, len(ends), sum(ends.values())))
        for service, group, base, committed in await group_offsets(kafka, consumer_groups()):
            lag, per = lag_of(ends_by_topic.get(base, {}), committed)
            lags.append(GroupLag(service, group, kafka.topic(base), lag, per))
        dead = dict(counts(await read_letters(kafka, LetterFilter())))
    except Exception as exc:  # noqa: BLE001 - status reports what it cannot reach, and goes on
        kafka_reached = False
        errors.append(describe_kafka(exc, kafka) or f"kafka: {one_line(repr(exc))}")
    indices: list[dict[str, Any]] = []
    aliases: dict[str, list[str]] = {}
    try:
        async with make_client(es) as client:
            pattern = f"{es.index_prefix}*"
            # format=json: the answers are lists of rows.
            index_rows: Any = await client.options(ignore_status=404).cat.indices(
                index=pattern, format="json", h="index,health,docs.count,store.size"
            )
            indices = list(index_rows)
            alias_rows: Any = await client.options(ignore_status=404).cat.aliases(
                name=pattern, format="json", h="alias,index,is_write_index"
            )
            for row in alias_rows:
                aliases.setdefault(row["alias"], []).append(
                    row["index"] + (" (write)" if row.get("is_write_index") == "true" else "")
                )
    except Exception as exc:  # noqa: BLE001
        elasticsearch_reached = False
        errors.append(describe_elasticsearch(exc, es) or f"elasticsearch: {one_line(repr(exc))}")
    return StackStatus(
        topics, lags, indices, aliases, dead, errors, kafka_reached, elasticsearch_reached
    )
