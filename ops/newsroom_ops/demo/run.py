"""`newsroom demo`: the whole system on this machine, from an empty stack to search results.

1. starts (or reuses) the local Kafka + Elasticsearch;
2. resets the demo's own topics (prefix `demo.`) and indices (prefix `demo`), so a re-run
   starts clean and ends the same way;
3. serves the bundled sample news site on loopback and runs fetcher, parser and indexer as
   separate processes, showing what each stage has done so far;
4. when everything is indexed, stops the services and prints search results with facets.
"""

from __future__ import annotations

import asyncio
import shlex
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from elasticsearch import AsyncElasticsearch
from rich.console import Console
from rich.table import Table

from newsroom_ops.demo.processes import Pipeline, Progress
from newsroom_ops.demo.reset import reset_indices, reset_topics
from newsroom_ops.demo.sample_site import load_manifest
from newsroom_ops.devstack import DevStack, DevStackSettings
from newsroom_ops.devstack.process import log_tail
from newsroom_ops.devstack.stack import StackInfo
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

TOPIC_PREFIX = "demo."
INDEX_PREFIX = "demo"


def expected_counts() -> tuple[int, int]:
    manifest = load_manifest()
    return len(manifest["articles"]), len(manifest["failing_pages"])


async def wait_until_indexed(
    pipeline: Pipeline, es: AsyncElasticsearch, console: Console, within: float
) -> Progress:
    articles, failing = expected_counts()
    deadline, last_line = time.monotonic() + within, ""
    while True:
        progress = await pipeline.progress(es)
        line = progress.line()
        if line != last_line:
            console.print(f"  {datetime.now(UTC):%H:%M:%S}  {line}")
            last_line = line
        if progress.indexed >= articles and progress.dead_letters >= failing:
            return progress
        crashed = pipeline.crashed()
        if crashed:
            for name in crashed:
                console.print(f"[red]{name} stopped unexpectedly[/]; end of its log:")
                console.print(log_tail(pipeline.log_file(name), 30))
            raise SystemExit(1)
        if time.monotonic() > deadline:
            console.print(f"[red]not done after {within:.0f}s[/]; logs in {pipeline.log_dir}")
            raise SystemExit(1)
        await asyncio.sleep(1.0)


async def show_results(es: AsyncElasticsearch, index_prefix: str, console: Console) -> None:
    from newsroom_indexer.templates import Names
    from newsroom_ops.elasticsearch.cli import render_result
    from newsroom_ops.elasticsearch.search import SearchRequest, run_search

    names = Names(index_prefix)
    console.rule("search: Russia, with facets")
    result = await run_search(
        es, names.articles.read_alias, SearchRequest(text="Russia", facets=True, size=3)
    )
    render_result(console, result)
    everything = await run_search(
        es, names.articles.read_alias, SearchRequest(facets=True, size=0, facet_size=8)
    )
    console.rule("across all sample articles")
    for facet in ("people", "speakers", "organisations", "places"):
        values = ", ".join(f"{k} ({n})" for k, n in everything.facets.get(facet, []))
        console.print(f"[bold]top {facet}:[/] {values}")
    console.rule("quotes of Rand Paul")
    quotes = await es.search(
        index=names.quotes.read_alias,
        query={"term": {"speaker.name": "Rand Paul"}},
        size=20,
        sort=[{"article_id": "asc"}, {"position": "asc"}],
    )
    table = Table("quote", "cue", "as written")
    for hit in quotes["hits"]["hits"]:
        source = hit["_source"]
        table.add_row(source["text"], source.get("cue") or "", source["speaker"].get("as_written"))
    console.print(table)


async def run_demo(console: Console, within: float = 600.0) -> None:
    started = time.monotonic()
    console.rule("1/4 Kafka and Elasticsearch")
    stack = DevStack()
    info = stack.running() or stack.up()
    console.print(f"kafka {info.kafka_bootstrap_servers}, elasticsearch {info.elasticsearch_url}")
    kafka = KafkaSettings(bootstrap_servers=info.kafka_bootstrap_servers, topic_prefix=TOPIC_PREFIX)
    elastic = ElasticsearchSettings(url=info.elasticsearch_url, index_prefix=INDEX_PREFIX)

    console.rule("2/4 a clean slate for the demo's topics and indices")
    async with AsyncElasticsearch(**elastic.client_options()) as es:
        await reset_topics(kafka)
        await reset_indices(es, elastic)
        work_dir = Path(info.directory) / "demo"
        # Consumer groups are per run: offsets of the previous run's topics must not apply.
        pipeline = Pipeline(
            kafka, elastic, work_dir, parser_workers=2, group_suffix=f"-{int(time.time())}"
        )
        console.rule("3/4 sample site -> fetcher -> parser -> indexer")
        base_url = await pipeline.start_site()
        articles, failing = expected_counts()
        console.print(
            f"sample site at {base_url} ({articles} articles, {failing} broken page); "
            f"logs in {pipeline.log_dir}"
        )
        try:
            await pipeline.start_services()
            await wait_until_indexed(pipeline, es, console, within)
        finally:
            await pipeline.stop()
        await es.indices.refresh(index=f"{INDEX_PREFIX}-*")
        console.rule("4/4 results")
        await show_results(es, INDEX_PREFIX, console)
        dates = await published_range(es, INDEX_PREFIX)
    console.rule("next")
    for line in next_steps(pipeline, info, stack.settings, dates):
        # Long lines stay whole so that copying them copies the whole command.
        console.print(line, soft_wrap=True, markup=False, highlight=False)
    console.print(f"demo finished in {time.monotonic() - started:.0f}s")


async def published_range(es: AsyncElasticsearch, index_prefix: str) -> tuple[datetime, datetime]:
    """The first and last `@timestamp` (publication date) of the indexed articles."""
    from newsroom_indexer.templates import Names

    result = await es.search(
        index=Names(index_prefix).articles.read_alias,
        size=0,
        aggs={"first": {"min": {"field": "@timestamp"}}, "last": {"max": {"field": "@timestamp"}}},
    )
    first, last = (result["aggregations"][k]["value"] for k in ("first", "last"))
    return (datetime.fromtimestamp(first / 1000, UTC), datetime.fromtimestamp(last / 1000, UTC))


KIBANA_URL = "http://localhost:5601"

# (what for, the command): each run after the exports, so it addresses the demo's stack.
SUGGESTED = (
    ("search further", 'newsroom search "Marlowe" --facets'),
    ("", 'newsroom search --person "Rand Paul"'),
    ("dead letters", "newsroom dlq list"),
    ("stack status", "newsroom status"),
    ("kibana dashboard", f"newsroom es kibana-import --kibana-url {KIBANA_URL}"),
    ("stop the servers", "newsroom dev down"),
)


def dashboard_url(dates: tuple[datetime, datetime], kibana_url: str = KIBANA_URL) -> str:
    """The demo's dashboard, opened on the days its articles were published."""
    from newsroom_ops.elasticsearch.kibana import dashboard_id

    first = dates[0].replace(hour=0, minute=0, second=0, microsecond=0)
    after = dates[1].replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    time = f"(from:'{first:%Y-%m-%dT%H:%M:%S.000Z}',to:'{after:%Y-%m-%dT%H:%M:%S.000Z}')"
    return f"{kibana_url}/app/dashboards#/view/{dashboard_id(INDEX_PREFIX)}?_g=(time:{time})"


def next_steps(
    pipeline: Pipeline,
    info: StackInfo,
    dev: DevStackSettings,
    dates: tuple[datetime, datetime] | None = None,
) -> list[str]:
    """The closing hints: the environment that points a shell at the demo's stack (servers,
    prefixes, dead-letter key, dev home), then commands to try in it, and where the articles
    show in Kibana (`dates`: the first and last publication date indexed)."""
    env = {**pipeline.client_env(), "NEWSROOM_DEV_HOME": str(dev.home)}
    lines = ["to point this shell at the demo's stack, run:"]
    lines += [f"  export {name}={shlex.quote(value)}" for name, value in env.items()]
    lines.append("then:")
    lines += [
        f"  {label + ':' if label else '':18}.venv/bin/{command}" for label, command in SUGGESTED
    ]
    if dates is not None:
        lines.append(
            f"the kibana dashboard needs a Kibana on {pipeline.elasticsearch.url}; the articles "
            f"were published {dates[0]:%Y-%m-%d} to {dates[1]:%Y-%m-%d}, and this link opens "
            "the dashboard on those dates:"
        )
        lines.append(f"  {dashboard_url(dates)}")
    lines.append(
        f"logs: {pipeline.log_dir} (services), {Path(info.kafka_log).parent} (kafka), "
        f"{Path(info.elasticsearch_log).parent} (elasticsearch)"
    )
    return lines
