"""Small synthetic pages for the unit tests."""

from __future__ import annotations

PROSE = [
    "The city council voted on Tuesday to expand the bus network across the northern districts, "
    "a plan that has been debated for nearly three years by residents and planners alike.",
    "Supporters said the change would cut commuting times for thousands of workers who now "
    "depend on two or three connections to reach the industrial park by the river.",
    "Opponents argued that the budget did not account for the cost of new drivers, and they "
    "asked the transport office to publish a detailed estimate before the next session.",
    "The mayor said the first new lines would open in the spring, with more to follow once "
    "the depot on the eastern ring road has been rebuilt and staffed.",
]


def article_page(head: str = "", before: str = "", after: str = "", lang: str = "en") -> str:
    paragraphs = "\n".join(f"<p>{text}</p>" for text in PROSE)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>Council expands bus network</title>
{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Council expands bus network</h1>
{before}
<div class="entry-content">{paragraphs}</div>
{after}
</article>
<footer><p>© 2024 Example Media. All rights reserved.</p></footer>
</body></html>"""
