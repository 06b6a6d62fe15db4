"""The service runtime: what every long-running service is built on.

service.py    Service: signals, /metrics and /health, run until stopped
"""
