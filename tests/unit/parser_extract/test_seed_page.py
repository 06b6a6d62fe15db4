"""The seed page against an editor's expectations (metadata and body)."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from typing import Any

import pytest

from newsroom_parser.extract import ExtractedPage, decode_html, extract_page


@pytest.fixture(scope="module")
def page(seed_html: bytes, seed_expected: dict[str, Any]) -> ExtractedPage:
    return extract_page(decode_html(seed_html, "utf-8"), url=seed_expected["url"])


def test_headline_fields(page: ExtractedPage, seed_expected: dict[str, Any]) -> None:
    assert page.title == seed_expected["title"]
    assert page.subtitle == seed_expected["subtitle"]
    assert page.site_name == seed_expected["site_name"]
    assert page.section == seed_expected["section"]
    assert page.language == seed_expected["language"]
    assert list(page.tags) == seed_expected["tags"]
    assert page.canonical_url == seed_expected["url"]


def test_published_date_is_midnight_utc(page: ExtractedPage, seed_expected: dict[str, Any]) -> None:
    expected = datetime.fromisoformat(seed_expected["published"]).replace(tzinfo=UTC)
    assert page.published_at == expected
    assert page.published_at is not None and page.published_at.tzinfo is not None


def test_page_names_no_author(page: ExtractedPage) -> None:
    assert page.authors == ()


def test_lead_image_caption_and_credit(page: ExtractedPage, seed_expected: dict[str, Any]) -> None:
    assert page.images, "the page has a lead image"
    lead = page.images[0]
    assert lead.url.endswith("paul-rand-066-061418.jpg")
    assert lead.caption == seed_expected["image"]["caption"]
    assert lead.credit == seed_expected["image"]["credit"]


def test_body_boundaries(page: ExtractedPage, seed_expected: dict[str, Any]) -> None:
    body = seed_expected["body"]
    assert len(page.paragraphs) == body["paragraphs"]
    assert page.paragraphs[0].startswith(body["starts_with"])
    assert page.paragraphs[-1].endswith(body["ends_with"])
    assert page.body == "\n\n".join(page.paragraphs)


@pytest.mark.parametrize(
    "phrase",
    [
        "Skip to content",
        "Watch: McConnell",
        "jwp-video",
        "Recent Stories",
        "Sign up",
        "Get breaking news alerts",
        "Strange things are afoot",
        "Texas runoff",
        "Privacy Policy",
        "Bill Clark/CQ Roll Call file photo",
    ],
)
def test_body_is_free_of_boilerplate(page: ExtractedPage, phrase: str) -> None:
    assert phrase not in page.body


def test_every_listed_phrase_is_covered(seed_expected: dict[str, Any]) -> None:
    # Keeps the parametrised list above in step with the fixture.
    listed = test_body_is_free_of_boilerplate.pytestmark[0].args[1]
    assert sorted(listed) == sorted(seed_expected["body"]["must_not_contain"])


def test_result_survives_pickling(page: ExtractedPage) -> None:
    copy = pickle.loads(pickle.dumps(page))
    assert copy == page
    assert copy.body == page.body
