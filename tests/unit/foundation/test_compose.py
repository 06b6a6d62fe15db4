"""docker-compose.yml: valid, same versions as the local stack, every command really exists.

No Docker engine runs here, so this is what can be checked without one.
"""

from __future__ import annotations

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
        script = spec["command"][0]
        assert members.get(script) == package, f"{name}: the {package} image has no {script}"
        assert spec["image"] == f"{package}:local", name
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
