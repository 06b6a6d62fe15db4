"""`newsroom status` on the terminal: a table per part that could be reached, one line for
each part that could not."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.table import Table

from newsroom_ops.cli_support import make_console, quiet_clients
from newsroom_ops.status import StackStatus, collect
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings


def print_status(as_json: bool) -> None:
    import asyncio

    kafka, es = KafkaSettings(), ElasticsearchSettings()
    with quiet_clients():
        snapshot = asyncio.run(collect(kafka, es))
    if as_json:
        data = asdict(snapshot)
        data["dead_letters"] = [
            {"stage": s, "reason": r, "count": n} for (s, r), n in snapshot.dead_letters.items()
        ]
        typer.echo(json.dumps(data, indent=2))
        raise typer.Exit(1 if snapshot.errors else 0)
    console = make_console()
    if snapshot.kafka_reached:
        console.print(_topics(snapshot))
        console.print(_lags(snapshot))
    if snapshot.elasticsearch_reached:
        console.print(_indices(snapshot))
    if snapshot.kafka_reached:
        console.print(_dead_letters(snapshot))
    for error in snapshot.errors:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1 if snapshot.errors else 0)


def _topics(snapshot: StackStatus) -> Table:
    table = Table(title="topics")
    for column in ("topic", "partitions", "messages written"):
        table.add_column(column, overflow="fold")
    for topic in snapshot.topics:
        if topic.partitions == 0:
            table.add_row(topic.name, "missing", "`newsroom topics apply` creates it")
        else:
            table.add_row(topic.name, str(topic.partitions), str(topic.messages_end))
    return table


def _lags(snapshot: StackStatus) -> Table:
    table = Table(title="consumer lag")
    for column in ("service", "group", "topic", "lag"):
        table.add_column(column, overflow="fold")
    for lag in snapshot.lags:
        shown = "not started" if lag.lag is None else str(lag.lag)
        table.add_row(lag.service, lag.group, lag.topic, shown)
    return table


def _indices(snapshot: StackStatus) -> Table:
    table = Table(title="elasticsearch")
    for column in ("index", "health", "docs", "size", "aliases"):
        table.add_column(column, overflow="fold")
    for row in snapshot.indices:
        names = [
            a
            for a, targets in snapshot.aliases.items()
            if any(t.startswith(row["index"]) for t in targets)
        ]
        table.add_row(
            row["index"],
            row.get("health", ""),
            row.get("docs.count", ""),
            row.get("store.size", ""),
            ", ".join(sorted(names)),
        )
    return table


def _dead_letters(snapshot: StackStatus) -> Table:
    table = Table(title="dead letters")
    for column in ("stage", "reason", "count"):
        table.add_column(column)
    for (stage, reason), count in sorted(snapshot.dead_letters.items()):
        table.add_row(stage, reason, str(count))
    return table
