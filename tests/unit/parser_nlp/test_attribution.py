"""Which quotes an article has and whom they are attributed to, on small made-up articles."""

from __future__ import annotations

from collections.abc import Sequence

from newsroom_parser.nlp import NlpAnalyzer, NlpResult

from .conftest import quote_by_start


def run(analyzer: NlpAnalyzer, *paragraphs: str, title: str = "City Council Votes") -> NlpResult:
    return analyzer.analyze(title, None, list(paragraphs), "en")


def speakers(result: NlpResult) -> Sequence[str | None]:
    return [q.speaker.name for q in result.quotes]


def test_split_quote_keeps_speaker_and_cue(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Jane Whitfield defended the budget on Tuesday.",
        "“We balanced it without raising taxes,” she said. “Nobody thought we could.”",
    )
    first = quote_by_start(result, "We balanced")
    second = quote_by_start(result, "Nobody thought")
    assert first.speaker.name == second.speaker.name == "Jane Whitfield"
    assert first.speaker.as_written == "she"
    assert first.cue == second.cue == "said"
    assert (first.paragraph, second.paragraph) == (1, 1)


def test_multi_paragraph_quote_continues_with_the_same_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“The plan protects the parks and the libraries,” Councilman Omar Haddad said. "
        "“It also repairs the bridges that the city has neglected for a decade.",
        "“And it does all of that within the budget the voters approved last spring.”",
    )
    assert speakers(result) == ["Omar Haddad"] * 3
    run_on = quote_by_start(result, "It also repairs")
    assert run_on.text.endswith("for a decade.")


def test_inverted_and_according_to_attributions(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“The river has never been this low in September,” said Dr. Priya Natarajan, "
        "a hydrologist at the state university.",
        "The drought will last into the winter, according to the National Weather Service.",
        "“Farmers should prepare for a second dry year,” according to Natarajan.",
    )
    assert quote_by_start(result, "The river").speaker.name == "Priya Natarajan"
    farmers = quote_by_start(result, "Farmers should")
    assert farmers.cue == "according"
    assert farmers.speaker.name == "Priya Natarajan"


def test_description_resolves_to_the_person_it_describes(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Sen. Laura Bennett of Ohio introduced the bill on Monday.",
        "“This is about keeping promises to veterans,” the senator said.",
        "“We will not stop until it passes,” the Ohio Democrat added.",
    )
    assert speakers(result) == ["Laura Bennett", "Laura Bennett"]
    assert result.quotes[0].speaker.as_written == "the senator"
    assert result.quotes[0].speaker.entity_id == "person:laura-bennett"


def test_pronouns_follow_gender(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Maria Gonzalez, the union's president, met with Robert Chen, the plant manager.",
        "“The contract is fair to both sides,” he said.",
        "“Our members will vote on it next week,” she said.",
    )
    assert speakers(result) == ["Robert Chen", "Maria Gonzalez"]


def test_paragraph_quote_after_an_introducing_colon(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Governor Alan Brooks put it bluntly in a statement:",
        "“The state cannot afford another year of delay on the highway project.”",
    )
    assert speakers(result) == ["Alan Brooks"]


def test_dash_byline(analyzer: NlpAnalyzer) -> None:
    result = run(analyzer, "“I have voted in every election since 1968.” ― Dorothy Mills")
    assert speakers(result) == ["Dorothy Mills"]


def test_nobody_identifiable_means_no_name(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“The negotiations collapsed late last night,” a source familiar with the talks said.",
    )
    assert len(result.quotes) == 1
    assert result.quotes[0].speaker.name is None
    assert result.quotes[0].speaker.entity_id is None


def test_partial_quote_inside_reported_speech(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The mayor's office wanted to “keep the terms of the harbor contract out of the papers.”",
    )
    assert [q.text for q in result.quotes] == [
        "keep the terms of the harbor contract out of the papers."
    ]


def test_titles_nicknames_and_scare_quotes_are_not_quotes(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Senator Ruth Calloway appeared on “Morning in the Capital” to discuss the so-called "
        "“deal.”",
        "State Del. Loretta “Retta” Byrne watched “The Late Harbor Variety Hour” at home.",
        "The rally opened with “Keep Our Harbor Open” banners.",
    )
    assert result.quotes == ()


def test_short_quote_with_a_speech_cue_counts(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer, "Asked whether she would run again, Mayor Ana Ruiz paused.", "“No,” she said."
    )
    assert [q.text for q in result.quotes] == ["No,"]
    assert speakers(result) == ["Ana Ruiz"]
