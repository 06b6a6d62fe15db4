"""Articles submitted one at a time are written in batches, and each submitter learns its fate."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from newsroom_indexer.batcher import WriteBatcher
from newsroom_indexer.batching import BatchLimits
from newsroom_indexer.bulk_items import Incoming, Rejection, WriteReport
from newsroom_shared.contracts import Article


def _incoming(article: Article, n: int) -> Incoming:
    changed = article.model_copy(update={"id": f"a{n}"})
    return Incoming.of("articles", 0, n, f"a{n}", b"x" * 10, changed)


class Recorder:
    def __init__(self, delay: float = 0.0, fail: Exception | None = None) -> None:
        self.batches: list[list[str]] = []
        self.delay = delay
        self.fail = fail

    async def write(self, items: Sequence[Incoming]) -> WriteReport:
        self.batches.append([i.article.id for i in items])
        await asyncio.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        report = WriteReport()
        for item in items:
            if item.article.id == "a1":
                report.rejected.append(
                    (item, Rejection("index_rejected", "articles", "a1", 400, "bad", "no"))
                )
            elif item.article.id == "a2":
                report.stale.append(item)
            else:
                report.indexed.append(item)
        return report


async def test_a_full_batch_is_written_at_once(seed_article: Article) -> None:
    recorder = Recorder()
    batcher = WriteBatcher(recorder.write, BatchLimits(3, 10_000, max_wait=60.0))
    results = await asyncio.wait_for(
        asyncio.gather(*(batcher.submit(_incoming(seed_article, n)) for n in range(3))), 5
    )
    assert recorder.batches == [["a0", "a1", "a2"]]
    assert [r.outcome for r in results] == ["indexed", "rejected", "stale"]
    assert results[1].rejections[0].error_type == "bad"
    await batcher.close()


async def test_a_partial_batch_waits_for_its_time_bound(seed_article: Article) -> None:
    recorder = Recorder()
    batcher = WriteBatcher(recorder.write, BatchLimits(100, 10_000, max_wait=0.2))
    loop = asyncio.get_running_loop()
    started = loop.time()
    result = await asyncio.wait_for(batcher.submit(_incoming(seed_article, 0)), 5)
    assert result.outcome == "indexed"
    assert loop.time() - started >= 0.19
    await batcher.close()


async def test_the_next_batch_fills_while_one_is_written(seed_article: Article) -> None:
    recorder = Recorder(delay=0.3)
    batcher = WriteBatcher(recorder.write, BatchLimits(2, 10_000, max_wait=0.05))
    first = [asyncio.create_task(batcher.submit(_incoming(seed_article, n))) for n in (0, 3)]
    await asyncio.sleep(0.1)  # the first batch is being written
    later = [asyncio.create_task(batcher.submit(_incoming(seed_article, n))) for n in (4, 5, 6)]
    await asyncio.wait_for(asyncio.gather(*first, *later), 5)
    assert recorder.batches == [["a0", "a3"], ["a4", "a5"], ["a6"]]
    await batcher.close()


async def test_what_gathered_during_a_write_goes_when_it_ends(seed_article: Article) -> None:
    # Elasticsearch would otherwise wait for a batch that may never fill: the records a
    # batch holds are not taken anew until it is answered.
    recorder = Recorder(delay=0.3)
    batcher = WriteBatcher(recorder.write, BatchLimits(2, 10_000, max_wait=60.0))
    first = [asyncio.create_task(batcher.submit(_incoming(seed_article, n))) for n in (0, 3)]
    await asyncio.sleep(0.1)  # the first batch is being written
    later = asyncio.create_task(batcher.submit(_incoming(seed_article, 4)))
    await asyncio.wait_for(asyncio.gather(*first, later), 5)
    assert recorder.batches == [["a0", "a3"], ["a4"]]
    await batcher.close()


async def test_a_failed_write_fails_every_submitter_of_its_batch(seed_article: Article) -> None:
    recorder = Recorder(fail=RuntimeError("bulk failed"))
    batcher = WriteBatcher(recorder.write, BatchLimits(2, 10_000, max_wait=0.05))
    results = await asyncio.gather(
        *(batcher.submit(_incoming(seed_article, n)) for n in (0, 3)), return_exceptions=True
    )
    assert [str(r) for r in results] == ["bulk failed", "bulk failed"]
    await batcher.close()


async def test_bytes_bound_splits_batches(seed_article: Article) -> None:
    recorder = Recorder()
    batcher = WriteBatcher(recorder.write, BatchLimits(100, 25, max_wait=0.05))
    await asyncio.wait_for(
        asyncio.gather(*(batcher.submit(_incoming(seed_article, n)) for n in (0, 3, 4))), 5
    )
    assert recorder.batches == [["a0", "a3"], ["a4"]]  # 10 bytes each, at most 25 per batch
    await batcher.close()
