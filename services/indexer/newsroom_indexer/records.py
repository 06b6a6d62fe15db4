"""Kafka records -> decoded articles with their documents, and failures -> dead letters."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka.structs import ConsumerRecord

from newsroom_indexer.bulk_items import Incoming, WriteReport
from newsroom_shared.contracts import Article, DeadLetter, Origin
from newsroom_shared.dead_letters import make_dead_letter
from newsroom_shared.serialization import DecodeError, decode


@dataclass(frozen=True)
class Decoded:
    incoming: list[Incoming]
    # (record, dead-letter reason, error): not an Article, or no documents could be built.
    invalid: list[tuple[ConsumerRecord, str, Exception]]
    tombstones: int


def decode_records(records: list[ConsumerRecord]) -> Decoded:
    incoming: list[Incoming] = []
    invalid: list[tuple[ConsumerRecord, str, Exception]] = []
    tombstones = 0
    for record in records:
        decoded = decode_record(record)
        if decoded is None:
            tombstones += 1
        elif isinstance(decoded, Incoming):
            incoming.append(decoded)
        else:
            invalid.append((record, *decoded))
    return Decoded(incoming, invalid, tombstones)


def decode_record(record: ConsumerRecord) -> Incoming | tuple[str, Exception] | None:
    """The article and its documents; or why not (dead-letter reason, error); None for a
    tombstone (the contract defines no deletion: it only lets compaction drop a key)."""
    if record.value is None:
        return None
    try:
        article = decode(Article, record.value)
    except DecodeError as exc:
        return "invalid_article", exc
    key = record.key.decode("utf-8", "replace") if record.key else None
    try:
        return Incoming.of(
            record.topic, record.partition, record.offset, key, record.value, article
        )
    except Exception as exc:  # noqa: BLE001 - one odd article must not stop the stream
        return "document_failed", exc


def dead_letters_for(decoded: Decoded, report: WriteReport) -> list[tuple[DeadLetter, str | None]]:
    letters: list[tuple[DeadLetter, str | None]] = []
    for record, reason, error in decoded.invalid:
        key = record.key.decode("utf-8", "replace") if record.key else None
        letter = make_dead_letter(
            stage="index",
            reason=reason,
            error=error,
            origin=Origin(
                topic=record.topic, partition=record.partition, offset=record.offset, key=key
            ),
            payload=record.value,
        )
        letters.append((letter, key))
    for message, rejection in report.rejected:
        # The error class is Elasticsearch's error type, e.g. document_parsing_exception.
        letter = make_dead_letter(
            stage="index",
            reason=rejection.reason,
            error=rejection.message,
            error_class=rejection.error_type,
            origin=Origin(
                topic=message.topic,
                partition=message.partition,
                offset=message.offset,
                key=message.key,
            ),
            payload=message.value,
            url=message.article.url,
            source_id=message.article.source_id,
            details={
                "index": rejection.kind,
                "document_id": rejection.doc_id,
                "status": rejection.status,
                "article_version": message.article.version,
            },
        )
        letters.append((letter, message.key))
    return letters
