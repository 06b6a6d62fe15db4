"""Indexer throughput: Kafka in -> Elasticsearch acknowledged, next to a direct `async_bulk`.

    python benchmarks/indexer_throughput.py [--articles 10000] [--queries 200]

Builds N articles shaped like the seed article (tests/fixtures/indexer), then, in one run:
  1. direct: `async_bulk` of their article and quote documents (built beforehand) into one set
     of indices: the ceiling, no Kafka and no decoding;
  2. indexer: the same articles produced to a topic (not timed), then the indexer service
     consumes, writes and commits them into another set of indices (timed from its first
     record to its last commit);
  3. p50/p95 latency of a faceted full-text query over the indexer's result.
Both sets use the same templates. Kafka and Elasticsearch come from NEWSROOM_KAFKA_* and
NEWSROOM_ES_* (default localhost). Everything it creates is deleted at the end.

Each round also prints the CPU seconds of this process and of the Elasticsearch node (from its
node stats): on a machine where Elasticsearch, Kafka and the indexer share the cores, the
indexer's own CPU is taken from Elasticsearch, and the ratio says as much about the machine as
about the indexer. To see the indexer with Elasticsearch on cores of its own, as in a
deployment, pin them apart, e.g. `taskset -pc 0 <es pid>` and `taskset -c 1 python ...`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from elasticsearch import AsyncElasticsearch
from elasticsearch.helpers import async_bulk

from newsroom_indexer import es_admin
from newsroom_indexer.documents import article_document, quote_documents
from newsroom_indexer.es_client import make_client
from newsroom_indexer.service import IndexerService
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.elasticsearch.search import SearchRequest, build_search
from newsroom_shared.contracts import Article, url_id
from newsroom_shared.kafka import apply_topics, make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS

SEED = (
    Path(__file__).parents[1]
    / "tests"
    / "fixtures"
    / "indexer"
    / "rollcall-2018-08-06.article.json"
)
SOURCES = ["rollcall", "apnews", "reuters", "bbc", "guardian", "npr", "politico", "thehill"]
QUERY_WORDS = [
    "Russia",
    "election",
    "sanctions",
    "delegation",
    "Helsinki",
    "security",
    "Senate",
    "campaign",
    "interference",
    "Washington",
]
PEOPLE = ["Rand Paul", "Vladimir Putin", "Donald Trump", "Konstantin Kosachev"]


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def make_articles(count: int, rng: random.Random) -> list[Article]:
    seed = Article.model_validate(json.loads(SEED.read_text()))
    start = datetime(2018, 6, 1, tzinfo=UTC)
    articles = []
    for n in range(count):
        url = f"https://{SOURCES[n % len(SOURCES)]}.example/story/{n}"
        paragraphs = rng.sample(seed.paragraphs, k=rng.randint(8, len(seed.paragraphs)))
        published = start + timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        quotes = rng.sample(seed.quotes, k=rng.randint(0, 3))
        articles.append(
            seed.model_copy(
                update={
                    "id": url_id(url),
                    "url": url,
                    "canonical_url": url,
                    "source_id": SOURCES[n % len(SOURCES)],
                    "title": f"{rng.choice(QUERY_WORDS)} story {n}: {seed.title}",
                    "paragraphs": paragraphs,
                    "body": "\n\n".join(paragraphs),
                    "published_at": published,
                    "fetched_at": published + timedelta(minutes=5),
                    "version": int((published + timedelta(minutes=5)).timestamp() * 1000),
                    "entities": rng.sample(seed.entities, k=rng.randint(5, len(seed.entities))),
                    "quotes": quotes,
                }
            )
        )
    return articles


def direct_actions(articles: list[Article], names: Names) -> list[dict[str, Any]]:
    """The same documents and the same versioning the indexer sends."""
    now = datetime.now(UTC)
    actions = []
    for article in articles:
        common = {"version": article.version, "version_type": "external_gte"}
        actions.append(
            {
                "_index": names.articles.write_alias,
                "_id": article.id,
                **common,
                "_source": article_document(article, now),
            }
        )
        for quote in quote_documents(article, now):
            actions.append(
                {
                    "_index": names.quotes.write_alias,
                    "_id": quote.id,
                    **common,
                    "_source": quote.source,
                }
            )
    return actions


async def produce(kafka: KafkaSettings, articles: list[Article]) -> None:
    producer = make_producer(kafka, ARTICLES.max_message_bytes, linger_ms=20)
    await producer.start()
    try:
        pending = []
        for n, article in enumerate(articles, 1):
            pending.append(
                await producer.send(
                    kafka.topic(ARTICLES.name),
                    encode(article),
                    key=article.id.encode(),
                    headers=headers_for(article),
                )
            )
            if n % 2500 == 0:
                say(f"  produced {n}/{len(articles)}")
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def run_direct(es: AsyncElasticsearch, articles: list[Article], names: Names) -> float:
    actions = direct_actions(articles, names)
    started = time.perf_counter()
    ok, errors = await async_bulk(
        es, actions, chunk_size=500, max_chunk_bytes=10 * 1024 * 1024, raise_on_error=False
    )
    elapsed = time.perf_counter() - started
    if errors or ok != len(actions):
        raise SystemExit(f"direct bulk failed: {len(errors)} errors, {ok}/{len(actions)} ok")
    return elapsed


async def run_indexer(settings: IndexerSettings, expected: int) -> tuple[float, float]:
    service = IndexerService(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(service.main(stop))
    started = time.perf_counter()
    last_report = 0
    while service.stats.committed < expected:
        if task.done():
            task.result()
            raise SystemExit("the indexer stopped early")
        if service.stats.committed - last_report >= 2500:
            last_report = service.stats.committed
            say(f"  indexer committed {last_report}/{expected}")
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - started
    stats = service.stats
    assert stats.first_record_at is not None and stats.last_commit_at is not None
    consuming = stats.last_commit_at - stats.first_record_at
    stop.set()
    await task
    if stats.rejected or stats.invalid:
        raise SystemExit(f"indexer rejected {stats.rejected}, invalid {stats.invalid}")
    return consuming, wall


async def query_latencies(
    es: AsyncElasticsearch, index: str, count: int, rng: random.Random
) -> list[float]:
    latencies = []
    for n in range(count):
        request = SearchRequest(
            text=" ".join(rng.sample(QUERY_WORDS, k=rng.randint(1, 2))),
            person=rng.choice(PEOPLE) if n % 3 == 0 else None,
            facets=True,
        )
        body = build_search(request)
        started = time.perf_counter()
        await es.search(index=index, **body)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def count_docs(es: AsyncElasticsearch, names: Names) -> tuple[int, int]:
    await es.indices.refresh(index=[names.articles.read_alias, names.quotes.read_alias])
    articles = (await es.count(index=names.articles.read_alias))["count"]
    quotes = (await es.count(index=names.quotes.read_alias))["count"]
    return int(articles), int(quotes)


async def cleanup(es: AsyncElasticsearch, prefixes: list[str], kafka: KafkaSettings) -> None:
    for prefix in prefixes:
        quiet = es.options(ignore_status=404)
        await quiet.indices.delete(index=f"{prefix}-*")
        await quiet.indices.delete_index_template(name=f"{prefix}-*")
        await quiet.cluster.delete_component_template(name=f"{prefix}-*")
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        await admin.delete_topics([kafka.topic(ARTICLES.name), kafka.topic(DEAD_LETTERS.name)])
    finally:
        await admin.close()


@dataclass
class Round:
    direct_seconds: float
    direct_cpu: float
    direct_es_cpu: float
    indexer_seconds: float
    indexer_wall: float
    indexer_cpu: float
    indexer_es_cpu: float


async def es_cpu_seconds(es: AsyncElasticsearch) -> float:
    """CPU time of the Elasticsearch node(s) so far: where a round's machine time went."""
    stats = await es.nodes.stats(metric="process")
    return sum(n["process"]["cpu"]["total_in_millis"] for n in stats["nodes"].values()) / 1000


async def drop(es: AsyncElasticsearch, names: Names) -> None:
    """Delete a run's indices at once: their background merges would tax the next run."""
    await es.options(ignore_status=404).indices.delete(index=f"{names.prefix}-*")


async def one_round(
    es: AsyncElasticsearch,
    base: IndexerSettings,
    articles: list[Article],
    expected: tuple[int, int],
    number: int,
    keep_indexer: bool,
) -> tuple[Round, Names]:
    run = f"{base.group_id}-r{number}"
    direct_names, indexer_names = Names(f"{run}-direct"), Names(f"{run}-indexer")
    await es_admin.apply(es, direct_names)
    await es_admin.apply(es, indexer_names)

    say(f"round {number}: direct async_bulk")
    cpu, es_cpu = time.process_time(), await es_cpu_seconds(es)
    direct_seconds = await run_direct(es, articles, direct_names)
    direct_cpu = time.process_time() - cpu
    direct_es_cpu = await es_cpu_seconds(es) - es_cpu
    if await count_docs(es, direct_names) != expected:
        raise SystemExit("direct: document counts differ")
    await drop(es, direct_names)
    say(f"  {direct_seconds:.1f}s")

    say(f"round {number}: indexer service (Kafka -> Elasticsearch acknowledged -> committed)")
    settings = base.model_copy(
        update={
            "group_id": run,
            "elasticsearch": base.elasticsearch.model_copy(
                update={"index_prefix": indexer_names.prefix}
            ),
        }
    )
    cpu, es_cpu = time.process_time(), await es_cpu_seconds(es)
    indexer_seconds, wall = await run_indexer(settings, len(articles))
    indexer_cpu = time.process_time() - cpu
    indexer_es_cpu = await es_cpu_seconds(es) - es_cpu
    if await count_docs(es, indexer_names) != expected:
        raise SystemExit("indexer: document counts differ")
    if not keep_indexer:
        await drop(es, indexer_names)
    say(f"  {indexer_seconds:.1f}s (wall {wall:.1f}s with start-up and group join)")
    result = Round(
        direct_seconds,
        direct_cpu,
        direct_es_cpu,
        indexer_seconds,
        wall,
        indexer_cpu,
        indexer_es_cpu,
    )
    return result, indexer_names


async def main(article_count: int, query_count: int, rounds: int) -> None:
    run = f"bench-{uuid.uuid4().hex[:6]}"
    rng = random.Random(6)
    es_settings = ElasticsearchSettings()
    kafka = KafkaSettings(topic_prefix=f"{run}.")
    base = IndexerSettings(kafka=kafka, elasticsearch=es_settings, group_id=run, metrics_port=None)
    say(f"building {article_count} articles")
    articles = make_articles(article_count, rng)
    quotes = sum(len(a.quotes) for a in articles)
    say(f"  {article_count} articles with {quotes} quotes")

    results: list[Round] = []
    # The client the indexer uses, for the direct runs too: the comparison is about the path.
    async with make_client(es_settings) as es:
        try:
            warm = Names(f"{run}-warmup")
            await es_admin.apply(es, warm)
            say("warming Elasticsearch up (1000 articles, not timed)")
            await run_direct(es, articles[:1000], warm)
            await drop(es, warm)

            say("creating topics and producing the articles to Kafka (not timed)")
            await apply_topics(kafka, (ARTICLES, DEAD_LETTERS))
            await produce(kafka, articles)

            # Alternating rounds: other work on the machine shifts the timings of a single
            # run by tens of percent; each round is a same-moment comparison.
            indexer_names = None
            for number in range(1, rounds + 1):
                result, indexer_names = await one_round(
                    es, base, articles, (article_count, quotes), number, number == rounds
                )
                results.append(result)
            assert indexer_names is not None

            say(f"faceted query latency over the indexer's result ({query_count} queries)")
            await query_latencies(es, indexer_names.articles.read_alias, 20, rng)  # warm-up
            latencies = await query_latencies(
                es, indexer_names.articles.read_alias, query_count, rng
            )
        finally:
            say("cleaning up")
            await cleanup(es, [run], kafka)

    print()
    print(f"articles: {article_count} (+ {quotes} quote documents), counts verified every run")
    print(
        f"{'round':>5} {'direct/s':>9} {'indexer/s':>10} {'ratio':>6}   CPU s, client + "
        "Elasticsearch (direct; indexer)"
    )
    for number, r in enumerate(results, 1):
        print(
            f"{number:>5} {article_count / r.direct_seconds:9.0f} "
            f"{article_count / r.indexer_seconds:10.0f} "
            f"{r.direct_seconds / r.indexer_seconds:6.2f}   "
            f"{r.direct_cpu:.1f} + {r.direct_es_cpu:.1f}; "
            f"{r.indexer_cpu:.1f} + {r.indexer_es_cpu:.1f}"
        )
    best_direct = min(r.direct_seconds for r in results)
    best_indexer = min(r.indexer_seconds for r in results)
    print(f"direct async_bulk : {article_count / best_direct:8.0f} articles/s (best round)")
    print(
        f"indexer service   : {article_count / best_indexer:8.0f} articles/s (best round; "
        f"{article_count / min(r.indexer_wall for r in results):.0f}/s counting start-up)"
    )
    per_round = ", ".join(f"{r.direct_seconds / r.indexer_seconds:.2f}" for r in results)
    print(
        f"ratio             : {best_direct / best_indexer:.2f}x direct, best of each "
        f"(target >= 0.80); per round {per_round}"
    )
    print(
        f"faceted query     : p50 {percentile(latencies, 50):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms over {len(latencies)} queries"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="Alternating direct/indexer runs.")
    args = parser.parse_args()
    if args.articles < 1000 or args.rounds < 1:
        sys.exit("--articles must be at least 1000 and --rounds at least 1")
    asyncio.run(main(args.articles, args.queries, args.rounds))
