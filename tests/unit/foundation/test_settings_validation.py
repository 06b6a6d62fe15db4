"""Connection settings check themselves when made: what cannot work is an error naming the
variable, before any connection, and no secret is ever part of the message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings, one_line

SECRET = "s3cret-value-never-shown"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SECURITY_PROTOCOL",
        "SASL_MECHANISM",
        "SASL_USERNAME",
        "SASL_PASSWORD",
        "SSL_CAFILE",
        "SSL_CERTFILE",
        "SSL_KEYFILE",
    ):
        monkeypatch.delenv(f"NEWSROOM_KAFKA_{name}", raising=False)
    for name in ("URL", "API_KEY", "USERNAME", "PASSWORD", "CA_CERTS"):
        monkeypatch.delenv(f"NEWSROOM_ES_{name}", raising=False)


def _error(cls: type, monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        cls()
    message = one_line(caught.value)
    assert "\n" not in message
    assert SECRET not in message and SECRET not in str(caught.value)
    return message


def test_sasl_without_a_mechanism_is_refused_not_taken_for_plain(monkeypatch) -> None:
    message = _error(
        KafkaSettings,
        monkeypatch,
        NEWSROOM_KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        NEWSROOM_KAFKA_SASL_USERNAME="newsroom-parser",
        NEWSROOM_KAFKA_SASL_PASSWORD=SECRET,
    )
    assert "NEWSROOM_KAFKA_SASL_MECHANISM" in message


@pytest.mark.parametrize(
    ("missing", "env"),
    [
        ("NEWSROOM_KAFKA_SASL_USERNAME", {"NEWSROOM_KAFKA_SASL_PASSWORD": SECRET}),
        ("NEWSROOM_KAFKA_SASL_PASSWORD", {"NEWSROOM_KAFKA_SASL_USERNAME": "newsroom-parser"}),
    ],
)
def test_sasl_without_credentials(monkeypatch, missing: str, env: dict[str, str]) -> None:
    message = _error(
        KafkaSettings,
        monkeypatch,
        NEWSROOM_KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        NEWSROOM_KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
        **env,
    )
    assert missing in message


def test_credentials_without_sasl_are_not_silently_ignored(monkeypatch) -> None:
    message = _error(
        KafkaSettings,
        monkeypatch,
        NEWSROOM_KAFKA_SASL_USERNAME="newsroom-parser",
        NEWSROOM_KAFKA_SASL_PASSWORD=SECRET,
    )
    assert "NEWSROOM_KAFKA_SASL_PASSWORD" in message or "NEWSROOM_KAFKA_SASL_USERNAME" in message
    assert "NEWSROOM_KAFKA_SECURITY_PROTOCOL=PLAINTEXT" in message


def test_plain_passwords_never_travel_in_clear(monkeypatch) -> None:
    message = _error(
        KafkaSettings,
        monkeypatch,
        NEWSROOM_KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
        NEWSROOM_KAFKA_SASL_MECHANISM="PLAIN",
        NEWSROOM_KAFKA_SASL_USERNAME="u",
        NEWSROOM_KAFKA_SASL_PASSWORD=SECRET,
    )
    assert "in clear" in message


@pytest.mark.parametrize("variable", ["NEWSROOM_KAFKA_SSL_CAFILE", "NEWSROOM_KAFKA_SSL_CERTFILE"])
def test_tls_files_that_do_not_exist(monkeypatch, tmp_path: Path, variable: str) -> None:
    missing = tmp_path / "nope.pem"
    message = _error(
        KafkaSettings,
        monkeypatch,
        NEWSROOM_KAFKA_SECURITY_PROTOCOL="SSL",
        **{variable: str(missing)},
    )
    assert f"{variable}={missing}: no such file" in message


def test_tls_files_with_a_protocol_without_tls(monkeypatch, tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    message = _error(KafkaSettings, monkeypatch, NEWSROOM_KAFKA_SSL_CAFILE=str(ca))
    assert "NEWSROOM_KAFKA_SSL_CAFILE is set but" in message


def test_a_complete_scram_setup_is_accepted(monkeypatch, tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    for name, value in {
        "NEWSROOM_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "NEWSROOM_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSROOM_KAFKA_SASL_USERNAME": "newsroom-parser",
        "NEWSROOM_KAFKA_SASL_PASSWORD": SECRET,
        "NEWSROOM_KAFKA_SSL_CAFILE": str(ca),
    }.items():
        monkeypatch.setenv(name, value)
    settings = KafkaSettings()
    assert settings.sasl_mechanism == "SCRAM-SHA-512"
    assert SECRET not in repr(settings)


def test_an_es_key_without_a_url(monkeypatch) -> None:
    message = _error(ElasticsearchSettings, monkeypatch, NEWSROOM_ES_API_KEY=SECRET)
    assert "NEWSROOM_ES_API_KEY is set but NEWSROOM_ES_URL is not" in message


def test_es_credentials_over_plain_http(monkeypatch) -> None:
    message = _error(
        ElasticsearchSettings,
        monkeypatch,
        NEWSROOM_ES_URL="http://es.internal:9200",
        NEWSROOM_ES_USERNAME="newsroom-search",
        NEWSROOM_ES_PASSWORD=SECRET,
    )
    assert "NEWSROOM_ES_URL=http://es.internal:9200 is plain http" in message


def test_es_user_without_password_and_password_without_user(monkeypatch) -> None:
    message = _error(
        ElasticsearchSettings,
        monkeypatch,
        NEWSROOM_ES_URL="https://es:9200",
        NEWSROOM_ES_USERNAME="newsroom-search",
    )
    assert "NEWSROOM_ES_USERNAME=newsroom-search needs NEWSROOM_ES_PASSWORD" in message
    monkeypatch.delenv("NEWSROOM_ES_USERNAME")
    message = _error(ElasticsearchSettings, monkeypatch, NEWSROOM_ES_PASSWORD=SECRET)
    assert "NEWSROOM_ES_PASSWORD is set without NEWSROOM_ES_USERNAME" in message


def test_es_ca_file_that_does_not_exist(monkeypatch, tmp_path: Path) -> None:
    message = _error(
        ElasticsearchSettings, monkeypatch, NEWSROOM_ES_CA_CERTS=str(tmp_path / "ca.crt")
    )
    assert "NEWSROOM_ES_CA_CERTS=" in message and "no such file" in message


@pytest.mark.parametrize("service", ["fetcher", "parser", "indexer"])
def test_a_service_with_bad_settings_stops_at_once_with_one_line(
    service: str, tmp_path: Path
) -> None:
    """Before any connection: the bootstrap address is one where nothing listens."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9",
        "NEWSROOM_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "NEWSROOM_KAFKA_SASL_USERNAME": f"newsroom-{service}",
        "NEWSROOM_KAFKA_SASL_PASSWORD": SECRET,
    }
    result = subprocess.run(
        [sys.executable, "-m", f"newsroom_{service}", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: invalid settings:")
    assert "NEWSROOM_KAFKA_SASL_MECHANISM" in lines[0]
    assert SECRET not in result.stderr + result.stdout
