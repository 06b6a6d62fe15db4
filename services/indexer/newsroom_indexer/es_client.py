"""The Elasticsearch client the indexer uses: the shared connection settings, and request
bodies serialized by pydantic-core, several times faster than the standard library on large
documents (bulk serialization is most of the indexer's own CPU time)."""

from __future__ import annotations

from typing import Any

import pydantic_core
from elasticsearch import AsyncElasticsearch
from elasticsearch.serializer import JsonSerializer, NdjsonSerializer

from newsroom_shared.settings import ElasticsearchSettings


class FastJsonSerializer(JsonSerializer):
    def json_dumps(self, data: Any) -> bytes:
        return pydantic_core.to_json(data, fallback=self.default)


class FastNdjsonSerializer(NdjsonSerializer):
    def json_dumps(self, data: Any) -> bytes:
        return pydantic_core.to_json(data, fallback=self.default)


def make_client(settings: ElasticsearchSettings, **overrides: Any) -> AsyncElasticsearch:
    options: dict[str, Any] = {
        **settings.client_options(),
        # Responses stay on the standard library: faster than pydantic-core for parsing here.
        "serializers": {
            FastJsonSerializer.mimetype: FastJsonSerializer(),
            FastNdjsonSerializer.mimetype: FastNdjsonSerializer(),
        },
    }
    options.update(overrides)
    return AsyncElasticsearch(**options)
