"""The commands, run as real processes: `newsroom fetch`, `newsroom sources check`,
`newsroom fetcher run` (until SIGTERM)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest
from fetcher_helpers import dead_letters, raw_pages
from fetcher_site import LoopbackSite, page_html

from newsroom_shared.contracts import url_id
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

NEWSROOM = str(Path(sys.executable).with_name("newsroom"))


def environment(kafka: KafkaSettings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": kafka.topic_prefix,
        "NEWSROOM_FETCHER_SSRF_ALLOW": '["127.0.0.0/8"]',
        "NEWSROOM_FETCHER_PER_HOST_MIN_DELAY_SECONDS": "0",
        **extra,
    }


async def run_command(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        NEWSROOM, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_fetch_command_publishes_given_urls(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    story = f"{site.base}/news/cli-story?utm_campaign=x"
    code, out, err = await run_command(
        "fetch", story, f"{site.base}/files/report.pdf", env=environment(topics)
    )
    assert code == 1, err  # one of the two failed
    assert out.splitlines() == [
        f"published     {story}",
        f"failed        {site.base}/files/report.pdf",
    ]
    pages = await raw_pages(topics)
    (page,) = pages.values()
    assert page.page_id == url_id(f"{site.base}/news/cli-story")
    assert page.source_id == "manual" and page.feed is None
    assert page.body == page_html("Cli Story")
    ((key, letter),) = await dead_letters(topics)
    assert letter.reason == "bad_content_type" and key == url_id(f"{site.base}/files/report.pdf")


async def test_sources_check_reports_bad_entries_and_reachability(
    topics: KafkaSettings, site: LoopbackSite, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n"
        "  - id: ok\n"
        "    type: feed\n"
        f"    url: {site.base}/feed.rss\n"
        "  - id: typo\n"
        "    type: feed\n"
        f"    url: {site.base}/feed.atom\n"
        "    poll_interval: soon\n"
    )
    code, _, err = await run_command("sources", "check", str(bad), env=environment(topics))
    assert code == 2
    assert f"{bad}:8: sources[1].poll_interval" in err and "not a duration" in err

    good = tmp_path / "good.yaml"
    good.write_text(
        "sources:\n"
        f"  - {{id: gazette, type: feed, url: '{site.base}/feed.rss'}}\n"
        f"  - {{id: maps, type: sitemap, url: '{site.base}/sitemap_index.xml'}}\n"
        f"  - {{id: broken, type: feed, url: '{site.base}/malformed.rss'}}\n"
    )
    code, out, _ = await run_command("sources", "check", str(good), env=environment(topics))
    assert code == 1  # the malformed feed
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "ok" in lines["gazette"] and "12 items" in lines["gazette"]
    assert "ok" in lines["maps"] and "2 child sitemaps" in lines["maps"]
    assert "FAILED" in lines["broken"] and "bad_feed" in lines["broken"]


async def test_fetcher_run_serves_metrics_and_stops_on_sigterm(
    topics: KafkaSettings, site: LoopbackSite, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {{id: listed, type: urls, url: '{site.base}/list.txt', max_items: 10}}\n"
    )
    env = environment(topics, NEWSROOM_FETCHER_METRICS_PORT="0", NEWSROOM_FETCHER_LOG_LEVEL="INFO")
    process = await asyncio.create_subprocess_exec(
        NEWSROOM,
        "fetcher",
        "run",
        "--sources",
        str(sources),
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    records = []
    try:
        async with asyncio.timeout(60):
            while True:  # JSON log lines, until the first poll is reported done
                line = await process.stderr.readline()
                assert line, "the fetcher exited early"
                records.append(json.loads(line))
                if records[-1].get("message") == "poll done":
                    break
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0
    done = records[-1]
    assert done["service"] == "fetcher" and done["source"] == "listed"
    assert done["outcomes"] == {"published": 6}
    assert len(await raw_pages(topics)) == 6
