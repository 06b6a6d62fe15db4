"""The whole pipeline as separate processes, beside a running Kafka and Elasticsearch.

Used by `newsroom demo` and by the end-to-end tests: the sample site (in this process), and
fetcher, parser and indexer each as their own `newsroom ... run` process with its own log.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from elasticsearch import AsyncElasticsearch

from newsroom_ops.demo.sample_site import SampleSite, sources_yaml
from newsroom_ops.devstack.process import free_port
from newsroom_shared.kafka import end_offsets
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES

SERVICES = ("fetcher", "parser", "indexer")


@dataclass
class Progress:
    fetched: int = 0
    parsed: int = 0
    dead_letters: int = 0
    indexed: int = 0
    quotes: int = 0

    def line(self) -> str:
        return (
            f"fetched {self.fetched:3}  parsed {self.parsed:3}  dead letters {self.dead_letters:2}"
            f"  indexed {self.indexed:3} articles, {self.quotes:3} quotes"
        )


@dataclass
class Pipeline:
    kafka: KafkaSettings
    elasticsearch: ElasticsearchSettings
    work_dir: Path
    parser_workers: int = 1
    # Seconds before the fetcher revisits a page it already has (the update test lowers it).
    revisit_after: float | None = None
    poll_interval: str = "5s"
    # Appended to consumer group ids: a group must not resume on re-created topics.
    group_suffix: str = ""
    site: SampleSite = field(default_factory=SampleSite)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.work_dir / "logs"

    def log_file(self, service: str) -> Path:
        return self.log_dir / f"{service}.log"

    async def start_site(self) -> str:
        base_url = await self.site.start()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        (self.work_dir / "sources.yaml").write_text(
            sources_yaml(base_url, poll_interval=self.poll_interval)
        )
        return base_url

    def dead_letter_env(self) -> dict[str, str]:
        """The key the services sign dead letters with: the one configured, else the demo's
        own, made once and kept in the work directory so `newsroom dlq redrive` can check."""
        if os.environ.get("NEWSROOM_DEAD_LETTER_KEY") or os.environ.get(
            "NEWSROOM_DEAD_LETTER_KEY_FILE"
        ):
            return {}
        path = self.work_dir / "dead-letter.key"
        if not path.exists():
            self.work_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32) + "\n")
        return {"NEWSROOM_DEAD_LETTER_KEY_FILE": str(path)}

    def client_env(self) -> dict[str, str]:
        """What points a command at this pipeline's stack, topics, indices and key."""
        return {
            "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": self.kafka.bootstrap_servers,
            "NEWSROOM_KAFKA_TOPIC_PREFIX": self.kafka.topic_prefix,
            "NEWSROOM_ES_URL": self.elasticsearch.url,
            "NEWSROOM_ES_INDEX_PREFIX": self.elasticsearch.index_prefix,
            **self.dead_letter_env(),
        }

    def service_env(self, service: str) -> dict[str, str]:
        prefix = self.kafka.topic_prefix
        port = self.ports.setdefault(service, free_port())
        env = {**os.environ, **self.client_env()}
        if service == "fetcher":
            env |= {
                "NEWSROOM_FETCHER_SOURCES_FILE": str(self.work_dir / "sources.yaml"),
                # The sample site is on loopback, which the fetcher refuses by default.
                "NEWSROOM_FETCHER_SSRF_ALLOW": json.dumps(["127.0.0.0/8"]),
                "NEWSROOM_FETCHER_METRICS_PORT": str(port),
            }
            if self.revisit_after is not None:
                env["NEWSROOM_FETCHER_REVISIT_AFTER_SECONDS"] = str(self.revisit_after)
        elif service == "parser":
            env |= {
                "NEWSROOM_PARSER_GROUP_ID": f"{prefix}newsroom-parser{self.group_suffix}",
                "NEWSROOM_PARSER_METRICS_PORT": str(port),
                "NEWSROOM_PARSER_WORKERS": str(self.parser_workers),
            }
        else:
            env |= {
                "NEWSROOM_INDEXER_GROUP_ID": f"{prefix}newsroom-indexer{self.group_suffix}",
                "NEWSROOM_INDEXER_METRICS_PORT": str(port),
            }
        return env

    async def start_services(self, within: float = 180.0) -> None:
        """Start parser and indexer, wait until they report healthy (the parser's workers have
        loaded their models), then start the fetcher: pages meet a pipeline that is ready."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for service in ("parser", "indexer"):
            self._spawn(service)
        await self.wait_healthy(("parser", "indexer"), within)
        self._spawn("fetcher")

    def _spawn(self, service: str) -> None:
        with self.log_file(service).open("ab") as log:
            self.processes[service] = subprocess.Popen(
                [sys.executable, "-m", f"newsroom_{service}", "run"],
                env=self.service_env(service),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    async def wait_healthy(self, services: tuple[str, ...], within: float) -> None:
        deadline = time.monotonic() + within
        waiting = list(services)
        async with httpx.AsyncClient(timeout=2) as client:
            while waiting:
                await self._check_health(client, waiting)
                if waiting and time.monotonic() > deadline:
                    raise RuntimeError(f"not healthy after {within:.0f}s: {', '.join(waiting)}")
                await asyncio.sleep(0.3)

    async def _check_health(self, client: httpx.AsyncClient, waiting: list[str]) -> None:
        """Remove from `waiting` each service whose /health answers 200."""
        for service in list(waiting):
            if self.processes[service].poll() is not None:
                raise RuntimeError(f"{service} exited while starting; see {self.log_file(service)}")
            try:
                response = await client.get(f"http://127.0.0.1:{self.ports[service]}/health")
            except httpx.HTTPError:
                continue  # not listening yet
            if response.status_code == 200:
                waiting.remove(service)

    def crashed(self) -> list[str]:
        return [name for name, p in self.processes.items() if p.poll() is not None]

    def stop_services(self, timeout: float = 60.0) -> dict[str, int | None]:
        """SIGTERM each service (they flush and commit), SIGKILL what does not stop in time."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes: dict[str, int | None] = {}
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                codes[name] = process.wait()
        self.processes.clear()
        return codes

    async def stop(self) -> None:
        self.stop_services()
        await self.site.stop()

    async def progress(self, es: AsyncElasticsearch) -> Progress:
        from newsroom_indexer.templates import Names

        names = Names(self.elasticsearch.index_prefix)
        result = Progress()
        result.fetched = sum(
            (await end_offsets(self.kafka, self.kafka.topic(RAW_PAGES.name))).values()
        )
        result.parsed = sum(
            (await end_offsets(self.kafka, self.kafka.topic(ARTICLES.name))).values()
        )
        result.dead_letters = sum(
            (await end_offsets(self.kafka, self.kafka.topic(DEAD_LETTERS.name))).values()
        )
        counted = await es.options(ignore_status=404).count(index=names.articles.read_alias)
        result.indexed = int(counted.get("count", 0))
        quotes = await es.options(ignore_status=404).count(index=names.quotes.read_alias)
        result.quotes = int(quotes.get("count", 0))
        return result
