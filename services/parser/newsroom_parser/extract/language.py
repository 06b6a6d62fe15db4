"""Language of the article as an ISO 639-1 code: declared if the page says, else detected."""

from __future__ import annotations

import re

from .metadata_sources import Sources, text_value

_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.I)
_MIN_DETECT_CHARS = 40
_DETECT_CHARS = 5_000


def language(src: Sources, text: str) -> str | None:
    declared = [
        text_value(src.ld("inLanguage")),
        _html_lang(src),
        src.first_meta("og:locale", "content-language", "language", "dc.language"),
    ]
    for value in declared:
        code = iso639_1(value)
        if code:
            return code
    return detect(text)


def iso639_1(value: str | None) -> str | None:
    if not value:
        return None
    match = _CODE.match(value.strip())
    return match.group(1).lower() if match else None


def detect(text: str) -> str | None:
    text = text[:_DETECT_CHARS]
    if len(text.strip()) < _MIN_DETECT_CHARS:
        return None
    # Imported here: the model loads on first use (py3langid keeps it per process).
    import py3langid

    code, _ = py3langid.classify(text)
    return iso639_1(code)


def _html_lang(src: Sources) -> str | None:
    return src.root.get("lang") or src.root.get("xml:lang")
