"""`newsroom dlq ...` and `newsroom status`: what ops teams run when something looks wrong."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table

from newsroom_ops.dlq import LetterFilter, counts, read_letters
from newsroom_ops.redrive import Redrive, plan, refetch, send
from newsroom_shared.dead_letters import DeadLetterSettings
from newsroom_shared.settings import KafkaSettings

dlq_app = typer.Typer(help="Dead letters: inspect them and re-drive them after a fix.")
# Tables stay readable when piped (no terminal width to follow).
console = Console(width=None if sys.stdout.isatty() else 160)


def register(app: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")
    app.command("status")(status)


def _filter(
    ids: list[str] | None, stage: str | None, reason: str | None, since: datetime | None
) -> LetterFilter:
    if since is not None and since.tzinfo is None:
        raise typer.BadParameter("--since needs a timezone, e.g. 2024-05-01T00:00:00+00:00")
    return LetterFilter(frozenset(ids or ()), stage, reason, since)


@dlq_app.command("list")
def list_letters(
    stage: str | None = typer.Option(None, help="fetch, parse or index."),
    reason: str | None = typer.Option(None, help="e.g. not_html, robots_disallowed."),
    since: datetime | None = typer.Option(None, help="Only letters from this time on."),
    limit: int = typer.Option(50, help="Show the newest N (counts cover all)."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List dead letters (newest last) with counts by stage and reason."""
    letters = asyncio.run(read_letters(KafkaSettings(), _filter(None, stage, reason, since)))
    letters.sort(key=lambda s: s.letter.failed_at)
    if as_json:
        for stored in letters[-limit:]:
            row = stored.letter.model_dump(mode="json", exclude={"payload"})
            typer.echo(json.dumps({"ref": stored.ref, **row}))
        return
    table = Table(title=f"dead letters ({len(letters)} matching, newest {limit})")
    for column in ("ref", "failed at", "stage", "reason", "url / key", "error"):
        table.add_column(column, overflow="fold")
    for stored in letters[-limit:]:
        letter = stored.letter
        where = letter.url or (letter.origin.key if letter.origin else "") or ""
        table.add_row(
            stored.ref,
            f"{letter.failed_at:%Y-%m-%d %H:%M:%S}",
            letter.stage,
            letter.reason,
            where,
            letter.error_message[:120],
        )
    console.print(table)
    summary = Table(title="by stage and reason")
    summary.add_column("stage")
    summary.add_column("reason")
    summary.add_column("count", justify="right")
    for (stage_name, reason_name), count in sorted(counts(letters).items()):
        summary.add_row(stage_name, reason_name, str(count))
    console.print(summary)


@dlq_app.command("show")
def show(
    ref: str = typer.Argument(..., help="Letter id, or partition:offset from `dlq list`."),
) -> None:
    """Print one dead letter in full (the payload as its size and first bytes)."""
    letters = asyncio.run(read_letters(KafkaSettings(), _filter([ref], None, None, None)))
    if not letters:
        typer.secho(f"no dead letter {ref}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    stored = letters[0]
    row = stored.letter.model_dump(mode="json", exclude={"payload"})
    payload = stored.letter.payload
    row["payload"] = (
        None
        if payload is None
        else {
            "bytes": len(payload),
            "starts_with": payload[:200].decode("utf-8", "replace"),
        }
    )
    typer.echo(json.dumps({"ref": stored.ref, **row}, indent=2, ensure_ascii=False))


@dlq_app.command("redrive")
def redrive_letters(
    ids: list[str] = typer.Option(None, "--id", help="Letter id or partition:offset (repeat)."),
    stage: str | None = typer.Option(None, help="Every letter of this stage ..."),
    reason: str | None = typer.Option(None, help="... and/or with this reason."),
    since: datetime | None = typer.Option(None, help="Only letters from this time on."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be sent where, send nothing."
    ),
    accept_unsigned: bool = typer.Option(
        False,
        "--accept-unsigned",
        help="Also re-drive letters without a signature (written where no dead-letter key was "
        "set). Anyone who can write the dead-letter topic can make such a letter: look at "
        "them with --dry-run first.",
    ),
) -> None:
    """Send chosen dead letters back to the stage that failed (after fixing the cause).

    Parse and index letters go to that stage's input topic under the configured prefix, as
    events checked against the topic's contract; fetch letters are fetched again. Letters
    without a valid signature are refused (docs/security.md).
    """
    if not (ids or stage or reason):
        raise typer.BadParameter("choose letters with --id, --stage or --reason")
    settings = KafkaSettings()
    keys = DeadLetterSettings().checking_keys()
    letters = asyncio.run(read_letters(settings, _filter(ids, stage, reason, since)))
    missing = [i for i in ids or () if not any(i in (s.letter.id, s.ref) for s in letters)]
    if missing:
        typer.secho(f"no dead letter {', '.join(missing)}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    planned = asyncio.run(plan(settings, letters, keys, accept_unsigned))
    for result in planned:
        typer.echo(_redrive_line(result, dry_run))
    refused = sum(r.action == "refused" for r in planned)
    to_fetch = sum(r.action == "refetch" for r in planned)
    if dry_run:
        to_send = len(planned) - refused - to_fetch
        typer.echo(f"dry run: {to_send} to send, {to_fetch} to fetch again, {refused} refused")
    else:
        sent = asyncio.run(send(settings, planned))
        for url, outcome in asyncio.run(refetch(planned)):
            typer.echo(f"fetched again: {outcome:13} {url}")
        typer.echo(f"sent {sent}, fetched again {to_fetch}, refused {refused}")
    raise typer.Exit(1 if refused else 0)


def _redrive_line(result: Redrive, dry_run: bool) -> str:
    verb = {
        "send": "would send" if dry_run else "sending",
        "refetch": "would refetch" if dry_run else "refetching",
        "refused": "refused",
    }[result.action]
    letter = result.letter.letter
    return f"{verb:13} {result.letter.ref:>8}  {letter.stage:5} {letter.reason:20} {result.detail}"


def status(as_json: bool = typer.Option(False, "--json", help="JSON for scripts.")) -> None:
    """Topics and consumer lag per service, Elasticsearch indices, dead letters by reason."""
    from dataclasses import asdict

    from newsroom_ops.status import collect
    from newsroom_shared.settings import ElasticsearchSettings

    snapshot = asyncio.run(collect(KafkaSettings(), ElasticsearchSettings()))
    if as_json:
        data = asdict(snapshot)
        data["dead_letters"] = [
            {"stage": s, "reason": r, "count": n} for (s, r), n in snapshot.dead_letters.items()
        ]
        typer.echo(json.dumps(data, indent=2))
        raise typer.Exit(1 if snapshot.errors else 0)
    topics = Table(title="topics")
    for column in ("topic", "partitions", "messages written"):
        topics.add_column(column)
    for topic in snapshot.topics:
        topics.add_row(topic.name, str(topic.partitions), str(topic.messages_end))
    console.print(topics)
    lags = Table(title="consumer lag")
    for column in ("service", "group", "topic", "lag"):
        lags.add_column(column)
    for lag in snapshot.lags:
        shown = "not started" if lag.lag is None else str(lag.lag)
        lags.add_row(lag.service, lag.group, lag.topic, shown)
    console.print(lags)
    indices = Table(title="elasticsearch")
    for column in ("index", "health", "docs", "size", "aliases"):
        indices.add_column(column)
    for row in snapshot.indices:
        names = [
            a
            for a, targets in snapshot.aliases.items()
            if any(t.startswith(row["index"]) for t in targets)
        ]
        indices.add_row(
            row["index"],
            row.get("health", ""),
            row.get("docs.count", ""),
            row.get("store.size", ""),
            ", ".join(sorted(names)),
        )
    console.print(indices)
    dead = Table(title="dead letters")
    for column in ("stage", "reason", "count"):
        dead.add_column(column)
    for (stage, reason), count in sorted(snapshot.dead_letters.items()):
        dead.add_row(stage, reason, str(count))
    console.print(dead)
    for error in snapshot.errors:
        typer.secho(f"unreachable: {error}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1 if snapshot.errors else 0)
