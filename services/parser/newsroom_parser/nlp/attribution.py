"""Find, for each quote in a paragraph, the speech cue and the words naming its speaker.

Syntax first: the cue is a verb of saying linked to the quote in the dependency parse
("“…,” Paul said" puts the quote under "said"; a cue clearly nearer in the same sentence
wins over a far one the parser linked), and the speaker is that verb's subject (or the
object of "according to"). Without a linked cue: a dash byline ("“…” ― Jane Doe"), then
the subject of the clause that embeds the quote ("Lee attacked “…”") unless a cue stands
right next to it, then the nearest cue in the sentence. Parse failures fall back on the
words around the cue ("“…,” Chief Ana Ruiz said"). Nobody speaks who is only named, told or
given the words: the subject of a passive cue ("it is called “…”") or of "received", and a
writing that "read" them is their source ("“…,” read a sign").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    ADDRESSEE_CUES,
    ASKING_VERBS,
    COLLECTIVE_NOUNS,
    CUE_FORMS,
    DOCUMENT_NOUNS,
    GO_FORMS,
    MEMBERS_OF_PUBLIC,
    NAME_TAGS,
    PERSON_NOUNS,
    READ_VERBS,
    RECEIVING_VERBS,
    REPLY_NOUNS,
    ROLE_NOUNS,
    SPOKESPEOPLE,
    SUBJECT_DEPS,
    singular_forms,
    word_set,
)
from .names import noun_gender

_OBJECTS = frozenset({"dobj", "dative", "pobj"})
_DASH_BYLINE = re.compile(r"[\"”’']?\s*(?:―|—|–|--?)\s*(?=[A-Z])")
_SPEAKER_TAGS = frozenset({"NNP", "NNPS", "PRP", "NN", "NNS", "WP"})
_OWN_CLAUSE = frozenset({"advcl", "relcl", "conj", "acl"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "it"})
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_CONTINUE_FORMS = word_set("continue continues continued continuing")
# A dateline opening a paragraph: "HARLOW JUNCTION, Tarnland — " (not "NATO — whose …").
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40},[^—–\n]{1,40}\s*[—–]\s*")
# Common nouns that can speak: people, bodies, writings ("the senator", "officials").
_SPEAKING_NOUNS = ROLE_NOUNS | MEMBERS_OF_PUBLIC | SPOKESPEOPLE | COLLECTIVE_NOUNS | DOCUMENT_NOUNS
_LIST_JOINERS = frozenset({"and", "or", ","})


@dataclass(frozen=True)
class Attribution:
    """What the paragraph itself says about one quote; ``speaker`` is a head token."""

    cue: Token | None
    speaker: Token | None
    how: str  # "cue", "dash", "clause", "colon", "before" (previous sentence) or "none"


def is_cue(tok: Token) -> bool:
    low = tok.lower_
    if low == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ == "to"
    if low == "put":  # "as the council's memo put it", "Lee put it this way"
        words = {c.lower_ for c in tok.children}
        return "it" in words and ("as" in words or not any(c.dep_ == "prep" for c in tok.children))
    if low in READ_VERBS:  # "reads a statement from Lee", "the letter read"
        return _read_writing(tok) is not None
    if low in GO_FORMS:  # "Lee went on, “…”": spoke on
        return tok.tag_.startswith("VB") and any(
            c.dep_ == "prt" and c.lower_ == "on" for c in tok.children
        )
    if low == "called" and ((tok.i > 1 and tok.doc[tok.i - 2].lower_ == "so") or _naming(tok)):
        return False  # "so-called", "the drug, called Corvanil,": a name given, not words said
    if low in _CONTINUE_FORMS and any(
        c.dep_ in SUBJECT_DEPS and not _can_speak(c) for c in tok.children
    ):
        return False  # "floods could continue “…”": a thing going on, no one speaking on
    return low in CUE_FORMS and tok.tag_.startswith("VB")


def _naming(called: Token) -> bool:
    """'the drug, called Corvanil,': "called" after a thing names it (after a person,
    "Ann Lee, a director, called the plan “…”", it may be her verb the parse missed)."""
    head = called.head
    return (
        called.dep_ == "acl"
        and called.tag_ == "VBN"
        and head.tag_ in ("NN", "NNS")
        and not _can_speak(head)
        and not any(c.dep_ == "agent" for c in called.children)  # "called “…” by Ann Lee"
    )


def _agentless_passive(cue: Token) -> bool:
    """'no illness had been reported': words reported by nobody named."""
    children = list(cue.children)
    return any(c.dep_ == "auxpass" for c in children) and not any(
        c.dep_ == "agent" for c in children
    )


def _can_speak(subject: Token) -> bool:
    """Whether a subject can be a speaker: not a common noun for a thing ("floods")."""
    if subject.tag_ not in ("NN", "NNS"):
        return True
    low = subject.lower_
    return bool(singular_forms(low) & _SPEAKING_NOUNS) or noun_gender(low) is not None


def _reported_by(inner: Token, cue: Token) -> bool:
    """Whether ``inner`` stands in what ``cue`` reports: its complement clause, or one joined
    to that ("said Ferro had told her …")."""
    tok, steps = inner, 0
    while tok.i != cue.i and steps < 4:
        if tok.dep_ not in ("ccomp", "conj") or tok.head.i == tok.i:
            return False
        tok, steps = tok.head, steps + 1
    return tok.i == cue.i and inner.i != cue.i


def _reports_its_own(cue: Token, span: Span) -> bool:
    """A cue in a sentence after the quote's that reports something of its own ("“…” She
    said he came back the next week"): no attribution of the quote."""
    return cue.sent.start != span[0].sent.start and any(c.dep_ == "ccomp" for c in cue.children)


def _reported_with(tok: Token, cue: Token, span: Span) -> bool:
    """Whether ``tok`` stands in the clause ``cue`` reports ("said the plan was …") that
    holds the quote ``span`` too."""
    for clause in cue.children:
        if clause.dep_ == "ccomp" and clause.is_ancestor(span[0]):
            return clause.is_ancestor(tok)
    return False


class ParagraphQuotes:
    """Token spans of the quotes of one paragraph, and the cues outside them."""

    def __init__(self, doc: Doc, spans: list[Span]) -> None:
        self.doc = doc
        self.spans = spans  # each includes its quotation marks
        self.quoted: set[int] = set()  # token indices inside quotation marks
        for span in spans:
            self.quoted.update(range(span.start, span.end))
        self.cues = [t for t in doc if t.i not in self.quoted and is_cue(t)]
        self._cue_ids = {t.i for t in self.cues}
        dateline = _DATELINE.match(doc.text)
        self._dateline_end = dateline.end() if dateline else 0

    def inside(self, i: int) -> bool:
        return i in self.quoted

    def attribute(self, k: int, text: str, end_char: int) -> Attribution:
        """Attribution of quote ``k``; ``end_char`` is where its closing mark stands."""
        span = self.spans[k]
        cue = self._linked_cue(span)
        if cue is not None:
            if _agentless_passive(cue):
                # "the Board said that no illness had been reported but that …", "said in a
                # statement that no case had been reported …": the Board's
                cue = next((a for a in cue.ancestors if a.i in self._cue_ids), cue)
            cue = self._reported_cue(cue, span)
            near = self._nearby_cue(span)
            # a nearer cue wins over the parse, but not one inside the clause the linked
            # cue reports with the quote ("Lee said the plan was ‘…’ and called for …":
            # "called" is Lee's, run into the report by the parse)
            if (
                near is not None
                and _distance(near, span) + 3 < _distance(cue, span)
                and not _reported_with(near, cue, span)
                and not _reports_its_own(near, span)
                and not _agentless_passive(near)
            ):
                cue = near
            subject = self.subject_of(cue, span)
            colon = self._colon_subject(span) if subject is None else None
            if colon is not None:
                # "Asked about it, Lee was blunt: “…”": the parse hangs the quote on
                # "Asked", whose subject is the one the colon hands the quote to
                return Attribution(None, colon, "colon")
            return Attribution(cue, subject, "cue")
        speaker = self._dash_byline(text, end_char)
        if speaker is not None:
            return Attribution(None, speaker, "dash")
        words = self._in_words_of(span)
        if words is not None:
            return Attribution(None, words, "clause")
        cue = self._nearby_cue(span)
        clause = self._governor_subject(span)
        # A quote embedded in a clause belongs to that clause's subject ("as Lee went on
        # about “…”"), unless a cue stands right next to it despite the parse.
        if clause is not None and not _names_source(clause):
            clause = None  # "most residents believe “…”": not a source
        # "Lee shot back: “…”", "Lee's reply was short: “…”": a colon hands the quote to
        # the one the clause before it is about, whatever its verb
        colon = self._colon_subject(span) if clause is None else None
        if colon is not None and (cue is None or _distance(cue, span) > 4):
            return Attribution(None, colon, "colon")
        if cue is not None and (clause is None or _distance(cue, span) <= 4):
            return Attribution(cue, self.subject_of(cue, span), "cue")
        if clause is not None:
            return Attribution(None, clause, "clause")
        return Attribution(None, None, "none")

    def list_start(self, k: int) -> int:
        """The first quote of the list quote ``k`` belongs to: quotes joined by "and", "or"
        or commas alone ("went on about “…,” and “…” and “…,” Kim said") form one list,
        and the items of a list come from one source, whatever the parse attached the last
        one to. ``k`` itself when it follows no other quote that way."""
        while k > 0:
            gap = self.doc[self.spans[k - 1].end : self.spans[k].start]
            words = [t.lower_ for t in gap if not t.is_space]
            if not (words and set(words) <= _LIST_JOINERS and any(w != "," for w in words)):
                break
            k -= 1
        return k

    def previous_sentence_speaker(self, span: Span) -> Attribution | None:
        """For a quote that is a sentence of its own: who the sentence before it was about
        ("Okafor said. “…”", "Okafor listed … . “…”")."""
        doc = self.doc
        i = span.start - 1
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i < 0 or self.inside(i) or doc[i].text not in (".", "!", "?", ":"):
            return None
        sent = doc[i].sent
        # not one who asks in a clause before the answer ("When a reporter asked …, Brask
        # did not hesitate. “…”")
        cues = [
            c
            for c in self.cues
            if sent.start <= c.i <= i and not (c.lower_ in ASKING_VERBS and c.dep_ == "advcl")
        ]
        if cues:
            subject = self.subject_of(cues[-1], None)
            if subject is not None:
                return Attribution(cues[-1], subject, "before")
        subject = self.subject(sent.root) if not self.inside(sent.root.i) else None
        return Attribution(None, subject, "before") if subject is not None else None

    # -- cues ---------------------------------------------------------------------------
    def _linked_cue(self, span: Span) -> Token | None:
        """A cue verb that governs the quote, or that the quote governs (parataxis)."""
        best: Token | None = None
        for tok in span:
            head = tok.head
            steps = 0
            while not (span.start <= head.i < span.end) and steps < 4:
                if not self.inside(head.i) and is_cue(head):
                    best = _closer(best, head, span)
                    break
                if head.head.i == head.i or self._own_clause(head):
                    break
                head, steps = head.head, steps + 1
            for child in tok.children:
                if not (span.start <= child.i < span.end) and child.i in self._cue_ids:
                    best = _closer(best, child, span)
        return best

    def _reported_cue(self, cue: Token, span: Span) -> Token:
        """The cue of a report within the report, right before the quote: "Quill said
        Ferro had told her: “…”" quotes Ferro."""
        inner = [
            c
            for c in self.cues
            if cue.i < c.i < span.start and _reported_by(c, cue) and not _agentless_passive(c)
        ]
        return max(inner, key=lambda c: c.i) if inner else cue

    def _own_clause(self, verb: Token) -> bool:
        """An adverbial, relative or coordinated clause with a subject of its own: a quote
        inside it is that subject's, not the outer verb's ("…, as Lee went on about
        “…”, Kim said yes"). Complement clauses ("said that …") are not."""
        if verb.dep_ == "conj" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in verb.children
        ):
            return False  # "said X had been … but that Y had been …": the same report
        return verb.dep_ in _OWN_CLAUSE and self.subject(verb) is not None

    def _nearby_cue(self, span: Span) -> Token | None:
        """The nearest cue in the quote's sentence with no other quote in between."""
        sent_start, sent_end = self._window(span)
        best: Token | None = None
        for cue in self.cues:
            if sent_start <= cue.i < sent_end and not self._quote_between(cue, span):
                best = _closer(best, cue, span)
        return best

    def _window(self, span: Span) -> tuple[int, int]:
        """Token range of the sentences the quote touches, and of the next sentence when
        the quote ends its own and an attribution follows ("“…!” the mayor's aide shouted.")."""
        doc = self.doc
        start = doc[span.start].sent.start
        end = doc[span.end - 1].sent.end
        if end == span.end and end < len(doc):
            following = doc[end].sent
            # a cue soon after, or the verb of a sentence that is only its attribution
            # ("“…!” Lee's niece, state Del. Marcia Price (D-Dayton), shouted to the crowd.")
            if any(
                end <= c.i < end + 10 or (c.i == following.root.i and c.i < end + 30)
                for c in self.cues
            ) and not any(following.start <= s.start < following.end for s in self.spans):
                end = following.end
        return start, end

    def _quote_between(self, cue: Token, span: Span) -> bool:
        lo, hi = (cue.i, span.start) if cue.i < span.start else (span.end, cue.i)
        return any(lo <= s.start and s.end <= hi for s in self.spans)

    # -- speakers -----------------------------------------------------------------------
    def subject_of(self, cue: Token, span: Span | None) -> Token | None:
        """The speaker's head word for a cue; ``span`` is the quote the cue is for."""
        writing = _read_writing(cue) if cue.lower_ in READ_VERBS else None
        if writing is not None:
            return writing  # "the letter read", "“…,” read a sign"
        if cue.lower_ == "according":
            to = cue.nbor(1)
            for child in list(to.children) + list(cue.children):
                if child.dep_ == "pobj" and self._speakerlike(child):
                    return child
            return self._name_run(cue.i + 2, cue.i + 7)
        before = cue.nbor(-1) if cue.i > 0 else None
        if (
            cue.tag_ == "VBG"
            and before is not None
            and before.tag_ in NAME_TAGS
            and before.ent_type_ not in _NOT_SPEAKERS
        ):
            return before  # "footage of Okafor asking, “…”"
        # A passive cue's speaker is its agent: "Lund was told by Sola that …"
        for agent in (c for c in cue.children if c.dep_ == "agent"):
            for obj in agent.children:
                if obj.dep_ == "pobj" and self._speakerlike(obj):
                    return obj
        if any(c.dep_ == "auxpass" for c in cue.children):
            return None  # "it is called “…”", "Lund was told “…”": named or told, not saying
        # A cue in a dependent clause borrows the subject of the clause it hangs on:
        # "Paul paused and said", "…, adding", "went on to say".
        verb = cue
        if _trailing_participle(cue) and cue.head.dep_ == "relcl":
            # "… a supplier who said he was owed money, saying “…”": a participle set off
            # by a comma reports the main clause's subject, not the relative clause's
            verb = cue.head.head.head
        elif (
            (
                _trailing_participle(cue)
                or (cue.dep_ == "conj" and self.subject(cue) is None and not is_cue(cue.head))
            )
            and cue.head.dep_ == "ccomp"
            and is_cue(cue.head.head)
        ):
            # "Orloff said the company would close two plants, describing the move as …" or
            # "… and called it …": the one who said it, not the subject of what was said
            verb = cue.head.head
        before = cue.nbor(-1) if cue.i > 0 else None
        if (
            self.subject(cue) is None
            and cue.tag_ in ("VBD", "VBZ", "VBP")
            and before is not None
            and before.ent_type_ == "PERSON"
            and (cue.i + 1 == len(cue.doc) or cue.nbor(1).ent_type_ != "PERSON")
            and not self.inside(before.i)
        ):
            # "a decision festival director Graves described as “…”": the parse left the
            # name in apposition and the cue without a subject; the name is its subject
            return before
        for _ in range(4):
            subject = self.subject(verb)
            if subject is not None:
                return subject
            head = verb.head
            # climb towards the clause that has a subject, but not out of a relative clause
            if head.i == verb.i or self.inside(head.i) or verb.dep_ == "relcl":
                break
            verb = head
        taken = self._taken_subject(cue)
        if taken is not None:
            return taken
        # The parse gave no subject; read the words around the cue instead.
        if span is not None and span.end <= cue.i:
            between = self._name_run(span.end, cue.i)  # "“…,” Chief Ruiz said"
            if between is not None:
                return between
            if all(t.is_punct for t in self.doc[span.end : cue.i]):
                return self._name_run(cue.i + 1, cue.i + 6, adjacent=True)  # "“…,” said Paul"
        elif span is not None and cue.lower_ not in ADDRESSEE_CUES:
            after = self._name_run(cue.i + 1, span.start, adjacent=True)  # "Said Ellis: “…”"
            if after is not None and after.dep_ not in _OBJECTS:
                return after
        return self._first_person(cue)

    def _taken_subject(self, cue: Token) -> Token | None:
        """A subject the parse gave to a clause before the cue: in "As we noted, a study by
        the institute concluded that …" "study" is read as what was noted, though it stands
        right before "concluded" with nothing else to say it."""
        for clause in cue.lefts:
            if clause.dep_ != "advcl":
                continue
            for obj in clause.children:
                end = obj.right_edge.i
                if obj.dep_ != "dobj" or not self._speakerlike(obj):
                    continue
                if end + 1 == cue.i or (end + 2 == cue.i and self.doc[end + 1].is_punct):
                    return obj
        return None

    def _first_person(self, cue: Token) -> Token | None:
        """Last resort when the parse gave the cue no subject at all: the first person
        named in its sentence before it."""
        if any(c.dep_ in SUBJECT_DEPS for c in cue.children):
            return None  # a subject that names no one ("52 percent agreed")
        for tok in cue.sent:
            if tok.i >= cue.i:
                break
            if tok.ent_type_ == "PERSON" and not self.inside(tok.i):
                while tok.i + 1 < cue.i and tok.nbor(1).ent_type_ == "PERSON":
                    tok = tok.nbor(1)
                return tok
        return None

    def subject(self, verb: Token) -> Token | None:
        """The subject of a verb that can name a speaker, if it has one."""
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and self._speakerlike(c)]
        if not found and verb.dep_ == "relcl" and verb.head.tag_ in NAME_TAGS:
            # "the Harlow Trading Office, which said": the tagger's WDT for "which"
            found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.tag_ == "WDT"]
        if not found:
            # "One of the tenants, Rosalind Pike, told …": the name set beside a number
            found = [
                a
                for c in verb.children
                if c.dep_ in SUBJECT_DEPS
                for a in c.children
                if a.dep_ == "appos" and a.ent_type_ == "PERSON" and self._speakerlike(a)
            ]
        if not found:
            # "The 56-year-old said", parsed with the age as a modifier of the verb
            found = [c for c in verb.lefts if is_age_description(c) and not self.inside(c.i)]
        if not found:
            # "footage of Okafor asking", "Brandt, …, compared": the noun the verb modifies
            if verb.dep_ == "acl" and self._speakerlike(verb.head):
                head = verb.head
                if head.tag_ in NAME_TAGS or head.lower_ in PERSON_NOUNS:
                    return head
            return None
        subject = min(found, key=lambda c: abs(c.i - verb.i))
        if subject.idx < self._dateline_end:
            # "HARLOW JUNCTION, Tarnland — Vera Okafor accepted …", parsed with the town as
            # the subject and the person in apposition: the dateline names where, not who
            beside = [a for a in subject.children if a.dep_ == "appos"]
            beside = [a for a in beside if a.idx >= self._dateline_end]
            if not beside:
                return None
            subject = beside[0]
        if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return verb.head  # "an official who said": the official
        return subject

    def _speakerlike(self, tok: Token) -> bool:
        """Words that can name a speaker: nouns and pronouns, not dates or quoted words. A
        capitalised subject counts whatever its tag: the tagger takes a surname that is also
        a word ("Rich", "Best") for an adjective or a verb."""
        if is_age_description(tok):
            return not self.inside(tok.i)  # "the 56-year-old said": a person, not a date
        tagged = tok.tag_ in _SPEAKER_TAGS or (
            tok.dep_ in SUBJECT_DEPS and tok.is_title and tok.is_alpha
        )
        return tagged and not self.inside(tok.i) and tok.ent_type_ not in _NOT_SPEAKERS

    def _name_run(self, start: int, stop: int, adjacent: bool = False) -> Token | None:
        """The first proper name or personal pronoun in ``start:stop``, as its last word;
        with ``adjacent``, only one that opens the range."""
        doc = self.doc
        stop = min(stop, len(doc))
        for i in range(start, stop):
            tok = doc[i]
            if self.inside(i) or (adjacent and i > start and not doc[i - 1].is_punct):
                break
            if tok.tag_ == "PRP" and tok.lower_ in _PERSONAL:
                return tok
            if tok.tag_ in NAME_TAGS and tok.ent_type_ not in _NOT_SPEAKERS:
                while i + 1 < stop and doc[i + 1].tag_ in NAME_TAGS and not self.inside(i + 1):
                    i += 1
                return doc[i]
        return None

    def _in_words_of(self, span: Span) -> Token | None:
        """'In Lee's words, “…”', 'in the words of Lee', 'in her words': whose words."""
        sent = self.doc[span.start].sent
        for tok in sent:
            if tok.i >= span.start:
                break
            if tok.lower_ != "words" or tok.head.lower_ != "in" or self.inside(tok.i):
                continue
            for child in tok.children:
                if child.dep_ == "poss" and (_names_source(child) or _gendered(child)):
                    return child
                if child.dep_ == "prep" and child.lower_ == "of":
                    return next((o for o in child.children if o.dep_ == "pobj"), None)
        return None

    def _colon_subject(self, span: Span) -> Token | None:
        """For a quote right after a colon: the subject of the clause the colon ends, when
        it names someone, or the one whose reply or message that subject is."""
        doc = self.doc
        i = span.start - 1
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i < 0 or doc[i].text != ":" or self.inside(i):
            return None
        start = doc[i].sent.start
        for other in self.spans:
            if start <= other.end <= i:
                start = other.end  # only the words since any earlier quote
        words = doc[start:i]
        if (
            len(words) > 1
            and words[0].lower_ in CUE_FORMS
            and words[0].is_title
            and all(t.is_title or t.is_punct for t in words[1:])
            and words[-1].tag_ in NAME_TAGS
        ):
            return words[-1]  # "Said Commissioner Ana Ruiz: “…”", as the tagger cannot read
        verbs = [
            t
            for t in doc[start:i]
            if t.tag_.startswith("VB") and (t.head.i == t.i or not start <= t.head.i < i)
        ]
        subject: Token | None
        if verbs:
            # the first with a subject: "Asked about it, Lee was blunt:" opens with a
            # participle whose subject is the one of the clause after it
            subject = next((s for v in verbs if (s := self.subject(v)) is not None), None)
        else:
            # "Her message: “…”": a reply with no verb
            tops = [t for t in doc[start:i] if t.head.i == t.i or not start <= t.head.i < i]
            if len(tops) != 1 or tops[0].lower_ not in REPLY_NOUNS:
                return None
            subject = tops[0]
        if subject is None:
            return None
        if subject.lower_ in REPLY_NOUNS:
            owner = [c for c in subject.children if c.dep_ == "poss"]
            return owner[0] if owner and (_names_source(owner[0]) or _gendered(owner[0])) else None
        if not _names_source(subject):
            # "Her critic, Alderman Piers Woodley-Hart, was unmoved:": the name beside it
            subject = next(
                (
                    a
                    for a in subject.children
                    if a.dep_ == "appos" and _names_source(a) and not self.inside(a.i)
                ),
                subject,
            )
        if subject.lower_ == "it" or not _names_source(subject):
            return None
        return subject

    def _dash_byline(self, text: str, end_char: int) -> Token | None:
        """'“…” ― Jane Doe': a dash after the closing mark, then a name."""
        match = _DASH_BYLINE.match(text, end_char)
        if match is None:
            return None
        span = self.doc.char_span(match.end(), len(text.rstrip()), alignment_mode="expand")
        if span is None:
            return None
        first = span[0]
        if first.tag_ not in NAME_TAGS and first.ent_type_ != "PERSON":
            return None
        return self._name_run(first.i, first.i + 6)

    def _governor_subject(self, span: Span) -> Token | None:
        """No cue: the subject of the nearest clause that embeds the quote
        ("Lee attacked “the new parking rules …”")."""
        for tok in span:
            head, steps = tok.head, 0
            while not (span.start <= head.i < span.end) and steps < 12:
                # "she received comments including “…”": the one who got the words
                if head.lower_ in RECEIVING_VERBS:
                    break
                if head.tag_.startswith("VB") and not self.inside(head.i):
                    subject = self.subject(head)
                    if subject is not None and _names_source(subject):
                        return subject
                if head.head.i == head.i:
                    break
                head, steps = head.head, steps + 1
        # The quote as predicate: "she was “sent home early”"
        for tok in span:
            for child in tok.children:
                if child.dep_ in SUBJECT_DEPS and self._speakerlike(child) and _names_source(child):
                    return child
        return None


def _read_writing(tok: Token) -> Token | None:
    """The writing that "read" a text: its subject ("the letter read"), or the object of
    a "read" right after a quote, where the sentence is inverted ("“…,” read a sign"). The
    parse may take "read" after a writing for a noun ("“…,” the message read."): the writing
    is then its compound."""
    if tok.tag_ in ("NN", "NNS"):
        ends = tok.i + 1 == len(tok.doc) or tok.nbor(1).is_punct
        compound = [c for c in tok.lefts if c.dep_ == "compound" and _writing(c)]
        if not ends or not compound:
            return None
        first = compound[0].i
        while first > 0 and tok.doc[first - 1].tag_ in ("DT", "PRP$"):
            first -= 1  # "the", "his"
        return compound[0] if _after_quote(tok.doc[first]) else None
    colon = any(c.dep_ == "punct" and c.text == ":" and c.i > tok.i for c in tok.children)
    for c in tok.children:
        if not _writing(c):
            continue
        if c.dep_ in SUBJECT_DEPS:
            return c
        if c.dep_ == "dobj" and c.i > tok.i and tok.i > 0 and _after_quote(tok):
            return c
        if c.dep_ == "dobj" and colon:
            return c  # "read a statement on his behalf: “…”": the statement's words
    return None


def _writing(tok: Token) -> bool:
    """A writing's noun, or "one of" writings ("one of the signs")."""
    if tok.lower_ in DOCUMENT_NOUNS:
        return True
    return tok.lower_ in ("one", "another") and any(
        p.lower_ == "of" and any(o.lower_ in DOCUMENT_NOUNS for o in p.children)
        for p in tok.children
    )


def _after_quote(tok: Token) -> bool:
    """Whether ``tok`` follows a closing quotation mark, a comma or a mark of a question or
    an exclamation between them."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].text in (",", "?", "!"):
        i -= 1
    return i >= 0 and tok.doc[i].text in ("”", '"', "’", "'", "''")


def is_age_description(tok: Token) -> bool:
    """'the 56-year-old': a person described by age alone, whose head word the tagger reads
    as an adjective of a date."""
    year = next((c for c in tok.children if c.lower_ in ("year", "years")), None)
    if tok.lower_ != "old" or year is None:
        return False
    # the article may hang on the verb instead: "The 56-year-old said" parsed as said <- The
    start = year.left_edge.i
    return any(c.dep_ == "det" for c in tok.children) or (
        start > 0 and tok.doc[start - 1].tag_ == "DT"
    )


def _trailing_participle(cue: Token) -> bool:
    """'…, saying', '…, adding': a cue in a participial clause after a comma."""
    return cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.i > 0 and cue.nbor(-1).text == ","


def _names_source(tok: Token) -> bool:
    """A proper name, a pronoun, or a noun with an organisation's name ("a GAO report")."""
    if tok.tag_ in ("NNP", "NNPS", "PRP"):
        return True
    return any(c.dep_ == "compound" and c.ent_type_ == "ORG" for c in tok.children)


def _gendered(tok: Token) -> bool:
    """'his', 'her': a possessive that refers to one person."""
    return tok.lower_ in ("his", "her")


def _closer(best: Token | None, cand: Token, span: Span) -> Token:
    if best is None:
        return cand
    return cand if _rank(cand, span) < _rank(best, span) else best


def _rank(tok: Token, span: Span) -> tuple[bool, float]:
    # A cue inside a relative clause ("a woman who suggested") rarely introduces the quote.
    return tok.dep_ == "relcl", _distance(tok, span)


def _distance(tok: Token, span: Span) -> float:
    # A cue after the quote ("“…,” she said") is the commoner pattern: slight preference.
    return tok.i - span.end if tok.i >= span.end else (span.start - tok.i) * 1.5
