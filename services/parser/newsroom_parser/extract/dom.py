"""HTML text to an lxml tree, with limits that keep a worker's time and memory bounded."""

from __future__ import annotations

import re

from lxml import etree, html
from lxml.html import HtmlElement

from .errors import DOM_TOO_LARGE, EMPTY_PAGE, NOT_HTML, ExtractionError

# Real article pages stay far below these; beyond them extraction time grows
# without making the article any better.
MAX_HTML_CHARS = 8_000_000
MAX_ELEMENTS = 150_000
MAX_DEPTH = 400

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_CONTROL_RATIO = 0.02


def parse_html(text: str) -> HtmlElement:
    """Parse ``text`` or raise ExtractionError; never returns None."""
    if not text or not text.strip():
        raise ExtractionError(EMPTY_PAGE, "page has no content")
    if len(text) > MAX_HTML_CHARS:
        raise ExtractionError(DOM_TOO_LARGE, f"{len(text)} characters")
    controls = len(_CONTROL.findall(text[:20_000]))
    if controls / min(len(text), 20_000) > _MAX_CONTROL_RATIO:
        raise ExtractionError(NOT_HTML, "text is full of control characters")
    # libxml2 rejects these outright; they carry no text anyway.
    text = _CONTROL.sub("", text)
    if text.lstrip().startswith("<?xml"):
        # lxml refuses str input with an encoding declaration.
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(NOT_HTML, f"unparseable: {exc}") from exc
    if root is None:
        raise ExtractionError(NOT_HTML, "no document element")
    check_size(root)
    return root


def check_size(root: HtmlElement) -> None:
    count = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        count += 1
        depth += 1
        if count > MAX_ELEMENTS:
            raise ExtractionError(DOM_TOO_LARGE, f"more than {MAX_ELEMENTS} elements")
        # libxml2 already caps nesting; this keeps recursive consumers inside the stack.
        if depth > MAX_DEPTH:
            raise ExtractionError(DOM_TOO_LARGE, f"nesting deeper than {MAX_DEPTH}")


def text_of(element: HtmlElement) -> str:
    """Visible text of an element with whitespace collapsed."""
    return " ".join(element.text_content().split())
