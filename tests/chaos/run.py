"""One chaos run: the many-host site, every service as several processes, faults on a schedule,
lag sampled throughout, and at the end every URL accounted for.

Used by tests/chaos/ (against the `cluster` fixture) and by benchmarks/chaos.py (against a
cluster of its own), which print the same report.

Faults name a server node (kafka-2, elasticsearch-1: the dev stack's node names) or a service
instance (fetcher-1, parser-2, indexer-1). Each is killed with SIGKILL and started again
`down_for` seconds later, one at a time: the next waits until the last one is back and has
settled (a node restart takes its time on a busy machine), unless it is marked to overlap with
the one before.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings, TopicSettings
from newsroom_shared.topics import ARTICLES, FRONTIER, RAW_PAGES
from tests.chaos.fleet import Fleet, Instance
from tests.chaos.observe import Accounting, Group, LagSample, LagSampler, account
from tests.chaos.site import ChaosSite, Overlap, Request

SERVICES = ("fetcher", "parser", "indexer")
# A refetch is put down to a fault when its first fetch began this close to the fault.
NEAR_BEFORE, NEAR_AFTER = 5.0, 30.0


class Servers(Protocol):
    """kill -9 and restart of one server node (the `cluster` fixture, or a DevStack)."""

    def kill(self, node: str) -> None: ...

    def restart(self, node: str) -> None: ...


@dataclass(frozen=True)
class Fault:
    at: float  # seconds after the release began, at the earliest
    target: str  # a server node or a service instance
    down_for: float
    # Down at the same time as the fault before it (`at` counts from that one's kill); else it
    # waits until everything before is back and `settle` seconds more.
    with_previous: bool = False
    settle: float = 15.0


@dataclass
class FaultRecord:
    fault: Fault
    killed_at: float = 0.0  # seconds since the release began
    restarted_at: float = 0.0  # restart issued
    ready_at: float = 0.0  # the node answers / the instance is healthy again
    recovered_at: float | None = None  # every service's lag back to normal
    stall: float = 0.0  # longest time without a new document after the kill


@dataclass
class RunConfig:
    hosts: int = 50
    # Pages are released until the faults are over and at least this many are out.
    pages: int = 5000
    rate: float = 10.0  # pages released per second
    poll_interval: float = 5.0  # each host's sitemap
    faults: list[Fault] = field(default_factory=list)
    instances: int = 2  # of each service
    fetcher_role: str = "both"
    parser_nlp: bool = False
    parser_workers: int = 1
    per_host_delay: float = 0.2
    replication_factor: int = 3
    min_insync_replicas: int = 2
    es_shards: int = 3
    drain_timeout: float = 600.0  # after the last page and the last fault, for the backlog
    sample_interval: float = 3.0
    extra_env: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    config: RunConfig
    accounting: Accounting
    faults: list[FaultRecord]
    samples: list[LagSample]
    refetched: dict[str, list[Request]]  # URL -> its page fetches, where more than one
    # Refetched though the first fetch was not near a fault. A kill, a restart and the
    # rebalances they cause cut work short (a fetch done, its state not yet written), which is
    # then done again: at-least-once. "Near": from 5 s before a kill to 30 s after the restart.
    unexplained_refetches: list[str]
    refetches_by_fault: dict[str, int]  # the fault near each refetch's first fetch
    missing_fetched_twice: int  # 404 pages asked for more than once (each may dead-letter again)
    overlaps: list[Overlap]
    crashed: list[str]
    cpu_seconds: dict[str, float]  # per service, all instances and generations
    wall_seconds: float  # release start to everything accounted for
    began: float  # time.monotonic() of the release, the zero of every time here
    drained_at: float  # seconds after the release began
    work_dir: Path

    def lines(self) -> list[str]:
        a = self.accounting
        out = [
            f"pages {a.expected_pages} + {a.expected_missing} missing (404) over "
            f"{self.config.hosts} hosts, released at {self.config.rate:g}/s; all accounted for "
            f"{self.drained_at:.0f}s after the release began",
            f"documents {a.documents} for {a.indexed} URLs; dead letters {a.dead_letters} for "
            f"{a.dead_lettered} URLs ({_reasons(a)}; 404 pages asked for twice "
            f"{self.missing_fetched_twice})",
            f"lost {len(a.lost)}, duplicate documents {a.duplicate_documents}, pages "
            f"dead-lettered {len(a.pages_dead_lettered)}, 404s indexed {len(a.missing_indexed)}",
            f"pages fetched more than once {len(self.refetched)} (by another fetcher than the "
            f"first time: {self._moved()}; with no kill or restart between the two fetches: "
            f"{len(self.unexplained_refetches)}), moments two fetchers fetched from one host at "
            f"once {len(self.overlaps)}",
            "refetches by the fault they followed: "
            + (", ".join(f"{t} {n}" for t, n in self.refetches_by_fault.items()) or "none"),
            f"instances that died by themselves: {', '.join(self.crashed) or 'none'}",
        ]
        for r in self.faults:
            recovered = (
                f"lag back to normal {r.recovered_at - r.killed_at:.0f}s after the kill"
                if r.recovered_at is not None
                else "lag never back to normal"
            )
            out.append(
                f"  kill -9 {r.fault.target:16} at {r.killed_at:5.0f}s, restarted at "
                f"{r.restarted_at:5.0f}s, ready {r.ready_at - r.restarted_at:4.1f}s later; "
                f"longest stall {r.stall:.0f}s; {recovered}"
            )
        for service in SERVICES:
            series = [(s.at, s.lags.get(service)) for s in self.samples]
            known = [(t, lag) for t, lag in series if lag is not None]
            if not known:
                continue
            peak_at, peak = max(known, key=lambda p: p[1])
            out.append(
                f"  lag {service:8} peak {peak:5} at {peak_at:4.0f}s, median "
                f"{sorted(lag for _, lag in known)[len(known) // 2]:4}, unreadable samples "
                f"{len(series) - len(known)}/{len(series)}"
            )
        pages = max(1, a.indexed)
        out.append(
            "  CPU per indexed page: "
            + ", ".join(f"{s} {1000 * c / pages:.1f} ms" for s, c in self.cpu_seconds.items())
        )
        return out

    def _moved(self) -> int:
        return sum(
            1
            for reqs in self.refetched.values()
            if any(a.worker != b.worker for a, b in itertools.pairwise(reqs))
        )

    def lag_curve(self, every: float = 15.0) -> list[str]:
        """The lag of each service, one line per `every` seconds."""
        out, next_at = [], 0.0
        for s in self.samples:
            if s.at < next_at:
                continue
            next_at = s.at + every
            lags = "  ".join(
                f"{svc} {s.lags.get(svc) if s.lags.get(svc) is not None else '-':>5}"
                for svc in SERVICES
            )
            out.append(f"  t={s.at:5.0f}s  {lags}  indexed {s.indexed}")
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "accounting": {
                    k: v
                    for k, v in dataclasses.asdict(self.accounting).items()
                    if k not in ("reasons",)
                },
                "reasons": {f"{k[0]}/{k[1]}": v for k, v in self.accounting.reasons.items()},
                "faults": [dataclasses.asdict(f) for f in self.faults],
                "samples": [dataclasses.asdict(s) for s in self.samples],
                "refetched": {
                    url: [(r.worker, r.started, r.ended, r.status) for r in reqs]
                    for url, reqs in self.refetched.items()
                },
                "began": self.began,
                "unexplained_refetches": self.unexplained_refetches,
                "overlaps": [dataclasses.asdict(o) for o in self.overlaps],
                "crashed": self.crashed,
                "cpu_seconds": self.cpu_seconds,
                "wall_seconds": self.wall_seconds,
            },
            indent=1,
        )


def _reasons(a: Accounting) -> str:
    return ", ".join(f"{stage}/{reason} {n}" for (stage, reason), n in a.reasons.items()) or "-"


@dataclass
class ChaosRun:
    config: RunConfig
    bootstrap_servers: str
    elasticsearch_url: str  # comma-separated nodes
    servers: Servers | None
    work_dir: Path
    log: Callable[[str], None] = print
    prefix: str = field(default_factory=lambda: f"chaos{uuid.uuid4().hex[:8]}")

    def __post_init__(self) -> None:
        self.kafka = KafkaSettings(
            bootstrap_servers=self.bootstrap_servers, topic_prefix=f"{self.prefix}."
        )
        self.es = ElasticsearchSettings(url=self.elasticsearch_url, index_prefix=self.prefix)
        # Released until the faults are over (see _run), so every fault meets a steady load.
        self.site = ChaosSite(self.config.hosts, 10**9, self.config.rate)
        self.fleet = Fleet()
        self.began = 0.0

    def groups(self) -> list[Group]:
        return [
            Group("fetcher", f"{self.prefix}.fetcher", self.kafka.topic(FRONTIER.name)),
            Group("parser", f"{self.prefix}.parser", self.kafka.topic(RAW_PAGES.name)),
            Group("indexer", f"{self.prefix}.indexer", self.kafka.topic(ARTICLES.name)),
        ]

    def env(self) -> dict[str, str]:
        c = self.config
        key = os.environ.get("NEWSROOM_DEAD_LETTER_KEY") or secrets.token_urlsafe(32)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
        return env | {
            "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": self.kafka.bootstrap_servers,
            "NEWSROOM_KAFKA_TOPIC_PREFIX": self.kafka.topic_prefix,
            "NEWSROOM_ES_URL": self.es.url,
            "NEWSROOM_ES_INDEX_PREFIX": self.es.index_prefix,
            "NEWSROOM_DEAD_LETTER_KEY": key,
            "NEWSROOM_FETCHER_SOURCES_FILE": str(self.work_dir / "sources.yaml"),
            "NEWSROOM_FETCHER_SSRF_ALLOW": json.dumps(["127.0.0.0/8"]),
            "NEWSROOM_FETCHER_GROUP_ID": f"{self.prefix}.fetcher",
            "NEWSROOM_FETCHER_DISCOVERY_GROUP_ID": f"{self.prefix}.discovery",
            "NEWSROOM_FETCHER_PER_HOST_MIN_DELAY_SECONDS": str(c.per_host_delay),
            "NEWSROOM_PARSER_GROUP_ID": f"{self.prefix}.parser",
            "NEWSROOM_PARSER_NLP": "true" if c.parser_nlp else "false",
            "NEWSROOM_PARSER_WORKERS": str(c.parser_workers),
            "NEWSROOM_INDEXER_GROUP_ID": f"{self.prefix}.indexer",
            "NEWSROOM_INDEXER_NUMBER_OF_SHARDS": str(c.es_shards),
            "NEWSROOM_TOPICS_REPLICATION_FACTOR": str(c.replication_factor),
            "NEWSROOM_TOPICS_MIN_INSYNC_REPLICAS": str(c.min_insync_replicas),
            **c.extra_env,
        }

    async def prepare(self) -> None:
        """Topics, the site (serving, nothing released yet), the sources file, the fleet."""
        c = self.config
        layout = TopicSettings(
            replication_factor=c.replication_factor, min_insync_replicas=c.min_insync_replicas
        )
        await apply_topics(self.kafka, layout=layout)
        await self.site.start()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        (self.work_dir / "sources.yaml").write_text(
            yaml.safe_dump({"sources": self.site.sources(c.poll_interval)})
        )
        env = self.env()
        logs = self.work_dir / "logs"
        role = ["--role", c.fetcher_role]
        for n in range(1, c.instances + 1):
            self.fleet.add(Instance("parser", f"parser-{n}", [], env, logs))
            self.fleet.add(Instance("indexer", f"indexer-{n}", [], env, logs))
            self.fleet.add(Instance("fetcher", f"fetcher-{n}", role, env, logs))

    async def start_services(self) -> float:
        """Parsers and indexers first, fetchers once those are healthy; seconds it took."""
        began = time.monotonic()
        first = self.fleet.of("parser") + self.fleet.of("indexer")
        for instance in first:
            instance.start()
        await self.fleet.wait_healthy(first)
        for instance in self.fleet.of("fetcher"):
            instance.start()
        await self.fleet.wait_healthy(self.fleet.of("fetcher"))
        return time.monotonic() - began

    def now(self) -> float:
        return time.monotonic() - self.began

    async def run(self) -> Report:
        try:
            await self.prepare()
            took = await self.start_services()
            self.log(f"services healthy after {took:.0f}s; releasing pages")
            return await self._run()
        finally:
            self.fleet.kill_all()
            await self.site.stop()

    async def _run(self) -> Report:
        c = self.config
        self.began = time.monotonic()
        self.site.release()
        sampler = LagSampler(self.kafka, self.groups(), self.es, self.began, c.sample_interval)
        stopping = asyncio.Event()
        sampling = asyncio.create_task(sampler.run(stopping))
        records = [FaultRecord(f) for f in c.faults]
        try:
            await self._faults(records)
            await asyncio.sleep(max(0.0, c.pages / c.rate - self.now()))
            pages = self.site.close_release()
            self.log(f"t={self.now():.0f}s faults done, {pages} pages released; draining")
            accounting, drained_at = await self._drain(sampler)
            codes = self.fleet.stop()
            self.log(f"t={self.now():.0f}s services stopped: {codes}")
        finally:
            stopping.set()
            await sampling
        for record in records:
            _recovery(record, sampler.samples, c.rate)
        fetched = self.site.page_fetches()
        refetched = {url: reqs for url, reqs in fetched.items() if len(reqs) > 1}
        by_fault: dict[str, int] = {}
        unexplained = []
        for url, reqs in refetched.items():
            first = reqs[0].started - self.began
            near = [
                r.fault.target
                for r in records
                if r.killed_at - NEAR_BEFORE <= first <= r.ready_at + NEAR_AFTER
            ]
            if not near:
                unexplained.append(url)
            for target in near:
                by_fault[target] = by_fault.get(target, 0) + 1
        return Report(
            config=c,
            accounting=accounting,
            faults=records,
            samples=sampler.samples,
            refetched=refetched,
            unexplained_refetches=sorted(unexplained),
            refetches_by_fault=by_fault,
            missing_fetched_twice=sum(
                1 for reqs in self.site.page_fetches(404).values() if len(reqs) > 1
            ),
            overlaps=self.site.overlaps(),
            crashed=self.fleet.crashed(),
            cpu_seconds=self.fleet.cpu_by_service(),
            wall_seconds=time.monotonic() - self.began,
            began=self.began,
            drained_at=drained_at,
            work_dir=self.work_dir,
        )

    async def _faults(self, records: list[FaultRecord]) -> None:
        """Groups of overlapping faults, one group after the other."""
        groups: list[list[FaultRecord]] = []
        for record in records:
            if record.fault.with_previous and groups:
                groups[-1].append(record)
            else:
                groups.append([record])
        for group in groups:
            lead = group[0].fault
            await asyncio.sleep(max(0.0, lead.at - self.now()))
            start = self.now()
            await asyncio.gather(*(self._fault(r, start) for r in group))
            await asyncio.sleep(lead.settle)

    async def _fault(self, record: FaultRecord, group_start: float) -> None:
        fault = record.fault
        if fault.with_previous:
            await asyncio.sleep(max(0.0, group_start + fault.at - self.now()))
        instance = self._instance(fault.target)
        record.killed_at = self.now()
        if instance is not None:
            instance.kill()
        else:
            assert self.servers is not None, "server faults need a cluster"
            await asyncio.to_thread(self.servers.kill, fault.target)
        self.log(f"t={record.killed_at:.0f}s kill -9 {fault.target}")
        await asyncio.sleep(fault.down_for)
        record.restarted_at = self.now()
        if instance is not None:
            instance.start()
            await self.fleet.wait_healthy([instance])
        else:
            assert self.servers is not None
            await asyncio.to_thread(self.servers.restart, fault.target)
        record.ready_at = self.now()
        self.log(
            f"t={record.restarted_at:.0f}s restarted {fault.target}, ready "
            f"{record.ready_at - record.restarted_at:.1f}s later"
        )

    def _instance(self, target: str) -> Instance | None:
        with contextlib.suppress(StopIteration):
            return self.fleet.named(target)
        return None

    async def _drain(self, sampler: LagSampler) -> tuple[Accounting, float]:
        """Wait until every released URL is a document or a dead letter (or the timeout)."""
        pages, missing = self.site.expected()
        deadline = time.monotonic() + self.config.drain_timeout
        while True:
            last = sampler.samples[-1] if sampler.samples else None
            caught_up = (
                last is not None
                and last.indexed is not None
                and last.indexed >= len(pages)
                and all(lag == 0 for lag in last.lags.values())
            )
            if caught_up or time.monotonic() > deadline:
                accounting = await account(self.kafka, self.es, pages, missing)
                if not accounting.lost or time.monotonic() > deadline:
                    return accounting, self.now()
            if crashed := self.fleet.crashed():
                raise RuntimeError(f"instances died by themselves: {crashed}")
            await asyncio.sleep(self.config.sample_interval)


def _recovery(record: FaultRecord, samples: list[LagSample], rate: float) -> None:
    """When, after a kill, every service's lag was back at its level before the kill (or
    within ten seconds' worth of pages), and the longest time without a new document."""
    before = [s for s in samples if record.killed_at - 15 <= s.at < record.killed_at]
    after = [s for s in samples if s.at >= record.killed_at]
    normal: dict[str, int] = {}
    for s in before:
        for service, lag in s.lags.items():
            if lag is not None:
                normal[service] = max(normal.get(service, 0), lag)
    floor = int(rate * 10)
    for s in after:
        if s.at < record.ready_at:
            continue
        if all(
            lag is not None and lag <= max(normal.get(svc, 0), floor) for svc, lag in s.lags.items()
        ):
            record.recovered_at = s.at
            break
    last_growth = record.killed_at
    previous = next((s.indexed for s in reversed(before) if s.indexed is not None), None)
    end = record.recovered_at if record.recovered_at is not None else float("inf")
    for s in after:
        if s.at > end:
            break
        if s.indexed is None:
            continue
        if previous is not None and s.indexed > previous:
            record.stall = max(record.stall, s.at - last_growth)
            last_growth = s.at
        previous = s.indexed
