"""Commands of the fetcher service, registered on the root `newsroom` command."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this service's commands to the root app."""
