"""What every service shares: the event contracts, topic specs, settings and Kafka plumbing."""

__version__ = "0.1.0"
