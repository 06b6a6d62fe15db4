"""The `newsroom` command: every service and ops tool, wired in one place."""

from __future__ import annotations

import typer
from typer.core import TyperOption

from newsroom_fetcher.cli import register as register_fetcher
from newsroom_indexer.cli import register as register_indexer
from newsroom_ops.cli_support import CommandFailed, fail, make_console, run
from newsroom_ops.commands import register as register_ops
from newsroom_ops.devstack.cli import app as dev_app
from newsroom_ops.elasticsearch.cli import register as register_elasticsearch
from newsroom_parser.cli import register as register_parser
from newsroom_shared import __version__
from newsroom_shared.kafka import TopicApplyError, TopicChange, apply_topics
from newsroom_shared.settings import KafkaSettings, settings_errors_exit


def _no_type_after_flags() -> None:
    """Help shows `<bool>` after flags, which take no value; nothing there reads better."""
    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if self.is_flag else shown(self, ctx)  # type: ignore[arg-type]

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_after_flags()

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
    import asyncio

    from newsroom_ops.demo.run import run_demo
    from newsroom_ops.devstack.errors import DevStackError

    try:
        asyncio.run(run_demo(make_console(), timeout))
    except DevStackError as exc:
        fail(str(exc))


@topics_app.command("apply")
def topics_apply(
    add_partitions: bool = typer.Option(
        False,
        "--add-partitions",
        help="Also add the partitions the layout asks for (keys move: see docs/scaling.md).",
    ),
) -> None:
    """Create or update every topic to its spec and the layout (NEWSROOM_TOPICS_*): configs
    are put back, drift Kafka cannot fix here is reported (idempotent)."""
    settings = KafkaSettings()

    async def work() -> list[TopicChange]:
        try:
            return await apply_topics(settings, add_partitions=add_partitions)
        except TopicApplyError as exc:
            raise CommandFailed(str(exc)) from exc

    changes = run(work, kafka=settings)
    for change in changes:
        typer.echo(f"{change.action:10} {change.topic}  {change.detail}".rstrip())


@schemas_app.command("export")
def schemas_export(
    directory: str = typer.Argument("deploy/schemas", help="Where to write the schemas."),
    check: bool = typer.Option(
        False, "--check", help="Fail if the files differ instead of writing."
    ),
) -> None:
    """Write (or check) one JSON Schema file per event type."""
    from pathlib import Path

    from newsroom_shared.schemas import export_schemas

    _report_export(export_schemas(Path(directory), check=check), check)


@asyncapi_app.command("export")
def asyncapi_export(
    path: str = typer.Argument("deploy/asyncapi.yaml", help="Where to write the document."),
    check: bool = typer.Option(
        False, "--check", help="Fail if the file differs instead of writing."
    ),
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
    with settings_errors_exit():
        app()
