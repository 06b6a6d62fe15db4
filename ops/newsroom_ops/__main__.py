"""`python -m newsroom_ops` is the `newsroom` command."""

from newsroom_ops.cli import main

main()
