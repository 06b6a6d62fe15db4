"""docker-compose.yml: valid, same versions as the local stack, every command really exists.

No Docker engine runs here, so this is what can be checked without one.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from newsroom_shared import versions
from tests.command_lines import is_group, resolve, scripts_of_members

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_file_follows_the_compose_specification() -> None:
    checker = shutil.which("check-jsonschema") or str(
        Path(__file__).resolve().parents[3] / ".venv" / "bin" / "check-jsonschema"
    )
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_images_match_the_versions_the_tests_run() -> None:
    assert SERVICES["kafka"]["image"] == versions.KAFKA_IMAGE
    assert SERVICES["elasticsearch"]["image"] == versions.ELASTICSEARCH_IMAGE
    assert SERVICES["kibana"]["image"] == versions.KIBANA_IMAGE
    assert SERVICES["init-kibana"]["image"] == versions.KIBANA_IMAGE
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(rf"^FROM {re.escape(versions.PYTHON_IMAGE)}$", dockerfile, re.M)


def test_resolving_tells_groups_from_commands() -> None:
    assert not is_group(resolve(["newsroom", "topics", "apply"]))
    with pytest.raises(AssertionError):
        resolve(["newsroom", "topics"])
    with pytest.raises(AssertionError):
        resolve(["newsroom", "no-such-command"])


def test_every_built_service_runs_a_command_its_image_provides() -> None:
    built = {name: spec for name, spec in SERVICES.items() if "build" in spec}
    assert {"fetcher", "parser", "indexer", "init-topics", "init-elasticsearch"} <= set(built)
    members = scripts_of_members()
    for name, spec in built.items():
        package = spec["build"]["args"]["PACKAGE"]
        assert spec["image"] == f"{package}:local", name
        if spec["command"][:2] == ["python", "-m"]:
            # A module of the image's own member, run by the image's Python.
            module = spec["command"][2]
            assert module.split(".")[0] == package.replace("-", "_"), f"{name}: {module}"
            assert importlib.util.find_spec(module) is not None, f"{name}: no module {module}"
            continue
        script = spec["command"][0]
        assert members.get(script) == package, f"{name}: the {package} image has no {script}"
        resolve(spec["command"])


def test_each_service_image_holds_only_its_own_member() -> None:
    for service in ("fetcher", "parser", "indexer"):
        assert SERVICES[service]["build"]["args"]["PACKAGE"] == f"newsroom-{service}"


def test_dependencies_and_health() -> None:
    for name, spec in SERVICES.items():
        for needed, condition in (spec.get("depends_on") or {}).items():
            assert needed in SERVICES, f"{name} depends on unknown {needed}"
            wanted = condition["condition"]
            if wanted == "service_healthy":
                assert "healthcheck" in SERVICES[needed], f"{needed} has no healthcheck"
            if wanted == "service_completed_successfully":
                assert SERVICES[needed].get("restart") == "no", f"{needed} is not a one-off job"
        if "build" in spec and spec.get("restart") != "no":
            assert "healthcheck" in spec, f"long-running {name} has no healthcheck"
            assert spec["deploy"]["resources"]["limits"]["memory"]


def test_kibana_saved_objects_are_mounted_from_the_repository() -> None:
    mount = SERVICES["init-kibana"]["volumes"][0].split(":")[0]
    folder = (ROOT / mount).resolve()
    assert folder.is_dir() and list(folder.glob("*.ndjson")), f"no saved objects in {folder}"


def test_services_use_the_settings_variables_that_exist() -> None:
    from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

    env = COMPOSE["x-service-env"]
    assert KafkaSettings(bootstrap_servers=env["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"])
    assert "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS" in env and "NEWSROOM_ES_URL" in env
    assert ElasticsearchSettings.model_config["env_prefix"] == "NEWSROOM_ES_"


def _mounts(service: str) -> dict[str, str]:
    """Container path -> volume or host path, for a service's short-syntax volumes."""
    return {v.split(":")[1]: v.split(":")[0] for v in SERVICES[service].get("volumes", [])}


def test_kafka_keeps_its_logs_on_its_volume() -> None:
    kafka = SERVICES["kafka"]
    log_dirs = kafka["environment"]["KAFKA_LOG_DIRS"]
    assert _mounts("kafka")[log_dirs] in COMPOSE["volumes"], "the logs are on a named volume"
    # A recreated container must bring the cluster id the volume was formatted with.
    assert kafka["environment"]["CLUSTER_ID"]


def test_the_kafka_volume_belongs_to_the_brokers_user_before_it_starts() -> None:
    job = SERVICES["kafka-data"]
    log_dirs = SERVICES["kafka"]["environment"]["KAFKA_LOG_DIRS"]
    assert job["image"] == versions.KAFKA_IMAGE and job["user"].split(":")[0] == "0"
    assert _mounts("kafka-data")[log_dirs] == _mounts("kafka")[log_dirs]
    assert f"chown -R 1000:0 {log_dirs}" in job["command"][0]  # apache/kafka runs as uid 1000
    needed = SERVICES["kafka"]["depends_on"]["kafka-data"]["condition"]
    assert needed == "service_completed_successfully"


def test_the_kafka_health_check_starts_no_jvm() -> None:
    check = " ".join(SERVICES["kafka"]["healthcheck"]["test"])
    assert "/opt/kafka/bin" not in check and "java" not in check
    assert "/dev/tcp/127.0.0.1/9092" in check


def test_services_with_a_process_pool_run_under_an_init() -> None:
    pooled = [n for n, s in SERVICES.items() if s.get("command", [None])[0] == "newsroom-parser"]
    assert pooled == ["parser"]
    for name in pooled:
        assert SERVICES[name].get("init") is True, name


def test_the_demo_profile_fetches_the_sample_site_it_serves() -> None:
    from newsroom_fetcher.sources import parse_sources
    from newsroom_ops.demo.sample_site import sources_yaml

    site, fetcher = SERVICES["sample-site"], SERVICES["fetcher-sample-site"]
    assert site["profiles"] == fetcher["profiles"] == ["demo"]
    assert all("profiles" not in SERVICES[n] for n in ("fetcher", "parser", "indexer", "kibana"))
    command = site["command"]
    base_url = command[command.index("--base-url") + 1]
    assert base_url.split("//")[1].split(":")[0] == "sample-site" and "sample-site" in SERVICES
    allowed = json.loads(fetcher["environment"]["NEWSROOM_FETCHER_SSRF_ALLOW"])
    assert "sample-site" in allowed
    sources_file = ROOT / _mounts("fetcher-sample-site")["/etc/newsroom/sources.yaml"]
    assert parse_sources(sources_file.read_text()) == parse_sources(sources_yaml(base_url))
    assert fetcher["environment"]["NEWSROOM_FETCHER_SOURCES_FILE"] == "/etc/newsroom/sources.yaml"
    assert fetcher["depends_on"]["sample-site"]["condition"] == "service_healthy"


def test_published_ports_listen_on_loopback_unless_told_otherwise() -> None:
    """The stack has no authentication: its ports must not face the network by default."""
    published = [
        (name, mapping) for name, spec in SERVICES.items() for mapping in spec.get("ports", [])
    ]
    assert published
    for name, mapping in published:
        assert isinstance(mapping, str), name
        assert mapping.startswith("${NEWSROOM_PUBLISH_ADDRESS:-127.0.0.1}:"), (name, mapping)
