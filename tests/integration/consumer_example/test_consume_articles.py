"""examples/consume_articles.py against a real broker: what docs/consumers.md promises.

The example runs in a fresh environment with only aiokafka installed (no codec extras), as the
docs tell a downstream consumer to set it up, and reads what the project's producers write.
"""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom_shared.contracts import Article, Entity, Quote, Speaker, content_hash, url_id
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "consume_articles.py"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def article(url: str, title: str, version: int = 1714564800000) -> Article:
    body = "“We all do it,” he said."
    return Article(
        id=url_id(url),
        version=version,
        url=url,
        canonical_url=url,
        source_id="example",
        title=title,
        body=body,
        paragraphs=[body],
        word_count=5,
        entities=[
            Entity(id="e1", name="Rand Paul", type="PERSON", mentions=2),
            Entity(id="e2", name="Senate", type="ORG", mentions=1),
        ],
        quotes=[
            Quote(
                text="We all do it,",
                cue="said",
                speaker=Speaker(name="Rand Paul", as_written="he", entity_id="e1"),
            )
        ],
        parser_version="test",
        content_hash=content_hash(f"{title}\n\n{body}"),
        raw_content_hash=content_hash(b"<html></html>"),
        fetched_at=NOW,
        parsed_at=NOW,
    )


async def produce(
    settings: KafkaSettings, records: list[tuple[str, Article | None]], partition: int | None = None
) -> None:
    producer = make_producer(settings, max_request_size=ARTICLES.max_message_bytes)
    await producer.start()
    try:
        for key, event in records:
            await producer.send_and_wait(
                settings.topic(ARTICLES.name),
                encode(event) if event else None,
                key=key.encode(),
                headers=headers_for(event) if event else [],
                partition=partition,
            )
    finally:
        await producer.stop()


async def run_example(python: Path, settings: KafkaSettings, *args: str) -> str:
    command = [
        str(python),
        str(EXAMPLE),
        "--bootstrap",
        settings.bootstrap_servers,
        "--topic-prefix",
        settings.topic_prefix,
        *args,
    ]
    result = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_plain_environment_has_no_codec_extras(plain_python: Path) -> None:
    probe = "import aiokafka.codec as c; print(c.has_gzip(), c.has_lz4(), c.has_zstd())"
    result = subprocess.run(
        [str(plain_python), "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False", "False"]


async def test_prints_an_article_with_its_people_and_quotes(
    topics: KafkaSettings, plain_python: Path
) -> None:
    story = article("https://example.com/2024/05/01/story", "Paul invites Russians")
    await produce(topics, [(story.id, story)])

    output = await run_example(plain_python, topics, "--from-beginning", "--max", "1")

    assert output.splitlines() == [
        f"{story.id}  v{story.version}  Paul invites Russians",
        "  people: Rand Paul",
        '  quote: Rand Paul: "We all do it,"',
    ]


async def test_skips_tombstones_and_stale_versions(
    topics: KafkaSettings, plain_python: Path
) -> None:
    newer = article("https://example.com/a", "A, corrected", version=2000)
    older = article("https://example.com/a", "A", version=1000)  # redelivered late
    other = article("https://example.com/b", "B")
    # All on one partition, so the reader meets them in this order (keys would spread them).
    records = [(newer.id, newer), (newer.id, None), (older.id, older), (other.id, other)]
    await produce(topics, records, partition=0)

    output = await run_example(plain_python, topics, "--from-beginning", "--max", "2")

    titles = [line.split("  ")[-1] for line in output.splitlines() if not line.startswith(" ")]
    assert titles == ["A, corrected", "B"]
