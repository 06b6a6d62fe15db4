"""Settings of the local development stack (env vars NEWSROOM_DEV_<FIELD>)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared.versions import MAVEN_CENTRAL_URL


def _default_home() -> Path:
    # Elasticsearch refuses to run as root, so as root it runs as an unprivileged user, which
    # must be able to reach its directories: /root is not reachable by others, /var/lib is.
    if os.geteuid() == 0:
        return Path("/var/lib/newsroom-dev")
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "newsroom-dev"


def _default_cache() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsroom"


class DevStackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSROOM_DEV_", extra="ignore")

    home: Path = Field(
        default_factory=_default_home,
        description="Where the stack keeps data and logs (/var/lib/newsroom-dev as root, "
        "else $XDG_STATE_HOME/newsroom-dev).",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache, description="Downloads, kept between runs."
    )
    name: str = Field(
        default="default",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="Which stack under the home the commands address (several can coexist).",
    )
    secure: bool = Field(
        default=False,
        description="TLS, SCRAM users and ACLs on Kafka; TLS and security on Elasticsearch, "
        "with one credential per service (docs/security.md).",
    )
    kafka_nodes: int = Field(
        default=1, ge=1, le=9, description="Kafka nodes (broker and controller each)."
    )
    es_nodes: int = Field(
        default=1, ge=1, le=9, description="Elasticsearch nodes (all master-eligible)."
    )
    kafka_port: int = Field(
        default=9092, description="Kafka broker port on 127.0.0.1 (node n: + 100·(n-1))."
    )
    kafka_controller_port: int = Field(
        default=9093, description="KRaft controller port (node n: + 100·(n-1))."
    )
    kafka_internal_port: int = Field(
        default=9094, description="Secured stacks: the nodes' own listener (node n: + 100·(n-1))."
    )
    kafka_heap: str = "512m"
    es_port: int = Field(
        default=9200, description="Elasticsearch HTTP port on 127.0.0.1 (node n: + 100·(n-1))."
    )
    es_transport_port: int = 9300
    es_heap: str = "1g"
    es_user: str = Field(
        default="newsroom-es", description="Unprivileged user Elasticsearch runs as under root."
    )
    java_home: Path | None = Field(
        default=None, description="JDK to use; else JAVA_HOME, `java` on PATH, /usr/lib/jvm."
    )
    maven_repo_url: str = Field(
        default=MAVEN_CENTRAL_URL, description="Maven Central or a mirror of it."
    )
    startup_timeout: float = Field(default=180.0, description="Seconds to wait for readiness.")
