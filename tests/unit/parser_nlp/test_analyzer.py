"""The analyzer's contract: languages, batching, pickling, odd inputs."""

from __future__ import annotations

import pickle

import pytest

from newsroom_parser.nlp import ArticleText, NlpAnalyzer, NlpResult

ENGLISH = ArticleText(
    "Council Approves Budget",
    "The vote was 7-2",
    [
        "The city council approved the budget on Tuesday.",
        "“It is a responsible plan,” council President Maria Lopez said.",
    ],
    "en",
)
GERMAN = ArticleText(
    "Stadtrat beschließt Haushalt",
    None,
    ["Der Stadtrat hat am Dienstag den Haushalt beschlossen, sagte die Präsidentin."],
    "de",
)


@pytest.mark.parametrize("language", ["de", "fr-FR", "es_ES"])
def test_other_languages_are_skipped_with_a_reason(analyzer: NlpAnalyzer, language: str) -> None:
    result = analyzer.analyze(GERMAN.title, None, GERMAN.paragraphs, language)
    code = language[:2].lower()
    assert result == NlpResult(status="skipped", reason=f"language_not_supported:{code}")


def test_english_tags_are_accepted_in_any_form(analyzer: NlpAnalyzer) -> None:
    for language in ("en", "EN", "en-US", "en_GB"):
        result = analyzer.analyze(ENGLISH.title, None, ENGLISH.paragraphs, language)
        assert result.status == "ok"
        assert [q.speaker.name for q in result.quotes] == ["Maria Lopez"]


def test_unknown_language_is_guessed_from_the_text(analyzer: NlpAnalyzer) -> None:
    english = analyzer.analyze(ENGLISH.title, None, ENGLISH.paragraphs, None)
    german = analyzer.analyze(GERMAN.title, None, GERMAN.paragraphs, None)
    assert english.status == "ok"
    assert (german.status, german.reason) == ("skipped", "language_unknown")
    assert german.entities == () and german.quotes == ()


def test_analyze_many_matches_analyze_and_keeps_order(analyzer: NlpAnalyzer) -> None:
    batch = analyzer.analyze_many(
        [ENGLISH, tuple(GERMAN), {"title": None, "paragraphs": ENGLISH.paragraphs}, ENGLISH]
    )
    single = analyzer.analyze(*ENGLISH)
    assert batch[0] == single == batch[3]
    assert batch[1].status == "skipped"
    assert batch[2].quotes == single.quotes


def test_paragraph_indices_survive_empty_paragraphs(analyzer: NlpAnalyzer) -> None:
    paragraphs = ["", ENGLISH.paragraphs[1], ""]
    result = analyzer.analyze(None, None, paragraphs, "en")
    assert [q.paragraph for q in result.quotes] == [1]
    lopez = next(e for e in result.entities if e.name == "Maria Lopez")
    assert lopez.paragraphs == [1]
    titled = analyzer.analyze(ENGLISH.title, ENGLISH.subtitle, paragraphs, "en")
    assert next(e for e in titled.entities if e.name == "Maria Lopez").paragraphs == [1]
    assert analyzer.analyze(None, None, [], "en") == NlpResult()


def test_pickles_without_the_pipeline_and_loads_it_again(analyzer: NlpAnalyzer) -> None:
    analyzer.analyze(*ENGLISH)  # make sure the pipeline is loaded
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone._nlp is None
    assert clone.analyze(*ENGLISH) == analyzer.analyze(*ENGLISH)


def test_entity_names_drop_leading_articles_and_a_title_alone_names_nobody(
    analyzer: NlpAnalyzer,
) -> None:
    paragraphs = [
        "A Republican Legislature and a wary farm lobby stand in the way of the plan.",
        "“I told Coach before the last timeout that I wanted the ball,” Keisha Morrow said.",
        "Coach Dana Whitfield said the comeback reflected a stubborn team.",
    ]
    result = analyzer.analyze("Season review", None, paragraphs, "en")
    names = {entity.name for entity in result.entities}
    assert "Republican Legislature" in names
    assert not any(name.lower().startswith(("a ", "an ", "the ")) for name in names)
    assert "Coach" not in names
    assert {"Keisha Morrow", "Dana Whitfield"} <= names


def test_the_words_of_each_article_are_not_kept_after_it(analyzer: NlpAnalyzer) -> None:
    # spaCy interns every new string it meets; news names new people every day, so a parser
    # that kept them would grow for as long as it runs.
    def article(n: int) -> ArticleText:
        name = f"Zorvath{n}x Quillenby{n}q"
        return ArticleText(
            f"Harbour plan backed by {name}",
            None,
            [f"“We will build it by spring{n},” said {name}, who chairs Kelmworth{n} Trust."],
            "en",
        )

    analyzer.analyze_many([article(0)])  # the pipeline loaded and warm
    strings = len(analyzer.nlp.vocab.strings)
    results = analyzer.analyze_many([article(n) for n in range(1, 40)])
    assert len(analyzer.nlp.vocab.strings) - strings < 10
    assert results[5].quotes and results[5].quotes[0].speaker is not None
    assert results[5].quotes[0].speaker.name == "Zorvath6x Quillenby6q"
