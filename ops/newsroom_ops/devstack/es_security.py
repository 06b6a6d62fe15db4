"""Elasticsearch on the secured stack: TLS, a file-realm admin, and one API key per principal.

The `integ-test-zip` distribution ships x-pack security, but not the `analysis-common` module,
and the `.security` index (which holds API keys and native users and roles) is created with an
analyzer made of `pattern_capture`, `uax_url_email` and `unique` from that module. Without them
every API key call fails with "Unknown filter type [pattern_capture]". So the secured stack
builds a small stable analysis plugin that provides those three from the Lucene classes the
distribution already has (sources in `es_plugin/`), with the JDK's javac against the
distribution's own jars, once (cached by the digest of its sources), and runs Elasticsearch
from a copy of the distribution (hard links, and the plugin) that has it. The plain stack keeps
running the distribution as shipped.

Still missing in this distribution, and so on the dev stack only: the `reindex` module, whose
`_delete_by_query` the security index's housekeeping uses. Expired and invalidated API keys stop
authenticating at once, but are never purged from `.security` (Elasticsearch logs an ERROR
from `InactiveApiKeysRemover` about once a day after a key expired or was invalidated).
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.java import JavaRuntime
from newsroom_shared.versions import ELASTICSEARCH_VERSION

PLUGIN_NAME = "newsroom-security-analysis"
PLUGIN_SOURCES = Path(__file__).parent / "es_plugin"
# The plugin API jars it compiles against, from the distribution's lib/.
_CLASSPATH_JARS = (
    "elasticsearch-plugin-api-*.jar",
    "elasticsearch-plugin-analysis-api-*.jar",
    "lucene-core-*.jar",
    "lucene-analysis-common-*.jar",
)
# The oldest Java Elasticsearch 9 runs on: the plugin's bytecode targets it.
_PLUGIN_JAVA_RELEASE = "21"
# PBKDF2 with HMAC-SHA512 as Elasticsearch's file realm reads it ({PBKDF2}<cost>$salt$key).
_PBKDF2_COST = 10000


@dataclass(frozen=True)
class ElasticsearchSecurity:
    """A secured node: TLS on HTTP and transport, the stack's admin in the file realm."""

    key: Path  # the node's private key, PEM (PKCS#8)
    cert: Path  # the node's certificate, then the CA's
    ca: Path  # the stack's CA
    admin: tuple[str, str]  # the stack's super user (name, password); no service uses it

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))


def sources_digest() -> str:
    """What the plugin is built from: its sources and the distribution's version."""
    digest = hashlib.sha256(ELASTICSEARCH_VERSION.encode())
    for path in sorted(p for p in PLUGIN_SOURCES.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(PLUGIN_SOURCES)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """One process at a time builds (several test sessions may start stacks at once)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_plugin(java: JavaRuntime, dist: Path, cache_dir: Path) -> Path:
    """The plugin's directory (jar and descriptors), built once per digest of its sources."""
    target = cache_dir / f"es-plugin-{PLUGIN_NAME}-{sources_digest()}"
    if (target / f"{PLUGIN_NAME}.jar").exists():
        return target
    javac = java.home / "bin" / "javac"
    if not javac.exists():
        raise DevStackError(
            f"the secured stack builds a small Elasticsearch plugin and needs javac, which "
            f"{java.home} lacks: install a JDK {_PLUGIN_JAVA_RELEASE}+ (e.g. `apt-get install "
            f"openjdk-{_PLUGIN_JAVA_RELEASE}-jdk-headless`) or point NEWSROOM_DEV_JAVA_HOME at one"
        )
    classpath = []
    for pattern in _CLASSPATH_JARS:
        found = sorted((dist / "lib").glob(pattern))
        if not found:
            raise DevStackError(f"{dist / 'lib'} has no {pattern}: reinstall the distribution")
        classpath.append(str(found[0]))
    with _locked(cache_dir / f".es-plugin-{PLUGIN_NAME}.lock"):
        if (target / f"{PLUGIN_NAME}.jar").exists():
            return target
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".es-plugin-") as work:
            classes = Path(work) / "classes"
            staging = Path(work) / "plugin"
            staging.mkdir()
            sources = sorted(str(p) for p in (PLUGIN_SOURCES / "src").rglob("*.java"))
            built = subprocess.run(
                [
                    str(javac),
                    "-J-XX:TieredStopAtLevel=1",
                    "--release",
                    _PLUGIN_JAVA_RELEASE,
                    "-nowarn",
                    "-cp",
                    os.pathsep.join(classpath),
                    "-d",
                    str(classes),
                    *sources,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if built.returncode != 0:
                raise DevStackError(
                    "building the Elasticsearch security analysis plugin failed:\n"
                    + (built.stdout + built.stderr)[-2000:]
                )
            # A jar is a zip; the plugin needs no manifest.
            with zipfile.ZipFile(staging / f"{PLUGIN_NAME}.jar", "w") as jar:
                for path in sorted(classes.rglob("*.class")):
                    jar.write(path, path.relative_to(classes).as_posix())
            shutil.copy2(PLUGIN_SOURCES / "named_components.json", staging)
            (staging / "stable-plugin-descriptor.properties").write_text(
                "\n".join(
                    [
                        "description=pattern_capture, uax_url_email and unique for the .security "
                        "index (the analysis-common module is not in this distribution)",
                        "version=1.0.0",
                        f"name={PLUGIN_NAME}",
                        f"java.version={_PLUGIN_JAVA_RELEASE}",
                        f"elasticsearch.version={ELASTICSEARCH_VERSION}",
                        "",
                    ]
                )
            )
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
    return target


def secured_distribution(java: JavaRuntime, dist: Path, cache_dir: Path) -> Path:
    """The distribution with the plugin: a copy of `dist` made of hard links (no extra disk but
    the plugin), next to it, made once per plugin build."""
    plugin = build_plugin(java, dist, cache_dir)
    target = dist.with_name(f"{dist.name}-secure")
    marker = target / "plugins" / PLUGIN_NAME / ".built-from"
    wanted = plugin.name
    if marker.exists() and marker.read_text() == wanted:
        return target
    with _locked(dist.parent / f".{target.name}.lock"):
        if marker.exists() and marker.read_text() == wanted:
            return target
        staging = target.with_name(target.name + ".making")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            shutil.copytree(dist, staging, symlinks=True, copy_function=os.link)
        except OSError:  # another file system: a plain copy
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(dist, staging, symlinks=True)
        installed = staging / "plugins" / PLUGIN_NAME
        shutil.copytree(plugin, installed)
        for path in [installed, *installed.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (installed / ".built-from").write_text(wanted)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


def file_realm_hash(password: str) -> str:
    """A password hash the file realm reads: PBKDF2-HMAC-SHA512, 10000 rounds, 32-byte salt."""
    salt = os.urandom(32)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, _PBKDF2_COST, 32)
    b64 = base64.b64encode
    return f"{{PBKDF2}}{_PBKDF2_COST}${b64(salt).decode()}${b64(key).decode()}"


def write_file_realm(config: Path, admin: tuple[str, str]) -> None:
    """The stack's admin as a file-realm super user (users, users_roles), readable by the node
    only; no roles.yml: every service's rights travel in its API key."""
    name, password = admin
    users = config / "users"
    users.touch(mode=0o600)
    users.write_text(f"{name}:{file_realm_hash(password)}\n")
    roles = config / "users_roles"
    roles.touch(mode=0o600)
    roles.write_text(f"superuser:{name}\n")


def elasticsearch_yml_lines() -> list[str]:
    """TLS on HTTP and transport with the node's certificate (paths under the config folder,
    where Elasticsearch 9 may read them), security on; the file and native realms and API keys
    are Elasticsearch's defaults."""
    lines = ["xpack.security.enabled: true"]
    for layer in ("http", "transport"):
        lines += [
            f"xpack.security.{layer}.ssl.enabled: true",
            f"xpack.security.{layer}.ssl.key: certs/node.key",
            f"xpack.security.{layer}.ssl.certificate: certs/node.crt",
            f"xpack.security.{layer}.ssl.certificate_authorities: [certs/ca.crt]",
        ]
    # Nodes check each other's certificate and host name (the SAN holds 127.0.0.1).
    lines.append("xpack.security.transport.ssl.verification_mode: full")
    return lines


def install_certificates(config: Path, security: ElasticsearchSecurity) -> None:
    certs = config / "certs"
    certs.mkdir(parents=True, exist_ok=True)
    certs.chmod(0o700)
    key = certs / "node.key"
    key.touch(mode=0o600)
    key.write_bytes(security.key.read_bytes())
    (certs / "node.crt").write_bytes(security.cert.read_bytes())
    (certs / "ca.crt").write_bytes(security.ca.read_bytes())


# -- principals ------------------------------------------------------------------------------


def role_descriptors(principal: str, prefix: str) -> dict[str, Any] | None:
    """The Elasticsearch rights of a principal over the indices under `prefix`
    (NEWSROOM_ES_INDEX_PREFIX), or None when it has none (docs/security.md has the same table).

    Index and component templates are cluster-wide in Elasticsearch: `manage_index_templates`
    cannot be limited to the prefix's templates.
    """
    indices = [f"{prefix}-*"]
    # Which text analysis the cluster offers is asked with an analyze request on no index, a
    # cluster action: granted alone, not with all of the `manage` cluster privilege.
    analyze = "cluster:admin/analyze"
    roles: dict[str, dict[str, Any]] = {
        # Writes articles and quotes; on start applies the index design (templates, first
        # indices with their aliases, mappings) and, without ILM, rolls the write index over.
        # Not `manage`: that would also let it delete indices and change their settings.
        "indexer": {
            "cluster": ["monitor", "manage_index_templates", "manage_ilm", analyze],
            "indices": [
                {
                    "names": indices,
                    "privileges": [
                        "create_index",
                        "write",
                        # Finds the quotes an article no longer has, to delete them.
                        "read",
                        "auto_configure",
                        "view_index_metadata",
                        "indices:admin/aliases",
                        "indices:admin/mapping/put",
                        "indices:admin/rollover",
                        # Before that search: quotes just written become visible.
                        "indices:admin/refresh*",
                    ],
                }
            ],
        },
        # es apply, es rollover, reindex (new indices, copy, alias swap, delete the old), and
        # what monitor and search may do.
        "ops": {
            "cluster": ["monitor", "manage_index_templates", "manage_ilm", analyze],
            "indices": [{"names": indices, "privileges": ["all"]}],
        },
        # Reads articles and quotes: `newsroom search`, a search front end, Kibana's viewers.
        "search": {
            "cluster": [],
            "indices": [{"names": indices, "privileges": ["read", "view_index_metadata"]}],
        },
        # `newsroom status`, es status: cluster health, index stats and aliases, no documents.
        "monitor": {
            "cluster": ["monitor", analyze],
            "indices": [{"names": indices, "privileges": ["monitor", "view_index_metadata"]}],
        },
    }
    role = roles.get(principal)
    return None if role is None else {f"newsroom_{principal}": role}


class ElasticsearchAdmin:
    """The stack's admin connection (basic auth of the file-realm super user, over TLS)."""

    def __init__(self, url: str, security: ElasticsearchSecurity) -> None:
        self.client = httpx.Client(
            base_url=url,
            auth=security.admin,
            verify=security.ssl_context(),
            timeout=httpx.Timeout(60.0, connect=10.0),
        )

    def __enter__(self) -> ElasticsearchAdmin:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """The request, again while the security index is still being allocated (503)."""
        deadline = time.monotonic() + 60
        while True:
            response = self.client.request(method, path, **kwargs)
            if response.status_code != 503 or time.monotonic() > deadline:
                return response
            time.sleep(0.5)

    def create_api_key(self, name: str, roles: dict[str, Any], metadata: dict[str, str]) -> str:
        """A new API key (never expiring: the dev stack's are remade with it); its encoded form,
        the value of NEWSROOM_ES_API_KEY."""
        response = self._send(
            "POST",
            "/_security/api_key",
            json={"name": name, "role_descriptors": roles, "metadata": metadata},
        )
        if response.status_code != 200:
            raise DevStackError(
                f"Elasticsearch refused to create the API key {name!r}: HTTP "
                f"{response.status_code} {_reason(response)}"
            )
        return str(response.json()["encoded"])

    def invalidate_api_keys(self, name: str) -> None:
        response = self._send("DELETE", "/_security/api_key", json={"name": name})
        if response.status_code not in (200, 404):
            raise DevStackError(
                f"Elasticsearch refused to invalidate the API keys {name!r}: HTTP "
                f"{response.status_code} {_reason(response)}"
            )

    def key_works(self, encoded: str) -> bool:
        response = self._send(
            "GET",
            "/_security/_authenticate",
            headers={"Authorization": f"ApiKey {encoded}"},
            auth=None,
        )
        return response.status_code == 200


def _reason(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return str(error.get("reason") or error)[:300]
    except ValueError:
        return response.text[:300]


def api_key_request(principal: str, prefix: str) -> str:
    """The body of `POST /_security/api_key` that makes `principal`'s key in production, on one
    line (docs/security.md lists them for the default prefix)."""
    import json

    roles = role_descriptors(principal, prefix)
    if roles is None:
        raise ValueError(f"{principal} has no Elasticsearch rights")
    body = {"name": f"{prefix}-{principal}", "role_descriptors": roles}
    return json.dumps(body, separators=(",", ":"))
