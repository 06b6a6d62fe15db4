"""Sources that start from a robots.txt or a home page, through the real fetch path: each case
a site of its own on loopback, in the shapes sitemap tools are tested against (our own text)."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator

import pytest
from doc_site import Doc, DocSite
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running

from newsroom_fetcher.discovery.sources import Source
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

NS = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
)
DATE = "2024-05-01T10:00:00+02:00"


def urlset(*paths: str, close: bool = True) -> str:
    body = "".join(f"<url><loc>{{base}}{p}</loc><lastmod>{DATE}</lastmod></url>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>{body}' + (
        "</urlset>" if close else ""
    )


def news(*paths: str) -> str:
    body = "".join(
        f"<url><loc>{{base}}{p}</loc><news:news><news:publication><news:name>Daily Test"
        f"</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{DATE}</news:publication_date><news:title>T &amp; t"
        "</news:title></news:news></url>"
        for p in paths
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>{body}</urlset>'


def index(*paths: str) -> str:
    body = "".join(f"<sitemap><loc>{{base}}{p}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{body}</sitemapindex>'


def robots(*paths: str) -> str:
    return "User-agent: *\nDisallow: /private/\n" + "".join(
        f"Sitemap: {{base}}{p}\n" for p in paths
    )


GZIP = "application/x-gzip"
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>{base}</link>'
    "<item><title>R1</title><link>{base}/news/rss-1</link></item>"
    "<item><title>R2</title><link>{base}/news/rss-2</link></item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
    '<entry><title>A</title><link href="{base}/news/atom-1"/></entry></feed>'
)
CUT_49 = urlset(*(f"/news/p{n}" for n in range(49)), close=False) + "<url><loc>{base}/news/p"
LOLZ = (
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    f"<urlset {NS}><url><loc>{{base}}/news/&b;</loc></url></urlset>"
)

# name: (documents, published paths). Every site is a site source started at its home page.
CASES: dict[str, tuple[dict[str, Doc | str | bytes], set[str]]] = {
    "tree": (
        {
            "/robots.txt": "User-agent: *\nSitemap: {base}/pages.xml\n"
            "# a comment\nSite-map: {base}/news-index-1.xml\n",
            "/pages.xml": urlset("/news/about", "/news/contact"),
            "/news-index-1.xml": index("/news-1.xml", "/news-index-2.xml"),
            "/news-1.xml": news("/news/foo", "/news/bar"),
            "/news-index-2.xml": index("/news-2.xml", "/news-missing.xml").replace(
                "<loc>{base}/news-2.xml", "<loc>  {base}/news-2.xml  "
            ),
            "/news-2.xml": news("/news/bar", "/news/baz"),
        },
        {"/news/about", "/news/contact", "/news/foo", "/news/bar", "/news/baz"},
    ),
    "gzip": (
        {
            "/robots.txt": robots("/s1.gz", "/s2.dat", "/s3.xml.gz"),
            "/s1.gz": Doc(b"", content_type="application/octet-stream"),
            "/s2.dat": Doc(b"", content_type=GZIP),
            "/s3.xml.gz": Doc(news("/news/gz-3"), content_type=GZIP),
        },
        {"/news/gz-1", "/news/gz-2", "/news/gz-3"},
    ),
    "text lists": (
        {
            "/robots.txt": robots("/l1.txt", "/l2.txt.dat"),
            "/l1.txt": Doc(
                "\n{base}/news/t1\n\n{base}/news/t2\n\nSome other stuff\n",
                content_type="text/plain",
            ),
            "/l2.txt.dat": Doc(b"", content_type=GZIP),
        },
        {"/news/t1", "/news/t2", "/news/t3"},
    ),
    "feeds": (
        {"/robots.txt": robots("/rss.xml", "/atom.xml"), "/rss.xml": RSS, "/atom.xml": ATOM},
        {"/news/rss-1", "/news/rss-2", "/news/atom-1"},
    ),
    "empty feeds": (
        {
            "/robots.txt": robots("/rss.xml"),
            "/rss.xml": '<rss version="2.0"><channel><title>F</title></channel></rss>',
        },
        set(),
    ),
    "cut 50": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": urlset(*(f"/news/p{n}" for n in range(50)), close=False),
        },
        {f"/news/p{n}" for n in range(50)},
    ),
    "cut 49": (
        {"/robots.txt": robots("/sitemap.xml"), "/sitemap.xml": CUT_49},
        {f"/news/p{n}" for n in range(49)},
    ),
    "odd spacing": (
        {
            "/robots.txt": "User-agent: *\n Sitemap:{base}/sitemap.xml    ",
            "/sitemap.xml": news("/news/spaced"),
        },
        {"/news/spaced"},
    ),
    "byte order marks": (
        {
            "/robots.txt": "\ufeff" + robots("/sitemap.xml"),
            "/sitemap.xml": "\ufeff" + news("/news/bom"),
        },
        {"/news/bom"},
    ),
    "unlisted known path": (
        {
            "/robots.txt": robots("/sitemap_public.xml"),
            "/sitemap_public.xml": urlset("/news/public"),
            "/sitemap_index.xml": urlset("/news/unlisted"),
        },
        {"/news/public", "/news/unlisted"},
    ),
    "known path redirecting to a listed one": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": urlset("/news/once"),
            "/sitemap-index.xml": Doc(status=301, headers={"Location": "/sitemap.xml"}),
        },
        {"/news/once"},
    ),
    "index listing itself": (
        {"/robots.txt": robots("/sitemap.xml"), "/sitemap.xml": index("/sitemap.xml")},
        set(),
    ),
    "robots listing robots": ({"/robots.txt": robots("/robots.txt")}, set()),
    "cycle": (
        {
            "/robots.txt": robots("/s1.xml"),
            "/s1.xml": index("/s2.xml"),
            "/s2.xml": index("/s3.xml"),
            "/s3.xml": index("/s1.xml"),
        },
        set(),
    ),
    "child redirecting to its parent": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": index("/redirect.xml"),
            "/redirect.xml": Doc(status=301, headers={"Location": "/sitemap.xml"}),
        },
        set(),
    ),
    "index listing robots": (
        {"/robots.txt": robots("/sitemap.xml"), "/sitemap.xml": index("/robots.txt")},
        set(),
    ),
    "entity declarations": ({"/robots.txt": robots("/sitemap.xml"), "/sitemap.xml": LOLZ}, set()),
    "image and hreflang extensions": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": f'<urlset {NS} xmlns:image="http://www.google.com/schemas/sitemap-'
            'image/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>{base}/news/en'
            "</loc><image:image><image:loc>{base}/news/image.jpg</image:loc></image:image>"
            '<xhtml:link rel="alternate" hreflang="fr" href="{base}/news/fr"/></url>'
            "<url><loc>{base}/news/fr</loc></url></urlset>",
        },
        {"/news/en", "/news/fr"},
    ),
    "1000 gzipped": (
        {"/robots.txt": robots("/sitemap.xml.gz"), "/sitemap.xml.gz": Doc(b"", content_type=GZIP)},
        {f"/news/n{n}" for n in range(1000)},
    ),
    "html where a sitemap was expected": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": Doc(
                "<!DOCTYPE html><html><body>Home</body></html>", content_type="text/html"
            ),
        },
        set(),
    ),
    "no namespace, bad dates": (
        {
            "/robots.txt": robots("/sitemap.xml"),
            "/sitemap.xml": "<urlset><url><loc>{base}/news/d1</loc><lastmod>yesterday</lastmod>"
            "<priority>1.1</priority></url><url><loc>{base}/news/d2</loc><lastmod/></url></urlset>",
        },
        {"/news/d1", "/news/d2"},
    ),
    "no sitemap anywhere": ({"/robots.txt": "User-agent: *\nDisallow:\n"}, set()),
    "no robots.txt": ({}, set()),
}
# Dead letters the cases must leave: (case, reason).
LETTERS = {
    ("tree", "http_error"),  # news-missing.xml, a 404 among its siblings
    ("entity declarations", "bad_sitemap"),
    ("html where a sitemap was expected", "bad_sitemap"),
    ("no sitemap anywhere", "no_sitemap"),
    ("no robots.txt", "no_sitemap"),
    ("robots listing robots", "no_sitemap"),
}


@pytest.fixture
async def sites() -> AsyncIterator[dict[str, DocSite]]:
    made = {name: DocSite(dict(documents)) for name, (documents, _) in CASES.items()}
    for site in made.values():
        await site.start()
    # Gzipped bodies need the site's own address, known only now.
    gz = made["gzip"]
    gz.docs["/s1.gz"] = Doc(gzip.compress(news("/news/gz-1").replace("{base}", gz.base).encode()))
    gz.docs["/s2.dat"] = Doc(
        gzip.compress(news("/news/gz-2").replace("{base}", gz.base).encode()), content_type=GZIP
    )
    lists = made["text lists"]
    lists.docs["/l2.txt.dat"] = Doc(gzip.compress(f"   {lists.base}/news/t3\n".encode()))
    big = made["1000 gzipped"]
    text = news(*(f"/news/n{n}" for n in range(1000))).replace("{base}", big.base)
    big.docs["/sitemap.xml.gz"] = Doc(gzip.compress(text.encode()), content_type=GZIP)
    yield made
    for site in made.values():
        await site.stop()


def source_id(name: str) -> str:
    return name.replace(" ", "-").replace(",", "")


async def test_site_sources_find_what_each_site_holds(
    topics: KafkaSettings, sites: dict[str, DocSite]
) -> None:
    sources = [
        Source(id=source_id(name), type="site", url=f"{site.base}/", max_items=2000)
        for name, site in sites.items()
    ]
    async with running(fetcher_settings(topics, max_item_age_hours=10**6), sources) as polls:
        for source in sources:
            await polls(source.id)

    pages = (await raw_pages(topics)).values()
    wrong = []
    for name, (_, expected) in CASES.items():
        got = {
            p.canonical_url.removeprefix(sites[name].base)
            for p in pages
            if p.source_id == source_id(name)
        }
        if got != expected:
            wrong.append(
                f"{name}: {len(got)} pages, expected {len(expected)}: {sorted(got ^ expected)[:3]}"
            )
    assert not wrong, f"{len(wrong)} of {len(CASES)} cases wrong:\n" + "\n".join(wrong)

    by_source = {(letter.source_id, letter.reason) for _, letter in await dead_letters(topics)}
    expected_letters = {(source_id(n), r) for n, r in LETTERS}
    assert by_source == expected_letters
    # Nothing read twice: every document requested once (the redirects not followed back).
    for name, site in sites.items():
        documents = [p for p in site.paths() if not p.startswith("/news/")]
        assert len(documents) == len(set(documents)), (name, documents)


async def test_a_robots_source_and_probes_remembered(topics: KafkaSettings) -> None:
    site = DocSite(
        {
            "/robots.txt": robots("/listed.xml"),
            "/listed.xml": urlset("/news/listed"),
            "/sitemap_news.xml": urlset("/news/probed"),
        }
    )
    bare = DocSite({"/robots.txt": "User-agent: *\nDisallow:\n"})
    await site.start()
    await bare.start()
    try:
        sources = [
            Source(id="robots", type="robots", url=f"{site.base}/robots.txt"),
            Source(id="site", type="site", url=f"{site.base}/", poll_interval=0.3),
            Source(id="bare", type="robots", url=f"{bare.base}/robots.txt"),
        ]
        settings = fetcher_settings(topics, max_item_age_hours=10**6)
        async with running(settings, sources) as polls:
            (robots_poll,) = await polls("robots")
            await polls("site", 2)
            (bare_poll,) = await polls("bare")
    finally:
        await site.stop()
        await bare.stop()

    # The robots source reads only what robots.txt lists; the site source probes too.
    assert robots_poll.discovered == 1
    pages = {
        p.canonical_url.removeprefix(site.base): p.source_id
        for p in (await raw_pages(topics)).values()
    }
    assert pages["/news/probed"] == "site"
    # Probed once: the second poll remembers which well-known paths hold a sitemap.
    assert site.count("/sitemap.xml") == 1 and site.count("/news-sitemap.xml") == 1
    assert site.count("/sitemap_news.xml") == 2
    ((_, letter),) = await dead_letters(topics)
    assert (letter.source_id, letter.reason) == ("bare", "no_sitemap")
    assert bare_poll.failed_documents == 1
