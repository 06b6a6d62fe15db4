"""Least privilege on Kafka: one principal per service and one for the ops commands, each
allowed exactly the topics and groups it uses (docs/security.md has the same table).

`grants(prefix)` is the table for one deployment's topic prefix; `apply_grants` creates it with
the admin (super user) credentials. aiokafka 0.14 has no public call for ACLs, so the
CreateAcls request it ships is sent through the admin client's connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import CreateAclsRequest

from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, FETCH_STATE, RAW_PAGES

FETCHER, PARSER, INDEXER, OPS = "fetcher", "parser", "indexer", "ops"
PRINCIPALS = (FETCHER, PARSER, INDEXER, OPS)


def kafka_user(principal: str) -> str:
    """The SCRAM user name of a principal: newsroom-fetcher, ..., newsroom-ops."""
    return f"newsroom-{principal}"


class Resource(IntEnum):
    TOPIC = 2
    GROUP = 3
    CLUSTER = 4


class Pattern(IntEnum):
    LITERAL = 3
    PREFIXED = 4


class Op(IntEnum):
    READ = 3
    WRITE = 4
    CREATE = 5
    ALTER = 7
    DESCRIBE = 8
    DESCRIBE_CONFIGS = 10
    ALTER_CONFIGS = 11


_ALLOW = 3


@dataclass(frozen=True)
class Grant:
    principal: str  # one of PRINCIPALS
    resource: Resource
    name: str
    pattern: Pattern
    operations: tuple[Op, ...]


def grants(prefix: str = "") -> list[Grant]:
    """Every ACL of a deployment whose topic prefix (NEWSROOM_KAFKA_TOPIC_PREFIX) is `prefix`.

    Consumer groups are granted by prefix: `<prefix>newsroom-parser` covers the parser's group
    and the suffixes the demo and tests add to it.
    """
    raw, articles, letters, state = (
        prefix + t.name for t in (RAW_PAGES, ARTICLES, DEAD_LETTERS, FETCH_STATE)
    )
    lit, pre = Pattern.LITERAL, Pattern.PREFIXED
    topic, group = Resource.TOPIC, Resource.GROUP
    read, write, describe = Op.READ, Op.WRITE, Op.DESCRIBE
    return [
        # The fetcher: raw pages and its own state out, its state back in on start (assigned
        # partitions, no group), dead letters out.
        Grant(FETCHER, topic, raw, lit, (write, describe)),
        Grant(FETCHER, topic, state, lit, (read, write, describe)),
        Grant(FETCHER, topic, letters, lit, (write, describe)),
        # The parser: raw pages in, articles out (the only service that writes them).
        Grant(PARSER, topic, raw, lit, (read, describe)),
        Grant(PARSER, topic, articles, lit, (write, describe)),
        Grant(PARSER, topic, letters, lit, (write, describe)),
        Grant(PARSER, group, f"{prefix}newsroom-parser", pre, (read, describe)),
        # The indexer: articles in, dead letters out.
        Grant(INDEXER, topic, articles, lit, (read, describe)),
        Grant(INDEXER, topic, letters, lit, (write, describe)),
        Grant(INDEXER, group, f"{prefix}newsroom-indexer", pre, (read, describe)),
        # Ops commands: topics apply (create, configs), status and dlq (read every topic and
        # every group's offsets), redrive and replay (write raw pages and articles, replay's
        # groups). No dead letters: only the services write those.
        Grant(
            OPS,
            topic,
            f"{prefix}newsroom.",
            pre,
            (read, describe, Op.DESCRIBE_CONFIGS, Op.CREATE, Op.ALTER, Op.ALTER_CONFIGS),
        ),
        Grant(OPS, topic, raw, lit, (write,)),
        Grant(OPS, topic, articles, lit, (write,)),
        # `status` reads every group's offsets. A prefix cannot be empty: without one, the
        # literal "*" stands for every group.
        Grant(OPS, group, prefix, pre, (describe,))
        if prefix
        else Grant(OPS, group, "*", lit, (describe,)),
        Grant(OPS, group, f"{prefix}newsroom-parser-replay-", pre, (read, describe)),
    ]


async def apply_grants(admin: AIOKafkaAdminClient, rows: list[Grant]) -> int:
    """Create the ACLs (creating an existing one changes nothing); how many bindings were sent."""
    client = admin._client
    creations = [
        (
            int(g.resource),
            g.name,
            int(g.pattern),
            f"User:{kafka_user(g.principal)}",
            "*",
            int(op),
            _ALLOW,
        )
        for g in rows
        for op in g.operations
    ]
    response = await client.send(client.get_random_node(), _CreateAcls(creations))
    for code, message in response.creation_responses:
        if code:
            raise for_code(code)(message)
    return len(creations)


class _CreateAcls(CreateAclsRequest):
    """CreateAcls with many bindings in one request (aiokafka's carries one). Version 1 and
    up only, which is all Kafka 4 speaks."""

    def __init__(self, creations: list[tuple[int, str, int, str, str, int, int]]) -> None:
        self._creations = creations

    def build(self, request_struct_class):  # type: ignore[no-untyped-def,override]
        if request_struct_class.API_VERSION < 1:
            raise ValueError("CreateAcls v0 has no pattern types; the broker is too old")
        return request_struct_class(self._creations)
