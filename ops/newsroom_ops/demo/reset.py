"""Start the demo from a clean slate: its topics and indices are deleted and made again."""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient
from elasticsearch import AsyncElasticsearch

from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings


async def reset_topics(settings: KafkaSettings, wait_seconds: float = 60.0) -> None:
    """Delete every topic under the prefix, wait until they are gone, then create them."""
    if not settings.topic_prefix:
        raise ValueError("refusing to reset topics without a topic prefix")
    admin = AIOKafkaAdminClient(**settings.client_options())
    await admin.start()
    try:
        doomed = [t for t in await admin.list_topics() if t.startswith(settings.topic_prefix)]
        if doomed:
            await admin.delete_topics(doomed)
        # Deletion is asynchronous; re-creating a topic that is still going away fails.
        deadline = asyncio.get_running_loop().time() + wait_seconds
        while doomed and asyncio.get_running_loop().time() < deadline:
            left = set(await admin.list_topics())
            doomed = [t for t in doomed if t in left]
            if doomed:
                await asyncio.sleep(0.5)
        if doomed:
            raise RuntimeError(f"topics still being deleted after {wait_seconds:g}s: {doomed}")
    finally:
        await admin.close()
    await apply_topics(settings)


async def reset_indices(es: AsyncElasticsearch, settings: ElasticsearchSettings) -> None:
    """Delete the prefix's indices and templates; the indexer recreates them when it starts."""
    prefix = settings.index_prefix
    if not prefix:
        raise ValueError("refusing to reset indices without an index prefix")
    await es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
    templates = await es.options(ignore_status=404).indices.get_index_template(name=f"{prefix}-*")
    for template in templates.get("index_templates", []):
        await es.indices.delete_index_template(name=template["name"])
    components = await es.options(ignore_status=404).cluster.get_component_template(
        name=f"{prefix}-*"
    )
    for component in components.get("component_templates", []):
        await es.cluster.delete_component_template(name=component["name"])
