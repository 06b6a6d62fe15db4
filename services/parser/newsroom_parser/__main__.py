"""`python -m newsroom_parser` is the `newsroom-parser` command."""

from newsroom_parser.cli import main

main()
