"""The `newsroom` command: the services, the local stack, the demo and the ops tools."""
