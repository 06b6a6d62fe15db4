"""Named entities and attributed direct quotes of news articles (English, spaCy).

from newsroom_parser.nlp import NlpAnalyzer
result = NlpAnalyzer().analyze(title, subtitle, paragraphs, "en")
"""

from .analyzer import ArticleText, NlpAnalyzer, analyze_parsed, segments_of
from .model import EntityResult, NlpResult, QuoteResult, SpeakerResult
from .pipeline import EXCLUDED_COMPONENTS, MODEL_NAME, load_pipeline

__all__ = [
    "EXCLUDED_COMPONENTS",
    "MODEL_NAME",
    "ArticleText",
    "EntityResult",
    "NlpAnalyzer",
    "NlpResult",
    "QuoteResult",
    "SpeakerResult",
    "analyze_parsed",
    "load_pipeline",
    "segments_of",
]
