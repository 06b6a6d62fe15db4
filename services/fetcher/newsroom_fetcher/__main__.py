"""`python -m newsroom_fetcher` is the `newsroom-fetcher` command."""

from newsroom_fetcher.cli import main

main()
