"""Quotes of an article: find, filter, attribute and resolve, paragraph by paragraph."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from .attribution import Attribution, ParagraphQuotes, is_cue
from .canonical import EntityIndex
from .gender import infer_genders
from .lexicon import word_set
from .page_lines import is_page_line
from .quote_marks import QuoteSpan, find_quote_spans
from .resolve import CLOSING, Resolver
from .results import QuoteResult, Speaker

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = word_set("a an and at but by for in of on or the to vs with from")
_SPEECH_END = (",", ".", "?", "!", "…", "—", "-")


def _token_span(doc: Doc, q: QuoteSpan) -> Span | None:
    """The tokens of a quote, its quotation marks included."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].is_quote:
        start -= 1
    if end < len(doc) and doc[end].is_quote:
        end += 1
    return doc[start:end]


def _looks_like_title(text: str) -> bool:
    """'Rivers and Roads Act', 'Keep the Harbor Open': a name, not speech."""
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    inner = text.rstrip(",.!? ")
    if len(content) < 2 or any(p in inner for p in (",", ". ", "? ", "! ")):
        return False  # punctuation of speech inside: "The Chief. Big Boss."
    return all(w[0].isupper() for w in content)


def _is_quote(text: str, q: QuoteSpan, span: Span, attribution: Attribution) -> bool:
    """Four words or more make a quote; shorter ones only with the punctuation of speech
    and a cue right next to them ("“No,” he said", "he said: “No.”"): nicknames and scare
    quotes have neither."""
    body = text[q.start : q.end]
    if _looks_like_title(body):
        return False
    if q.words(text) >= 4:
        return True
    cue = attribution.cue
    if cue is None or not body.rstrip().endswith(_SPEECH_END):
        return False
    if cue.i >= span.end:
        return cue.i - span.end <= 3
    return (
        span.end - span.start > 0 and span.start - cue.i <= 3 and span.doc[span.start - 1].is_punct
    )


_NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w.'’-]*\s$")
_NAME_AFTER = re.compile(r"^\s[A-Z][\w'’-]*\b")


def _nickname(text: str, q: QuoteSpan) -> bool:
    """'Marcia “Cia” Price', 'Robert ‘Bobby’ Lee': a quoted nickname inside a name, not a
    quote (it would stand between the name's cue and the name's quote)."""
    return (
        q.closed
        and _NICKNAME.fullmatch(text[q.start : q.end]) is not None
        and _NAME_BEFORE.search(text, 0, q.start - 1) is not None
        and _NAME_AFTER.match(text[q.end + 1 :]) is not None
    )


class _Paragraph:
    def __init__(self, seg: int, index: int, text: str, doc: Doc) -> None:
        self.seg, self.index, self.text, self.doc = seg, index, text, doc
        spans = [q for q in find_quote_spans(text) if not _nickname(text, q)]
        found = [(q, _token_span(doc, q)) for q in spans]
        pairs = [(q, s) for q, s in found if s is not None]
        self.spans = [q for q, _ in pairs]
        self.quotes = ParagraphQuotes(doc, [s for _, s in pairs])
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, char: int) -> int:
        return bisect.bisect_right(self._lines, char) - 1

    def starts_line(self, q: QuoteSpan) -> bool:
        """Whether only the opening mark stands between the start of its line and the quote."""
        return not self.text[self._lines[self.line_of(q.start)] : q.start - 1].strip()


def quotes_of_article(
    docs: list[Doc], first_body: int, index: EntityIndex
) -> tuple[QuoteResult, ...]:
    """Quotes of the body paragraphs ``docs[first_body:]``, attributed and resolved."""
    paragraphs = [
        _Paragraph(seg, seg - first_body, docs[seg].text, docs[seg])
        for seg in range(first_body, len(docs))
    ]
    quoted = {p.seg: p.quotes.quoted for p in paragraphs}
    infer_genders(index, docs, quoted)
    resolver = Resolver(index, docs, quoted)
    results: list[QuoteResult] = []
    carry: Speaker | None = None  # speaker owed to the next paragraph's first quote
    # Quotes with no speaker that run on into the next paragraph: the attribution of a
    # multi-paragraph quotation may come only in a later paragraph ("“… ¶ “…,” Lee said.").
    owed: list[int] = []
    running = False  # a transcript quoted as a block runs on into the next paragraph
    for para in paragraphs:
        seg = para.seg
        if is_page_line(para.text):  # "RELATED: Lee says “…”": a teaser, not the story
            carry, owed, running = None, [], False
            continue
        if _in_transcript(para, running):
            running = not para.spans[-1].closed
            carry, owed = None, []
            continue
        running = False
        last_in_line: Speaker | None = None
        last_cue: str | None = None
        ends_with_quote = False
        line = last_k = -1
        for k, (q, span) in enumerate(zip(para.spans, para.quotes.spans, strict=True)):
            attribution = para.quotes.attribute(k, para.text, q.end)
            if not _is_quote(para.text, q, span, attribution):
                continue
            if para.line_of(q.start) != line:
                line, last_in_line, last_cue = para.line_of(q.start), None, None
            cue = attribution.cue.text if attribution.cue is not None else None
            if last_in_line is not None and para.quotes.list_start(k) <= last_k:
                speaker, cue = last_in_line, last_cue  # "“…” and “…”": one list, one source
                resolver.note(seg, span[0], speaker)
            elif attribution.speaker is not None:
                speaker = resolver.resolve(seg, attribution.speaker)
            elif last_in_line is not None and not _clause_between(para.quotes.spans[last_k], span):
                speaker, cue = last_in_line, cue or last_cue  # the rest of a split quote
                resolver.note(seg, span[0], speaker)
            elif (before := para.quotes.previous_sentence_speaker(span)) is not None and (
                before.speaker is not None  # always named there; said for the type checker
            ):
                speaker = resolver.resolve(seg, before.speaker)
            elif carry is not None and (
                (para.starts_line(q) and not _heading(para, q))
                or (k == 0 and _after_question(para.doc[: span.start]))
            ):
                # a quote opening a paragraph continues, as does the answer after an
                # interviewer's question ("And the hardest part? “…”")
                speaker = carry
                resolver.note(seg, span[0], speaker)
            else:
                speaker = Speaker(name=None, as_written="")
            continues = last_k < 0 and para.starts_line(q)  # opens the paragraph
            if not continues:
                owed = []
            elif speaker.name is not None:
                for i in owed:
                    results[i] = results[i].model_copy(update={"speaker": speaker})
                owed = []
            if speaker.name is None and not q.closed:
                owed.append(len(results))
            results.append(
                QuoteResult(
                    text=para.text[q.start : q.end],
                    cue=cue,
                    speaker=speaker,
                    paragraph=para.index,
                    start=q.start,
                    end=q.end,
                )
            )
            last_in_line, last_cue, last_k = speaker, cue, k
            ends_with_quote = span.end >= len(para.doc) or span.end >= para.doc[-1].sent.start
        if last_k < 0:
            owed = []  # a paragraph with no quote: whatever ran on has ended
        carry = _carried_speaker(para, resolver, last_in_line, ends_with_quote)
    return tuple(results)


# "WALLACE: …", "SEN. KIM: …": the speaker's label of a transcript's turn
_TURN = re.compile(r"[A-Z][A-Z.'’ -]{1,30}:\s")


def _in_transcript(para: _Paragraph, before: bool) -> bool:
    """Whether a paragraph is part of a transcript quoted as a block ("Partial transcript as
    follows: ¶ “WALLACE: … ¶ “PENCE: …"): a run of paragraphs that each open with a quote
    mark, the first of them with a speaker's label, each running on into the next. A
    transcript reproduces an exchange rather than quoting a source, and its turns carry no
    attribution of the article's own."""
    if not para.spans or not para.starts_line(para.spans[0]):
        return False
    first = para.spans[0]
    if _TURN.match(para.text, first.start):
        return True
    return before


def _clause_between(before: Span, span: Span) -> bool:
    """Whether a sentence of its own with a verb stands between two quotes ("“…” The line
    now appears beneath a blurb: “…”"): the second is no rest of the first."""
    doc = span.doc
    words = doc[before.end : span.start]
    starts = [t.i for t in words if t.is_sent_start]
    if not starts:
        return False
    return any(t.tag_ in _FINITE_VERBS for t in doc[starts[-1] : span.start])


_FINITE_VERBS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _after_question(before: Span) -> bool:
    """Words before a quote that are only an interviewer's question naming nobody ("And
    the hardest part of the job?")."""
    words = [t for t in before if not t.is_space]
    return (
        bool(words)
        and words[-1].text == "?"
        and not any(t.ent_type_ in ("PERSON", "ORG") or is_cue(t) for t in words)
    )


def _heading(para: _Paragraph, q: QuoteSpan) -> bool:
    """A paragraph that is nothing but a quoted phrase with no sentence's end ("“… a plan
    nobody has costed”") heads a section: it goes on with nobody's words."""
    words = para.text[q.start : q.end].rstrip()
    return (
        q.closed
        and para.text.strip(_MARKS + " ") == words.strip()
        and not words.endswith(_SENTENCE_ENDS)
    )


_MARKS = "“”\"‘’'"
_SENTENCE_ENDS = tuple(".!?…,;:—–-")


def _carried_speaker(
    para: _Paragraph, resolver: Resolver, last: Speaker | None, ends_with_quote: bool
) -> Speaker | None:
    """Who a quote opening the next paragraph, with no attribution of its own, is by: the
    speaker of a quote that runs on or closes this paragraph, the speaker introduced by a
    closing colon, else the person the closing sentence is about."""
    if para.spans and not para.spans[-1].closed and last is not None:
        return last
    if not para.text.rstrip().endswith(CLOSING):
        return None  # a heading or a teaser of another story, not running text
    if para.text.rstrip().endswith(":"):
        introduced = _introduced_speaker(para, resolver)
        if introduced is not None:
            return introduced
    if ends_with_quote:
        return last
    return _closing_subject(para, resolver)


def _closing_subject(para: _Paragraph, resolver: Resolver) -> Speaker | None:
    doc = para.doc
    tokens = [t for t in doc if not t.is_space]
    if not tokens:
        return None
    root = tokens[-1].sent.root
    head = para.quotes.subject(root)
    if head is None:
        return None
    speaker = resolver.resolve(para.seg, head)
    return speaker if speaker.name else None


def _introduced_speaker(para: _Paragraph, resolver: Resolver) -> Speaker | None:
    """'Paul said:' at the end of a paragraph introduces the quote that follows."""
    cues = [c for c in para.quotes.cues if c.i >= len(para.doc) - 8]
    if not cues:
        return None
    head = para.quotes.subject_of(cues[-1], None)
    return resolver.resolve(para.seg, head) if head is not None else None
