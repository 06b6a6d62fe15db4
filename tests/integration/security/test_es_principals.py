"""On the secured stack Elasticsearch speaks only TLS, every principal has an API key with
exactly the index rights of docs/security.md, and Elasticsearch refuses the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from elasticsearch import AsyncElasticsearch, AuthenticationException, AuthorizationException

from newsroom_indexer import es_admin
from newsroom_indexer.es_client import make_client
from newsroom_indexer.templates import Names
from tests.conftest import SecureStack, unique_prefix

pytestmark = [pytest.mark.integration, pytest.mark.secure]

NEWSROOM = Path(sys.executable).parent / "newsroom"


@pytest.fixture
async def index_prefix(secure_stack: SecureStack) -> AsyncIterator[str]:
    """An index prefix of the test's own, its indices and templates made by ops."""
    prefix = unique_prefix()
    async with make_client(secure_stack.es_settings("ops", prefix)) as es:
        await es_admin.apply(es, Names(prefix))
        yield prefix
        await es.options(ignore_status=404).indices.delete(index=f"{prefix}-*")


def _client(secure_stack: SecureStack, principal: str, prefix: str) -> AsyncElasticsearch:
    return make_client(secure_stack.es_settings(principal, prefix))


async def _write(es: AsyncElasticsearch, prefix: str) -> None:
    await es.index(index=Names(prefix).articles.write_alias, id="a1", document={"title": "x"})


async def _search(es: AsyncElasticsearch, prefix: str) -> None:
    await es.search(index=Names(prefix).articles.read_alias, query={"match_all": {}})


async def _put_template(es: AsyncElasticsearch, prefix: str) -> None:
    await es.indices.put_index_template(
        name=f"{prefix}-extra", index_patterns=[f"{prefix}-extra-*"], priority=500
    )


async def _health(es: AsyncElasticsearch, prefix: str) -> None:
    await es.cluster.health()


async def _delete_index(es: AsyncElasticsearch, prefix: str) -> None:
    await es.indices.delete(index=f"{prefix}-quotes-000001")


ACTIONS = {
    "write": _write,
    "search": _search,
    "put template": _put_template,
    "cluster health": _health,
    "delete an index": _delete_index,
}


@pytest.mark.parametrize(
    ("principal", "allowed", "refused"),
    [
        ("indexer", ["write", "search", "put template", "cluster health"], ["delete an index"]),
        ("search", ["search"], ["write", "put template", "cluster health", "delete an index"]),
        ("monitor", ["cluster health"], ["write", "search", "put template", "delete an index"]),
        ("ops", ["write", "search", "put template", "cluster health", "delete an index"], []),
    ],
)
async def test_each_principal_has_exactly_its_index_rights(
    secure_stack: SecureStack, index_prefix: str, principal: str, allowed: list, refused: list
) -> None:
    async with _client(secure_stack, principal, index_prefix) as es:
        for action in refused:
            with pytest.raises(AuthorizationException) as refusal:
                await ACTIONS[action](es, index_prefix)
            assert refusal.value.meta.status == 403, action
        for action in allowed:
            await ACTIONS[action](es, index_prefix)


async def test_no_key_reaches_indices_outside_its_prefix(
    secure_stack: SecureStack, index_prefix: str
) -> None:
    other = unique_prefix()
    foreign = f"{other}-articles-000001"
    async with _client(secure_stack, "ops", other) as es:
        await es.index(index=foreign, id="x", document={"title": "x"}, refresh=True)
    try:
        for principal in ("indexer", "ops"):
            async with _client(secure_stack, principal, index_prefix) as es:
                with pytest.raises(AuthorizationException):
                    await es.index(index=foreign, document={"title": "y"})
        async with _client(secure_stack, "search", index_prefix) as es:
            with pytest.raises(AuthorizationException):
                await es.search(index=foreign, query={"match_all": {}})
            # A wildcard resolves to the indices the key may read: none of the other prefix.
            found = await es.search(index=f"{other}-*", query={"match_all": {}})
            assert found["hits"]["total"]["value"] == 0
    finally:
        async with _client(secure_stack, "ops", other) as es:
            await es.indices.delete(index=foreign)


async def test_the_indexer_applies_its_index_design_with_its_own_key(
    secure_stack: SecureStack,
) -> None:
    prefix = unique_prefix()
    async with _client(secure_stack, "indexer", prefix) as es:
        result = await es_admin.apply(es, Names(prefix))
        assert {c.action for c in result.changes} >= {"created", "bootstrapped"}
        await _write(es, prefix)
    async with _client(secure_stack, "ops", prefix) as es:
        await es.indices.delete(index=f"{prefix}-*")


async def test_only_tls_with_credentials_is_answered(secure_stack: SecureStack) -> None:
    url = secure_stack.elasticsearch_url
    assert url.startswith("https://")
    plain = url.replace("https://", "http://")
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.HTTPError):
            await client.get(f"{plain}/_cluster/health", timeout=10)
    ca = secure_stack.env("ops")["NEWSROOM_ES_CA_CERTS"]
    async with AsyncElasticsearch(url, ca_certs=ca) as anonymous:
        with pytest.raises(AuthenticationException):
            await anonymous.cluster.health()


def _newsroom(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSROOM), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_a_wrong_api_key_fails_in_one_clear_line_without_the_secret(
    secure_stack: SecureStack,
) -> None:
    right = secure_stack.env("search")["NEWSROOM_ES_API_KEY"]
    wrong = "d3JvbmdpZDp3cm9uZy1zZWNyZXQtMDEyMzQ1Njc4OQ=="  # "wrongid:wrong-secret-0123456789"
    result = _newsroom(
        {**secure_stack.env("search"), "NEWSROOM_ES_API_KEY": wrong}, "search", "anything"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "refused the credentials" in lines[0] and "NEWSROOM_ES_API_KEY" in lines[0]
    for secret in (wrong, "wrong-secret-0123456789", right, *secure_stack.secrets()):
        assert secret not in result.stdout + result.stderr


def test_dev_env_prints_each_principal_only_its_own_credentials(
    secure_stack: SecureStack,
) -> None:
    stack = secure_stack.stack
    where = {
        "NEWSROOM_DEV_HOME": str(stack.settings.home),
        "NEWSROOM_DEV_NAME": stack.name,
    }
    printed = {}
    for principal in ("parser", "indexer", "search"):
        result = _newsroom(where, "dev", "env", "--as", principal)
        assert result.returncode == 0, result.stderr
        printed[principal] = dict(
            line.removeprefix("export ").split("=", 1)
            for line in result.stdout.splitlines()
            if line.startswith("export ")
        )
    assert "NEWSROOM_ES_API_KEY" not in printed["parser"]
    assert printed["parser"]["NEWSROOM_KAFKA_SASL_USERNAME"] == "newsroom-parser"
    assert printed["indexer"]["NEWSROOM_KAFKA_SASL_USERNAME"] == "newsroom-indexer"
    assert printed["indexer"]["NEWSROOM_ES_URL"].startswith("https://")
    assert "NEWSROOM_KAFKA_SASL_USERNAME" not in printed["search"]
    keys = {p: printed[p].get("NEWSROOM_ES_API_KEY") for p in ("indexer", "search")}
    assert all(keys.values()) and keys["indexer"] != keys["search"]
    unknown = _newsroom(where, "dev", "env", "--as", "nobody")
    assert unknown.returncode == 1 and "choose one of" in unknown.stderr
