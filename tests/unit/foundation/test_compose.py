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
KAFKA_NODES = [name for name in SERVICES if re.fullmatch(r"kafka-\d+", name)]
DEMO_ENV = ROOT / "deploy" / "compose" / "demo.env"


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
    assert KAFKA_NODES
    for node in KAFKA_NODES:
        assert SERVICES[node]["image"] == versions.KAFKA_IMAGE, node
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
    """Container path -> volume or host path, for a service's short-syntax volumes (a
    `${NAME:-default}` source taken at its default)."""
    volumes = [_interpolated(v, {}) for v in SERVICES[service].get("volumes", [])]
    return {v.split(":")[1]: v.split(":")[0] for v in volumes}


def test_kafka_keeps_its_logs_on_its_volume() -> None:
    volumes = []
    for node in KAFKA_NODES:
        kafka = SERVICES[node]
        log_dirs = kafka["environment"]["KAFKA_LOG_DIRS"]
        assert _mounts(node)[log_dirs] in COMPOSE["volumes"], "the logs are on a named volume"
        volumes.append(_mounts(node)[log_dirs])
        # A recreated container must bring the cluster id the volume was formatted with.
        assert kafka["environment"]["CLUSTER_ID"]
    assert len(set(volumes)) == len(KAFKA_NODES), "each node has a volume of its own"


def test_the_kafka_volume_belongs_to_the_brokers_user_before_it_starts() -> None:
    for node in KAFKA_NODES:
        job_name = f"{node}-data"
        job = SERVICES[job_name]
        log_dirs = SERVICES[node]["environment"]["KAFKA_LOG_DIRS"]
        assert job["image"] == versions.KAFKA_IMAGE and job["user"].split(":")[0] == "0"
        assert _mounts(job_name)[log_dirs] == _mounts(node)[log_dirs]
        assert f"chown -R 1000:0 {log_dirs}" in job["command"][0]  # apache/kafka: uid 1000
        needed = SERVICES[node]["depends_on"][job_name]["condition"]
        assert needed == "service_completed_successfully"


def test_the_kafka_health_check_starts_no_jvm() -> None:
    for node in KAFKA_NODES:
        check = " ".join(SERVICES[node]["healthcheck"]["test"])
        assert "/opt/kafka/bin" not in check and "java" not in check
        assert "/dev/tcp/127.0.0.1/9092" in check


def test_kafka_is_a_quorum_of_three_whose_topics_survive_a_node_down() -> None:
    from newsroom_shared.settings import TopicSettings

    assert len(KAFKA_NODES) == 3
    envs = [SERVICES[node]["environment"] for node in KAFKA_NODES]
    assert sorted(int(e["KAFKA_NODE_ID"]) for e in envs) == [1, 2, 3]
    assert len({e["CLUSTER_ID"] for e in envs}) == 1, "one cluster"
    for node, env in zip(KAFKA_NODES, envs, strict=True):
        assert SERVICES[node]["hostname"] == node
        assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
        # Every node knows every voter, at its own controller listener.
        voters = dict(v.split("@") for v in env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(","))
        controller = env["KAFKA_LISTENERS"].split("CONTROLLER://:")[1].split(",")[0]
        assert voters == {
            e["KAFKA_NODE_ID"]: f"{n}:{controller}" for n, e in zip(KAFKA_NODES, envs, strict=True)
        }
        advertised = env["KAFKA_ADVERTISED_LISTENERS"]
        assert f"INTERNAL://{node}:9092" in advertised.split(","), node
        # Kafka's own topics as safe as the project's.
        assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "2"
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
    # Each node's external listener is published on a port of its own, as it advertises it.
    external = {}
    for node, env in zip(KAFKA_NODES, envs, strict=True):
        (mapping,) = SERVICES[node]["ports"]
        host_port = mapping.rsplit(":", 2)[1]
        advertised = [a for a in env["KAFKA_ADVERTISED_LISTENERS"].split(",") if "EXTERNAL" in a]
        assert advertised == [f"EXTERNAL://localhost:{host_port}"], node
        external[node] = host_port
    assert len(set(external.values())) == 3
    # The services reach every node; topics apply lays the topics out over all three.
    bootstrap = COMPOSE["x-service-env"]["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"].split(",")
    assert bootstrap == [f"{node}:9092" for node in KAFKA_NODES]
    init = SERVICES["init-topics"]
    assert init["command"] == ["newsroom", "topics", "apply"]
    layout_env = {k: v for k, v in init["environment"].items() if k.startswith("NEWSROOM_TOPICS")}
    for name in layout_env:
        field = name.removeprefix("NEWSROOM_TOPICS_").lower()
        assert field in TopicSettings.model_fields, f"{name} is not a setting"
    layout = TopicSettings(
        **{k.removeprefix("NEWSROOM_TOPICS_").lower(): v for k, v in layout_env.items()}
    )
    assert (layout.replication_factor, layout.min_insync_replicas) == (3, 2)
    assert layout.replication_factor <= len(KAFKA_NODES)
    assert all(init["depends_on"][node]["condition"] == "service_healthy" for node in KAFKA_NODES)


def test_the_fetcher_runs_as_discovery_and_scaled_fetch_workers() -> None:
    from newsroom_fetcher.service import ROLES

    discovery, workers = SERVICES["discovery"], SERVICES["fetcher"]
    for spec, role in ((discovery, "discover"), (workers, "fetch")):
        command = spec["command"]
        assert command[:3] == ["newsroom-fetcher", "run", "--role"]
        assert command[3] == role and role in ROLES
        assert spec["build"]["args"]["PACKAGE"] == "newsroom-fetcher"
    assert "profiles" not in discovery and "profiles" not in workers
    replicas = workers["deploy"]["replicas"]
    assert replicas > 1
    # One published metrics port per worker: a range at least as long as the replicas.
    (mapping,) = workers["ports"]
    first, last = (int(p) for p in mapping.rsplit(":", 2)[1].split("-"))
    assert last - first + 1 >= replicas
    # Discovery polls what the sources topic holds: init-sources keeps it, before it starts.
    assert "--no-apply-sources" in discovery["command"]
    needed = discovery["depends_on"]["init-sources"]["condition"]
    assert needed == "service_completed_successfully"
    init = SERVICES["init-sources"]
    assert init["command"][:3] == ["newsroom", "sources", "apply"]
    assert init["command"][3] in _mounts("init-sources"), "applies the file it mounts"
    # Fetch workers refuse private addresses unless told otherwise.
    assert (
        workers["environment"]["NEWSROOM_FETCHER_SSRF_ALLOW"]
        == "${NEWSROOM_FETCHER_SSRF_ALLOW:-[]}"
    )


def test_services_with_a_process_pool_run_under_an_init() -> None:
    pooled = [n for n, s in SERVICES.items() if s.get("command", [None])[0] == "newsroom-parser"]
    assert pooled == ["parser"]
    for name in pooled:
        assert SERVICES[name].get("init") is True, name


def _demo_env() -> dict[str, str]:
    lines = DEMO_ENV.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def _interpolated(text: str, env: dict[str, str]) -> str:
    """`${NAME:-default}` as compose fills it in from `env`."""
    return re.sub(r"\$\{([A-Z_]+):-([^}]*)\}", lambda m: env.get(m.group(1)) or m.group(2), text)


def test_the_demo_profile_fetches_the_sample_site_it_serves() -> None:
    from newsroom_fetcher.discovery.sources import parse_sources
    from newsroom_fetcher.web.ssrf import AddressPolicy
    from newsroom_ops.demo.sample_site import sources_yaml

    env = _demo_env()
    assert env["COMPOSE_PROFILES"] == "demo"
    site = SERVICES["sample-site"]
    assert site["profiles"] == ["demo"]
    assert [n for n, s in SERVICES.items() if "demo" in s.get("profiles", [])] == ["sample-site"]
    for name in ("discovery", "fetcher", "parser", "indexer", "kibana", "init-sources"):
        assert "profiles" not in SERVICES[name], name
    command = site["command"]
    base_url = command[command.index("--base-url") + 1]
    host = base_url.split("//")[1].split(":")[0]
    assert host == "sample-site" and "sample-site" in SERVICES
    # init-sources applies the sample site's sources, once the site answers.
    (volume,) = SERVICES["init-sources"]["volumes"]
    sources_file = ROOT / _interpolated(volume, env).split(":")[0]
    assert sources_file == ROOT / "deploy" / "sources.sample-site.yaml"
    assert parse_sources(sources_file.read_text()) == parse_sources(sources_yaml(base_url))
    needed = SERVICES["init-sources"]["depends_on"]["sample-site"]
    assert needed == {"condition": "service_healthy", "required": False}
    # Every fetch worker may reach the site (the frontier gives any of them its URLs).
    allowed = json.loads(
        _interpolated(SERVICES["fetcher"]["environment"]["NEWSROOM_FETCHER_SSRF_ALLOW"], env)
    )
    assert AddressPolicy.from_allow_list(allowed).host_allowed(host)
    # Without the demo's settings: the example sources, and no private address allowed.
    (default_volume,) = SERVICES["init-sources"]["volumes"]
    assert _interpolated(default_volume, {}).startswith("./deploy/sources.example.yaml:")
    default_allow = _interpolated(
        SERVICES["fetcher"]["environment"]["NEWSROOM_FETCHER_SSRF_ALLOW"], {}
    )
    assert json.loads(default_allow) == []


def test_published_ports_listen_on_loopback_unless_told_otherwise() -> None:
    """The stack has no authentication: its ports must not face the network by default."""
    published = [
        (name, mapping) for name, spec in SERVICES.items() for mapping in spec.get("ports", [])
    ]
    assert published
    for name, mapping in published:
        assert isinstance(mapping, str), name
        assert mapping.startswith("${NEWSROOM_PUBLISH_ADDRESS:-127.0.0.1}:"), (name, mapping)
