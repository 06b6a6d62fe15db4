"""Every sample page, as served, through the parser's pure core: the manifest's expectations hold.

The pages are fetched once over HTTP (base URL substituted) and parsed with one analyzer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from newsroom_ops.demo.sample_site import SampleSite, load_manifest
from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.parse import ParseFailure, parse_raw_page
from newsroom_shared.contracts import Article, RawPage, content_hash, url_id

MANIFEST = load_manifest()
ARTICLES = {a["slug"]: a for a in MANIFEST["articles"]}
ENGLISH = [slug for slug, a in ARTICLES.items() if a["nlp"] == "ok"]
FETCHED_AT = datetime(2024, 5, 9, 12, 0, tzinfo=UTC)
SEED_SLUG = "rand-paul-russia-seed"


@dataclass(frozen=True)
class Served:
    url: str
    content_type: str
    body: bytes


def raw_page(served: Served) -> RawPage:
    return RawPage(
        page_id=url_id(served.url),
        source_id="demo",
        requested_url=served.url,
        final_url=served.url,
        canonical_url=served.url,
        status_code=200,
        content_type=served.content_type,
        charset="utf-8",
        body=served.body,
        content_hash=content_hash(served.body),
        fetched_at=FETCHED_AT,
    )


async def _download() -> dict[str, Served]:
    """Every page as served: articles and failing pages by slug, updated versions as slug:v2."""
    pages = MANIFEST["articles"] + MANIFEST["failing_pages"]
    served = {}
    async with SampleSite() as site, httpx.AsyncClient() as http:
        for page in pages:
            response = await http.get(site.url(page["path"]))
            served[page["slug"]] = Served(
                str(response.url), response.headers["content-type"], response.content
            )
        for slug, article in ARTICLES.items():
            if "update" in article:
                site.update_article(slug)
                response = await http.get(site.url(article["path"]))
                served[f"{slug}:v2"] = Served(
                    str(response.url), response.headers["content-type"], response.content
                )
    return served


@pytest.fixture(scope="module")
def served() -> dict[str, Served]:
    return asyncio.run(_download())


@pytest.fixture(scope="module")
def parsed(served: dict[str, Served]) -> dict[str, Article]:
    analyzer = NlpAnalyzer()
    return {
        key: parse_raw_page(raw_page(page), analyzer)
        for key, page in served.items()
        if key.split(":")[0] in ARTICLES
    }


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_metadata(slug: str, parsed: dict[str, Article]) -> None:
    want, article = ARTICLES[slug], parsed[slug]
    assert article.title == want["title"]
    assert article.language == want["language"]
    assert article.authors == want["authors"]
    assert article.published_at is not None
    published = datetime.fromisoformat(want["published"])
    if published.tzinfo is None:  # the seed gives a date only
        assert article.published_at.date() == published.date()
    else:
        assert article.published_at == published
    assert article.nlp.status == want["nlp"]


@pytest.mark.parametrize("slug", [s for s in ARTICLES if s != SEED_SLUG])
def test_length_is_a_real_news_story(slug: str, parsed: dict[str, Article]) -> None:
    article = parsed[slug]
    assert 300 <= article.word_count <= 700, article.word_count
    assert 6 <= len(article.paragraphs) <= 15, len(article.paragraphs)


@pytest.mark.parametrize("slug", ENGLISH)
def test_people(slug: str, parsed: dict[str, Article]) -> None:
    people = {e.name for e in parsed[slug].entities if e.type == "PERSON"}
    missing = set(ARTICLES[slug]["people"]) - people
    assert not missing, f"{slug}: missing {sorted(missing)}; found {sorted(people)}"


@pytest.mark.parametrize("slug", ENGLISH)
def test_quote_speakers(slug: str, parsed: dict[str, Article]) -> None:
    article = parsed[slug]
    speakers = {q.speaker.name for q in article.quotes}
    missing = set(ARTICLES[slug]["quote_speakers"]) - speakers
    assert not missing, f"{slug}: no quotes by {sorted(missing)}; speakers {sorted(speakers)}"
    entity_names = {e.id: e.name for e in article.entities}
    for quote in article.quotes:
        if quote.speaker.name in ARTICLES[slug]["quote_speakers"]:
            assert quote.speaker.entity_id is not None
            assert entity_names[quote.speaker.entity_id] == quote.speaker.name


@pytest.mark.parametrize("slug", ENGLISH)
def test_each_expected_quote_has_its_speaker(slug: str, parsed: dict[str, Article]) -> None:
    article = parsed[slug]
    for want in ARTICLES[slug]["quotes"]:
        found = [q for q in article.quotes if want["text"] in q.text]
        assert found, f"{slug}: no quote containing {want['text']!r}"
        assert {q.speaker.name for q in found} == {want["speaker"]}, want["text"]
        assert all(want["text"] in article.paragraphs[q.paragraph] for q in found)


def test_the_spanish_page_skips_english_nlp(parsed: dict[str, Article]) -> None:
    spanish = [slug for slug, a in ARTICLES.items() if a["language"] == "es"]
    assert spanish
    for slug in spanish:
        article = parsed[slug]
        assert article.nlp.reason == "language_not_supported:es"
        assert not article.entities and not article.quotes


def test_the_seed_keeps_the_fetched_url_over_its_foreign_canonical(
    served: dict[str, Served], parsed: dict[str, Article]
) -> None:
    seed = parsed[SEED_SLUG]
    assert ARTICLES[SEED_SLUG]["canonical_url"].startswith("https://rollcall.com/")
    assert seed.canonical_url == served[SEED_SLUG].url


def test_other_pages_declare_their_own_url_as_canonical(
    served: dict[str, Served], parsed: dict[str, Article]
) -> None:
    for slug in ARTICLES:
        if slug != SEED_SLUG:
            assert parsed[slug].canonical_url == served[slug].url, slug


def test_the_updated_article_is_a_new_version_of_the_same_article(
    parsed: dict[str, Article],
) -> None:
    for slug, want in ARTICLES.items():
        if "update" not in want:
            continue
        old, new = parsed[slug], parsed[f"{slug}:v2"]
        assert new.id == old.id
        assert new.title == want["update"]["title"] != old.title
        assert new.content_hash != old.content_hash
        assert new.modified_at == datetime.fromisoformat(want["update"]["modified"])
        assert any(p.startswith(want["update"]["adds_text"]) for p in new.paragraphs)
        assert {e.name for e in new.entities if e.type == "PERSON"} >= set(want["people"])


@pytest.mark.parametrize("page", MANIFEST["failing_pages"], ids=lambda p: p["slug"])
def test_the_failing_page_fails_with_its_reason(
    page: dict[str, Any], served: dict[str, Served]
) -> None:
    with pytest.raises(ParseFailure) as failure:
        parse_raw_page(raw_page(served[page["slug"]]), NlpAnalyzer())
    assert failure.value.reason == page["reason"]
