"""`newsroom dlq ...` and `newsroom status`: what ops teams run when something looks wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Literal

import typer
from rich.table import Table

from newsroom_ops.cli_support import (
    TIME_HELP,
    CommandFailed,
    fail,
    make_console,
    parse_time,
    run,
)
from newsroom_ops.devstack.acls import COMMAND_PRINCIPAL, OPS
from newsroom_ops.dlq import LetterFilter, LetterScan, counts, scan_letters
from newsroom_ops.redrive import Redrive, plan, refetch, send
from newsroom_shared.contracts import DeadLetter
from newsroom_shared.dead_letters import (
    DeadLetterKeyError,
    DeadLetterSettings,
    signature_problem,
)
from newsroom_shared.kafka import partitions_of
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import DEAD_LETTERS

dlq_app = typer.Typer(help="Dead letters: inspect them and re-drive them after a fix.")

StageName = Literal["fetch", "parse", "index", "cluster"]

STAGE_OPTION = typer.Option(None, help="Only letters of this stage.")
REASON_OPTION = typer.Option(None, help="Only letters with this reason, e.g. not_html.")
SINCE_OPTION = typer.Option(
    None, parser=parse_time, metavar="TIME", help=f"Only letters from this time on ({TIME_HELP})."
)


def register(app: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")
    app.command("status")(status)
    app.command("revisions")(revisions)


def _filter(
    ids: list[str] | None, stage: str | None, reason: str | None, since: datetime | None
) -> LetterFilter:
    return LetterFilter(frozenset(ids or ()), stage, reason, since)


def _scan(settings: KafkaSettings, wanted: LetterFilter) -> LetterScan:
    topic = settings.topic(DEAD_LETTERS.name)

    async def work() -> LetterScan:
        if not await partitions_of(settings, topic):
            raise CommandFailed(
                f"no topic {topic} at {settings.bootstrap_servers}; check "
                "NEWSROOM_KAFKA_TOPIC_PREFIX, or create the topics with `newsroom topics apply`"
            )
        return await scan_letters(settings, wanted)

    scan = run(work, kafka=settings)
    if scan.unreadable:
        shown = ", ".join(scan.unreadable[:5]) + (", ..." if len(scan.unreadable) > 5 else "")
        typer.secho(
            f"{len(scan.unreadable)} record(s) on {topic} are not dead letters: {shown}",
            fg=typer.colors.YELLOW,
            err=True,
        )
    return scan


@dlq_app.command("list")
def list_letters(
    stage: StageName | None = STAGE_OPTION,
    reason: str | None = REASON_OPTION,
    since: datetime | None = SINCE_OPTION,
    limit: int = typer.Option(50, min=1, help="Show the newest N (counts cover all)."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List dead letters (newest last) with counts by stage and reason."""
    letters = _scan(KafkaSettings(), _filter(None, stage, reason, since)).letters
    letters.sort(key=lambda s: s.letter.failed_at)
    if as_json:
        for stored in letters[-limit:]:
            row = stored.letter.model_dump(mode="json", exclude={"payload"})
            typer.echo(json.dumps({"ref": stored.ref, **row}))
        return
    console = make_console()
    table = Table(title=f"dead letters ({len(letters)} matching, newest {limit})")
    for column in ("ref", "failed at (UTC)", "stage", "reason", "url / key", "error"):
        table.add_column(column, overflow="fold")
    for stored in letters[-limit:]:
        letter = stored.letter
        where = letter.url or (letter.origin.key if letter.origin else "") or ""
        table.add_row(
            stored.ref,
            f"{letter.failed_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
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
    letters = _scan(KafkaSettings(), _filter([ref], None, None, None)).letters
    if not letters:
        typer.secho(f"error: no dead letter {ref}", fg=typer.colors.RED, err=True)
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
    row["signature_check"] = _signature_check(stored.letter)
    typer.echo(json.dumps({"ref": stored.ref, **row}, indent=2, ensure_ascii=False))


def _signature_check(letter: DeadLetter) -> str:
    """What redrive would say of the signature, without failing `show` when no key is set."""
    try:
        keys = DeadLetterSettings().checking_keys()
    except DeadLetterKeyError as exc:
        return f"not checked: {exc}"
    return signature_problem(letter, keys) or "valid"


@dlq_app.command("redrive")
def redrive_letters(
    ids: list[str] = typer.Option(
        None, "--id", metavar="REF", help="Letter id or partition:offset (repeat)."
    ),
    stage: StageName | None = typer.Option(None, help="Every letter of this stage ..."),
    reason: str | None = typer.Option(None, help="... and/or with this reason."),
    since: datetime | None = SINCE_OPTION,
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
    without a valid signature are refused (docs/security.md). On a secured cluster, parse and
    index letters are re-driven as the ops principal, fetch letters as refetch.
    """
    if not (ids or stage or reason):
        raise typer.BadParameter("choose letters with --id, --stage or --reason")
    settings = KafkaSettings()
    try:
        keys = DeadLetterSettings().checking_keys()
    except DeadLetterKeyError as exc:
        fail(str(exc))
    letters = _scan(settings, _filter(ids, stage, reason, since)).letters
    missing = [i for i in ids or () if not any(i in (s.letter.id, s.ref) for s in letters)]
    if missing:
        typer.secho(f"error: no dead letter {', '.join(missing)}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    planned = run(lambda: plan(settings, letters, keys, accept_unsigned), kafka=settings)
    for result in planned:
        typer.echo(_redrive_line(result, dry_run))
    refused = sum(r.action == "refused" for r in planned)
    to_fetch = sum(r.action == "refetch" for r in planned)
    if dry_run:
        to_send = len(planned) - refused - to_fetch
        typer.echo(f"dry run: {to_send} to send, {to_fetch} to fetch again, {refused} refused")
    else:
        sent = run(lambda: send(settings, planned), kafka=settings, runs_as=OPS)
        refetching = COMMAND_PRINCIPAL["dlq redrive --stage fetch"]
        for url, outcome in run(lambda: refetch(planned), kafka=settings, runs_as=refetching):
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
    from newsroom_ops.status_view import print_status

    print_status(as_json)


def revisions(
    article: str = typer.Argument(..., help="The article's URL or id (32 hex characters)."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines, one revision each."),
) -> None:
    """An article's substantive changes (stealth edits), oldest first, as a diff."""
    from newsroom_ops.revisions import history, render
    from newsroom_shared.topics import ARTICLE_REVISIONS

    settings = KafkaSettings()
    topic = settings.topic(ARTICLE_REVISIONS.name)

    async def work() -> list[Any]:
        if not await partitions_of(settings, topic):
            raise CommandFailed(
                f"no topic {topic} at {settings.bootstrap_servers}; check "
                "NEWSROOM_KAFKA_TOPIC_PREFIX, or create the topics with `newsroom topics apply`"
            )
        return await history(settings, article)

    found = run(work, kafka=settings)
    if as_json:
        for revision in found:
            typer.echo(revision.model_dump_json())
        return
    if not found:
        typer.echo(f"no revisions of {article}: unchanged since first seen, or not seen")
        return
    typer.echo(f"{found[-1].title_after or found[-1].url}\n{found[-1].url}")
    typer.echo(f"{len(found)} revision(s)")
    for line in render(found):
        typer.echo(line)
