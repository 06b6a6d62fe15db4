"""The service runtime: what every long-running service is built on.

service.py    Service: signals, /metrics and /health, run until stopped
stream.py     StreamRuntime + Handler: how every consuming service consumes
ledger.py     which offsets may be committed (pure)
publisher.py  Message + Publisher: every send, acknowledged, retried
retry.py      RetryPolicy: the one backoff of the project
"""
