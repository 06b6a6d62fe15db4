"""A single-node Kafka (KRaft: broker and controller in one process) from Maven Central jars."""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import time
import uuid
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


@dataclass(frozen=True)
class KafkaInstance:
    directory: Path
    port: int
    controller_port: int

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.directory / "logs" / "kafka.log"


def install(settings: DevStackSettings) -> tuple[JavaRuntime, list[Path]]:
    java = find_java(KAFKA_MIN_JAVA, f"Kafka {KAFKA_VERSION}", settings.java_home)
    libs = settings.cache_dir / f"kafka-{KAFKA_SCALA_VERSION}-{KAFKA_VERSION}" / "libs"
    jars = resolve_classpath(COORDINATES, libs, settings.cache_dir, settings.maven_repo_url, java)
    return java, jars


def _server_properties(instance: KafkaInstance) -> str:
    return "\n".join(
        [
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@127.0.0.1:{instance.controller_port}",
            f"listeners=PLAINTEXT://127.0.0.1:{instance.port},"
            f"CONTROLLER://127.0.0.1:{instance.controller_port}",
            f"advertised.listeners=PLAINTEXT://127.0.0.1:{instance.port}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            f"log.dirs={instance.directory / 'data'}",
            # One node: internal topics cannot have more than one replica.
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            # Tests create many short-lived groups: no point waiting for more members.
            "group.initial.rebalance.delay.ms=0",
            "num.partitions=1",
            # Topics are created by `newsroom topics apply`; a typo must not create one.
            "auto.create.topics.enable=false",
            "message.max.bytes=10485760",
            "",
        ]
    )


def start(settings: DevStackSettings, instance: KafkaInstance) -> int:
    """Format storage on first start, launch the broker, return its pid (not yet ready)."""
    java, jars = install(settings)
    process.require_free(instance.port, "Kafka", "NEWSROOM_DEV_KAFKA_PORT")
    process.require_free(
        instance.controller_port, "the Kafka controller", "NEWSROOM_DEV_KAFKA_CONTROLLER_PORT"
    )
    config_dir = instance.directory / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    (instance.directory / "logs").mkdir(exist_ok=True)
    properties = config_dir / "server.properties"
    properties.write_text(_server_properties(instance))
    (config_dir / "log4j2.properties").write_text(_LOG4J2)
    classpath = os.pathsep.join(str(j) for j in jars)
    jvm = [
        str(java.java),
        f"-Xms{settings.kafka_heap}",
        f"-Xmx{settings.kafka_heap}",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={config_dir / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={instance.directory / 'logs'}",
        "-cp",
        classpath,
    ]
    if not (instance.directory / "data" / "meta.properties").exists():
        cluster_id = _cluster_id()
        formatted = subprocess.run(
            [*jvm, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(properties)],
            capture_output=True,
            text=True,
            check=False,
        )
        if formatted.returncode != 0:
            raise DevStackError(
                "Kafka storage format failed:\n" + (formatted.stdout + formatted.stderr)[-2000:]
            )
    return process.spawn(
        [*jvm, "kafka.Kafka", str(properties)],
        instance.log_file,
        env=os.environ,
        cwd=instance.directory,
    )


def _cluster_id() -> str:
    # A KRaft cluster id is a base64url-encoded UUID without padding (what `random-uuid` prints).
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


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
                asyncio.run(_metadata_round_trip(AIOKafkaAdminClient, instance.bootstrap_servers))
                return
            except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
                last_error = repr(exc)
        time.sleep(0.5)
    raise DevStackError(
        f"Kafka did not become ready within {timeout:.0f}s ({last_error}); see {instance.log_file}"
    )


async def _metadata_round_trip(admin_class: type, bootstrap: str) -> None:
    admin = admin_class(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    await asyncio.wait_for(admin.start(), 10)
    try:
        await asyncio.wait_for(admin.describe_cluster(), 10)
    finally:
        await admin.close()
