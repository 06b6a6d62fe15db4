"""Lines of the page left among a story's paragraphs: their names are nobody's.

A contributor line, a picture's credit, a teaser of another article, an embedded post's
signature or the page's own controls can stand among the paragraphs extraction kept. The
people and organisations they name are not the story's entities, nor anyone's antecedent.
"""

from __future__ import annotations

import re

# "Jane Doe in Ottawa contributed to this report.", "Jo Lee contributed reporting from
# Lima.", "Reporting by …; Editing by …", a byline left among the paragraphs ("By Jo Lee,
# May 3, 2021 2:30 pm").
_CREDIT_LINE = re.compile(
    r"^.{0,160}\bcontributed (?:reporting |research )?to this (?:report|story|article)\W*$"
    r"|^.{0,160}\bcontributed (?:reporting|research)(?: from [^.\n]{1,60})?\W*$"
    r"|^\W*(?:additional |further )?(?:reporting|writing|editing|compiled|research) by\b"
    r"|^(?=.{0,90}$)\W*by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*"
    r"(?:$|[|•]|,\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d))",
    re.I | re.S,
)
# A picture's credit left among the paragraphs: "Photo by Jo Lee", "(AP Photo/Jo Lee)",
# "Jo Lee/Getty Images", "Wire Photos/Instagram." An agency counts only alone or beside
# a slash: "Reuters reported on Monday" is a sentence of the story.
_AGENCIES = (
    r"(?:getty images|getty|ap photo|ap|reuters|afp|shutterstock|instagram|twitter|facebook|"
    r"flickr|wikimedia commons|epa|zuma press|alamy|istock|unsplash|pexels|pixabay)"
)
# "Photo", "Featured image", "Image source", "Photo credit"
_PICTURE = (
    r"(?:(?:featured|top|lead|header|cover|main|hero)\s+)?"
    r"(?:photo|image|picture|photograph|illustration)s?(?:\s+(?:credit|source)s?)?"
)
_PICTURE_CREDIT = re.compile(
    rf"^(?=.{{0,90}}$)\W*(?:{_PICTURE}\s*:\s*)?(?:[^/\n]{{1,40}}/\s*)?{_AGENCIES}\s*"
    r"(?:/[^\n]{0,50})?\W*$"
    rf"|^(?=.{{0,90}}$)\W*{_PICTURE}\s*(?:by|courtesy(?: of)?|:)\s",
    re.I,
)
# Lines of the page left among the paragraphs, no part of the story: a teaser of another
# article ("RELATED: Mayor Lee says …", "Read more: …"), the title of an embedded video
# ("[Video: …]"), the page's controls and the signature of an embedded post ("— Jo Lee
# (@jolee) March 3, 2017"). The people they name are nobody's antecedent.
_PAGE_LINE = re.compile(
    r"^\W{0,3}(?:related(?: coverage| stories| articles?| content| posts?| links?)?|read more|"
    r"read also|also read|see also|more from [\w .]{1,30}|watch|listen|recommended|trending|"
    r"sponsored|video)\s*[:|]"
    # the page's own controls taken for a dek or a paragraph: "Subscribe Sign In"
    r"|^\W*(?:(?:subscribe|sign in|sign up|log in|login|register|menu|search|newsletters?)"
    r"\W*){1,6}$"
    # a newspaper's notice that the story was corrected
    r"|^\W*(?:corrections?|clarifications?)(?: appended)?\W*$"
    r"|^\s*[—–―-]\s*[^()\n]{1,60}\(@\w{1,15}\)\s+\w+\.?\s+\d{1,2},\s+\d{4}\W*$",
    re.I,
)


# A writer's note at the foot of the story: "Jo Lee's book … is out now. Follow her on
# Twitter @jolee." The book, its illustrator and the handles are no part of the story.
_FOLLOW_LINE = re.compile(
    r"\bfollow (?:us|him|her|me|them) on (?:twitter|facebook|instagram)\b", re.I
)


def is_page_line(text: str) -> bool:
    """A teaser of another article or an embedded post's signature left among the
    paragraphs: no part of the story."""
    return _PAGE_LINE.match(text) is not None


def names_entities(text: str) -> bool:
    """Whether the names in a segment are the story's: not in a credit (a contributor line,
    a picture's credit) nor in a line of the page around the story."""
    return not (
        _CREDIT_LINE.match(text)
        or _PICTURE_CREDIT.match(text)
        or is_page_line(text)
        or _FOLLOW_LINE.search(text)
    )
