"""docs/security.md states exactly the rights the secured stack grants: its kafka-acls.sh
commands are the Kafka ACLs, its API-key bodies the Elasticsearch rights, and its table of
principals names every principal."""

from __future__ import annotations

import re
from pathlib import Path

from newsroom_ops.devstack import acls, es_security

DOC = (Path(__file__).parents[3] / "docs" / "security.md").read_text()


def test_the_documented_acls_are_the_granted_ones() -> None:
    documented = [line.strip() for line in DOC.splitlines() if "kafka-acls.sh $ADMIN" in line]
    assert documented == acls.kafka_acls_commands("")


def test_the_documented_api_keys_are_the_granted_ones() -> None:
    documented = [line.strip() for line in DOC.splitlines() if line.strip().startswith('{"name"')]
    assert documented == [
        es_security.api_key_request(p, "newsroom") for p in acls.ELASTICSEARCH_PRINCIPALS
    ]


def test_every_principal_has_a_row() -> None:
    rows = re.findall(r"^\| `([a-z]+)` \| ", DOC, flags=re.MULTILINE)
    assert set(acls.PRINCIPALS) <= set(rows)


def test_every_principal_with_kafka_rights_has_grants_and_the_rest_none() -> None:
    granted = {g.principal for g in acls.grants("")}
    assert granted == set(acls.KAFKA_PRINCIPALS)
    for principal in acls.PRINCIPALS:
        has_key = es_security.role_descriptors(principal, "newsroom") is not None
        assert has_key == (principal in acls.ELASTICSEARCH_PRINCIPALS), principal
