"""What every service shares: the event contracts, topic specs, settings and Kafka plumbing."""
