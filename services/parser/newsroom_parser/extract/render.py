"""Trafilatura's XML body (p, head, list/item, quote, table/row/cell, lb, hi, ref) to paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "code", "div"})
_SKIP = frozenset({"graphic", "comments", "note"})
_MAX_DATA_CELL_CHARS = 300


def block_texts(body: _Element) -> Iterator[tuple[_Element, str]]:
    """Yield (element, text) for each leaf block in document order."""
    yield from _walk(body)


def _walk(element: _Element) -> Iterator[tuple[_Element, str]]:
    if not isinstance(element.tag, str) or element.tag in _SKIP:
        return
    if element.tag == "row":
        if _layout_row(element):
            # A table that lays out the page: each cell is a column of blocks.
            for cell in element:
                yield from _walk(cell)
            return
        cells = [inline_text(cell) for cell in element]
        text = " | ".join(cell for cell in cells if cell)
        if text:
            yield element, text
        return
    if not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element):
        text = inline_text(element)
        if text:
            yield element, text
        return
    # Mixed content: loose text and inline runs between blocks are paragraphs too.
    run: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            yield from _flush(element, run)
            yield from _walk(child)
            run = [child.tail or ""]
        else:
            _collect(child, run)
    yield from _flush(element, run)


def _layout_row(row: _Element) -> bool:
    """A row whose cells hold paragraphs or prose lays out a page; a data row holds short
    values."""
    for cell in row:
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in cell):
            return True
        if len(inline_text(cell)) > _MAX_DATA_CELL_CHARS:
            return True
    return False


def _flush(element: _Element, run: list[str]) -> Iterator[tuple[_Element, str]]:
    text = _clean("".join(run))
    if text:
        yield element, text


def inline_text(element: _Element, with_tail: bool = False) -> str:
    parts: list[str] = []
    _collect(element, parts, top=True)
    if with_tail and element.tail:
        parts.append(element.tail)
    return _clean("".join(parts))


def _collect(element: _Element, parts: list[str], top: bool = False) -> None:
    if isinstance(element.tag, str) and element.tag in _SKIP:
        pass
    else:
        if element.tag == "lb":
            parts.append("\n")
        elif element.text:
            parts.append(element.text)
        for child in element:
            _collect(child, parts)
    if not top and element.tail:
        parts.append(element.tail)


def _clean(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
