"""A broker killed in the middle of a crawl loses no fetched page, and none waits for a poll.

The test runs its own single Kafka node (the shared one must stay up for everything else) and
kills it with SIGKILL while the fetcher (discovery and fetch worker in one process) is crawling
twenty hosts; sources are polled once an hour, so every page must reach the topic through the
publisher's retries once the broker is back. benchmarks/chaos.py --broker-outage 60 does the
same with a minute-long outage.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chaos.outage import OwnKafka, broker_outage, own_kafka

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.chaos]

DOWN_FOR = 20.0


@pytest.fixture
def kafka_node() -> Iterator[OwnKafka]:
    with own_kafka() as node:
        yield node


async def test_broker_killed_mid_crawl_loses_no_fetched_page(kafka_node: OwnKafka) -> None:
    report = await broker_outage(kafka_node, DOWN_FOR)
    for line in report.lines():
        print(line)
    # One sitemap read per host: every page below was delivered without a second poll.
    assert report.polls == 20
    assert report.fetched_before_kill < len(report.served), "the crawl ended before the kill"
    assert not report.lost, sorted(report.lost)[:10]
    assert set(report.published) == report.served
    # The fetcher process lived through the outage: no page was fetched a second time.
    assert not report.fetched_twice, sorted(report.fetched_twice)[:10]
    # Fetches under way at the kill were answered while the broker was down: those pages
    # reached the topic through the publisher's retries.
    assert len(report.answered_while_down) >= 10
    assert report.answered_while_down <= set(report.published)
    assert report.delivered_after_restart < 60
    # No fetch begins once a send has waited 5 s for its acknowledgement: the first sends after
    # the kill wait from the kill (+ a fetch, 1 s here), so nothing starts after about 7 s.
    late = [round(s, 1) for s in report.started_while_down if s > 10.0]
    assert not late, f"{len(late)} fetches began over 10 s into the outage: {late[:10]}"
