"""Whatever the paragraphs hold, the analyzer returns consistent results without failing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_parser.nlp import NlpAnalyzer

PIECES = [
    "Sen. Jane Doe", "Doe", "she", "he", "the senator", "John Smith", "Smith's", "said",
    "told reporters", "according to", "added", "“", "”", '"', "'", "‘", "’", ",", ".", ":",
    "—", "―", "\n", "the bill", "We will win", "It is over", "in Washington", "on Monday",
    "the so-called", "a source", "Mr.", "''",
]  # fmt: skip
paragraph = st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, max_size=4), st.one_of(st.none(), paragraph))
def test_results_are_consistent(analyzer: NlpAnalyzer, paragraphs: list[str], title: str) -> None:
    result = analyzer.analyze(title, None, paragraphs, "en")
    ids = {e.id for e in result.entities}
    assert len(ids) == len(result.entities)
    for e in result.entities:
        assert e.mentions >= 1 and e.name and e.name not in e.aliases
    for q in result.quotes:
        assert paragraphs[q.paragraph][q.start : q.end] == q.text
        assert q.speaker.entity_id is None or q.speaker.entity_id in ids
        assert q.speaker.entity_id is None or q.speaker.name is not None
