"""Stable identifiers and hashes shared by every service."""

from __future__ import annotations

import hashlib


def url_id(canonical_url: str) -> str:
    """The id of a canonical URL: the Kafka key of its raw pages and the id of its article.

    32 hex characters (128 bits of sha256) keep ids short in URLs and logs while collisions stay
    out of reach for any realistic number of URLs.
    """
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:32]


def content_hash(data: bytes | str) -> str:
    """`sha256:<hex>` of bytes, or of text encoded as UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()
