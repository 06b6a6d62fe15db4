"""The one-command demo: a sample news site on loopback and the pipeline that ingests it."""
