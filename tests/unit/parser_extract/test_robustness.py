"""Property: on any input, decode_html/extract_page return a result or raise ExtractionError."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_parser.extract import ExtractedPage, ExtractionError, decode_html, extract_page

from .conftest import FIXTURES

SEED = (FIXTURES / "rollcall-2018-08-06.html").read_bytes()
TAGS = [
    "div",
    "p",
    "article",
    "section",
    "span",
    "a",
    "h1",
    "h2",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "script",
    "style",
    "main",
    "nav",
    "b",
    "i",
    "svg",
]
# "internal_error" is the safety net for bugs; none of these inputs should need it.
EXPECTED_REASONS = {
    "empty_page",
    "not_html",
    "no_article_body",
    "dom_too_large",
    "undecodable_charset",
}
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _outcome_of(data: bytes) -> None:
    try:
        text = decode_html(data)
    except ExtractionError as error:
        assert error.reason in EXPECTED_REASONS, error
        return
    assert isinstance(text, str)
    try:
        page = extract_page(text, url="https://example.com/a")
    except ExtractionError as error:
        assert error.reason in EXPECTED_REASONS, error
        return
    assert isinstance(page, ExtractedPage)
    assert all(isinstance(p, str) and p for p in page.paragraphs)


@st.composite
def mangled_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, len(data)))
    del data[start:end]  # truncation or a hole anywhere, tags cut in half included
    for _ in range(draw(st.integers(0, 20))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        data[position:position] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


@st.composite
def nested_tags(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(1, 3000))
    tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=5))
    opening = "".join(f"<{tags[i % len(tags)]} class='c{i % 7}'>" for i in range(depth))
    closing = "" if draw(st.booleans()) else "</div>" * draw(st.integers(0, depth))
    text = draw(st.text(min_size=0, max_size=300))
    return f"<html><body>{opening}{text}{closing}".encode("utf-8", "surrogatepass")


@st.composite
def broken_encoding(draw: st.DrawFn) -> bytes:
    text = SEED.decode("utf-8")
    encoding = draw(
        st.sampled_from(
            ["utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "koi8-r", "shift_jis"]
        )
    )
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data  # a BOM that lies about the bytes after it
    cut = draw(st.integers(0, len(data)))
    return data[:cut]


@SETTINGS
@given(mangled_seed())
def test_mangled_seed(data: bytes) -> None:
    _outcome_of(data)


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _outcome_of(data)


@SETTINGS
@given(nested_tags())
def test_deeply_nested_tags(data: bytes) -> None:
    _outcome_of(data)


@SETTINGS
@given(broken_encoding())
def test_broken_encodings(data: bytes) -> None:
    _outcome_of(data)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    try:
        page = extract_page(text)
    except ExtractionError as error:
        assert error.reason in EXPECTED_REASONS, error
        return
    assert isinstance(page, ExtractedPage)
