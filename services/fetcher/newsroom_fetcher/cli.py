"""Commands of the fetcher service, registered on the root `newsroom` command.

newsroom fetcher run        poll every source until stopped (SIGTERM/SIGINT)
newsroom fetch URL...       fetch the given URLs once and publish them
newsroom sources check      validate the sources file and try each source
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from newsroom_fetcher.discovery.sources import Source, SourcesError, load_sources
from newsroom_fetcher.settings import FetcherSettings
from newsroom_shared.logging import configure_logging
from newsroom_shared.settings import settings_errors_exit

fetcher_app = typer.Typer(help="The fetcher service: sources in, raw pages out.")


@fetcher_app.callback()
def _fetcher_group() -> None:
    """A group even with one command: `newsroom-fetcher run` as `newsroom fetcher run`."""


sources_app = typer.Typer(help="The fetcher's sources file.")

SOURCES_OPTION = typer.Option(
    None, "--sources", help="Sources file (default: NEWSROOM_FETCHER_SOURCES_FILE)."
)


def register(app: typer.Typer) -> None:
    """Add this service's commands to the root app."""
    app.add_typer(fetcher_app, name="fetcher")
    app.add_typer(sources_app, name="sources")
    app.command("fetch")(fetch)


def _settings(sources: Path | None = None) -> FetcherSettings:
    settings = FetcherSettings()
    if sources is not None:
        settings = settings.model_copy(update={"sources_file": sources})
    return settings


def _load(path: Path) -> list[Source]:
    try:
        return load_sources(path)
    except SourcesError as exc:
        typer.secho(f"invalid sources file:\n{exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc


@fetcher_app.command("run")
def run(
    sources: Path | None = SOURCES_OPTION,
    role: str = typer.Option(
        "both",
        help="discover (poll the sources, send URLs to the frontier), fetch (a fetch worker), "
        "or both in one process.",
    ),
    apply_sources: bool = typer.Option(
        True,
        help="Write the sources file to the sources topic at start (discovery only). "
        "Off: poll what the topic holds (`newsroom sources apply` keeps it).",
    ),
    metrics_port: int | None = typer.Option(None, help="Overrides NEWSROOM_FETCHER_METRICS_PORT."),
) -> None:
    """Discover and fetch until stopped (SIGTERM/SIGINT)."""
    from newsroom_fetcher.service import ROLES, FetcherService

    roles = ROLES if role == "both" else tuple(r for r in ROLES if r == role)
    if not roles:
        raise typer.BadParameter("discover, fetch or both", param_hint="--role")
    settings = _settings(sources)
    configure_logging("fetcher", settings.log_level, settings.log_json)
    listed = _load(settings.sources_file) if "discover" in roles and apply_sources else None
    service = FetcherService(
        settings,
        listed,
        metrics_port=settings.metrics_port if metrics_port is None else metrics_port,
        roles=roles,
    )
    asyncio.run(service.run())


def fetch(
    urls: list[str] = typer.Argument(..., help="Page URLs."),
    source_id: str = typer.Option("manual", help="source_id of the published RawPages."),
) -> None:
    """Fetch the given pages once (robots.txt and limits apply) and publish them."""
    settings = _settings()
    configure_logging("fetcher", settings.log_level, json_format=False)
    results = asyncio.run(fetch_once(settings, urls, source_id))
    for url, outcome in results:
        typer.echo(f"{outcome:13} {url}")
    if any(outcome in ("failed", "invalid_url") for _, outcome in results):
        raise typer.Exit(1)


async def fetch_once(
    settings: FetcherSettings, urls: list[str], source_id: str
) -> list[tuple[str, str]]:
    from newsroom_fetcher.urls import InvalidUrl, canonicalize, compile_tracking_params, host_of
    from newsroom_fetcher.web.crawler import Target
    from newsroom_fetcher.worker import open_crawler

    tracking = compile_tracking_params(settings.tracking_params)
    targets: list[Target] = []
    results: list[tuple[str, str]] = []
    for url in urls:
        try:
            targets.append(Target(url, canonicalize(url, tracking), source_id))
        except InvalidUrl:
            results.append((url, "invalid_url"))
    async with open_crawler(settings, [host_of(t.canonical_url) for t in targets]) as crawler:
        outcomes = await asyncio.gather(*(crawler.crawl(t, force=True) for t in targets))
    return results + [(t.url, o.value) for t, o in zip(targets, outcomes, strict=True)]


@sources_app.command("apply")
def apply(
    path: Path | None = typer.Argument(None, help="Sources file (default: settings)."),
) -> None:
    """Write the sources file to the sources topic, where discovery instances read it."""
    from newsroom_fetcher.discovery.registry import apply_sources

    settings = _settings(path)
    sources = _load(settings.sources_file)
    for change in asyncio.run(apply_sources(settings.kafka, sources)):
        typer.echo(f"{change.action:10} {change.source_id}")


@sources_app.command("check")
def check(
    path: Path | None = typer.Argument(None, help="Sources file (default: settings)."),
    offline: bool = typer.Option(False, help="Validate only; do not contact the sources."),
) -> None:
    """Validate the sources file, then fetch each source once and report what it holds."""
    settings = _settings(path)
    sources = _load(settings.sources_file)
    typer.echo(f"{settings.sources_file}: {len(sources)} sources, valid")
    if offline:
        for source in sources:
            typer.echo(f"  {source.id:30} {source.type:8} {source.url or len(source.urls)}")
        return
    from newsroom_fetcher.discovery.checks import check_sources

    lines = asyncio.run(check_sources(settings, sources))
    for ok, line in lines:
        typer.secho(line, fg=None if ok else typer.colors.RED)
    if not all(ok for ok, _ in lines):
        raise typer.Exit(1)


def main() -> None:
    """`newsroom-fetcher run`: the service alone, as its container image runs it."""
    with settings_errors_exit():
        fetcher_app()
