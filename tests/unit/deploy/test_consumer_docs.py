"""docs/consumers.md states what the topic specs and the serialization really do."""

from __future__ import annotations

from pathlib import Path

from newsroom_shared.serialization import (
    CONTENT_TYPE_HEADER,
    EVENT_TYPE_HEADER,
    SCHEMA_VERSION_HEADER,
)
from newsroom_shared.topics import ALL_TOPICS

DOC = (Path(__file__).resolve().parents[3] / "docs" / "consumers.md").read_text()


def test_topic_table_matches_the_specs() -> None:
    rows = {
        line.split("|")[1].strip(" `"): line for line in DOC.splitlines() if "| `newsroom." in line
    }
    for topic in ALL_TOPICS:
        cells = [cell.strip() for cell in rows[topic.name].split("|")]
        assert str(topic.partitions) in cells, topic.name
        assert topic.configs["cleanup.policy"] in cells[5], topic.name
        if "retention.ms" in topic.configs:
            days = int(topic.configs["retention.ms"]) // (24 * 60 * 60 * 1000)
            assert f"{days} days" in cells[5], topic.name


def test_every_header_the_producers_set_is_documented() -> None:
    for name in (EVENT_TYPE_HEADER, SCHEMA_VERSION_HEADER, CONTENT_TYPE_HEADER):
        assert f"| `{name}` |" in DOC


def test_writers_of_tombstones_are_told_the_partitioner_that_matches_ours() -> None:
    # librdkafka's default (CRC32) puts a key on another partition than the services' murmur2:
    # tests/integration/consumer_example/test_confluent_kafka.py shows both on the broker.
    assert "`partitioner=murmur2_random`" in DOC
    assert "the same in Java and Python" not in DOC
