"""`newsroom revisions URL|ID`: an article's history of substantive changes, in the terminal.

The revisions are read from the article-revisions topic, where every revision is kept (one key
per revision). An argument of 32 hex characters is an article id; anything else is a URL,
matched against the revisions' URL and canonical URL (and its url_id).
"""

from __future__ import annotations

import re

from newsroom_shared.contracts import ArticleRevision, url_id
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import ARTICLE_REVISIONS

_ID = re.compile(r"^[0-9a-f]{32}$")


def matches(revision: ArticleRevision, wanted: str) -> bool:
    if _ID.match(wanted):
        return wanted in (revision.article_id, revision.page_id)
    return wanted in (revision.url, revision.canonical_url) or url_id(wanted) in (
        revision.article_id,
        revision.page_id,
    )


async def history(settings: KafkaSettings, wanted: str) -> list[ArticleRevision]:
    """The article's revisions, oldest first (a revision delivered twice is shown once)."""
    found: dict[str, ArticleRevision] = {}
    async for record in read_to_end(settings, settings.topic(ARTICLE_REVISIONS.name)):
        if record.value is None:
            continue
        try:
            revision = decode(ArticleRevision, record.value)
        except DecodeError:
            continue
        if matches(revision, wanted.strip()):
            found[revision.id] = revision
    return sorted(found.values(), key=lambda r: (r.to_version, r.revision))


def render(revisions: list[ArticleRevision]) -> list[str]:
    """Plain lines: a header per revision, then what went (-), what came (+), what changed (~)."""
    lines: list[str] = []
    for r in revisions:
        lines.append(
            f"revision {r.revision}: {', '.join(r.changed)} changed between the fetches of "
            f"{r.from_fetched_at:%Y-%m-%d %H:%M:%S} and {r.to_fetched_at:%Y-%m-%d %H:%M:%S} UTC "
            f"(versions {r.from_version} -> {r.to_version})"
        )
        if "title" in r.changed:
            lines += [f"  title - {r.title_before}", f"  title + {r.title_after}"]
        if "subtitle" in r.changed:
            lines += [f"  dek   - {r.subtitle_before}", f"  dek   + {r.subtitle_after}"]
        if "authors" in r.changed:
            lines += [
                f"  by    - {', '.join(r.authors_before)}",
                f"  by    + {', '.join(r.authors_after)}",
            ]
        if "published_at" in r.changed:
            lines += [
                f"  published - {r.published_at_before}",
                f"  published + {r.published_at_after}",
            ]
        lines += [f"  ¶{p.index} - {p.text}" for p in r.paragraphs_removed]
        lines += [f"  ¶{p.index} + {p.text}" for p in r.paragraphs_added]
        for edit in r.paragraphs_changed:
            lines += [
                f"  ¶{edit.before_index} ~ {edit.before}",
                f"  ¶{edit.after_index} ~ {edit.after}",
            ]
        lines += [f"  quote - {q.speaker or '?'}: “{q.text}”" for q in r.quotes_removed]
        lines += [f"  quote + {q.speaker or '?'}: “{q.text}”" for q in r.quotes_added]
        if r.from_parser_version != r.to_parser_version:
            lines.append(
                f"  (parser {r.from_parser_version} -> {r.to_parser_version}: part of the change "
                "may be the parser's)"
            )
    return lines
