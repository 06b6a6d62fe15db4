"""A snapshot of the whole stack: topics and consumer lag, index health, dead letters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsroom_indexer.es_client import make_client
from newsroom_ops.dlq import LetterFilter, counts, read_letters
from newsroom_shared.kafka import committed_offsets, end_offsets
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
    errors: list[str]


def consumer_groups() -> list[tuple[str, str, str]]:
    """(service, group id, topic base name) of every consuming service, from their settings."""
    from newsroom_indexer.settings import IndexerSettings
    from newsroom_parser.settings import ParserSettings

    return [
        ("parser", ParserSettings().group_id, RAW_PAGES.name),
        ("indexer", IndexerSettings().group_id, ARTICLES.name),
    ]


def lag_of(ends: dict[int, int], committed: dict[int, int]) -> tuple[int | None, dict[int, int]]:
    if not committed:
        return None, {}
    per = {p: max(0, end - committed.get(p, 0)) for p, end in ends.items()}
    return sum(per.values()), per


async def collect(kafka: KafkaSettings, es: ElasticsearchSettings) -> StackStatus:
    errors: list[str] = []
    topics, lags = [], []
    ends_by_topic: dict[str, dict[int, int]] = {}
    try:
        for spec in ALL_TOPICS:
            name = kafka.topic(spec.name)
            ends = await end_offsets(kafka, name)
            ends_by_topic[spec.name] = ends
            topics.append(TopicStatus(name, len(ends), sum(ends.values())))
        for service, group, base in consumer_groups():
            name = kafka.topic(base)
            committed = await committed_offsets(kafka, group, name)
            lag, per = lag_of(ends_by_topic.get(base, {}), committed)
            lags.append(GroupLag(service, group, name, lag, per))
    except Exception as exc:  # noqa: BLE001 - status reports what it cannot reach
        errors.append(f"kafka at {kafka.bootstrap_servers}: {exc!r}")
    indices: list[dict[str, Any]] = []
    aliases: dict[str, list[str]] = {}
    try:
        async with make_client(es) as client:
            pattern = f"{es.index_prefix}*"
            indices = list(
                await client.options(ignore_status=404).cat.indices(
                    index=pattern, format="json", h="index,health,docs.count,store.size"
                )
            )
            alias_rows = await client.options(ignore_status=404).cat.aliases(
                name=pattern, format="json", h="alias,index,is_write_index"
            )
            for row in alias_rows:
                aliases.setdefault(row["alias"], []).append(
                    row["index"] + (" (write)" if row.get("is_write_index") == "true" else "")
                )
    except Exception as exc:  # noqa: BLE001
        errors.append(f"elasticsearch at {es.url}: {exc!r}")
    dead: dict[tuple[str, str], int] = {}
    if not any(e.startswith("kafka") for e in errors):
        dead = dict(counts(await read_letters(kafka, LetterFilter())))
    return StackStatus(topics, lags, indices, aliases, dead, errors)
