"""Commands of the indexer service: `newsroom indexer run` (also `newsroom-indexer run`)."""

from __future__ import annotations

import asyncio

import typer

from newsroom_indexer.settings import IndexerSettings
from newsroom_shared.settings import settings_errors_exit

indexer_app = typer.Typer(help="The indexer service: articles into Elasticsearch.")


@indexer_app.callback()
def _indexer_group() -> None:
    """A group even with one command: `newsroom-indexer run` as `newsroom indexer run`."""


def register(app: typer.Typer) -> None:
    """Add this service's commands to the root app."""
    app.add_typer(indexer_app, name="indexer")


# --- indexer run ----------------------------------------------------------------------------


@indexer_app.command("run")
def run(
    metrics_port: int | None = typer.Option(
        None, help="Port of /metrics and /health (default: NEWSROOM_INDEXER_METRICS_PORT)."
    ),
    log_level: str = typer.Option("INFO", help="DEBUG, INFO, WARNING, ERROR."),
    json_logs: bool = typer.Option(True, help="JSON log lines (--no-json-logs for humans)."),
) -> None:
    """Consume articles and index them and their quotes until stopped (SIGTERM/SIGINT)."""
    from newsroom_indexer.service import IndexerService
    from newsroom_shared.logging import configure_logging

    settings = IndexerSettings()
    if metrics_port is not None:
        settings = settings.model_copy(update={"metrics_port": metrics_port})
    configure_logging("indexer", log_level, json_logs)
    asyncio.run(IndexerService(settings).run())


def main() -> None:
    """`newsroom-indexer run`: the service alone, as its container image runs it."""
    with settings_errors_exit():
        indexer_app()
