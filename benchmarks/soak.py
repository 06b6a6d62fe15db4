"""Soak: the pipeline at a steady rate for a long time; does anything grow without bound?

usage: python benchmarks/soak.py [--minutes 35] [--rate 3] [--hosts 50] [--instances 1]
                                 [--nlp/--no-nlp] [--retention-minutes M] [--json FILE]

Starts its own single-node Kafka and Elasticsearch (free ports), the loopback site of
tests/chaos/site.py (pages released at `--rate` per second over `--hosts` hosts, each host's
sitemap listing its newest 100 pages, as a news sitemap does; every page names a person no
earlier page named, as news does), and each service as processes (the parser with NLP unless
--no-nlp). Every 10 s it records each service's resident memory (all processes of the
instance: the parser's extraction processes too) and every 5 s each consumer group's lag.

It prints memory and lag every five minutes and, at the end, each service's memory slope in
MB per hour: a least-squares line through the samples after the first ten minutes (start-up,
caches and Kafka client buffers filling), and the same over the last half of the run alone. A
slope that does not flatten is growth without bound.

What the services keep per page (the fetcher's URL state, the parser's revision memory) is
bounded by their retentions, 30 days by default: within a run of minutes it can only grow.
`--retention-minutes M` sets those retentions (and the fetcher's item age cut-off) to M
minutes, so that a run longer than M shows whether memory levels off once pages are forgotten.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.chaos.observe import LagSampler
from tests.chaos.run import SERVICES, ChaosRun, RunConfig
from tests.chaos.stack import start_stack

MB = 1024 * 1024


@dataclass
class MemorySample:
    at: float  # seconds since the release began
    rss: dict[str, int]  # instance name -> bytes
    cpu: dict[str, float]  # service -> CPU seconds so far


@dataclass
class Soak:
    run: ChaosRun
    minutes: float
    samples: list[MemorySample] = field(default_factory=list)

    async def go(self) -> LagSampler:
        run = self.run
        await run.prepare()
        took = await run.start_services()
        print(f"services healthy after {took:.0f}s; releasing pages", flush=True)
        run.began = time.monotonic()
        run.site.release()
        sampler = LagSampler(run.kafka, run.groups(), run.es, run.began, interval=5.0)
        stopping = asyncio.Event()
        sampling = asyncio.create_task(sampler.run(stopping))
        next_print = 0.0
        try:
            end = run.began + self.minutes * 60
            while time.monotonic() < end:
                if crashed := run.fleet.crashed():
                    raise RuntimeError(f"instances died: {crashed}")
                usage = run.fleet.sample()
                sample = MemorySample(
                    run.now(),
                    {name: u.rss_bytes for name, u in usage.items()},
                    run.fleet.cpu_by_service(),
                )
                self.samples.append(sample)
                if sample.at >= next_print:
                    next_print += 300
                    print(self.line(sample, sampler), flush=True)
                await asyncio.sleep(10)
        finally:
            stopping.set()
            await sampling
        return sampler

    def line(self, sample: MemorySample, sampler: LagSampler) -> str:
        memory = "  ".join(f"{name} {rss / MB:6.1f} MB" for name, rss in sample.rss.items())
        last = sampler.samples[-1] if sampler.samples else None
        lags = "  ".join(f"{s} {last.lags.get(s)}" for s in SERVICES) if last else "-"
        indexed = last.indexed if last else None
        return f"t={sample.at / 60:5.1f} min  {memory}  lag: {lags}  indexed {indexed}"


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per hour."""
    if len(points) < 3:
        return float("nan")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return 3600 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


def main() -> None:
    # A plain `kill` stops the run the way Ctrl-C does: servers and services are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--rate", type=float, default=3.0, help="pages per second")
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--instances", type=int, default=1, help="of each service")
    parser.add_argument("--nlp", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--retention-minutes",
        type=float,
        help="the fetcher's and the parser's state retention (default: theirs, 30 days)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    load = os.getloadavg()
    print(
        f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    stack = start_stack(1, 1, "soak")
    work = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    try:
        info = stack.recorded()
        assert info is not None
        config = RunConfig(
            hosts=args.hosts,
            # Enough pages for the whole run; the release never runs dry.
            pages=int(args.rate * args.minutes * 60) + args.hosts,
            rate=args.rate,
            poll_interval=10.0,
            instances=args.instances,
            parser_nlp=args.nlp,
            replication_factor=1,
            min_insync_replicas=1,
            es_shards=1,
            extra_env=retention_env(args.retention_minutes),
        )
        run = ChaosRun(config, info.kafka_bootstrap_servers, info.elasticsearch_url, None, work)
        run.site.pages = config.pages
        run.site.sitemap_window = 100
        soak = Soak(run, args.minutes)

        async def soak_then_stop() -> LagSampler:
            # The site is stopped on the loop it was started on: its connections belong there.
            try:
                return await soak.go()
            finally:
                run.fleet.stop()
                await run.site.stop()

        sampler = asyncio.run(soak_then_stop())
        report(soak, sampler, args)
    finally:
        stack.down(remove_data=True)
        shutil.rmtree(work, ignore_errors=True)
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def retention_env(minutes: float | None) -> dict[str, str]:
    if minutes is None:
        return {}
    days = str(minutes / 1440)
    return {
        "NEWSROOM_FETCHER_STATE_RETENTION_DAYS": days,
        "NEWSROOM_FETCHER_MAX_ITEM_AGE_HOURS": str(minutes / 60),
        "NEWSROOM_PARSER_REVISION_RETENTION_DAYS": days,
    }


def report(soak: Soak, sampler: LagSampler, args: argparse.Namespace) -> None:
    samples = soak.samples
    duration = samples[-1].at if samples else 0.0
    print(f"\n{duration / 60:.1f} minutes at {args.rate:g} pages/s; memory slope (MB/hour):")
    results: dict[str, dict[str, float]] = {}
    for name in samples[0].rss if samples else {}:
        after_warmup = [(s.at, s.rss[name] / MB) for s in samples if s.at >= 600]
        second_half = [(s.at, s.rss[name] / MB) for s in samples if s.at >= duration / 2]
        first = after_warmup[0][1] if after_warmup else float("nan")
        last = samples[-1].rss[name] / MB
        results[name] = {
            "slope_after_warmup": slope_per_hour(after_warmup),
            "slope_second_half": slope_per_hour(second_half),
            "at_10_min": first,
            "at_end": last,
            "peak": max(s.rss[name] for s in samples) / MB,
        }
        r = results[name]
        print(
            f"  {name:10} {r['at_10_min']:7.1f} MB at 10 min -> {r['at_end']:7.1f} MB at the end "
            f"(peak {r['peak']:.1f}); slope {r['slope_after_warmup']:+6.1f} MB/h after 10 min, "
            f"{r['slope_second_half']:+6.1f} MB/h over the second half"
        )
    print("lag (records behind, sampled every 5 s):")
    for service in SERVICES:
        known = [s.lags[service] for s in sampler.samples if s.lags.get(service) is not None]
        if known:
            print(
                f"  {service:8} median {statistics.median(known):6.0f}  p95 "
                f"{sorted(known)[int(0.95 * (len(known) - 1))]:6}  max {max(known):6}  "
                f"last {known[-1]}"
            )
    indexed = next((s.indexed for s in reversed(sampler.samples) if s.indexed), 0) or 0
    cpu = samples[-1].cpu if samples else {}
    print(
        f"indexed {indexed} pages; CPU per page: "
        + ", ".join(f"{s} {1000 * c / max(1, indexed):.1f} ms" for s, c in cpu.items())
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "memory": [{"at": s.at, "rss": s.rss} for s in samples],
                    "lags": [{"at": s.at, "lags": s.lags} for s in sampler.samples],
                    "results": results,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
