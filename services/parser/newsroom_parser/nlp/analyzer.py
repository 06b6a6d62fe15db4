"""NlpAnalyzer: entities and attributed quotes for articles, batched through spaCy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from .article_mentions import (
    defined_acronyms,
    drop_families,
    drop_sentence_case,
    split_conjoined,
    split_makers,
)
from .canonical import EntityIndex
from .cut_names import complete_cut_names
from .entities import Evidence, Mention, mentions_in
from .quoting import quotes_of_article
from .results import STATUS_SKIPPED, NlpResult
from .spacy_pipeline import (
    MODEL_NAME,
    SUPPORTED_LANGUAGES,
    language_code,
    load_pipeline,
    looks_english,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ArticleText(NamedTuple):
    """What the analyzer reads of an article (a plain 4-tuple works as well)."""

    title: str | None
    subtitle: str | None
    paragraphs: Sequence[str]
    language: str | None


class Segments(NamedTuple):
    """An article's texts in pipeline order: headline, dek, then body paragraphs."""

    texts: list[str]
    title: int | None  # index of the headline in ``texts``
    first_body: int


# One character for one, so that quote offsets stay valid in the paragraphs as given:
# spaces that are not line breaks become a plain space (the tokenizer makes a token of a
# no-break space, "said\u00a0they", which upsets the tagger, the parser and the recogniser,
# while page extraction hands over plain spaces), and the horizontal bar an em dash (the
# tagger does not know "―" and reads it as a verb: "WASHINGTON ― Lee said", "“…” ― Lee").
_PLAIN = str.maketrans(
    {**dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f", " "), "\u2015": "\u2014"}
)


def plain_text(text: str) -> str:
    """``text`` with odd spaces and dashes made plain, character for character."""
    return text.translate(_PLAIN)


def segments_of(article: ArticleText) -> Segments:
    texts: list[str] = []
    title = None
    if article.title and article.title.strip():
        title = 0
        texts.append(plain_text(article.title.strip()))
    if article.subtitle and article.subtitle.strip():
        texts.append(plain_text(article.subtitle.strip()))
    first_body = len(texts)
    texts.extend(plain_text(p or "") for p in article.paragraphs)
    return Segments(texts, title, first_body)


def skip_reason(article: ArticleText) -> str | None:
    """Why an article gets no English analysis, or None when it does."""
    code = language_code(article.language)
    if code is None:
        texts = [t for t in (article.title, article.subtitle, *article.paragraphs) if t]
        return None if looks_english(texts) else "language_unknown"
    if code not in SUPPORTED_LANGUAGES:
        return f"language_not_supported:{code}"
    return None


def analyze_parsed(segments: Segments, docs: list[Doc]) -> NlpResult:
    """Entities and quotes of one article whose texts are already through the pipeline."""
    mentions: list[Mention] = []
    evidence = Evidence()
    for seg, doc in enumerate(docs):
        mentions.extend(mentions_in(doc, seg))
        evidence.add(doc, seg)
    index = EntityIndex(
        defined_acronyms(
            split_makers(
                split_conjoined(
                    complete_cut_names(
                        drop_families(drop_sentence_case(mentions, docs, segments.texts), docs),
                        docs,
                    )
                )
            ),
            docs,
        ),
        headline_seg=_title_case_headline(segments, docs),
        evidence=evidence,
    )
    index.absorb_bare_names(docs)
    quotes = quotes_of_article(docs, segments.first_body, index)
    return NlpResult(entities=index.results(segments.first_body), quotes=quotes)


def _quoted_as_given(result: NlpResult, paragraphs: Sequence[str]) -> NlpResult:
    """The quotes' texts as the paragraphs give them, odd spaces and dashes included."""
    quotes = tuple(
        q
        if (given := (paragraphs[q.paragraph] or "")[q.start : q.end]) == q.text
        else q.model_copy(update={"text": given})
        for q in result.quotes
    )
    return replace(result, quotes=quotes)


def _title_case_headline(segments: Segments, docs: list[Doc]) -> int | None:
    """The headline's index when it is in title case (its entity tags are unreliable)."""
    if segments.title is None:
        return None
    words = [t for t in docs[segments.title] if t.is_alpha and len(t) > 3]
    if words and sum(t.is_title or t.is_upper for t in words) / len(words) > 0.7:
        return segments.title
    return None


def _as_article(item: Any) -> ArticleText:
    if isinstance(item, ArticleText):
        return item
    if isinstance(item, Mapping):
        return ArticleText(
            item.get("title"),
            item.get("subtitle"),
            item.get("paragraphs") or (),
            item.get("language"),
        )
    title, subtitle, paragraphs, language = item
    return ArticleText(title, subtitle, paragraphs, language)


class NlpAnalyzer:
    """Loads the spaCy pipeline on first use (once per process) and analyses articles.

    Pickling drops the loaded pipeline, so an analyzer can be handed to worker
    processes, each of which loads its own copy when it first analyses something.
    """

    def __init__(self, model: str = MODEL_NAME, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "batch_size": self.batch_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Unpickled in a worker process: the constructor runs again so the model loads there.
        self.__init__(state["model"], state["batch_size"])  # type: ignore[misc]

    def analyze(
        self,
        title: str | None,
        subtitle: str | None,
        paragraphs: Sequence[str],
        language: str | None,
    ) -> NlpResult:
        return self.analyze_many([ArticleText(title, subtitle, paragraphs, language)])[0]

    def analyze_many(
        self, docs: Iterable[ArticleText | tuple[Any, ...] | Mapping[str, Any]]
    ) -> list[NlpResult]:
        """Analyse articles in order; all their texts stream through one ``nlp.pipe``.

        Inside a memory zone: the strings spaCy interns for these texts (every new name, number
        and typo) are freed at its end, or a long-running parser would keep them all. Results
        hold plain strings, never the zone's Docs."""
        articles = [_as_article(item) for item in docs]
        reasons = [skip_reason(a) for a in articles]
        plans = [
            segments_of(a) if r is None else None for a, r in zip(articles, reasons, strict=True)
        ]
        results: list[NlpResult] = []
        with self.nlp.memory_zone():
            stream = self._parse(p.texts for p in plans if p is not None)
            for article, plan, reason in zip(articles, plans, reasons, strict=True):
                if plan is None:
                    results.append(NlpResult(status=STATUS_SKIPPED, reason=reason))
                    continue
                parsed = list(islice(stream, len(plan.texts)))
                results.append(_quoted_as_given(analyze_parsed(plan, parsed), article.paragraphs))
        return results

    def _parse(self, texts: Iterable[list[str]]) -> Iterator[Doc]:
        flat = (t for group in texts for t in group)
        return iter(self.nlp.pipe(flat, batch_size=self.batch_size))
