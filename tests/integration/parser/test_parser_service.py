"""The parser service as a real process between real Kafka topics."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from newsroom_ops.devstack.process import free_port
from newsroom_shared.contracts import (
    Article,
    DeadLetter,
    RawPage,
    raw_page_for,
    url_id,
)
from newsroom_shared.kafka import apply_topics, committed_offsets, end_offsets, make_producer
from newsroom_shared.serialization import decode, encode, header_value, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES
from tests.integration.topic_records import read_topic

pytestmark = pytest.mark.integration

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "rollcall-2018-08-06.html"
SEED_URL = "https://rollcall.com/2018/08/06/sen-rand-paul-invites-top-russians-to-u-s-as-they-claim-no-election-interference/"


def raw_page(body: bytes, url: str, fetched_at: datetime) -> RawPage:
    return raw_page_for(url, body, source_id="rollcall", fetched_at=fetched_at)


async def produce(settings: KafkaSettings, messages: list[tuple[bytes, bytes, list]]) -> None:
    producer = make_producer(settings, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        for key, value, headers in messages:
            await producer.send_and_wait(
                settings.topic(RAW_PAGES.name), value, key=key, headers=headers
            )
    finally:
        await producer.stop()


@contextmanager
def parser_process(settings: KafkaSettings, group_id: str, log: Path) -> Iterator[tuple]:
    port = free_port()
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": settings.topic_prefix,
        "NEWSROOM_PARSER_GROUP_ID": group_id,
        "NEWSROOM_PARSER_METRICS_PORT": str(port),
        "NEWSROOM_PARSER_WORKERS": "1",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsroom_parser", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


async def test_articles_and_dead_letters_with_offsets_committed(
    topics: KafkaSettings, tmp_path: Path
) -> None:
    seed = SEED.read_bytes()
    first = raw_page(seed, SEED_URL, datetime(2024, 5, 24, 12, 0, tzinfo=UTC))
    second = raw_page(seed, SEED_URL, first.fetched_at + timedelta(hours=1))
    binary = raw_page(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "https://x.test/img", first.fetched_at
    )
    await produce(
        topics,
        [
            (first.page_id.encode(), encode(first), headers_for(first)),
            (binary.page_id.encode(), encode(binary), headers_for(binary)),
            (b"garbage", b"{not json", []),
            (second.page_id.encode(), encode(second), headers_for(second)),
        ],
    )
    group_id = f"{topics.topic_prefix}parser"
    log = tmp_path / "parser.log"
    with parser_process(topics, group_id, log) as (process, port):
        articles = await read_topic(topics, ARTICLES.name, 2, within=120)
        letters = await read_topic(topics, DEAD_LETTERS.name, 2, within=30)
        assert process.poll() is None, log.read_text()[-3000:]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as web:
            health = await web.get("/health")
            metrics = (await web.get("/metrics")).text
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert 'newsroom_parser_pages_total{outcome="article"} 2.0' in metrics
        assert 'newsroom_parser_dead_letters_total{reason="not_html"} 1.0' in metrics
    assert process.returncode == 0, log.read_text()[-3000:]

    assert len(articles) == 2
    parsed = [decode(Article, r.value) for r in articles]
    assert {r.key for r in articles} == {url_id(SEED_URL).encode()}
    assert [a.version for a in parsed] == [
        int(first.fetched_at.timestamp() * 1000),
        int(second.fetched_at.timestamp() * 1000),
    ]
    assert parsed[0].title and parsed[0].title.startswith("Sen. Rand Paul")
    assert any(e.name == "Rand Paul" for e in parsed[0].entities)
    assert header_value(articles[0].headers, "event-type") == "Article"

    by_reason = {decode(DeadLetter, r.value).reason: decode(DeadLetter, r.value) for r in letters}
    assert set(by_reason) == {"not_html", "invalid_event"}
    assert by_reason["invalid_event"].payload == b"{not json"
    origin = by_reason["invalid_event"].origin
    assert origin is not None and origin.topic == topics.topic(RAW_PAGES.name)
    assert by_reason["not_html"].url == "https://x.test/img"

    # Every raw page was handled and its offset committed on a clean stop.
    raw_topic = topics.topic(RAW_PAGES.name)
    ends = {p: o for p, o in (await end_offsets(topics, raw_topic)).items() if o > 0}
    assert ends and await committed_offsets(topics, group_id, raw_topic) == ends


async def test_nothing_is_committed_while_articles_cannot_be_published(
    topics: KafkaSettings, tmp_path: Path
) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=topics.bootstrap_servers)
    await admin.start()
    await admin.delete_topics([topics.topic(ARTICLES.name)])
    await admin.close()
    page = raw_page(SEED.read_bytes(), SEED_URL, datetime(2024, 5, 24, 12, 0, tzinfo=UTC))
    await produce(topics, [(page.page_id.encode(), encode(page), headers_for(page))])
    group_id = f"{topics.topic_prefix}parser"
    log = tmp_path / "parser.log"
    with parser_process(topics, group_id, log) as (process, port):
        # The page is parsed but its article cannot be written: the parser keeps retrying.
        deadline = time.monotonic() + 90
        health: dict = {}
        while time.monotonic() < deadline and not health.get("last_error"):
            await asyncio.sleep(1)
            try:
                async with httpx.AsyncClient(timeout=5) as web:
                    health = (await web.get(f"http://127.0.0.1:{port}/health")).json()
            except httpx.HTTPError:
                continue  # not serving yet
        assert health.get("last_error"), log.read_text()[-3000:]
        children = _children(process.pid)
        assert children  # the extraction pool
        process.kill()  # a crash: no clean shutdown
        process.wait(30)
        # The pool's processes end with it rather than linger.
        for _ in range(100):
            if not any(_alive(pid) for pid in children):
                break
            await asyncio.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)]
    committed = await committed_offsets(topics, group_id, topics.topic(RAW_PAGES.name))
    assert all(offset <= 0 for offset in committed.values()), committed

    # Once the topic is back, a restarted parser delivers the article: nothing was lost.
    await apply_topics(topics)
    with parser_process(topics, group_id, log) as (process, _):
        articles = await read_topic(topics, ARTICLES.name, 1, within=120)
    assert [decode(Article, r.value).id for r in articles] == [url_id(SEED_URL)]
    assert json.loads(articles[0].value)["title"].startswith("Sen. Rand Paul")


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing
