"""The design compose and production apply (english analysis, ILM), on the test node, which
has neither: everything of it but those two pieces loads and works here. What is left untested
is listed in docs/indexer.md ("What the tests do not cover")."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_indexer.bulk_items import Incoming
from newsroom_indexer.templates import (
    KINDS,
    Names,
    TemplateOptions,
    analysis_settings,
    template_set,
)
from newsroom_indexer.writer import BulkWriter
from newsroom_shared.contracts import Article
from newsroom_shared.settings import ElasticsearchSettings

pytestmark = pytest.mark.integration


def _meta_free(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "_meta"}


async def test_the_english_and_ilm_design_loads_here_but_for_the_two_pieces_the_node_lacks(
    es_prefix: ElasticsearchSettings, seed_article: Article
) -> None:
    names = Names(es_prefix.index_prefix)
    production = template_set(names, "english", True, TemplateOptions())
    here = template_set(names, "standard", False, TemplateOptions())

    # What this node cannot load is exactly the english filters and the lifecycle settings.
    lifecycle = {names.of(kind).lifecycle_component for kind in KINDS}
    for name, body in production.components.items():
        if name in lifecycle:
            settings = body["template"]["settings"]["index"]
            assert set(settings) == {"lifecycle"}, name
            continue
        swapped = copy.deepcopy(_meta_free(body))
        analysis = swapped["template"].get("settings", {}).get("index", {}).get("analysis")
        if analysis is not None:
            assert analysis == analysis_settings("english")
            swapped["template"]["settings"]["index"]["analysis"] = analysis_settings("standard")
        assert swapped == _meta_free(here.components[name]), name
    for name, body in production.index_templates.items():
        composed = [c for c in body["composed_of"] if c not in lifecycle]
        assert {**_meta_free(body), "composed_of": composed} == _meta_free(
            here.index_templates[name]
        )
    assert set(production.policies) == {names.of(kind).policy for kind in KINDS}

    # The rest, put on the node as production puts it, makes indices that take the documents.
    async with AsyncElasticsearch(**es_prefix.client_options()) as es:  # type: ignore[arg-type]
        for name, body in production.components.items():
            if name in lifecycle:
                continue
            loadable = copy.deepcopy(body)
            index = loadable["template"].get("settings", {}).get("index", {})
            if "analysis" in index:
                index["analysis"] = analysis_settings("standard")
            await es.cluster.put_component_template(name=name, **loadable)
        for name, body in production.index_templates.items():
            loadable = {
                **body,
                "composed_of": [c for c in body["composed_of"] if c not in lifecycle],
            }
            await es.indices.put_index_template(name=name, **loadable)
        for kind in KINDS:
            kind_names = names.of(kind)
            await es.indices.create(
                index=kind_names.first_index,
                aliases={kind_names.write_alias: {"is_write_index": True}},
            )
        report = await BulkWriter(es, names).write(
            [Incoming.of("articles", 0, 0, seed_article.id, None, seed_article)]
        )
        assert len(report.indexed) == 1
        await es.indices.refresh(index=f"{es_prefix.index_prefix}-*")
        found = await es.count(index=names.quotes.read_alias)
        assert found["count"] == len(seed_article.quotes) > 0
