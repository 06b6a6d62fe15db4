"""Scaling: pipeline throughput with 1 and 2 instances of each service, and CPU per page.

usage: python benchmarks/scaling.py [--pages 3000] [--hosts 50] [--nlp-pages 400]
                                    [--instances 1 2] [--json FILE]

Starts its own single-node Kafka and Elasticsearch (free ports) and, for each instance count,
runs the whole pipeline as processes (fetchers with discovery and fetch together, parsers
without NLP, indexers) over a backlog: `--pages` pages of about 600 words over `--hosts`
loopback hosts, all there at once, politeness lifted (this measures CPU, not waiting). Then
one run with NLP on (one instance each, `--nlp-pages` pages) for the parser's cost with NLP.

For each run it prints the time from the first page to the last one searchable, pages per
second, the CPU seconds of every service and of the Kafka and Elasticsearch servers (all
processes, from /proc), CPU milliseconds per page, the cores the run kept busy, and pages per
CPU-second (per-core efficiency). The machine's load average before and after is printed:
other work on the machine slows the wall-clock figures, less so the CPU ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsroom_ops.devstack import DevStack
from tests.chaos.fleet import session_usage
from tests.chaos.observe import LagSampler
from tests.chaos.run import ChaosRun, RunConfig
from tests.chaos.stack import start_stack

PARAGRAPHS = 14  # about 600 words a page, as a news article


@dataclass
class Result:
    instances: int
    nlp: bool
    pages: int
    seconds: float  # release to the last page searchable
    cpu: dict[str, float]  # seconds: fetcher, parser, indexer, kafka, elasticsearch
    stored: dict[str, tuple[int, int]]  # index kind -> (documents, primary bytes on disk)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cores_busy(self) -> float:
        return sum(self.cpu.values()) / self.seconds

    @property
    def pages_per_cpu_second(self) -> float:
        return self.pages / sum(self.cpu.values())

    def ms_per_page(self, part: str) -> float:
        return 1000 * self.cpu[part] / self.pages

    def line(self) -> str:
        parts = ", ".join(f"{k} {self.ms_per_page(k):.1f}" for k in self.cpu)
        return (
            f"{self.instances} of each{' (NLP)' if self.nlp else ''}: {self.pages} pages in "
            f"{self.seconds:.1f}s = {self.pages_per_second:.1f} pages/s; CPU ms per page: "
            f"{parts}; total {1000 / self.pages_per_cpu_second:.1f}; cores busy "
            f"{self.cores_busy:.2f}; {self.pages_per_cpu_second:.1f} pages per CPU-second; "
            + ", ".join(
                f"{kind} {docs} docs {size / max(1, docs) / 1024:.1f} KiB each"
                for kind, (docs, size) in self.stored.items()
            )
        )


def server_cpu(stack: DevStack) -> dict[str, float]:
    cpu = {"kafka": 0.0, "elasticsearch": 0.0}
    for node in stack.nodes:
        pid = stack.pid(node.name)
        if pid is not None:
            cpu[node.kind] += session_usage(pid).cpu_seconds
    return cpu


async def one_run(
    stack: DevStack, instances: int, pages: int, hosts: int, nlp: bool, work: Path
) -> Result:
    info = stack.recorded()
    assert info is not None
    config = RunConfig(
        hosts=hosts,
        pages=pages,
        rate=1e9,  # everything at once: a backlog
        poll_interval=2.0,  # the first poll after the release finds them all
        instances=instances,
        parser_nlp=nlp,
        parser_workers=1,
        per_host_delay=0.0,
        replication_factor=1,
        min_insync_replicas=1,
        es_shards=1,
        extra_env={"NEWSROOM_FETCHER_PER_HOST_CONCURRENCY": "4"},
    )
    run = ChaosRun(config, info.kafka_bootstrap_servers, info.elasticsearch_url, None, work)
    run.site.pages = pages
    run.site.missing_every = 0
    run.site.paragraphs = PARAGRAPHS
    try:
        await run.prepare()
        await run.start_services()
        await asyncio.sleep(5)  # start-up work (models, metadata) settles
        before = run.fleet.cpu_by_service() | server_cpu(stack)
        run.began = time.monotonic()
        run.site.release()
        sampler = LagSampler(run.kafka, run.groups(), run.es, run.began, interval=1.0)
        stopping = asyncio.Event()
        sampling = asyncio.create_task(sampler.run(stopping))
        try:
            while not (sampler.samples and (sampler.samples[-1].indexed or 0) >= pages):
                if crashed := run.fleet.crashed():
                    raise RuntimeError(f"instances died: {crashed}")
                await asyncio.sleep(0.5)
            seconds = sampler.samples[-1].at
            after = run.fleet.cpu_by_service() | server_cpu(stack)
        finally:
            stopping.set()
            await sampling
        stored = await store_sizes(run)
    finally:
        run.fleet.stop()
        await run.site.stop()
    cpu = {k: after[k] - before.get(k, 0.0) for k in after}
    return Result(instances, nlp, pages, seconds, cpu, stored)


async def store_sizes(run: ChaosRun) -> dict[str, tuple[int, int]]:
    """Documents and primary store bytes of the articles and quotes indices, after a flush
    and a merge to one segment (as an index settles once it stops taking writes)."""
    from elasticsearch import AsyncElasticsearch

    sizes: dict[str, tuple[int, int]] = {}
    async with AsyncElasticsearch(**run.es.client_options()) as es:  # type: ignore[arg-type]
        pattern = f"{run.es.index_prefix}-*"
        await es.indices.flush(index=pattern)
        await es.indices.forcemerge(index=pattern, max_num_segments=1)
        rows = await es.cat.indices(
            index=pattern, format="json", bytes="b", h="index,docs.count,pri.store.size"
        )
        for row in rows:
            kind = "quotes" if "quotes" in row["index"] else "articles"
            docs, size = sizes.get(kind, (0, 0))
            sizes[kind] = (docs + int(row["docs.count"]), size + int(row["pri.store.size"]))
    return sizes


def main() -> None:
    # A plain `kill` stops the run the way Ctrl-C does: servers and services are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--nlp-pages", type=int, default=400, help="0: no NLP run")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    load = os.getloadavg()
    print(
        f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    stack = start_stack(1, 1, "scaling")
    work = Path(tempfile.mkdtemp(prefix="newsroom-scaling-"))
    results: list[Result] = []
    try:
        for n in args.instances:
            result = asyncio.run(one_run(stack, n, args.pages, args.hosts, False, work / f"n{n}"))
            print(result.line(), flush=True)
            results.append(result)
        if args.nlp_pages:
            result = asyncio.run(one_run(stack, 1, args.nlp_pages, args.hosts, True, work / "nlp"))
            print(result.line(), flush=True)
            results.append(result)
    finally:
        stack.down(remove_data=True)
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    plain = [r for r in results if not r.nlp]
    if len(plain) >= 2:
        one, two = plain[0], plain[1]
        print(
            f"speed-up {two.instances} vs {one.instances} instances: "
            f"{two.pages_per_second / one.pages_per_second:.2f}x wall-clock, "
            f"pages per CPU-second {two.pages_per_cpu_second / one.pages_per_cpu_second:.2f}x"
        )
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) | {"pages_per_second": r.pages_per_second} for r in results])
        )


if __name__ == "__main__":
    main()
