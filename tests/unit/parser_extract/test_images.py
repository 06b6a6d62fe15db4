"""Images with their captions and credits, across the markups CMS templates use."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from newsroom_parser.extract import extract_page
from newsroom_parser.extract.figures import figures
from newsroom_shared.contracts import Image

from .pages import PROSE, article_page

URL = "https://example.com/news/buses"
CAPTION = "A new bus waits at the depot on Monday."


def _images(before: str, head: str = "") -> tuple[Image, ...]:
    return extract_page(article_page(head=head, before=before), url=URL).images


@pytest.mark.parametrize(
    "markup,credit",
    [
        # figure/figcaption with a credit span inside the caption
        (
            f'<figure><img src="/bus.jpg" alt="A bus"><figcaption>{CAPTION} '
            '<span class="credit">Photo: Ann Lee/Example</span></figcaption></figure>',
            "Ann Lee/Example",
        ),
        # AMP: amp-img in a figure
        (
            '<figure class="story-figure"><amp-img src="/bus.jpg" alt="A bus" width="1200" '
            'height="800" layout="responsive"></amp-img>'
            f"<figcaption>{CAPTION}</figcaption></figure>",
            None,
        ),
        # a plain paragraph with a caption class next to the image
        (
            '<div class="photo"><img src="/bus.jpg" alt="A bus">'
            f'<p class="photo-caption">{CAPTION} Photo courtesy of the Transit Authority</p></div>',
            "the Transit Authority",
        ),
        # a CMS caption field beside the image field, credit in parentheses
        (
            '<div class="field field--name-field-image"><img src="/bus.jpg" alt="A bus">'
            f'<div class="field field--name-field-image-caption">{CAPTION} (Ann Lee/Example)</div>'
            "</div>",
            "Ann Lee/Example",
        ),
        # microdata: itemprop caption in a caption box, credit beside it with an e-mail
        (
            '<div class="img-container" itemprop="image" itemscope '
            'itemtype="https://schema.org/ImageObject">'
            '<img itemprop="url" src="/bus.jpg" alt="A bus">'
            f'<div class="caption"><span itemprop="caption">{CAPTION}</span> '
            '<span class="photo-credit">Ann Lee alee@example.com</span></div></div>',
            "Ann Lee",
        ),
        # a credit beside the caption, not inside it
        (
            f'<figure><img src="/bus.jpg" alt="A bus"><figcaption>{CAPTION}</figcaption>'
            '<small class="image-credit">Ann Lee/Example</small></figure>',
            "Ann Lee/Example",
        ),
    ],
)
def test_caption_and_credit(markup: str, credit: str | None) -> None:
    images = _images(markup)
    assert images == (
        Image(url="https://example.com/bus.jpg", caption=CAPTION, credit=credit, alt="A bus"),
    )


def test_the_caption_is_not_repeated_in_the_body() -> None:
    markup = (
        '<div class="img-container"><img src="/bus.jpg">'
        f'<span itemprop="caption">{CAPTION}</span></div>'
    )
    page = extract_page(article_page(before=markup))
    assert page.paragraphs == tuple(PROSE)


def test_a_caption_is_not_lent_to_a_neighbouring_image() -> None:
    markup = (
        '<div class="gallery"><div><img src="/first.jpg"></div>'
        f'<div><img src="/second.jpg"></div><p class="caption">{CAPTION}</p></div>'
    )
    assert _images(markup) == ()


def test_a_lazy_image_and_its_noscript_copy_are_one_figure() -> None:
    markup = (
        '<div class="photo"><img src="data:image/gif;base64,R0lGOD" data-src="/bus.jpg">'
        f'<noscript><img src="/bus.jpg"></noscript><p class="caption">{CAPTION}</p></div>'
    )
    assert _images(markup) == (Image(url="https://example.com/bus.jpg", caption=CAPTION),)


def test_a_resized_copy_of_the_lead_image_is_the_lead_image() -> None:
    head = '<meta property="og:image" content="https://example.com/uploads/bus.jpg">'
    markup = (
        '<figure><img src="https://example.com/uploads/bus-1024x683.jpg">'
        f"<figcaption>{CAPTION}</figcaption></figure>"
    )
    images = _images(markup, head=head)
    assert [(i.url, i.caption) for i in images] == [
        ("https://example.com/uploads/bus-1024x683.jpg", CAPTION)
    ]


def test_avatars_and_uncaptioned_images_outside_figures_are_not_figures() -> None:
    root = lxml_html.document_fromstring(
        '<html><body><div class="byline"><img src="/jane.jpg"> By Jane Doe</div>'
        '<div class="ad"><img src="/ad.gif"></div>'
        f'<figure><img src="/bus.jpg"><figcaption>{CAPTION}</figcaption></figure>'
        "</body></html>"
    )
    found = list(figures(root))
    assert [f.image.get("src") for f in found] == ["/bus.jpg"]
    assert found[0].caption is not None and found[0].caption.tag == "figcaption"


def test_teaser_cards_are_not_captioned_figures() -> None:
    markup = (
        '<div class="related"><a href="/other-story"><div class="thumb"><img src="/t1.jpg"></div>'
        '<h5 class="related__caption">Another story about something else</h5></a>'
        '<div class="card"><img src="/t2.jpg"><p class="caption">'
        '<a href="/third">A third story about something else</a></p></div></div>'
    )
    assert _images(markup) == ()


def test_an_image_only_in_noscript_still_belongs_to_its_figure() -> None:
    markup = (
        '<figure><span data-picture data-alt="A bus"><noscript><img src="/bus.jpg"></noscript>'
        f'</span><figcaption>{CAPTION} <span class="credits">(Ann Lee/Example)</span>'
        "</figcaption></figure>"
    )
    assert _images(markup) == (
        Image(url="https://example.com/bus.jpg", caption=CAPTION, credit="Ann Lee/Example"),
    )


def test_tracking_pixels_are_not_figures() -> None:
    markup = (
        '<div class="wrap"><noscript><img src="/hit?x=1" width="1" height="1"></noscript>'
        f'<div><p class="caption">{CAPTION}</p></div></div>'
        '<div class="photo"><img src="/t.gif" width="1" height="1">'
        f'<p class="caption">{CAPTION}</p></div>'
    )
    assert _images(markup) == ()


def test_a_credit_is_never_the_box_that_holds_the_image() -> None:
    markup = (
        '<figure><span class="image-and-copyright-container"><img src="/bus.jpg" alt="A bus">'
        '<span class="off-screen">Image copyright</span>'
        '<span class="story-image-copyright">Example Agency</span></span></figure>'
    )
    assert _images(markup) == (
        Image(url="https://example.com/bus.jpg", credit="Example Agency", alt="A bus"),
    )


def test_a_credit_label_left_behind_in_the_caption_goes() -> None:
    markup = (
        f'<figure><img src="/bus.jpg"><figcaption>{CAPTION} Photo: '
        '<span class="credit">Ann Lee</span></figcaption></figure>'
    )
    assert _images(markup) == (
        Image(url="https://example.com/bus.jpg", caption=CAPTION, credit="Ann Lee"),
    )
