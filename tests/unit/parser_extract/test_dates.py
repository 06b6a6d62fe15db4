"""Publication dates from visible text and markup, when the metadata has none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsroom_parser.extract import extract_page
from newsroom_parser.extract.dates import parse_datetime
from newsroom_parser.extract.dom import parse_html
from newsroom_parser.extract.text_dates import dateline_date, find_date, header_date, labelled_date

from .pages import article_page


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("Veröffentlicht am 7. Mai 2021, 14:05 Uhr", True, date(2021, 5, 7)),
        ("Publié le 1er mars 2018", True, date(2018, 3, 1)),
        ("Posted March 9th, 2020 by the editors", False, date(2020, 3, 9)),
        ("12 Sept 2019", False, date(2019, 9, 12)),
        ("Stand: 04.06.2020", False, date(2020, 6, 4)),
        ("Zuletzt 3.2.21", False, date(2021, 2, 3)),
        ("2017-11-30 | Pressemitteilung", False, date(2017, 11, 30)),
        ("Rubrik | 04/06/2020", True, date(2020, 6, 4)),
        ("Section | 04/06/2020", False, date(2020, 4, 6)),
        ("Version 1.2.3 and 99 items", True, None),
        ("Pubblicato il 14 gennaio 2020", True, date(2020, 1, 14)),
        ("Publicado el 5 de marzo de 2019", True, date(2019, 3, 5)),
        ("Atualizado em 1º de março de 2019", True, date(2019, 3, 1)),
        ("Geplaatst op 3 mei 2021", True, date(2021, 5, 3)),
        ("12 dic 2018 - Redazione", True, date(2018, 12, 12)),
    ],
)
def test_dates_written_out(text: str, dayfirst: bool, expected: date | None) -> None:
    assert find_date(text, dayfirst) == expected


def test_first_written_date_wins() -> None:
    assert find_date("8 May 2020, updated 2020-05-09", False) == date(2020, 5, 8)


def _header(lines: str) -> date | None:
    html = (
        "<html><body><h1>Example Gazette</h1><main><h1>Harbour ferry returns after a long"
        f" winter break</h1>{lines}<p>Plain story text follows here.</p></main></body></html>"
    )
    return header_date(parse_html(html), dayfirst=True)


def test_byline_date_under_the_headline() -> None:
    assert _header("<div>Von Erika Muster</div><div>Datum: 14.02.2020</div>") == date(2020, 2, 14)


def test_dateline_opening_the_first_paragraph() -> None:
    text = "11.05.2021 – " + "Die Fähre fährt wieder zwischen den Inseln und dem Festland. " * 3
    assert _header(f"<p>{text}</p>") == date(2021, 5, 11)


def test_a_date_inside_the_story_is_not_a_byline() -> None:
    text = "Seit der Sperrung am 02.01.2021 fährt keine Fähre mehr zwischen den Inseln. " * 2
    assert _header(f"<p>{text}</p>") is None


def test_header_date_stands_in_for_missing_metadata() -> None:
    before = "<p>Von Erika Muster | 14.02.2020 | Lokales</p>"
    # An earlier date the story mentions is no publication date, however old it is.
    after = "<p>Grundlage ist die Satzung vom 03.01.2019.</p>"
    page = extract_page(
        article_page(before=before, after=after, lang="de"), url="https://example.com/a"
    )
    assert page.published_at == datetime(2020, 2, 14, tzinfo=UTC)


def test_french_header_date() -> None:
    before = '<p class="meta">Publié le 1er mars 2018</p>'
    page = extract_page(article_page(before=before, lang="fr"), url="https://example.com/a")
    assert page.published_at == datetime(2018, 3, 1, tzinfo=UTC)


def test_comment_timestamps_are_not_the_article_date() -> None:
    before = '<p class="byline">By Ann Lee, March 3, 2021</p>'
    after = (
        '<section id="comments"><ol class="comment-list"><li>'
        '<time datetime="2021-03-08T10:00:00Z">8 March</time> Great piece!</li></ol></section>'
    )
    page = extract_page(article_page(before=before, after=after), url="https://example.com/a")
    assert page.published_at == datetime(2021, 3, 3, tzinfo=UTC)


def test_local_midnight_written_in_utc_keeps_its_day() -> None:
    head = '<meta property="article:published_time" content="2021-01-14T23:00:00.000Z">'
    page = extract_page(article_page(head=head, lang="de"), url="https://example.com/a")
    assert page.published_at is not None
    assert page.published_at.date() == date(2021, 1, 15)
    assert page.published_at == datetime(2021, 1, 14, 23, tzinfo=UTC)


def test_utc_times_of_day_stay_as_written() -> None:
    head = '<meta property="article:published_time" content="2021-01-14T23:10:00Z">'
    page = extract_page(article_page(head=head, lang="de"), url="https://example.com/a")
    assert page.published_at is not None
    assert page.published_at.isoformat() == "2021-01-14T23:10:00+00:00"


def test_labelled_publication_date_not_the_change_date() -> None:
    after = (
        '<p class="info">Zuletzt geändert: 02.03.2021 - 09:15<br>Veröffentlicht am: 05.03.2021</p>'
    )
    page = extract_page(article_page(after=after, lang="de"), url="https://example.com/a")
    assert page.published_at == datetime(2021, 3, 5, tzinfo=UTC)


def test_labelled_date_follows_its_label() -> None:
    html = (
        "<html><body><p>Erschienen am Montag, 3. Mai 2021</p><p>Erschienen: 2019</p></body></html>"
    )
    assert labelled_date(parse_html(html), dayfirst=True) == date(2021, 5, 3)


def test_byline_date_outranks_a_bare_date_meta() -> None:
    head = '<meta name="date" content="2020-05-02">'
    before = "<p>Von Erika Muster | 01.05.2020, 18:30 Uhr</p>"
    page = extract_page(article_page(head=head, before=before, lang="de"))
    assert page.published_at == datetime(2020, 5, 1, tzinfo=UTC)


def test_bare_date_meta_still_counts_without_a_byline_date() -> None:
    head = '<meta name="date" content="2020-05-02">'
    page = extract_page(article_page(head=head, lang="de"))
    assert page.published_at == datetime(2020, 5, 2, tzinfo=UTC)


def _story(*paragraphs: str) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f'<html lang="de"><body><div class="content">{body}</div></body></html>'


_STORY = (
    "Der Hafen bekommt eine neue Fähre, die ab dem Sommer zwischen den Inseln pendelt. "
    "Die alte Fähre war seit dem 03.01.2019 außer Dienst und wird nun verschrottet."
)


def test_dateline_opening_the_story_without_a_headline() -> None:
    page = extract_page(_story(f"Hamburg, 12.04.2021 – {_STORY}", _STORY))
    assert page.published_at == datetime(2021, 4, 12, tzinfo=UTC)


def test_dateline_after_a_standfirst() -> None:
    standfirst = "Eine neue Fähre für die Inseln: was Pendler jetzt wissen müssen, und was nicht."
    page = extract_page(_story(standfirst, f"12.04.2021 – {_STORY}", _STORY))
    assert page.published_at == datetime(2021, 4, 12, tzinfo=UTC)


def test_dateline_reads_only_the_opening() -> None:
    assert dateline_date(_STORY, dayfirst=True) is None
    assert dateline_date("Hamburg, 12. April 2021: " + _STORY, dayfirst=True) == date(2021, 4, 12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3. März 2019", date(2019, 3, 3)), ("14 de febrero de 2020, 10:15", date(2020, 2, 14))],
)
def test_month_names_in_a_metadata_value(value: str, expected: date) -> None:
    # Meta tags and <time datetime> sometimes carry the date as the page writes it.
    parsed = parse_datetime(value, dayfirst=True)
    assert parsed is not None
    assert parsed.date() == expected


_TEASERS = (
    '<ul class="latest"><li><h3><a href="/ferry-timetable">New ferry timetable</a></h3>'
    '<time datetime="2021-06-09T08:00:00Z">9 June</time></li>'
    '<li><h3><a href="/harbour-works">Harbour works begin</a></h3>'
    '<time datetime="2021-06-08T08:00:00Z">8 June</time></li></ul>'
)


def test_teaser_cards_before_the_article_are_not_its_date() -> None:
    page = (
        f"<html><body><header>{_TEASERS}</header><article><h1>Council expands bus network</h1>"
        '<time datetime="2021-06-07T10:00:00Z">7 June</time><p>The council voted.</p>'
        "</article></body></html>"
    )
    assert extract_page(page).published_at == datetime(2021, 6, 7, 10, tzinfo=UTC)


def test_a_lone_article_with_a_permalinked_heading_keeps_its_time() -> None:
    page = (
        '<html><body><h1>Example Blog</h1><article><h2><a href="/bus-network">Council expands'
        ' bus network</a></h2><time datetime="2021-06-07T10:00:00Z">7 June</time>'
        "<p>The council voted.</p></article></body></html>"
    )
    assert extract_page(page).published_at == datetime(2021, 6, 7, 10, tzinfo=UTC)


def test_a_time_marked_published_outranks_an_earlier_update_time() -> None:
    before = (
        '<p class="meta">Updated <time class="updated" datetime="2021-06-09T08:00:00Z">9 June'
        '</time> · First published <time class="published" datetime="2021-06-01T07:30:00Z">'
        "1 June</time></p>"
    )
    page = extract_page(article_page(before=before), url="https://example.com/a")
    assert page.published_at == datetime(2021, 6, 1, 7, 30, tzinfo=UTC)


def test_an_update_time_gives_way_to_an_unmarked_one() -> None:
    before = (
        '<p>Updated <time itemprop="dateModified" datetime="2021-06-09T08:00:00Z">9 June</time>'
        '</p><p><time datetime="2021-06-01T07:30:00Z">1 June 2021</time></p>'
    )
    page = extract_page(article_page(before=before), url="https://example.com/a")
    assert page.published_at == datetime(2021, 6, 1, 7, 30, tzinfo=UTC)


def _stamped(stamp: str, byline: str) -> datetime | None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    before = f'<p class="byline">By Ann Lee | {byline}</p>'
    return extract_page(
        article_page(head=head, before=before), url="https://example.com/a"
    ).published_at


def test_a_utc_stamp_one_day_off_the_byline_is_read_on_the_byline_day() -> None:
    # 02:30 UTC is the previous evening where the page is written.
    assert _stamped("2021-03-05T02:30:00Z", "March 4, 2021") == datetime(2021, 3, 4, tzinfo=UTC)
    assert _stamped("2021-03-04T23:30:00+00:00", "5 March 2021") == datetime(2021, 3, 5, tzinfo=UTC)


def test_a_stamp_far_from_the_byline_or_with_its_own_offset_stands() -> None:
    far = _stamped("2021-03-15T10:00:00Z", "March 4, 2021")
    assert far == datetime(2021, 3, 15, 10, tzinfo=UTC)
    local = _stamped("2021-03-05T02:30:00+01:00", "March 4, 2021")
    assert local is not None
    assert local.isoformat() == "2021-03-05T02:30:00+01:00"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Pubblicato il 14/01/2020 alle 10:30", date(2020, 1, 14)),
        ("Publicado el 5 de marzo de 2019", date(2019, 3, 5)),
        ("Gepubliceerd op 3 mei 2021", date(2021, 5, 3)),
    ],
)
def test_publication_labels_in_more_languages(line: str, expected: date) -> None:
    html = f"<html><body><p>Zona rossa: cosa cambia.</p><p>{line}</p></body></html>"
    assert labelled_date(parse_html(html), dayfirst=True) == expected


def test_a_copyright_year_names_no_day() -> None:
    page = extract_page(article_page(), url="https://news.example/city/bus-network")
    assert page.published_at is None


def test_the_first_of_january_written_as_a_day_stays() -> None:
    url = "https://news.example/2019/01/01/bus-network"
    page = extract_page(article_page(), url=url)
    assert page.published_at is not None and page.published_at.date() == date(2019, 1, 1)


@pytest.mark.parametrize(
    "url",
    ["https://news.example/city/20190312/bus-network", "https://news.example/bus_20190312.html"],
)
def test_a_day_written_as_eight_digits_in_the_address(url: str) -> None:
    page = extract_page(article_page(), url=url)
    assert page.published_at is not None and page.published_at.date() == date(2019, 3, 12)


def test_eight_digits_that_are_no_day_name_none() -> None:
    page = extract_page(article_page(), url="https://news.example/item/20191399/bus-network")
    assert page.published_at is None
