"""Versions of the servers the stack runs on: the one place they are written.

The development stack (`newsroom dev up`, the test fixtures) downloads exactly these, and
docker-compose.yml uses the same image tags (a test keeps the two in agreement).
"""

from __future__ import annotations

# Apache Kafka 4.1 (KRaft only). aiokafka 0.14 speaks to it: Kafka 4.0
# dropped only protocol versions older than the ones those clients negotiate.
KAFKA_VERSION = "4.1.2"
KAFKA_SCALA_VERSION = "2.13"
# The Kafka release tarball adds log4j2 by hand (the Maven artifacts only depend on slf4j-api);
# these are the versions that tarball ships.
KAFKA_LOG4J2_VERSION = "2.24.3"
KAFKA_IMAGE = f"apache/kafka:{KAFKA_VERSION}"

# Elasticsearch 9.x: the `integ-test-zip` distribution on Maven Central for local runs, the
# official images in compose. The Python client's major version matches the server's.
ELASTICSEARCH_VERSION = "9.5.2"
# sha256 of org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip, checked
# after download (Maven Central does not always serve the .sha1 beside it).
ELASTICSEARCH_ZIP_SHA256 = "de3d9c88b5f993d9b1f937a1da8d7bfa3e881f83bf3a0dab3e49a8d557934618"
ELASTICSEARCH_IMAGE = f"docker.elastic.co/elasticsearch/elasticsearch:{ELASTICSEARCH_VERSION}"
KIBANA_IMAGE = f"docker.elastic.co/kibana/kibana:{ELASTICSEARCH_VERSION}"

# Java: Kafka 4.x brokers need 17+, Elasticsearch 9.x needs 21+.
KAFKA_MIN_JAVA = 17
ELASTICSEARCH_MIN_JAVA = 21

# Used to fetch Maven itself where `mvn` is not installed.
MAVEN_VERSION = "3.9.11"
MAVEN_CENTRAL_URL = "https://repo1.maven.org/maven2"

PYTHON_IMAGE = "python:3.11-slim-bookworm"
