"""Dead letters are signed with the deployment's key by whoever makes them, and any change to
a signed letter, or a letter signed with another key, is told apart from a genuine one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_shared.contracts import DeadLetter, Origin
from newsroom_shared.dead_letters import (
    MIN_KEY_CHARS,
    SIGNED_FIELDS_V1,
    DeadLetterKeyError,
    DeadLetterSettings,
    make_dead_letter,
    sign,
    signature_problem,
)
from newsroom_shared.serialization import decode, encode

KEY = "k" * MIN_KEY_CHARS
OTHER_KEY = "o" * MIN_KEY_CHARS


def full_letter() -> DeadLetter:
    """A letter with every field set, so that each can be altered."""
    return make_dead_letter(
        stage="index",
        reason="mapping_rejected",
        error=ValueError("field [title] is not a string"),
        origin=Origin(topic="newsroom.articles.v1", partition=2, offset=17, key="a1"),
        payload=b'{"id": "a1"}',
        url="https://news.example/story",
        source_id="example",
        attempts=2,
        details={"status": 400, "ratio": 0.5, "retried": True, "note": None},
        now=datetime(2026, 3, 1, 8, 30, 5, 123456, tzinfo=UTC),
    )


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY", KEY)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY_FILE", raising=False)
    return KEY.encode()


@pytest.fixture
def keyless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY", raising=False)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY_FILE", raising=False)


def test_letters_come_out_signed_without_callers_passing_a_key(keyed: bytes) -> None:
    letter = full_letter()
    assert letter.signature is not None and letter.signature.startswith("v1:")
    # What a reader decodes from the topic checks out.
    assert signature_problem(decode(DeadLetter, encode(letter)), [keyed]) is None


def test_without_a_key_letters_are_unsigned_and_say_so(keyless: None) -> None:
    letter = full_letter()
    assert letter.signature is None
    assert "unsigned" in (signature_problem(letter, [KEY.encode()]) or "")


def test_a_reader_without_a_key_cannot_vouch_for_a_letter(keyed: bytes) -> None:
    assert "not set" in (signature_problem(full_letter(), []) or "")


ALTERED: dict[str, object] = {
    "schema_version": "1.9",
    "id": "f" * 32,
    "stage": "parse",
    "reason": "not_html",
    "error_class": "KeyError",
    "error_message": "something else",
    "attempts": 3,
    "failed_at": datetime(2026, 3, 1, 8, 30, 5, 123457, tzinfo=UTC),
    "origin": Origin(topic="other.newsroom.articles.v1", partition=2, offset=17, key="a1"),
    "url": "https://news.example/other",
    "source_id": "elsewhere",
    "payload": b'{"id": "a1", "title": "HIJACKED"}',
    "payload_truncated": True,
    "payload_ref": "kafka://elsewhere/0/0",
    "details": {"status": 401, "ratio": 0.5, "retried": True, "note": None},
}


def test_every_signed_field_is_covered(keyed: bytes) -> None:
    assert set(ALTERED) == set(SIGNED_FIELDS_V1)
    letter = full_letter()
    for name, value in ALTERED.items():
        changed = letter.model_copy(update={name: value})
        problem = signature_problem(decode(DeadLetter, encode(changed)), [keyed])
        assert problem is not None and "bad signature" in problem, name


def test_every_field_of_the_contract_is_signed_or_is_the_signature() -> None:
    # A field added to DeadLetter must join a new signature scheme or be left out knowingly.
    assert set(DeadLetter.model_fields) == {*SIGNED_FIELDS_V1, "signature"}


def test_a_letter_signed_with_another_key_is_refused(keyed: bytes) -> None:
    forged = sign(full_letter(), OTHER_KEY.encode())
    assert "bad signature" in (signature_problem(forged, [keyed]) or "")


def test_an_unknown_scheme_is_refused(keyed: bytes) -> None:
    letter = full_letter()
    assert letter.signature is not None
    other = letter.model_copy(update={"signature": "v9:" + letter.signature[3:]})
    assert "unknown signature scheme" in (signature_problem(other, [keyed]) or "")


def test_previous_keys_still_check_but_do_not_sign(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY", OTHER_KEY)
    old = sign(full_letter(), KEY.encode())
    without_previous = DeadLetterSettings()
    assert signature_problem(old, without_previous.checking_keys()) is not None
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_PREVIOUS_KEYS", f'["{KEY}"]')
    settings_ = DeadLetterSettings()
    assert signature_problem(old, settings_.checking_keys()) is None
    assert settings_.signing_key() == OTHER_KEY.encode()


def test_key_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "dead-letter.key"
    path.write_text(KEY + "\n")
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY", raising=False)
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY_FILE", str(path))
    assert signature_problem(full_letter(), [KEY.encode()]) is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWSROOM_DEAD_LETTER_KEY": "short"}, "at least"),
        ({"NEWSROOM_DEAD_LETTER_KEY_FILE": "/nonexistent/dead-letter.key"}, "cannot read"),
        (
            {"NEWSROOM_DEAD_LETTER_KEY": KEY, "NEWSROOM_DEAD_LETTER_KEY_FILE": "/etc/hostname"},
            "not both",
        ),
    ],
)
def test_an_unusable_key_is_an_error_not_unsigned_letters(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY", raising=False)
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY_FILE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(DeadLetterKeyError, match=message):
        full_letter()


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)


@settings(max_examples=150, deadline=None)
@given(
    message=st.text(max_size=50),
    details=st.dictionaries(st.text(max_size=8), values, max_size=5),
    payload=st.one_of(st.none(), st.binary(max_size=64)),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60),
    micros=st.integers(min_value=0, max_value=999_999),
    key=st.one_of(st.none(), st.text(max_size=12)),
)
def test_signatures_survive_the_trip_through_json(
    message: str,
    details: dict[str, object],
    payload: bytes | None,
    offset_minutes: int,
    micros: int,
    key: str | None,
) -> None:
    failed_at = datetime(
        2026, 1, 2, 3, 4, 5, micros, tzinfo=timezone(timedelta(minutes=offset_minutes))
    )
    letter = DeadLetter(
        id="a" * 32,
        stage="parse",
        reason="parse_error",
        error_class="ValueError",
        error_message=message,
        failed_at=failed_at,
        origin=Origin(topic="t", partition=0, offset=1, key=key),
        payload=payload,
        details=details,  # type: ignore[arg-type]
    )
    signed = sign(letter, KEY.encode())
    assert signature_problem(decode(DeadLetter, encode(signed)), [KEY.encode()]) is None
