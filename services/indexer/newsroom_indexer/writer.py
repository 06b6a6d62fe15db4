"""Writing a batch of articles and their quotes to Elasticsearch, with nothing lost.

`BulkWriter.write` returns only once Elasticsearch has acknowledged every document of the batch
or rejected it for good (a per-document error such as a mapping conflict, reported for the
dead-letter topic). Transport failures and overload (429, 502-504, timeouts, connection
refused) are retried with capped, jittered exponential backoff for as long as it takes; the
caller commits offsets only after `write` returns.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, Literal, TypeVar

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch.helpers import async_streaming_bulk

from newsroom_indexer import metrics
from newsroom_indexer.article_story import (
    newer_story,
    story_is_newer,
    story_update_action,
    with_story,
)
from newsroom_indexer.bulk_items import (
    Incoming,
    ItemOutcome,
    Rejection,
    WriteAborted,
    WriteReport,
    classify_item,
    error_type_of,
    index_action,
    is_expected_outage,
    is_missing_document,
    latest_versions,
    rejection_of,
    result_label,
    retry_reason,
    rewrite_version,
)
from newsroom_indexer.consistency import (
    AliasState,
    Copy,
    KeptQuotes,
    parse_aliases,
    parse_copies,
    reconcile,
    stale_quotes_query,
)
from newsroom_indexer.documents import version_problem
from newsroom_indexer.templates import Kind, Names
from newsroom_shared.runtime.retry import RetryPolicy

log = logging.getLogger(__name__)

T = TypeVar("T")

# Only what the writer reads from each bulk item: smaller responses, less to parse.
_BULK_ITEM_FIELDS = ",".join(
    f"items.*.{field}" for field in ("_index", "_id", "_version", "result", "status", "error")
)

# Stale quotes found and deleted per round.
_STALE_PAGE = 1000


class BulkWriter:
    def __init__(
        self,
        es: AsyncElasticsearch,
        names: Names,
        *,
        retry: RetryPolicy | None = None,
        chunk_docs: int = 500,
        chunk_bytes: int = 10 * 1024 * 1024,
        concurrency: int = 1,
        stopping: asyncio.Event | None = None,
    ) -> None:
        self._es = es
        self._names = names
        self._retry = retry or RetryPolicy()
        self._chunk_docs = chunk_docs
        self._chunk_bytes = chunk_bytes
        self._concurrency = concurrency
        self._stopping = stopping or asyncio.Event()
        self._seen_indices: dict[Kind, frozenset[str]] = {}
        self.retrying = False

    async def write(self, messages: Sequence[Incoming]) -> WriteReport:
        report = WriteReport()
        candidates, report.superseded = latest_versions(messages)
        valid = []
        for message in candidates:
            problem = version_problem(message.article)
            if problem:
                rejection = Rejection(
                    "invalid_version", None, message.article.id, None, "invalid_version", problem
                )
                report.rejected.append((message, rejection))
            else:
                valid.append(message)
        if not valid:
            return report

        by_id = {m.article.id: m for m in valid}
        # The stories of these articles that were indexed before them (assignments may come
        # first): written with the article, so a new version keeps its story. Read at the same
        # time as the aliases: two round trips a batch waited for one after the other.
        states, stories = await asyncio.gather(self._alias_states(), self._stories_of(list(by_id)))
        # Articles and their quotes in one stream, as a direct bulk load would send them:
        # every request spans both indices, which Elasticsearch writes in parallel. Quotes of
        # an article that turns out stale or rejected are withdrawn afterwards.
        actions, owner = [], {}
        for m in valid:
            version = m.article.version
            document = with_story(m.document, stories.get(m.article.id))
            actions.append(self._index_action("articles", m.article.id, version, document))
            for quote_id, source in m.quotes:
                owner[quote_id] = m.article.id
                actions.append(self._index_action("quotes", quote_id, version, source))
        results = await self._bulk_index(actions)
        conflicts = {i: results[i][1] for i in by_id if results[i][0] == "stale"}
        if conflicts:
            results.update(await self._rewrite_over_stories(conflicts, by_id, stories))

        accepted: dict[str, dict[str, Any]] = {}
        for doc_id in by_id:
            outcome, item = results.pop(doc_id)
            report.documents["articles", result_label(outcome, item)] += 1
            if outcome == "ok":
                accepted[doc_id] = item
            elif outcome == "stale":
                report.stale.append(by_id[doc_id])
            else:
                report.rejected.append((by_id[doc_id], rejection_of("articles", item)))
        moved = await self._reconcile_articles(states["articles"], accepted, by_id, report)
        await self._settle_quotes(accepted, moved, by_id, owner, results, report)
        await self._apply_late_stories(accepted, stories, report)
        report.indexed.extend(by_id[doc_id] for doc_id in accepted)
        return report

    # -- stories --

    async def _stories_of(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The `story` of each of these articles in the stories index (a real-time get: an
        assignment written a moment ago is seen). No stories index (a design applied before
        it existed, `es apply` not run yet) means no stories: assignments cannot be stored
        without it either, and wait for it, then update the articles in place."""
        if not ids:
            return {}
        index = self._names.stories.read_alias
        quiet = self._es.options(ignore_status=404)
        attempt = 0
        while True:
            read = functools.partial(quiet.mget, index=index, ids=ids, source=["story"])
            response = await self._call("read stories", read)
            docs = response.get("docs")
            if docs is None:  # 404 for the whole request: no such index
                return {}
            errors = [
                d["error"]
                for d in docs
                if d.get("error") and error_type_of(d["error"]) != "index_not_found_exception"
            ]
            if not errors:
                break
            # A shard of the stories index is not available: wait, as for any write.
            reason = error_type_of(errors[0])
            metrics.RETRIES.labels(reason).inc()
            await self._sleep(attempt, f"reading stories: {reason}")
            attempt += 1
        return {
            d["_id"]: d["_source"]["story"]
            for d in docs
            if d.get("found") and (d.get("_source") or {}).get("story")
        }

    async def _rewrite_over_stories(
        self,
        conflicts: dict[str, dict[str, Any]],
        by_id: dict[str, Incoming],
        stories: dict[str, dict[str, Any]],
    ) -> dict[str, tuple[ItemOutcome, dict[str, Any]]]:
        """Articles refused as stale that are not: their copy is the same version, whose
        `_version` story updates raised. Written again, with the copy's story, at the copy's
        `_version` (see `rewrite_version`); read and tried again while stories keep coming."""
        out: dict[str, tuple[ItemOutcome, dict[str, Any]]] = {}
        pending = conflicts
        while pending:
            docs = [{"_index": item["_index"], "_id": doc_id} for doc_id, item in pending.items()]
            response = await self._call(
                "read conflicting articles",
                functools.partial(self._es.mget, docs=docs, source=["version", "story"]),
            )
            actions = []
            for doc in response["docs"]:
                doc_id = doc["_id"]
                item = pending[doc_id]
                if not doc.get("found"):
                    out[doc_id] = ("stale", item)
                    continue
                source = doc.get("_source") or {}
                message = by_id[doc_id]
                version = rewrite_version(
                    source.get("version"), int(doc["_version"]), message.article.version
                )
                if version is None:
                    out[doc_id] = ("stale", item)
                    continue
                story = newer_story(stories.get(doc_id), source.get("story"))
                if story is not None:
                    stories[doc_id] = story
                document = with_story(message.document, story)
                actions.append(index_action(doc["_index"], doc_id, version, document))
            if not actions:
                break
            pending = {}
            for doc_id, (outcome, item) in (await self._bulk(actions)).items():
                if outcome == "stale":
                    pending[doc_id] = item  # changed again since read: read again
                else:
                    out[doc_id] = (outcome, item)
        return out

    async def _apply_late_stories(
        self,
        accepted: dict[str, dict[str, Any]],
        included: dict[str, dict[str, Any]],
        report: WriteReport,
    ) -> None:
        """Stories indexed while these articles were being written: their assignments may
        have found no article to update, so the article applies them."""
        if not accepted:
            return
        current = await self._stories_of(list(accepted))
        targets = [
            (accepted[doc_id]["_index"], doc_id, story)
            for doc_id, story in current.items()
            if story_is_newer(story, included.get(doc_id))
        ]
        for item in await self._apply_stories(targets):
            report.documents["articles", "story_rejected"] += 1
            # The article is indexed; its story is not. The assignment's own record reports
            # why when it is (or was) indexed.
            log.error("cannot apply a story to article %s: %s", item.get("_id"), item)

    async def _apply_stories(
        self, targets: list[tuple[str, str, dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Put each story on the article document (index, id) unless it has that story version
        or a newer one; a document that is not there is left alone. Read, then a conditional
        update, read again if the document changed in between. Returns refused items."""
        stories = {(index, doc_id): story for index, doc_id, story in targets}
        refused: list[dict[str, Any]] = []
        while stories:
            docs = [{"_index": index, "_id": doc_id} for index, doc_id in stories]
            read = functools.partial(self._es.mget, docs=docs, source=["story"])
            response = await self._call("read articles' stories", read)
            actions = []
            for doc in response["docs"]:
                story = stories[doc["_index"], doc["_id"]]
                if not doc.get("found"):
                    continue  # not in this index (or not yet indexed: it reads its story then)
                current = (doc.get("_source") or {}).get("story")
                if story_is_newer(story, current):
                    actions.append(
                        story_update_action(
                            doc["_index"], doc["_id"], story, doc["_seq_no"], doc["_primary_term"]
                        )
                    )
            if not actions:
                break
            retry = {}
            for outcome, item in (await self._bulk(actions)).values():
                where = (item["_index"], item["_id"])
                if outcome == "stale":
                    retry[where] = stories[where]  # changed since read: read again
                elif outcome == "reject" and not is_missing_document(item):
                    refused.append(item)
            stories = retry
        return refused

    async def write_story(
        self, article_id: str, story_version: int, story: dict[str, Any], document: bytes
    ) -> tuple[Literal["indexed", "stale", "rejected"], Rejection | None]:
        """Index a story assignment (id: the article id, external version: the story version),
        then apply its story to the article's copies in whichever index they are. No article
        yet is fine: the article takes its story from the stories index when it is written."""
        action = index_action(self._names.stories.write_alias, article_id, story_version, document)
        outcome, item = (await self._bulk_index([action]))[article_id]
        if outcome == "reject":
            return "rejected", rejection_of("stories", item)
        if outcome == "stale":
            return "stale", None  # a newer assignment was indexed, and applied, already
        indices = (await self._alias_states())["articles"].indices
        refused = await self._apply_stories([(i, article_id, story) for i in sorted(indices)])
        if refused:
            return "rejected", rejection_of("articles", refused[0])
        return "indexed", None

    async def write_revision(
        self, revision_id: str, document: bytes
    ) -> tuple[Literal["indexed", "rejected"], Rejection | None]:
        """Index a revision under its id: delivered twice, it is still one document."""
        action = {
            "_op_type": "index",
            "_index": self._names.revisions.write_alias,
            "_id": revision_id,
            "_source": document,
        }
        outcome, item = (await self._bulk_index([action]))[revision_id]
        if outcome == "reject":
            return "rejected", rejection_of("revisions", item)
        return "indexed", None

    # -- articles --

    async def _reconcile_articles(
        self,
        state: AliasState,
        accepted: dict[str, dict[str, Any]],
        by_id: dict[str, Incoming],
        report: WriteReport,
    ) -> set[str]:
        """Leave one copy per article across indices; return ids that had other copies.

        Only needed once the read alias spans several indices (after a rollover), or when a
        rollover happened during this batch (documents landed outside the known write index).
        """
        landed_elsewhere = any(item["_index"] != state.write_index for item in accepted.values())
        if not accepted or not (state.spans_several or landed_elsewhere):
            return set()
        if landed_elsewhere:
            await self._alias_states(force_refresh=True)
        written = {
            doc_id: Copy(item["_index"], doc_id, int(item["_version"]))
            for doc_id, item in accepted.items()
        }
        plan = reconcile(written, await self._lookup_copies("articles", list(written)))
        for doc_id in plan.lost:
            item = accepted.pop(doc_id)
            report.stale.append(by_id[doc_id])
            report.documents["articles", str(item.get("result"))] -= 1
            report.documents["articles", "stale"] += 1
        await self._bulk_delete(plan.delete)
        return plan.had_copies

    # -- quotes --

    async def _settle_quotes(
        self,
        accepted: dict[str, dict[str, Any]],
        moved: set[str],
        by_id: dict[str, Incoming],
        owner: dict[str, str],
        results: dict[str, tuple[ItemOutcome, dict[str, Any]]],
        report: WriteReport,
    ) -> None:
        kept: dict[str, tuple[list[str], set[str]]] = {d: ([], set()) for d in accepted}
        withdraw: list[tuple[Copy, int]] = []
        for quote_id, (outcome, item) in results.items():
            report.documents["quotes", result_label(outcome, item)] += 1
            article_id = owner[quote_id]
            if article_id not in accepted:
                if outcome == "ok":
                    version = by_id[article_id].article.version
                    withdraw.append((Copy(item["_index"], quote_id, version), version))
                continue
            if outcome == "reject":
                report.rejected.append((by_id[article_id], rejection_of("quotes", item)))
                continue
            ids, indices = kept[article_id]
            ids.append(quote_id)
            indices.add(item.get("_index") or "")
        await self._withdraw(withdraw, report)
        # Articles seen before may have left quotes behind: older versions' quotes, positions
        # beyond the new count, copies in older indices. An article created here that had no
        # copy anywhere is new, and so are its quotes: nothing to clean.
        to_clean = [
            KeptQuotes(doc_id, tuple(kept[doc_id][0]), frozenset(kept[doc_id][1]))
            for doc_id, item in accepted.items()
            if item.get("result") == "updated" or doc_id in moved
        ]
        await self._delete_stale_quotes(to_clean, report)

    async def _withdraw(self, quotes: list[tuple[Copy, int]], report: WriteReport) -> None:
        """Delete the quotes just written for articles that were not accepted, unless a newer
        version of the article has meanwhile written the same quote id (version check)."""
        if not quotes:
            return
        actions = [
            {
                "_op_type": "delete",
                "_index": copy.index,
                "_id": copy.id,
                "version": version,
                "version_type": "external_gte",
            }
            for copy, version in quotes
        ]
        results = await self._bulk(actions)
        for outcome, item in results.values():
            if outcome == "reject":
                raise RuntimeError(f"cannot withdraw a quote: {item}")
            if outcome == "ok":
                report.documents["quotes", "withdrawn"] += 1

    async def _delete_stale_quotes(self, kept: list[KeptQuotes], report: WriteReport) -> None:
        """Find and delete stale quotes. Search plus bulk delete rather than delete-by-query:
        the test distribution has no reindex module, hence no `_delete_by_query`."""
        query = stale_quotes_query(kept)
        if query is None:
            return
        read_alias = self._names.quotes.read_alias
        while True:
            # Quotes written a moment ago are not searchable until a refresh; nor are the
            # deletions of the previous round.
            await self._call("refresh quotes", lambda: self._es.indices.refresh(index=read_alias))
            response = await self._call(
                "find stale quotes",
                lambda: self._es.search(
                    index=read_alias, query=query, size=_STALE_PAGE, source=False, version=True
                ),
            )
            stale = parse_copies(response["hits"]["hits"])
            if not stale:
                return
            await self._bulk_delete(stale)
            report.documents["quotes", "deleted"] += len(stale)

    # -- Elasticsearch calls --

    def _index_action(self, kind: Kind, doc_id: str, version: int, source: bytes) -> dict[str, Any]:
        return index_action(self._names.of(kind).write_alias, doc_id, version, source)

    async def _bulk_index(
        self, actions: list[dict[str, Any]]
    ) -> dict[str, tuple[ItemOutcome, dict[str, Any]]]:
        # require_alias: never let a missing alias auto-create an unmapped index.
        return await self._bulk(actions, require_alias=True)

    async def _bulk_delete(self, copies: list[Copy]) -> None:
        if not copies:
            return
        actions = [{"_op_type": "delete", "_index": c.index, "_id": c.id} for c in copies]
        results = await self._bulk(actions)
        for outcome, item in results.values():
            if outcome != "ok":
                raise RuntimeError(f"cannot delete a superfluous copy: {item}")

    async def _bulk(
        self, actions: list[dict[str, Any]], **params: Any
    ) -> dict[str, tuple[ItemOutcome, dict[str, Any]]]:
        """Bulk `actions` until none is left to retry. Results keyed by id for index actions
        (ids are unique within a batch) and by index/id for deletes and updates."""
        results: dict[str, tuple[ItemOutcome, dict[str, Any]]] = {}
        pending = actions
        attempt = 0
        while pending:
            items = await self._call("bulk", partial(self._bulk_once, pending, params))
            retry = []
            for action, (op, item) in zip(pending, items, strict=True):
                outcome = classify_item(int(item.get("status", 500)), item.get("error"), op)
                key = item["_id"] if op == "index" else f"{item['_index']}/{item['_id']}"
                if outcome == "retry":
                    retry.append(action)
                    reason = (item.get("error") or {}).get("type", f"http_{item.get('status')}")
                    metrics.RETRIES.labels(reason).inc()
                else:
                    results[key] = (outcome, item)
            pending = retry
            if pending:
                await self._sleep(attempt, f"{len(pending)} documents: {reason}")
                attempt += 1
        return results

    async def _bulk_once(
        self, actions: list[dict[str, Any]], params: dict[str, Any]
    ) -> list[tuple[str, dict[str, Any]]]:
        """One pass over `actions`, in up to `concurrency` streams at once; items come back in
        the order of `actions`. Ids are unique within a call, so the order of writes across
        streams does not matter."""
        streams = max(1, min(self._concurrency, -(-len(actions) // self._chunk_docs)))
        size = -(-len(actions) // streams)
        slices = [actions[start : start + size] for start in range(0, len(actions), size)]
        results = await asyncio.gather(*(self._stream(part, params) for part in slices))
        return [item for part in results for item in part]

    async def _stream(
        self, actions: list[dict[str, Any]], params: dict[str, Any]
    ) -> list[tuple[str, dict[str, Any]]]:
        items = []
        async for _, info in async_streaming_bulk(
            self._es,
            actions,
            chunk_size=self._chunk_docs,
            max_chunk_bytes=self._chunk_bytes,
            raise_on_error=False,
            raise_on_exception=True,
            max_retries=0,  # retried here, for more than 429 and without a limit
            yield_ok=True,
            filter_path=_BULK_ITEM_FIELDS,
            **params,
        ):
            ((op, item),) = info.items()
            items.append((op, item))
        return items

    async def _alias_states(self, force_refresh: bool = False) -> dict[Kind, AliasState]:
        names = [self._names.of(k) for k in ("articles", "quotes")]
        aliases = [a for n in names for a in (n.read_alias, n.write_alias)]
        response = await self._call(
            "read aliases",
            lambda: self._es.options(ignore_status=404).indices.get_alias(name=aliases),
        )
        body = dict(response.body) if hasattr(response, "body") else dict(response)
        body.pop("error", None)
        body.pop("status", None)
        states: dict[Kind, AliasState] = {}
        for n in names:
            state = parse_aliases(body, n.read_alias, n.write_alias)
            states[n.kind] = state
            if force_refresh or state.indices != self._seen_indices.get(n.kind, state.indices):
                # A new index appeared (rollover): make the previous ones' recent writes
                # searchable, so the copy lookup cannot miss them.
                await self._call("refresh", partial(self._es.indices.refresh, index=n.read_alias))
            self._seen_indices[n.kind] = state.indices
        return states

    async def _lookup_copies(self, kind: Kind, ids: list[str]) -> list[Copy]:
        alias = self._names.of(kind).read_alias
        copies: list[Copy] = []
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            response = await self._call(
                "look up copies",
                partial(
                    self._es.search,
                    index=alias,
                    query={"ids": {"values": chunk}},
                    size=min(10_000, len(chunk) * 10),
                    source=False,
                    version=True,
                ),
            )
            copies.extend(parse_copies(response["hits"]["hits"]))
        return copies

    async def _call(self, what: str, op: Callable[[], Awaitable[T]]) -> T:
        """Run `op` until Elasticsearch answers it; back off while it does not."""
        attempt = 0
        while True:
            try:
                result = await op()
            except (ApiError, TransportError) as exc:
                reason = retry_reason(exc) or "error"
                metrics.RETRIES.labels(reason).inc()
                level = logging.WARNING if is_expected_outage(exc) else logging.ERROR
                log.log(level, "elasticsearch %s failed (%s), retrying: %s", what, reason, exc)
                await self._sleep(attempt, reason)
                attempt += 1
                continue
            if self.retrying:
                log.info("elasticsearch answers again (%s)", what)
            self.retrying = False
            metrics.ES_AVAILABLE.set(1)
            return result

    async def _sleep(self, attempt: int, reason: str) -> None:
        self.retrying = True
        metrics.ES_AVAILABLE.set(0)
        delay = self._retry.delay(attempt)
        try:
            await asyncio.wait_for(self._stopping.wait(), delay)
        except TimeoutError:
            return
        raise WriteAborted(f"stopping while elasticsearch is unavailable ({reason})")
