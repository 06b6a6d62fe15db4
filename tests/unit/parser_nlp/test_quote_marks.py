"""Pairing quotation marks (no language model involved)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsroom_parser.nlp.quote_marks import DOUBLE_MARKS, SINGLE_MARKS, find_quote_spans


def quoted(text: str, **kwargs: bool) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text, **kwargs)]


def test_curly_and_straight_pairs() -> None:
    assert quoted("“We all pay for it,” he said.") == ["We all pay for it,"]
    assert quoted('"We all pay for it," he said.') == ["We all pay for it,"]


def test_quote_split_around_its_attribution() -> None:
    text = "“We all pay for it,” he said in July. “What we need is a plan.”"
    assert quoted(text) == ["We all pay for it,", "What we need is a plan."]


def test_marks_are_paired_by_position_not_glyph() -> None:
    # a straight closing mark after a curly opening one, a mis-typed closing “
    assert quoted('“Toll roads should not be the only answer," he said.') == [
        "Toll roads should not be the only answer,"
    ]
    assert quoted("the ruling called his claims “Largely Wrong.“") == ["Largely Wrong."]


def test_nested_quote_stays_inside_the_outer_one() -> None:
    text = '"Read the question: “Do you think so?” Forty-three said yes."'
    assert quoted(text) == ["Read the question: “Do you think so?” Forty-three said yes."]


def test_unclosed_quote_runs_to_the_end_and_is_marked_open() -> None:
    spans = find_quote_spans("“The first paragraph of a long statement goes on")
    assert len(spans) == 1
    assert not spans[0].closed


def test_line_break_ends_an_open_quote() -> None:
    text = "“First line of a quote\n“Second line,” she added."
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["First line of a quote", "Second line,"]
    assert [s.closed for s in spans] == [False, True]


def test_quote_left_open_reopens_at_a_sentence_start_on_one_line() -> None:
    # paragraphs run together when a page's line breaks are lost: the open quote ends where
    # the next one opens, as it would at a paragraph break
    text = (
        "“It is a scandal,” Okafor said. “If the count is wrong, how can anyone trust it. "
        "“I have asked for a recount,” added Lindqvist. “These are real doubts.”"
    )
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "It is a scandal,",
        "If the count is wrong, how can anyone trust it.",
        "I have asked for a recount,",
        "These are real doubts.",
    ]
    assert [s.closed for s in spans] == [True, False, True, True]


def test_balanced_nested_double_quote_is_not_a_reopening() -> None:
    text = '"He asked me. “Do you think so?” I said yes."'
    assert quoted(text) == ["He asked me. “Do you think so?” I said yes."]


def test_apostrophes_are_not_quotation_marks() -> None:
    assert quoted("The senators' votes don't matter in the '90s, O'Neill said.") == []


def test_single_marks_quote_outside_double_quotes() -> None:
    assert quoted("‘We all pay for it,’ the Ohio Democrat has said") == ["We all pay for it,"]
    assert quoted("'We all pay for it,' he said") == ["We all pay for it,"]


def test_doubled_apostrophes_only_on_request() -> None:
    text = "''This isn't a budget,'' said Mr. Abernathy-Cole."
    assert quoted(text) == []
    assert quoted(text, doubled_apostrophes=True) == ["This isn't a budget,"]


ALPHABET = st.sampled_from(list("ab .,\n") + sorted(DOUBLE_MARKS | SINGLE_MARKS))


@given(st.text(ALPHABET, max_size=60))
def test_spans_are_ordered_disjoint_and_in_bounds(text: str) -> None:
    spans = find_quote_spans(text)
    previous_end = -1
    for s in spans:
        assert 0 < s.start <= s.end <= len(text)
        assert s.start > previous_end
        assert text[s.start - 1] in DOUBLE_MARKS | SINGLE_MARKS
        assert "\n" not in text[s.start : s.end]
        previous_end = s.end


@given(st.text(st.characters(blacklist_characters="\"“”„‟'‘’‚‛`«»‹›"), max_size=80))
def test_no_marks_no_quotes(text: str) -> None:
    assert find_quote_spans(text) == []


def test_single_marks_inside_unread_doubled_apostrophes_are_nested() -> None:
    text = "She said she had stopped, and ''I had to think, 'This is our town.' And we stayed.''"
    assert quoted(text) == []
    assert quoted(text, doubled_apostrophes=True) == [
        "I had to think, 'This is our town.' And we stayed."
    ]
    assert quoted("He called it 'a fine mess of a plan,' and left.") == ["a fine mess of a plan,"]


def test_guillemets_pair_by_glyph() -> None:
    assert quoted("«We will appeal this ruling,» Baker said.") == ["We will appeal this ruling,"]
    assert quoted("Baker said: ‹We will appeal.›") == ["We will appeal."]


def test_a_closing_mark_with_no_space_after_it() -> None:
    assert quoted("“We will appeal this ruling,”said Baker.") == ["We will appeal this ruling,"]
    assert quoted('"We will appeal this ruling,"he said.') == ["We will appeal this ruling,"]
    assert quoted('He said,"We will appeal this ruling."') == ["We will appeal this ruling."]
