"""Caption/credit splitting, author clean-up and date parsing in isolation."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

from newsroom_parser.extract import ExtractionError
from newsroom_parser.extract.authors import clean_names
from newsroom_parser.extract.dates import parse_datetime
from newsroom_parser.extract.images import split_caption


@pytest.mark.parametrize(
    "text,caption,credit",
    [
        (
            "Sen. Rand Paul of Kentucky suggested easing some sanctions on Russia. "
            "(Bill Clark/CQ Roll Call file photo)",
            "Sen. Rand Paul of Kentucky suggested easing some sanctions on Russia.",
            "Bill Clark/CQ Roll Call",
        ),
        (
            "Protesters gather in the square. Photo: Jane Doe",
            "Protesters gather in the square.",
            "Jane Doe",
        ),
        ("The stadium at night. (AP Photo/John Roe)", "The stadium at night.", "AP Photo/John Roe"),
        (
            "Flooded streets on Monday | Mark Smith/Getty Images",
            "Flooded streets on Monday",
            "Mark Smith/Getty Images",
        ),
        ("The mayor (left) greets residents.", "The mayor (left) greets residents.", None),
    ],
)
def test_split_caption(text: str, caption: str, credit: str | None) -> None:
    assert split_caption(text) == (caption, credit)


@pytest.mark.parametrize(
    "raw,names",
    [
        (["By Jane Doe and John Roe"], ("Jane Doe", "John Roe")),
        (["Jane Doe, John Roe & Ann Lee"], ("Jane Doe", "John Roe", "Ann Lee")),
        (["BY MARY MAJOR"], ("Mary Major",)),
        (["Staff", "Staff Writer", "jane@example.com"], ()),
        (["Jane Doe (jane@example.com), Associated Press"], ("Jane Doe",)),
        (["https://www.facebook.com/janedoe"], ()),
        (["Ludwig van Beethoven"], ("Ludwig van Beethoven",)),
        (["Anna MeninShare", "Ronald McDonald"], ("Ronald McDonald",)),
        (["Jill Disis, CNN Business"], ("Jill Disis",)),
        (["Text: Jane Doe"], ("Jane Doe",)),
        (["Texto: Valeria Montes y Miguel Ferraro"], ("Valeria Montes", "Miguel Ferraro")),
        (["Mara Lindqvist/AP", "Tobin Hale/dpa"], ("Mara Lindqvist", "Tobin Hale")),
    ],
)
def test_clean_names(raw: list[str], names: tuple[str, ...]) -> None:
    assert clean_names(raw) == names


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2018-08-06", datetime(2018, 8, 6, tzinfo=UTC)),
        ("2018-08-06T10:20:30Z", datetime(2018, 8, 6, 10, 20, 30, tzinfo=UTC)),
        ("August 6, 2018", datetime(2018, 8, 6, tzinfo=UTC)),
        ("Mon, 06 Aug 2018 14:00:00 GMT", datetime(2018, 8, 6, 14, tzinfo=UTC)),
        ("not a date", None),
        ("1970-01-01", None),
        ("", None),
    ],
)
def test_parse_datetime(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


def test_error_pickles_with_reason() -> None:
    error = pickle.loads(pickle.dumps(ExtractionError("not_html", "binary payload")))
    assert (error.reason, error.message) == ("not_html", "binary payload")


@pytest.mark.parametrize(
    "value,dayfirst,expected",
    [
        ("04.02.2022", False, datetime(2022, 2, 4, tzinfo=UTC)),  # dotted: always day first
        ("04.02.2022 10:30", False, datetime(2022, 2, 4, 10, 30, tzinfo=UTC)),
        ("04/02/2022 10:30", True, datetime(2022, 2, 4, 10, 30, tzinfo=UTC)),
        ("04/02/2022 10:30", False, datetime(2022, 4, 2, 10, 30, tzinfo=UTC)),
        # a year first stays year-month-day whatever the page's custom
        ("2022-05-04 03:00:00 UTC", True, datetime(2022, 5, 4, 3, tzinfo=UTC)),
    ],
)
def test_numeric_dates_in_the_pages_order(value: str, dayfirst: bool, expected: datetime) -> None:
    assert parse_datetime(value, dayfirst) == expected


def test_a_page_outside_the_united_states_writes_the_day_first() -> None:
    from newsroom_parser.extract import extract_page

    from .pages import article_page

    html = article_page(head='<meta name="date" content="04/02/2022 09:15">', lang="de")
    assert extract_page(html).published_at == datetime(2022, 2, 4, 9, 15, tzinfo=UTC)
