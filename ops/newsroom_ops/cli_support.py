"""What every ops command shares: expected failures as one line and exit 1 (usage errors exit 2
through click), times read as UTC, and tables as wide as the terminal.

An expected failure is one a person can fix: a server not reachable, credentials refused, a
topic or index missing, a key misconfigured. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from typing import NoReturn, TypeVar

import typer
from aiokafka import errors as kafka_errors
from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    ConnectionTimeout,
    NotFoundError,
    SSLError,
    TransportError,
)
from rich.console import Console

from newsroom_shared.dead_letters import DeadLetterKeyError
from newsroom_shared.kafka import credentials_refused
from newsroom_shared.runtime.publisher import PublishRejected
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

T = TypeVar("T")

START_STACK = "or start the local stack with `newsroom dev up`"


class CommandFailed(Exception):
    """An expected failure, already described in one line."""


def fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def describe_kafka(
    exc: BaseException, settings: KafkaSettings, runs_as: str | None = None
) -> str | None:
    """`runs_as`: the principal the command runs as (docs/security.md), named in refusals."""
    where = f"kafka at {settings.bootstrap_servers}"
    if isinstance(exc, PublishRejected):  # a send Kafka refused for good: why it did
        exc = exc.error
    if isinstance(exc, kafka_errors.KafkaConnectionError) and credentials_refused():
        # aiokafka reports refused credentials as "Unable to bootstrap"; the cause was logged.
        exc = credentials_refused() or exc
    if isinstance(
        exc,
        kafka_errors.SaslAuthenticationFailed
        | kafka_errors.AuthenticationFailedError
        | kafka_errors.UnsupportedSaslMechanismError,
    ):
        return f"{where} refused the credentials; check NEWSROOM_KAFKA_SASL_USERNAME/_PASSWORD"
    if isinstance(
        exc,
        kafka_errors.TopicAuthorizationFailedError
        | kafka_errors.GroupAuthorizationFailedError
        | kafka_errors.ClusterAuthorizationFailedError,
    ):
        # aiokafka's message is "[Error 29] TopicAuthorizationFailedError: <topic or group>".
        what = str(exc).split(": ", 1)[1] if ": " in str(exc) else ""
        to = f" to {what}" if what and " " not in what else ""
        check = (
            f"this command runs as the {runs_as} principal: check its credentials "
            "(NEWSROOM_KAFKA_SASL_USERNAME) and the ACLs (docs/security.md)"
            if runs_as
            else "check the ACLs (docs/security.md)"
        )
        return f"{where} denied access{to} ({type(exc).__name__}); {check}"
    if isinstance(
        exc,
        kafka_errors.KafkaConnectionError
        | kafka_errors.NoBrokersAvailable
        | kafka_errors.KafkaTimeoutError
        | ConnectionError
        | TimeoutError,
    ):
        return f"cannot reach {where}; check NEWSROOM_KAFKA_BOOTSTRAP_SERVERS, {START_STACK}"
    return None


def describe_elasticsearch(exc: BaseException, settings: ElasticsearchSettings) -> str | None:
    where = f"elasticsearch at {settings.url}"
    if isinstance(exc, AuthenticationException):
        return f"{where} refused the credentials; check NEWSROOM_ES_API_KEY or _USERNAME/_PASSWORD"
    if isinstance(exc, AuthorizationException):
        return f"{where} denied the request; check the API key's privileges"
    if isinstance(exc, NotFoundError):
        return (
            f"{where} has no {_missing_index(exc)} under prefix '{settings.index_prefix}'; "
            "check NEWSROOM_ES_INDEX_PREFIX, or create the indices with `newsroom es apply`"
        )
    if isinstance(exc, ApiError):
        return f"{where} refused the request: {one_line(exc.message)} ({exc.meta.status})"
    if isinstance(exc, SSLError):
        return f"TLS with {where} failed; check NEWSROOM_ES_CA_CERTS and NEWSROOM_ES_VERIFY_CERTS"
    if isinstance(exc, ConnectionTimeout):
        return f"{where} did not answer in time; check NEWSROOM_ES_URL and the cluster's health"
    if isinstance(exc, TransportError):
        return f"cannot reach {where}; check NEWSROOM_ES_URL, {START_STACK}"
    return None


def _missing_index(exc: NotFoundError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    index = (body.get("error") or {}).get("index") if isinstance(body.get("error"), dict) else None
    return f"index or alias '{index}'" if index else "such index"


def one_line(text: object, limit: int = 200) -> str:
    line = re.sub(r"\s+", " ", str(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe(
    exc: BaseException,
    kafka: KafkaSettings | None = None,
    elasticsearch: ElasticsearchSettings | None = None,
    runs_as: str | None = None,
) -> str | None:
    """One line saying what failed and what to check, or None for an unexpected exception."""
    if isinstance(exc, CommandFailed | DeadLetterKeyError):
        return str(exc)
    found = None
    if kafka is not None:
        found = describe_kafka(exc, kafka, runs_as)
    if found is None and elasticsearch is not None:
        found = describe_elasticsearch(exc, elasticsearch)
    return found


@contextlib.contextmanager
def quiet_clients() -> Iterator[None]:
    """aiokafka logs each failed connection attempt; the command reports the failure itself.

    Its errors still reach the handler of newsroom_shared.kafka that remembers refused
    credentials (they stop at the `aiokafka` logger instead of being printed)."""
    logger = logging.getLogger("aiokafka")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def run(
    work: Callable[[], Awaitable[T]],
    kafka: KafkaSettings | None = None,
    elasticsearch: ElasticsearchSettings | None = None,
    runs_as: str | None = None,
) -> T:
    """asyncio.run(work()), with expected failures reported in one line and exit 1."""
    import asyncio

    async def go() -> T:
        return await work()

    with quiet_clients():
        try:
            return asyncio.run(go())
        except Exception as exc:
            message = describe(exc, kafka, elasticsearch, runs_as)
            if message is None:
                raise
            fail(message)


def kafka_failures_in_one_line(
    command: Callable[..., T], runs_as: str | None = None
) -> Callable[..., T]:
    """A command of a service's package (it knows nothing of these rules) with its expected
    Kafka failures reported in one line and exit 1, as every ops command's are."""
    import functools

    @functools.wraps(command)
    def one_line_failures(*args: object, **kwargs: object) -> T:
        with quiet_clients():
            try:
                return command(*args, **kwargs)
            except Exception as exc:
                message = describe(exc, KafkaSettings(), runs_as=runs_as)
                if message is None:
                    raise
                fail(message)

    return one_line_failures


def terminal_width(default: int = 80) -> int:
    """The width to lay tables out for: COLUMNS, else the terminal of stdout, stderr or stdin
    (piped output still ends up on the terminal of the person reading it), else `default`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    return default


def make_console() -> Console:
    return Console(width=terminal_width())


TIME_HELP = "UTC unless an offset is given: 2026-12-04, 2026-12-04T09:30, 2026-12-04T09:30+02:00"


def day_range(start: datetime | None, end: datetime | None) -> tuple[date | None, date | None]:
    """The UTC days of an inclusive range; an inverted range is a usage error, not an empty
    result."""
    first = start.astimezone(UTC).date() if start else None
    last = end.astimezone(UTC).date() if end else None
    if first and last and first > last:
        raise typer.BadParameter(f"{first} is after --to {last}", param_hint="--from")
    return first, last


def parse_time(text: str) -> datetime:
    """A date or a date and time; without an offset it is UTC."""
    value = text.strip()
    if value.endswith(("z", "Z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a date or time ({TIME_HELP})") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
