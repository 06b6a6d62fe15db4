"""The local stack: Kafka and Elasticsearch nodes, started, checked and stopped per node.

`up` is idempotent node by node: it starts the nodes that are down, keeps those that run, and
the state file (`stack.json`) always lists the nodes that run, so `status` and `down` stay true
after any node died or any `up` failed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shlex
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from newsroom_ops.devstack import (
    acls,
    elasticsearch_server,
    es_security,
    kafka_server,
    process,
    tls,
)
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.settings import DevStackSettings

# Node n of a kind listens on the configured port + PORT_STRIDE·(n-1).
PORT_STRIDE = 100
KAFKA, ELASTICSEARCH = "kafka", "elasticsearch"
DEAD_LETTER_KEY_FILE = "dead-letter.key"
# The super user a secured stack administers Kafka as (ACLs, SCRAM users) and Elasticsearch as
# (API keys); no service uses it.
KAFKA_ADMIN = "newsroom-admin"
ES_ADMIN = "newsroom-admin"


@dataclass(frozen=True)
class NodeInfo:
    name: str  # kafka-1, elasticsearch-2, ...
    kind: str  # KAFKA or ELASTICSEARCH
    pid: int
    address: str  # host:port for Kafka, URL for Elasticsearch
    log: str
    directory: str


@dataclass(frozen=True)
class StackInfo:
    kafka_bootstrap_servers: str
    elasticsearch_url: str  # comma-separated, one URL per node
    directory: str
    kafka_log: str  # the first node's (every node's is in `nodes`)
    elasticsearch_log: str
    kafka_pid: int = 0  # the first node's
    elasticsearch_pid: int = 0
    nodes: tuple[NodeInfo, ...] = ()
    dead_letter_key_file: str = ""
    secure: bool = False
    credentials_file: str = ""  # secured stacks: every principal's password (mode 0600)
    ca_file: str = ""  # secured stacks: the CA that signed the servers' certificates

    def env(self, principal: str = "ops") -> dict[str, str]:
        """Environment that points a service or the tools (`principal`: one of
        acls.PRINCIPALS) at this stack, with that principal's own credentials on a secured
        stack: its Kafka user and its Elasticsearch API key, where it has them."""
        env = {
            "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap_servers,
            "NEWSROOM_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
            "NEWSROOM_ES_URL": self.elasticsearch_url,
        }
        if self.secure:
            if principal not in acls.PRINCIPALS:
                raise DevStackError(
                    f"no principal {principal!r}: choose one of {', '.join(acls.PRINCIPALS)}"
                )
            credentials = json.loads(Path(self.credentials_file).read_text())
            if principal in acls.KAFKA_PRINCIPALS:
                user = acls.kafka_user(principal)
                env |= {
                    "NEWSROOM_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                    "NEWSROOM_KAFKA_SASL_MECHANISM": kafka_server.SCRAM,
                    "NEWSROOM_KAFKA_SASL_USERNAME": user,
                    "NEWSROOM_KAFKA_SASL_PASSWORD": credentials["kafka"][user],
                    "NEWSROOM_KAFKA_SSL_CAFILE": self.ca_file,
                }
            else:
                # No Kafka rights: no Kafka settings, so nothing connects by mistake.
                del env["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"]
                del env["NEWSROOM_KAFKA_SECURITY_PROTOCOL"]
            env["NEWSROOM_ES_CA_CERTS"] = self.ca_file
            key = credentials.get("elasticsearch_api_keys", {}).get(principal)
            if key:
                env["NEWSROOM_ES_API_KEY"] = key
        if self.dead_letter_key_file:
            env["NEWSROOM_DEAD_LETTER_KEY_FILE"] = self.dead_letter_key_file
        return env

    def unset(self) -> list[str]:
        """Variables that must not be set for this stack: left over from another one, they would
        point the services elsewhere or at credentials this stack does not have."""
        return [
            "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS",
            "NEWSROOM_KAFKA_SECURITY_PROTOCOL",
            "NEWSROOM_KAFKA_SASL_MECHANISM",
            "NEWSROOM_KAFKA_SASL_USERNAME",
            "NEWSROOM_KAFKA_SASL_PASSWORD",
            "NEWSROOM_KAFKA_SSL_CAFILE",
            "NEWSROOM_KAFKA_SSL_CERTFILE",
            "NEWSROOM_KAFKA_SSL_KEYFILE",
            "NEWSROOM_ES_API_KEY",
            "NEWSROOM_ES_USERNAME",
            "NEWSROOM_ES_PASSWORD",
            "NEWSROOM_ES_CA_CERTS",
            "NEWSROOM_DEAD_LETTER_KEY",
        ]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> StackInfo:
        data = json.loads(text)
        if "nodes" not in data:
            data["nodes"] = _nodes_of_a_single_node_state(data)
        data["nodes"] = tuple(NodeInfo(**node) for node in data["nodes"])
        return cls(**data)


def _nodes_of_a_single_node_state(data: dict) -> list[dict]:
    # stack.json as written before stacks had several nodes: one of each kind.
    return [
        {
            "name": "kafka-1",
            "kind": KAFKA,
            "pid": data["kafka_pid"],
            "address": data["kafka_bootstrap_servers"],
            "log": data["kafka_log"],
            "directory": str(Path(data["kafka_log"]).parent.parent),
        },
        {
            "name": "elasticsearch-1",
            "kind": ELASTICSEARCH,
            "pid": data["elasticsearch_pid"],
            "address": data["elasticsearch_url"],
            "log": data["elasticsearch_log"],
            "directory": str(Path(data["elasticsearch_log"]).parent.parent),
        },
    ]


@dataclass(frozen=True)
class Node:
    """One server process of the stack and how to start it and to know it is ready."""

    name: str
    kind: str
    instance: kafka_server.KafkaInstance | elasticsearch_server.ElasticsearchInstance
    address: str
    start: Callable[[], int] = field(compare=False)
    wait_ready: Callable[[int, float], None] = field(compare=False)
    check_ports: Callable[[], None] = field(compare=False)

    @property
    def directory(self) -> Path:
        return self.instance.directory

    @property
    def log_file(self) -> Path:
        return self.instance.log_file

    def info(self, pid: int) -> NodeInfo:
        return NodeInfo(
            self.name, self.kind, pid, self.address, str(self.log_file), str(self.directory)
        )


class DevStack:
    """A named stack under the dev home. Several can run side by side on different ports."""

    def __init__(self, settings: DevStackSettings | None = None, name: str | None = None) -> None:
        self.settings = settings or DevStackSettings()
        self.name = name or self.settings.name
        self.directory = self.settings.home / self.name
        self._state_file = self.directory / "stack.json"
        self._shape_file = self.directory / "cluster.json"
        self.nodes = self._kafka_nodes() + self._elasticsearch_nodes()

    # -- the nodes -------------------------------------------------------------------------

    def _kafka_nodes(self) -> list[Node]:
        s = self.settings
        count = s.kafka_nodes
        voters = tuple(
            (n, s.kafka_controller_port + PORT_STRIDE * (n - 1)) for n in range(1, 1 + count)
        )
        nodes = []
        for n in range(1, count + 1):
            instance = kafka_server.KafkaInstance(
                self.directory / f"kafka-{n}",
                s.kafka_port + PORT_STRIDE * (n - 1),
                s.kafka_controller_port + PORT_STRIDE * (n - 1),
                node_id=n,
                voters=voters if count > 1 else (),
                internal_port=s.kafka_internal_port + PORT_STRIDE * (n - 1) if s.secure else 0,
            )
            nodes.append(
                Node(
                    name=f"kafka-{n}",
                    kind=KAFKA,
                    instance=instance,
                    address=instance.bootstrap_servers,
                    start=lambda i=instance: kafka_server.start(
                        self.settings, self._secured(i), self._cluster_id()
                    ),
                    wait_ready=lambda pid, timeout, i=instance: kafka_server.wait_ready(
                        self._secured(i), pid, timeout
                    ),
                    check_ports=lambda i=instance: kafka_server.check_ports(self._secured(i)),
                )
            )
        return nodes

    def _elasticsearch_nodes(self) -> list[Node]:
        s = self.settings
        count = s.es_nodes
        names = [f"elasticsearch-{n}" for n in range(1, count + 1)]
        peers = tuple(
            (names[n - 1], s.es_transport_port + PORT_STRIDE * (n - 1)) for n in range(1, count + 1)
        )
        nodes = []
        for n, name in enumerate(names, start=1):
            instance = elasticsearch_server.ElasticsearchInstance(
                self.directory / name,
                s.es_port + PORT_STRIDE * (n - 1),
                s.es_transport_port + PORT_STRIDE * (n - 1),
                node_name=name,
                peers=peers if count > 1 else (),
                tls=s.secure,
            )
            nodes.append(
                Node(
                    name=name,
                    kind=ELASTICSEARCH,
                    instance=instance,
                    address=instance.url,
                    start=lambda i=instance: elasticsearch_server.start(
                        self.settings, self._secured_es(i)
                    ),
                    wait_ready=lambda pid, timeout, i=instance: elasticsearch_server.wait_ready(
                        self._secured_es(i), pid, timeout
                    ),
                    check_ports=lambda i=instance: elasticsearch_server.check_ports(i),
                )
            )
        return nodes

    def node(self, name: str) -> Node:
        for node in self.nodes:
            if node.name == name:
                return node
        known = ", ".join(n.name for n in self.nodes)
        raise DevStackError(f"this stack has no node {name!r} (it has {known})")

    # -- what the stack was made as --------------------------------------------------------

    def _shape(self) -> dict[str, object]:
        return {
            "kafka_nodes": self.settings.kafka_nodes,
            "es_nodes": self.settings.es_nodes,
            "secure": self.settings.secure,
        }

    def _check_shape(self) -> None:
        """The data on disk was made for one shape of cluster; another would not start on it."""
        try:
            recorded = json.loads(self._shape_file.read_text())
        except (OSError, ValueError):
            recorded = None
        wanted = self._shape()
        if recorded is None:
            self._shape_file.write_text(
                json.dumps({**wanted, "kafka_cluster_id": kafka_server.new_cluster_id()})
            )
            return
        # Stacks made before `secure` existed were not secured.
        recorded.setdefault("secure", False)
        differs = {k: (recorded.get(k), v) for k, v in wanted.items() if recorded.get(k) != v}
        if differs:
            what = ", ".join(f"{k} {was} (asked for {now})" for k, (was, now) in differs.items())
            raise DevStackError(
                f"the stack {self.name!r} in {self.directory} was made with {what}: run "
                "`newsroom dev down --purge` to start over, or use another NEWSROOM_DEV_NAME."
            )

    def _cluster_id(self) -> str:
        return str(json.loads(self._shape_file.read_text())["kafka_cluster_id"])

    # -- secrets of a secured stack ----------------------------------------------------------

    @property
    def secrets_dir(self) -> Path:
        return self.directory / "secrets"

    @property
    def credentials_file(self) -> Path:
        return self.secrets_dir / "credentials.json"

    @property
    def ca_file(self) -> Path:
        return self.secrets_dir / "tls" / "ca.crt"

    def credentials(self) -> dict[str, dict[str, str]]:
        """Every password of the stack, made on first use and kept (mode 0600)."""
        try:
            return json.loads(self.credentials_file.read_text())  # type: ignore[no-any-return]
        except FileNotFoundError:
            pass
        self.secrets_dir.mkdir(parents=True, exist_ok=True)
        self.secrets_dir.chmod(0o700)
        users = [KAFKA_ADMIN, *(acls.kafka_user(p) for p in acls.KAFKA_PRINCIPALS)]
        made = {
            "kafka": {user: secrets.token_urlsafe(24) for user in users},
            "elasticsearch": {ES_ADMIN: secrets.token_urlsafe(24)},
        }
        self._write_credentials(made)
        return made

    def _write_credentials(self, credentials: dict[str, dict[str, str]]) -> None:
        # Created 0600 before any secret is written, replaced whole.
        tmp = self.credentials_file.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        tmp.touch(mode=0o600)
        tmp.write_text(json.dumps(credentials, indent=2))
        tmp.replace(self.credentials_file)

    def _ca(self) -> tls.CertificateAuthority:
        return tls.CertificateAuthority(self.ca_file.parent)

    def _secured(self, instance: kafka_server.KafkaInstance) -> kafka_server.KafkaInstance:
        """The node as it runs: with TLS, users and ACLs on a secured stack."""
        if not self.settings.secure:
            return instance
        kafka = self.credentials()["kafka"]
        issued = self._ca().issue("kafka-node", kafka_server.NODE_COMMON_NAME, self.ca_file.parent)
        security = kafka_server.KafkaSecurity(
            keystore=issued.keystore,
            truststore=self.ca_file,
            admin=(KAFKA_ADMIN, kafka[KAFKA_ADMIN]),
            users=tuple((u, pw) for u, pw in kafka.items() if u != KAFKA_ADMIN),
        )
        return replace(instance, security=security)

    def _es_security(self) -> es_security.ElasticsearchSecurity:
        issued = self._ca().issue(
            "elasticsearch-node", "newsroom-elasticsearch-node", self.ca_file.parent
        )
        return es_security.ElasticsearchSecurity(
            key=issued.key,
            cert=issued.cert,
            ca=self.ca_file,
            admin=(ES_ADMIN, self.credentials()["elasticsearch"][ES_ADMIN]),
        )

    def _secured_es(
        self, instance: elasticsearch_server.ElasticsearchInstance
    ) -> elasticsearch_server.ElasticsearchInstance:
        """The node as it runs: with TLS and its admin on a secured stack."""
        if not self.settings.secure:
            return instance
        return replace(instance, security=self._es_security())

    def es_api_key(self, principal: str, prefix: str) -> str:
        """A new API key for `principal` over the indices under `prefix` (tests use their own
        prefix; the stack's own keys are made by `up`)."""
        roles = es_security.role_descriptors(principal, prefix)
        if roles is None:
            raise DevStackError(f"{principal} has no Elasticsearch rights")
        url = next(n.address for n in self.nodes if n.kind == ELASTICSEARCH)
        with es_security.ElasticsearchAdmin(url, self._es_security()) as admin:
            return admin.create_api_key(
                f"{prefix}-{principal}", roles, {"principal": principal, "prefix": prefix}
            )

    def _ensure_api_keys(self) -> None:
        """One API key per principal with Elasticsearch rights, for the default index prefix;
        made once and kept in the credentials file, made again when it stopped working or
        its rights changed (the old one is invalidated)."""
        from newsroom_shared.settings import ElasticsearchSettings

        prefix = ElasticsearchSettings.model_fields["index_prefix"].default
        credentials = self.credentials()
        keys = dict(credentials.get("elasticsearch_api_keys", {}))
        rights = dict(credentials.get("elasticsearch_api_key_rights", {}))
        url = next(n.address for n in self.nodes if n.kind == ELASTICSEARCH)
        with es_security.ElasticsearchAdmin(url, self._es_security()) as admin:
            for principal in acls.ELASTICSEARCH_PRINCIPALS:
                roles = es_security.role_descriptors(principal, prefix)
                assert roles is not None
                digest = hashlib.sha256(json.dumps(roles, sort_keys=True).encode()).hexdigest()
                key = keys.get(principal)
                if key and rights.get(principal) == digest and admin.key_works(key):
                    continue
                name = f"{prefix}-{principal}"
                if key:  # retire whatever is left of the old one
                    admin.invalidate_api_keys(name)
                keys[principal] = admin.create_api_key(name, roles, {"principal": principal})
                rights[principal] = digest
        if keys != credentials.get("elasticsearch_api_keys"):
            self._write_credentials(
                {
                    **credentials,
                    "elasticsearch_api_keys": keys,
                    "elasticsearch_api_key_rights": rights,
                }
            )

    def _grant_acls(self) -> None:
        """Every principal's ACLs for the stack's own (unprefixed) topics."""
        first = self._secured(self.nodes[0].instance)  # type: ignore[arg-type]
        self.grant_acls("", first)

    def grant_acls(self, prefix: str, via: kafka_server.KafkaInstance | None = None) -> None:
        """The ACLs of docs/security.md for topics under `prefix` (tests use their own)."""
        from aiokafka.admin import AIOKafkaAdminClient

        instance = via or self._secured(self.nodes[0].instance)  # type: ignore[arg-type]
        bootstrap = ",".join(n.address for n in self.nodes if n.kind == KAFKA)

        async def grant() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **instance.client_options())
            await admin.start()
            try:
                await acls.apply_grants(admin, acls.grants(prefix))
            finally:
                await admin.close()

        kafka_server.run_apart(grant())

    # -- state -----------------------------------------------------------------------------

    def recorded(self) -> StackInfo | None:
        try:
            return StackInfo.from_json(self._state_file.read_text())
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def _recorded_pids(self) -> dict[str, int]:
        info = self.recorded()
        return {node.name: node.pid for node in info.nodes} if info else {}

    def _live(self) -> dict[str, int]:
        """The recorded nodes that still run: node name -> pid."""
        info = self.recorded()
        if info is None:
            return {}
        return {
            node.name: node.pid
            for node in info.nodes
            if process.runs_in(node.pid, Path(node.directory))
        }

    def _record(self, pids: dict[str, int]) -> StackInfo | None:
        """Write the state file for the nodes in `pids`, dead or alive (remove it when there are
        none): a node recorded but not running shows as stopped."""
        if not pids:
            self._state_file.unlink(missing_ok=True)
            return None
        nodes = tuple(node.info(pids[node.name]) for node in self.nodes if node.name in pids)
        kafka = [n for n in self.nodes if n.kind == KAFKA]
        elastic = [n for n in self.nodes if n.kind == ELASTICSEARCH]
        info = StackInfo(
            kafka_bootstrap_servers=",".join(n.address for n in kafka),
            elasticsearch_url=",".join(n.address for n in elastic),
            directory=str(self.directory),
            kafka_log=str(kafka[0].log_file),
            elasticsearch_log=str(elastic[0].log_file),
            kafka_pid=pids.get(kafka[0].name, 0),
            elasticsearch_pid=pids.get(elastic[0].name, 0),
            nodes=nodes,
            dead_letter_key_file=str(self.dead_letter_key_file),
            secure=self.settings.secure,
            credentials_file=str(self.credentials_file) if self.settings.secure else "",
            ca_file=str(self.ca_file) if self.settings.secure else "",
        )
        tmp = self._state_file.with_suffix(".tmp")
        tmp.write_text(info.to_json())
        tmp.replace(self._state_file)
        return info

    @property
    def dead_letter_key_file(self) -> Path:
        return self.directory / DEAD_LETTER_KEY_FILE

    def _ensure_dead_letter_key(self) -> None:
        """The key the services of this stack sign dead letters with, made once."""
        path = self.dead_letter_key_file
        if path.exists():
            return
        # Created empty with mode 0600 first, so the key is never readable by others.
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32) + "\n")

    # -- commands --------------------------------------------------------------------------

    def install(self) -> None:
        """Download and unpack both servers (cached): the only step that needs the network."""
        self.settings.home.mkdir(parents=True, exist_ok=True)
        self.settings.home.chmod(0o755)
        with ThreadPoolExecutor(2) as pool:
            kafka = pool.submit(kafka_server.install, self.settings)
            es = pool.submit(elasticsearch_server.install, self.settings)
            kafka.result()
            es.result()

    def up(self) -> StackInfo:
        """Start the nodes that are down, keep those that run, wait until all answer.

        Safe to repeat. When it fails, the nodes it started are stopped again and the state
        lists exactly the nodes still running; nodes that ran before are never touched.
        """
        began = time.monotonic()
        self.install()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        self._check_shape()
        self._ensure_dead_letter_key()
        recorded = self._recorded_pids()
        running = self._live()
        to_start = [node for node in self.nodes if node.name not in running]
        started: dict[str, int] = {}
        try:
            # Every port first: a taken one fails the command before anything starts.
            for node in to_start:
                node.check_ports()
            self._format_kafka([n for n in to_start if n.kind == KAFKA])
            for node in to_start:
                started[node.name] = node.start()
                self._record({**recorded, **running, **started})
            pids = {**running, **started}
            timeout = self.settings.startup_timeout
            with ThreadPoolExecutor(len(self.nodes)) as pool:
                waits = [pool.submit(n.wait_ready, pids[n.name], timeout) for n in self.nodes]
                for wait in waits:
                    wait.result()
        except BaseException:
            self._stop_all(list(started.values()))
            # Every node as it now is: those that ran still run, the others show as stopped.
            self._record({**recorded, **running, **started})
            raise
        if self.settings.secure:
            self._grant_acls()
            self._ensure_api_keys()
        info = self._record(pids)
        assert info is not None
        if started:
            print(
                f"started {', '.join(started)}"
                + (f" (kept {', '.join(running)})" if running else "")
                + f"; ready in {time.monotonic() - began:.1f}s",
                flush=True,
            )
        return info

    def _format_kafka(self, nodes: list[Node]) -> None:
        """Format the storage of new Kafka nodes, in parallel (each is a JVM of its own)."""
        new = [n for n in nodes if not n.instance.formatted]  # type: ignore[union-attr]
        if not new:
            return
        cluster_id = self._cluster_id()
        with ThreadPoolExecutor(len(new)) as pool:
            jobs = [
                pool.submit(
                    kafka_server.format_storage,
                    self.settings,
                    self._secured(n.instance),  # type: ignore[arg-type]
                    cluster_id,
                )
                for n in new
            ]
            for job in jobs:
                job.result()

    def running(self) -> StackInfo | None:
        """The recorded stack if every one of its nodes is alive."""
        info = self.recorded()
        if info is None:
            return None
        live = self._live()
        if all(node.name in live for node in self.nodes):
            return info
        return None

    def status(self) -> dict[str, str]:
        """One line per node: running, stopped (died since it was started) or not started."""
        info = self.recorded()
        recorded = {node.name: node for node in info.nodes} if info else {}
        live = self._live()
        states = {}
        for node in self.nodes:
            was = recorded.get(node.name)
            if was is None:
                states[node.name] = f"not started ({node.address})"
            elif node.name in live:
                states[node.name] = f"running at {node.address} (pid {was.pid}, log {was.log})"
            else:
                states[node.name] = f"stopped at {node.address} (was pid {was.pid}, log {was.log})"
        return states

    def down(self, remove_data: bool = False) -> list[str]:
        """Stop every node (data kept unless `remove_data`). Returns the nodes stopped."""
        live = self._live()
        self._stop_all(list(live.values()))
        self._state_file.unlink(missing_ok=True)
        if remove_data and self.directory.exists():
            if not self.directory.is_relative_to(self.settings.home):
                raise DevStackError(f"refusing to delete {self.directory}")
            shutil.rmtree(self.directory)
        return list(live)

    @staticmethod
    def _stop_all(pids: list[int]) -> None:
        # In parallel: a Kafka node of a cluster takes seconds to hand over its partitions.
        if pids:
            with ThreadPoolExecutor(len(pids)) as pool:
                list(pool.map(process.stop, pids))

    # -- single nodes (tests of failures) ----------------------------------------------------

    def pid(self, name: str) -> int | None:
        return self._live().get(self.node(name).name)

    def kill(self, name: str) -> None:
        """kill -9 one node, as a crash would end it. The state keeps it, as `stopped`."""
        pid = self.pid(name)
        if pid is None:
            raise DevStackError(f"{name} is not running")
        process.kill(pid)
        deadline = time.monotonic() + 30
        while process.is_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop_node(self, name: str) -> None:
        """Stop one node cleanly (SIGTERM); `up` or `start_node` brings it back."""
        process.stop(self.pid(name))

    def start_node(self, name: str) -> int:
        """Start one node that is down and wait until it answers; its pid."""
        node = self.node(name)
        live = self._live()
        if name in live:
            return live[name]
        node.check_ports()
        pid = node.start()
        self._record({**self._recorded_pids(), name: pid})
        try:
            node.wait_ready(pid, self.settings.startup_timeout)
        except BaseException:
            process.stop(pid)  # recorded, so it shows as stopped
            raise
        return pid

    def stop_elasticsearch(self) -> None:
        """Stop every Elasticsearch node (outage tests); `start_elasticsearch` restarts them."""
        self._stop_all(
            [pid for name, pid in self._live().items() if name.startswith(ELASTICSEARCH)]
        )

    def start_elasticsearch(self) -> None:
        if self.recorded() is None:
            raise DevStackError("the stack is not up")
        for node in self.nodes:
            if node.kind == ELASTICSEARCH:
                self.start_node(node.name)


def env_lines(info: StackInfo, principal: str = "ops") -> list[str]:
    """`newsroom dev env` output: export what the stack needs, unset what it must not see."""
    env = info.env(principal)
    lines = [f"unset {name}" for name in info.unset() if name not in env]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in env.items()]
    return lines
