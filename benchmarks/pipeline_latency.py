"""Fetch-to-searchable latency of the whole pipeline on the bundled sample site.

usage: python benchmarks/pipeline_latency.py [--rounds 3] [--parser-workers 2]

Needs a running stack (`newsroom dev up`; NEWSROOM_KAFKA_BOOTSTRAP_SERVERS / NEWSROOM_ES_URL
override the defaults). Each round runs sample site, fetcher, parser and indexer as processes
on fresh topics and indices and polls Elasticsearch every 50 ms; an article's latency is the
moment it first appears in search minus its `fetched_at` (both taken on this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import AsyncElasticsearch

from newsroom_indexer.templates import Names
from newsroom_ops.demo.processes import Pipeline
from newsroom_ops.demo.sample_site import load_manifest
from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings


async def one_round(workers: int) -> list[float]:
    tag = f"lat{uuid.uuid4().hex[:8]}"
    kafka = KafkaSettings(topic_prefix=f"{tag}.")
    elastic = ElasticsearchSettings(index_prefix=tag)
    await apply_topics(kafka)
    expected = len(load_manifest()["articles"])
    names = Names(tag)
    seen: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as work:
        pipeline = Pipeline(kafka, elastic, Path(work), parser_workers=workers)
        async with AsyncElasticsearch(**elastic.client_options()) as es:  # type: ignore[arg-type]
            await pipeline.start_site()
            await pipeline.start_services()
            try:
                deadline = time.monotonic() + 300
                while len(seen) < expected and time.monotonic() < deadline:
                    response = await es.options(ignore_status=404).search(
                        index=names.articles.read_alias, size=100, source=["fetched_at"]
                    )
                    now = datetime.now(UTC)
                    for hit in response.get("hits", {}).get("hits", []):
                        if hit["_id"] not in seen:
                            fetched = datetime.fromisoformat(hit["_source"]["fetched_at"])
                            seen[hit["_id"]] = (now - fetched).total_seconds()
                    await asyncio.sleep(0.05)
            finally:
                await pipeline.stop()
                await es.options(ignore_status=404).indices.delete(index=f"{tag}-*")
    return list(seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parser-workers", type=int, default=2)
    args = parser.parse_args()
    latencies: list[float] = []
    for number in range(1, args.rounds + 1):
        found = asyncio.run(one_round(args.parser_workers))
        latencies += found
        print(
            f"round {number}: {len(found)} articles, "
            f"median {statistics.median(found):.2f}s, max {max(found):.2f}s",
            flush=True,
        )
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(
        f"fetch-to-searchable over {len(latencies)} articles: "
        f"p50 {statistics.median(latencies):.2f}s, p95 {p95:.2f}s, max {latencies[-1]:.2f}s"
    )


if __name__ == "__main__":
    main()
