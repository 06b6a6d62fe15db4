"""Metadata sources and their precedence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsroom_parser.extract import PageHints, extract_page

from .pages import article_page


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_jsonld_graph_supplies_article_fields() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "Example Times"},
            {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Buses for the north",
                "datePublished": "2024-03-05T09:30:00+01:00",
                "dateModified": "2024-03-06T10:00:00Z",
                "author": [
                    {"@id": "#jane"},
                    {"@type": "Person", "name": "John Roe"},
                    {"@type": "Organization", "name": "Example Times"},
                ],
                "articleSection": ["Local", "Transport"],
                "keywords": "buses, transport, council",
                "publisher": {"@type": "Organization", "name": "Example Times"},
            },
        ],
    }
    page = extract_page(article_page(head=_ld(graph)), url="https://example.com/a")
    assert page.title == "Buses for the north"
    assert page.authors == ("Jane Doe", "John Roe")
    assert page.section == "Local"
    assert page.tags == ("buses", "transport", "council")
    assert page.site_name == "Example Times"
    assert page.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert page.modified_at == datetime(2024, 3, 6, 10, 0, tzinfo=UTC)


def test_jsonld_list_form_and_webpage_main_entity() -> None:
    data = [
        {"@type": "BreadcrumbList"},
        {
            "@type": "WebPage",
            "mainEntity": {
                "@type": "BlogPosting",
                "headline": "Ring road",
                "author": "By Ann Lee and Bob Stone",
            },
        },
    ]
    page = extract_page(article_page(head=_ld(data)))
    assert page.title == "Ring road"
    assert page.authors == ("Ann Lee", "Bob Stone")


def test_opengraph_and_article_meta() -> None:
    head = """<meta property="og:title" content="Council expands bus network | Example Times">
    <meta property="og:site_name" content="Example Times">
    <meta property="og:description" content="Northern districts get new lines">
    <meta property="article:section" content="City">
    <meta property="article:tag" content="buses"><meta property="article:tag" content="council">
    <meta property="article:published_time" content="2024-03-05">
    <link rel="canonical" href="/news/bus-plan">"""
    page = extract_page(article_page(head=head), url="https://example.com/news/bus-plan?utm=x")
    assert page.title == "Council expands bus network"
    assert page.subtitle == "Northern districts get new lines"
    assert page.section == "City"
    assert page.tags == ("buses", "council")
    assert page.canonical_url == "https://example.com/news/bus-plan"
    assert page.published_at == datetime(2024, 3, 5, tzinfo=UTC)


def test_markup_fallbacks() -> None:
    before = (
        '<p class="byline">By <a rel="author" href="/a/jd">JANE DOE</a>, Staff Writer '
        '(jane@example.com)</p><time datetime="2023-11-02T08:00:00-05:00">Nov 2</time>'
        '<h2 class="dek">A long-debated plan finally passes the council vote</h2>'
    )
    after = (
        '<p class="tags"><a rel="tag" href="/t/b">Buses</a> <a rel="tag" href="/t/c">City</a></p>'
    )
    page = extract_page(article_page(before=before, after=after))
    assert page.title == "Council expands bus network"
    assert page.subtitle == "A long-debated plan finally passes the council vote"
    assert page.authors == ("Jane Doe",)
    assert page.published_at == datetime(2023, 11, 2, 13, 0, tzinfo=UTC)
    assert page.tags == ("Buses", "City")
    assert "long-debated plan" not in page.body


def test_hints_fill_what_the_page_lacks() -> None:
    html = (
        "<html><body><div><p>"
        + " ".join(["Plain prose without any markup at all."] * 12)
        + "</p></div></body></html>"
    )
    hints = PageHints(
        feed_title="Example feed",
        item_title="Feed item title",
        published_at=datetime(2024, 1, 2, 3, 4),
        authors=("By Mary Major",),
        site_name="Example Site",
    )
    page = extract_page(html, hints=hints)
    assert page.title == "Feed item title"
    assert page.site_name == "Example Site"
    assert page.authors == ("Mary Major",)
    assert page.published_at == datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def test_language_declared_or_detected() -> None:
    assert extract_page(article_page(lang="en-GB")).language == "en"
    german = (
        "<html><body><article><p>" + "Der Stadtrat hat am Dienstag beschlossen, das "
        "Busnetz in den nördlichen Bezirken deutlich auszubauen. "
        * 6
        + "</p></article></body></html>"
    )
    assert extract_page(german).language == "de"


def test_a_declared_language_the_text_plainly_is_not_gives_way_to_the_texts() -> None:
    # a theme that declares English over a German article, and the other way round
    german = (
        '<html lang="en-US"><body><article><p>Der Stadtrat hat am Dienstag beschlossen, das '
        "Busnetz in den nördlichen Bezirken auszubauen. Ab dem Frühjahr fahren die Busse alle "
        "zehn Minuten, und zwei neue Linien erreichen das Krankenhaus und die Universität. "
        "Der Plan kostet vier Millionen Euro, die die Stadt als Kredit aufnehmen will. Die "
        "Opposition hätte das Geld lieber in die Straßen gesteckt.</p></article></body></html>"
    )
    assert extract_page(german).language == "de"
    english = (
        '<html lang="de"><body><article><p>The city council voted on Tuesday to expand the '
        "bus network in the northern districts. Buses will run every ten minutes from next "
        "spring, and two new routes will reach the hospital and the university. The plan "
        "costs four million pounds, which the council says it will borrow. Opponents said "
        "the money would be better spent on roads.</p></article></body></html>"
    )
    assert extract_page(english).language == "en"
    # too little text to overrule what the page says
    short = (
        '<html lang="en"><body><article><p>Der Stadtrat hat am Dienstag beschlossen, das '
        "Busnetz in den nördlichen Bezirken auszubauen. Ab dem Frühjahr fahren die Busse "
        "alle zehn Minuten.</p></article></body></html>"
    )
    assert extract_page(short).language == "en"


def test_htmldate_is_the_last_date_fallback() -> None:
    page = extract_page(article_page(), url="https://example.com/2021/06/15/bus-plan/")
    assert page.published_at == datetime(2021, 6, 15, tzinfo=UTC)


def test_cms_marker_tags_are_dropped() -> None:
    head = """<meta property="article:tag" content="ctp_video">
    <meta property="article:tag" content="@post-id:1913719">
    <meta property="article:tag" content="False">
    <meta property="article:tag" content="Hong Kong">"""
    assert extract_page(article_page(head=head)).tags == ("Hong Kong",)


def test_a_subhead_holding_the_byline_and_time_is_no_dek() -> None:
    before = (
        '<div class="article-subhead"><span class="article-subhead-name">JANE DOE</span>'
        "<time>Nov. 2, 2023</time><time>Updated: Nov. 2, 2023 1:35 a.m.</time></div>"
    )
    head = '<meta name="description" content="Northern districts get three new bus lines.">'
    page = extract_page(article_page(head=head, before=before))
    assert page.subtitle == "Northern districts get three new bus lines."


@pytest.mark.parametrize(
    "box",
    [
        # an author box's "dek": the writer's biography
        '<div class="author-bio-box"><a href="/writers/jo-lind/">Jo Lind</a>'
        '<div class="author-bio-box-dek"><p>Jo Lind has covered city hall since 2009.</p>'
        "</div></div>",
        # a teaser's summary beside the headline of another story
        '<div class="promo"><a href="https://example.com/other-story">Ferry timetable '
        'changes for the winter season</a><p class="promo-summary">What changes for '
        "commuters on the harbour ferry this winter.</p></div>",
    ],
)
def test_an_author_boxs_dek_and_a_teasers_summary_are_no_dek(box: str) -> None:
    head = '<meta name="description" content="Northern districts get three new bus lines.">'
    page = extract_page(article_page(head=head, after=box))
    assert page.subtitle == "Northern districts get three new bus lines."
