"""`python -m newsroom_clusterer` is the `newsroom-clusterer` command."""

from newsroom_clusterer.cli import main

main()
