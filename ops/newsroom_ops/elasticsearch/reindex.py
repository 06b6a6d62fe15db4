"""Rebuild the articles and quotes indices, then swap the aliases to the new ones.

Sources: the compacted articles topic (the system of record), or the current indices (after a
mapping or analysis change). New indices take the next number of their series, so the index
templates apply; aliases move in one atomic `_aliases` call, after which a catch-up pass copies
what arrived while the rebuild ran. The old indices are kept unless asked to delete them.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from elasticsearch import AsyncElasticsearch
from elasticsearch.helpers import async_bulk, async_scan

from newsroom_indexer.bulk_items import index_action
from newsroom_indexer.documents import documents, version_problem
from newsroom_indexer.templates import KINDS, Kind, Names
from newsroom_shared.contracts import Article
from newsroom_shared.kafka import end_offsets
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import ARTICLES

Source = Literal["topic", "index"]


@dataclass
class ReindexProgress:
    phase: str = "starting"
    read: int = 0
    written: dict[str, int] = field(default_factory=lambda: {"articles": 0, "quotes": 0})
    skipped: int = 0  # undecodable or superseded by a newer version
    refused: int = 0  # versions no fetch could have (see version_problem)
    started: float = field(default_factory=time.monotonic)
    new_indices: dict[str, str] = field(default_factory=dict)
    old_indices: dict[str, list[str]] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.phase}: read {self.read}, wrote {self.written['articles']} articles and "
            f"{self.written['quotes']} quotes, skipped {self.skipped}"
            + (f", refused {self.refused} (impossible versions)" if self.refused else "")
            + f" ({time.monotonic() - self.started:.0f}s)"
        )


def next_index_name(existing: list[str], names: Names, kind: Kind) -> str:
    """The next number of the kind's series: `<prefix>-<kind>-00000N`."""
    pattern = re.compile(rf"^{re.escape(names.prefix)}-{kind}-(\d+)$")
    numbers = [int(m.group(1)) for name in existing if (m := pattern.match(name))]
    return f"{names.prefix}-{kind}-{(max(numbers, default=0) + 1):06d}"


def alias_actions(
    names: Names, new: dict[str, str], old: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """One atomic swap: read and write aliases leave the old indices and point at the new."""
    actions: list[dict[str, Any]] = []
    for kind in KINDS:
        kind_names = names.of(kind)
        for index in old.get(kind, []):
            actions.append({"remove": {"index": index, "alias": kind_names.read_alias}})
            actions.append({"remove": {"index": index, "alias": kind_names.write_alias}})
        actions.append({"add": {"index": new[kind], "alias": kind_names.read_alias}})
        actions.append(
            {"add": {"index": new[kind], "alias": kind_names.write_alias, "is_write_index": True}}
        )
    return actions


def documents_of(article: Article, index: dict[str, str], now: datetime) -> list[dict[str, Any]]:
    """Bulk actions for an article and its quotes, guarded by the article's version."""
    doc, quotes = documents(article, now)
    actions = [index_action(index["articles"], article.id, article.version, doc)]
    actions += [index_action(index["quotes"], q.id, article.version, q.source) for q in quotes]
    return actions


async def _latest_articles(
    kafka: KafkaSettings, progress: ReindexProgress, ends: dict[int, int] | None = None
) -> AsyncIterator[Article]:
    """The newest version of every article in the topic (up to `ends`), in two passes so that
    only ids and versions are held in memory, not articles. Versions no fetch could have are
    refused: one forged into the topic would otherwise hide the real newest version."""
    topic = kafka.topic(ARTICLES.name)
    newest: dict[str, tuple[int, int, int]] = {}  # id -> (version, partition, offset)
    refused: set[tuple[int, int]] = set()
    now = datetime.now(UTC)
    async for record in read_to_end(kafka, topic):
        if ends is not None and record.offset >= ends.get(record.partition, 0):
            continue
        try:
            article = decode(Article, record.value)
        except DecodeError:
            continue
        if version_problem(article, now):
            refused.add((record.partition, record.offset))
            continue
        seen = newest.get(article.id)
        if seen is None or article.version >= seen[0]:
            newest[article.id] = (article.version, record.partition, record.offset)
    keep = {(p, o) for _, p, o in newest.values()}
    async for record in read_to_end(kafka, topic):
        progress.read += 1
        where = (record.partition, record.offset)
        if where in refused:
            progress.refused += 1
            continue
        if where not in keep:
            progress.skipped += 1
            continue
        yield decode(Article, record.value)


async def _bulk(
    es: AsyncElasticsearch, actions: list[dict[str, Any]], progress: ReindexProgress
) -> None:
    if not actions:
        return
    _, errors = await async_bulk(es, actions, raise_on_error=False, max_retries=5)
    assert isinstance(errors, list)  # the list of failed items unless stats_only
    failed = [e for e in errors if next(iter(e.values())).get("status") != 409]
    if failed:
        raise RuntimeError(f"{len(failed)} documents failed, e.g. {failed[0]}")
    kind_of = {index: kind for kind, index in progress.new_indices.items()}
    for action in actions:
        progress.written[kind_of[action["_index"]]] += 1


async def _write_all(
    es: AsyncElasticsearch,
    actions: AsyncIterator[list[dict[str, Any]]],
    progress: ReindexProgress,
    report: Callable[[ReindexProgress], None],
    batch_size: int = 1000,
) -> None:
    """Bulk-write actions in batches, reporting progress every two seconds."""
    batch: list[dict[str, Any]] = []
    last = time.monotonic()
    async for group in actions:
        batch += group
        if len(batch) >= batch_size:
            await _bulk(es, batch, progress)
            batch = []
        if time.monotonic() - last > 2:
            report(progress)
            last = time.monotonic()
    await _bulk(es, batch, progress)


async def reindex(
    es: AsyncElasticsearch,
    kafka: KafkaSettings,
    names: Names,
    source: Source,
    delete_old: bool = False,
    on_progress: Callable[[ReindexProgress], None] | None = None,
) -> ReindexProgress:
    progress = ReindexProgress()
    report = on_progress or (lambda _: None)
    existing = list(
        (await es.indices.get(index=f"{names.prefix}-*", expand_wildcards="all")).keys()
    )
    for kind in KINDS:
        aliased = await es.options(ignore_status=404).indices.get_alias(
            name=names.of(kind).read_alias
        )
        progress.old_indices[kind] = sorted(aliased.keys()) if aliased else []
        progress.new_indices[kind] = next_index_name(existing, names, kind)
        await es.indices.create(index=progress.new_indices[kind])
        # Bulk loading goes faster without refreshes; the swap turns them back on.
        await es.indices.put_settings(
            index=progress.new_indices[kind], settings={"refresh_interval": "-1"}
        )
    started_at = datetime.now(UTC)
    progress.phase = "copying"
    try:
        if source == "topic":
            ends = await end_offsets(kafka, kafka.topic(ARTICLES.name))
            await _copy_from_topic(es, kafka, progress, report, ends)
        else:
            await _copy_from_indices(es, progress, report, since=None)
        for kind in KINDS:
            await es.indices.put_settings(
                index=progress.new_indices[kind], settings={"refresh_interval": None}
            )
            await es.indices.refresh(index=progress.new_indices[kind])
    except BaseException:
        # Nothing points at the new indices yet: remove them, the old ones stay in service.
        await es.options(ignore_status=404).indices.delete(
            index=",".join(progress.new_indices.values())
        )
        raise
    progress.phase = "swapping aliases"
    report(progress)
    await es.indices.update_aliases(
        actions=alias_actions(names, progress.new_indices, progress.old_indices)
    )
    # What the live indexer wrote to the old indices while we copied: copy it too (the version
    # guard keeps whichever is newer).
    progress.phase = "catching up"
    await _copy_from_indices(es, progress, report, since=started_at)
    if delete_old:
        for index in [i for kind in KINDS for i in progress.old_indices[kind]]:
            await es.indices.delete(index=index)
    progress.phase = "done"
    report(progress)
    return progress


async def _copy_from_topic(
    es: AsyncElasticsearch,
    kafka: KafkaSettings,
    progress: ReindexProgress,
    report: Callable[[ReindexProgress], None],
    ends: dict[int, int],
) -> None:
    now = datetime.now(UTC)

    async def actions() -> AsyncIterator[list[dict[str, Any]]]:
        async for article in _latest_articles(kafka, progress, ends):
            yield documents_of(article, progress.new_indices, now)

    await _write_all(es, actions(), progress, report)


async def _copy_from_indices(
    es: AsyncElasticsearch,
    progress: ReindexProgress,
    report: Callable[[ReindexProgress], None],
    since: datetime | None,
) -> None:
    query: dict[str, Any] = {"match_all": {}}
    if since is not None:
        query = {"range": {"indexed_at": {"gte": since.isoformat()}}}

    async def actions() -> AsyncIterator[list[dict[str, Any]]]:
        for kind in KINDS:
            sources = progress.old_indices.get(kind) or []
            if not sources:
                continue
            version_field = "version" if kind == "articles" else "article_version"
            async for hit in async_scan(es, index=",".join(sources), query={"query": query}):
                progress.read += 1
                source = hit["_source"]
                new_index = progress.new_indices[kind]
                yield [index_action(new_index, hit["_id"], source[version_field], source)]

    await _write_all(es, actions(), progress, report)
