"""`newsroom dev ...`: the local Kafka + Elasticsearch stack."""

from __future__ import annotations

import sys

import typer

from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.stack import DevStack

app = typer.Typer(help="Run real Kafka and Elasticsearch locally (no Docker needed).")


def _fail(exc: DevStackError) -> None:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command()
def up() -> None:
    """Download (first run), start and wait for Kafka and Elasticsearch."""
    stack = DevStack()
    try:
        already = stack.running()
        info = already or stack.up()
    except DevStackError as exc:
        _fail(exc)
        return
    typer.echo("already running" if already else "started")
    typer.echo(f"  kafka          {info.kafka_bootstrap_servers}   log: {info.kafka_log}")
    typer.echo(f"  elasticsearch  {info.elasticsearch_url}   log: {info.elasticsearch_log}")
    typer.echo(f"  data and logs  {info.directory}")
    typer.echo("stop with: newsroom dev down")


@app.command()
def down(
    purge: bool = typer.Option(False, help="Also delete the stack's data and logs."),
) -> None:
    """Stop both servers."""
    stopped = DevStack().down(remove_data=purge)
    typer.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")


@app.command()
def status() -> None:
    """Show whether the servers run, where, and where their logs are."""
    states = DevStack().status()
    for name, state in states.items():
        typer.echo(f"{name:14} {state}")
    if any(not s.startswith("running") for s in states.values()):
        raise typer.Exit(3)


@app.command()
def env() -> None:
    """Print `export` lines pointing the services at the running stack."""
    info = DevStack().running()
    if info is None:
        typer.echo("the stack is not running: start it with `newsroom dev up`", err=True)
        sys.exit(1)
    for key, value in info.env().items():
        typer.echo(f"export {key}={value}")
