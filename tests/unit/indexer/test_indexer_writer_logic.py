"""The writer's decisions: what is retried, what is stale, what is rejected, which version wins."""

from __future__ import annotations

from dataclasses import replace

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, ConnectionError, ConnectionTimeout
from hypothesis import given
from hypothesis import strategies as st

from newsroom_indexer.bulk_items import (
    Incoming,
    classify_item,
    is_expected_outage,
    latest_versions,
    rejection_of,
    retry_reason,
)
from newsroom_shared.contracts import Article
from newsroom_shared.runtime.retry import RetryPolicy


@pytest.mark.parametrize(
    ("status", "error_type", "op", "outcome"),
    [
        (201, None, "index", "ok"),
        (200, None, "index", "ok"),
        (404, None, "delete", "ok"),
        (409, "version_conflict_engine_exception", "index", "stale"),
        (429, "es_rejected_execution_exception", "index", "retry"),
        (429, "circuit_breaking_exception", "index", "retry"),
        (503, "unavailable_shards_exception", "index", "retry"),
        (404, "index_not_found_exception", "index", "retry"),
        (400, "document_parsing_exception", "index", "reject"),
        (400, "mapper_parsing_exception", "index", "reject"),
        (400, "illegal_argument_exception", "index", "reject"),
        (500, "illegal_state_exception", "index", "reject"),
    ],
)
def test_classify_item(status: int, error_type: str | None, op: str, outcome: str) -> None:
    error = {"type": error_type, "reason": "r"} if error_type else None
    assert classify_item(status, error, op) == outcome


def _api_error(status: int, error: str) -> ApiError:
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )
    return ApiError(error, meta, {"error": {"type": error}, "status": status})


def test_retry_reasons() -> None:
    assert retry_reason(ConnectionError("refused")) == "connection"
    assert retry_reason(ConnectionTimeout("slow")) == "timeout"
    assert retry_reason(_api_error(429, "es_rejected_execution_exception")) == "http_429"
    assert retry_reason(ValueError("x")) is None
    assert is_expected_outage(ConnectionError("refused"))
    assert is_expected_outage(_api_error(503, "unavailable_shards_exception"))
    assert not is_expected_outage(_api_error(400, "parsing_exception"))


def test_backoff_grows_caps_and_jitters() -> None:
    backoff = RetryPolicy(initial=0.5, maximum=30.0)
    assert backoff.delay(0, jitter=1.0) == 0.5
    assert backoff.delay(3, jitter=1.0) == 4.0
    assert backoff.delay(50, jitter=1.0) == 30.0
    assert backoff.delay(50, jitter=0.0) == 15.0


def test_rejection_keeps_elasticsearch_reason() -> None:
    item = {
        "_id": "a1",
        "status": 400,
        "error": {
            "type": "document_parsing_exception",
            "reason": "[1:2] failed to parse field [word_count] of type [integer]",
            "caused_by": {"type": "x_content_parse_exception", "reason": "out of range of int"},
        },
    }
    rejection = rejection_of("articles", item)
    assert rejection.reason == "index_rejected"
    assert rejection.error_type == "document_parsing_exception"
    assert "word_count" in rejection.message and "out of range" in rejection.message
    assert rejection.doc_id == "a1" and rejection.status == 400


def _incoming(article: Article, version: int, partition: int, offset: int) -> Incoming:
    updated = article.model_copy(update={"version": version})
    return Incoming.of("t", partition, offset, None, None, updated)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5)), min_size=1, max_size=30))
def test_latest_versions_keeps_one_newest_per_article(
    seed_article: Article, specs: list[tuple[int, int]]
) -> None:
    # Article ids 0..3, versions 0..5, in arbitrary arrival order.
    messages = [
        _incoming(seed_article.model_copy(update={"id": f"a{i}"}), version, 0, offset)
        for offset, (i, version) in enumerate(specs)
    ]
    kept, superseded = latest_versions(messages)
    assert len(kept) + len(superseded) == len(messages)
    assert len({m.article.id for m in kept}) == len(kept)
    for message in kept:
        same = [m for m in messages if m.article.id == message.article.id]
        newest = max(m.article.version for m in same)
        assert message.article.version == newest
        # On a tie, the later offset: a re-parse of the same fetch replaces the earlier.
        assert message.offset == max(m.offset for m in same if m.article.version == newest)


def test_incoming_is_a_value(seed_article: Article) -> None:
    message = _incoming(seed_article, 1, 0, 0)
    assert replace(message, offset=1) != message
