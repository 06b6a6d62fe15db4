"""Bytes to text: BOM, declared charset, <meta charset>, then detection."""

from __future__ import annotations

import codecs
import re

from .errors import EMPTY_PAGE, NOT_HTML, UNDECODABLE_CHARSET, ExtractionError

# Signatures of formats that are sometimes served where HTML was expected.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip left undecoded
    b"RIFF",  # webp, wav
    b"\x00\x00\x01\x00",  # ico
    b"OggS",
    b"ID3",
    b"\x7fELF",
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
# Browsers read Latin-1 labels as windows-1252 (WHATWG Encoding); so do we.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
}
_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.02
_MAX_REPLACEMENT_RATIO = 0.01


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """Decode an HTML payload, trusting sources in the order browsers do."""
    if not data or not data.strip():
        raise ExtractionError(EMPTY_PAGE, "no bytes to decode")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding) or _fail()
    if _looks_binary(data):
        raise ExtractionError(NOT_HTML, "payload looks binary")

    for label in (declared_charset, _meta_charset(data)):
        encoding = _normalise(label)
        if encoding is None:
            continue
        text = _strict(data, encoding)
        if text is None:
            continue
        # Servers often label UTF-8 as Latin-1: single-byte codecs never fail,
        # so a clean UTF-8 decode with non-ASCII content is the better reading.
        if encoding == "cp1252" and not data.isascii():
            utf8 = _strict(data, "utf-8")
            if utf8 is not None:
                return utf8
        return text

    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return utf8
    return _detect(data)


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if head.lstrip().startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > _MAX_CONTROL_RATIO


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that declares UTF-16 in <meta> but has no BOM is really ASCII-compatible.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str:
    # Imported here: only pages without a usable label pay for detection.
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        text = _strict(data, best.encoding)
        if text is not None:
            return text
        text = data.decode(best.encoding, errors="replace")
        if text.count("\ufffd") / max(len(text), 1) <= _MAX_REPLACEMENT_RATIO:
            return text
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") / max(len(text), 1) <= _MAX_REPLACEMENT_RATIO:
        return text
    return _fail()


def _fail() -> str:
    raise ExtractionError(UNDECODABLE_CHARSET, "no charset decodes this payload")
