"""Bytes to text the way browsers do it (WHATWG Encoding Standard, HTML encoding sniffing).

Order: a byte order mark, the declared charset (HTTP header), ``<meta charset>``, then
UTF-8, then detection. A label is read through the Encoding Standard's table (Latin-1 and
ASCII labels mean windows-1252, GB2312 means GBK, Shift_JIS means windows-31J, ...); a
label browsers do not know is ignored. A page is decoded in the encoding chosen, with
U+FFFD where its bytes are bad: one stray byte never throws the label away.

Two mislabellings are common enough to correct: UTF-8 served with a Latin-1 or other
single-byte label (a clean UTF-8 reading with non-ASCII text wins), and a legacy page
labelled UTF-8 (more invalid than valid UTF-8 sequences: the next label, or detection,
decides). Detection prefers windows-1252 when it reads the bytes as well as any other
encoding, as browsers in Western locales do.
"""

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
    # Not in the Encoding Standard, which would read these as UTF-16 LE; kept because a
    # UTF-32 page read as UTF-16 is all NUL characters.
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


def _labels(codec: str, names: str) -> dict[str, str]:
    return dict.fromkeys(names.split(), codec)


# The Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels),
# each mapped to the Python codec that decodes that encoding. UTF-16 labels are handled
# apart; the "replacement" labels (ISO-2022-KR, HZ, ISO-2022-CN) are left out: browsers
# refuse those pages, so detection gets its chance.
_WHATWG_LABELS: dict[str, str] = {
    **_labels("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
    **_labels("cp866", "866 cp866 csibm866 ibm866"),
    **_labels(
        "iso8859_2",
        "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    ),
    **_labels(
        "iso8859_3",
        "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    ),
    **_labels(
        "iso8859_4",
        "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    ),
    **_labels(
        "iso8859_5",
        "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
        "iso_8859-5:1988",
    ),
    **_labels(
        "iso8859_6",
        "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
        "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    ),
    **_labels(
        "iso8859_7",
        "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 "
        "iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    ),
    **_labels(
        "iso8859_8",
        "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
        "iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    ),
    **_labels("iso8859_10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"),
    **_labels("iso8859_13", "iso-8859-13 iso8859-13 iso885913"),
    **_labels("iso8859_14", "iso-8859-14 iso8859-14 iso885914"),
    **_labels("iso8859_15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"),
    **_labels("iso8859_16", "iso-8859-16"),
    **_labels("koi8_r", "cskoi8r koi koi8 koi8-r koi8_r"),
    **_labels("koi8_u", "koi8-ru koi8-u"),
    **_labels("mac_roman", "csmacintosh mac macintosh x-mac-roman"),
    **_labels("cp874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
    **_labels("cp1250", "cp1250 windows-1250 x-cp1250"),
    **_labels("cp1251", "cp1251 windows-1251 x-cp1251"),
    **_labels(
        "cp1252",
        "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
        "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 "
        "x-cp1252",
    ),
    **_labels("cp1253", "cp1253 windows-1253 x-cp1253"),
    **_labels(
        "cp1254",
        "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
        "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    ),
    **_labels("cp1255", "cp1255 windows-1255 x-cp1255"),
    **_labels("cp1256", "cp1256 windows-1256 x-cp1256"),
    **_labels("cp1257", "cp1257 windows-1257 x-cp1257"),
    **_labels("cp1258", "cp1258 windows-1258 x-cp1258"),
    **_labels("mac_cyrillic", "x-mac-cyrillic x-mac-ukrainian"),
    # GBK is decoded with the gb18030 decoder, which reads every GBK and GB2312 byte.
    **_labels(
        "gb18030",
        "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    ),
    **_labels("big5hkscs", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
    **_labels("euc_jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
    **_labels("iso2022_jp", "csiso2022jp iso-2022-jp"),
    **_labels("cp932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"),
    **_labels(
        "cp949",
        "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
        "ksc5601 ksc_5601 windows-949",
    ),
    # An HTML page cannot declare UTF-16 without a byte order mark: such a label means the
    # page is ASCII-compatible, which in practice is UTF-8.
    **_labels(
        "utf-8",
        "unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    ),
    # The Encoding Standard maps x-user-defined met in <meta> to windows-1252.
    "x-user-defined": "cp1252",
}
_SINGLE_BYTE = frozenset(
    codec
    for codec in _WHATWG_LABELS.values()
    if codec.startswith(("cp", "iso8859", "koi8", "mac_")) and codec not in ("cp932", "cp949")
)
_WINDOWS = frozenset({f"cp{n}" for n in range(1250, 1259)} | {"cp874"})
# Encodings detection may choose: those browsers decode, the multi-byte ones included.
_DETECTABLE = sorted(set(_WHATWG_LABELS.values()) - {"iso2022_jp", "mac_roman"})
# Two readings tie when the detector's chaos (percent) differs by no more than this.
_TIE_CHAOS = 0.5
_TIE_COHERENCE = 5.0
_SNIFF_BYTES = 8192
_DETECT_BYTES = 200_000
_MAX_CONTROL_RATIO = 0.02
_MAX_REPLACEMENT_RATIO = 0.01


def _c1_or_replace(error: UnicodeError) -> tuple[str, int]:
    """The Encoding Standard's windows-125x and windows-874 tables give the bytes Python's
    codecs leave undefined (0x81, 0x8D, ...) to the C1 control characters of the same value."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    byte = error.object[error.start]
    return (chr(byte) if 0x80 <= byte <= 0x9F else "\ufffd"), error.start + 1


codecs.register_error("newsroom-whatwg-c1", _c1_or_replace)


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """Decode an HTML payload, trusting sources in the order browsers do."""
    if not data or not data.strip():
        raise ExtractionError(EMPTY_PAGE, "no bytes to decode")
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], bom_encoding)
    if _looks_binary(data):
        raise ExtractionError(NOT_HTML, "payload looks binary")

    for label in (declared_charset, _meta_charset(data)):
        encoding = whatwg_encoding(label)
        if encoding is None:
            continue
        if encoding == "utf-8":
            valid, invalid = _utf8_counts(data)
            if invalid <= valid:  # clean, or a few stray bytes in a UTF-8 page
                return _decode(data, "utf-8")
            continue  # a legacy page labelled UTF-8: the next label or detection decides
        if not data.isascii() and _utf8_counts(data)[1] == 0 and encoding in _SINGLE_BYTE:
            # Servers often label UTF-8 as Latin-1: single-byte codecs never fail, so a
            # clean UTF-8 reading with non-ASCII content is the better one.
            return data.decode("utf-8")
        return _decode(data, encoding)

    valid, invalid = _utf8_counts(data)
    if invalid == 0 or invalid < valid:
        return _decode(data, "utf-8")
    return _detect(data)


def whatwg_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it; None for an unknown label."""
    if not label:
        return None
    return _WHATWG_LABELS.get(label.strip().strip("\"'").strip().lower())


def _decode(data: bytes, encoding: str) -> str:
    errors = "newsroom-whatwg-c1" if encoding in _WINDOWS else "replace"
    return data.decode(encoding, errors)


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(non-ASCII characters read, invalid sequences replaced) when ``data`` is read as UTF-8."""
    if data.isascii():
        return 0, 0
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - invalid, invalid


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if head.lstrip().startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > _MAX_CONTROL_RATIO


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _detect(data: bytes) -> str:
    # Imported here: only pages without a usable label pay for detection.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_DETECT_BYTES], cp_isolation=_DETECTABLE))
    if matches:
        best = matches[0]
        # Western pages read as well in windows-1252 as in a Central European or Baltic
        # code page ("señor" or "seńor"); browsers in Western locales take windows-1252.
        for match in matches:
            if (
                match.encoding == "cp1252"
                and match.percent_chaos <= best.percent_chaos + _TIE_CHAOS
                and match.percent_coherence >= best.percent_coherence - _TIE_COHERENCE
            ):
                best = match
                break
        text = _decode(data, best.encoding)
        if text.count("\ufffd") / max(len(text), 1) <= _MAX_REPLACEMENT_RATIO:
            return text
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") / max(len(text), 1) <= _MAX_REPLACEMENT_RATIO:
        return text
    return _fail()


def _fail() -> str:
    raise ExtractionError(UNDECODABLE_CHARSET, "no charset decodes this payload")
