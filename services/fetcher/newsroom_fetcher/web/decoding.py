"""Decompression with a ceiling, so a small compressed body cannot expand without bound."""

from __future__ import annotations

import zlib
from typing import NamedTuple

GZIP_MAGIC = b"\x1f\x8b"

# Content-Encodings we ask for (Accept-Encoding) and can therefore decode.
ACCEPT_ENCODING = "gzip, deflate"


class TooLarge(ValueError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"body exceeds {limit} bytes (at least {size})")
        self.size = size
        self.limit = limit


class UnsupportedEncoding(ValueError):
    pass


class LimitedDecoder:
    """Decodes a Content-Encoding chunk by chunk; raises TooLarge past `limit` output bytes.

    Each zlib call is given at most the remaining room (+1 to detect overflow), so memory stays
    bounded even for a decompression bomb.
    """

    def __init__(self, encoding: str | None, limit: int) -> None:
        encoding = (encoding or "identity").strip().lower()
        self._limit = limit
        self.size = 0
        self._raw_deflate_fallback = encoding == "deflate"
        self._first = True
        if encoding in ("identity", ""):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise UnsupportedEncoding(f"unsupported Content-Encoding: {encoding}")

    def feed(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            self._count(len(chunk))
            return chunk
        pieces = []
        data = chunk
        while data:
            piece = self._decompress(data)
            self._count(len(piece))
            pieces.append(piece)
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                break
        return b"".join(pieces)

    @property
    def complete(self) -> bool:
        """Whether a compressed stream reached its end (identity: always)."""
        return self._zlib is None or self._zlib.eof

    def _decompress(self, data: bytes) -> bytes:
        assert self._zlib is not None
        room = self._limit - self.size + 1
        try:
            piece = self._zlib.decompress(data, room)
        except zlib.error:
            # "deflate" is zlib-wrapped by the standard, raw in some servers; try raw once.
            if not (self._first and self._raw_deflate_fallback):
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            piece = self._zlib.decompress(data, room)
        self._first = False
        return piece

    def _count(self, n: int) -> None:
        self.size += n
        if self.size > self._limit:
            raise TooLarge(self.size, self._limit)


class Gunzipped(NamedTuple):
    data: bytes
    complete: bool  # False: the gzip stream was cut short; `data` is what came before


def gunzip_limited(data: bytes, limit: int) -> Gunzipped:
    """A gzip file (e.g. sitemap.xml.gz), at most `limit` bytes once expanded."""
    decoder = LimitedDecoder("gzip", limit)
    try:
        return Gunzipped(decoder.feed(data), decoder.complete)
    except zlib.error as exc:
        raise OSError(str(exc)) from exc
