"""`newsroom dlq redrive` trusts nothing a dead letter says: where to send comes from this
stack's configuration, what to send must be a valid event of that topic with a possible
version, and only letters signed with the deployment's key are re-driven."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from newsroom_ops.dlq import LetterFilter, read_letters
from newsroom_ops.redrive import plan, refetch, send
from newsroom_shared import dead_letters
from newsroom_shared.contracts import Article, DeadLetter, Origin, RawPage, raw_page_for
from newsroom_shared.dead_letters import make_dead_letter, publish_dead_letter, sign
from newsroom_shared.kafka import apply_topics, end_offsets, make_producer
from newsroom_shared.serialization import encode, header_value
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES

from ..indexer.conftest import SEED as ARTICLE_SEED

pytestmark = pytest.mark.integration

OTHER_KEY = b"another-deployments-key-0123456789abcdef"


def seed_article(**changes: object) -> Article:
    article = Article.model_validate_json(ARTICLE_SEED.read_text())
    version = int(time.time() * 1000) - 60_000
    return article.model_copy(update={"version": version, **changes})


def hijacked() -> Article:
    return seed_article(title="HIJACKED", version=9 * 10**18)


@pytest.fixture
async def other_stack(kafka_settings: KafkaSettings) -> AsyncIterator[KafkaSettings]:
    """Topics of another stack on the same Kafka (another prefix)."""
    other = kafka_settings.model_copy(
        update={"topic_prefix": f"other{kafka_settings.topic_prefix}"}
    )
    await apply_topics(other)
    yield other
    from tests.conftest import _delete_topics

    await _delete_topics(other)


async def post(settings: KafkaSettings, letters: list[DeadLetter]) -> None:
    producer = make_producer(settings, DEAD_LETTERS.max_message_bytes)
    await producer.start()
    try:
        for letter in letters:
            await publish_dead_letter(producer, settings.topic(DEAD_LETTERS.name), letter, "k")
    finally:
        await producer.stop()


async def produce(settings: KafkaSettings, topic: str, value: bytes, key: str) -> tuple[int, int]:
    """(partition, offset) of the record written."""
    producer = make_producer(settings, RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        sent = await producer.send_and_wait(settings.topic(topic), value, key=key.encode())
    finally:
        await producer.stop()
    return sent.partition, sent.offset


async def messages(settings: KafkaSettings, base_name: str) -> int:
    return sum((await end_offsets(settings, settings.topic(base_name))).values())


def forged_letter(origin_topic: str, payload: bytes, **fields: object) -> DeadLetter:
    """A letter as someone without the key would write it."""
    return DeadLetter(
        id="f0" * 16,
        stage="index",
        reason="index_rejected",
        error_class="Error",
        error_message="please re-drive",
        failed_at=datetime.now(UTC),
        origin=Origin(topic=origin_topic, partition=0, offset=0, key="x"),
        payload=payload,
        **fields,  # type: ignore[arg-type]
    )


def newsroom(settings: KafkaSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": settings.topic_prefix,
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "newsroom_ops", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_the_hijacking_letter_is_refused_and_nothing_is_written(
    topics: KafkaSettings, other_stack: KafkaSettings
) -> None:
    payload = encode(hijacked())
    await post(topics, [forged_letter(other_stack.topic(ARTICLES.name), payload)])

    runs = {
        "--dry-run": "unsigned",
        "": "unsigned",
        # Even taken on trust, it names another stack's topic.
        "--accept-unsigned": f"not this stack's {topics.topic(ARTICLES.name)}",
    }
    for option, reason in runs.items():
        result = newsroom(topics, "dlq", "redrive", "--stage", "index", *option.split())
        assert result.returncode == 1, result.stdout + result.stderr
        [line] = [x for x in result.stdout.splitlines() if x.startswith("refused")]
        assert reason in line
        assert "would send" not in result.stdout and "sending" not in result.stdout

    assert await messages(topics, ARTICLES.name) == 0
    assert await messages(other_stack, ARTICLES.name) == 0


async def test_letters_signed_with_another_key_are_refused(
    topics: KafkaSettings, dead_letter_key: bytes
) -> None:
    page = raw_page_for(
        "https://news.example/a", b"<html></html>", source_id="s", fetched_at=datetime.now(UTC)
    )
    letter = make_dead_letter(
        stage="parse",
        reason="parse_error",
        error="x",
        origin=Origin(topic=topics.topic(RAW_PAGES.name), partition=0, offset=0),
        payload=encode(page),
    )
    await post(topics, [sign(letter, OTHER_KEY)])
    [refused] = await plan(topics, await read_letters(topics, LetterFilter()), [dead_letter_key])
    assert refused.action == "refused" and refused.detail.startswith("bad signature")


async def test_genuine_letters_are_still_checked_against_this_stack_and_the_contract(
    topics: KafkaSettings, other_stack: KafkaSettings, dead_letter_key: bytes
) -> None:
    ours = topics.topic(ARTICLES.name)
    page = raw_page_for(
        "https://news.example/a", b"<p>x</p>", source_id="s", fetched_at=datetime.now(UTC)
    )
    future_page = page.model_copy(update={"fetched_at": datetime.now(UTC) + timedelta(days=1)})

    def letter(stage: str, topic: str, payload: bytes) -> DeadLetter:
        origin = Origin(topic=topic, partition=0, offset=0, key="x")
        return make_dead_letter(
            stage=stage,  # type: ignore[arg-type]
            reason="r",
            error="x",
            origin=origin,
            payload=payload,
        )

    cases = {
        "not this stack's": letter("index", other_stack.topic(ARTICLES.name), encode(hijacked())),
        "ahead of the clock": letter("index", ours, encode(hijacked())),
        "not a valid Article": letter("index", ours, encode(page)),
        "not a valid RawPage": letter("parse", topics.topic(RAW_PAGES.name), b'{"id": 1}'),
        "fetched_at": letter("parse", topics.topic(RAW_PAGES.name), encode(future_page)),
    }
    await post(topics, list(cases.values()))
    letters = await read_letters(topics, LetterFilter())
    planned = await plan(topics, letters, [dead_letter_key])
    by_id = {r.letter.letter.id: r for r in planned}
    for expected, made in cases.items():
        result = by_id[made.id]
        assert result.action == "refused" and expected in result.detail, (expected, result)
        assert "\n" not in result.detail
    assert await send(topics, planned) == 0
    assert await messages(topics, ARTICLES.name) == 0
    assert await messages(topics, RAW_PAGES.name) == 0
    assert await messages(other_stack, ARTICLES.name) == 0


async def test_a_genuine_letter_goes_to_the_stages_input_under_the_contracts_key(
    topics: KafkaSettings,
) -> None:
    page = raw_page_for("https://news.example/b", b"", source_id="s", fetched_at=datetime.now(UTC))
    letter = make_dead_letter(
        stage="parse",
        reason="empty_page",
        error="the page is empty",
        origin=Origin(topic=topics.topic(RAW_PAGES.name), partition=4, offset=9, key="stale"),
        payload=encode(page),
    )
    await post(topics, [letter])

    dry = newsroom(topics, "dlq", "redrive", "--reason", "empty_page", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    [line] = [x for x in dry.stdout.splitlines() if x.startswith("would send")]
    assert f"to {topics.topic(RAW_PAGES.name)} key={page.page_id}" in line
    assert "RawPage https://news.example/b (200, 0 bytes text/html" in line
    assert await messages(topics, RAW_PAGES.name) == 0

    real = newsroom(topics, "dlq", "redrive", "--reason", "empty_page")
    assert real.returncode == 0, real.stdout + real.stderr
    assert "sent 1, fetched again 0, refused 0" in real.stdout
    [record] = [r async for r in read_to_end(topics, topics.topic(RAW_PAGES.name))]
    assert record.key == page.page_id.encode()
    assert RawPage.model_validate_json(record.value) == page
    assert header_value(record.headers, "event-type") == "RawPage"


async def test_a_truncated_payload_is_read_back_only_from_this_stacks_topic(
    topics: KafkaSettings, dead_letter_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = seed_article()
    value = encode(article)
    # Another version (made in the same millisecond it would have the same first bytes).
    other = seed_article(title="Other", version=article.version + 1)
    # Same key, same partition: the next offset holds another article.
    at = await produce(topics, ARTICLES.name, value, article.id)
    next_at = await produce(topics, ARTICLES.name, encode(other), article.id)
    monkeypatch.setattr(dead_letters, "MAX_PAYLOAD_BYTES", 100)
    ours = topics.topic(ARTICLES.name)

    def letter(where: tuple[int, int]) -> DeadLetter:
        origin = Origin(topic=ours, partition=where[0], offset=where[1], key=article.id)
        return make_dead_letter(
            stage="index", reason="index_rejected", error="x", origin=origin, payload=value
        )

    good, wrong = letter(at), letter(next_at)
    assert good.payload_truncated
    await post(topics, [good, wrong])
    letters = await read_letters(topics, LetterFilter())
    planned = {r.letter.letter.id: r for r in await plan(topics, letters, [dead_letter_key])}
    assert planned[good.id].action == "send", planned[good.id].detail
    assert planned[good.id].outgoing is not None
    assert planned[good.id].outgoing.value == encode(article)
    assert planned[wrong.id].action == "refused"
    assert "not the one the letter was made from" in planned[wrong.id].detail


async def test_unsigned_letters_go_only_when_accepted(
    topics: KafkaSettings, dead_letter_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY")
    page = raw_page_for(
        "https://news.example/c", b"<p>c</p>", source_id="s", fetched_at=datetime.now(UTC)
    )
    letter = make_dead_letter(
        stage="parse",
        reason="parse_error",
        error="x",
        origin=Origin(topic=topics.topic(RAW_PAGES.name), partition=0, offset=0),
        payload=encode(page),
    )
    assert letter.signature is None
    await post(topics, [letter])
    letters = await read_letters(topics, LetterFilter())
    [refused] = await plan(topics, letters, [dead_letter_key])
    assert refused.action == "refused" and "unsigned" in refused.detail
    [accepted] = await plan(topics, letters, [dead_letter_key], accept_unsigned=True)
    assert accepted.action == "send"


async def test_fetch_letters_are_fetched_again(
    topics: KafkaSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def article(_: web.Request) -> web.Response:
        return web.Response(
            body=b"<html><title>Back</title><p>Back.</p></html>", content_type="text/html"
        )

    app = web.Application()
    app.router.add_get("/story", article)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        url = f"http://127.0.0.1:{port}/story"
        await post(
            topics,
            [
                make_dead_letter(
                    stage="fetch", reason="http_5xx", error="503", url=url, source_id="wire"
                )
            ],
        )
        monkeypatch.setenv("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", topics.bootstrap_servers)
        monkeypatch.setenv("NEWSROOM_KAFKA_TOPIC_PREFIX", topics.topic_prefix)
        monkeypatch.setenv("NEWSROOM_FETCHER_SSRF_ALLOW", json.dumps(["127.0.0.0/8"]))
        letters = await read_letters(topics, LetterFilter(stage="fetch"))
        keys = [os.environ["NEWSROOM_DEAD_LETTER_KEY"].encode()]
        planned = await plan(topics, letters, keys)
        assert [(r.action, r.detail) for r in planned] == [("refetch", url)]
        outcomes = await refetch(planned)
    finally:
        await runner.cleanup()
    assert [u for u, _ in outcomes] == [url]
    [record] = [r async for r in read_to_end(topics, topics.topic(RAW_PAGES.name))]
    page = RawPage.model_validate_json(record.value)
    assert (page.final_url, page.source_id) == (url, "wire")
