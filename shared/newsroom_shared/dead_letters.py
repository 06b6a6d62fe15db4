"""Building, signing and publishing DeadLetter events: nothing a stage fails on disappears
silently, and nobody without the deployment's key can pass off a letter of their own.

Every letter made by `make_dead_letter` is signed with the key from the environment
(NEWSROOM_DEAD_LETTER_KEY or NEWSROOM_DEAD_LETTER_KEY_FILE): callers pass no key. Without a
key letters go out unsigned and `newsroom dlq redrive` refuses them. docs/security.md has the
trust model and how to rotate the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaProducer
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared.contracts import DeadLetter, Origin, Stage
from newsroom_shared.serialization import encode, headers_for

log = logging.getLogger(__name__)

# Dead letters keep the failed payload up to this size; larger ones keep a reference instead.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024

# A shorter key could be guessed offline from any one letter and its signature.
MIN_KEY_CHARS = 32
SIGNATURE_SCHEME = "v1"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The fields the v1 signature covers, fixed so that readers of any 1.x contract agree on them.
# A new field is covered only by a new scheme (a test makes every added field choose).
SIGNED_FIELDS_V1 = (
    "schema_version",
    "id",
    "stage",
    "reason",
    "error_class",
    "error_message",
    "attempts",
    "failed_at",
    "origin",
    "url",
    "source_id",
    "payload",
    "payload_truncated",
    "payload_ref",
    "details",
)


class DeadLetterKeyError(ValueError):
    """The dead-letter key is configured but unusable: a deployment mistake, never ignored."""


class DeadLetterSettings(BaseSettings):
    """Env vars NEWSROOM_DEAD_LETTER_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_DEAD_LETTER_", extra="ignore")

    key: SecretStr | None = Field(
        default=None,
        description=f"Signs and checks dead letters (at least {MIN_KEY_CHARS} characters, "
        "e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`).",
    )
    key_file: Path | None = Field(
        default=None, description="A file holding the key instead (e.g. a mounted secret)."
    )
    previous_keys: list[SecretStr] = Field(
        default_factory=list,
        description='JSON list of retired keys, e.g. ["..."]: they still check letters '
        "signed before a rotation, but sign nothing.",
    )

    def signing_key(self) -> bytes | None:
        """The current key, or None when none is configured."""
        if self.key is not None and self.key_file is not None:
            raise DeadLetterKeyError(
                "set NEWSROOM_DEAD_LETTER_KEY or NEWSROOM_DEAD_LETTER_KEY_FILE, not both"
            )
        if self.key_file is not None:
            try:
                text = self.key_file.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise DeadLetterKeyError(
                    f"cannot read the dead-letter key file {self.key_file}: {exc}"
                ) from exc
            return _checked(text, str(self.key_file))
        if self.key is not None:
            return _checked(self.key.get_secret_value(), "NEWSROOM_DEAD_LETTER_KEY")
        return None

    def checking_keys(self) -> list[bytes]:
        """Every key a valid signature may have been made with: current first."""
        current = self.signing_key()
        previous = [
            _checked(k.get_secret_value(), "NEWSROOM_DEAD_LETTER_PREVIOUS_KEYS")
            for k in self.previous_keys
        ]
        return ([current] if current else []) + previous


def _checked(key: str, where: str) -> bytes:
    if len(key) < MIN_KEY_CHARS:
        raise DeadLetterKeyError(
            f"the dead-letter key from {where} has {len(key)} characters; "
            f"at least {MIN_KEY_CHARS} are needed"
        )
    return key.encode("utf-8")


def canonical_bytes(letter: DeadLetter) -> bytes:
    """The v1 encoding of what the signature covers: the same bytes for a letter and for
    that letter after a trip through its JSON form (the payload enters as its sha256)."""
    # Through the letter's own JSON form, so that what JSON cannot carry (e.g. NaN in details)
    # is what a reader sees too.
    signed = set(SIGNED_FIELDS_V1) - {"failed_at", "payload"}
    fields = json.loads(letter.model_dump_json(include=signed))
    fields["failed_at_us"] = (letter.failed_at - _EPOCH) // timedelta(microseconds=1)
    fields["payload_sha256"] = (
        hashlib.sha256(letter.payload).hexdigest() if letter.payload is not None else None
    )
    fields["scheme"] = SIGNATURE_SCHEME
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _mac(letter: DeadLetter, key: bytes) -> str:
    return hmac.new(key, canonical_bytes(letter), hashlib.sha256).hexdigest()


def sign(letter: DeadLetter, key: bytes) -> DeadLetter:
    return letter.model_copy(update={"signature": f"{SIGNATURE_SCHEME}:{_mac(letter, key)}"})


def signature_problem(letter: DeadLetter, keys: Sequence[bytes]) -> str | None:
    """Why the letter's signature cannot be trusted, or None when one of `keys` made it."""
    if letter.signature is None:
        return "unsigned: its writer had no dead-letter key"
    if not keys:
        return "cannot check its signature: NEWSROOM_DEAD_LETTER_KEY is not set here"
    scheme, _, mac = letter.signature.partition(":")
    if scheme != SIGNATURE_SCHEME:
        return f"unknown signature scheme {scheme[:20]!r}"
    if any(hmac.compare_digest(mac, _mac(letter, key)) for key in keys):
        return None
    return "bad signature: altered, or not signed with a key configured here"


_warned_unsigned = False


def _sign_from_settings(letter: DeadLetter) -> DeadLetter:
    global _warned_unsigned
    # Read on every letter, not cached: letters are rare and a test or a reload may change it.
    key = DeadLetterSettings().signing_key()
    if key is not None:
        return sign(letter, key)
    if not _warned_unsigned:
        _warned_unsigned = True
        log.warning(
            "NEWSROOM_DEAD_LETTER_KEY is not set: dead letters go out unsigned and "
            "`newsroom dlq redrive` will refuse them (docs/security.md)"
        )
    return letter


def make_dead_letter(
    *,
    stage: Stage,
    reason: str,
    error: BaseException | str,
    error_class: str | None = None,
    origin: Origin | None = None,
    payload: bytes | None = None,
    url: str | None = None,
    source_id: str | None = None,
    attempts: int = 1,
    details: dict[str, str | int | float | bool | None] | None = None,
    now: datetime | None = None,
) -> DeadLetter:
    """A dead letter, signed with the configured key (raises DeadLetterKeyError when a key
    is configured but unusable: better loud than letters nobody can re-drive)."""
    if isinstance(error, BaseException):
        error_class, message = type(error).__name__, str(error) or repr(error)
    else:
        error_class, message = error_class or "Error", error
    truncated = payload is not None and len(payload) > MAX_PAYLOAD_BYTES
    ref = None
    if origin is not None:
        ref = f"kafka://{origin.topic}/{origin.partition}/{origin.offset}"
    letter = DeadLetter(
        id=uuid.uuid4().hex,
        stage=stage,
        reason=reason,
        error_class=error_class,
        error_message=message[:4000],
        attempts=attempts,
        failed_at=now or datetime.now(UTC),
        origin=origin,
        url=url,
        source_id=source_id,
        payload=payload[:MAX_PAYLOAD_BYTES] if payload is not None else None,
        payload_truncated=truncated,
        payload_ref=ref,
        details=details or {},
    )
    return _sign_from_settings(letter)


async def publish_dead_letter(
    producer: AIOKafkaProducer, topic: str, letter: DeadLetter, key: str | None
) -> None:
    """Send and wait for the broker's acknowledgement: callers commit only after this returns."""
    await producer.send_and_wait(
        topic,
        encode(letter),
        key=key.encode() if key else None,
        headers=headers_for(letter),
    )
