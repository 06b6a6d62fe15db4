"""The items of a bulk write, pure: the batch's messages, the actions sent for them, and what
Elasticsearch's answer to each item means (written, stale, try again, refused for good)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import pydantic_core
from elasticsearch import ApiError, TransportError

from newsroom_indexer.documents import documents
from newsroom_indexer.templates import Kind
from newsroom_shared.contracts import Article

ItemOutcome = Literal["ok", "stale", "retry", "reject"]

# Statuses and error types that say "not now" rather than "never".
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
RETRYABLE_ERROR_TYPES = frozenset(
    {
        "es_rejected_execution_exception",
        "circuit_breaking_exception",
        "unavailable_shards_exception",
        "no_shard_available_action_exception",
        "node_not_connected_exception",
        "node_closed_exception",
        "node_disconnected_exception",
        "cluster_block_exception",
        "process_cluster_event_timeout_exception",
        # The write alias is missing (deleted, or `es apply` not run yet): wait for it rather
        # than drop articles; `newsroom es apply` restores it.
        "index_not_found_exception",
    }
)


@dataclass(frozen=True)
class Incoming:
    """One decoded article message, where it came from, and its documents, built and
    serialized ahead (by the fill stage) so that Elasticsearch does not wait on them."""

    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes | None
    article: Article
    document: bytes  # the article document, as JSON
    quotes: tuple[tuple[str, bytes], ...]  # (id, JSON) of each quote document

    @classmethod
    def of(
        cls,
        topic: str,
        partition: int,
        offset: int,
        key: str | None,
        value: bytes | None,
        article: Article,
        indexed_at: datetime | None = None,
    ) -> Incoming:
        document, quotes = documents(article, indexed_at or datetime.now(UTC))
        return cls(
            topic,
            partition,
            offset,
            key,
            value,
            article,
            pydantic_core.to_json(document),
            tuple((q.id, pydantic_core.to_json(q.source)) for q in quotes),
        )


@dataclass(frozen=True)
class Rejection:
    """Why Elasticsearch refused a document for good (becomes a dead letter)."""

    reason: str  # DeadLetter.reason
    kind: Kind | None
    doc_id: str
    status: int | None
    error_type: str
    message: str


@dataclass
class WriteReport:
    indexed: list[Incoming] = field(default_factory=list)
    stale: list[Incoming] = field(default_factory=list)
    superseded: list[Incoming] = field(default_factory=list)
    rejected: list[tuple[Incoming, Rejection]] = field(default_factory=list)
    documents: Counter[tuple[str, str]] = field(default_factory=Counter)


class WriteAborted(Exception):
    """The service is stopping while Elasticsearch is unavailable: the batch stays uncommitted."""


def classify_item(status: int, error: dict[str, Any] | None, op: str = "index") -> ItemOutcome:
    if status < 300 or (op == "delete" and status == 404):
        return "ok"
    error_type = (error or {}).get("type", "")
    if status == 409 and error_type == "version_conflict_engine_exception":
        # external_gte refused a lower version: a newer one is already indexed.
        return "stale"
    if status in RETRYABLE_STATUSES or error_type in RETRYABLE_ERROR_TYPES:
        return "retry"
    return "reject"


def retry_reason(exc: BaseException) -> str | None:
    """A short reason when `exc` means "Elasticsearch is not available now", else None."""
    if isinstance(exc, ApiError):
        return f"http_{exc.meta.status}"
    if isinstance(exc, TransportError):
        name = type(exc).__name__
        return "timeout" if "Timeout" in name else "connection"
    return None


def is_expected_outage(exc: BaseException) -> bool:
    """Outages and overload are routine; other API errors on whole requests are bugs to log."""
    if isinstance(exc, ApiError):
        return exc.meta.status in RETRYABLE_STATUSES or exc.error in RETRYABLE_ERROR_TYPES
    return isinstance(exc, TransportError)


def latest_versions(messages: Iterable[Incoming]) -> tuple[list[Incoming], list[Incoming]]:
    """One message per article id: the highest version, the later offset on a tie."""
    best: dict[str, Incoming] = {}
    superseded = []
    for message in messages:
        current = best.get(message.article.id)
        key = (message.article.version, message.partition, message.offset)
        if current is None:
            best[message.article.id] = message
        elif key > (current.article.version, current.partition, current.offset):
            superseded.append(current)
            best[message.article.id] = message
        else:
            superseded.append(message)
    return list(best.values()), superseded


def rejection_of(kind: Kind, item: dict[str, Any]) -> Rejection:
    error = item.get("error") or {}
    cause = error.get("caused_by") or {}
    message = error.get("reason") or "rejected"
    if cause.get("reason"):
        message = f"{message}: {cause['reason']}"
    return Rejection(
        reason="index_rejected",
        kind=kind,
        doc_id=str(item.get("_id")),
        status=item.get("status"),
        error_type=error.get("type", "unknown"),
        message=message,
    )


def index_action(
    index: str, doc_id: str, version: int, source: bytes | dict[str, Any]
) -> dict[str, Any]:
    """A bulk index action under the article's version: a lower one never overwrites."""
    return {
        "_op_type": "index",
        "_index": index,
        "_id": doc_id,
        "version": version,
        # gte: re-delivery and re-parse of the same fetch replace the document.
        "version_type": "external_gte",
        "_source": source,
    }


def rewrite_version(source_version: Any, current_version: int, article_version: int) -> int | None:
    """After a version conflict on an article: the external version to write it again at, when
    the indexed copy is the same version (or an older one) whose `_version` only grew because
    story updates bumped it (each update adds one); None when a newer version is indexed.

    Writing at the current `_version` with external_gte succeeds only if nothing changed the
    document since it was read: a compare-and-set, so a story applied meanwhile is not lost."""
    if source_version is None or int(source_version) > article_version:
        return None
    return current_version


def is_missing_document(item: dict[str, Any]) -> bool:
    error_type = (item.get("error") or {}).get("type", "")
    return item.get("status") == 404 and error_type == "document_missing_exception"


def error_type_of(error: Any) -> str:
    return str(error.get("type", "error")) if isinstance(error, dict) else "error"


def result_label(outcome: ItemOutcome, item: dict[str, Any]) -> str:
    if outcome == "ok":
        return str(item.get("result", "ok"))
    return "rejected" if outcome == "reject" else outcome
