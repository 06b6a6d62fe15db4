"""docker-compose.yml: valid, same versions as the local stack, every command really exists.

No Docker engine runs here, so this is what can be checked without one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import typer
import yaml

from newsroom.cli import app
from newsroom.shared import versions

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


def _is_group(command: object) -> bool:
    # typer ships its own click, so test the shape rather than the class.
    return isinstance(getattr(command, "commands", None), dict)


def _resolve(args: list[str]) -> object:
    command: object = typer.main.get_command(app)
    for arg in args:
        if arg.startswith("-") or not _is_group(command):
            break
        sub = command.commands.get(arg)  # type: ignore[attr-defined]
        assert sub is not None, f"`newsroom {' '.join(args)}`: no command {arg!r}"
        command = sub
    return command


def test_resolving_tells_groups_from_commands() -> None:
    assert _is_group(_resolve(["topics"]))
    assert not _is_group(_resolve(["topics", "apply"]))


def test_every_built_service_runs_a_command_the_project_provides() -> None:
    built = {name: spec for name, spec in SERVICES.items() if "build" in spec}
    assert {"fetcher", "parser", "indexer", "init-topics", "init-elasticsearch"} <= set(built)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["newsroom"]' in dockerfile
    for name, spec in built.items():
        command = _resolve(spec["command"])
        assert not _is_group(command), f"{name}: {spec['command']} is a group, not a command"


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
    from newsroom.shared.settings import ElasticsearchSettings, KafkaSettings

    env = COMPOSE["x-service-env"]
    assert KafkaSettings(bootstrap_servers=env["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"])
    assert "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS" in env and "NEWSROOM_ES_URL" in env
    assert ElasticsearchSettings.model_config["env_prefix"] == "NEWSROOM_ES_"
