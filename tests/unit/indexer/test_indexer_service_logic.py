"""Decoding records and turning failures into dead letters, without a broker."""

from __future__ import annotations

from aiokafka.structs import ConsumerRecord

from newsroom_indexer.bulk_items import Rejection, WriteReport
from newsroom_indexer.records import dead_letters_for, decode_records
from newsroom_shared.contracts import Article
from newsroom_shared.serialization import encode


def _record(offset: int, value: bytes | None, key: bytes | None = b"k") -> ConsumerRecord:
    return ConsumerRecord(
        topic="articles",
        partition=2,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(value or b""),
        headers=(),
    )


def test_decode_sorts_articles_invalid_and_tombstones(seed_article: Article) -> None:
    records = [_record(0, encode(seed_article)), _record(1, b"{not json"), _record(2, None)]
    decoded = decode_records(records)
    assert [m.offset for m in decoded.incoming] == [0]
    assert decoded.incoming[0].article.id == seed_article.id
    assert decoded.incoming[0].key == "k"
    assert [(r.offset, reason) for r, reason, _ in decoded.invalid] == [(1, "invalid_article")]
    assert decoded.tombstones == 1


def test_dead_letters_carry_reason_origin_and_payload(seed_article: Article) -> None:
    records = [_record(0, encode(seed_article)), _record(1, b"{not json")]
    decoded = decode_records(records)
    report = WriteReport()
    rejection = Rejection(
        "index_rejected",
        "articles",
        seed_article.id,
        400,
        "document_parsing_exception",
        "failed to parse field [word_count]",
    )
    report.rejected.append((decoded.incoming[0], rejection))
    letters = dead_letters_for(decoded, report)
    assert [letter.reason for letter, _ in letters] == ["invalid_article", "index_rejected"]
    invalid, rejected = (letter for letter, _ in letters)
    assert invalid.stage == rejected.stage == "index"
    assert invalid.origin is not None and invalid.origin.offset == 1
    assert invalid.payload == b"{not json"
    assert rejected.error_class == "document_parsing_exception"
    assert "word_count" in rejected.error_message
    assert rejected.details["index"] == "articles"
    assert rejected.details["article_version"] == seed_article.version
    assert rejected.url == seed_article.url and rejected.source_id == "rollcall"
    assert rejected.payload_ref == "kafka://articles/2/0"
    assert all(key == "k" for _, key in letters)


def test_an_article_whose_documents_cannot_be_built_is_set_aside(
    seed_article: Article, monkeypatch
) -> None:
    from newsroom_indexer import bulk_items

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bulk_items, "documents", broken)
    decoded = decode_records([_record(0, encode(seed_article))])
    assert decoded.incoming == []
    ((record, reason, error),) = decoded.invalid
    assert (record.offset, reason, str(error)) == (0, "document_failed", "boom")
    ((letter, _),) = dead_letters_for(decoded, WriteReport())
    assert letter.reason == "document_failed" and letter.error_class == "RuntimeError"
