"""Least privilege on Kafka: one principal per service role (discovery and fetch workers are
two), one for the ops commands and one for read-only monitoring, each allowed exactly the
topics and groups it uses (docs/security.md has the same table).

`grants(prefix)` is the table for one deployment's topic prefix; `apply_grants` creates it with
the admin (super user) credentials. aiokafka 0.14 has no public call for ACLs, so the
CreateAcls request it ships is sent through the admin client's connection.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import CreateAclsRequest

from newsroom_shared.topics import (
    ARTICLES,
    DEAD_LETTERS,
    DISCOVERY_STATE,
    FETCH_STATE,
    FRONTIER,
    RAW_PAGES,
    SOURCES,
)

DISCOVERY, FETCHER, PARSER, INDEXER = "discovery", "fetcher", "parser", "indexer"
OPS, SEARCH, MONITOR = "ops", "search", "monitor"
# Every principal of a deployment, each one credential (docs/security.md).
PRINCIPALS = (DISCOVERY, FETCHER, PARSER, INDEXER, OPS, SEARCH, MONITOR)
# Those with a Kafka user: `search` only reads Elasticsearch.
KAFKA_PRINCIPALS = (DISCOVERY, FETCHER, PARSER, INDEXER, OPS, MONITOR)
# Those with an Elasticsearch API key (es_security.role_descriptors has their rights).
ELASTICSEARCH_PRINCIPALS = (INDEXER, OPS, SEARCH, MONITOR)


def kafka_user(principal: str) -> str:
    """The SCRAM user name of a principal: newsroom-discovery, ..., newsroom-monitor."""
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
    principal: str  # one of KAFKA_PRINCIPALS
    resource: Resource
    name: str
    pattern: Pattern
    operations: tuple[Op, ...]


def grants(prefix: str = "") -> list[Grant]:
    """Every ACL of a deployment whose topic prefix (NEWSROOM_KAFKA_TOPIC_PREFIX) is `prefix`.

    Consumer groups are granted by prefix: `<prefix>newsroom-parser` covers the parser's group
    and the suffixes the demo and tests add to it.
    """
    sources, frontier, discovery_state = (
        prefix + t.name for t in (SOURCES, FRONTIER, DISCOVERY_STATE)
    )
    raw, articles, letters, fetch_state = (
        prefix + t.name for t in (RAW_PAGES, ARTICLES, DEAD_LETTERS, FETCH_STATE)
    )
    lit, pre = Pattern.LITERAL, Pattern.PREFIXED
    topic, group = Resource.TOPIC, Resource.GROUP
    read, write, describe = Op.READ, Op.WRITE, Op.DESCRIBE
    every_group = (
        Grant(OPS, group, prefix, pre, (describe,))
        if prefix
        # A prefix cannot be empty: without one, the literal "*" stands for every group.
        else Grant(OPS, group, "*", lit, (describe,))
    )
    return [
        # Discovery: the sources in (a group), and written from the sources file at start;
        # URLs out to the frontier; its validators out and back in (assigned partitions, no
        # group); dead letters out.
        Grant(DISCOVERY, topic, sources, lit, (read, write, describe)),
        Grant(DISCOVERY, group, f"{prefix}newsroom-discovery", pre, (read, describe)),
        Grant(DISCOVERY, topic, frontier, lit, (write, describe)),
        Grant(DISCOVERY, topic, discovery_state, lit, (read, write, describe)),
        Grant(DISCOVERY, topic, letters, lit, (write, describe)),
        # Fetch workers: the frontier in (a group), raw pages out, their fetch state out and
        # back in (assigned partitions), dead letters out.
        Grant(FETCHER, topic, frontier, lit, (read, describe)),
        Grant(FETCHER, group, f"{prefix}newsroom-fetcher", pre, (read, describe)),
        Grant(FETCHER, topic, raw, lit, (write, describe)),
        Grant(FETCHER, topic, fetch_state, lit, (read, write, describe)),
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
        # every group's offsets), sources apply (the sources topic), redrive and replay (write
        # raw pages and articles, replay's groups). No dead letters: only the services write
        # those; no state or frontier: only their own services do.
        Grant(
            OPS,
            topic,
            f"{prefix}newsroom.",
            pre,
            (read, describe, Op.DESCRIBE_CONFIGS, Op.CREATE, Op.ALTER, Op.ALTER_CONFIGS),
        ),
        Grant(OPS, topic, sources, lit, (write,)),
        Grant(OPS, topic, raw, lit, (write,)),
        Grant(OPS, topic, articles, lit, (write,)),
        every_group,
        Grant(OPS, group, f"{prefix}newsroom-parser-replay-", pre, (read, describe)),
        # Monitor (`newsroom status`, `dlq list|show`): every topic's offsets and every group's
        # committed offsets, and the dead letters' contents; writes nothing.
        Grant(MONITOR, topic, f"{prefix}newsroom.", pre, (describe,)),
        Grant(MONITOR, topic, letters, lit, (read,)),
        replace(every_group, principal=MONITOR),
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


_OPERATION_NAMES = {
    Op.READ: "Read",
    Op.WRITE: "Write",
    Op.CREATE: "Create",
    Op.ALTER: "Alter",
    Op.DESCRIBE: "Describe",
    Op.DESCRIBE_CONFIGS: "DescribeConfigs",
    Op.ALTER_CONFIGS: "AlterConfigs",
}


def kafka_acls_commands(prefix: str = "") -> list[str]:
    """The same ACLs as `kafka-acls.sh` commands, for a production cluster (docs/security.md
    lists them for the empty prefix; `$ADMIN` stands for the admin connection options)."""
    lines = []
    for g in grants(prefix):
        operations = " ".join(f"--operation {_OPERATION_NAMES[op]}" for op in g.operations)
        resource = "--topic" if g.resource == Resource.TOPIC else "--group"
        pattern = " --resource-pattern-type prefixed" if g.pattern == Pattern.PREFIXED else ""
        lines.append(
            f"kafka-acls.sh $ADMIN --add --allow-principal User:{kafka_user(g.principal)} "
            f"{operations} {resource} '{g.name}'{pattern}"
        )
    return lines
