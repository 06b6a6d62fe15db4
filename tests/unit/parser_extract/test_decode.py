"""decode_html: BOM, declared charset, <meta charset>, detection and refusals."""

from __future__ import annotations

import codecs

import pytest

from newsroom_parser.extract import ExtractionError, decode_html

TEXT = "<html><body><p>Café déjà vu — “quoted” naïve façade</p></body></html>"


def test_utf8_bom_wins_over_a_wrong_declaration() -> None:
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    assert decode_html(data, declared_charset="iso-8859-1") == TEXT


def test_utf16_with_bom() -> None:
    assert decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")) == TEXT


def test_declared_charset_is_used() -> None:
    data = TEXT.encode("cp1252")
    assert decode_html(data, declared_charset="windows-1252") == TEXT


def test_latin1_label_is_read_as_windows_1252() -> None:
    # Curly quotes and the dash only exist in windows-1252, as browsers read it.
    assert decode_html(TEXT.encode("cp1252"), declared_charset="ISO-8859-1") == TEXT


def test_utf8_mislabelled_as_latin1_is_recovered() -> None:
    assert decode_html(TEXT.encode("utf-8"), declared_charset="iso-8859-1") == TEXT


def test_meta_charset_when_no_header() -> None:
    page = '<html><head><meta charset="koi8-r"></head><body><p>Привет, мир</p></body></html>'
    assert decode_html(page.encode("koi8-r")) == page


def test_http_equiv_content_type() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        "</head><body><p>日本語のテキスト</p></body></html>"
    )
    assert decode_html(page.encode("shift_jis")) == page


def test_unknown_label_falls_through_to_detection() -> None:
    page = "<html><body><p>" + "Grüße aus Köln, schöne Straße. " * 20 + "</p></body></html>"
    assert decode_html(page.encode("utf-8"), declared_charset="x-no-such-charset") == page


def test_undeclared_legacy_encoding_is_detected() -> None:
    sentence = "Это длинный русский текст для определения. "
    page = "<html><body><p>" + sentence * 30 + "</p></body></html>"
    assert decode_html(page.encode("cp1251")) == page


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"<html>" + b"\x00\x01\x02\x03" * 200,
    ],
)
def test_binary_payloads_are_not_html(data: bytes) -> None:
    with pytest.raises(ExtractionError) as caught:
        decode_html(data)
    assert caught.value.reason == "not_html"


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_payload(data: bytes) -> None:
    with pytest.raises(ExtractionError) as caught:
        decode_html(data)
    assert caught.value.reason == "empty_page"


def test_bytes_no_charset_decodes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class NoMatch:
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: NoMatch())
    data = bytes(range(0x80, 0x100)) * 8  # invalid UTF-8 throughout, no control bytes
    with pytest.raises(ExtractionError) as caught:
        decode_html(data)
    assert caught.value.reason == "undecodable_charset"
