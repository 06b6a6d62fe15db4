"""Named entities and attributed direct quotes of news articles (English, spaCy).

from newsroom_parser.nlp import NlpAnalyzer
result = NlpAnalyzer().analyze(title, subtitle, paragraphs, "en")
"""

from .analyzer import ArticleText, NlpAnalyzer, analyze_parsed, segments_of
from .results import NlpResult, QuoteResult
from .spacy_pipeline import EXCLUDED_COMPONENTS, MODEL_NAME, load_pipeline

__all__ = [
    "EXCLUDED_COMPONENTS",
    "MODEL_NAME",
    "ArticleText",
    "NlpAnalyzer",
    "NlpResult",
    "QuoteResult",
    "analyze_parsed",
    "load_pipeline",
    "segments_of",
]
