"""The demo's services sign their dead letters out of the box, with a key that the commands
the demo suggests afterwards can check."""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

import pytest
import typer

from newsroom_ops.cli import app as newsroom_app
from newsroom_ops.demo.processes import Pipeline
from newsroom_ops.demo.run import SUGGESTED, next_steps
from newsroom_ops.devstack import DevStackSettings, StackInfo
from newsroom_shared.contracts import Origin
from newsroom_shared.dead_letters import DeadLetterSettings, make_dead_letter, signature_problem
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from tests.command_lines import is_group


def pipeline(work_dir: Path) -> Pipeline:
    return Pipeline(
        KafkaSettings(bootstrap_servers="127.0.0.1:19092", topic_prefix="demo."),
        ElasticsearchSettings(url="http://127.0.0.1:19200", index_prefix="demo"),
        work_dir,
    )


def test_without_a_configured_key_the_demo_makes_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY")
    demo = pipeline(tmp_path / "demo")
    env = demo.service_env("parser")
    key_file = Path(env["NEWSROOM_DEAD_LETTER_KEY_FILE"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The same key on every start: letters of an earlier run stay checkable.
    first = key_file.read_text()
    again = pipeline(tmp_path / "demo").client_env()["NEWSROOM_DEAD_LETTER_KEY_FILE"]
    assert again == str(key_file) and key_file.read_text() == first

    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY_FILE", str(key_file))
    letter = make_dead_letter(
        stage="parse",
        reason="empty_page",
        error="x",
        origin=Origin(topic="t", partition=0, offset=0),
    )
    assert signature_problem(letter, DeadLetterSettings().checking_keys()) is None


def test_a_configured_key_is_left_as_it_is(tmp_path: Path) -> None:
    env = pipeline(tmp_path / "demo").service_env("fetcher")
    assert "NEWSROOM_DEAD_LETTER_KEY_FILE" not in env
    assert not (tmp_path / "demo" / "dead-letter.key").exists()


def test_the_closing_hints_address_the_demos_stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copied into a shell set up for another stack, the hints still reach the demo's."""
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY")
    demo = pipeline(tmp_path / "demo")
    info = StackInfo(
        kafka_bootstrap_servers="127.0.0.1:19092",
        elasticsearch_url="http://127.0.0.1:19200",
        directory=str(tmp_path / "stack"),
        kafka_log=str(tmp_path / "stack" / "kafka" / "kafka.log"),
        elasticsearch_log=str(tmp_path / "stack" / "es" / "console.log"),
        kafka_pid=1,
        elasticsearch_pid=2,
    )
    dev = DevStackSettings(home=tmp_path / "dev home")
    lines = next_steps(demo, info, dev)

    exported: dict[str, str] = {}
    for line in lines:
        if line.strip().startswith("export "):
            [_, assignment] = shlex.split(line)
            name, _, value = assignment.partition("=")
            exported[name] = value
    for name in [*exported, "NEWSROOM_KAFKA_SECURITY_PROTOCOL"]:
        monkeypatch.delenv(name, raising=False)
    # What the shell had before: another stack.
    monkeypatch.setenv("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "prod-kafka:9092")
    monkeypatch.setenv("NEWSROOM_ES_URL", "https://prod-es:9200")
    for name, value in exported.items():
        monkeypatch.setenv(name, value)

    kafka, es = KafkaSettings(), ElasticsearchSettings()
    assert (kafka.bootstrap_servers, kafka.topic_prefix) == ("127.0.0.1:19092", "demo.")
    assert (es.url, es.index_prefix) == ("http://127.0.0.1:19200", "demo")
    assert DevStackSettings().home == tmp_path / "dev home"
    assert DeadLetterSettings().signing_key() is not None
    commands = [line.split(".venv/bin/", 1)[1] for line in lines if ".venv/bin/" in line]
    assert len(commands) == len(SUGGESTED)
    for command in commands:
        parses(shlex.split(command))


def parses(argv: list[str]) -> None:
    """The words name a command of the project and its arguments parse (nothing runs)."""
    assert argv[0] == "newsroom"
    command = typer.main.get_command(newsroom_app)
    args = argv[1:]
    while is_group(command):
        command, args = command.commands[args[0]], args[1:]
    command.make_context(argv[0], args)


def test_the_closing_hints_open_the_dashboard_on_the_demos_dates(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from newsroom_ops.demo.run import INDEX_PREFIX, KIBANA_URL
    from newsroom_ops.elasticsearch.kibana import dashboard_id

    info = StackInfo(
        kafka_bootstrap_servers="127.0.0.1:19092",
        elasticsearch_url="http://127.0.0.1:19200",
        directory=str(tmp_path / "stack"),
        kafka_log=str(tmp_path / "stack" / "kafka" / "kafka.log"),
        elasticsearch_log=str(tmp_path / "stack" / "es" / "console.log"),
        kafka_pid=1,
        elasticsearch_pid=2,
    )
    dates = (datetime(2018, 8, 6, 14, 5, tzinfo=UTC), datetime(2024, 5, 8, 20, 0, tzinfo=UTC))
    lines = next_steps(pipeline(tmp_path / "demo"), info, DevStackSettings(), dates)

    (url,) = [line.strip() for line in lines if "/app/dashboards#/view/" in line]
    assert url == (
        f"{KIBANA_URL}/app/dashboards#/view/{dashboard_id(INDEX_PREFIX)}"
        "?_g=(time:(from:'2018-08-06T00:00:00.000Z',to:'2024-05-09T00:00:00.000Z'))"
    )
    (importing,) = [line for line in lines if "kibana-import" in line]
    parses(shlex.split(importing.split(".venv/bin/", 1)[1]))
    assert any("published 2018-08-06 to 2024-05-08" in line for line in lines)
