"""The pipeline under load while servers and service instances are killed with SIGKILL.

Three Kafka nodes (topics with 3 replicas, min.insync.replicas=2) and three Elasticsearch nodes
(the `cluster` fixture); two fetchers (discovery and fetch worker in each process), two parsers
(no NLP: this is about delivery) and two indexers, each a process of its own; at least 5,000
pages over 50 loopback hosts, released at 10 a second for as long as the faults last. One
broker, one Elasticsearch node and one instance of each service are killed one at a time and
restarted, then a broker with a fetcher and an Elasticsearch node with an indexer at
overlapping times (tests/chaos/schedule.py).

At the end every URL is exactly one document or (the pages that answer 404) one dead letter.
A page may be fetched twice only where a fault cut work short: its first fetch began between
5 s before a kill and 30 s after the restart (at-least-once); and no two fetchers may ever have
had requests open to one host at the same moment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chaos.run import ChaosRun, RunConfig
from tests.chaos.schedule import default_schedule
from tests.conftest import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.cluster, pytest.mark.chaos]


class ClusterServers:
    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def kill(self, node: str) -> None:
        self.cluster.kill(node)

    def restart(self, node: str) -> None:
        self.cluster.restart(node)


@pytest.mark.timeout(1500)
async def test_every_url_is_one_document_or_one_dead_letter_through_kills(
    cluster: Cluster, tmp_path: Path
) -> None:
    run = ChaosRun(
        RunConfig(hosts=50, pages=5000, rate=10.0, faults=default_schedule()),
        cluster.kafka_bootstrap_servers,
        ",".join(cluster.elasticsearch_urls),
        ClusterServers(cluster),
        tmp_path,
    )
    report = await run.run()
    for line in report.lines() + report.lag_curve(30):
        print(line)
    a = report.accounting
    assert a.expected_pages >= 4950 and a.expected_missing >= 50
    assert not a.lost, a.lost[:10]
    assert a.duplicate_documents == 0
    assert a.documents == a.indexed == a.expected_pages
    assert not a.pages_dead_lettered, list(a.pages_dead_lettered.items())[:10]
    assert not a.missing_indexed and not a.unexpected
    assert a.dead_lettered == a.expected_missing
    # One dead letter per 404 page, but for pages asked for again after a kill.
    assert a.dead_letters - a.dead_lettered <= report.missing_fetched_twice
    assert not report.unexplained_refetches, report.unexplained_refetches[:10]
    assert not report.overlaps, report.overlaps[:5]
    assert not report.crashed
    # Every kill happened under load and the pipeline came back from each.
    assert all(r.recovered_at is not None for r in report.faults), report.lines()
