"""Revisions through the parser service, as a real process between real Kafka topics.

The sample site's edited page in three versions (first, noise only, edited in place): one
revision, for the edit. Then the parser restarts (its state is read back from the revision-state
topic) and a fourth version, the first text again, is revision 2, compared with the edit.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsroom_parser.revision_state import PageState, RevisionStore
from newsroom_parser.revisions import Substance
from newsroom_shared.contracts import Article, ArticleRevision
from newsroom_shared.kafka import committed_offsets, end_offsets
from newsroom_shared.serialization import decode, encode, header_value, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import (
    ARTICLE_REVISIONS,
    ARTICLES,
    RAW_PAGES,
    REVISION_STATE,
    partition_of,
)
from tests.edited_pages import EDITED, served_raw_pages
from tests.integration.parser.test_parser_service import parser_process, produce
from tests.integration.topic_records import read_topic

pytestmark = pytest.mark.integration


async def test_an_edit_in_place_is_one_revision_and_noise_is_none(
    topics: KafkaSettings, tmp_path: Path
) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=4)
    pages = await served_raw_pages(start, timedelta(hours=1))
    group_id = f"{topics.topic_prefix}parser"
    log = tmp_path / "parser.log"
    raw = [(p.page_id.encode(), encode(p), headers_for(p)) for p in pages.values()]
    with parser_process(topics, group_id, log) as (process, _):
        await produce(topics, raw)
        articles = await read_topic(topics, ARTICLES.name, 3, within=180)
        revisions = await read_topic(topics, ARTICLE_REVISIONS.name, 1, within=30)
        assert process.poll() is None, log.read_text()[-3000:]
    assert process.returncode == 0, log.read_text()[-3000:]

    first, noise, edit = (decode(Article, r.value) for r in articles)
    assert [a.revisions for a in (first, noise, edit)] == [0, 0, 1]
    assert edit.revised_at == pages["edit"].fetched_at
    assert edit.revised_fields == ["title", "paragraphs", "quotes"]

    [record] = revisions
    revision = decode(ArticleRevision, record.value)
    assert header_value(record.headers, "event-type") == "ArticleRevision"
    assert record.key == f"{edit.id}:{edit.version}".encode() == revision.id.encode()
    assert record.partition == partition_of(edit.id, ARTICLE_REVISIONS.partitions)
    want = EDITED["edits"]["edit"]
    assert revision.revision == 1
    assert revision.changed == want["revision"]["changed"]
    assert (revision.from_version, revision.to_version) == (noise.version, edit.version)
    assert (revision.title_before, revision.title_after) == (first.title, want["title"])
    assert [p.text[:49] for p in revision.paragraphs_added] == [want["revision"]["paragraph_added"]]
    [removed] = revision.paragraphs_removed
    assert want["revision"]["paragraph_removed"] in removed.text
    assert {q.speaker for q in revision.quotes_removed} == {"Ellen Marsh"}

    # Each page's state is in the partition of its raw page, and every offset is committed.
    state = await read_topic(topics, REVISION_STATE.name, 3, within=30)
    assert {r.partition for r in state} == {_raw_partition(pages["first"].page_id)}
    assert {r.key for r in state} == {pages["first"].page_id.encode()}
    raw_topic = topics.topic(RAW_PAGES.name)
    ends = {p: o for p, o in (await end_offsets(topics, raw_topic)).items() if o > 0}
    assert await committed_offsets(topics, group_id, raw_topic) == ends

    # A restarted parser restores the page's state: the first text again is revision 2.
    reverted = pages["first"].model_copy(
        update={"fetched_at": pages["edit"].fetched_at + timedelta(minutes=30)}
    )
    with parser_process(topics, group_id, log) as (process, _):
        await produce(
            topics, [(reverted.page_id.encode(), encode(reverted), headers_for(reverted))]
        )
        revisions = await read_topic(topics, ARTICLE_REVISIONS.name, 2, within=180)
        assert process.poll() is None, log.read_text()[-3000:]
    second = decode(ArticleRevision, revisions[-1].value)
    assert second.revision == 2
    assert second.from_version == edit.version
    assert (second.title_before, second.title_after) == (want["title"], first.title)
    assert {q.speaker for q in second.quotes_added} == {"Ellen Marsh"}

    # `newsroom revisions URL` prints the history.
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": topics.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": topics.topic_prefix,
    }
    shown = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "newsroom_ops", "revisions", pages["first"].final_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    (tmp_path / "revisions.txt").write_text(shown.stdout)
    lines = shown.stdout.splitlines()
    assert "2 revision(s)" in lines
    assert lines.index(f"  title + {want['title']}") < lines.index(f"  title - {want['title']}")
    assert any(line.startswith("  ¶") and "- “We are not against" in line for line in lines)
    assert any(line.startswith("  quote - Ellen Marsh:") for line in lines)
    assert any(line.startswith("  quote + Ellen Marsh:") for line in lines)


def _raw_partition(page_id: str) -> int:
    return partition_of(page_id, RAW_PAGES.partitions)


def _state(page: str, kept: str) -> PageState:
    return PageState(
        article_id=page,
        version=1_700_000_000_000,
        fetched_at=datetime(2024, 1, 5, tzinfo=UTC),
        modified_at=None,
        parser_version="test",
        words=12,
        revisions=1,
        revised_at=None,
        revised_fields=("title",),
        substance=Substance(f"Harbour plan {kept}", None, (), None, ("A paragraph.",), ()),
    )


async def test_pages_not_seen_within_the_retention_are_forgotten_for_good(
    topics: KafkaSettings,
) -> None:
    stale, fresh = "s" * 32, "f" * 32
    store = RevisionStore(topics)
    await store.start()
    try:
        # One page kept 40 days ago (written as the parser wrote it then), one kept now.
        assert store._producer is not None
        long_ago = datetime.now(UTC) - timedelta(days=40)
        await store._producer.send_and_wait(
            store.topic,
            _state(stale, "old").encode(kept_at=long_ago),
            key=stale.encode(),
            partition=2,
        )
        await store.put(fresh, 2, _state(fresh, "new"))
        await store.restore({2})
        assert store.get(stale) is not None and store.get(fresh) is not None

        assert await store.forget_not_seen_since(datetime.now(UTC) - timedelta(days=30)) == 1
        assert store.get(stale) is None and store.get(fresh) is not None
    finally:
        await store.stop()

    # A restart does not read the forgotten page back: a tombstone follows its record.
    again = RevisionStore(topics)
    await again.start()
    try:
        await again.restore({2})
        assert again.get(stale) is None
        seen = again.get(fresh)
        assert seen is not None and seen.revisions == 1 and seen.revised_fields == ("title",)
    finally:
        await again.stop()
    records = await read_topic(topics, REVISION_STATE.name, 3, within=30)
    assert [(r.key, r.value is None) for r in records][-1] == (stale.encode(), True)
