"""What counts as a change of substance, and how a change is described."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsroom_parser.revisions import Substance, diff, is_furniture
from newsroom_shared.contracts import Article


def article(**fields: Any) -> Article:
    values: dict[str, Any] = {
        "id": "a" * 32,
        "version": 1,
        "url": "https://ledger.example/story",
        "canonical_url": "https://ledger.example/story",
        "source_id": "ledger",
        "title": "Ferry service to Gull Island resumes after repairs",
        "subtitle": "The Mariner returns on Monday.",
        "authors": ["Nadia Brooks"],
        "published_at": datetime(2024, 6, 3, 14, 0, tzinfo=UTC),
        "paragraphs": [
            "The county ferry to Gull Island will carry passengers again on Monday.",
            "“We are glad to have her back,” said harbor master Tomas Wren.",
            "Repairs to the Mariner's propeller shaft took six weeks.",
        ],
        "body": "",
        "word_count": 30,
        "parser_version": "p1",
        "content_hash": "sha256:0",
        "raw_content_hash": "sha256:0",
        "fetched_at": datetime(2024, 6, 3, 15, 0, tzinfo=UTC),
        "parsed_at": datetime(2024, 6, 3, 15, 0, tzinfo=UTC),
    }
    values.update(fields)
    return Article.model_validate(values)


def substance(**fields: Any) -> Substance:
    return Substance.of(article(**fields))


BASE = article()


def test_the_sample_sites_noise_only_edit_is_no_change(
    edited_articles: dict[str, Article],
) -> None:
    first, noise = edited_articles["first"], edited_articles["noise"]
    # The re-render did change the page: a modification time, and different bytes.
    assert noise.modified_at is not None and first.modified_at != noise.modified_at
    assert Substance.of(first).digest() == Substance.of(noise).digest()
    assert not diff(Substance.of(first), Substance.of(noise))


def test_the_sample_sites_edit_in_place_is_described(
    edited_articles: dict[str, Article], edited: dict[str, Any]
) -> None:
    want = edited["edits"]["edit"]["revision"]
    before, after = edited_articles["noise"], edited_articles["edit"]
    found = diff(Substance.of(before), Substance.of(after))
    assert found.changed == want["changed"]
    [added] = found.paragraphs_added
    assert added.text.startswith(want["paragraph_added"])
    assert after.paragraphs[added.index] == added.text
    [removed] = found.paragraphs_removed
    assert want["paragraph_removed"] in removed.text
    assert before.paragraphs[removed.index] == removed.text
    assert not found.paragraphs_changed
    assert found.quotes_removed, "the removed paragraph's quote"
    assert all(q.speaker == "Ellen Marsh" for q in found.quotes_removed)
    assert any(want["quote_removed"] in q.text for q in found.quotes_removed)
    assert not found.quotes_added


def test_whitespace_typography_and_invisible_characters_are_no_change() -> None:
    reflowed = [
        "The county  ferry to Gull\u00a0Island will carry\npassengers again on Monday.",
        '"We are glad to have her back," said harbor master Tomas Wren.',
        "Repairs to the Mariner\u2019s propeller\u00ad shaft took six weeks.\u200b",
    ]
    assert substance(paragraphs=reflowed).digest() == substance().digest()
    assert not diff(substance(), substance(paragraphs=reflowed))


def test_ad_labels_and_time_stamp_lines_in_the_body_are_no_change() -> None:
    with_furniture = [
        BASE.paragraphs[0],
        "ADVERTISEMENT",
        BASE.paragraphs[1],
        "Story continues below advertisement",
        "Updated June 3, 2024 at 4:12 p.m. EDT",
        BASE.paragraphs[2],
    ]
    assert substance(paragraphs=with_furniture).digest() == substance().digest()


def test_a_paragraph_that_only_starts_like_a_stamp_is_text() -> None:
    assert is_furniture("Updated 9:15 a.m.")
    assert not is_furniture(
        "Updated figures released on Tuesday show 1,200 more riders used the ferry in May than "
        "in April, the county said, the highest monthly count since 2019."
    )
    assert not is_furniture("Advertisement revenue fell 12% at the county's two newspapers.")


def test_a_new_modification_time_alone_is_no_change() -> None:
    later = substance()
    assert not diff(
        Substance.of(article(modified_at=datetime(2024, 6, 4, 9, 0, tzinfo=UTC))), later
    )


def test_the_publication_date_in_another_zone_is_the_same_date() -> None:
    from datetime import timedelta, timezone

    same = datetime(2024, 6, 3, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert not diff(substance(), substance(published_at=same))
    backdated = datetime(2024, 6, 2, 14, 0, tzinfo=UTC)
    assert diff(substance(), substance(published_at=backdated)).changed == ["published_at"]


def test_authors_compare_as_people_not_as_a_list() -> None:
    assert not diff(
        substance(authors=["Nadia Brooks", "Omar Field"]),
        substance(authors=["omar field", "Nadia  Brooks"]),
    )
    assert diff(substance(), substance(authors=["Nadia Brooks", "Omar Field"])).changed == [
        "authors"
    ]


def test_title_and_dek_changes() -> None:
    found = diff(substance(), substance(title="Gull Island ferry back after six weeks"))
    assert found.changed == ["title"]
    assert diff(substance(), substance(subtitle=None)).changed == ["subtitle"]


def test_a_paragraph_rewritten_in_place_is_one_change_with_both_wordings() -> None:
    rewritten = [
        BASE.paragraphs[0],
        BASE.paragraphs[1],
        "Repairs to the Mariner's propeller shaft took seven weeks and cost $480,000.",
    ]
    found = diff(substance(), substance(paragraphs=rewritten))
    assert found.changed == ["paragraphs"]
    [edit] = found.paragraphs_changed
    assert (edit.before_index, edit.after_index) == (2, 2)
    assert edit.before == BASE.paragraphs[2] and edit.after == rewritten[2]
    assert not found.paragraphs_added and not found.paragraphs_removed


def test_a_paragraph_replaced_by_an_unrelated_one_is_removed_and_added() -> None:
    replaced = [
        BASE.paragraphs[0],
        BASE.paragraphs[1],
        "Island residents will vote in August on a new parking plan for the landing.",
    ]
    found = diff(substance(), substance(paragraphs=replaced))
    assert [p.text for p in found.paragraphs_removed] == [BASE.paragraphs[2]]
    assert [(p.index, p.text) for p in found.paragraphs_added] == [(2, replaced[2])]
    assert not found.paragraphs_changed


def test_paragraphs_moved_are_reported_as_removed_and_added() -> None:
    moved = [BASE.paragraphs[2], BASE.paragraphs[0], BASE.paragraphs[1]]
    found = diff(substance(), substance(paragraphs=moved))
    assert found.changed == ["paragraphs"]
    assert [p.text for p in found.paragraphs_added] == [BASE.paragraphs[2]]
    assert [p.text for p in found.paragraphs_removed] == [BASE.paragraphs[2]]


def test_substance_survives_its_state_record_form() -> None:
    original = substance()
    assert Substance.from_json(original.to_json()) == original
    assert Substance.from_json(original.to_json()).digest() == original.digest()


def test_the_normal_form_of_plain_ascii_is_the_full_normal_form() -> None:
    import unicodedata

    from newsroom_parser.revisions import _TYPOGRAPHY, normal

    for text in [
        "  Plain   text,\tsaid he.\n",
        "x" * 50,
        "Caf\u00e9 \u201cquoted\u201d \u2014 here",
    ]:
        full = " ".join(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).split())
        assert normal(text) == full


def test_the_digest_is_made_once_and_is_no_part_of_equality() -> None:
    one = Substance("T", None, ("A",), None, ("p",), ())
    two = Substance("T", None, ("A",), None, ("p",), ())
    first = one.digest()
    assert one == two  # one has its digest kept, the other not yet
    assert one.digest() == first == two.digest()
    assert Substance("T", None, ("A",), None, ("q",), ()).digest() != one.digest()
