"""Reading a topic's configs while the cluster's brokers catch up with its creation.

A stand-in for the admin client answers as a broker does that has not yet heard of a
topic created a moment ago (the real case: a re-apply right after creation on a
three-broker cluster, tests/integration/test_topics_layout.py, failed so once in CI)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.errors import UnknownTopicOrPartitionError

from newsroom_shared.kafka import TopicApplyError, _topic_configs

UNKNOWN = UnknownTopicOrPartitionError.errno
DENIED = 29  # TOPIC_AUTHORIZATION_FAILED


class Broker:
    """describe_configs answers: the error codes to give first, then the configs."""

    def __init__(self, errors: list[int]) -> None:
        self.errors = errors
        self.asked = 0

    async def describe_configs(self, resources: list[Any]) -> list[Any]:
        self.asked += 1
        if self.errors:
            code = self.errors.pop(0)
            return [SimpleNamespace(resources=[(code, "", 2, "t", [])])]
        entries = [("retention.ms", "604800000", False, 5, False, [])]
        return [SimpleNamespace(resources=[(0, None, 2, "t", entries)])]


async def test_an_unknown_topic_is_asked_again_until_the_broker_knows_it() -> None:
    broker = Broker([UNKNOWN, UNKNOWN])
    configs = await _topic_configs(broker, "t")  # type: ignore[arg-type]
    assert configs == {"retention.ms": "604800000"}
    assert broker.asked == 3


async def test_other_errors_are_raised_at_once_and_named() -> None:
    broker = Broker([DENIED])
    with pytest.raises(TopicApplyError, match="TopicAuthorizationFailedError"):
        await _topic_configs(broker, "t")  # type: ignore[arg-type]
    assert broker.asked == 1
