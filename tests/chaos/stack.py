"""A dev stack of its own for the benchmark scripts: free ports, small heaps, kill and restart
per node (the same node names as the `cluster` fixture's)."""

from __future__ import annotations

import os
import time

from newsroom_ops.devstack import DevStack, DevStackSettings
from newsroom_ops.devstack.process import free_port_bases
from newsroom_ops.devstack.stack import PORT_STRIDE


def start_stack(kafka_nodes: int, es_nodes: int, purpose: str) -> DevStack:
    count = max(kafka_nodes, es_nodes)
    kafka, controller, es, transport = free_port_bases(4, count, PORT_STRIDE)
    small = count > 1
    settings = DevStackSettings(
        kafka_nodes=kafka_nodes,
        es_nodes=es_nodes,
        kafka_port=kafka,
        kafka_controller_port=controller,
        es_port=es,
        es_transport_port=transport,
        # Six JVMs on a small machine: the heaps the cluster tests use.
        kafka_heap="256m" if small else "512m",
        es_heap="512m" if small else "1g",
    )
    stack = DevStack(settings, name=f"bench-{purpose}-{os.getpid()}")
    began = time.monotonic()
    try:
        stack.up()
    except BaseException:
        stack.down(remove_data=True)
        raise
    print(
        f"{kafka_nodes} Kafka + {es_nodes} Elasticsearch nodes up in "
        f"{time.monotonic() - began:.0f}s",
        flush=True,
    )
    return stack


class StackServers:
    """kill -9 / restart of one node, for tests.chaos.run."""

    def __init__(self, stack: DevStack) -> None:
        self.stack = stack

    def kill(self, node: str) -> None:
        self.stack.kill(node)

    def restart(self, node: str) -> None:
        self.stack.start_node(node)
