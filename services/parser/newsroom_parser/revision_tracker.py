"""Revision detection at the parser's edge: each new article version against the page's last.

For every article the parser makes, `compare` decides what is published and what is kept:

* the first version of a page: the article as it is (0 revisions); it becomes the baseline;
* a later version with the same substance (only noise changed): the article carries the page's
  counters; it becomes the baseline (so the next revision says between which fetches it
  happened);
* a later version whose substance differs: an `ArticleRevision` is published with the article,
  which carries the new count, the time and the changed fields;
* the same version again (a redelivery, a dead letter sent back): no revision, the counters are
  carried, the baseline is replaced (a new parser may extract it differently);
* an older version than the baseline (read late): the article as it is; the baseline stays.

The handler publishes the article (and revision) first and calls `remember` once they are
acknowledged: a crash in between repeats the same revision (same id) after the restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from newsroom_parser.revision_memory import Seen
from newsroom_parser.revision_state import PageState, RevisionStore
from newsroom_parser.revisions import Substance, diff, revision_event
from newsroom_shared.contracts import Article, ArticleRevision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """What to publish for one article version, and what to keep once it is published."""

    article: Article
    changed_article: bool  # the article differs from the one the parser made (counters)
    revision: ArticleRevision | None
    page_id: str
    partition: int
    state: PageState | None  # None: keep the baseline as it is
    result: str = "same"  # first, same, revision, older (for the metrics)


class RevisionTracker:
    def __init__(self, store: RevisionStore) -> None:
        self.store = store

    async def compare(self, page_id: str, partition: int, article: Article, now: datetime) -> Step:
        seen = self.store.get(page_id)
        substance = Substance.of(article)
        if seen is None:
            step = self._step(article, page_id, partition, substance, 0, None, (), None)
            return replace(step, result="first")
        if article.version < seen.version:
            return Step(article, False, None, page_id, partition, None, "older")
        if article.version == seen.version or substance.digest() == seen.digest:
            return self._carried(article, page_id, partition, substance, seen)
        previous = await self.store.load(page_id, seen)
        if previous is None:
            # The last version's text is gone: this one becomes the baseline, counters kept.
            return self._carried(article, page_id, partition, substance, seen)
        found = diff(previous.substance, substance)
        if not found:
            return self._carried(article, page_id, partition, substance, seen)
        revision = revision_event(previous.previous(), article, page_id, found, now)
        return self._step(
            article,
            page_id,
            partition,
            substance,
            revision.revision,
            article.fetched_at,
            tuple(found.changed),
            revision,
        )

    def _carried(
        self, article: Article, page_id: str, partition: int, substance: Substance, seen: Seen
    ) -> Step:
        return self._step(
            article,
            page_id,
            partition,
            substance,
            seen.revisions,
            seen.revised_at,
            seen.revised_fields,
            None,
        )

    def _step(
        self,
        article: Article,
        page_id: str,
        partition: int,
        substance: Substance,
        revisions: int,
        revised_at: datetime | None,
        revised_fields: tuple[str, ...],
        revision: ArticleRevision | None,
    ) -> Step:
        counters = {
            "revisions": revisions,
            "revised_at": revised_at,
            "revised_fields": list(revised_fields),
        }
        changed = any(getattr(article, name) != value for name, value in counters.items())
        if changed:
            article = article.model_copy(update=counters)
        state = PageState(
            article_id=article.id,
            version=article.version,
            fetched_at=article.fetched_at,
            modified_at=article.modified_at,
            parser_version=article.parser_version,
            words=article.word_count,
            revisions=revisions,
            revised_at=revised_at,
            revised_fields=revised_fields,
            substance=substance,
        )
        result = "same" if revision is None else "revision"
        return Step(article, changed, revision, page_id, partition, state, result)

    async def remember(self, step: Step) -> None:
        if step.state is not None:
            await self.store.put(step.page_id, step.partition, step.state)
