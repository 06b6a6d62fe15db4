"""Elasticsearch for operators: the index design commands, search, reindex, Kibana objects."""
