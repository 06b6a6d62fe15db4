"""The faults of a chaos run, in seconds after the site begins releasing pages.

One at a time first (a broker, an Elasticsearch node, then one instance of each service), each
restarted after a while; then a server and a service instance down together: a broker with a
fetcher, and an Elasticsearch node with an indexer.
"""

from __future__ import annotations

from tests.chaos.run import Fault


def default_schedule(scale: float = 1.0) -> list[Fault]:
    """Six groups of faults, each after the last is back and settled: about five minutes on
    an idle machine, longer where node restarts are slow (`scale` stretches the times)."""
    faults = [
        Fault(20, "kafka-2", 25),
        Fault(0, "elasticsearch-2", 20),
        Fault(0, "fetcher-1", 12),
        Fault(0, "parser-1", 12),
        Fault(0, "indexer-1", 12),
        # Overlapping: the broker's and the fetcher's downtimes cross.
        Fault(0, "kafka-3", 25),
        Fault(5, "fetcher-2", 12, with_previous=True),
        # Overlapping: an Elasticsearch node and an indexer.
        Fault(0, "elasticsearch-1", 20),
        Fault(5, "indexer-2", 10, with_previous=True),
    ]
    return [
        Fault(f.at * scale, f.target, f.down_for * scale, f.with_previous, f.settle * scale)
        for f in faults
    ]
