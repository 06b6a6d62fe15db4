"""Language of the article as an ISO 639-1 code: declared if the page says, else detected.

Themes declare a language for every page of a site ("en-US" over a German blog post): with
text enough to tell, a language the text plainly is overrules the one declared.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .metadata_sources import Sources, text_value

_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.I)
_MIN_DETECT_CHARS = 40
_DETECT_CHARS = 5_000
# Enough text to overrule a declared language, and how sure the detector must be then.
_OVERRULE_CHARS = 300
_OVERRULE_CONFIDENCE = 0.9999

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


def language(src: Sources, text: str) -> str | None:
    declared = [
        text_value(src.ld("inLanguage")),
        _html_lang(src),
        src.first_meta("og:locale", "content-language", "language", "dc.language"),
    ]
    for value in declared:
        code = iso639_1(value)
        if code:
            return _checked(code, text)
    return detect(text)


def _checked(declared: str, text: str) -> str:
    """The declared language, unless the text is long enough and plainly another."""
    text = text[:_DETECT_CHARS]
    if len(text.strip()) < _OVERRULE_CHARS:
        return declared
    found, confidence = _identifier().classify(text)
    code = iso639_1(found)
    if code and code != declared and confidence >= _OVERRULE_CONFIDENCE:
        return code
    return declared


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model with probabilities that sum to one (its default gives scores),
    loaded on first use and kept for the process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def iso639_1(value: str | None) -> str | None:
    if not value:
        return None
    match = _CODE.match(value.strip())
    return match.group(1).lower() if match else None


def detect(text: str) -> str | None:
    text = text[:_DETECT_CHARS]
    if len(text.strip()) < _MIN_DETECT_CHARS:
        return None
    code, _ = _identifier().classify(text)
    return iso639_1(code)


def _html_lang(src: Sources) -> str | None:
    return src.root.get("lang") or src.root.get("xml:lang")
