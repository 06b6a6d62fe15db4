"""deploy/prometheus/prometheus.yml: parses, and scrapes every service where compose runs it."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
CONFIG = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
SERVICES = ("fetcher", "parser", "indexer")


def _container_ports(service: str) -> set[int]:
    return {int(str(mapping).split(":")[-1]) for mapping in COMPOSE[service]["ports"]}


def test_config_has_the_shape_prometheus_reads() -> None:
    assert set(CONFIG) <= {"global", "scrape_configs", "rule_files", "alerting"}
    jobs = [job["job_name"] for job in CONFIG["scrape_configs"]]
    assert len(jobs) == len(set(jobs)), "job names must be unique"
    for job in CONFIG["scrape_configs"]:
        assert job.get("metrics_path", "/metrics") == "/metrics"
        for group in job["static_configs"]:
            assert group["targets"], job["job_name"]


def test_every_service_is_scraped_on_its_compose_port() -> None:
    scraped: dict[str, set[int]] = {}
    for job in CONFIG["scrape_configs"]:
        for group in job["static_configs"]:
            for target in group["targets"]:
                host, port = target.rsplit(":", 1)
                assert host in COMPOSE, f"{target}: no compose service {host}"
                scraped.setdefault(host, set()).add(int(port))
    assert set(scraped) == set(SERVICES)
    for service in SERVICES:
        assert scraped[service] <= _container_ports(service), service
