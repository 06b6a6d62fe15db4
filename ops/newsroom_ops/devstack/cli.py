"""`newsroom dev ...`: the local Kafka + Elasticsearch stack."""

from __future__ import annotations

import json

import typer

from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_ops.devstack.stack import DevStack, env_lines

app = typer.Typer(help="Run real Kafka and Elasticsearch locally (no Docker needed).")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _stack(
    kafka_nodes: int | None = None, es_nodes: int | None = None, secure: bool | None = None
) -> DevStack:
    """The stack the command addresses: node counts from the flags, else the environment,
    else what the stack was made with (so `down`, `status` and `env` need no flags)."""
    settings = DevStackSettings()
    counts = {
        k: v for k, v in _recorded_shape(settings).items() if k not in settings.model_fields_set
    }
    if kafka_nodes is not None:
        counts["kafka_nodes"] = kafka_nodes
    if es_nodes is not None:
        counts["es_nodes"] = es_nodes
    if secure is not None:
        counts["secure"] = secure
    return DevStack(settings.model_copy(update=counts))


def _recorded_shape(settings: DevStackSettings) -> dict[str, object]:
    try:
        shape = json.loads((settings.home / settings.name / "cluster.json").read_text())
        return {
            "kafka_nodes": int(shape["kafka_nodes"]),
            "es_nodes": int(shape["es_nodes"]),
            "secure": bool(shape.get("secure", False)),
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@app.command()
def up(
    kafka_nodes: int = typer.Option(
        None, min=1, max=9, help="Kafka nodes (default NEWSROOM_DEV_KAFKA_NODES, else 1)."
    ),
    es_nodes: int = typer.Option(
        None, min=1, max=9, help="Elasticsearch nodes (default NEWSROOM_DEV_ES_NODES, else 1)."
    ),
    secure: bool = typer.Option(
        None,
        "--secure/--insecure",
        help="TLS, one credential per service and ACLs (default NEWSROOM_DEV_SECURE, else off).",
    ),
) -> None:
    """Start what is not running (downloads on first run) and wait until every node answers."""
    try:
        stack = _stack(kafka_nodes, es_nodes, secure)
        before = stack.status()
        info = stack.up()
    except DevStackError as exc:
        _fail(str(exc))
        return
    for node in info.nodes:
        kept = before.get(node.name, "").startswith("running")
        typer.echo(
            f"  {node.name:16} {node.address:24} {'already running' if kept else 'started':15} "
            f"pid {node.pid}  log: {node.log}"
        )
    typer.echo(f"  data and logs    {info.directory}")
    typer.echo('point a shell at it with: eval "$(newsroom dev env)"; stop with: newsroom dev down')


@app.command()
def down(
    purge: bool = typer.Option(False, help="Also delete the stack's data and logs."),
) -> None:
    """Stop every node of the stack."""
    try:
        stopped = _stack().down(remove_data=purge)
    except DevStackError as exc:
        _fail(str(exc))
        return
    typer.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")


@app.command()
def status() -> None:
    """Show every node: running or not, where, its pid and log. Exits 3 unless all run."""
    states = _stack().status()
    for name, state in states.items():
        typer.echo(f"{name:16} {state}")
    if any(not s.startswith("running") for s in states.values()):
        raise typer.Exit(3)


@app.command()
def env(
    principal: str = typer.Option(
        "ops",
        "--as",
        help="Whose credentials a secured stack prints: discovery, fetcher (the fetch workers), "
        "parser, indexer, ops, search or monitor (docs/security.md).",
    ),
) -> None:
    """Print the shell lines that point services and tools at the running stack:
    `eval "$(newsroom dev env)"`."""
    stack = _stack()
    info = stack.running()
    if info is None:
        _fail("the stack is not running (or not every node is): start it with `newsroom dev up`")
        return
    try:
        lines = env_lines(info, principal)
    except DevStackError as exc:
        _fail(str(exc))
        return
    for line in lines:
        typer.echo(line)
