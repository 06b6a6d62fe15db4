"""Elasticsearch commands for operators, registered on the root `newsroom` command:

newsroom es apply|status|rollover    the index design in a cluster
newsroom es export [--check]         deploy/elasticsearch/ and deploy/kibana/ files
newsroom es kibana-import --kibana-url URL   the saved objects, into a Kibana
newsroom search "QUERY" ...          articles, with facets
newsroom reindex --from topic|index  new indices, aliases swapped when done
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

import httpx
import typer
from elasticsearch import AsyncElasticsearch
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsroom_indexer import es_admin, templates
from newsroom_indexer.es_client import make_client
from newsroom_indexer.settings import AnalysisChoice, IndexerSettings, LifecycleChoice
from newsroom_ops.cli_support import (
    CommandFailed,
    day_range,
    fail,
    make_console,
    parse_time,
    run,
)
from newsroom_ops.elasticsearch import kibana
from newsroom_ops.elasticsearch.search import Hit, SearchRequest, SearchResult, run_search
from newsroom_shared.settings import ElasticsearchSettings

T = TypeVar("T")

es_app = typer.Typer(help="The Elasticsearch index design: templates, aliases, rollover.")


def register(app: typer.Typer) -> None:
    app.add_typer(es_app, name="es")
    app.command("search")(search)
    app.command("reindex")(reindex)


def _with_es(settings: IndexerSettings, work: Callable[[AsyncElasticsearch], Awaitable[T]]) -> T:
    """Run `work` with a client; expected failures (Elasticsearch, and Kafka for reindex from
    the topic) end the command with one line."""

    async def go() -> T:
        async with make_client(settings.elasticsearch) as es:
            try:
                return await work(es)
            except es_admin.ApplyError as exc:
                raise CommandFailed(str(exc)) from exc

    return run(go, kafka=settings.kafka, elasticsearch=settings.elasticsearch)


# --- es -------------------------------------------------------------------------------------


@es_app.command("apply")
def es_apply(
    analysis: AnalysisChoice | None = typer.Option(
        None, help="Text analysis of new indices (default: NEWSROOM_INDEXER_ANALYSIS)."
    ),
    lifecycle: LifecycleChoice | None = typer.Option(
        None, help="Rollover by ILM or by the service (default: NEWSROOM_INDEXER_LIFECYCLE)."
    ),
) -> None:
    """Create or update lifecycle policies, templates, first indices and aliases (idempotent)."""
    settings = IndexerSettings()
    updates = {k: v for k, v in {"analysis": analysis, "lifecycle": lifecycle}.items() if v}
    if updates:
        settings = IndexerSettings.model_validate({**settings.model_dump(), **updates})
    names = templates.Names(settings.elasticsearch.index_prefix)
    result = _with_es(
        settings,
        lambda es: es_admin.apply(
            es, names, settings.analysis, settings.lifecycle, es_admin.template_options(settings)
        ),
    )
    for change in result.changes:
        typer.echo(f"{change.action:12} {change.target}  {change.detail}".rstrip())
    typer.echo(f"analysis: {result.analysis}   lifecycle: {result.lifecycle}")


@es_app.command("status")
def es_status(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Cluster, analysis and lifecycle in use, aliases, indices and document counts."""
    settings = IndexerSettings()
    names = templates.Names(settings.elasticsearch.index_prefix)
    report = _with_es(settings, lambda es: es_admin.status(es, names))
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    console = make_console()
    cluster, caps = report["cluster"], report["capabilities"]
    console.print(
        f"cluster [bold]{cluster['name']}[/] {cluster['version']}, health {cluster['status']}"
    )
    console.print(
        f"cluster supports: english analysis {'yes' if caps['english_analysis'] else 'no'}, "
        f"ILM {'yes' if caps['ilm'] else 'no'}"
    )
    console.print(f"templates analysis: [bold]{report['templates_analysis'] or 'not applied'}[/]")
    table = Table("kind", "write index", "analysis", "rollover", "documents per index")
    for kind, entry in report["kinds"].items():
        indices = "\n".join(f"{name}: {count}" for name, count in entry["indices"].items())
        table.add_row(
            kind,
            entry["write_index"] or "-",
            entry["analysis"] or "-",
            entry["lifecycle"] or "-",
            indices or "-",
        )
    console.print(table)
    if any(entry["lifecycle"] == "fallback" for entry in report["kinds"].values()):
        console.print(
            "rollover fallback: the indexer service checks the conditions on a timer; "
            "`newsroom es rollover` does it by hand"
        )


@es_app.command("rollover")
def es_rollover(
    force: bool = typer.Option(False, "--force", help="Roll over now, whatever the conditions."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only report which conditions are met."),
) -> None:
    """Roll the write aliases over when a condition is met (the fallback where ILM is absent)."""
    settings = IndexerSettings()
    names = templates.Names(settings.elasticsearch.index_prefix)
    options = es_admin.template_options(settings)
    results = _with_es(settings, lambda es: es_admin.rollover(es, names, options, force, dry_run))
    for kind, result in results.items():
        met = [c for c, ok in result.get("conditions", {}).items() if ok]
        state = "rolled over" if result.get("rolled_over") else "not rolled over"
        typer.echo(
            f"{kind}: {state} ({result['old_index']} -> {result['new_index']})"
            + (f", met: {', '.join(met)}" if met else "")
        )


def _prefix(prefix: str | None) -> str:
    return prefix or ElasticsearchSettings().index_prefix


@es_app.command("export")
def es_export(
    elasticsearch_dir: Path = typer.Option(
        Path("deploy/elasticsearch"), help="Where the index and component templates go."
    ),
    kibana_dir: Path = typer.Option(Path("deploy/kibana"), help="Where the saved objects go."),
    prefix: str | None = typer.Option(
        None, help="Index prefix the files are for (default: NEWSROOM_ES_INDEX_PREFIX)."
    ),
    check: bool = typer.Option(
        False, "--check", help="Fail if the files differ instead of writing."
    ),
) -> None:
    """Write (or check) the template files and the Kibana saved objects (<prefix>.ndjson)."""
    prefix = _prefix(prefix)
    files = {
        elasticsearch_dir / name: text for name, text in templates.export_files(prefix).items()
    }
    files[kibana_dir / f"{prefix}.ndjson"] = kibana.ndjson(prefix)
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    if check:
        if stale:
            fail("out of date: " + ", ".join(str(p) for p in stale))
        typer.echo(f"up to date (prefix {prefix})")
        return
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path])
    written = f"wrote {len(stale)} file(s)" if stale else "up to date"
    typer.echo(f"{written} (prefix {prefix}); Kibana objects: {kibana_dir / f'{prefix}.ndjson'}")


@es_app.command("kibana-import")
def es_kibana_import(
    kibana_url: str = typer.Option(..., help="Kibana's base URL, e.g. http://localhost:5601."),
    prefix: str | None = typer.Option(
        None, help="Index prefix of the stack (default: NEWSROOM_ES_INDEX_PREFIX)."
    ),
) -> None:
    """Import the data views, searches, charts and dashboard for a prefix into Kibana.

    Overwrites the same objects in place; fails with Kibana's reasons when any object is
    refused. Uses the Elasticsearch credentials (NEWSROOM_ES_API_KEY, or _USERNAME and
    _PASSWORD) and CA bundle (NEWSROOM_ES_CA_CERTS) for Kibana too.
    """
    settings = ElasticsearchSettings()
    prefix = _prefix(prefix)
    try:
        result = kibana.import_objects(
            kibana_url, kibana.ndjson(prefix), settings, file_name=f"{prefix}.ndjson"
        )
    except kibana.ImportFailed as exc:
        fail(f"import into {kibana_url} failed: {exc}")
    except httpx.HTTPError as exc:
        fail(f"cannot reach Kibana at {kibana_url}: {exc}")
    typer.echo(
        f"imported {result.imported} objects for prefix {prefix} into {kibana_url}; "
        f"dashboard: {kibana_url.rstrip('/')}/app/dashboards#/view/{kibana.dashboard_id(prefix)}"
    )


# --- search ---------------------------------------------------------------------------------


def search(
    query: str = typer.Argument("", help='Words, "exact phrases", -excluded.'),
    person: str | None = typer.Option(None, help="Only articles naming this person."),
    source: str | None = typer.Option(None, help="Only this source (id or site name)."),
    story: str | None = typer.Option(None, help="Only the articles of this story (its id)."),
    date_from: datetime | None = typer.Option(
        None,
        "--from",
        parser=parse_time,
        metavar="DATE",
        help="Only articles published on this day (UTC) or later, e.g. 2026-12-04.",
    ),
    date_to: datetime | None = typer.Option(
        None,
        "--to",
        parser=parse_time,
        metavar="DATE",
        help="Only articles published on this day (UTC) or earlier.",
    ),
    facets: bool = typer.Option(
        False,
        "--facets",
        help="Also count people, organisations, places, sources, speakers and stories.",
    ),
    size: int = typer.Option(10, min=0, max=1000, help="Hits to show."),
    sort: Literal["relevance", "date"] = typer.Option("relevance", help="Order of the hits."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Search articles: hits with highlighted snippets, and facet counts."""
    day_from, day_to = day_range(date_from, date_to)
    settings = IndexerSettings()
    request = SearchRequest(
        text=query,
        person=person,
        source=source,
        story=story,
        date_from=day_from,
        date_to=day_to,
        facets=facets,
        size=size,
        sort=sort,
    )
    index = templates.Names(settings.elasticsearch.index_prefix).articles.read_alias
    result = _with_es(settings, lambda es: run_search(es, index, request))
    if as_json:
        typer.echo(json.dumps(asdict(result), indent=2, ensure_ascii=False))
        return
    render_result(make_console(), result)


def _highlighted(snippet: str | None) -> str:
    if not snippet:
        return ""
    return escape(snippet).replace("<em>", "[bold yellow]").replace("</em>", "[/]")


def _story(hit: Hit) -> str:
    """The story's id and how many outlets ran it (`--story ID` lists them)."""
    if not hit.story_id:
        return ""
    if hit.story_outlets is None:
        return escape(hit.story_id)
    return f"{escape(hit.story_id)}\n{hit.story_outlets} outlet(s), {hit.story_articles} article(s)"


def render_result(console: Console, result: SearchResult) -> None:
    count = f"{result.total}" if result.total_is_exact else f"{result.total}+"
    console.print(f"{count} article(s) in {result.took_ms} ms")
    if result.hits:
        table = Table("date", "source", "title", "snippet", "story", show_lines=True)
        for hit in result.hits:
            table.add_row(
                (hit.published_at or "")[:10],
                escape(hit.source or ""),
                escape(hit.title or "(untitled)"),
                _highlighted(hit.snippet),
                _story(hit),
            )
        console.print(table)
    if result.facets:
        facet_table = Table("facet", "top values (articles)")
        for name, buckets in result.facets.items():
            values = ", ".join(f"{escape(str(key))} ({n})" for key, n in buckets)
            facet_table.add_row(name, values or "-")
        console.print(facet_table)


def reindex(
    source: Literal["topic", "index"] = typer.Option(
        "topic", "--from", help="The articles topic, or the current indices."
    ),
    delete_old: bool = typer.Option(
        False, "--delete-old", help="Delete the old indices after the swap."
    ),
) -> None:
    """Build new articles and quotes indices and swap the aliases to them when done."""
    from newsroom_ops.elasticsearch.reindex import ReindexProgress
    from newsroom_ops.elasticsearch.reindex import reindex as rebuild

    settings = IndexerSettings()
    names = templates.Names(settings.elasticsearch.index_prefix)

    def report(progress: ReindexProgress) -> None:
        typer.echo(progress.line(), err=True)

    result = _with_es(
        settings,
        lambda es: rebuild(es, settings.kafka, names, source, delete_old, report),
    )
    for kind, index in result.new_indices.items():
        old = ", ".join(result.old_indices.get(kind) or []) or "none"
        kept = "deleted" if delete_old else "kept"
        typer.echo(f"{kind}: now {index} (old: {old}, {kept})")
