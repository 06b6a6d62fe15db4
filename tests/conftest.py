"""Real servers for the tests: one Kafka broker and one Elasticsearch node per test session.

They are started from the project's own dev stack on free ports (first run downloads them), or
reused when NEWSROOM_TEST_KAFKA_BOOTSTRAP_SERVERS and NEWSROOM_TEST_ES_URL point at running ones.
Each test gets its own topic prefix and index prefix, so tests never see each other's data.

Tests marked `cluster` get `cluster`: three Kafka nodes and three Elasticsearch nodes, started
once per session and only when such a test runs, with kill -9 and restart per node.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsroom_ops.devstack import DevStack, DevStackSettings
from newsroom_ops.devstack.acls import ELASTICSEARCH_PRINCIPALS
from newsroom_ops.devstack.process import free_port, free_port_bases
from newsroom_ops.devstack.stack import ELASTICSEARCH, KAFKA, PORT_STRIDE
from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

FIXTURES = Path(__file__).parent / "fixtures"

# Tests that need more servers run after all the others: a cluster or a secured stack, once
# started, stays up for the rest of the session, and its JVMs would slow every test after it
# on a small machine (timing checks such as request spacing included).
LAST = ("secure", "cluster", "chaos")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        marks = [n for n, name in enumerate(LAST) if item.get_closest_marker(name)]
        return 1 + max(marks) if marks else 0

    items.sort(key=rank)  # stable: the order within each rank stays as collected


# The key that signs dead letters in tests (made up; production keys come from a secret).
TEST_DEAD_LETTER_KEY = "test-dead-letter-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def dead_letter_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Every test runs as a deployment with a dead-letter key, as the dev stack does; tests
    of the keyless case remove it."""
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY", TEST_DEAD_LETTER_KEY)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY_FILE", raising=False)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_PREVIOUS_KEYS", raising=False)
    return TEST_DEAD_LETTER_KEY.encode()


@dataclass(frozen=True)
class Servers:
    kafka_bootstrap_servers: str
    elasticsearch_url: str
    stack: DevStack | None  # None when the servers are not ours to stop and start


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    bootstrap = os.environ.get("NEWSROOM_TEST_KAFKA_BOOTSTRAP_SERVERS")
    es_url = os.environ.get("NEWSROOM_TEST_ES_URL")
    if bootstrap and es_url:
        yield Servers(bootstrap, es_url, None)
        return
    settings = DevStackSettings(
        kafka_port=free_port(),
        kafka_controller_port=free_port(),
        es_port=free_port(),
        es_transport_port=free_port(),
    )
    stack = DevStack(settings, name=f"pytest-{os.getpid()}")
    info = stack.up()
    try:
        yield Servers(info.kafka_bootstrap_servers, info.elasticsearch_url, stack)
    finally:
        stack.down(remove_data=True)


@dataclass
class Cluster:
    """A multi-node stack for failure tests: where it is, and kill -9 / restart per node."""

    stack: DevStack
    kafka_bootstrap_servers: str
    elasticsearch_urls: list[str]

    @property
    def kafka_nodes(self) -> list[str]:
        return [n.name for n in self.stack.nodes if n.kind == KAFKA]

    @property
    def elasticsearch_nodes(self) -> list[str]:
        return [n.name for n in self.stack.nodes if n.kind == ELASTICSEARCH]

    def address(self, node: str) -> str:
        """host:port of a Kafka node, URL of an Elasticsearch node."""
        return self.stack.node(node).address

    def pid(self, node: str) -> int | None:
        return self.stack.pid(node)

    def kill(self, node: str) -> None:
        """SIGKILL the node's processes, as a crash would, and wait until they are gone."""
        self.stack.kill(node)

    def restart(self, node: str) -> None:
        """Start a killed node again and wait until it answers."""
        self.stack.start_node(node)

    def heal(self) -> None:
        """Bring back every node a test left down, so the next test finds a whole cluster."""
        self.stack.up()


CLUSTER_KAFKA_NODES = 3
CLUSTER_ES_NODES = 3


@pytest.fixture(scope="session")
def cluster_session() -> Iterator[Cluster]:
    count = max(CLUSTER_KAFKA_NODES, CLUSTER_ES_NODES)
    kafka, controller, es, transport = free_port_bases(4, count, PORT_STRIDE)
    settings = DevStackSettings(
        kafka_nodes=CLUSTER_KAFKA_NODES,
        es_nodes=CLUSTER_ES_NODES,
        kafka_port=kafka,
        kafka_controller_port=controller,
        es_port=es,
        es_transport_port=transport,
        # Six JVMs on a shared machine: the smallest heaps that run the tests.
        kafka_heap="256m",
        es_heap="512m",
    )
    stack = DevStack(settings, name=f"pytest-cluster-{os.getpid()}")
    try:
        info = stack.up()
        yield Cluster(stack, info.kafka_bootstrap_servers, info.elasticsearch_url.split(","))
    finally:
        stack.down(remove_data=True)


@pytest.fixture
def cluster(cluster_session: Cluster, request: pytest.FixtureRequest) -> Iterator[Cluster]:
    """The session's cluster, whole again after each test; only for tests marked `cluster`."""
    if request.node.get_closest_marker("cluster") is None:
        raise pytest.UsageError(f"{request.node.nodeid} uses `cluster` without the mark")
    yield cluster_session
    cluster_session.heal()


@dataclass
class SecureStack:
    """A secured stack (TLS, one credential per principal, ACLs) and each principal's settings."""

    stack: DevStack
    kafka_bootstrap_servers: str
    elasticsearch_url: str
    _es_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    _granted: set[str] = field(default_factory=set)

    def env(self, principal: str) -> dict[str, str]:
        """`principal`'s environment for the stack's own topics and indices (`dev env --as`)."""
        info = self.stack.recorded()
        assert info is not None
        return info.env(principal)

    def grant(self, prefix: str) -> None:
        """Every principal's ACLs for the topics under `prefix`."""
        if prefix not in self._granted:
            self.stack.grant_acls(prefix)
            self._granted.add(prefix)

    def es_api_key(self, principal: str, index_prefix: str) -> str:
        """`principal`'s API key for the indices under `index_prefix` (made once)."""
        if (principal, index_prefix) not in self._es_keys:
            self._es_keys[principal, index_prefix] = self.stack.es_api_key(principal, index_prefix)
        return self._es_keys[principal, index_prefix]

    def prefixed_env(self, principal: str, topic_prefix: str, index_prefix: str) -> dict[str, str]:
        """`principal`'s environment for a test's own topics and indices."""
        self.grant(topic_prefix)
        env = {
            **self.env(principal),
            "NEWSROOM_KAFKA_TOPIC_PREFIX": topic_prefix,
            "NEWSROOM_ES_INDEX_PREFIX": index_prefix,
        }
        env.pop("NEWSROOM_ES_API_KEY", None)
        if principal in ELASTICSEARCH_PRINCIPALS:
            env["NEWSROOM_ES_API_KEY"] = self.es_api_key(principal, index_prefix)
        return env

    def kafka_settings(self, principal: str, prefix: str) -> KafkaSettings:
        """`principal`'s connection, for topics under `prefix` (granted to every principal)."""
        env = self.env(principal)
        self.grant(prefix)
        return KafkaSettings(
            bootstrap_servers=env["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"],
            topic_prefix=prefix,
            security_protocol="SASL_SSL",
            sasl_mechanism="SCRAM-SHA-512",
            sasl_username=env["NEWSROOM_KAFKA_SASL_USERNAME"],
            sasl_password=env["NEWSROOM_KAFKA_SASL_PASSWORD"],
            ssl_cafile=env["NEWSROOM_KAFKA_SSL_CAFILE"],
        )

    def es_settings(self, principal: str, index_prefix: str) -> ElasticsearchSettings:
        """`principal`'s Elasticsearch connection, for the indices under `index_prefix`."""
        return ElasticsearchSettings(
            url=self.elasticsearch_url,
            api_key=self.es_api_key(principal, index_prefix),
            ca_certs=self.env(principal)["NEWSROOM_ES_CA_CERTS"],
            index_prefix=index_prefix,
        )

    def secrets(self) -> list[str]:
        """Every password and key of the stack and of the tests' keys: none may ever be
        printed or logged."""
        info = self.stack.recorded()
        assert info is not None
        found: list[str] = list(self._es_keys.values())
        stack = json.loads(Path(info.credentials_file).read_text())
        for group in ("kafka", "elasticsearch", "elasticsearch_api_keys"):
            found += list(stack.get(group, {}).values())
        for encoded in list(found):
            # An encoded API key is base64 of "id:secret"; the id is no secret (Elasticsearch
            # names it in its refusals), the secret is.
            with contextlib.suppress(ValueError):
                decoded = base64.b64decode(encoded, validate=True).decode()
                if ":" in decoded:
                    found.append(decoded.split(":", 1)[1])
        return [s for s in found if len(s) >= 16]


@pytest.fixture(scope="session")
def secure_stack() -> Iterator[SecureStack]:
    """Started once per session, only when a test asks for it (tests marked `secure`)."""
    kafka, controller, internal, es, transport = free_port_bases(5, 1, PORT_STRIDE)
    settings = DevStackSettings(
        secure=True,
        kafka_port=kafka,
        kafka_controller_port=controller,
        kafka_internal_port=internal,
        es_port=es,
        es_transport_port=transport,
        kafka_heap="256m",
        es_heap="512m",
    )
    stack = DevStack(settings, name=f"pytest-secure-{os.getpid()}")
    try:
        info = stack.up()
        yield SecureStack(stack, info.kafka_bootstrap_servers, info.elasticsearch_url)
    finally:
        stack.down(remove_data=True)


def unique_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def kafka_settings(servers: Servers) -> KafkaSettings:
    return KafkaSettings(
        bootstrap_servers=servers.kafka_bootstrap_servers, topic_prefix=f"{unique_prefix()}."
    )


@pytest.fixture
async def topics(kafka_settings: KafkaSettings) -> AsyncIterator[KafkaSettings]:
    """Kafka settings whose prefixed topics exist (all of them, as `topics apply` makes them)."""
    await apply_topics(kafka_settings)
    yield kafka_settings
    await _delete_topics(kafka_settings)


async def _delete_topics(settings: KafkaSettings) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(settings.topic_prefix)]
        if names:
            await admin.delete_topics(names)
    finally:
        await admin.close()


@pytest.fixture
def es_settings(servers: Servers) -> Iterator[ElasticsearchSettings]:
    settings = ElasticsearchSettings(url=servers.elasticsearch_url, index_prefix=unique_prefix())
    yield settings
    _delete_indices(settings)


def _delete_indices(settings: ElasticsearchSettings) -> None:
    from elasticsearch import Elasticsearch

    with Elasticsearch(**settings.client_options()) as es:  # type: ignore[arg-type]
        es.options(ignore_status=404).indices.delete(index=f"{settings.index_prefix}*")
        templates = es.options(ignore_status=404).indices.get_index_template(
            name=f"{settings.index_prefix}*"
        )
        for template in templates.get("index_templates", []):
            es.indices.delete_index_template(name=template["name"])
        # After the index templates: component templates still in use cannot be deleted.
        es.options(ignore_status=404).cluster.delete_component_template(
            name=f"{settings.index_prefix}*"
        )
