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

    class NoMatch(list[object]):
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, **options: NoMatch())
    data = bytes(range(0x80, 0x100)) * 8  # invalid UTF-8 throughout, no control bytes
    with pytest.raises(ExtractionError) as caught:
        decode_html(data)
    assert caught.value.reason == "undecodable_charset"


# -- decoding like a browser (WHATWG Encoding Standard and HTML encoding sniffing) ----------

# Made-up pages: a news page in English typography (curly quotes, dashes, apostrophes) and
# a Western page with the letters windows-1252 and its Central European cousin disagree on.
NEWS = (
    "<html><head><title>Bridge</title></head><body>"
    + "<p>“We will reopen the bridge in spring,” the mayor said on Monday, adding that the "
    "council’s vote — taken late at night — was final.</p>\n" * 5 + "</body></html>"
)
WESTERN = (
    "<html><head><title>Menu</title></head><body>"
    "<p>The señor ordered a café au lait, and the naïve tourist said “merci” — très bien.</p>"
    "<p>“We will reopen the façade in spring,” the jalapeño vendor said on Monday.</p>"
    "</body></html>"
)


def _with_stray_byte(text: str, byte: bytes = b"\xa0") -> tuple[bytes, str]:
    """UTF-8 bytes of ``text`` with one byte that is not UTF-8 after its first paragraph,
    and the text a browser shows for them."""
    head, tail = text.split("</p>", 1)
    data = head.encode("utf-8") + byte + b"</p>" + tail.encode("utf-8")
    return data, head + "\ufffd</p>" + tail


def test_declared_utf8_with_a_stray_byte_stays_utf8() -> None:
    data, shown = _with_stray_byte(NEWS)
    assert decode_html(data, declared_charset="utf-8") == shown


def test_meta_utf8_with_a_stray_byte_stays_utf8() -> None:
    data, shown = _with_stray_byte(NEWS.replace("<head>", '<head><meta charset="utf-8">'))
    assert decode_html(data) == shown


def test_undeclared_utf8_with_a_stray_byte_stays_utf8() -> None:
    data, shown = _with_stray_byte(NEWS, b"\x92")
    assert decode_html(data) == shown


def test_utf8_bom_with_a_stray_byte_decodes_with_a_replacement() -> None:
    data, shown = _with_stray_byte(NEWS)
    assert decode_html(codecs.BOM_UTF8 + data) == shown


def test_undeclared_windows_1252_is_read_as_windows_1252() -> None:
    assert decode_html(WESTERN.encode("cp1252")) == WESTERN


def test_short_undeclared_windows_1252_page() -> None:
    page = "<html><body><p>señor naïve</p></body></html>"
    assert decode_html(page.encode("cp1252")) == page


def test_page_labelled_utf8_but_written_in_windows_1252() -> None:
    assert decode_html(WESTERN.encode("cp1252"), declared_charset="utf-8") == WESTERN


def test_windows_1252_bytes_it_leaves_undefined_are_control_characters() -> None:
    # 0x81 has no character in windows-1252; browsers map it to U+0081 and read on.
    data = NEWS.encode("cp1252").replace(b"Bridge", b"Bri\x81dge")
    assert decode_html(data, declared_charset="iso-8859-1") == NEWS.replace("Bridge", "Bri\x81dge")


@pytest.mark.parametrize(
    "label,codec,sample",
    [
        # Each sample holds a character the label's narrow reading lacks; browsers read the
        # label as the wider encoding the Encoding Standard maps it to.
        ("latin5", "cp1254", "İstanbul’da güzel bir gün"),
        ("iso-8859-9", "cp1254", "“İstanbul” dedi"),
        ("tis-620", "cp874", "ข่าว “ภาษาไทย”"),
        ("gb2312", "gb18030", "朱镕基访问"),
        ("ks_c_5601-1987", "cp949", "똠방각하"),
        ("shift_jis", "cp932", "①番目の記事"),
    ],
)
def test_whatwg_labels(label: str, codec: str, sample: str) -> None:
    page = f"<html><body><p>{sample}</p></body></html>"
    assert decode_html(page.encode(codec), declared_charset=label) == page


def test_a_label_browsers_do_not_know_is_ignored() -> None:
    # Python knows cp775; the Encoding Standard does not, so the page is read as unlabelled.
    assert decode_html(WESTERN.encode("utf-8"), declared_charset="cp775") == WESTERN


def test_undeclared_central_european_and_cyrillic_pages_are_still_detected() -> None:
    # A guard for the preference for windows-1252: text it cannot spell keeps its encoding.
    polish = (
        "<html><body><p>" + "Zażółć gęślą jaźń. Rząd przygotuje nową ustawę w przyszłym tygodniu, "
        "powiedział rzecznik. " * 8 + "</p></body></html>"
    )
    assert decode_html(polish.encode("cp1250")) == polish
    russian = "<html><body><p>" + "Это длинный русский текст о новостях города. " * 10
    russian += "</p></body></html>"
    assert decode_html(russian.encode("koi8-r")) == russian
