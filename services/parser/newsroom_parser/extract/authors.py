"""Author names: person names only, split and cleaned."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import jsonld
from .dom import text_of
from .model import PageHints
from .sources import Sources, text_value

_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or "
    "re:test(@class, '(^|[^a-z])(byline|author-name|authorname|author)([^a-z]|$)', 'i')]"
)
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\bwith\b|\n)\s*", re.I)
_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|story|text|words|photos?)\s+)?(?:by|von|par|por|door)\b[:\s]*",
    re.I,
)
# A paragraph that is only a byline: "By Jane Doe", "Por Valeria Montes", "Von …", "Par …",
# "Di …" (Italian "by" is kept out of _PREFIX: "Di" also starts surnames in name fields).
_BYLINE_LINE = re.compile(
    r"^(?:(?:written|posted|reported|story|text|words)\s+)?(?:by|von|par|por|door|di)\s+"
    r"(?P<names>[^\W\d_].{1,150})$",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A one-word label before the name, in any language ("Text: Jane Doe"); names hold no colon.
_LABEL = re.compile(r"^[^\W\d_]{2,15}\s*:\s*")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Words that mark a role or an organisation rather than a person.
_NOT_PERSON = frozenset(
    {
        "staff",
        "writer",
        "reporter",
        "editor",
        "editors",
        "correspondent",
        "contributor",
        "press",
        "associated",
        "reuters",
        "afp",
        "agency",
        "news",
        "newsroom",
        "desk",
        "team",
        "admin",
        "administrator",
        "guest",
        "author",
        "media",
        "service",
        "wire",
        "bureau",
        "updated",
        "published",
        "posted",
        "share",
        "follow",
        "email",
        "twitter",
        "com",
        "opinion",
        "columnist",
        "senior",
        "contributing",
        "special",
        "the",
        "herald",
        "times",
        "post",
        "daily",
        "journal",
        "magazine",
        "online",
        "business",
        "insider",
        "sport",
        "sports",
        "cnn",
        "bbc",
        "digital",
        "group",
        "inc",
        "ltd",
    }
)
# A long lowercase run then a capital: two words glued by markup ("JaneShare"),
# unlike "McDonald" or "LaMotte".
_GLUED = re.compile(r"[a-z]{4,}[A-Z]")
_MAX_AUTHORS = 10
_AUTHOR_META = (
    "author",
    "article:author",
    "sailthru.author",
    "parsely-author",
    "dc.creator",
    "byl",
)
_ORGANISATIONS = frozenset({"organization", "newsmediaorganization", "corporation"})


def authors(src: Sources, hints: PageHints | None) -> tuple[str, ...]:
    # Sources in order of trust, each read only if the ones before gave no name
    # (the markup scan is the costly one).
    sources: list[Callable[[], list[str]]] = [
        lambda: _from_jsonld(src.ld("author"), src),
        lambda: src.all_meta(*_AUTHOR_META),
        lambda: [text_of(e) for e in src.root.xpath(_BYLINE_XPATH, namespaces=_REGEXP_NS)[:5]],
        lambda: list(hints.authors) if hints else [],
    ]
    for read in sources:
        names = clean_names(read())
        if names:
            return names
    return ()


def is_byline(line: str) -> bool:
    """True for a line made of a by-prefix and person names (an optional role or outlet)."""
    match = _BYLINE_LINE.match(" ".join(line.split()))
    if not match:
        return False
    names = _EMAIL.sub(" ", _PAREN.sub(" ", match.group("names"))).strip(" .")
    parts = [part for part in _SPLIT.split(names) if part.strip()]
    if not parts or _person_name(parts[0]) is None:
        return False
    # After the first name: more names, or a role/outlet ("Staff Writer", "Associated Press").
    return all(_person_name(part) or _is_role(part) for part in parts[1:])


def _is_role(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and any(w.casefold().strip(".,") in _NOT_PERSON for w in words)


def clean_names(values: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        if not value or value.startswith(("http://", "https://", "/")) or len(value) > 200:
            continue
        value = _EMAIL.sub(" ", _PAREN.sub(" ", value))
        for part in _SPLIT.split(value):
            name = _person_name(part)
            if name and name.casefold() not in {f.casefold() for f in found}:
                found.append(name)
    return tuple(found[:_MAX_AUTHORS])


def _person_name(text: str) -> str | None:
    text = _PREFIX.sub("", _LABEL.sub("", " ".join(text.split()))).strip(" .:-–—'\"")
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return None
    if any(w.casefold().strip(".,") in _NOT_PERSON for w in words):
        return None
    if _GLUED.search(text):
        return None
    # Person names are written capitalised; this rejects sentences and slogans.
    if not all(
        w[0].isupper()
        or w.casefold() in {"de", "da", "van", "von", "der", "del", "la", "le", "di", "bin", "al"}
        for w in words
    ):
        return None
    if text.isupper():
        text = text.title()
    return text


def _from_jsonld(value: Any, src: Sources) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        item = jsonld.resolve(item, src.objects)
        if isinstance(item, dict) and jsonld.types_of(item) & _ORGANISATIONS:
            continue
        name = text_value(item)
        if name:
            names.append(name)
    return names
