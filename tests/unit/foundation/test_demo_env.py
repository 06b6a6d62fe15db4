"""The demo's services sign their dead letters out of the box, with a key that the commands
the demo suggests afterwards can check."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from newsroom_ops.demo.pipeline import Pipeline
from newsroom_shared.contracts import Origin
from newsroom_shared.dead_letters import DeadLetterSettings, make_dead_letter, signature_problem
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings


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
