"""The clusterer as real processes between real Kafka topics.

Three copies of one wire story and a hard negative: one story for the copies (the id of the
first to arrive), one of its own for the negative. A second instance waits as a standby; when
the active one is killed (-9), the standby reads the index back and puts a fourth copy in the
same story. A bad record is a dead letter.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from newsroom_clusterer.index import Member, Story
from newsroom_clusterer.similarity import signature
from newsroom_ops.devstack.process import free_port
from newsroom_shared.contracts import DeadLetter, StoryAssignment
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import decode, encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES, CLUSTER_STATE, DEAD_LETTERS, STORY_CLUSTERS
from tests.integration.topic_records import read_topic
from tests.story_families import members

pytestmark = pytest.mark.integration

FAMILY = [m for m in members() if m.family == "dumpling-recall"]
WIRE = next(m for m in FAMILY if m.kind == "wire")
COPIES = [m for m in FAMILY if m.kind == "copy"]
LIGHT = [m for m in FAMILY if m.kind == "light"]
NEGATIVE = next(m for m in members() if m.family == "dumpling-recall-other-0")


async def produce(settings: KafkaSettings, records: list[tuple[bytes, bytes | None, list]]) -> None:
    producer = make_producer(settings, max_request_size=ARTICLES.max_message_bytes)
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send_and_wait(
                settings.topic(ARTICLES.name), value, key=key, headers=headers
            )
    finally:
        await producer.stop()


def article_records(chosen: list) -> list[tuple[bytes, bytes | None, list]]:
    return [(m.article.id.encode(), encode(m.article), headers_for(m.article)) for m in chosen]


@contextmanager
def clusterer(settings: KafkaSettings, group: str, log: Path) -> Iterator[tuple]:
    port = free_port()
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": settings.topic_prefix,
        "NEWSROOM_CLUSTERER_GROUP_ID": group,
        "NEWSROOM_CLUSTERER_METRICS_PORT": str(port),
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsroom_clusterer", "run"],
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


def health(port: int) -> dict:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).json()
    except (httpx.HTTPError, ValueError):
        return {}


async def wait_until(check, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.5)


async def test_copies_share_a_story_across_a_failover(
    topics: KafkaSettings, tmp_path: Path
) -> None:
    group = f"{topics.topic_prefix}clusterer"
    first_batch = [COPIES[0], WIRE, COPIES[1], NEGATIVE]
    await produce(topics, [*article_records(first_batch), (b"junk", b"{not an article", [])])
    with clusterer(topics, group, tmp_path / "a.log") as (active, active_port):
        assignments = await read_topic(topics, STORY_CLUSTERS.name, 4, within=120)
        letters = await read_topic(topics, DEAD_LETTERS.name, 1, within=30)
        assert active.poll() is None, (tmp_path / "a.log").read_text()[-3000:]
        by_article = {r.key.decode(): decode(StoryAssignment, r.value) for r in assignments}
        # The story's id is its first member's (partitions are read in no fixed order).
        copies = [by_article[m.article.id] for m in (COPIES[0], WIRE, COPIES[1])]
        story = copies[0].story_id
        assert {a.story_id for a in copies} == {story}
        first = by_article[story]
        assert (first.story_version, first.matched_article_id) == (1, None)
        assert by_article[NEGATIVE.article.id].story_id == NEGATIVE.article.id
        # The wire story was published first: it represents the story, though it came second.
        last = max(copies, key=lambda a: a.story_version)
        assert (last.story_size, last.representative_id) == (3, WIRE.article.id)
        assert last.matched_article_id in {m.article.id for m in (COPIES[0], WIRE, COPIES[1])}
        assert last.similarity is not None and last.similarity >= 0.3
        [letter] = [decode(DeadLetter, r.value) for r in letters]
        assert (letter.stage, letter.reason) == ("cluster", "invalid_article")

        # A second instance waits in the group while the first is active.
        with clusterer(topics, group, tmp_path / "b.log") as (standby, standby_port):
            await wait_until(lambda: health(standby_port).get("consuming"), 60, "standby not up")
            await asyncio.sleep(5)  # the rebalance that let it in
            assert health(active_port).get("active") is True
            assert health(standby_port).get("active") is False
            active.kill()  # -9: no goodbye to the group
            active.wait(30)
            await wait_until(lambda: health(standby_port).get("active"), 120, "no failover")
            assert health(standby_port)["articles"] == 4  # read back from the state topic
            await produce(topics, article_records([COPIES[2], LIGHT[0]]))
            later = await read_topic(topics, STORY_CLUSTERS.name, 6, within=120)
            assert standby.poll() is None, (tmp_path / "b.log").read_text()[-3000:]
    again = {r.key.decode(): decode(StoryAssignment, r.value) for r in later}
    for m in (COPIES[2], LIGHT[0]):
        assert again[m.article.id].story_id == story
    # The two are keyed to partitions of their own, read in no fixed order: the one read
    # first makes the story four, the other five.
    joined = sorted((again[m.article.id] for m in (COPIES[2], LIGHT[0])), key=_version)
    assert [a.story_size for a in joined] == [4, 5]


def _version(assignment: StoryAssignment) -> int:
    return assignment.story_version


async def test_articles_past_the_window_are_forgotten_for_good(
    topics: KafkaSettings, tmp_path: Path
) -> None:
    # The state as an instance left it: the wire story seen 40 days ago, a copy of it seen
    # yesterday (same story), and the hard negative 40 days ago (a story of its own).
    now = time.time()
    wire, copy = WIRE.article, COPIES[0].article
    state = [
        Member(wire.id, wire.id, signature(wire.body), 0, now - 40 * 86400),
        Member(copy.id, wire.id, signature(copy.body), 0, now - 86400),
        Member(
            NEGATIVE.article.id,
            NEGATIVE.article.id,
            signature(NEGATIVE.article.body),
            0,
            now - 40 * 86400,
        ),
    ]
    stories = [
        Story(wire.id, 2, 2, wire.id, 0, wire.title, wire.url),
        Story(NEGATIVE.article.id, 1, 1, NEGATIVE.article.id, 0, None, None),
    ]
    producer = make_producer(topics, max_request_size=CLUSTER_STATE.max_message_bytes)
    await producer.start()
    try:
        topic = topics.topic(CLUSTER_STATE.name)
        for m in state:
            await producer.send_and_wait(topic, m.encode(), key=f"a:{m.article_id}".encode())
        for s in stories:
            await producer.send_and_wait(topic, s.encode(), key=f"s:{s.id}".encode())
    finally:
        await producer.stop()

    group = f"{topics.topic_prefix}clusterer"
    with clusterer(topics, group, tmp_path / "a.log") as (process, port):
        await wait_until(lambda: health(port).get("active"), 120, "not active")
        assert (health(port)["articles"], health(port)["stories"]) == (1, 1)
        # A later copy still joins the story through the member that is left.
        await produce(topics, article_records([COPIES[1]]))
        [joined] = await read_topic(topics, STORY_CLUSTERS.name, 1, within=120)
        assert decode(StoryAssignment, joined.value).story_id == wire.id
        assert process.poll() is None, (tmp_path / "a.log").read_text()[-3000:]
    # Tombstones follow the forgotten records, so a restart does not read them back.
    records = await read_topic(topics, CLUSTER_STATE.name, 9, within=30)
    tombstones = {r.key.decode() for r in records if r.value is None}
    assert tombstones == {f"a:{wire.id}", f"a:{NEGATIVE.article.id}", f"s:{NEGATIVE.article.id}"}
    with clusterer(topics, group, tmp_path / "b.log") as (process, port):
        await wait_until(lambda: health(port).get("active"), 120, "not active after restart")
        assert (health(port)["articles"], health(port)["stories"]) == (2, 1)
