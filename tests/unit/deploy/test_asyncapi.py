"""deploy/asyncapi.yaml: generated from the contracts, valid AsyncAPI 3.0.0, true to the wire."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from newsroom_clusterer.settings import ClustererSettings
from newsroom_fetcher.settings import FetcherSettings
from newsroom_indexer.settings import IndexerSettings
from newsroom_parser.settings import ParserSettings
from newsroom_shared.asyncapi import OPERATIONS, channel_id, message_id, render
from newsroom_shared.contracts import (
    Article,
    Entity,
    Event,
    FeedItem,
    Origin,
    Quote,
    RawPage,
    Speaker,
    content_hash,
    url_id,
)
from newsroom_shared.dead_letters import make_dead_letter
from newsroom_shared.kafka import COMPRESSION_TYPE, make_producer
from newsroom_shared.schemas import EVENT_TYPES
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ALL_TOPICS, ARTICLES, FETCH_STATE

from .npm_cache import npm_tarball, read_member

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "deploy" / "asyncapi.yaml"

# The official JSON Schema of the specification, as the AsyncAPI project publishes it on npm.
SPECS_PACKAGE = "@asyncapi/specs"
SPECS_VERSION = "6.11.1"
SPECS_SHA256 = "01af8744dc33c0c7eb2e908f6a955319ee58b70ecadc9387d1aeb16c0cd28928"
SPEC_MEMBER = "package/schemas/3.0.0.json"


@cache
def asyncapi_validator() -> Draft7Validator:
    tarball = npm_tarball(SPECS_PACKAGE, SPECS_VERSION, SPECS_SHA256)
    schema = json.loads(read_member(tarball, SPEC_MEMBER))
    # Every definition carries its own $id; crawling registers them so their $refs resolve.
    registry = Registry().with_resource(schema["$id"], DRAFT7.create_resource(schema)).crawl()
    return Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


def committed() -> dict[str, Any]:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_committed_document_is_what_the_contracts_generate() -> None:
    assert COMMITTED.exists(), "deploy/asyncapi.yaml missing: run `newsroom asyncapi export`"
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "deploy/asyncapi.yaml differs from the contracts: run `newsroom asyncapi export` and "
        "commit the result"
    )


def test_document_follows_the_asyncapi_3_0_0_schema() -> None:
    errors = [
        f"{e.json_path}: {e.message[:300]}" for e in asyncapi_validator().iter_errors(committed())
    ]
    assert not errors, "\n".join(errors)


def test_the_schema_check_catches_a_broken_document() -> None:
    broken = committed()
    broken["channels"]["articles.v1"]["bindings"]["kafka"]["partitions"] = 0
    broken["operations"]["parser.send.articles.v1"]["action"] = "publish"
    assert len(list(asyncapi_validator().iter_errors(broken))) >= 2


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_every_reference_resolves_inside_the_document() -> None:
    document = committed()
    refs = _refs(document)
    assert refs and all(ref.startswith("#/") for ref in refs), "only internal references"
    for ref in refs:
        _pointer(document, ref)


def test_operations_only_use_messages_of_their_channel() -> None:
    document = committed()
    for name, operation in document["operations"].items():
        channel = operation["channel"]["$ref"]
        for message in operation.get("messages", []):
            assert message["$ref"].startswith(f"{channel}/messages/"), name


def test_every_topic_event_and_group_is_described() -> None:
    document = committed()
    for topic in ALL_TOPICS:
        channel = document["channels"][channel_id(topic)]
        assert channel["address"] == "{topicPrefix}" + topic.name
        assert channel["bindings"]["kafka"]["partitions"] == topic.partitions
    for event_type in EVENT_TYPES:
        assert message_id(event_type) in document["components"]["messages"]
    groups = {op.service: op.group_id for op in OPERATIONS if op.group_id}
    # The services' own defaults: a renamed group would otherwise leave the document stale.
    assert groups == {
        "discovery": FetcherSettings.model_fields["discovery_group_id"].default,
        "fetcher": FetcherSettings.model_fields["group_id"].default,
        "parser": ParserSettings.model_fields["group_id"].default,
        "clusterer": ClustererSettings.model_fields["group_id"].default,
        "indexer": IndexerSettings.model_fields["group_id"].default,
    }


NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
URL = "https://example.com/2024/05/01/story"


def _events() -> list[Event]:
    body = b"<html>\x00\xff</html>"
    page = RawPage(
        page_id=url_id(URL),
        source_id="example",
        requested_url=URL,
        final_url=URL,
        canonical_url=URL,
        status_code=200,
        body=body,
        content_hash=content_hash(body),
        fetched_at=NOW,
        feed=FeedItem(feed_url="https://example.com/feed", published_at=NOW),
    )
    parsed = Article(
        id=url_id(URL),
        version=1714564800000,
        url=URL,
        canonical_url=URL,
        source_id="example",
        title="Story",
        published_at=NOW,
        body="One.",
        paragraphs=["One."],
        word_count=1,
        entities=[Entity(id="e1", name="Rand Paul", type="PERSON", mentions=1)],
        quotes=[Quote(text="We all do it,", speaker=Speaker(name="Rand Paul", as_written="he"))],
        parser_version="test",
        content_hash=content_hash("Story\n\nOne."),
        raw_content_hash=content_hash(body),
        fetched_at=NOW,
        parsed_at=NOW,
    )
    letter = make_dead_letter(
        stage="parse",
        reason="time_budget",
        error="took too long",
        origin=Origin(topic="newsroom.raw-pages.v1", partition=2, offset=7, key="k"),
        payload=b"\x00\xff",
        details={"seconds": 30.5, "limit": 30},
    )
    return [page, parsed, letter]


def test_payload_and_headers_schemas_accept_what_the_services_send() -> None:
    document = committed()
    registry = Registry().with_resource("urn:asyncapi", DRAFT7.create_resource(document))
    for event in _events():
        message = document["components"]["messages"][message_id(type(event))]
        payload = Draft7Validator(
            {"$ref": "urn:asyncapi" + message["payload"]["$ref"]},
            registry=registry,
            format_checker=Draft7Validator.FORMAT_CHECKER,
        )
        payload.validate(json.loads(encode(event)))
        headers = {name: value.decode() for name, value in headers_for(event)}
        Draft7Validator(message["headers"]).validate(headers)


async def test_every_channel_states_the_compression_the_producers_use() -> None:
    producer = make_producer(KafkaSettings(), max_request_size=1024)  # never started
    try:
        assert producer._compression_type == COMPRESSION_TYPE
    finally:
        await producer.stop()
    for channel in committed()["channels"].values():
        assert channel["x-compression"] == COMPRESSION_TYPE
        assert f"{COMPRESSION_TYPE}-compressed" in channel["description"]


def test_every_channel_states_its_max_message_bytes() -> None:
    # A limit left to the broker differs from cluster to cluster; the document gives the real one.
    for topic in ALL_TOPICS:
        configuration = committed()["channels"][channel_id(topic)]["bindings"]["kafka"]
        assert configuration["topicConfiguration"]["max.message.bytes"] == topic.max_message_bytes
        assert "max.message.bytes" in topic.configs, f"{topic.name} leaves it to the broker"


def test_tombstones_are_null_payloads_that_readers_of_compacted_topics_meet() -> None:
    document = committed()
    channel = document["channels"][channel_id(ARTICLES)]
    tombstone = _pointer(document, channel["messages"]["Tombstone"]["$ref"])
    Draft7Validator(tombstone["payload"]).validate(None)
    assert not Draft7Validator(tombstone["payload"]).is_valid({})
    assert "murmur2_random" in tombstone["description"]
    operations = document["operations"]
    readers = [op for op in operations.values() if op["channel"]["$ref"].endswith("articles.v1")]
    for operation in readers:
        names = {ref["$ref"].rsplit("/", 1)[-1] for ref in operation["messages"]}
        assert ("Tombstone" in names) == (operation["action"] == "receive"), operation
    assert "Tombstones" in document["channels"][channel_id(FETCH_STATE)]["description"]
