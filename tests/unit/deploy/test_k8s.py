"""deploy/k8s/: valid Kubernetes objects that run real commands with real settings.

Validated offline against the Kubernetes 1.37 OpenAPI schemas that kubernetes-validate bundles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from pydantic_settings import BaseSettings

from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.sources import parse_sources
from newsroom_indexer.settings import IndexerSettings
from newsroom_parser.settings import ParserSettings
from newsroom_shared import __version__
from newsroom_shared.dead_letters import DeadLetterSettings
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings, TopicSettings
from newsroom_shared.topics import ARTICLES, FRONTIER, RAW_PAGES, SOURCES
from tests.command_lines import resolve, scripts_of_members

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.37"
SECRET_TEMPLATE = "secret.example.yaml"
COMPOSE_SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]

# The settings classes each command reads (besides nothing else: extra env vars are ignored).
SETTINGS_OF: dict[tuple[str, ...], tuple[type[BaseSettings], ...]] = {
    ("newsroom-fetcher", "run", "--role", "discover"): (FetcherSettings, KafkaSettings),
    ("newsroom-fetcher", "run", "--role", "fetch"): (FetcherSettings, KafkaSettings),
    ("newsroom-parser", "run"): (ParserSettings, KafkaSettings),
    ("newsroom-indexer", "run"): (IndexerSettings, KafkaSettings, ElasticsearchSettings),
    ("newsroom", "topics", "apply"): (KafkaSettings, TopicSettings),
    ("newsroom", "es", "apply"): (IndexerSettings, KafkaSettings, ElasticsearchSettings),
    ("newsroom", "es", "kibana-import", "--kibana-url", "http://kibana:5601"): (
        ElasticsearchSettings,
    ),
}
# Every service that writes dead letters reads the dead-letter key's settings too.
for _argv, _classes in SETTINGS_OF.items():
    if _argv[0] in ("newsroom-fetcher", "newsroom-parser", "newsroom-indexer"):
        SETTINGS_OF[_argv] = (*_classes, DeadLetterSettings)
ALL_SETTINGS = {cls for classes in SETTINGS_OF.values() for cls in classes}
SERVICES = ("fetcher", "parser", "indexer")


def env_names(cls: type[BaseSettings]) -> set[str]:
    """The variables a settings class reads: its prefix plus each field (nested settings aside:
    they read their own prefix)."""
    prefix = cls.model_config.get("env_prefix", "")
    return {
        f"{prefix}{name}".upper()
        for name, field in cls.model_fields.items()
        if not (isinstance(field.annotation, type) and issubclass(field.annotation, BaseSettings))
    }


KNOWN_NAMES = set().union(*(env_names(cls) for cls in ALL_SETTINGS))
KNOWN_PREFIXES = {cls.model_config["env_prefix"] for cls in ALL_SETTINGS}


def manifests(*, with_template: bool = True) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml" or (
            path.name == SECRET_TEMPLATE and not with_template
        ):
            continue
        found += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] == kind}


def deployment(service: str) -> dict[str, Any]:
    return of_kind("Deployment")[f"newsroom-{service}"]


def container(workload: dict[str, Any]) -> dict[str, Any]:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def workloads() -> list[dict[str, Any]]:
    return [*of_kind("Deployment").values(), *of_kind("Job").values()]


def env(workload: dict[str, Any]) -> dict[str, str]:
    """Variables with a value in the manifest (those from a Secret aside)."""
    return {
        item["name"]: item["value"]
        for item in container(workload).get("env", [])
        if "value" in item
    }


def secret_refs(workload: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Variables taken from a Secret: name -> (Secret, key)."""
    return {
        item["name"]: (ref["name"], ref["key"])
        for item in container(workload).get("env", [])
        if (ref := item.get("valueFrom", {}).get("secretKeyRef"))
    }


def test_every_manifest_is_valid_for_kubernetes_1_37() -> None:
    checked = manifests()
    assert {doc["kind"] for _, doc in checked} >= {
        "Namespace",
        "ConfigMap",
        "Secret",
        "Job",
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    }
    for file_name, doc in checked:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{file_name}: {doc['kind']}/{doc['metadata']['name']}: {exc.message}")


def test_the_validator_rejects_a_misspelt_field() -> None:
    broken = deployment("indexer")
    broken["spec"]["replica"] = broken["spec"].pop("replicas")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest_except_the_secret_template() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", SECRET_TEMPLATE}
    assert set(kustomization["resources"]) == files
    for file_name, doc in manifests():
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == kustomization["namespace"], file_name


def test_secret_template_holds_placeholders_only() -> None:
    secrets = of_kind("Secret")
    assert secrets
    for secret in secrets.values():
        assert secret["stringData"] and set(secret["stringData"].values()) == {"REPLACE_ME"}


# The principal each workload runs as (docs/security.md), and whether it has an API key and
# writes dead letters.
PRINCIPAL_OF = {
    "newsroom-discovery": ("discovery", False, True),
    "newsroom-fetcher": ("fetcher", False, True),
    "newsroom-parser": ("parser", False, True),
    "newsroom-indexer": ("indexer", True, True),
    "newsroom-topics-apply": ("ops", False, False),
    "newsroom-es-apply": ("ops", True, False),
    "newsroom-kibana-import": ("ops", True, False),
}


def test_every_workload_takes_its_own_principals_credentials_from_secrets() -> None:
    secrets = of_kind("Secret")
    for workload in workloads():
        name = workload["metadata"]["name"]
        principal, has_key, writes_letters = PRINCIPAL_OF[name]
        wanted = {
            "NEWSROOM_KAFKA_SASL_USERNAME": (f"newsroom-{principal}-kafka", "username"),
            "NEWSROOM_KAFKA_SASL_PASSWORD": (f"newsroom-{principal}-kafka", "password"),
        }
        if has_key:
            wanted["NEWSROOM_ES_API_KEY"] = (f"newsroom-{principal}-es", "api-key")
        if writes_letters:
            wanted["NEWSROOM_DEAD_LETTER_KEY"] = ("newsroom-dead-letter-key", "key")
        assert secret_refs(workload) == wanted, name
        for secret, key in wanted.values():
            assert key in secrets[secret]["stringData"], (name, secret, key)
        # No secret in a ConfigMap or a plain value, no Secret read whole.
        assert not {"NEWSROOM_KAFKA_SASL_PASSWORD", "NEWSROOM_ES_API_KEY"} & set(env(workload))
        assert all("secretRef" not in source for source in container(workload)["envFrom"])


def command_line(workload: dict[str, Any]) -> tuple[str, ...]:
    spec = container(workload)
    return (*spec["command"], *spec["args"])


def test_containers_run_commands_their_images_provide() -> None:
    members = scripts_of_members()
    for workload in workloads():
        spec = container(workload)
        argv = command_line(workload)
        package = members.get(argv[0])
        assert spec["image"] == f"{package}:{__version__}", workload["metadata"]["name"]
        assert argv in SETTINGS_OF, argv
        resolve(list(argv))


def test_every_environment_variable_is_a_setting_its_service_reads() -> None:
    config = {name: doc for name, doc in of_kind("ConfigMap").items() if name != "newsroom-sources"}
    secrets = of_kind("Secret")
    for workload in workloads():
        spec = container(workload)
        readable = set().union(*(env_names(cls) for cls in SETTINGS_OF[command_line(workload)]))
        unknown = set(env(workload)) - readable
        assert not unknown, f"{workload['metadata']['name']} sets {unknown}, which it never reads"
        for source in spec["envFrom"]:
            ref = source.get("configMapRef") or source["secretRef"]
            objects = config if "configMapRef" in source else secrets
            if ref.get("optional") and ref["name"] not in objects:
                continue
            data = objects[ref["name"]].get("data") or objects[ref["name"]]["stringData"]
            assert set(data) <= KNOWN_NAMES, set(data) - KNOWN_NAMES


def test_every_variable_named_in_the_directory_exists() -> None:
    # Comments and the README too: the commented alternatives are what people uncomment.
    for path in sorted(K8S.iterdir()):
        for token in set(re.findall(r"\bNEWSROOM_[A-Z0-9_]+", path.read_text())):
            if token.endswith("_"):
                assert token in KNOWN_PREFIXES, f"{path.name}: {token}*"
            else:
                assert token in KNOWN_NAMES, f"{path.name}: {token} is not a setting"


def _compose_port(service: str) -> int:
    (mapping,) = COMPOSE_SERVICES[service]["ports"]
    return int(mapping.split(":")[-1])


def test_ports_and_probes_agree_with_the_settings_and_compose() -> None:
    port_setting = {
        "fetcher": "NEWSROOM_FETCHER_METRICS_PORT",
        "parser": "NEWSROOM_PARSER_METRICS_PORT",
        "indexer": "NEWSROOM_INDEXER_METRICS_PORT",
    }
    services = of_kind("Service")
    for service in SERVICES:
        workload = deployment(service)
        spec = container(workload)
        (port,) = spec["ports"]
        assert port["containerPort"] == int(env(workload)[port_setting[service]])
        assert port["containerPort"] == _compose_port(service)
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert spec[probe]["httpGet"] == {"path": "/health", "port": port["name"]}, probe
        (service_port,) = services[f"newsroom-{service}"]["spec"]["ports"]
        assert service_port["port"] == port["containerPort"]
        selector = services[f"newsroom-{service}"]["spec"]["selector"]
        assert selector.items() <= workload["spec"]["template"]["metadata"]["labels"].items()


def test_every_container_has_requests_and_limits() -> None:
    for workload in workloads():
        resources = container(workload)["resources"]
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources[bound]), workload["metadata"]["name"]


def test_consumer_parallelism_stays_within_the_partitions() -> None:
    # Discovery instances share the sources, fetch workers the frontier, each as a group.
    assert 1 < deployment("discovery")["spec"]["replicas"] <= SOURCES.partitions
    assert 1 < deployment("fetcher")["spec"]["replicas"] <= FRONTIER.partitions
    hpa = of_kind("HorizontalPodAutoscaler")["newsroom-parser"]["spec"]
    assert hpa["scaleTargetRef"]["name"] in of_kind("Deployment")
    assert "replicas" not in deployment("parser")["spec"], "the autoscaler owns the count"
    assert hpa["minReplicas"] <= hpa["maxReplicas"] <= RAW_PAGES.partitions
    assert deployment("indexer")["spec"]["replicas"] <= ARTICLES.partitions


def test_disruption_budgets_select_their_deployment() -> None:
    budgets = of_kind("PodDisruptionBudget")
    assert set(budgets) == {"newsroom-parser", "newsroom-indexer"}
    for name, budget in budgets.items():
        labels = of_kind("Deployment")[name]["spec"]["template"]["metadata"]["labels"]
        assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_parser_runs_one_worker_per_requested_cpu() -> None:
    parser = deployment("parser")
    cpu = container(parser)["resources"]["requests"]["cpu"]
    assert int(env(parser)["NEWSROOM_PARSER_WORKERS"]) == int(cpu)


def test_the_fetcher_reads_a_valid_sources_file_from_its_config_map() -> None:
    sources = of_kind("ConfigMap")["newsroom-sources"]
    (file_name,) = sources["data"]
    assert parse_sources(sources["data"][file_name], f"sources.yaml:{file_name}")
    path = Path(of_kind("ConfigMap")["newsroom-config"]["data"]["NEWSROOM_FETCHER_SOURCES_FILE"])
    fetcher = deployment("fetcher")["spec"]["template"]["spec"]
    (mount,) = [m for m in fetcher["containers"][0]["volumeMounts"] if m["name"] == "sources"]
    (volume,) = [v for v in fetcher["volumes"] if v["name"] == "sources"]
    assert (Path(mount["mountPath"]), file_name) == (path.parent, path.name)
    assert volume["configMap"]["name"] == "newsroom-sources"


def test_topics_are_replicated_three_times_and_writes_need_two() -> None:
    data = of_kind("ConfigMap")["newsroom-config"]["data"]
    assert data["NEWSROOM_TOPICS_REPLICATION_FACTOR"] == "3"
    assert data["NEWSROOM_TOPICS_MIN_INSYNC_REPLICAS"] == "2"
