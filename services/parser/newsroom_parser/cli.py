"""`newsroom parser run` (the service) and `newsroom parse` (the pure core as a batch tool)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from newsroom_parser.settings import ParserSettings
from newsroom_shared.settings import settings_errors_exit

parser_app = typer.Typer(help="The parser service: raw pages in, articles out.")


@parser_app.callback()
def _parser_group() -> None:
    """A group even with one command: `newsroom-parser run` as `newsroom parser run`."""


def register(app: typer.Typer) -> None:
    """`parser` and `parse`; `newsroom replay` (the `replay` below) is registered by the ops
    package, which reports its Kafka failures in one line."""
    app.add_typer(parser_app, name="parser")
    app.command("parse")(parse)


@parser_app.command("run")
def run(
    workers: int | None = typer.Option(None, help="Extraction processes (default: settings)."),
    nlp: bool | None = typer.Option(None, help="Entities and quotes (default: settings)."),
    loglevel: str = typer.Option("info", help="crit, error, warn, info or debug."),
) -> None:
    """Run the parser service until stopped (SIGTERM/SIGINT)."""
    import asyncio

    from newsroom_parser.service import build_service
    from newsroom_shared.logging import configure_logging

    overrides: dict[str, Any] = {}
    if workers is not None:
        overrides["workers"] = workers
    if nlp is not None:
        overrides["nlp"] = nlp
    settings = ParserSettings(**overrides)
    level = {"crit": "CRITICAL", "warn": "WARNING"}.get(loglevel, loglevel.upper())
    configure_logging("parser", level, settings.log_json)
    asyncio.run(build_service(settings).run())


def parse(
    files: list[Path] = typer.Argument(
        None, help=".html or .html.gz files; none: RawPage JSON lines on stdin.", show_default=False
    ),
    url: str | None = typer.Option(None, help="The page's URL (with a single file)."),
    workers: int = typer.Option(1, min=1, help="Processes for large batches."),
    nlp: bool = typer.Option(True, help="Entities and quotes."),
    time_budget: float = typer.Option(30.0, help="Seconds per page before it fails."),
) -> None:
    """Parse pages into Article JSON lines, one per input, in input order.

    An input that cannot be parsed yields {"error": ...} in its place, so output lines stay
    aligned with inputs. A file that cannot be read is named on stderr and makes the command
    exit with status 1.
    """
    import asyncio

    # Imported here: loading spaCy takes seconds that other commands should not pay.
    from newsroom_parser.batch import (
        Unreadable,
        file_inputs,
        outcome_line,
        parse_all,
        stdin_inputs,
    )

    if url and files and len(files) != 1:
        raise typer.BadParameter("--url applies to a single file")
    inputs = file_inputs(files, url) if files else stdin_inputs()
    total = len(files) if files else None

    async def run_all() -> int:
        unreadable = 0
        started = last_report = time.monotonic()
        done = 0
        async for label, outcome in parse_all(inputs, workers, nlp, time_budget):
            done += 1
            sys.stdout.write(outcome_line(label, outcome))
            sys.stdout.flush()
            if isinstance(outcome, Unreadable):
                unreadable += 1
                typer.secho(f"error: cannot read {outcome.error}", fg=typer.colors.RED, err=True)
            if time.monotonic() - last_report > 5:
                rate = done / (time.monotonic() - started)
                of = f"/{total}" if total else ""
                typer.echo(f"parsed {done}{of} ({rate:.1f} pages/s)", err=True)
                last_report = time.monotonic()
        return unreadable

    if asyncio.run(run_all()):
        raise typer.Exit(1)


def replay(
    start: str = typer.Option(
        ..., "--from", help="beginning, an offset (every partition), or an ISO time with zone."
    ),
    name: str = typer.Option(
        None, help="Replay name (its consumer group); the same name resumes. Default: a new one."
    ),
    to_topic: str | None = typer.Option(None, help="Write articles here instead."),
    rate: float | None = typer.Option(None, help="At most this many pages per second."),
    workers: int | None = typer.Option(None, help="Extraction processes (default: settings)."),
    nlp: bool = typer.Option(True, help="Entities and quotes."),
) -> None:
    """Re-parse raw pages already in Kafka into articles (after a parser upgrade)."""
    import asyncio

    from newsroom_parser.replay import ReplayProgress, StartAt
    from newsroom_parser.replay import replay as run_replay

    try:
        start_at = StartAt.parse(start)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from") from exc
    overrides: dict[str, Any] = {"nlp": nlp}
    if workers is not None:
        overrides["workers"] = workers
    settings = ParserSettings(**overrides)
    replay_name = name or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")

    def report(progress: ReplayProgress) -> None:
        typer.echo(
            f"replay {replay_name}: {progress.done}/{progress.total} pages "
            f"({progress.articles} articles, {progress.dead_letters} dead letters, "
            f"{progress.rate:.1f} pages/s)",
            err=True,
        )

    result = asyncio.run(run_replay(settings, start_at, replay_name, to_topic, rate, report))
    typer.echo(
        f"replayed {result.done} pages: {result.articles} articles, "
        f"{result.dead_letters} dead letters"
    )


def main() -> None:
    """`newsroom-parser run`: the service alone, as its container image runs it."""
    with settings_errors_exit():
        parser_app()
