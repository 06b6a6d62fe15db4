"""Elasticsearch from the official `integ-test-zip` distribution on Maven Central: one node, or
a cluster of master-eligible nodes on loopback sharing one unpacked distribution.

That distribution has no bundled JDK, no `rest-root` module (so `GET /` fails; readiness uses
`_cluster/health`) and no `analysis-common` module (no `english` analyzer, stemmers or
`asciifolding`). It runs on loopback, as an unprivileged user when started by root, because
Elasticsearch refuses to run as root; with security off, or on the secured stack with TLS and
API keys (es_security.py).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from newsroom_ops.devstack import es_security, process
from newsroom_ops.devstack.downloads import download
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.java import JavaRuntime, find_java
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_shared.versions import (
    ELASTICSEARCH_MIN_JAVA,
    ELASTICSEARCH_VERSION,
    ELASTICSEARCH_ZIP_SHA256,
)


@dataclass(frozen=True)
class ElasticsearchInstance:
    directory: Path
    port: int
    transport_port: int
    node_name: str = "newsroom-dev"
    # (node name, transport port) of every node of the cluster; empty for a node on its own.
    peers: tuple[tuple[str, int], ...] = ()
    tls: bool = False  # HTTPS (a secured stack's node, before or after `security` is set)
    security: es_security.ElasticsearchSecurity | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls or self.security else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.directory / "logs" / "console.log"


def _zip_url(repo_url: str) -> str:
    v = ELASTICSEARCH_VERSION
    return (
        f"{repo_url}/org/elasticsearch/distribution/integ-test-zip/elasticsearch/{v}/"
        f"elasticsearch-{v}.zip"
    )


def install(settings: DevStackSettings) -> tuple[JavaRuntime, Path]:
    java = find_java(
        ELASTICSEARCH_MIN_JAVA, f"Elasticsearch {ELASTICSEARCH_VERSION}", settings.java_home
    )
    dist = settings.home / "dist" / f"elasticsearch-{ELASTICSEARCH_VERSION}"
    if (dist / "bin" / "elasticsearch").exists():
        return java, dist
    archive = download(
        _zip_url(settings.maven_repo_url),
        settings.cache_dir / f"elasticsearch-{ELASTICSEARCH_VERSION}.zip",
        sha256=ELASTICSEARCH_ZIP_SHA256,
        what=f"Elasticsearch {ELASTICSEARCH_VERSION}",
    )
    staging = dist.with_name(dist.name + ".unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    _unzip_with_modes(archive, staging)
    top = staging / f"elasticsearch-{ELASTICSEARCH_VERSION}"
    shutil.rmtree(dist, ignore_errors=True)
    top.rename(dist)
    shutil.rmtree(staging, ignore_errors=True)
    return java, dist


def _unzip_with_modes(archive: Path, target: Path) -> None:
    # zipfile drops Unix permissions; restore them so bin/ scripts stay executable.
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)
            elif path.is_dir():
                path.chmod(0o755)


def _run_as_user(settings: DevStackSettings) -> str | None:
    """Under root, the unprivileged user to run as (created when missing)."""
    if os.geteuid() != 0:
        return None
    user = settings.es_user
    try:
        pwd.getpwnam(user)
    except KeyError:
        created = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
            capture_output=True,
            text=True,
            check=False,
        )
        if created.returncode != 0:
            raise DevStackError(
                f"Elasticsearch refuses to run as root and creating the user {user!r} failed: "
                f"{created.stderr.strip()}. Create an unprivileged user and set "
                "NEWSROOM_DEV_ES_USER to it."
            ) from None
    return user


def _discovery(instance: ElasticsearchInstance) -> list[str]:
    if not instance.peers:
        return ["discovery.type: single-node"]
    seeds = ", ".join(f'"127.0.0.1:{port}"' for _, port in instance.peers)
    lines = [f"discovery.seed_hosts: [{seeds}]"]
    if not _has_cluster_state(instance):
        # Only to form the cluster the first time: a node that already belongs to one must not
        # be told to bootstrap another (Elasticsearch warns of data loss then).
        names = ", ".join(f'"{name}"' for name, _ in instance.peers)
        lines.append(f"cluster.initial_master_nodes: [{names}]")
    return lines


def _has_cluster_state(instance: ElasticsearchInstance) -> bool:
    state = instance.directory / "data" / "_state"
    return state.is_dir() and any(state.iterdir())


def _security_lines(instance: ElasticsearchInstance) -> list[str]:
    if instance.security:
        return es_security.elasticsearch_yml_lines()
    # Explicit, or the first start runs security auto-configuration, which this distribution
    # cannot finish (the node dies at boot on an unknown secure setting).
    return ["xpack.security.enabled: false"]


def _elasticsearch_yml(instance: ElasticsearchInstance) -> str:
    return "\n".join(
        [
            "cluster.name: newsroom-dev",
            f"node.name: {instance.node_name}",
            f"path.data: {instance.directory / 'data'}",
            f"path.logs: {instance.directory / 'logs'}",
            "network.host: 127.0.0.1",
            f"http.port: {instance.port}",
            f"transport.port: {instance.transport_port}",
            *_discovery(instance),
            *_security_lines(instance),
            # A nearly full developer disk must not turn indices read-only mid-test.
            "cluster.routing.allocation.disk.threshold_enabled: false",
            # Tests delete their indices with wildcards.
            "action.destructive_requires_name: false",
            "",
        ]
    )


def check_ports(instance: ElasticsearchInstance) -> None:
    process.require_free(instance.port, "Elasticsearch", "NEWSROOM_DEV_ES_PORT")
    process.require_free(
        instance.transport_port, "Elasticsearch transport", "NEWSROOM_DEV_ES_TRANSPORT_PORT"
    )


def start(settings: DevStackSettings, instance: ElasticsearchInstance) -> int:
    java, dist = install(settings)
    if instance.security:
        dist = es_security.secured_distribution(java, dist, settings.cache_dir)
    check_ports(instance)
    user = _run_as_user(settings)
    config = instance.directory / "config"
    for sub in ("config", "data", "logs", "tmp"):
        (instance.directory / sub).mkdir(parents=True, exist_ok=True)
    for name in ("jvm.options", "log4j2.properties"):
        shutil.copy2(dist / "config" / name, config / name)
    (config / "jvm.options.d").mkdir(exist_ok=True)
    (config / "elasticsearch.yml").write_text(_elasticsearch_yml(instance))
    if instance.security:
        es_security.install_certificates(config, instance.security)
        es_security.write_file_realm(config, instance.security.admin)
    if user:
        _chown_tree(instance.directory, user)
        _check_reachable_by(user, [dist / "bin" / "elasticsearch", java.java, instance.directory])
    env = {
        **os.environ,
        "ES_JAVA_HOME": str(java.home),
        "ES_PATH_CONF": str(config),
        "ES_TMPDIR": str(instance.directory / "tmp"),
        "ES_JAVA_OPTS": f"-Xms{settings.es_heap} -Xmx{settings.es_heap}",
    }
    env.pop("JAVA_HOME", None)
    if user:
        env["HOME"] = str(instance.directory)
    return process.spawn(
        [str(dist / "bin" / "elasticsearch")],
        instance.log_file,
        env=env,
        cwd=instance.directory,
        user=user,
    )


def _chown_tree(root: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for path in [root, *root.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _check_reachable_by(user: str, paths: list[Path]) -> None:
    for path in paths:
        ok = subprocess.run(["test", "-r", str(path)], user=user, check=False).returncode == 0
        if not ok:
            raise DevStackError(
                f"Elasticsearch runs as {user!r}, who cannot read {path}: put the stack home "
                "(NEWSROOM_DEV_HOME) somewhere every user can reach, e.g. /var/lib/newsroom-dev."
            )


def _client_options(instance: ElasticsearchInstance) -> dict[str, object]:
    """How the stack itself connects: as its admin, checking the node's certificate."""
    if instance.security is None:
        return {}
    return {"verify": instance.security.ssl_context(), "auth": instance.security.admin}


def wait_ready(instance: ElasticsearchInstance, pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not process.is_alive(pid):
            raise DevStackError(
                f"Elasticsearch exited during start-up; see {instance.log_file}:\n"
                f"{process.log_tail(instance.log_file)}"
            )
        try:
            response = httpx.get(
                f"{instance.url}/_cluster/health",
                params={"wait_for_status": "yellow", "timeout": "2s"},
                timeout=5.0,
                **_client_options(instance),
            )
            if response.status_code == 200:
                return
            last_error = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            last_error = repr(exc)
        time.sleep(0.5)
    raise DevStackError(
        f"Elasticsearch did not become ready within {timeout:.0f}s ({last_error}); "
        f"see {instance.log_file}"
    )
