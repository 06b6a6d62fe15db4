"""Connection settings every service shares, read from environment variables.

Each service has its own settings class (in its package) that embeds these.
"""

from __future__ import annotations

import ssl
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    """Kafka connection. Env vars: NEWSROOM_KAFKA_<FIELD>, e.g. NEWSROOM_KAFKA_BOOTSTRAP_SERVERS."""

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_KAFKA_", extra="ignore")

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

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_ES_", extra="ignore")

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
