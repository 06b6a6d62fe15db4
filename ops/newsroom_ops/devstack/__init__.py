"""Real Kafka and Elasticsearch servers on loopback, for development, tests and the demo.

Downloads Kafka from Maven Central (resolved with Maven) and the Elasticsearch `integ-test-zip`
distribution, caches both, and runs them as local processes: no Docker needed.
"""

from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_ops.devstack.stack import DevStack, StackInfo

__all__ = ["DevStack", "DevStackError", "DevStackSettings", "StackInfo"]
