"""The index design on a real cluster: analysis selection, idempotent apply, rollover without
duplicates, and the `es` and `search` commands."""

from __future__ import annotations

import asyncio
import json

import pytest
from elasticsearch import AsyncElasticsearch, BadRequestError
from typer.testing import CliRunner

from newsroom_indexer import es_admin
from newsroom_indexer.bulk_items import Incoming
from newsroom_indexer.templates import Names, TemplateOptions, mappings_component
from newsroom_indexer.writer import BulkWriter
from newsroom_ops.cli import app
from newsroom_shared.contracts import Article
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

from .conftest import count, make_settings, produce, running, variant, wait_until

pytestmark = pytest.mark.integration


def _client(settings: ElasticsearchSettings) -> AsyncElasticsearch:
    return AsyncElasticsearch(**settings.client_options())  # type: ignore[arg-type]


def _incoming(article: Article, offset: int = 0) -> Incoming:
    return Incoming.of("articles", 0, offset, article.id, None, article)


async def test_auto_analysis_is_standard_here_and_status_says_so(
    es_prefix: ElasticsearchSettings,
) -> None:
    names = Names(es_prefix.index_prefix)
    async with _client(es_prefix) as es:
        result = await es_admin.apply(es, names)
        assert result.analysis == "standard"
        assert result.lifecycle == "service"  # no ILM here: the fallback
        assert not result.capabilities.english_analysis and not result.capabilities.ilm
        actions = {c.target: c.action for c in result.changes}
        assert actions[f"index {names.articles.first_index}"] == "bootstrapped"

        again = await es_admin.apply(es, names)
        assert {c.action for c in again.changes} <= {"unchanged", "exists"}

        status = await es_admin.status(es, names)
        assert status["templates_analysis"] == "standard"
        for kind in ("articles", "quotes"):
            entry = status["kinds"][kind]
            assert entry["analysis"] == "standard"
            assert entry["write_index"] == names.of(kind).first_index  # type: ignore[arg-type]
            assert entry["lifecycle"] == "fallback"

        tokens = await es.indices.analyze(
            index=names.articles.write_alias, analyzer="newsroom_text", text="Müller ELECTIONS"
        )
        assert [t["token"] for t in tokens["tokens"]] == ["müller", "elections"]


async def test_english_analysis_is_refused_here_with_a_reason(
    es_prefix: ElasticsearchSettings,
) -> None:
    names = Names(es_prefix.index_prefix)
    async with _client(es_prefix) as es:
        with pytest.raises(es_admin.ApplyError, match="analysis-common"):
            await es_admin.apply(es, names, analysis="english")
        missing = await es.options(ignore_status=404).indices.get_index_template(
            name=names.articles.index_template
        )
        assert missing.meta.status == 404  # refused before anything was written
        # Why the detection matters: this cluster cannot load the english variant at all.
        component = mappings_component("articles", "english")
        with pytest.raises(BadRequestError):
            await es.cluster.put_component_template(
                name=names.articles.mappings_component, **component
            )


async def test_rollover_keeps_one_copy_of_each_article(
    es_prefix: ElasticsearchSettings, seed_article: Article
) -> None:
    names = Names(es_prefix.index_prefix)
    a = seed_article
    b = variant(seed_article, 1)
    async with _client(es_prefix) as es:
        await es_admin.apply(es, names)
        writer = BulkWriter(es, names)
        first = await writer.write([_incoming(a), _incoming(b, 1)])
        assert len(first.indexed) == 2
        rolled = await es_admin.rollover(es, names, TemplateOptions(), force=True)
        assert rolled["articles"]["rolled_over"] and rolled["quotes"]["rolled_over"]

        # An older version of `a` arriving after the rollover must not land in the new index.
        late = await writer.write([_incoming(a.model_copy(update={"version": a.version - 1}))])
        assert len(late.stale) == 1 and not late.indexed
        # A newer `b` with fewer quotes: one copy, in the new index, with only its new quotes.
        newer_b = b.model_copy(update={"version": b.version + 1, "quotes": b.quotes[:2]})
        assert len((await writer.write([_incoming(newer_b)])).indexed) == 1
        # The same version of `a` again: replaces in place, still one copy.
        assert len((await writer.write([_incoming(a)])).indexed) == 1

        await es.indices.refresh(index=f"{es_prefix.index_prefix}-*")
        stats = await es.indices.stats(index=names.articles.read_alias, metric="docs")
        per_index = {i: s["primaries"]["docs"]["count"] for i, s in stats["indices"].items()}
        assert per_index == {
            names.articles.first_index: 0,
            names.articles.first_index[:-1] + "2": 2,
        }
        doc = await es.get(index=names.articles.first_index[:-1] + "2", id=b.id)
        assert doc["_version"] == newer_b.version
    assert await count(es_prefix, names.articles.read_alias) == 2
    assert await count(es_prefix, names.quotes.read_alias) == 7 + 2


async def test_service_rolls_over_where_there_is_no_ilm(
    topics: KafkaSettings, es_prefix: ElasticsearchSettings, seed_article: Article
) -> None:
    names = Names(es_prefix.index_prefix)
    settings = make_settings(
        topics, es_prefix, rollover_max_docs=2, rollover_check_interval=0.3, batch_max_docs=2
    )
    async with running(settings) as service:
        await produce(topics, [variant(seed_article, n) for n in range(3)])
        await wait_until(lambda: service.stats.committed == 3, 30, "3 committed")
        assert service.lifecycle == "service"

        async def rolled() -> bool:
            async with _client(es_prefix) as es:
                status = await es_admin.status(es, names)
            return len(status["kinds"]["articles"]["indices"]) >= 2

        await wait_until(rolled, 15, "a rollover by the service")
        await produce(topics, [variant(seed_article, 0, version=seed_article.version + 1)])
        await wait_until(lambda: service.stats.committed == 4, 30, "4 committed")
    assert await count(es_prefix, names.articles.read_alias) == 3


def test_es_and_search_commands(es_prefix: ElasticsearchSettings, seed_article: Article) -> None:
    runner = CliRunner()
    env = {"NEWSROOM_ES_URL": es_prefix.url, "NEWSROOM_ES_INDEX_PREFIX": es_prefix.index_prefix}
    applied = runner.invoke(app, ["es", "apply"], env=env)
    assert applied.exit_code == 0, applied.output
    assert "analysis: standard" in applied.output

    async def index_seed() -> None:
        async with _client(es_prefix) as es:
            await BulkWriter(es, Names(es_prefix.index_prefix)).write([_incoming(seed_article)])
            await es.indices.refresh(index=f"{es_prefix.index_prefix}-*")

    asyncio.run(index_seed())

    status = runner.invoke(app, ["es", "status"], env=env)
    assert status.exit_code == 0, status.output
    assert "templates analysis: standard" in status.output
    assert "english analysis no" in status.output

    found = runner.invoke(app, ["search", "Russian delegation", "--facets"], env=env)
    assert found.exit_code == 0, found.output
    assert "1 article(s)" in found.output
    for person in ["Rand Paul", "Konstantin Kosachev", "Vladimir Putin", "Donald Trump"]:
        assert person in found.output

    as_json = runner.invoke(
        app,
        [
            "search",
            "",
            "--person",
            "Vladimir Putin",
            "--from",
            "2018-08-06",
            "--to",
            "2018-08-06",
            "--facets",
            "--json",
        ],
        env=env,
    )
    assert as_json.exit_code == 0, as_json.output
    result = json.loads(as_json.output)
    assert result["total"] == 1
    assert dict(map(tuple, result["facets"]["speakers"])) == {
        "Rand Paul": 1,
        "Konstantin Kosachev": 1,
    }
    outside = runner.invoke(app, ["search", "", "--from", "2018-08-07", "--json"], env=env)
    assert json.loads(outside.output)["total"] == 0

    unreachable = runner.invoke(
        app, ["es", "status"], env={**env, "NEWSROOM_ES_URL": "http://127.0.0.1:9"}
    )
    assert unreachable.exit_code == 1
    assert "cannot reach elasticsearch" in unreachable.output
