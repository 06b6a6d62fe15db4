"""Kafka compression codecs on the project's own events: size on the wire and CPU, side by side.

    python benchmarks/compression.py [--rounds 20] [--no-nlp]

The events are real: every page of the demo's sample site and the seed page of tests/fixtures
are parsed (with NLP unless --no-nlp) into `Article` events, and the same pages as fetched make
`RawPage` events. They are put into record batches exactly as the producers send them: aiokafka's
own batch builder, with keys and headers, at the codec levels the services use (gzip 6, set by
newsroom_shared.kafka; lz4 9 and zstd 3, aiokafka's own). Batches of 1 article stand for a quiet
parser (each article leaves on its own after `linger_ms`), larger ones for a backlog.

For each codec and batch size it prints the bytes on the wire, the ratio to uncompressed, and the
CPU per batch to build (compress) and to read back (decompress), as medians over the rounds.
Which clients read each codec without extras is printed underneath: that is what decides.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from aiokafka.codec import has_lz4, has_zstd
from aiokafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

import newsroom_shared.kafka  # noqa: F401 - the services' gzip level
from newsroom_ops.demo.sample_site import SampleSite, load_manifest
from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.parse import ParseFailure, parse_raw_page
from newsroom_shared.contracts import Event, RawPage, raw_page_for
from newsroom_shared.serialization import encode, headers_for

ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = ROOT / "tests" / "fixtures" / "seed" / "rollcall-2018-08-06.html"
SEED_URL = "https://rollcall.com/2018/08/06/sen-rand-paul-invites-top-russians-to-u-s-as-they-claim-no-election-interference/"
FETCHED_AT = datetime(2024, 5, 9, 12, 0, tzinfo=UTC)

CODECS = {
    "none": DefaultRecordBatch.CODEC_NONE,
    "gzip": DefaultRecordBatch.CODEC_GZIP,
    "lz4": DefaultRecordBatch.CODEC_LZ4,
    "zstd": DefaultRecordBatch.CODEC_ZSTD,
}

# What a consumer needs to read each codec, per mainstream client, without which it fails on
# the first compressed batch.
READERS = {
    "gzip": "every client as installed (Python's zlib; Java, librdkafka, Go and JavaScript too)",
    "lz4": "aiokafka[lz4] / kafka-python + lz4; KafkaJS needs a codec plugin",
    "zstd": "aiokafka[zstd] / kafka-python + zstandard; KafkaJS needs a codec plugin",
}


@dataclass(frozen=True)
class Record:
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes | None]]


def record(key: str, event: Event) -> Record:
    return Record(key.encode(), encode(event), list(headers_for(event)))


async def served_pages() -> list[tuple[str, bytes]]:
    """Every article page of the sample site as served (links point at the running site)."""
    pages = []
    async with SampleSite() as site, httpx.AsyncClient() as http:
        for article in load_manifest()["articles"]:
            response = await http.get(site.url(article["path"]))
            response.raise_for_status()
            pages.append((str(response.url), response.content))
    return pages


def make_events(nlp: bool) -> tuple[list[Record], list[Record]]:
    pages = asyncio.run(served_pages())
    pages.append((SEED_URL, SEED_PAGE.read_bytes()))
    analyzer = NlpAnalyzer() if nlp else None
    articles, raws = [], []
    for url, body in pages:
        raw: RawPage = raw_page_for(
            url, body, source_id="bench", fetched_at=FETCHED_AT, content_type="text/html"
        )
        raws.append(record(raw.page_id, raw))
        try:
            article = parse_raw_page(raw, analyzer)
        except ParseFailure:
            continue
        articles.append(record(article.id, article))
    return articles, raws


def build(records: list[Record], codec: int) -> bytes:
    builder = DefaultRecordBatchBuilder(
        magic=2,
        compression_type=codec,
        is_transactional=0,
        producer_id=1,
        producer_epoch=0,
        base_sequence=0,
        batch_size=64 * 1024 * 1024,
    )
    for offset, item in enumerate(records):
        builder.append(offset, 1715256000000, item.key, item.value, item.headers)
    return bytes(builder.build())


def read(batch: bytes) -> int:
    return sum(len(r.value or b"") for r in DefaultRecordBatch(batch))


def cpu_ms(work: Callable[[], object], rounds: int) -> float:
    """Median CPU milliseconds of one call."""
    samples = []
    for _ in range(rounds):
        started = time.process_time_ns()
        work()
        samples.append((time.process_time_ns() - started) / 1e6)
    return statistics.median(samples)


def batches(events: list[Record], size: int) -> list[list[Record]]:
    """Consecutive batches of `size` distinct events (the last one may be short)."""
    return [events[i : i + size] for i in range(0, len(events), size)]


def measure(name: str, events: list[Record], sizes: list[int], rounds: int) -> None:
    print(f"\n{name}: {len(events)} events, {sum(len(e.value) for e in events) / 1024:.0f} KiB")
    print(
        f"{'batch':>5}  {'codec':5}  {'wire KiB':>8}  {'ratio':>6}  "
        f"{'compress ms':>11}  {'decompress ms':>13}  {'MiB/s in':>8}"
    )
    for size in sizes:
        groups = batches(events, size)
        plain = sum(len(build(g, CODECS["none"])) for g in groups)
        for codec_name, codec in CODECS.items():
            wire = sum(len(build(g, codec)) for g in groups)
            built = [build(g, codec) for g in groups]
            compress = cpu_ms(lambda c=codec, gs=groups: [build(g, c) for g in gs], rounds)
            compress /= len(groups)
            decompress = cpu_ms(lambda b=built: [read(x) for x in b], rounds) / len(groups)
            rate = (plain / len(groups)) / (compress / 1000) / 2**20 if compress else float("inf")
            print(
                f"{size:>5}  {codec_name:5}  {wire / 1024:>8.1f}  {plain / wire:>5.2f}x  "
                f"{compress:>11.3f}  {decompress:>13.3f}  {rate:>8.0f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed repetitions per cell")
    parser.add_argument("--no-nlp", dest="nlp", action="store_false", help="skip spaCy")
    args = parser.parse_args()
    if not (has_lz4() and has_zstd()):
        print("lz4 and zstd need cramjam (aiokafka[zstd]); run from the project's .venv")
        return 1
    articles, raws = make_events(args.nlp)
    measure("Article events (newsroom.articles.v1)", articles, [1, 4, len(articles)], args.rounds)
    measure("RawPage events (newsroom.raw-pages.v1)", raws, [1, 4], args.rounds)
    print("\nreadable without extras:")
    for codec_name, readers in READERS.items():
        print(f"  {codec_name:5} {readers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
