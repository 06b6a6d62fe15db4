"""The `newsroom` command: every service and ops tool, wired in one place."""

from __future__ import annotations

import asyncio

import typer

from newsroom_fetcher.cli import register as register_fetcher
from newsroom_indexer.cli import register as register_indexer
from newsroom_ops.commands import register as register_ops
from newsroom_ops.devstack.cli import app as dev_app
from newsroom_ops.elasticsearch.cli import register as register_elasticsearch
from newsroom_parser.cli import register as register_parser
from newsroom_shared import __version__
from newsroom_shared.kafka import TopicApplyError, apply_topics
from newsroom_shared.settings import KafkaSettings

app = typer.Typer(
    help="Newsroom ingestion: fetch news, parse articles, index them for search.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(dev_app, name="dev")
register_fetcher(app)
register_parser(app)
register_indexer(app)
register_elasticsearch(app)
register_ops(app)

topics_app = typer.Typer(help="Kafka topics, as defined in newsroom_shared.topics.")
app.add_typer(topics_app, name="topics")

schemas_app = typer.Typer(help="JSON Schemas of the event contracts.")
app.add_typer(schemas_app, name="schemas")

asyncapi_app = typer.Typer(help="AsyncAPI document of the topics (deploy/asyncapi.yaml).")
app.add_typer(asyncapi_app, name="asyncapi")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command()
def demo(
    timeout: float = typer.Option(600.0, help="Seconds to wait for the pipeline to finish."),
) -> None:
    """Run the whole pipeline on a bundled sample news site and show search results."""
    import sys

    from rich.console import Console

    from newsroom_ops.demo.run import run_demo
    from newsroom_ops.devstack.errors import DevStackError

    # Piped output has no terminal width to follow; keep tables readable anyway.
    console = Console(width=None if sys.stdout.isatty() else 120)
    try:
        asyncio.run(run_demo(console, timeout))
    except DevStackError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc


@topics_app.command("apply")
def topics_apply() -> None:
    """Create or update every topic to its spec (idempotent)."""
    settings = KafkaSettings()
    try:
        changes = asyncio.run(apply_topics(settings))
    except (TopicApplyError, OSError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    except Exception as exc:
        typer.secho(
            f"error: cannot apply topics on {settings.bootstrap_servers}: {exc!r}",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(1) from exc
    for change in changes:
        typer.echo(f"{change.action:10} {change.topic}  {change.detail}".rstrip())


@schemas_app.command("export")
def schemas_export(
    directory: str = typer.Argument("deploy/schemas", help="Where to write the schemas."),
    check: bool = typer.Option(False, help="Fail if the files differ instead of writing."),
) -> None:
    """Write (or check) one JSON Schema file per event type."""
    from pathlib import Path

    from newsroom_shared.schemas import export_schemas

    _report_export(export_schemas(Path(directory), check=check), check)


@asyncapi_app.command("export")
def asyncapi_export(
    path: str = typer.Argument("deploy/asyncapi.yaml", help="Where to write the document."),
    check: bool = typer.Option(False, help="Fail if the file differs instead of writing."),
) -> None:
    """Write (or check) the AsyncAPI 3.0 document generated from the contracts and topics."""
    from pathlib import Path

    from newsroom_shared.asyncapi import export_asyncapi

    _report_export([path] if export_asyncapi(Path(path), check=check) else [], check)


def _report_export(stale: list[str], check: bool) -> None:
    """What `... export` changed; with --check, a non-zero exit when anything is stale."""
    if check and stale:
        typer.secho(f"out of date: {', '.join(stale)}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    typer.echo(f"wrote {', '.join(stale)}" if stale else "up to date")


def main() -> None:
    app()
