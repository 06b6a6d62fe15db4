"""Story clustering on the project's story families: quality, stable ids, representatives."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np

from newsroom_clusterer.index import Member, Story, StoryIndex
from newsroom_clusterer.similarity import DEFAULT, signature
from tests.story_families import Member as FamilyMember
from tests.story_families import members

FAMILIES = members()


def published(m: FamilyMember) -> int:
    assert m.article.published_at is not None
    return int(m.article.published_at.timestamp() * 1000)


def assign_all(index: StoryIndex, arrival: list[FamilyMember]) -> dict[str, str]:
    return {
        m.article.id: index.assign(
            m.article.id, signature(m.article.body), published(m), m.article.title, m.article.url
        ).story.id
        for m in arrival
    }


def test_precision_and_recall_on_the_families_in_any_arrival_order() -> None:
    tp = fp = dup_pairs = dup_found = 0
    for seed in range(5):
        arrival = random.Random(seed).sample(FAMILIES, len(FAMILIES))
        stories = assign_all(StoryIndex(), arrival)
        for i, a in enumerate(FAMILIES):
            for b in FAMILIES[i + 1 :]:
                same = stories[a.article.id] == stories[b.article.id]
                truth = a.family == b.family
                tp += same and truth
                fp += same and not truth
                if truth and "rewrite" not in (a.kind, b.kind):
                    dup_pairs += 1
                    dup_found += same
    assert tp / (tp + fp) >= 0.95
    assert dup_found / dup_pairs >= 0.85


def test_hard_negatives_start_stories_of_their_own() -> None:
    stories = assign_all(StoryIndex(), FAMILIES)
    for m in FAMILIES:
        if m.kind == "negative":
            assert stories[m.article.id] == m.article.id, m.article.title


def test_a_story_id_is_its_first_member_for_ever_and_the_representative_is_the_earliest() -> None:
    family = [m for m in FAMILIES if m.family == "coastal-storm" and m.kind != "rewrite"]
    wire = next(m for m in family if m.kind == "wire")
    late_first = [m for m in family if m.kind != "wire"] + [wire]
    index = StoryIndex()
    first_id = late_first[0].article.id
    versions = []
    for m in late_first:
        assignment = index.assign(
            m.article.id, signature(m.article.body), published(m), m.article.title, m.article.url
        )
        assert assignment.story.id == first_id
        versions.append(assignment.story.version)
    story = index.stories[first_id]
    assert story.size == len(family)
    assert story.representative_id == wire.article.id  # published first, arrived last
    assert story.representative_title == wire.article.title
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_a_new_version_of_a_member_keeps_its_story() -> None:
    index = StoryIndex()
    wire = FAMILIES[0]
    index.assign(wire.article.id, signature(wire.article.body), published(wire))
    other = next(m for m in FAMILIES if m.kind == "negative")
    again = index.assign(wire.article.id, signature(other.article.body), published(wire))
    assert (again.story.id, again.new_member) == (wire.article.id, False)
    assert len(index) == 1


def test_an_index_restored_from_its_records_clusters_on_as_before() -> None:
    index = StoryIndex()
    half = len(FAMILIES) // 2
    first, second = FAMILIES[:half], FAMILIES[half:]
    records = []
    for m in first:
        result = index.assign(m.article.id, signature(m.article.body), published(m))
        records.append(("a", m.article.id, result.member.encode()))
        records.append(("s", result.story.id, result.story.encode()))
    restored = StoryIndex()
    for kind, key, value in records:
        if kind == "a":
            restored.restore_member(Member.decode(key, value))
        else:
            restored.restore_story(Story.decode(key, value))
    assert restored.stories == index.stories
    for m in second:
        ours = index.assign(m.article.id, signature(m.article.body), published(m))
        theirs = restored.assign(m.article.id, signature(m.article.body), published(m))
        assert (ours.story, ours.matched_id) == (theirs.story, theirs.matched_id)


def test_signatures_are_the_same_in_every_process() -> None:
    body = FAMILIES[0].article.body
    code = (
        "import sys; from newsroom_clusterer.similarity import signature; "
        "print(signature(sys.stdin.read()).tobytes().hex())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            input=body,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outputs == {signature(body).tobytes().hex()}
    assert signature(body).dtype == np.uint32 and len(signature(body)) == DEFAULT.permutations


def test_an_empty_body_matches_nothing() -> None:
    index = StoryIndex()
    index.assign("a" * 32, signature(""), None)
    assert index.assign("b" * 32, signature(""), None).story.id == "b" * 32


DAY = 86400.0


def test_articles_not_seen_within_the_window_are_forgotten_and_memory_with_them() -> None:
    family = [m for m in FAMILIES if m.family == "coastal-storm" and m.kind != "rewrite"]
    wire, copy, later_copy = family[0], family[1], family[2]
    lone = next(m for m in FAMILIES if m.kind == "negative")
    index = StoryIndex()
    now = 1_700_000_000.0

    def add(m: FamilyMember, at: float) -> str:
        body = signature(m.article.body)
        return index.assign(m.article.id, body, published(m), seen=at).story.id

    story = add(wire, now - 40 * DAY)
    assert add(copy, now - 1 * DAY) == story  # one member old, one recent: the story stays
    add(lone, now - 40 * DAY)  # alone and old: it and its story go
    assert index.forget_before(now - 30 * DAY) == (
        sorted([wire.article.id, lone.article.id]),
        [lone.article.id],
    )
    assert len(index) == 1 and index.story_of(wire.article.id) is None
    assert set(index.stories) == {story}
    # What is left works as before: a new copy still finds the story through the recent member.
    assert add(later_copy, now) == story
    # A copy of a forgotten article is news again: a story of its own.
    assert add(lone, now) == lone.article.id
    assert index.forget_before(now - 30 * DAY) == ([], [])


def test_a_member_remembers_when_it_was_seen() -> None:
    member = Member("a" * 32, "s" * 32, signature("one two three four five six"), 5, seen=123.5)
    assert Member.decode("a" * 32, member.encode()).seen == 123.5
    legacy = b'{"story_id":"s","published":5,"signature":""}'  # written before `seen`
    assert Member.decode("a" * 32, legacy).seen is None
