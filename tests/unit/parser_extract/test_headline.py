"""Headlines: the title the page's sources agree on, without the site's and section's chrome.

Made-up pages in the layouts news sites have used over the years."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from newsroom_parser.extract import extract_page
from newsroom_parser.extract.headline import heading_text

from .pages import PROSE

BODY = "".join(f"<p>{p}</p>" for p in PROSE)


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_section_and_site_in_an_old_title_bar() -> None:
    html = page(
        "<title>EXAMPLE NEWS | Technology | Robots learn to sort recycling</title>",
        '<table><tr><td><a href="/">Example News</a> <a href="/technology">Technology</a> '
        '<a href="/science">Science</a></td></tr><tr><td><font size="4"><b>Robots learn to '
        "sort recycling</b></font>" + BODY + "</td></tr></table>",
    )
    url = "http://news.example.co.uk/1/hi/technology/4321.stm"
    assert extract_page(html, url=url).title == "Robots learn to sort recycling"


def test_site_suffix_learned_from_the_host_name() -> None:
    html = page("<title>Markets rally on rate hopes - Financial Ledger</title>", BODY)
    url = "https://www.financialledger.example/markets/rally"
    assert extract_page(html, url=url).title == "Markets rally on rate hopes"


def test_site_name_and_slogan_after_the_headline() -> None:
    html = page(
        "<title>Harbour ferry returns : Coastwatch Blog | News from the shore | Since 2006</title>",
        "<h1>Coastwatch Blog</h1>" + BODY,
    )
    url = "http://coastwatch.example.org/?p=2895"
    assert extract_page(html, url=url).title == "Harbour ferry returns"


def test_blog_whose_h1_is_the_logo_names_the_post_in_an_h2() -> None:
    html = page(
        "<title>River Notes » Blog Archive » How the old mill was restored</title>",
        '<h1><a href="/">River Notes</a></h1><div class="post">'
        "<h2>How the old mill was restored</h2>" + BODY + "</div>",
    )
    url = "http://rivernotes.example.net/2009/10/21/old-mill/"
    assert extract_page(html, url=url).title == "How the old mill was restored"


def test_the_heading_a_meta_title_repeats_wins_over_a_navigation_heading() -> None:
    html = page(
        '<meta property="og:title" content="Council approves harbour plan - City Herald">'
        "<title>Council approves harbour plan - City Herald</title>",
        "<h1>Quick links</h1><h1>Navigation</h1><article><h1>Council approves harbour plan</h1>"
        + BODY
        + "</article>",
    )
    assert extract_page(html, url="https://cityherald.example/a").title == (
        "Council approves harbour plan"
    )


@pytest.mark.parametrize(
    "meta_title",
    [
        "Local - Council approves harbour plan",  # section before the headline
        "Council approves harbour plan : 14.03.2021, 09.15 Uhr",  # date after it
        "08.11.2021 | Council approves harbour plan",  # date before it
        "Council approves harbour plan - with photos",  # a tag line the heading lacks
    ],
)
def test_affixes_the_visible_heading_lacks_are_chrome(meta_title: str) -> None:
    html = page(
        f'<meta property="og:title" content="{meta_title}">',
        "<article><h1>Council approves harbour plan</h1>" + BODY + "</article>",
    )
    assert extract_page(html, url="https://example.com/a").title == (
        "Council approves harbour plan"
    )


def test_a_kicker_inside_the_heading_is_not_part_of_the_headline() -> None:
    html = page(
        '<meta property="og:title" content="Anniversary: The old mill turns 100">',
        '<article><h1><span class="kicker">Anniversary</span> The old mill turns 100</h1>'
        + BODY
        + "</article>",
    )
    assert extract_page(html, url="https://example.com/a").title == "The old mill turns 100"


def test_a_title_that_is_only_the_site_name_gives_way() -> None:
    html = page(
        '<meta property="og:site_name" content="Valley Times"><title>Valley Times</title>',
        "<h1>Valley Times</h1><h2>Bridge reopens after repairs</h2>" + BODY,
    )
    page_ = extract_page(html, url="https://valleytimes.example/bridge")
    assert page_.title != "Valley Times"


def test_a_structured_headline_is_not_outvoted_by_the_title_tag_alone() -> None:
    html = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Buses for the north"}</script><title>Council expands bus network</title>',
        "<h1>Council expands bus network</h1>" + BODY,
    )
    assert extract_page(html).title == "Buses for the north"


def test_social_and_page_titles_that_agree_with_the_heading_outvote_it() -> None:
    html = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "What the inquiry found"}</script>'
        '<meta property="og:title" content="Seven things the harbour inquiry found">'
        "<title>Seven things the harbour inquiry found - Example Post</title>",
        "<h1>Seven things the harbour inquiry found</h1>" + BODY,
    )
    assert extract_page(html).title == "Seven things the harbour inquiry found"


def test_ruby_readings_are_not_part_of_the_headline() -> None:
    html = page(
        "<title>やさしいニュース|新しい橋ができる</title>",
        "<h1><ruby>新<rt>あたら</rt></ruby>しい<ruby>橋<rt>はし</rt></ruby>ができる</h1>" + BODY,
    )
    assert extract_page(html, url="https://example.jp/a").title == "新しい橋ができる"


def test_a_double_hyphen_sets_off_the_sites_name() -> None:
    html = page("<title>Harbour ferry returns -- Coastwatch.example</title>", BODY)
    url = "https://www.coastwatch.example/ferry"
    assert extract_page(html, url=url).title == "Harbour ferry returns"


def test_site_suffix_that_the_host_name_spells_with_more_letters() -> None:
    html = page("<title>Banks trim bonuses again - Ledger News</title>", BODY)
    url = "http://www.eledgernews.example/story/2009-03-02/banks"
    assert extract_page(html, url=url).title == "Banks trim bonuses again"


def test_sections_after_the_sites_name_that_no_link_names() -> None:
    html = page(
        "<title>EXAMPLE NEWS | UK | Education | Schools to open later in winter</title>",
        '<div class="headline">Schools to open later in winter</div>' + BODY,
    )
    url = "http://news.example.co.uk/1/hi/uk/education/4321.stm"
    assert extract_page(html, url=url).title == "Schools to open later in winter"


@pytest.mark.parametrize(
    "heading",
    [
        "<h2>Council approves new ferry terminal</h2>",
        '<td class="headline"><b>Council approves new ferry terminal</b></td>',
    ],
)
def test_a_site_wide_title_gives_way_to_the_pages_heading(heading: str) -> None:
    html = page(
        "<title>Harbour Gazette Online Edition: Breaking News</title>",
        '<table><tr><td><a href="/"><img src="/logo.gif" alt="Harbour Gazette"></a></td></tr>'
        f"<tr>{heading if heading.startswith('<td') else '<td>' + heading + '</td>'}</tr>"
        f"<tr><td>{BODY}</td></tr></table>",
    )
    url = "http://www.harbourgazette.example/news/story.php?id=77"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"


def test_a_social_title_that_the_page_does_not_show_gives_way_to_its_heading() -> None:
    html = page(
        '<meta property="og:title" content="Ferry: what changes for commuters | Coast Gazette">'
        "<title>Ferry: what changes for commuters | Coast Gazette</title>",
        "<article><h1>New timetable for the harbour ferry</h1>" + BODY + "</article>",
    )
    url = "https://www.coastgazette.example/ferry-timetable"
    assert extract_page(html, url=url).title == "New timetable for the harbour ferry"


@pytest.mark.parametrize(
    "site_mark",
    [
        '<a href="/"><img src="/logo.gif" alt="Gazette Online"></a>',
        '<a href="http://www.harbour-gazette.example/" title="Gazette Online">Home</a>',
    ],
)
def test_the_sites_name_is_learned_from_its_home_link(site_mark: str) -> None:
    html = page(
        "<title>Gazette Online | Council approves new ferry terminal</title>",
        f"{site_mark}<h3>Council approves new ferry terminal</h3>{BODY}",
    )
    url = "http://www.harbour-gazette.example/news/story.php?id=77"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"


def test_the_sites_name_is_learned_from_its_feed() -> None:
    html = page(
        '<link rel="alternate" type="application/rss+xml" title="Gazette Online &raquo; Feed"'
        ' href="/feed/"><title>Gazette Online | Council approves new ferry terminal</title>',
        f"<h3>Council approves new ferry terminal</h3>{BODY}",
    )
    url = "http://www.harbour-gazette.example/news/story.php?id=77"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"


def test_the_sites_name_in_brackets_after_the_headline() -> None:
    html = page(
        '<meta property="og:title" content="Ferry returns to the harbour (coast gazette)">',
        "<h1>Ferry returns to the harbour</h1>" + BODY,
    )
    url = "https://www.coast-gazette.example/ferry"
    assert extract_page(html, url=url).title == "Ferry returns to the harbour"


def test_brackets_that_do_not_name_the_site_stay() -> None:
    html = page("<title>Ferry returns to the harbour (with photos)</title>", BODY)
    url = "https://www.coast-gazette.example/ferry"
    assert extract_page(html, url=url).title == "Ferry returns to the harbour (with photos)"


def test_a_marked_kicker_is_cut_even_where_the_meta_title_repeats_it() -> None:
    html = page(
        '<meta property="og:title" content="Harbour - Ferry returns after repairs">',
        '<article><h1><span class="story__kicker">Harbour</span><span class="sr-only"> - </span>'
        "<span>Ferry returns after repairs</span></h1>" + BODY + "</article>",
    )
    assert extract_page(html, url="https://example.com/a").title == "Ferry returns after repairs"


def test_sections_between_the_headline_and_the_sites_name_that_no_link_names() -> None:
    html = page(
        "<title>Schools to open later in winter | UK | Education | Example News</title>",
        '<div class="headline">Schools to open later in winter</div>' + BODY,
    )
    url = "http://www.examplenews.example/1/hi/uk/education/4321.stm"
    assert extract_page(html, url=url).title == "Schools to open later in winter"


@pytest.mark.parametrize(
    "title",
    [
        "DAILY PLANET | Science | Moon base plans unveiled by agency",
        "Moon base plans unveiled by agency | Science | DAILY PLANET",
        "Daily Planet » Science » Moon base plans unveiled by agency",
    ],
)
def test_the_one_long_segment_between_bars_is_the_headline(title: str) -> None:
    # Neither the host nor a link names the site: headlines do not hold two bars, so the
    # short segments around the long one are the site's and the section's names.
    html = page(
        f"<title>{title}</title>",
        '<div id="nav"><a href="/science">Science</a> <a href="/world">World</a></div>' + BODY,
    )
    url = "http://www.example-news.example/2005/03/story.html"
    assert extract_page(html, url=url).title == "Moon base plans unveiled by agency"


def test_two_long_segments_between_bars_stay_a_title() -> None:
    title = "Moon base plans unveiled | Agency asks for more money | Science"
    html = page(f"<title>{title}</title>", BODY)
    url = "http://www.example-news.example/2005/03/story.html"
    assert extract_page(html, url=url).title == title


def test_a_section_the_page_does_not_show_is_cut_from_a_dashed_title() -> None:
    html = page(
        "<title>Gotham Gazette - News - Moon base plans unveiled by agency</title>",
        '<table><tr><td><a href="/">Gotham Gazette</a></td></tr><tr><td><font size="4"><b>'
        "Moon base plans unveiled by agency</b></font><br>" + BODY + "</td></tr></table>",
    )
    url = "http://www.gothamgazette.example/news/story.php?id=12"
    assert extract_page(html, url=url).title == "Moon base plans unveiled by agency"


def test_a_dashed_title_the_page_shows_whole_stays_whole() -> None:
    title = "Storm hits coast - thousands without power"
    html = page(f"<title>{title}</title>", f"<p><b>{title}</b></p>" + BODY)
    url = "http://www.example-news.example/2005/03/story.html"
    assert extract_page(html, url=url).title == title


@pytest.mark.parametrize("dated", ["(2021/5)", "[14.03.2021]", "(March 2006)"])
def test_a_date_in_brackets_after_the_heading_is_an_affix(dated: str) -> None:
    html = page(
        f'<meta property="og:title" content="Ferry returns to the harbour {dated}">',
        "<h1>Ferry returns to the harbour</h1>" + BODY,
    )
    url = "https://www.coast-gazette.example/ferry"
    assert extract_page(html, url=url).title == "Ferry returns to the harbour"


def test_a_date_in_brackets_the_heading_shows_stays() -> None:
    html = page(
        '<meta property="og:title" content="The ferry timetable (2021)">',
        "<h1>The ferry timetable (2021)</h1>" + BODY,
    )
    url = "https://www.coast-gazette.example/ferry"
    assert extract_page(html, url=url).title == "The ferry timetable (2021)"


def test_a_sidebars_heading_does_not_name_the_article_on_an_old_site() -> None:
    # The site-wide title gives way to a heading, but not to the sidebar's "Search".
    html = page(
        '<meta property="og:site_name" content="Coastwatch Blog"><title>Coastwatch Blog</title>',
        '<h1>Coastwatch Blog</h1><div id="sidebar"><div class="box">'
        '<h2>Search</h2><form><input name="q"></form></div></div><div class="post">'
        "<h3>Ferry timetable for the winter season</h3>" + BODY + "</div>",
    )
    url = "http://www.coastwatch.example/blog/ferry"
    assert extract_page(html, url=url).title == "Ferry timetable for the winter season"


def test_the_h1_wins_where_the_meta_titles_word_the_story_differently() -> None:
    # The meta titles' wording is on the page too (a share box), but readers see the <h1>.
    html = page(
        '<meta property="og:title" content="Ferry timetable: what changes for commuters">'
        "<title>Ferry timetable: what changes for commuters | Coast Gazette</title>",
        "<article><h1>New winter timetable for the harbour ferry</h1>"
        + BODY
        + '<div class="share-box">Ferry timetable: what changes for commuters</div></article>',
    )
    url = "https://www.coastgazette.example/ferry-timetable"
    assert extract_page(html, url=url).title == "New winter timetable for the harbour ferry"


@pytest.mark.parametrize(
    "heading",
    [
        "<h1>Opening hours</h1>",  # shares no word with the meta title: not the article's
        "<h1>Ferry timetable: what changes for commuters 12.01.2022</h1>",  # a date glued on
    ],
)
def test_an_h1_that_is_not_a_rewording_leaves_the_meta_title(heading: str) -> None:
    html = page(
        '<meta property="og:title" content="Ferry timetable: what changes for commuters">',
        f"{heading}<article><p>Ferry timetable: what changes for commuters</p>{BODY}</article>",
    )
    url = "https://www.coastgazette.example/ferry-timetable"
    assert extract_page(html, url=url).title == "Ferry timetable: what changes for commuters"


def test_a_line_break_in_a_heading_parts_its_words() -> None:
    element = fromstring("<h1><small>Drill of the week</small><br>Pyramid sets</h1>")
    assert heading_text(element) == "Drill of the week Pyramid sets"


def test_the_second_level_label_of_a_host_names_no_site() -> None:
    # "com" of example.com.br is no site's name; "Compras" is not an affix naming the site.
    html = page(
        '<meta property="og:title" content="Compras: what shoppers bought this winter">',
        "<article><h1>Compras: what shoppers bought this winter</h1>" + BODY + "</article>",
    )
    url = "https://www.exemplonoticias.com.br/compras-inverno"
    assert extract_page(html, url=url).title == "Compras: what shoppers bought this winter"


def test_a_host_name_that_abbreviates_the_sites_name_names_the_site() -> None:
    # Old pages declare no site name; "hvdgazette" spells "Harbor Valley Daily Gazette".
    html = page("<title>Council approves harbour plan - Harbor Valley Daily Gazette</title>", BODY)
    url = "http://www.hvdgazette.example/news/2006/harbour.html"
    assert extract_page(html, url=url).title == "Council approves harbour plan"


def test_a_site_wide_title_named_by_an_abbreviating_host_gives_way() -> None:
    html = page(
        "<title>Harbor Valley Gazette Online Edition: Breaking News</title>",
        '<div class="story"><span class="headline">Ferry delayed as ice closes harbour</span>'
        + BODY
        + "</div>",
    )
    url = "http://www.hvgazette.example/seven/01052009/news/ferry.htm"
    assert extract_page(html, url=url).title == "Ferry delayed as ice closes harbour"


def test_a_title_in_another_script_with_the_sites_name_is_no_site_name() -> None:
    # Letters of every script count: the Korean headline is not read as "Harbormedia".
    html = page(
        "<title>항구 페리 운항 재개 - Harbormedia</title>",
        '<h1><a href="/">하버 미디어</a></h1><div class="story">'
        "<p>항구 페리 운항 재개</p>" + BODY + "</div>",
    )
    url = "https://www.harbormedia.example/news/view.html?idx=8576"
    assert extract_page(html, url=url).title == "항구 페리 운항 재개"


def test_a_logo_text_against_the_declared_site_name_names_no_site() -> None:
    # The theme prints the post's title as the logo's alternative text.
    html = page(
        '<meta property="og:site_name" content="Notes From The Harbour">'
        '<meta property="og:title" content="The winter ferry timetable - Notes From The Harbour">',
        '<a href="/" rel="home"><img src="/logo.png" alt="The winter ferry timetable"></a>'
        "<article><h1>The winter ferry timetable</h1>" + BODY + "</article>",
    )
    url = "https://notesfromtheharbour.example/blog/winter-ferry"
    assert extract_page(html, url=url).title == "The winter ferry timetable"


def test_a_site_wide_title_of_the_sites_name_and_its_edition_gives_way() -> None:
    # the host spells no name; the logo's home link does
    html = page(
        "<title>Harbour Courier Online Edition: Breaking News</title>",
        '<h1><a href="/">Harbour Courier</a></h1><h2>Council approves new ferry terminal</h2>'
        f"{BODY}",
    )
    url = "http://www.example.com/news/2006/05/01/story.html"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"


@pytest.mark.parametrize(
    "title,heading",
    [
        # a section's words before a colon that the page's heading lacks are cut
        ("Local News: Council approves new ferry terminal", "Council approves new ferry terminal"),
        # a colon the page's heading shows stays
        ("Ferries: Council approves new terminal", "Ferries: Council approves new terminal"),
    ],
)
def test_words_before_a_colon_go_only_where_the_pages_heading_lacks_them(
    title: str, heading: str
) -> None:
    html = page(
        f"<title>{title} | Harbour Courier</title>",
        f'<h1 class="logo">Harbour Courier</h1><h3 class="story-title">{heading}</h3>{BODY}',
    )
    url = "http://www.harbourcourier.example/news/story.php?id=77"
    assert extract_page(html, url=url).title == heading


def test_a_site_wide_slogan_gives_way_to_an_element_classed_hed() -> None:
    html = page(
        "<title>Harbour Times - Breaking News, World News &amp; Pictures</title>",
        f'<a href="/">Harbour Times</a><div class="hed">Council approves new ferry terminal</div>'
        f"{BODY}",
    )
    url = "http://www.harbourtimes.example/2006/05/01/ferry.html"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"


def test_a_section_before_a_colon_goes_where_any_element_shows_the_rest_alone() -> None:
    html = page(
        "<title>Harbour Herald: Local: Council approves new ferry terminal</title>",
        f'<p class="hdln">Council approves new ferry terminal</p>{BODY}',
    )
    url = "http://www.harbourherald.example/2006/05/01/ferry.html"
    assert extract_page(html, url=url).title == "Council approves new ferry terminal"
