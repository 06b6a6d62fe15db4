"""The one exception type the extraction core raises."""

from __future__ import annotations

# Machine-readable reasons; callers route on these, so keep them stable.
EMPTY_PAGE = "empty_page"
NOT_HTML = "not_html"
NO_ARTICLE_BODY = "no_article_body"
DOM_TOO_LARGE = "dom_too_large"
UNDECODABLE_CHARSET = "undecodable_charset"
INTERNAL_ERROR = "internal_error"


class ExtractionError(Exception):
    """A page could not be turned into an article.

    ``reason`` is a short machine code (see the constants above); ``message``
    is for humans.
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason
        self.message = message or reason

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[str, str]]:
        # Keep the error picklable across a process pool with both fields intact.
        return (type(self), (self.reason, self.message))
