"""Kafka in KRaft mode from Maven Central jars: one node, or a cluster of combined nodes.

Every node is broker and controller at once (`process.roles=broker,controller`), and the
controllers form a static quorum (`controller.quorum.voters`): with three nodes that is a real
Raft quorum that survives losing one of them, at half the processes of separate controllers.
"""

from __future__ import annotations

import asyncio
import base64
import os
import ssl
import subprocess
import time
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsroom_ops.devstack import process
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.java import JavaRuntime, find_java
from newsroom_ops.devstack.maven import resolve_classpath
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_shared.versions import (
    KAFKA_LOG4J2_VERSION,
    KAFKA_MIN_JAVA,
    KAFKA_SCALA_VERSION,
    KAFKA_VERSION,
)

COORDINATES = [
    f"org.apache.kafka:kafka_{KAFKA_SCALA_VERSION}:{KAFKA_VERSION}",
    # Kafka's Maven artifacts log through slf4j 1.x; the release tarball adds this binding and
    # log4j2 itself, so do we.
    f"org.apache.logging.log4j:log4j-core:{KAFKA_LOG4J2_VERSION}",
    f"org.apache.logging.log4j:log4j-slf4j-impl:{KAFKA_LOG4J2_VERSION}",
]

_LOG4J2 = """\
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
"""


# The certificate subject every node presents to the others: the one principal, besides the
# admin user, that is a super user.
NODE_PRINCIPAL = "User:CN=newsroom-kafka-node"
NODE_COMMON_NAME = "newsroom-kafka-node"
SCRAM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaSecurity:
    """A secured node: clients on SASL_SSL with SCRAM, nodes among themselves on mutual TLS."""

    keystore: Path  # the node's key and certificate chain, PEM
    truststore: Path  # the stack's CA, PEM
    admin: tuple[str, str]  # the super user the stack administers ACLs as (name, password)
    users: tuple[tuple[str, str], ...]  # SCRAM users made at format time (name, password)


@dataclass(frozen=True)
class KafkaInstance:
    directory: Path
    port: int
    controller_port: int
    node_id: int = 1
    # (node id, controller port) of every node of the cluster; empty for a node on its own.
    voters: tuple[tuple[int, int], ...] = ()
    internal_port: int = 0  # the nodes' own listener; secured stacks only
    security: KafkaSecurity | None = None

    def client_options(self) -> dict[str, object]:
        """How the stack itself connects (as the admin user on a secured node)."""
        if self.security is None:
            return {}
        user, password = self.security.admin
        return {
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": SCRAM,
            "sasl_plain_username": user,
            "sasl_plain_password": password,
            "ssl_context": ssl.create_default_context(cafile=str(self.security.truststore)),
        }

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def cluster_size(self) -> int:
        return max(1, len(self.voters))

    @property
    def formatted(self) -> bool:
        return (self.directory / "data" / "meta.properties").exists()

    @property
    def properties_file(self) -> Path:
        return self.directory / "config" / "server.properties"

    @property
    def log_file(self) -> Path:
        return self.directory / "logs" / "kafka.log"


def install(settings: DevStackSettings) -> tuple[JavaRuntime, list[Path]]:
    java = find_java(KAFKA_MIN_JAVA, f"Kafka {KAFKA_VERSION}", settings.java_home)
    libs = settings.cache_dir / f"kafka-{KAFKA_SCALA_VERSION}-{KAFKA_VERSION}" / "libs"
    jars = resolve_classpath(COORDINATES, libs, settings.cache_dir, settings.maven_repo_url, java)
    return java, jars


def server_properties(instance: KafkaInstance) -> str:
    voters = instance.voters or ((instance.node_id, instance.controller_port),)
    size = instance.cluster_size
    # Internal topics get as many replicas as there are nodes (at most 3), and survive the loss
    # of one node as soon as there are three.
    replicas, min_isr = min(size, 3), 2 if size >= 3 else 1
    lines = [
        "process.roles=broker,controller",
        f"node.id={instance.node_id}",
        "controller.quorum.voters=" + ",".join(f"{n}@127.0.0.1:{p}" for n, p in voters),
        *(_secured_listeners(instance) if instance.security else _plaintext_listeners(instance)),
        f"log.dirs={instance.directory / 'data'}",
        f"offsets.topic.replication.factor={replicas}",
        f"transaction.state.log.replication.factor={replicas}",
        f"transaction.state.log.min.isr={min_isr}",
        f"share.coordinator.state.topic.replication.factor={replicas}",
        f"share.coordinator.state.topic.min.isr={min_isr}",
    ]
    if size > 1:
        # A killed node is fenced after 3 s instead of 9 s, so its partitions move to the others
        # quickly: the dev cluster exists to try such failures.
        lines += ["broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500"]
    return "\n".join(
        [
            *lines,
            # Tests create many short-lived groups: no point waiting for more members.
            "group.initial.rebalance.delay.ms=0",
            "num.partitions=1",
            # Topics are created by `newsroom topics apply`; a typo must not create one.
            "auto.create.topics.enable=false",
            "message.max.bytes=10485760",
            "",
        ]
    )


def _plaintext_listeners(instance: KafkaInstance) -> list[str]:
    return [
        f"listeners=PLAINTEXT://127.0.0.1:{instance.port},"
        f"CONTROLLER://127.0.0.1:{instance.controller_port}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{instance.port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    ]


def _secured_listeners(instance: KafkaInstance) -> list[str]:
    security = instance.security
    assert security is not None
    admin, _ = security.admin
    return [
        f"listeners=CLIENT://127.0.0.1:{instance.port},"
        f"INTERNAL://127.0.0.1:{instance.internal_port},"
        f"CONTROLLER://127.0.0.1:{instance.controller_port}",
        f"advertised.listeners=CLIENT://127.0.0.1:{instance.port},"
        f"INTERNAL://127.0.0.1:{instance.internal_port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=INTERNAL",
        # Clients: SCRAM over TLS. Nodes among themselves: mutual TLS, so the controller and
        # internal ports answer only holders of a node certificate, never an anonymous local
        # process (a PLAINTEXT controller listener would need User:ANONYMOUS as super user, and
        # anyone on the machine could then change the ACLs). SCRAM cannot serve the controller
        # listener: its credentials live in the metadata log that the quorum has yet to read.
        "listener.security.protocol.map=CONTROLLER:SSL,INTERNAL:SSL,CLIENT:SASL_SSL",
        "listener.name.controller.ssl.client.auth=required",
        "listener.name.internal.ssl.client.auth=required",
        "ssl.keystore.type=PEM",
        f"ssl.keystore.location={security.keystore}",
        "ssl.truststore.type=PEM",
        f"ssl.truststore.location={security.truststore}",
        f"sasl.enabled.mechanisms={SCRAM}",
        "listener.name.client.scram-sha-512.sasl.jaas.config="
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        # Deny what no ACL allows: least privilege per principal (see docs/security.md).
        "allow.everyone.if.no.acl.found=false",
        f"super.users={NODE_PRINCIPAL};User:{admin}",
    ]


def check_ports(instance: KafkaInstance) -> None:
    process.require_free(instance.port, "Kafka", "NEWSROOM_DEV_KAFKA_PORT")
    process.require_free(
        instance.controller_port, "the Kafka controller", "NEWSROOM_DEV_KAFKA_CONTROLLER_PORT"
    )
    if instance.security:
        process.require_free(
            instance.internal_port, "Kafka's internal listener", "NEWSROOM_DEV_KAFKA_INTERNAL_PORT"
        )


def _write_config(instance: KafkaInstance) -> None:
    config_dir = instance.directory / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    (instance.directory / "logs").mkdir(exist_ok=True)
    instance.properties_file.write_text(server_properties(instance))
    (config_dir / "log4j2.properties").write_text(_LOG4J2)


def _jvm(settings: DevStackSettings, instance: KafkaInstance, heap: str) -> list[str]:
    java, jars = install(settings)
    config_dir = instance.directory / "config"
    classpath = os.pathsep.join(str(j) for j in jars)
    return [
        str(java.java),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={config_dir / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={instance.directory / 'logs'}",
        "-cp",
        classpath,
    ]


def format_storage(settings: DevStackSettings, instance: KafkaInstance, cluster_id: str) -> None:
    """Format the node's storage for `cluster_id` (every node of a cluster gets the same id)."""
    _write_config(instance)
    # A short-lived tool: a small heap and no optimising compiler start it faster.
    jvm = _jvm(settings, instance, "128m")
    formatted = subprocess.run(
        [
            *jvm[:1],
            "-XX:TieredStopAtLevel=1",
            *jvm[1:],
            "kafka.tools.StorageTool",
            "format",
            # One argument, `--cluster-id=<id>`: an id starting with '-' would otherwise be
            # read as an option and the format would fail.
            f"--cluster-id={cluster_id}",
            "--config",
            str(instance.properties_file),
            *_scram_users(instance),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if formatted.returncode != 0:
        raise DevStackError(
            "Kafka storage format failed:\n" + (formatted.stdout + formatted.stderr)[-2000:]
        )


def _scram_users(instance: KafkaInstance) -> list[str]:
    """Every client user, created with the storage: there is no unsecured moment to add them."""
    if instance.security is None:
        return []
    users = [instance.security.admin, *instance.security.users]
    return [
        arg
        for name, password in users
        for arg in ("--add-scram", f"{SCRAM}=[name={name},password={password}]")
    ]


def start(settings: DevStackSettings, instance: KafkaInstance, cluster_id: str = "") -> int:
    """Launch the node, formatting its storage on first start; return its pid (not yet ready)."""
    check_ports(instance)
    if not instance.formatted:
        format_storage(settings, instance, cluster_id or new_cluster_id())
    _write_config(instance)
    return process.spawn(
        [
            *_jvm(settings, instance, settings.kafka_heap),
            "kafka.Kafka",
            str(instance.properties_file),
        ],
        instance.log_file,
        env=os.environ,
        cwd=instance.directory,
    )


def new_cluster_id() -> str:
    """A KRaft cluster id: a base64url-encoded UUID without padding, as `random-uuid` prints.

    Like Kafka's own Uuid.randomUuid(), never one starting with '-' (about 1 in 64 would), which
    command lines read as an option.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def wait_ready(instance: KafkaInstance, pid: int, timeout: float) -> None:
    """Ready means a client completes a metadata round trip, not just that the port is open."""
    from aiokafka.admin import AIOKafkaAdminClient

    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not process.is_alive(pid):
            tail = process.log_tail(instance.log_file)
            raise DevStackError(f"Kafka exited during start-up; see {instance.log_file}:\n{tail}")
        if process.port_in_use(instance.port):
            try:
                run_apart(
                    _metadata_round_trip(
                        AIOKafkaAdminClient, instance.bootstrap_servers, instance.client_options()
                    )
                )
                return
            except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
                last_error = repr(exc)
        time.sleep(0.5)
    raise DevStackError(
        f"Kafka did not become ready within {timeout:.0f}s ({last_error}); see {instance.log_file}"
    )


def run_apart(coroutine: Coroutine[object, object, None]) -> None:
    """Run `coroutine` to the end in an event loop of its own, also when called from async code
    (a test restarting a node), in a thread of its own."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


async def _metadata_round_trip(
    admin_class: type, bootstrap: str, options: dict[str, object]
) -> None:
    admin = admin_class(bootstrap_servers=bootstrap, request_timeout_ms=5000, **options)
    await asyncio.wait_for(admin.start(), 10)
    try:
        await asyncio.wait_for(admin.describe_cluster(), 10)
    finally:
        await admin.close()
