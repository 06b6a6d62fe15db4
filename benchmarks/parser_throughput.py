"""Parser throughput: the service end to end (Kafka in, Kafka out) next to bare extraction.

usage: python benchmarks/parser_throughput.py DATASET_DIR [--workers 1 2] [--repeat 3]
                                              [--nlp/--no-nlp]

DATASET_DIR is a folder of pages: html/<id>.html.gz (the article-body benchmark layout).
In one run it measures
  * bare: decode + extract (+ NLP with --nlp) in this process, page after page;
  * service: `newsroom parser run --workers W` as a separate process against the Kafka stack
    (NEWSROOM_KAFKA_BOOTSTRAP_SERVERS, default localhost:9092 — `newsroom dev up` starts one),
    from the first raw page produced to the last article read back, after a warm-up batch;
and prints pages/s and the CPU per page (all of the service's processes counted: the service
process and its workers) next to bare, and the service's peak memory. Rounds alternate bare and
service runs; ratios are taken within a round.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from newsroom_ops.devstack.process import free_port
from newsroom_parser.extract import ExtractionError, decode_html, extract_page
from newsroom_parser.nlp import NlpAnalyzer
from newsroom_shared.contracts import RawPage, raw_page_for
from newsroom_shared.kafka import apply_topics, make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES


def load_pages(dataset: Path) -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted((dataset / "html").glob("*.html.gz"))]


def bare(pages: list[bytes], nlp: bool) -> tuple[float, float]:
    """(pages per second, pages per CPU-second) of extraction in this one process."""
    analyzer = NlpAnalyzer() if nlp else None
    if analyzer:
        analyzer.analyze("Warm-up", None, ["Jane Doe said “this loads the model.”"], "en")
    started, cpu_started = time.perf_counter(), time.process_time()
    for data in pages:
        try:
            page = extract_page(decode_html(data), url="https://bench.example/")
        except ExtractionError:
            continue
        if analyzer:
            analyzer.analyze(page.title, page.subtitle, page.paragraphs, page.language)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return len(pages) / wall, len(pages) / cpu


def raw_pages(pages: list[bytes], tag: str) -> list[RawPage]:
    out = []
    for number, data in enumerate(pages):
        url = f"https://bench.example/{tag}/{number}"
        out.append(raw_page_for(url, data, source_id="bench", fetched_at=datetime.now(UTC)))
    return out


async def produce(settings: KafkaSettings, pages: list[RawPage]) -> None:
    producer = make_producer(settings, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        sends = [
            await producer.send(
                settings.topic(RAW_PAGES.name),
                encode(p),
                key=p.page_id.encode(),
                headers=headers_for(p),
            )
            for p in pages
        ]
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def wait_outputs(consumer: AIOKafkaConsumer, count: int, within: float) -> int:
    seen, deadline = 0, time.monotonic() + within
    while seen < count and time.monotonic() < deadline:
        for records in (await consumer.getmany(timeout_ms=200)).values():
            seen += len(records)
    return seen


def process_tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def cpu_seconds(pid: int, children: bool = True) -> float:
    """CPU time (user + system) used so far by a process (and, by default, its children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for current in process_tree(pid) if children else [pid]:
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def peak_rss_mib(pid: int) -> float:
    """Sum of the peak resident sizes (VmHWM) of a process and its children."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


async def service(pages: list[bytes], workers: int, nlp: bool, bootstrap: str) -> dict[str, float]:
    settings = KafkaSettings(
        bootstrap_servers=bootstrap, topic_prefix=f"bench{uuid.uuid4().hex[:8]}."
    )
    await apply_topics(settings)
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": settings.topic_prefix,
        "NEWSROOM_PARSER_GROUP_ID": f"{settings.topic_prefix}parser",
        "NEWSROOM_PARSER_WORKERS": str(workers),
        "NEWSROOM_PARSER_NLP": "true" if nlp else "false",
        "NEWSROOM_PARSER_METRICS_PORT": str(free_port()),
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - the service under test runs beside us
        [sys.executable, "-m", "newsroom_parser", "run", "--loglevel", "warn"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    consumer = AIOKafkaConsumer(
        settings.topic(ARTICLES.name),
        settings.topic(DEAD_LETTERS.name),
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    try:
        warm_up = raw_pages(pages[: workers * 4], "warm-up")
        await produce(settings, warm_up)
        if await wait_outputs(consumer, len(warm_up), 300) < len(warm_up):
            raise SystemExit("the parser service did not process the warm-up batch")
        measured = raw_pages(pages, "measured")
        cpu_before = cpu_seconds(process.pid)
        main_before = cpu_seconds(process.pid, children=False)
        started = time.perf_counter()
        await produce(settings, measured)
        done = await wait_outputs(consumer, len(measured), 1800)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(process.pid) - cpu_before
        main_cpu = cpu_seconds(process.pid, children=False) - main_before
        memory = peak_rss_mib(process.pid)
    finally:
        await consumer.stop()
        process.send_signal(signal.SIGTERM)
        process.wait(120)
    return {
        "pages_per_s": done / elapsed,
        "pages": done,
        "peak_rss_mib": memory,
        "pages_per_cpu_s": done / cpu if cpu else 0.0,
        "main_ms_per_page": 1000 * main_cpu / done if done else 0.0,
        "workers_ms_per_page": 1000 * (cpu - main_cpu) / done if done else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="Times the page set is sent.")
    parser.add_argument("--rounds", type=int, default=2, help="Alternating bare/service rounds.")
    parser.add_argument("--nlp", action=argparse.BooleanOptionalAction, default=False)
    args = parser.parse_args()
    bootstrap = os.environ.get("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")

    pages = load_pages(args.dataset)
    nlp = "on" if args.nlp else "off"
    print(f"{len(pages)} pages, sent {args.repeat}x per run; NLP {nlp}", flush=True)
    # This machine's speed drifts by tens of percent over minutes: every round measures bare
    # and service back to back, and the ratios are taken within a round.
    ratios: dict[int, list[float]] = {w: [] for w in args.workers}
    for number in range(1, args.rounds + 1):
        bare_rate, bare_per_cpu = bare(pages * args.repeat, args.nlp)
        print(
            f"round {number} bare: {bare_rate:.2f} pages/s, "
            f"{1000 / bare_per_cpu:.1f} ms CPU per page",
            flush=True,
        )
        for workers in args.workers:
            result = asyncio.run(service(pages * args.repeat, workers, args.nlp, bootstrap))
            per_cpu = result["pages_per_cpu_s"]
            ratios[workers].append(per_cpu / bare_per_cpu)
            print(
                f"round {number} service, {workers} worker(s): {result['pages_per_s']:.2f} "
                f"pages/s ({result['pages_per_s'] / bare_rate:.2f}x bare), "
                f"{per_cpu / bare_per_cpu:.2f}x bare per core; CPU per page: service process "
                f"{result['main_ms_per_page']:.1f} ms, workers {result['workers_ms_per_page']:.1f}"
                f" ms; peak memory {result['peak_rss_mib']:.0f} MiB",
                flush=True,
            )
    for workers, values in ratios.items():
        print(
            f"{workers} worker(s): throughput per core / bare, per round: "
            f"{', '.join(f'{v:.2f}' for v in values)} (median {statistics.median(values):.2f})"
        )


if __name__ == "__main__":
    main()
