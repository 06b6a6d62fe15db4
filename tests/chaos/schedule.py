"""The faults of a chaos run, in seconds after the site begins releasing pages.

One at a time first (a broker, an Elasticsearch node, then one instance of each service), each
restarted after a while; then a server and a service instance down together: a broker with a
fetcher, and an Elasticsearch node with an indexer.
"""

from __future__ import annotations

from tests.chaos.run import Fault


def default_schedule(scale: float = 1.0) -> list[Fault]:
    """About six minutes of faults (`scale` stretches or shrinks the times)."""
    faults = [
        Fault(20, "kafka-2", 25),
        Fault(70, "elasticsearch-2", 20),
        Fault(130, "fetcher-1", 12),
        Fault(165, "parser-1", 12),
        Fault(200, "indexer-1", 12),
        # Overlapping: the broker's and the fetcher's downtimes cross.
        Fault(235, "kafka-3", 25),
        Fault(240, "fetcher-2", 12),
        # Overlapping: an Elasticsearch node and an indexer.
        Fault(290, "elasticsearch-1", 20),
        Fault(295, "indexer-2", 10),
    ]
    return [Fault(f.at * scale, f.target, f.down_for * scale) for f in faults]
