"""The pipeline under load while servers and service instances are killed: nothing may be lost.

usage: python benchmarks/chaos.py [--pages 5000] [--hosts 50] [--rate 10] [--json FILE]
                                  [--schedule default|none] [--keep]
       python benchmarks/chaos.py --broker-outage 60

Starts its own three-node Kafka (topics with 3 replicas, min.insync.replicas=2) and three-node
Elasticsearch on free ports (the dev stack, small heaps), a loopback site of `--hosts` hosts
(127.0.0.10 upwards) that releases pages at `--rate` per second until the faults are over and
at least `--pages` are out, and two instances of
each service as processes: fetchers running discovery and fetch together (`--role both`),
parsers without NLP, indexers. While pages flow, it kills with SIGKILL one broker, one
Elasticsearch node and one instance of each service, one at a time, restarting each after a
while, then a broker together with a fetcher and an Elasticsearch node together with an indexer.
At the end every URL must be exactly one document or one dead letter.

It prints: lost URLs, duplicate documents, pages fetched twice (and whether each refetch
followed a kill), moments two fetchers fetched from one host at once, each kill's time to
recover, the lag of each service over time, and CPU per page per service. Exits 1 if anything
was lost or duplicated.

With --broker-outage SECONDS it runs tests/chaos/outage.py instead: a single Kafka node of its
own, killed with SIGKILL in the middle of a crawl of twenty hosts (sources polled once an hour)
and started again SECONDS later; every page answered must reach the raw-pages topic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.chaos.run import ChaosRun, Fault, RunConfig
from tests.chaos.schedule import default_schedule
from tests.chaos.stack import StackServers, start_stack


def broker_outage_run(seconds: float) -> int:
    from tests.chaos.outage import broker_outage, own_kafka

    with own_kafka() as node:
        report = asyncio.run(broker_outage(node, seconds))
    for line in report.lines():
        print(line)
    return 1 if report.lost or report.fetched_twice else 0


def main() -> None:
    # A plain `kill` stops the run the way Ctrl-C does: servers and services are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--rate", type=float, default=10.0, help="pages released per second")
    parser.add_argument("--schedule", choices=("default", "none"), default="default")
    parser.add_argument("--nodes", type=int, default=3, help="Kafka and Elasticsearch nodes")
    parser.add_argument("--json", type=Path, help="write the full report (samples too) here")
    parser.add_argument("--keep", action="store_true", help="keep the logs' work directory")
    parser.add_argument("--broker-outage", type=float, metavar="SECONDS")
    args = parser.parse_args()
    if args.broker_outage is not None:
        sys.exit(broker_outage_run(args.broker_outage))

    faults: list[Fault] = default_schedule() if args.schedule == "default" else []
    rf = min(3, args.nodes)
    config = RunConfig(
        hosts=args.hosts,
        pages=args.pages,
        rate=args.rate,
        faults=faults,
        replication_factor=rf,
        min_insync_replicas=min(2, rf),
        es_shards=args.nodes,
    )
    load = os.getloadavg()
    print(
        f"load average before the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    stack = start_stack(args.nodes, args.nodes, "chaos")
    work = Path(tempfile.mkdtemp(prefix="newsroom-chaos-"))
    try:
        info = stack.recorded()
        assert info is not None
        run = ChaosRun(
            config,
            info.kafka_bootstrap_servers,
            info.elasticsearch_url,
            StackServers(stack),
            work,
            log=lambda line: print(line, flush=True),
        )
        began = time.monotonic()
        report = asyncio.run(run.run())
        print(f"\nrun took {time.monotonic() - began:.0f}s; logs in {work}")
        for line in report.lines():
            print(line)
        print("lag over time (committed offsets behind the end, per service):")
        for line in report.lag_curve():
            print(line)
        if args.json:
            args.json.write_text(report.to_json())
        load = os.getloadavg()
        print(f"load average after the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
        ok = report.accounting.whole and not report.unexplained_refetches
        ok = ok and not report.overlaps and not report.crashed
        sys.exit(0 if ok else 1)
    finally:
        stack.down(remove_data=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
