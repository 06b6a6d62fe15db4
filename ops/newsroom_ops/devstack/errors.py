class DevStackError(RuntimeError):
    """A problem with the local stack, phrased for the person running it."""
