"""Body rules at the top and for furniture lines: repeated dek, bylines, sign-up boxes, rules."""

from __future__ import annotations

import json

import pytest

from newsroom_parser.extract import extract_page
from newsroom_parser.extract.authors import is_byline
from newsroom_parser.extract.body import drop_repeated_lead
from newsroom_parser.extract.boilerplate import (
    boilerplate_rule,
    is_boilerplate_line,
    space_dateline,
)

from .pages import PROSE, article_page

DEK = "Riders in the northern districts will wait half as long for a bus by next spring."


def _header_page(header: str, head: str = "", body_extra: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    return (
        f"<html><head><title>Council expands bus network</title>{head}</head><body>"
        f"<article><header><h1>Council expands bus network</h1>{header}</header>"
        f'<div class="story-text">{body_extra}{paragraphs}</div></article></body></html>'
    )


@pytest.mark.parametrize(
    "header",
    [
        f'<p class="story-dek">{DEK}</p>',
        f'<p class="ArticleHeader_dek__x1Y2z">{DEK}</p>',
        f'<p class="article-excerpt">{DEK}</p>',
        f'<div class="standfirst"><p>{DEK}</p></div>',
    ],
)
def test_a_dek_shown_in_the_header_is_not_the_first_paragraph(header: str) -> None:
    page = extract_page(_header_page(header))
    assert page.subtitle == DEK
    assert page.paragraphs == tuple(PROSE)


def test_alternative_headline_repeated_first_is_dropped() -> None:
    data = {"@type": "NewsArticle", "headline": "Buses", "alternativeHeadline": DEK}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    page = extract_page(_header_page("", head=head, body_extra=f"<p>“{DEK}”</p>"))
    assert page.paragraphs == tuple(PROSE)


def test_a_description_equal_to_the_lede_keeps_the_lede() -> None:
    # Pages often reuse their first paragraph as the meta description.
    head = f'<meta name="description" content="{PROSE[0]}">'
    page = extract_page(article_page(head=head))
    assert page.subtitle == PROSE[0]
    assert page.paragraphs == tuple(PROSE)


def test_a_lede_class_among_the_body_paragraphs_is_kept() -> None:
    paragraphs = f'<p class="lede">{PROSE[0]}</p>' + "".join(f"<p>{t}</p>" for t in PROSE[1:])
    html = (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="story-text">{paragraphs}</div></article></body></html>'
    )
    assert extract_page(html).paragraphs == tuple(PROSE)


def test_drop_repeated_lead_compares_words_only() -> None:
    paragraphs = ("“Buses,  for the north!”", "Buses for the north.", "Body text.", "Buses")
    assert drop_repeated_lead(paragraphs, ["buses for the north", "Buses"]) == (
        "Body text.",
        "Buses",
    )
    assert drop_repeated_lead(paragraphs, ["", "nothing like it"]) == paragraphs


@pytest.mark.parametrize(
    "byline",
    [
        "Por Valeria Montes",
        "Von Anna Schmidt und Jonas Weber",
        "Par Jean Dupont",
        "Di Mario Rossi",
        "By Jane Doe and John Roe",
        "BY MARY MAJOR, Associated Press",
        "By Jane Doe, Staff Writer (jane@example.com)",
    ],
)
def test_byline_paragraphs_are_dropped(byline: str) -> None:
    assert is_byline(byline)
    page = extract_page(_header_page("", body_extra=f"<p>{byline}</p>"))
    assert page.paragraphs == tuple(PROSE)


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, Congress will decide.",
        "By 2030 the city will need more buses.",
        "Por fin llegó la lluvia a Phoenix.",
        "Di Maria scored twice.",
        "By land and sea",
        "Von Braun",
    ],
)
def test_sentences_starting_like_a_byline_are_kept(line: str) -> None:
    assert not is_byline(line)
    assert boilerplate_rule(line) is None


def test_a_newsletter_box_in_another_language_is_dropped() -> None:
    box = (
        '<div class="boletin"><p>Reciba las noticias más importantes de la semana en su correo.</p>'
        '<a href="/es/boletin/">Suscríbase</a></div>'
    )
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE[:2])
    paragraphs += box + "".join(f"<p>{text}</p>" for text in PROSE[2:])
    html = (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="entry-content">{paragraphs}</div></article></body></html>'
    )
    assert extract_page(html).paragraphs == tuple(PROSE)


@pytest.mark.parametrize("line", ["Suscríbase", "Subscribe", "Abonnez-vous", "Jetzt abonnieren"])
def test_a_lone_subscribe_button_is_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("separator", ["___", "* * *", "—", "______________________", "# # #"])
def test_separator_paragraphs_are_dropped(separator: str) -> None:
    assert boilerplate_rule(separator) == "no_words"
    contributor = "Jane Doe in Ottawa contributed to this report."
    paragraphs = "".join(f"<p>{text}</p>" for text in [*PROSE, separator, contributor])
    html = (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="story-text">{paragraphs}</div></article></body></html>'
    )
    assert extract_page(html).paragraphs == (*PROSE, contributor)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Follow the Harbor Herald's letters page on Facebook and Twitter.", "follow_us"),
        ("Follow Coastline Radio on TikTok and YouTube for more.", "follow_us"),
        ("Reach Jo Lind on Mastodon at https://social.example/@jolind", "reach_us"),
        ("Contact Jo Lind at jo.lind@example.com.", "reach_us"),
        ("SOURCE: Harbor Wire", "source_credit"),
    ],
)
def test_closing_promotions_and_credits_are_lines_of_the_page(line: str, rule: str) -> None:
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Fans who follow the team on Instagram saw the video first.",
        "Contact tracing at the school began on Monday, officials said.",
        "Source: the report says the figures were revised three times.",
    ],
)
def test_prose_about_following_contacts_and_sources_is_kept(line: str) -> None:
    assert boilerplate_rule(line) is None


def test_a_dateline_in_its_own_element_is_set_off_from_the_first_word() -> None:
    first = "<cite>Oslo (Harbor Wire)</cite>The port reopened on Monday after a week of storms."
    paragraphs = "".join(f"<p>{text}</p>" for text in [first, *PROSE])
    html = (
        "<html><body><article><h1>Council expands bus network</h1>"
        f'<div class="story-text">{paragraphs}</div></article></body></html>'
    )
    assert extract_page(html).paragraphs[0].startswith("Oslo (Harbor Wire) The port reopened")


@pytest.mark.parametrize("text", ["Immer auf (Forst-)Straßen bleiben.", "Modul PKW (H1)4 Jahre"])
def test_words_glued_to_brackets_elsewhere_stay_glued(text: str) -> None:
    assert space_dateline(text) == text
