"""deploy/prometheus/METRICS.md documents every metric the services register, and only those."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from prometheus_client.metrics import MetricWrapperBase

REFERENCE = Path(__file__).resolve().parents[3] / "deploy" / "prometheus" / "METRICS.md"


def registered() -> set[str]:
    names = set()
    modules = [
        f"newsroom_{service}.metrics" for service in ("fetcher", "parser", "indexer", "clusterer")
    ]
    for name in [*modules, "newsroom_shared.runtime.metrics"]:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, MetricWrapperBase):
                suffix = "_total" if value._type == "counter" else ""
                names.add(value._name + suffix)
    return names


def test_reference_lists_exactly_the_registered_metrics() -> None:
    documented = set(re.findall(r"^\| `(newsroom_[a-z_]+)` \|", REFERENCE.read_text(), re.M))
    assert registered(), "no metrics found: the modules moved?"
    assert registered() - documented == set(), "undocumented metrics"
    assert documented - registered() == set(), "documented metrics that do not exist"
