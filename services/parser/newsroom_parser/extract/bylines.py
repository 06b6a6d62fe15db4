"""Where a page states its article's byline: byline markup (``rel=author`` links, hCard
names, byline and author classes) and plain byline lines ("By …", "Von …", "Text: …") in
short elements or in the lines of a long story cell. Page chrome, teasers beside other
articles' headlines, quotations and pictures are never read; `authors` judges the names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree
from lxml.html import HtmlElement

from .chrome import beside_other_headline, in_chrome, links_elsewhere
from .dom import text_of


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_BYLINE_XPATH = (
    "//*[@rel='author' or "
    "contains(concat(' ', normalize-space(@itemprop), ' '), ' author ') or "
    "re:test(@class, '(^|[^a-z])(byline|by-line|author-name|authorname|authors?|auteurs?"
    "|autor|autore|autori)([^a-z]|$)', 'i') or "
    "re:test(@id, '(^|[^a-z])(byline|author|autor)([^a-z]|$)', 'i')]"
)
_SPLIT_ATTR = re.compile(r"[^a-z]+")
_MAX_BYLINE_ELEMENTS = 5
_QUOTE_TAGS = frozenset({"blockquote", "q", "figure", "figcaption"})
_QUOTE_WORDS = _word_set("quote quotes blockquote testimonial caption credit credits")
# Bylines of several authors: their elements share an ancestor this close to the first.
_BYLINE_LEVELS = 3
# A paragraph that is only a byline: "By Jane Doe", "Por Valeria Montes", "Von …", "Par …",
# "Di …" (Italian "by" is kept out of _PREFIX: "Di" also starts surnames in name fields).
# A by-word in an element of its own reads glued to the name ("<span>By</span><a>Jane
# Doe</a>": "ByJane Doe"); "By" or "Von" and a capitalised word, as no word is spelt.
# The kind of piece before the by-word: "A column by …", "Ein Kommentar von …".
GENRE = (
    r"(?:(?:a|an|ein|eine|un|une)\s+)?(?:column|commentary|analysis|essay|review|kolumne"
    r"|kommentar|gastbeitrag|gastkommentar|analyse|glosse|chronique|tribune)"
)
BYLINE_LINE = re.compile(
    rf"^(?:(?:written|posted|submitted|reported|story|text|words|{GENRE})\s+)?"
    r"(?:(?:by|von|par|por|door|di)\s*:?\s+|(?-i:(?:By|Von)(?=[A-ZÀ-Þ][a-zß-ÿ])))"
    r"(?P<names>[^\W\d_].{1,150})$",
    re.I,
)
# A byline introduced by a label: "Text: Jane Doe", "Autorin: …".
_LABELLED_LINE = re.compile(
    r"^(?:text|texto|testo|autor|autorin|autoren|author|authors|auteur|autore|redaktion)"
    r"\s*:\s*(?P<names>[^\W\d_].{1,120})$",
    re.I,
)
_BY_WORD = re.compile(r"^(?:by|von|par|por|door)\s+\S+$", re.I)
_ASSERTING = re.compile(r"^(?:written|posted|submitted)\s+by\b", re.I)
_MAX_LINE_CHARS = 120
_LABEL_ALONE = re.compile(
    r"^(?:by|von|par|por|door|di|text|texto|testo|autor|autorin|author|auteur|autore)\s*:?$",
    re.I,
)
_MAX_ELEMENT_CHARS = 600
_LINE_TAGS = (
    "p", "div", "span", "em", "i", "strong", "b", "small", "li", "h4", "h5", "h6", "a", "td",
    "font",
)  # fmt: skip
_BLOCK_TAGS = _word_set(
    "p div td tr table tbody ul ol li dl h1 h2 h3 h4 h5 h6 article section header footer "
    "aside nav blockquote figure form center hr pre address main"
)
_LINE_TAG_SET = frozenset(_LINE_TAGS)

# (names as written, whether the source asserts a person, the element they stand in)
Byline = tuple[str, bool, HtmlElement]
# Whether a byline text names someone (text, asserted): judged by `authors`.
NamesSomeone = Callable[[str, bool], bool]


def precedes(root: HtmlElement, a: HtmlElement, b: HtmlElement) -> bool:
    """Whether ``a`` comes before ``b`` in the page and neither holds the other."""
    if any(node is a for node in b.iterancestors()) or any(node is b for node in a.iterancestors()):
        return False
    for element in root.iter():
        if element is a:
            return True
        if element is b:
            return False
    return False


def byline_markup(
    root: HtmlElement, own: frozenset[str], names_someone: NamesSomeone
) -> Iterator[Byline]:
    """Texts of the article's byline elements: the first one outside page chrome and those
    beside it (several authors' links in one byline), not the same markup repeated further
    down the page for other articles or readers. ``rel=author`` links, hCard names and
    schema.org Person names are asserted to be persons."""
    first: HtmlElement | None = None
    count = 0
    for element in root.xpath(_BYLINE_XPATH, namespaces=_REGEXP_NS):
        if (
            count == _MAX_BYLINE_ELEMENTS
            or in_chrome(element)
            or beside_other_headline(element, own)
            or _quoted(element)
        ):
            continue
        if first is not None and not _near(first, element):
            continue
        asserted = _asserted_name(element)
        if asserted is None and _BY_WORD.match(text_of(element)):
            # "By kaffeekatze" in byline markup: the by-word says a person wrote it.
            asserted = text_of(element)
        text = asserted if asserted is not None else _pieces(element)
        if first is None and not names_someone(text, asserted is not None):
            continue  # no name here ("Updated 5 hours ago" in a byline box)
        first = first if first is not None else element
        count += 1
        yield text, asserted is not None, element


def _quoted(element: HtmlElement) -> bool:
    """Inside a quotation or a picture: the name of who is quoted or shown, or of the
    picture's author, is not the article's."""
    if _words(element) & _QUOTE_WORDS:
        return True
    return any(node.tag in _QUOTE_TAGS for node in element.iterancestors())


def _near(first: HtmlElement, other: HtmlElement) -> bool:
    """Whether ``other`` stands in the same byline as ``first``: within the element a few
    levels above it."""
    for level, ancestor in enumerate(first.iterancestors()):
        if level >= _BYLINE_LEVELS:
            return False
        if any(a is ancestor for a in other.iterancestors()):
            return True
    return False


def _pieces(element: HtmlElement) -> str:
    """The element's texts one per line: a name and what the markup sets beside it ("5 hours
    ago", a section) are separate pieces, not "Jane Doe5 hours ago"."""
    return "\n".join(" ".join(part.split()) for part in element.itertext() if part.strip())


def _asserted_name(element: HtmlElement) -> str | None:
    if element.get("rel") == "author":
        return text_of(element)
    classes = _words(element)
    if "vcard" in classes or "author" in classes:
        for child in element.iter():
            if "fn" in _words(child) or child.get("itemprop") == "name":
                return text_of(child) or child.get("content")
    return None


def byline_lines(
    root: HtmlElement, own: frozenset[str], stop: HtmlElement | None = None
) -> Iterator[Byline]:
    """Short elements, or lines of one (between ``<br>``), that read as a byline ("Von Jane
    Doe", "Text: Jane Doe"), up to the ``stop`` element. "Posted by …" and "Written by …"
    assert that a person wrote the article: a blogger's single name or handle there is
    taken."""
    # The markup's containers hold it: a line read from them would not stand before it.
    # (The list keeps their proxies alive, so that their ids stay theirs.)
    ancestors = list(stop.iterancestors()) if stop is not None else []
    holders = {id(node) for node in ancestors}
    for element in root.iter():
        if element is stop:
            return
        if element.tag not in _LINE_TAG_SET or id(element) in holders:
            continue
        text = text_of(element)
        if not text:
            continue
        if len(text) > _MAX_ELEMENT_CHARS:
            # Old layouts write the byline straight into the story's cell, between <br>s.
            lines = _own_lines(element)
        elif element.find(".//br") is not None or (
            len(text) <= _MAX_LINE_CHARS and any(child.tag in _BLOCK_TAGS for child in element)
        ):
            # Block children are lines of their own: "Author:" above the name, or the
            # author's and the addressee's lines of a box, not one line "Author: … To: …".
            lines = _br_lines(element)
        else:
            lines = [text] if len(text) <= _MAX_LINE_CHARS else []
        for line in lines:
            match = BYLINE_LINE.match(line) or _LABELLED_LINE.match(line)
            if match and not in_chrome(element) and not beside_other_headline(element, own):
                if element.tag == "a" and links_elsewhere(element):
                    break
                yield match.group("names"), bool(_ASSERTING.match(line)), element
                break


def _own_lines(element: HtmlElement) -> list[str]:
    """Short lines of the text that ``element`` holds itself with its inline children, set
    apart by ``<br>`` and block children (whose own texts are read as elements)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            inline = child.tag not in _BLOCK_TAGS and child.tag != "br"
            parts.append(text_of(child) if inline else "\n")
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in " ".join(parts).split("\n"))
    return [line for line in lines if line and len(line) <= _MAX_LINE_CHARS]


def _br_lines(element: HtmlElement) -> list[str]:
    """The element's lines, set apart by ``<br>`` and block elements."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        block = node is not element and node.tag in _BLOCK_TAGS
        if event == "start":
            parts.append("\n" if node.tag == "br" or block else "")
            parts.append(node.text or "")
        else:
            parts.append("\n" if block else "")
            if node is not element and node.tail:
                parts.append(node.tail)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    # "Von:<br>Jane Doe", "<h4>Autor</h4><p>Jane Doe</p>": a label alone on its line
    # introduces the next one.
    merged: list[str] = []
    for line in lines:
        if merged and _LABEL_ALONE.match(merged[-1]):
            merged[-1] = f"{merged[-1].rstrip(' :')}: {line}"
        else:
            merged.append(line)
    return [line for line in merged if len(line) <= _MAX_LINE_CHARS]


def _words(element: HtmlElement) -> set[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {w for w in _SPLIT_ATTR.split(attrs) if w}
