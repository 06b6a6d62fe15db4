"""`python -m newsroom_indexer` is the `newsroom-indexer` command."""

from newsroom_indexer.cli import main

main()
