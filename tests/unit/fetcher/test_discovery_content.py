"""What a document is comes from its bytes: gzip, XML root, robots.txt, URL list; and what can
be read from a broken one."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom_fetcher.discovery.documents import Child, DiscoveryError, parse_document, parse_robots
from newsroom_fetcher.discovery.sitemap_xml import BARE_AMP, AmpEscaper

H = "https://site.example.test"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
LIMIT = 10**7


def urlset(*paths: str, close: bool = True) -> bytes:
    body = "".join(f"<url><loc>{H}{p}</loc><lastmod>2024-05-01</lastmod></url>" for p in paths)
    return f'<?xml version="1.0"?>\n<urlset {NS}>{body}{"</urlset>" if close else ""}'.encode()


def news(*titles: str) -> str:
    body = "".join(
        f"<url><loc>{H}/story-{n}</loc><news:news><news:publication><news:name>Daily Test"
        "</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2024-05-01T10:00:00Z</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
        for n, title in enumerate(titles)
    )
    return f'<?xml version="1.0"?><urlset {NS} {NEWS_NS}>{body}</urlset>'


def urls_of(data: bytes, url: str = f"{H}/sitemap.xml", expect: str = "sitemap") -> list[str]:
    return [i.url for i in parse_document(data, url, LIMIT, expect).items]


# -- broken XML: what came before the break -------------------------------------------------


def test_a_sitemap_without_its_closing_tag_gives_every_url() -> None:
    found = parse_document(urlset(*(f"/page-{n}" for n in range(50)), close=False), H, LIMIT)
    assert [i.url for i in found.items] == [f"{H}/page-{n}" for n in range(50)]
    assert found.partial


def test_a_sitemap_cut_inside_a_url_gives_the_complete_ones_only() -> None:
    data = urlset(*(f"/page-{n}" for n in range(49)), close=False) + f"<url><loc>{H}/pa".encode()
    found = parse_document(data, H, LIMIT)
    assert len(found.items) == 49 and found.items[-1].url == f"{H}/page-48"
    assert found.partial


def test_a_news_sitemap_cut_inside_an_element() -> None:
    text = news("One", "Two", "Three")
    cut = text[: text.rindex("<news:publication_date>") + len("<news:publicat")]
    found = parse_document(cut.encode(), H, LIMIT)
    assert [i.meta.title for i in found.items] == ["One", "Two"]
    assert found.partial


def test_a_cut_gzip_stream_gives_what_came_before_the_cut() -> None:
    whole = gzip.compress(urlset(*(f"/p{n}" for n in range(2000))))
    found = parse_document(whole[: len(whole) // 2], f"{H}/sitemap.xml.gz", LIMIT)
    assert 100 < len(found.items) < 2000
    assert found.items[0].url == f"{H}/p0" and found.partial


def test_a_complete_sitemap_is_not_partial() -> None:
    found = parse_document(urlset("/a", "/b"), H, LIMIT)
    assert len(found.items) == 2 and not found.partial


def test_a_document_broken_before_any_url_is_an_error() -> None:
    with pytest.raises(DiscoveryError) as info:
        parse_document(f"<urlset {NS}><url><loc>{H}/a".encode(), H, LIMIT)
    assert info.value.reason == "bad_sitemap"


def test_a_bare_ampersand_does_not_end_the_document() -> None:
    data = urlset("/a", "/b?x=1&y=2", "/c&amp;d", "/e")
    assert urls_of(data) == [f"{H}/a", f"{H}/b?x=1&y=2", f"{H}/c&d", f"{H}/e"]
    assert not parse_document(data, H, LIMIT).partial


def test_entity_declarations_are_refused_even_with_urls_before_them() -> None:
    lolz = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        f"<urlset {NS}><url><loc>{H}/&b;</loc></url></urlset>"
    ).encode()
    with pytest.raises(DiscoveryError) as info:
        parse_document(lolz, H, LIMIT)
    assert info.value.reason == "bad_sitemap"


# -- index children ---------------------------------------------------------------------------


def test_index_children_carry_their_lastmod() -> None:
    index = (
        f"<sitemapindex {NS}><sitemap><loc>  {H}/a.xml  </loc>"
        "<lastmod>2024-05-02T10:00:00+02:00</lastmod></sitemap>"
        "<sitemap><loc>/b.xml</loc><lastmod>not a date</lastmod></sitemap>"
        "<sitemap><loc>/c.xml</loc><lastmod>Thu, 02 May 2024 10:00:00 GMT</lastmod></sitemap>"
        "<sitemap><loc></loc></sitemap></sitemapindex>"
    ).encode()
    found = parse_document(index, f"{H}/index.xml", LIMIT)
    assert found.children == [
        Child(f"{H}/a.xml", datetime(2024, 5, 2, 8, tzinfo=UTC)),
        Child(f"{H}/b.xml", None),
        Child(f"{H}/c.xml", datetime(2024, 5, 2, 10, tzinfo=UTC)),
    ]
    assert found.sitemaps == [f"{H}/a.xml", f"{H}/b.xml", f"{H}/c.xml"]
    assert found.items == []


def test_a_cut_index_gives_the_children_before_the_cut() -> None:
    index = f"<sitemapindex {NS}><sitemap><loc>{H}/a.xml</loc></sitemap><sitemap><loc>{H}/b"
    found = parse_document(index.encode(), H, LIMIT)
    assert found.sitemaps == [f"{H}/a.xml"] and found.partial


# -- gzip by its magic bytes, for every kind of document --------------------------------------


@pytest.mark.parametrize("expect", ["urls", "sitemap", "feed"])
def test_a_gzipped_url_list_is_decompressed(expect: str) -> None:
    data = gzip.compress(f"{H}/one\n\n    {H}/two\n".encode())
    if expect == "feed":  # a feed source that turns out to be a gzipped list is no feed
        with pytest.raises(DiscoveryError) as info:
            parse_document(data, f"{H}/list.dat", LIMIT, expect)
        assert info.value.reason == "bad_feed"
        return
    assert urls_of(data, f"{H}/list.dat", expect) == [f"{H}/one", f"{H}/two"]


def test_gzip_without_gz_name_and_gz_name_without_gzip() -> None:
    assert urls_of(gzip.compress(urlset("/a")), f"{H}/sitemap.dat") == [f"{H}/a"]
    assert urls_of(urlset("/b"), f"{H}/sitemap.xml.gz") == [f"{H}/b"]


def test_a_gzipped_feed_is_decompressed() -> None:
    rss = f'<rss version="2.0"><channel><item><link>{H}/r1</link></item></channel></rss>'
    assert urls_of(gzip.compress(rss.encode()), f"{H}/feed.gz", "feed") == [f"{H}/r1"]


def test_binary_data_is_not_a_url_list() -> None:
    with pytest.raises(DiscoveryError) as info:
        parse_document(b"\x00\x01\x02binary\nmore\x00", f"{H}/list.txt", LIMIT, "urls")
    assert info.value.reason == "bad_list"


def test_a_url_list_with_a_byte_order_mark() -> None:
    data = f"\ufeff{H}/one\n# comment\n{H}/two\n".encode()
    assert urls_of(data, f"{H}/list.txt", "urls") == [f"{H}/one", f"{H}/two"]


# -- the type by the content, not by the source's type ---------------------------------------

RSS = (
    f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{H}</link>'
    f"<item><title>One</title><link>{H}/rss-1</link>"
    "<pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate></item>"
    f"<item><title>Two</title><link>{H}/rss-2</link></item></channel></rss>"
).encode()
ATOM_03 = (
    '<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>'
    f'<entry><title>A</title><link rel="alternate" type="text/html" href="{H}/atom03-1"/>'
    "<issued>2024-05-01T10:00:00Z</issued></entry></feed>"
).encode()
ATOM_10 = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
    f'<entry><title>B</title><link href="{H}/atom10-1"/>'
    "<updated>2024-05-01T10:00:00Z</updated></entry></feed>"
).encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RSS, [f"{H}/rss-1", f"{H}/rss-2"]),
        (ATOM_03, [f"{H}/atom03-1"]),
        (ATOM_10, [f"{H}/atom10-1"]),
    ],
)
def test_a_feed_where_a_sitemap_was_expected(data: bytes, expected: list[str]) -> None:
    assert urls_of(data, f"{H}/child.xml", "sitemap") == expected


@pytest.mark.parametrize(
    "data",
    [
        f'<rss version="2.0"><channel><title>T</title><link>{H}</link></channel></rss>'.encode(),
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id></feed>',
    ],
)
def test_an_empty_feed_is_empty_not_an_error(data: bytes) -> None:
    assert urls_of(data, f"{H}/child.xml", "sitemap") == []


def test_a_sitemap_where_a_feed_was_expected() -> None:
    assert urls_of(urlset("/a"), f"{H}/feed", "feed") == [f"{H}/a"]


@pytest.mark.parametrize(("expect", "reason"), [("sitemap", "bad_sitemap"), ("feed", "bad_feed")])
def test_an_html_page_is_neither(expect: str, reason: str) -> None:
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>"
    with pytest.raises(DiscoveryError) as info:
        parse_document(page, f"{H}/sitemap.xml", LIMIT, expect)
    assert info.value.reason == reason and "<html>" in str(info.value)


def test_a_sitemap_with_a_byte_order_mark_and_no_namespace() -> None:
    data = b"\xef\xbb\xbf" + f"<urlset><url><loc>{H}/plain</loc></url></urlset>".encode()
    assert urls_of(data) == [f"{H}/plain"]


def test_a_text_sitemap_where_an_xml_one_was_expected() -> None:
    data = f"{H}/one\nnot a url\n{H}/two\n".encode()
    assert urls_of(data, f"{H}/sitemap.txt") == [f"{H}/one", "not a url", f"{H}/two"]


# -- robots.txt -------------------------------------------------------------------------------


def test_robots_sitemap_lines() -> None:
    text = (
        "\ufeffUser-agent: *\nDisallow: /private/\n"
        f" Sitemap:{H}/a.xml    \n"
        f"Site-map: {H}/b.xml # the news\n"
        "sitemap: /c.xml\n"
        f"SITEMAP: {H}/a.xml\n"
        "Sitemap: ftp://files.example.test/d.xml\n"
        "# Sitemap: /commented.xml\n"
    )
    found = parse_robots(text.encode(), f"{H}/robots.txt")
    # Not fetchable, but not dropped here: the poll counts it as an invalid URL.
    assert found.sitemaps == [
        f"{H}/a.xml",
        f"{H}/b.xml",
        f"{H}/c.xml",
        "ftp://files.example.test/d.xml",
    ]
    assert found.items == []


def test_robots_without_sitemaps() -> None:
    assert parse_robots(b"User-agent: *\nDisallow:\n", f"{H}/robots.txt").children == []


def test_a_robots_txt_listed_as_a_sitemap_is_read_as_robots_txt() -> None:
    found = parse_document(f"Sitemap: {H}/s.xml\n".encode(), f"{H}/robots.txt", LIMIT)
    assert found.sitemaps == [f"{H}/s.xml"] and found.items == []


@given(
    st.lists(st.sampled_from([b"&", b"&amp;", b"&lt;", b"&#38;", b"&#x26;", b"amp", b";", b"x"])),
    st.integers(1, 40),
)
def test_escaping_chunk_by_chunk_equals_escaping_the_whole(parts: list[bytes], size: int) -> None:
    data = b"".join(parts)
    reader = AmpEscaper(data)
    out = b"".join(iter(lambda: reader.read(size), b""))
    assert out == BARE_AMP.sub(b"&amp;", data)
