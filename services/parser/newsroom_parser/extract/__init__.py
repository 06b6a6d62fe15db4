"""Pure extraction core: HTML in, clean article (body paragraphs and metadata) out.

No I/O. Every failure surfaces as ExtractionError with a machine-readable reason.
"""

from __future__ import annotations

from .decode import decode_html
from .errors import ExtractionError
from .page import count_words, extract_page
from .results import ExtractedPage, PageHints

__all__ = [
    "ExtractedPage",
    "ExtractionError",
    "PageHints",
    "count_words",
    "decode_html",
    "extract_page",
]
