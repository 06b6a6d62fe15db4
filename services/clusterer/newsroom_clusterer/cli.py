"""Commands of the clusterer service: `newsroom clusterer run` (also `newsroom-clusterer run`)."""

from __future__ import annotations

import asyncio

import typer

from newsroom_clusterer.settings import ClustererSettings
from newsroom_shared.settings import settings_errors_exit

clusterer_app = typer.Typer(help="The clusterer service: near-duplicate articles into stories.")


@clusterer_app.callback()
def _clusterer_group() -> None:
    """A group even with one command: `newsroom-clusterer run` as `newsroom clusterer run`."""


def register(app: typer.Typer) -> None:
    """Add this service's commands to the root app."""
    app.add_typer(clusterer_app, name="clusterer")


@clusterer_app.command("run")
def run(
    metrics_port: int | None = typer.Option(
        None, help="Port of /metrics and /health (default: NEWSROOM_CLUSTERER_METRICS_PORT)."
    ),
    log_level: str = typer.Option("INFO", help="DEBUG, INFO, WARNING, ERROR."),
    json_logs: bool = typer.Option(True, help="JSON log lines (--no-json-logs for humans)."),
) -> None:
    """Cluster articles into stories until stopped (SIGTERM/SIGINT)."""
    from newsroom_clusterer.service import build_service
    from newsroom_shared.logging import configure_logging

    settings = ClustererSettings()
    if metrics_port is not None:
        settings = settings.model_copy(update={"metrics_port": metrics_port})
    configure_logging("clusterer", log_level, json_logs)
    asyncio.run(build_service(settings).run())


def main() -> None:
    """`newsroom-clusterer run`: the service alone, as its container image runs it."""
    with settings_errors_exit():
        clusterer_app()
