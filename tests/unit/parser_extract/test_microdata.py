"""schema.org microdata as a metadata source, and tags from tag-list markup."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from lxml import html as lxml_html

from newsroom_parser.extract import extract_page
from newsroom_parser.extract.microdata import load_items

from .pages import PROSE

MICRODATA_ARTICLE = """<html><head><title>Buses for the north | Example Times</title>{head}</head>
<body><div id="content" itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="datePublished" content="2024-03-26T05:00:00-04:00">
<meta itemprop="articleSection" content="Local">
<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
<meta itemprop="name" content="Example Times"></div>
<h1 itemprop="headline">Buses for the north</h1>
<div class="writer" itemprop="author" itemscope itemtype="https://schema.org/Person">
By <span itemprop="name">Jane Doe</span></div>
<div class="story-body" itemprop="articleBody">{body}</div>
</div></body></html>"""


def _page(head: str = "") -> str:
    body = "".join(f"<p>{text}</p>" for text in PROSE)
    return MICRODATA_ARTICLE.format(head=head, body=body)


def test_microdata_supplies_the_article_fields() -> None:
    page = extract_page(_page())
    assert page.title == "Buses for the north"
    assert page.authors == ("Jane Doe",)
    assert page.section == "Local"
    assert page.site_name == "Example Times"
    assert page.published_at == datetime(2024, 3, 26, 5, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert page.published_at.utcoffset() == timedelta(hours=-4)
    assert page.paragraphs == tuple(PROSE)


def test_jsonld_wins_over_microdata() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "Buses for the north",
        "articleSection": "Transport",
        "publisher": {"@type": "Organization", "name": "Example Media Group"},
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    page = extract_page(_page(head=head))
    assert page.section == "Transport"
    assert page.site_name == "Example Media Group"


def test_load_items_nests_items_and_reads_values_by_element() -> None:
    root = lxml_html.document_fromstring(
        '<html><body><article itemscope itemtype="http://schema.org/Article" itemid="#a">'
        '<h2 itemprop="headline name">Ring road</h2>'
        '<time itemprop="datePublished" datetime="2024-01-02">Jan 2</time>'
        '<a itemprop="url" href="/ring-road">link</a>'
        '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Ann Lee</span></span>'
        '<span itemprop="author">Bob Stone</span>'
        '<div itemprop="image" itemscope itemtype="http://schema.org/ImageObject">'
        '<img itemprop="url" src="/r.jpg"><span itemprop="caption">The ring road</span></div>'
        "</article>"
        '<nav itemscope itemtype="http://schema.org/BreadcrumbList"></nav></body></html>'
    )
    article, breadcrumbs = load_items(root)
    assert article == {
        "@type": "http://schema.org/Article",
        "@id": "#a",
        "headline": "Ring road",
        "name": "Ring road",
        "datePublished": "2024-01-02",
        "url": "/ring-road",
        "author": [{"@type": "http://schema.org/Person", "name": "Ann Lee"}, "Bob Stone"],
        "image": {
            "@type": "http://schema.org/ImageObject",
            "url": "/r.jpg",
            "caption": "The ring road",
        },
    }
    assert breadcrumbs == {"@type": "http://schema.org/BreadcrumbList"}


def test_links_give_their_text_unless_the_property_is_an_address() -> None:
    root = lxml_html.document_fromstring(
        '<html><body><div itemscope itemtype="https://schema.org/Article">'
        '<a itemprop="articleSection" href="/local/?from=topics">Local</a>'
        '<a itemprop="url" href="/story">Read</a>'
        '<a itemprop="author" content="Jane Doe" href="/authors/jd">JD</a>'
        "</div></body></html>"
    )
    assert load_items(root) == [
        {
            "@type": "https://schema.org/Article",
            "articleSection": "Local",
            "url": "/story",
            "author": "Jane Doe",
        }
    ]


def test_a_hidden_microdata_headline_gives_way_to_the_visible_one() -> None:
    head = '<meta property="og:title" content="Buses for the north">'
    html = _page(head=head).replace(
        '<h1 itemprop="headline">Buses for the north</h1>',
        '<meta itemprop="headline" content="Buses for the north - Example Times">'
        "<h1>Buses for the north</h1>",
    )
    assert extract_page(html).title == "Buses for the north"


def _tagged_page(tag_markup: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    return (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="field--name-body">{paragraphs}</div>{tag_markup}</article>'
        '<aside class="sidebar"><div class="tags-cloud"><a href="/t/x">Weather</a></div></aside>'
        "</body></html>"
    )


def test_tags_from_a_tags_field() -> None:
    markup = (
        '<div class="field field--name-field-tags"><div class="field__label">Tags</div>'
        '<div class="field__item"><a href="/t/buses">Buses</a></div>'
        '<div class="field__item"><a href="/t/city">City Council</a></div></div>'
    )
    assert extract_page(_tagged_page(markup)).tags == ("Buses", "City Council")


def test_tag_clouds_in_sidebars_are_not_the_article_tags() -> None:
    assert extract_page(_tagged_page("")).tags == ()
