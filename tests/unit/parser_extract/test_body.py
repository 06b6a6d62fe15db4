"""Body extraction: boilerplate stays out, prose and its order stay in."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from newsroom_parser.extract import ExtractionError, count_words, extract_page
from newsroom_parser.extract.boilerplate import (
    boilerplate_rule,
    is_boilerplate_line,
    prune_dom,
    strip_shortcodes,
)

from .pages import PROSE, article_page


def test_paragraphs_in_order_without_headline_or_footer() -> None:
    page = extract_page(article_page())
    assert page.paragraphs == tuple(PROSE)
    assert "Council expands bus network" not in page.body
    assert "All rights reserved" not in page.body


def test_furniture_inside_the_article_is_dropped() -> None:
    before = (
        '<div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>'
        '<figure><img src="/bus.jpg"><figcaption>A new bus at the depot. '
        "(Photo: Ann Lee/Example)</figcaption></figure>"
    )
    after = (
        '<div class="newsletter-signup"><p>Get breaking news alerts in your inbox.</p>'
        '<form><input type="email"><button>Sign up</button></form></div>'
        '<div class="video-promo"><h3>Watch: The mayor rides the new line</h3>'
        "<p>[jwp-video n=”1″]</p></div>"
        '<section class="related-stories"><h2>Recent Stories</h2><ul>'
        '<li><a href="/x">Another story about something else</a></li></ul></section>'
    )
    page = extract_page(article_page(before=before, after=after))
    assert page.paragraphs == tuple(PROSE)
    assert page.images[0].caption == "A new bus at the depot."
    assert page.images[0].credit == "Ann Lee/Example"


def test_caption_repeated_as_a_paragraph_is_dropped() -> None:
    before = (
        '<div class="wp-caption"><img src="/b.jpg">'
        '<p class="wp-caption-text">Bus depot at dawn</p></div>'
    )
    page = extract_page(article_page(before=before))
    assert "Bus depot at dawn" not in page.body


@pytest.mark.parametrize(
    "text,expected",
    [
        ('[jwp-video n="1"]', ""),
        ("[jwp-video n=”1″]", ""),
        ('Before [caption id="x"]inside[/caption] after', "Before inside after"),
        ("A list [1] reference stays", "A list [1] reference stays"),
        ('[gallery ids="4,5"] Photos', "Photos"),
        ("Send us your own review[/button]", "Send us your own review"),
        # Editorial brackets inside quotations are words of the quote, not markup.
        ("“[W]e are not done,” she said.", "“[W]e are not done,” she said."),
        ("He said [his] party would win.", "He said [his] party would win."),
        (
            "They acted [by holding back the figures].",
            "They acted [by holding back the figures].",
        ),
    ],
)
def test_shortcodes_are_stripped(text: str, expected: str) -> None:
    assert strip_shortcodes(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our weekly newsletter",
        "Get breaking news alerts and more from Roll Call in your inbox.",
        "Thanks for signing up!",
        "READ MORE: Ferry timetable changes on the north shore",
        "Recent Stories",
        "© 2019 Example Media. All rights reserved.",
        "Write to Jo Example at jo.example@example.com",
        "Like this article? Pass it on to a neighbour!",
        "Harbour board 'warned of a second strike' [REACTION]",
        "Updated at 4:05 p.m.",
        "Reporting by Jo Example; Editing by Sam Sample",
        "(Additional reporting by Jo Example in Lisbon)",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Readers who sign up for the program get free rides, the council said.",
        "She said the copyright dispute would go to court in May.",
        PROSE[0],
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    "html,reason",
    [
        ("", "empty_page"),
        ("   ", "empty_page"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no_article_body"),
        ("<html><body>" + "<div>x</div>" * 200_000 + "</body></html>", "dom_too_large"),
    ],
)
def test_failures_have_reasons(html: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_page(html)
    assert caught.value.reason == reason


def test_body_split_into_sibling_chunks_is_joined() -> None:
    chunk = '<div class="body__chunk">{}</div>'
    ad = '<div class="ad-slot"><a href="/ad">Sponsored</a></div>'
    first = "".join(f"<p>{text}</p>" for text in PROSE[:2])
    second = "".join(f"<p>{text}</p>" for text in PROSE[2:])
    teasers = "".join(f'<p><a href="/s{i}">{PROSE[0][:90]} {i}</a></p>' for i in range(4))
    html = (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="article-body">{chunk.format(first)}{ad}</div>'
        f'<div class="wrap">{chunk.format(second)}</div>'
        f'<div class="wrap">{chunk.format(teasers)}</div>'
        "</article></body></html>"
    )
    page = extract_page(html)
    assert page.paragraphs == tuple(PROSE)


# Made-up short articles in scripts written without spaces between words.
CHINESE = [
    "市议会周二投票决定扩大北部地区的公交网络，这项计划已经讨论了将近三年。",
    "支持者说，这一变化将为数千名工人缩短通勤时间。",
]
JAPANESE = [
    "市議会は火曜日、北部地区のバス路線を拡大することを決めた。",
    "市長は春に新路線を開くと述べた。",
]


@pytest.mark.parametrize("paragraphs,lang", [(CHINESE, "zh"), (JAPANESE, "ja")])
def test_text_in_scripts_without_spaces_is_an_article(paragraphs: list[str], lang: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f'<html lang="{lang}"><body><article><h1>公交</h1>{body}</article></body></html>'
    assert extract_page(html).paragraphs == tuple(paragraphs)


def test_a_few_characters_of_such_a_script_are_no_article() -> None:
    html = "<html><body><article><p>公交网络</p></article></body></html>"
    with pytest.raises(ExtractionError) as caught:
        extract_page(html)
    assert caught.value.reason == "no_article_body"


def test_word_count_counts_unspaced_scripts_by_pairs_of_characters() -> None:
    assert count_words("The council voted on Tuesday.") == 5
    assert count_words("市议会周二投票") == 4  # seven characters
    assert count_words("バス路線 ABC line") == 4


# A made-up page in the table layout news sites used before CSS: a toolbar of archive
# links, a navigation column, the article cell with <br> between paragraphs, a footer row.
TABLE_LAYOUT = """<html><head>
<title>Valley Gazette - Mill fire damages historic bridge</title></head><body><table width="760">
<tr><td colspan="2"><img src="/img/logo.gif" alt="Valley Gazette"></td></tr>
<tr><td colspan="2"><font size="1">
<a href="/archive/2006/01/">January 2006</a> | <a href="/archive/2006/02/">February 2006</a> |
<a href="/archive/2006/03/">March 2006</a> | <a href="/archive/2006/04/">April 2006</a> |
<a href="/archive/2006/05/">May 2006</a> | <a href="/archive/2006/06/">June 2006</a><br>
Search the archive: <form><input name="q"></form> Browse older issues by date and section.
</font></td></tr>
<tr><td width="160" valign="top"><font size="2"><a href="/">Front page</a><br>
<a href="/news/">News</a><br><a href="/sport/">Sport</a><br>
<a href="/letters/">Letters</a></font></td>
<td valign="top"><font face="Arial" size="4"><b>Mill fire damages historic bridge</b></font><br>
<font size="2">By Martha Quill, Staff Writer<br>March 14, 2006</font><br><br>
<font face="Arial" size="2">{paragraphs}</font></td></tr>
<tr><td colspan="2"><font size="1">Copyright 2006 Valley Gazette. All rights reserved.</font>
</td></tr>
</table></body></html>"""


def test_table_layout_keeps_the_article_cell_and_its_paragraphs() -> None:
    html = TABLE_LAYOUT.format(paragraphs="<br><br>".join(PROSE))
    page = extract_page(html, url="http://www.valleygazette.example/2006/03/14/mill.html")
    assert page.paragraphs == tuple(PROSE)
    assert page.title == "Mill fire damages historic bridge"
    assert page.authors == ("Martha Quill",)


@pytest.mark.parametrize(
    "line,dateline",
    [
        ("March 14, 2006", True),
        ("Monday, 14 March 2006", True),
        ("14.03.2021, 09.15 Uhr", True),
        ("+81 158-23-2012", False),  # a phone number
        ("CO₂ ₂₀₂₂", False),  # digits that are not ASCII
        ("1 2 3 4 5 6", False),
    ],
)
def test_a_line_giving_only_a_date_is_furniture(line: str, dateline: bool) -> None:
    assert (boilerplate_rule(line) == "dateline") is dateline


NEXT_STORY = [
    "The second story is about a school board that met late on Thursday to discuss new "
    "rules for the cafeteria and the gym, which parents had asked about for months.",
    "Board members said the rules would take effect after the winter break, once the "
    "principal has reviewed them with the teachers and the parent council.",
]


def _story(tag: str, headline: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<{tag} class="story"><h1>{headline}</h1><div class="byline">By Jo Example</div>'
        f'<div class="article-body">{body}</div></{tag}>'
    )


@pytest.mark.parametrize("tag", ["article", "div"])
def test_the_next_story_loaded_below_is_not_part_of_the_article(tag: str) -> None:
    html = (
        "<html><head><title>Council expands bus network</title></head><body><main>"
        + _story(tag, "Council expands bus network", PROSE)
        + _story(tag, "School board sets cafeteria rules", NEXT_STORY)
        + "</main></body></html>"
    )
    assert extract_page(html).paragraphs == tuple(PROSE)


def test_a_name_with_a_hover_card_keeps_its_name_in_the_text() -> None:
    # The card (hidden until the reader hovers) lists other articles; the name stays.
    card = (
        '<span class="rollover-people"><a class="rollover-people-link" href="/people/ann-lee">'
        'Ann Lee</a><span class="rollover-people-block"><span class="card">'
        '<a href="/a/1">Lee opens the bridge</a> <a href="/a/2">Lee on the budget</a>'
        "</span></span></span>"
    )
    first = f"The city council, led by {card}, voted on Tuesday to expand the bus network."
    html = article_page().replace(PROSE[0], first)
    assert extract_page(html).paragraphs[0] == (
        "The city council, led by Ann Lee, voted on Tuesday to expand the bus network."
    )


@pytest.mark.parametrize(
    "caption",
    [
        "The new depot on the eastern ring road. (credit: Example Transit)",
        "The new depot on the eastern ring road. Photo: Jo Lind/Example Wire",
    ],
)
def test_a_caption_ending_in_a_credit_is_not_a_paragraph(caption: str) -> None:
    html = article_page().replace(f"<p>{PROSE[2]}</p>", f"<p>{PROSE[2]}</p><p>{caption}</p>")
    assert extract_page(html).paragraphs == tuple(PROSE)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("For breaking news download the Harbour Times apps for iOS and Android.", "app_promo"),
        ("Download our app", "app_promo"),
        ("Residents can download the city app to pay for parking.", None),
    ],
)
def test_a_line_telling_readers_to_get_the_sites_app(line: str, expected: str | None) -> None:
    assert boilerplate_rule(line) == expected


def test_a_sentence_about_a_photo_stays() -> None:
    line = "The mayor said one thing mattered most. Photo: that was the word she used."
    assert boilerplate_rule(line) is None


def test_lists_of_links_and_labelled_link_teasers_are_dropped() -> None:
    p = [f"<p>{text}</p>" for text in PROSE]
    teaser = (
        '<p><strong>Related: </strong><a href="/f"><u>Ferry timetables change for the winter'
        " season</u></a></p>"
        '<p>The planners will present the <a href="/plan">full network plan</a> at a public '
        "meeting in the town hall next month, and residents may send comments until then.</p>"
        '<p>Map data: <a href="https://x.example/@citymaps">@citymaps</a></p>'
    )
    listed = (
        '<ul><li><a href="/a"><u>Tram depot gets a new roof</u></a></li>'
        '<li><a href="/b"><u>Cyclists ask for wider lanes on the bridge</u></a></li>'
        '<li><a href="/c"><u>Ten things to know about the night buses</u></a></li></ul>'
    )
    html = (
        "<html><head><title>Council expands bus network</title></head><body><article>"
        '<h1>Council expands bus network</h1><div class="entry-content">'
        f"{p[0]}{p[1]}{teaser}{p[2]}{p[3]}{listed}<p>Read the mayor's letter.</p>"
        "</div></article></body></html>"
    )
    page = extract_page(html)
    assert "full network plan" in page.body  # a link inside prose
    assert "Map data: @citymaps" in page.body  # a label crediting a handle, not a headline
    assert "Read the mayor's letter." in page.body
    for text in ("Ferry timetables", "Tram depot", "Cyclists", "Ten things"):
        assert text not in page.body


def test_tag_lists_and_the_comment_section_are_dropped() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    html = (
        "<html><head><title>Council expands bus network</title></head><body><article>"
        f'<h1>Council expands bus network</h1><div class="entry-content">{paragraphs}'
        '<p><strong>Topics</strong></p><p><a href="/t/bus">buses</a>, '
        '<a href="/t/council">city council</a>, <a href="/t/north">northern districts</a></p>'
        "<p>Filed under: transport, local politics</p>"
        "<h3>4 Comments</h3><p>Finally! I have waited for this line since I moved here, it "
        "takes me an hour now.</p><p>Who pays for the drivers though? Nobody in the council "
        "has answered that question yet.</p></div></article></body></html>"
    )
    page = extract_page(html)
    assert page.paragraphs == tuple(PROSE)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tags", "tags"),
        ("Tagged: politics, budget", "tags"),
        ("Temas: Brasil | Economia | Política", "tags"),
        ("Topics: the council voted on the plan today", None),
        ("Tags are useful for finding stories, and so on", None),
    ],
)
def test_tag_list_line(text: str, expected: str | None) -> None:
    assert boilerplate_rule(text) == expected


def test_blocks_above_the_headline_do_not_open_the_body() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    html = (
        "<html><head><title>Council expands bus network</title></head><body><table><tr><td>"
        "<p>Local politics</p><p>Monday edition, page 4</p><h1>Council expands bus network</h1>"
        f"<p>Northfield -</p>{paragraphs}</td></tr></table></body></html>"
    )
    # The dateline under the headline leads into the text and stays.
    assert extract_page(html).paragraphs == ("Northfield -", *PROSE)


def test_toolbar_table_and_back_to_top_link_of_an_old_table_layout_are_dropped() -> None:
    toolbar = (
        '<table width="100%"><tr><td><a href="/arch?d=1">Previous day</a> | '
        '<a href="/arch?d=2">Next day</a> | <a href="/arch">Archive index</a> | '
        '<a href="/print">Print this page</a></td><td>Archive: Tuesday, March 4, 2008</td>'
        "</tr></table>"
    )
    html = (
        "<html><head><title>Daily Courier - Council expands bus network</title></head><body>"
        '<table width="760"><tr><td width="150"><a href="/">Home</a><br><a href="/news">News</a>'
        f'</td><td>{toolbar}<font size="4"><b>Council expands bus network</b></font><br><br>'
        f'{"<br><br>".join(PROSE)}<br><br><a href="#top">Back to top</a></td></tr></table>'
        "</body></html>"
    )
    assert extract_page(html).paragraphs == tuple(PROSE)


def test_headline_stays_in_the_tree_trafilatura_reads_and_out_of_the_body() -> None:
    root = fromstring(
        "<html><body><article><h1>Council expands bus network</h1><h2>A dek line</h2>"
        "<p>Text.</p></article></body></html>"
    )
    prune_dom(root, ["A dek line"])
    assert [h.text for h in root.iter("h1", "h2")] == ["Council expands bus network"]
    # Shown with the site's name, it is still the headline, not a paragraph.
    heading = "<h2>Council expands bus network | Example Courier News</h2>"
    page = extract_page(article_page(before=heading))
    assert page.paragraphs == tuple(PROSE)
