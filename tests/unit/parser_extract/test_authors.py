"""Authors come from the article's byline and structured data, never from page chrome.

Made-up pages and names throughout."""

from __future__ import annotations

import json

import pytest

from newsroom_parser.extract import extract_page

from .pages import PROSE

BODY = "".join(f"<p>{p}</p>" for p in PROSE)


def _page(article_top: str = "", head: str = "", after: str = "") -> str:
    return (
        f"<html><head><title>Ferry returns</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/local">Local</a></nav>'
        f"<article><h1>Ferry returns</h1>{article_top}"
        f'<div class="entry-content">{BODY}</div></article>{after}</body></html>'
    )


def _authors(html: str, url: str = "https://harbourpost.example/ferry") -> tuple[str, ...]:
    return extract_page(html, url=url).authors


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


TEASERS = (
    '<section class="related-stories"><h2>More from the harbour</h2>'
    '<a href="/pier-repairs"><div class="card"><span class="author">Tom Baker</span>'
    "<span>Pier repairs start</span></div></a>"
    '<a href="/tide-tables"><div class="card"><span class="author">Ruth Clay</span>'
    "<span>New tide tables</span></div></a></section>"
)


def test_names_on_teasers_of_other_articles_are_not_authors() -> None:
    assert _authors(_page(after=TEASERS)) == ()


def test_the_articles_byline_wins_over_teasers_after_it() -> None:
    byline = '<p class="byline">By <a href="/author/ann-lee">Ann Lee</a></p>'
    assert _authors(_page(byline, after=TEASERS)) == ("Ann Lee",)


def test_readers_comments_are_not_authors() -> None:
    comments = (
        '<ol class="commentlist"><li><div class="comment-meta"><span class="comment-author">'
        '<b class="fn">Sam Reader</b></span> <span class="says">says:</span></div>'
        "<p>Great news for the town.</p></li></ol>"
    )
    assert _authors(_page(after=comments)) == ()


@pytest.mark.parametrize(
    "byline",
    [
        "<p>By Nora Quist</p>",
        "<p><em>Von Nora Quist</em></p>",
        "<p><strong>Text:</strong> Nora Quist</p>",
        "<div>Photos and words<br>Text: Nora Quist</div>",
        "<p><strong>A column by Nora Quist</strong></p>",
        "<p>Ein Kommentar von Nora Quist</p>",
    ],
)
def test_a_plain_byline_without_markup_is_read(byline: str) -> None:
    assert _authors(_page(byline)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="byline">Von Nora Quist am 3. Mai 2020</span>',
        '<span class="byline">Nora Quist / 22.04.2020 / 06:15</span>',
        '<span class="byline">Veröffentlicht von Nora Quist</span>',
        '<span class="byline">Columnist Nora Quist</span>',
        '<div class="author-box"><span class="author">Nora Quist</span><span>vor 5 Stunden'
        "</span><span>Mehr</span></div>",
    ],
)
def test_a_role_or_a_date_beside_the_name_is_no_part_of_it(byline: str) -> None:
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_the_same_person_twice_is_one_author() -> None:
    byline = (
        '<div class="byline"><span class="author">Nora Quist</span> '
        '<a rel="author" href="/author/nq">NORA QUIST</a></div>'
    )
    assert _authors(_page(byline)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "head,byline",
    [
        (_ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "kaffeekatze"}}), ""),
        ("", '<span class="byline">by <a rel="author" href="/author/k">kaffeekatze</a></span>'),
        (
            '<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="kaffeekatze">',
            "",
        ),
        (
            "",
            '<span class="author vcard">von <a class="url fn n" href="/author/k">kaffeekatze</a>'
            "</span>",
        ),
    ],
)
def test_a_handle_is_taken_where_the_source_says_it_names_a_person(head: str, byline: str) -> None:
    assert _authors(_page(byline, head=head)) == ("kaffeekatze",)


def test_a_handle_is_not_taken_from_an_untyped_name_field() -> None:
    assert _authors(_page(head='<meta name="author" content="kaffeekatze">')) == ()


@pytest.mark.parametrize(
    "head,name",
    [
        (
            _ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "harbourpost"}}),
            "harbourpost",
        ),
        (
            '<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Harbourpost-Team">',
            "Harbourpost-Team",
        ),
    ],
)
def test_the_sites_own_account_named_in_its_structured_data_is_the_author(
    head: str, name: str
) -> None:
    # The site says its own account wrote the post (a desk's or a one-person blog's).
    assert _authors(_page(head=head)) == (name,)


def test_the_sites_name_in_byline_markup_is_no_author() -> None:
    # In the page the site's name in author markup is its title or logo.
    byline = '<h4 class="vcard author"><span class="fn">harbourpost</span></h4>'
    assert _authors(_page(byline)) == ()


def test_a_person_typed_as_an_organisation_too_is_an_author() -> None:
    author = {"@type": ["Person", "Organization"], "name": "Nora Quist"}
    assert _authors(_page(head=_ld({"@type": "BlogPosting", "author": author}))) == ("Nora Quist",)


def test_a_greeting_label_before_a_first_name_is_dropped() -> None:
    head = _ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "Über Mia"}})
    assert _authors(_page(head=head)) == ("Mia",)


def test_a_handle_that_names_the_blogs_subdomain_is_its_author() -> None:
    byline = (
        '<span class="author vcard"><a class="url fn n" href="/author/kaffeekatze/">'
        "kaffeekatze</a></span>"
    )
    url = "https://kaffeekatze.blogs.example/2019/05/ferry"
    assert _authors(_page(byline), url=url) == ("kaffeekatze",)


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="byline">Nora Quist Fr., 12.03.2021</span>',  # a weekday before the date
        '<span class="byline">Nora Quist, Mo 3. Mai</span>',
        '<span class="author">Nora Quist Journaliste</span>',  # a role after the name
        '<span class="author">Nora Quist, Historikerin</span>',
    ],
)
def test_a_weekday_or_a_role_after_the_name_is_no_part_of_it(byline: str) -> None:
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_a_second_credit_in_the_byline_is_not_an_author() -> None:
    byline = "<p><em>Text von Nora Quist Illustration von Piet Holm</em></p>"
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_a_posted_by_line_names_a_blogger_by_a_single_name() -> None:
    byline = '<p><span class="postmeta">Posted by Konrad 21.10.2019</span></p>'
    assert _authors(_page(byline)) == ("Konrad",)


def test_the_sites_name_beside_the_author_in_a_name_field_is_dropped() -> None:
    head = (
        '<meta property="og:site_name" content="Coast Gazette">'
        '<meta name="author" content="Coast Gazette - Nora Quist">'
    )
    assert _authors(_page(head=head)) == ("Nora Quist",)


def test_a_name_field_holding_only_the_sites_name_names_no_author() -> None:
    head = (
        '<meta property="og:site_name" content="Coast Gazette">'
        '<meta name="author" content="CG - Coast Gazette">'
    )
    assert _authors(_page(head=head)) == ()


def test_a_first_name_beside_the_full_name_is_the_same_person() -> None:
    byline = (
        '<div class="byline"><a rel="author" href="/author/nora">Nora</a> '
        '<span class="author">Nora Quist</span></div>'
    )
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_bylines_in_a_plain_list_of_other_articles_are_not_authors() -> None:
    teasers = "".join(
        f'<li><a href="/2009/{n}/story">{headline}</a> <span class="byline">By {name}</span></li>'
        for n, (headline, name) in enumerate(
            [
                ("Pier repairs start next week at last", "Tom Baker"),
                ("New tide tables for the summer season", "Ruth Clay"),
                ("School bus routes change in the autumn", "Ian Moss"),
            ]
        )
    )
    plain = "".join(
        f'<p><a href="/2010/{n}/story">Lighthouse keeper retires after forty years</a><br>'
        f"By {name}</p>"
        for n, name in enumerate(["Tom Baker", "Ruth Clay"])
    )
    assert _authors(_page(after=f"<div><ul>{teasers}</ul></div>")) == ()
    assert _authors(_page(after=f"<div>{plain}</div>")) == ()


def test_a_posts_title_linking_to_the_post_itself_does_not_make_its_byline_a_teaser() -> None:
    html = (
        "<html><head><title>Notes</title></head><body><div class='post'><div>"
        '<h2><a href="https://notes.example/2019/10/old-mill-restored/">How the old mill was '
        'restored</a></h2><p class="meta">Posted by Konrad 21.10.2019</p></div>'
        f"{BODY}</div></body></html>"
    )
    url = "https://notes.example/2019/10/old-mill-restored/"
    assert _authors(html, url=url) == ("Konrad",)


@pytest.mark.parametrize(
    "byline",
    [
        "<div>By Nora Quist on March 3, 2006</div>",
        "<div><span>By</span> <span>Nora Quist</span> <span>Mar. 3, 2006</span></div>",
    ],
)
def test_a_month_before_the_date_is_no_part_of_the_name(byline: str) -> None:
    assert _authors(_page(byline)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "byline",
    ["By Nora Quist<br>", 'By <a href="/staff/nquist.html">Nora Quist</a>, Staff Writer<br>'],
)
def test_a_byline_written_straight_into_the_story_cell_is_read(byline: str) -> None:
    html = (
        "<html><head><title>Ferry returns</title></head><body><table><tr><td>"
        f'<font size="5"><b>Ferry returns</b></font><br>{byline}{BODY}</td></tr></table>'
        "</body></html>"
    )
    assert _authors(html) == ("Nora Quist",)


@pytest.mark.parametrize(
    "head,byline",
    [
        ('<meta name="author" content="Nora Quist ✍️">', ""),  # a symbol after the name
        ('<meta name="citation_author" content="Nora Quist">', ""),  # journals' tag
        ("", '<p class="byline">By <a class="author">Nora Quist for Coast Weekly</a></p>'),
        ("", '<span itemprop="author name">Nora Quist</span>'),  # several itemprop tokens
        ("", '<span class="submitted">Submitted by Nora Quist on Tue, 03/04/2008</span>'),
    ],
)
def test_more_ways_of_naming_the_author(head: str, byline: str) -> None:
    assert _authors(_page(byline, head=head)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "quote",
    [
        '<blockquote><p>We will sail again.</p><p class="quote-author">Piet Holm</p></blockquote>',
        '<figure><img src="/a.jpg"><div class="author">Piet Holm</div></figure>',
    ],
)
def test_names_under_a_quote_or_a_picture_are_not_authors(quote: str) -> None:
    assert _authors(_page(quote)) == ()


@pytest.mark.parametrize(
    "name", ["Coastal Research Centre", "Nordhafen Zentrum für Meereskunde", "Ferry Workers Union"]
)
def test_an_organisation_in_the_author_field_is_no_person(name: str) -> None:
    assert _authors(_page(head=f'<meta name="author" content="{name}">')) == ()


def test_a_plain_byline_wins_over_a_box_of_the_sites_writers_further_down() -> None:
    writers = "".join(
        f'<li><a rel="author" href="/author/{n}">{name}</a></li>'
        for n, name in enumerate(["Tom Baker", "Ruth Clay", "Ian Moss", "Ann Lee"])
    )
    box = f'<div class="box"><h3>Our columnists</h3><ul>{writers}</ul></div>'
    assert _authors(_page("<p>By Nora Quist</p>", after=box)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "byline,name",
    [
        ('<span class="byline">von kaffeekatze</span>', "kaffeekatze"),
        ('<p class="author">By Mia</p>', "Mia"),
    ],
)
def test_a_by_word_in_byline_markup_vouches_for_a_single_name(byline: str, name: str) -> None:
    assert _authors(_page(byline)) == (name,)


def test_a_by_word_in_an_element_of_its_own_before_the_name_is_read() -> None:
    byline = (
        '<div class="meta"><span>By</span><span><a href="/about/newsteam/nora-quist">'
        "Nora Quist</a></span></div>"
    )
    assert _authors(_page(byline)) == ("Nora Quist",)


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="byline">Nora Quist Thursday, November 9, 2023 4:41AM</span>',
        "<p>By Nora Quist Sat., Jan. 4, 2020</p>",
    ],
)
def test_a_weekday_and_a_month_after_the_name_are_no_part_of_it(byline: str) -> None:
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_a_label_in_a_block_of_its_own_introduces_the_name_below_it() -> None:
    byline = (
        '<div class="meta"><h4>Autor</h4><p><a href="/profil/nora-quist">Nora Quist</a>'
        "<b>, </b></p></div>"
    )
    assert _authors(_page(byline)) == ("Nora Quist",)


def test_the_lines_of_a_box_are_not_read_as_one_byline() -> None:
    # The petition's addressee is no author: the box's blocks are lines of their own.
    box = (
        '<div class="petition"><div>Author:</div><div><b>Friends of the Harbour Ferry</b>'
        "</div><div>To:</div><div><b>Mayor's Office, Piet Holm</b></div></div>"
    )
    assert _authors(_page(box)) == ()


def test_a_teaser_component_beside_the_headline_is_the_articles_own_header() -> None:
    # Sites build the article's header of their teaser components.
    html = (
        "<html><head><title>Ferry returns</title></head><body><article>"
        '<div class="head"><h1>Ferry returns</h1><p class="dek">After two winters in dry dock '
        "the old harbour ferry is back on the water, with a new engine, a repainted hull and a "
        "timetable that the town council hopes will bring the day visitors back.</p>"
        '<div class="teaser-small__meta">'
        '<p class="byline__author">Von <a href="/autoren/quist-nora">NORA QUIST</a> am 3. Mai '
        f'2020</p></div></div><div class="entry-content">{BODY}</div></article></body></html>'
    )
    assert _authors(html) == ("Nora Quist",)


def test_a_related_story_beside_the_headline_lends_no_author() -> None:
    html = (
        '<html><body><article><div class="head"><h1>Ferry returns</h1><div class="related">'
        '<a href="/2020/pier">Pier repairs start next week at last</a> '
        '<span class="byline">By Tom Baker</span></div></div>'
        f'<div class="entry-content">{BODY}</div></article></body></html>'
    )
    assert _authors(html) == ()


def test_the_heading_of_an_author_box_is_no_name() -> None:
    # "Zur Person" ("about the person") heads boxes on the author.
    box = (
        '<div class="post-author"><h3>Zur Person</h3>'
        '<a href="/autor/nora-quist">Nora Quist</a></div>'
    )
    assert _authors(_page(box)) == ("Nora Quist",)
