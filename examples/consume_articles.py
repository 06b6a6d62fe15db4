"""A minimal downstream consumer of newsroom.articles.v1: prints each article's id, title,
people and quotes. Needs only aiokafka (pip install aiokafka); see docs/consumers.md.

    python examples/consume_articles.py --from-beginning --max 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

TOPIC = "newsroom.articles.v1"
EVENT_TYPE = "Article"
READABLE_MAJOR = "1"  # the schema major this reader was written for; minors only add fields


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--bootstrap",
        default=os.environ.get("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        help="Kafka bootstrap servers (default: $NEWSROOM_KAFKA_BOOTSTRAP_SERVERS or %(default)s)",
    )
    parser.add_argument(
        "--topic-prefix",
        default=os.environ.get("NEWSROOM_KAFKA_TOPIC_PREFIX", ""),
        help="prefix of the stack's topic names (NEWSROOM_KAFKA_TOPIC_PREFIX)",
    )
    parser.add_argument("--group", default="newsroom-example-consumer", help="consumer group")
    parser.add_argument(
        "--from-beginning",
        action="store_true",
        help="read the whole compacted topic: a fresh group that starts at the earliest offset",
    )
    parser.add_argument("--max", type=int, default=0, help="stop after N articles (0: never)")
    return parser.parse_args(argv)


def header(headers: Any, name: str) -> str | None:
    for key, value in headers or ():
        if key == name:
            return value.decode("utf-8", "replace")
    return None


def describe(article: dict[str, Any]) -> str:
    people = sorted(e["name"] for e in article.get("entities", []) if e.get("type") == "PERSON")
    lines = [
        f"{article['id']}  v{article['version']}  {article.get('title') or '(no title)'}",
        f"  people: {', '.join(people) or '-'}",
    ]
    for quote in article.get("quotes", []):
        speaker = quote["speaker"].get("name") or quote["speaker"].get("as_written") or "?"
        lines.append(f'  quote: {speaker}: "{quote["text"]}"')
    return "\n".join(lines)


def handle(record: ConsumerRecord, latest: dict[str, int]) -> bool:
    """Print the record if it is a readable, newer article; return whether it was printed."""
    if record.value is None:
        return False  # a tombstone: no article, nothing to do
    if header(record.headers, "event-type") != EVENT_TYPE:
        return False  # not an article: the header says so without parsing the value
    if (header(record.headers, "schema-version") or "").split(".")[0] != READABLE_MAJOR:
        print(f"skipped {record.key!r}: a schema major this reader does not know", file=sys.stderr)
        return False
    article = json.loads(record.value)  # fields this reader does not know are simply unused
    # At-least-once delivery and compaction both allow repeats: keep the highest version.
    if article["version"] < latest.get(article["id"], -1):
        return False
    latest[article["id"]] = article["version"]
    print(describe(article), flush=True)
    return True


async def consume(args: argparse.Namespace) -> int:
    # A group without committed offsets starts at auto_offset_reset: "earliest" reads all that
    # compaction kept (at least the latest version of every article), "latest" only new ones.
    group = f"{args.group}-{uuid.uuid4().hex[:8]}" if args.from_beginning else args.group
    consumer = AIOKafkaConsumer(
        args.topic_prefix + TOPIC,
        bootstrap_servers=args.bootstrap,
        group_id=group,
        auto_offset_reset="earliest" if args.from_beginning else "latest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=4 * 1024 * 1024,  # the topic's max.message.bytes
    )
    await consumer.start()
    latest: dict[str, int] = {}
    printed = 0
    try:
        while not args.max or printed < args.max:
            handled: dict[TopicPartition, int] = {}
            batches = await consumer.getmany(timeout_ms=1000)
            for partition, records in batches.items():
                for record in records:
                    if args.max and printed >= args.max:
                        break
                    printed += handle(record, latest)
                    handled[partition] = record.offset + 1
            # Commit only what was handled: a crash before this means redelivery, never loss.
            if handled:
                await consumer.commit(handled)
    finally:
        await consumer.stop()
    return 0


def main() -> int:
    try:
        return asyncio.run(consume(parse_args()))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
