"""Connection settings every service shares, read from environment variables.

Each service has its own settings class (in its package) that embeds these. Both classes check
themselves when made, before any connection: a setting that cannot work (SASL without a
mechanism or credentials, a TLS file that is not there, credentials that would be ignored or
sent in clear) is an error naming the variable, never a silent fallback.
"""

from __future__ import annotations

import contextlib
import os
import ssl
import sys
from collections.abc import Iterator
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_KAFKA = "NEWSROOM_KAFKA_"
_ES = "NEWSROOM_ES_"


def _readable_file(variable: str, path: str | None) -> None:
    if path is not None and not os.path.isfile(path):
        raise ValueError(f"{variable}={path}: no such file; point it at the PEM file")
    if path is not None and not os.access(path, os.R_OK):
        raise ValueError(f"{variable}={path}: not readable by this user")


def one_line(error: ValidationError) -> str:
    """A settings error as one line: each problem's message, without pydantic's decoration."""
    parts = []
    for problem in error.errors(include_url=False, include_input=False):
        message = str(problem.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(p) for p in problem.get("loc", ()))
        parts.append(message if not where else f"{where}: {message}")
    return "; ".join(parts)


@contextlib.contextmanager
def settings_errors_exit() -> Iterator[None]:
    """Around a command's entry point: invalid settings (a ValidationError of a `...Settings`
    class) end it with one line on stderr and exit 2, before any connection was made."""
    try:
        yield
    except ValidationError as exc:
        if not exc.title.endswith("Settings"):
            raise
        print(f"error: invalid settings: {one_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None


class KafkaSettings(BaseSettings):
    """Kafka connection. Env vars: NEWSROOM_KAFKA_<FIELD>, e.g. NEWSROOM_KAFKA_BOOTSTRAP_SERVERS."""

    # Errors never echo the input: it holds the password.
    model_config = SettingsConfigDict(
        env_prefix="NEWSROOM_KAFKA_", extra="ignore", hide_input_in_errors=True
    )

    bootstrap_servers: str = Field(
        default="localhost:9092", description="Comma-separated host:port list."
    )
    topic_prefix: str = Field(
        default="", description="Prepended to every topic name (isolates stacks and tests)."
    )
    client_id: str = "newsroom"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = Field(default=None, description="CA bundle for TLS to the brokers.")
    ssl_certfile: str | None = Field(default=None, description="Client certificate (mutual TLS).")
    ssl_keyfile: str | None = None

    @model_validator(mode="after")
    def _check(self) -> KafkaSettings:
        protocol = self.security_protocol
        sasl = protocol.startswith("SASL_")
        given = f"{_KAFKA}SECURITY_PROTOCOL={protocol}"
        if sasl:
            if self.sasl_mechanism is None:
                raise ValueError(
                    f"{given} needs {_KAFKA}SASL_MECHANISM (SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN)"
                )
            if not self.sasl_username:
                raise ValueError(f"{given} needs {_KAFKA}SASL_USERNAME")
            if self.sasl_password is None or not self.sasl_password.get_secret_value():
                raise ValueError(f"{given} needs {_KAFKA}SASL_PASSWORD")
            if self.sasl_mechanism == "PLAIN" and protocol == "SASL_PLAINTEXT":
                raise ValueError(
                    f"{_KAFKA}SASL_MECHANISM=PLAIN over {given} would send the password in "
                    "clear: use SASL_SSL, or a SCRAM mechanism"
                )
        else:
            for name in ("sasl_mechanism", "sasl_username", "sasl_password"):
                if getattr(self, name):
                    raise ValueError(
                        f"{_KAFKA}{name.upper()} is set but {given} does not use it: set "
                        f"{_KAFKA}SECURITY_PROTOCOL=SASL_SSL, or unset it"
                    )
        tls = protocol in ("SSL", "SASL_SSL")
        for name in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
            path = getattr(self, name)
            if path and not tls:
                raise ValueError(
                    f"{_KAFKA}{name.upper()} is set but {given} does not use TLS: set "
                    f"{_KAFKA}SECURITY_PROTOCOL=SSL or SASL_SSL, or unset it"
                )
            _readable_file(f"{_KAFKA}{name.upper()}", path)
        if self.ssl_keyfile and not self.ssl_certfile:
            raise ValueError(f"{_KAFKA}SSL_KEYFILE needs {_KAFKA}SSL_CERTFILE beside it")
        return self

    def topic(self, name: str) -> str:
        """The full name of a topic whose base name is `name`."""
        return f"{self.topic_prefix}{name}"

    def client_options(self) -> dict[str, object]:
        """Connection keyword arguments common to aiokafka producers, consumers and admins."""
        options: dict[str, object] = {
            "bootstrap_servers": self.bootstrap_servers,
            "client_id": self.client_id,
            "security_protocol": self.security_protocol,
        }
        if self.security_protocol in ("SSL", "SASL_SSL"):
            context = ssl.create_default_context(cafile=self.ssl_cafile)
            if self.ssl_certfile:
                context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
            options["ssl_context"] = context
        if self.sasl_mechanism:
            options["sasl_mechanism"] = self.sasl_mechanism
            options["sasl_plain_username"] = self.sasl_username
            options["sasl_plain_password"] = (
                self.sasl_password.get_secret_value() if self.sasl_password else None
            )
        return options


class ElasticsearchSettings(BaseSettings):
    """Elasticsearch connection. Env vars: NEWSROOM_ES_<FIELD>, e.g. NEWSROOM_ES_URL."""

    # Errors never echo the input: it holds the API key or password.
    model_config = SettingsConfigDict(
        env_prefix="NEWSROOM_ES_", extra="ignore", hide_input_in_errors=True
    )

    url: str = Field(default="http://localhost:9200", description="Comma-separated node URLs.")
    api_key: SecretStr | None = Field(default=None, description="Encoded API key (preferred).")
    username: str | None = None
    password: SecretStr | None = None
    ca_certs: str | None = Field(default=None, description="CA bundle for HTTPS.")
    verify_certs: bool = True
    request_timeout: float = Field(default=30.0, description="Seconds per request.")
    index_prefix: str = Field(
        default="newsroom", description="Prefix of every index, alias and template name."
    )

    @model_validator(mode="after")
    def _check(self) -> ElasticsearchSettings:
        has_key = self.api_key is not None and bool(self.api_key.get_secret_value())
        credentials = has_key or bool(self.username)
        if has_key and self.username:
            raise ValueError(f"set {_ES}API_KEY or {_ES}USERNAME, not both")
        if self.password is not None and not self.username:
            raise ValueError(f"{_ES}PASSWORD is set without {_ES}USERNAME")
        if self.username and (self.password is None or not self.password.get_secret_value()):
            raise ValueError(f"{_ES}USERNAME={self.username} needs {_ES}PASSWORD")
        if credentials and "url" not in self.model_fields_set:
            what = f"{_ES}API_KEY" if has_key else f"{_ES}USERNAME"
            raise ValueError(
                f"{what} is set but {_ES}URL is not: set the URL of the cluster it belongs to"
            )
        urls = [u.strip() for u in self.url.split(",") if u.strip()]
        if not urls:
            raise ValueError(f"{_ES}URL is empty")
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{_ES}URL: {url!r} is not an http(s)://host:port URL")
            if credentials and parts.scheme == "http":
                raise ValueError(
                    f"{_ES}URL={url} is plain http: the credentials would travel in clear; "
                    "use https://"
                )
        _readable_file(f"{_ES}CA_CERTS", self.ca_certs)
        return self

    def client_options(self) -> dict[str, object]:
        """Keyword arguments for elasticsearch.Elasticsearch / AsyncElasticsearch."""
        options: dict[str, object] = {
            "hosts": [u.strip() for u in self.url.split(",") if u.strip()],
            "request_timeout": self.request_timeout,
        }
        if self.api_key:
            options["api_key"] = self.api_key.get_secret_value()
        elif self.username:
            password = self.password.get_secret_value() if self.password else ""
            options["basic_auth"] = (self.username, password)
        if self.ca_certs:
            options["ca_certs"] = self.ca_certs
        if not self.verify_certs:
            options["verify_certs"] = False
        return options


class TopicSettings(BaseSettings):
    """How `newsroom topics apply` lays the topics out on a cluster. Env vars:
    NEWSROOM_TOPICS_<FIELD>. A single broker takes the defaults; a cluster of three or more
    wants replication factor 3 and min.insync.replicas 2 (a write survives one broker down)."""

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_TOPICS_", extra="ignore")

    replication_factor: int = Field(default=1, ge=1, description="Copies of every partition.")
    min_insync_replicas: int = Field(
        default=1, ge=1, description="Copies that must have a write before it is acknowledged."
    )
    partitions: dict[str, int] = Field(
        default_factory=dict,
        description='Partitions per topic (base name), JSON: {"newsroom.frontier.v1": 48}. A '
        "state topic follows the topic it belongs to.",
    )

    @model_validator(mode="after")
    def _check_layout(self) -> TopicSettings:
        if self.min_insync_replicas > self.replication_factor:
            raise ValueError(
                f"NEWSROOM_TOPICS_MIN_INSYNC_REPLICAS={self.min_insync_replicas} is more than "
                f"NEWSROOM_TOPICS_REPLICATION_FACTOR={self.replication_factor}: no write could "
                "ever be acknowledged"
            )
        wrong = {name: n for name, n in self.partitions.items() if n < 1}
        if wrong:
            raise ValueError(f"NEWSROOM_TOPICS_PARTITIONS: partitions must be positive: {wrong}")
        return self
