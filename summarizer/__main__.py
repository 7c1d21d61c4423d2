"""python -m summarizer → the CLI."""

from summarizer.cli import entrypoint

entrypoint()
