"""Newsroom ingestion: fetch news pages, parse them into articles, index them for search."""

__version__ = "0.1.0"
