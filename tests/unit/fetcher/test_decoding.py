"""Content-Encoding decoding with a ceiling."""

from __future__ import annotations

import gzip
import zlib

import pytest

from newsroom_fetcher.web.decoding import LimitedDecoder, TooLarge, UnsupportedEncoding

BODY = b"<html>" + b"news " * 2000 + b"</html>"


def chunks(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        (None, BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_decodes_in_chunks(encoding: str | None, encoded: bytes) -> None:
    decoder = LimitedDecoder(encoding, len(BODY))
    assert b"".join(decoder.feed(c) for c in chunks(encoded)) == BODY
    assert decoder.size == len(BODY)


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_limit(encoding: str | None) -> None:
    encoded = gzip.compress(BODY) if encoding else BODY
    decoder = LimitedDecoder(encoding, len(BODY) - 1)
    with pytest.raises(TooLarge) as info:
        for c in chunks(encoded):
            decoder.feed(c)
    assert info.value.limit == len(BODY) - 1 and info.value.size > info.value.limit


def test_bomb_stops_at_the_limit_without_expanding() -> None:
    bomb = gzip.compress(b"\0" * 30_000_000)  # ~30 kB that expand to 30 MB
    decoder = LimitedDecoder("gzip", 1_000_000)
    with pytest.raises(TooLarge) as info:
        decoder.feed(bomb)
    assert info.value.size == 1_000_001  # never more than limit + 1 bytes out


def test_unsupported_encoding() -> None:
    with pytest.raises(UnsupportedEncoding):
        LimitedDecoder("br", 10)
