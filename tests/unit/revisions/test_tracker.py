"""The tracker's decisions, version after version of the sample site's edited page.

The store here keeps records in a dict; tests/integration/parser/test_parser_revisions.py runs
the same sequence through the parser service against real Kafka.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsroom_parser.revision_memory import Seen
from newsroom_parser.revision_state import PageState, decode_state
from newsroom_parser.revision_tracker import RevisionTracker
from newsroom_shared.contracts import Article

NOW = datetime(2024, 4, 11, tzinfo=UTC)
PAGE = "p" * 32


class DictStore:
    """RevisionStore's interface over a list of encoded records (offset = index)."""

    def __init__(self) -> None:
        self.records: list[bytes | None] = []
        self.seen: dict[str, Seen] = {}
        self.reads = 0

    def get(self, page_id: str) -> Seen | None:
        return self.seen.get(page_id)

    async def put(self, page_id: str, partition: int, state: PageState) -> Seen:
        self.records.append(state.encode())
        seen = Seen(
            state.version,
            state.substance.digest(),
            partition,
            len(self.records) - 1,
            state.revisions,
            state.revised_at,
            state.revised_fields,
        )
        self.seen[page_id] = seen
        return seen

    async def load(self, page_id: str, seen: Seen) -> PageState | None:
        self.reads += 1
        value = self.records[seen.offset]
        return None if value is None else decode_state(value)


async def run(tracker: RevisionTracker, article: Article):  # type: ignore[no-untyped-def]
    step = await tracker.compare(PAGE, 3, article, NOW)
    await tracker.remember(step)
    return step


async def test_first_noise_edit_then_noise_again(edited_articles: dict[str, Article]) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    first = await run(tracker, edited_articles["first"])
    assert (first.result, first.revision, first.article.revisions) == ("first", None, 0)
    assert not first.changed_article

    noise = await run(tracker, edited_articles["noise"])
    assert (noise.result, noise.revision) == ("same", None)
    assert store.reads == 0, "an equal digest needs no read"

    edit = await run(tracker, edited_articles["edit"])
    revision = edit.revision
    assert edit.result == "revision" and revision is not None
    assert revision.revision == 1
    assert revision.id == f"{edited_articles['edit'].id}:{edited_articles['edit'].version}"
    assert revision.changed == ["title", "paragraphs", "quotes"]
    # Compared with the version just before (the noise one): the edit happened in between.
    assert revision.from_version == edited_articles["noise"].version
    assert revision.to_version == edited_articles["edit"].version
    assert revision.from_fetched_at == edited_articles["noise"].fetched_at
    assert revision.title_before == edited_articles["first"].title
    assert revision.title_after == edited_articles["edit"].title
    assert revision.from_modified_at == edited_articles["noise"].modified_at
    assert revision.to_modified_at == edited_articles["edit"].modified_at
    assert edit.changed_article
    assert edit.article.revisions == 1
    assert edit.article.revised_at == edited_articles["edit"].fetched_at
    assert edit.article.revised_fields == ["title", "paragraphs", "quotes"]

    # The same edit fetched again later: nothing new, the counters stay on the article.
    again = edited_articles["edit"].model_copy(
        update={"version": edited_articles["edit"].version + 3_600_000}
    )
    later = await run(tracker, again)
    assert (later.result, later.revision) == ("same", None)
    assert later.article.revisions == 1
    assert later.article.revised_fields == edit.article.revised_fields


async def test_a_second_revision_counts_on(edited_articles: dict[str, Article]) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    await run(tracker, edited_articles["first"])
    await run(tracker, edited_articles["edit"])
    reverted = edited_articles["first"].model_copy(
        update={"version": edited_articles["edit"].version + 1000}
    )
    back = await run(tracker, reverted)
    assert back.revision is not None and back.revision.revision == 2
    assert back.revision.changed == ["title", "paragraphs", "quotes"]
    assert [q.text for q in back.revision.quotes_added] == [
        q.text for q in edited_articles["first"].quotes if q.speaker.name == "Ellen Marsh"
    ]


async def test_an_older_version_read_late_changes_nothing(
    edited_articles: dict[str, Article],
) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    await run(tracker, edited_articles["edit"])
    late = await run(tracker, edited_articles["first"])
    assert (late.result, late.revision, late.state) == ("older", None, None)
    assert store.get(PAGE).version == edited_articles["edit"].version  # type: ignore[union-attr]


async def test_the_same_version_again_is_no_revision(edited_articles: dict[str, Article]) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    await run(tracker, edited_articles["first"])
    # A re-parse of the same fetch by a parser that reads the page differently.
    reparsed = edited_articles["edit"].model_copy(
        update={"version": edited_articles["first"].version}
    )
    step = await run(tracker, reparsed)
    assert (step.result, step.revision) == ("same", None)


async def test_a_lost_baseline_record_starts_a_new_baseline(
    edited_articles: dict[str, Article],
) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    await run(tracker, edited_articles["first"])
    store.records[-1] = None  # compacted away or unreadable
    step = await run(tracker, edited_articles["edit"])
    assert (step.result, step.revision) == ("same", None)
    baseline = store.get(PAGE)
    assert baseline is not None and baseline.version == edited_articles["edit"].version


async def test_the_state_record_round_trips(edited_articles: dict[str, Article]) -> None:
    store = DictStore()
    tracker = RevisionTracker(store)  # type: ignore[arg-type]
    step = await run(tracker, edited_articles["edit"])
    assert step.state is not None
    assert decode_state(step.state.encode()) == step.state
    assert edited_articles["edit"].fetched_at - step.state.fetched_at == timedelta(0)
