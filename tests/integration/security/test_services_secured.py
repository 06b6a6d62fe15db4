"""The whole pipeline on the secured stack, each process with its own principal: discovery, a
fetch worker, the parser and the indexer bring the sample site's articles into Elasticsearch;
then the ops commands do their jobs with the ops, monitor and search credentials. Nothing
prints or logs a secret."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from newsroom_indexer.es_client import make_client
from newsroom_ops.demo.processes import Pipeline
from newsroom_ops.demo.sample_site import load_manifest
from newsroom_ops.devstack.process import free_port
from newsroom_shared.dead_letters import make_dead_letter
from newsroom_shared.kafka import apply_topics, end_offsets, make_producer
from newsroom_shared.serialization import encode
from newsroom_shared.topics import DEAD_LETTERS, RAW_PAGES
from tests.conftest import SecureStack, unique_prefix

pytestmark = [pytest.mark.integration, pytest.mark.secure, pytest.mark.e2e]

NEWSROOM = Path(sys.executable).parent / "newsroom"
MANIFEST = load_manifest()
MANIFEST_SOURCE = "everett-rss"
# Each process and the principal it runs as.
PRINCIPAL = {
    "discovery": "discovery",
    "fetcher": "fetcher",
    "parser": "parser",
    "indexer": "indexer",
}


class SecuredPipeline(Pipeline):
    """The demo's pipeline, with discovery and the fetch worker as two processes and every
    process given its own principal's credentials (and nothing else's)."""

    secure: SecureStack

    def service_env(self, service: str) -> dict[str, str]:
        base = "fetcher" if service == "discovery" else service
        env = super().service_env(base)
        for name in list(env):  # whatever the test process has: not this principal's
            if name.startswith(("NEWSROOM_KAFKA_", "NEWSROOM_ES_")):
                del env[name]
        env |= self.secure.prefixed_env(
            PRINCIPAL[service], self.kafka.topic_prefix, self.elasticsearch.index_prefix
        )
        prefix = self.kafka.topic_prefix
        if base == "fetcher":
            env |= {
                "NEWSROOM_FETCHER_DISCOVERY_GROUP_ID": f"{prefix}newsroom-discovery",
                "NEWSROOM_FETCHER_GROUP_ID": f"{prefix}newsroom-fetcher",
                "NEWSROOM_FETCHER_METRICS_PORT": str(self.ports.setdefault(service, free_port())),
            }
        return env

    def _spawn(self, service: str) -> None:
        if service not in ("discovery", "fetcher"):
            super()._spawn(service)
            return
        role = "discover" if service == "discovery" else "fetch"
        with self.log_file(service).open("ab") as log:
            self.processes[service] = subprocess.Popen(
                [sys.executable, "-m", "newsroom_fetcher", "run", "--role", role],
                env=self.service_env(service),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    async def start_services(self, within: float = 240.0) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for service in ("parser", "indexer", "fetcher"):
            self._spawn(service)
        await self.wait_healthy(("parser", "indexer", "fetcher"), within)
        self._spawn("discovery")


@pytest.fixture
async def pipeline(secure_stack: SecureStack, tmp_path: Path) -> AsyncIterator[SecuredPipeline]:
    topic_prefix, index_prefix = f"{unique_prefix()}.", unique_prefix()
    await apply_topics(secure_stack.kafka_settings("ops", topic_prefix))
    pipeline = SecuredPipeline(
        secure_stack.kafka_settings("monitor", topic_prefix),
        secure_stack.es_settings("ops", index_prefix),
        tmp_path,
        parser_workers=1,
        poll_interval="2s",
    )
    pipeline.secure = secure_stack
    await pipeline.start_site()
    try:
        await pipeline.start_services()
        yield pipeline
    finally:
        codes = pipeline.stop_services()
        await pipeline.site.stop()
        logs = {n: pipeline.log_file(n).read_text() for n in PRINCIPAL}
        for secret in secure_stack.secrets():
            for name, text in logs.items():
                assert secret not in text, f"a secret is in the {name} log"
        assert set(codes.values()) == {0}, {n: logs[n][-3000:] for n, c in codes.items() if c}


def newsroom(
    pipeline: SecuredPipeline, principal: str, *args: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """`newsroom <args>` as `principal`, on the pipeline's topics and indices."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("NEWSROOM_KAFKA_", "NEWSROOM_ES_"))
    }
    env |= pipeline.secure.prefixed_env(
        principal, pipeline.kafka.topic_prefix, pipeline.elasticsearch.index_prefix
    )
    prefix = pipeline.kafka.topic_prefix
    env |= {
        # The groups the ACLs allow under the test's topic prefix (status, replay).
        "NEWSROOM_PARSER_GROUP_ID": f"{prefix}newsroom-parser",
        "NEWSROOM_INDEXER_GROUP_ID": f"{prefix}newsroom-indexer",
        # Fetch letters are fetched again from the sample site, on loopback.
        "NEWSROOM_FETCHER_SSRF_ALLOW": json.dumps(["127.0.0.0/8"]),
        "COLUMNS": "200",
    }
    result = subprocess.run(
        [str(NEWSROOM), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    for secret in pipeline.secure.secrets():
        assert secret not in result.stdout + result.stderr, f"`newsroom {args[0]}` printed a secret"
    return result


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """A refusal: exit 1, one line saying what was denied."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "denied" in lines[0] or "not authorized" in lines[0].lower(), lines[0]
    return lines[0]


async def test_the_pipeline_and_the_ops_commands_run_each_with_its_own_credentials(
    pipeline: SecuredPipeline,
) -> None:
    articles, failing = MANIFEST["articles"], MANIFEST["failing_pages"]
    async with make_client(pipeline.elasticsearch) as es:
        deadline = time.monotonic() + 300
        while True:
            progress = await pipeline.progress(es)
            if progress.indexed >= len(articles) and progress.dead_letters >= len(failing):
                break
            crashed = pipeline.crashed()
            assert not crashed, {n: pipeline.log_file(n).read_text()[-3000:] for n in crashed}
            assert time.monotonic() < deadline, f"stuck at {progress}"
            await asyncio.sleep(1)

    # Topics, sources, status and dead letters with the ops and monitor credentials.
    assert "unchanged" in ok(newsroom(pipeline, "ops", "topics", "apply"))
    sources = pipeline.work_dir / "sources.yaml"
    assert "unchanged" in ok(newsroom(pipeline, "ops", "sources", "apply", str(sources)))
    status = ok(newsroom(pipeline, "monitor", "status"))
    assert pipeline.elasticsearch.index_prefix in status
    letters = ok(newsroom(pipeline, "monitor", "dlq", "list"))
    assert failing[0]["reason"] in letters
    # Re-driving the parse letter sends its raw page to the parser again, as ops.
    redriven = ok(newsroom(pipeline, "ops", "dlq", "redrive", "--stage", "parse"))
    assert "raw-pages" in redriven, redriven
    # Replay as replay: the unparseable page fails again and becomes a dead letter, which
    # replay may write (ops may not). Reindex as ops, search as search.
    replay = ("replay", "--from", "beginning", "--no-nlp")
    replayed = ok(newsroom(pipeline, "replay", *replay, "--name", "secured"))
    assert re.search(r"replayed \d+ pages: \d+ articles, [1-9]\d* dead letters", replayed), replayed
    ok(newsroom(pipeline, "ops", "reindex", "--from", "index"))
    found = ok(newsroom(pipeline, "search", "search", "Kosachev sanctions"))
    assert "article(s)" in found and not found.startswith("0 ")

    # A fetch letter (a page the fetch worker could not get) is fetched again as refetch.
    url = pipeline.site.url(articles[0]["path"])
    await _fetch_letter(pipeline, url)
    before = await _raw_pages(pipeline)
    # In a thread: the sample site is served by this test's event loop, which must keep
    # answering while the command fetches from it.
    refetched = ok(
        await asyncio.to_thread(newsroom, pipeline, "refetch", "dlq", "redrive", "--stage", "fetch")
    )
    assert re.search(rf"fetched again: published +{re.escape(url)}", refetched), refetched
    assert await _raw_pages(pipeline) == before + 1

    # Each credential is refused what it is not for, in one line that names the principal
    # the command runs as.
    assert "replay principal" in refused(newsroom(pipeline, "ops", *replay, "--name", "as-ops"))
    assert "refetch principal" in refused(
        await asyncio.to_thread(newsroom, pipeline, "ops", "dlq", "redrive", "--stage", "fetch")
    )
    refused(newsroom(pipeline, "search", "reindex", "--from", "index"))
    assert "ops principal" in refused(
        newsroom(pipeline, "monitor", "dlq", "redrive", "--stage", "parse")
    )
    refused(newsroom(pipeline, "monitor", "es", "apply"))
    refused(newsroom(pipeline, "parser", "sources", "apply", str(sources)))


async def _fetch_letter(pipeline: SecuredPipeline, url: str) -> None:
    """The dead letter a fetch worker writes when a page stays unavailable, written with the
    fetch workers' own credentials."""
    letter = make_dead_letter(
        stage="fetch",
        reason="http_503",
        error="503 Service Unavailable after 4 attempts",
        url=url,
        source_id=MANIFEST_SOURCE,
        attempts=4,
    )
    settings = pipeline.secure.kafka_settings("fetcher", pipeline.kafka.topic_prefix)
    producer = make_producer(settings, max_request_size=1024 * 1024)
    await producer.start()
    try:
        await producer.send_and_wait(
            settings.topic(DEAD_LETTERS.name), encode(letter), key=url.encode()
        )
    finally:
        await producer.stop()


async def _raw_pages(pipeline: SecuredPipeline) -> int:
    topic = pipeline.kafka.topic(RAW_PAGES.name)
    return sum((await end_offsets(pipeline.kafka, topic)).values())
