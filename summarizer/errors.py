"""User-facing errors: each one is printed as a single clear line by the CLI."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class of the errors a user can act on; the CLI prints them without a traceback."""

    exit_code = 1


class ConfigError(SummarizerError):
    """Bad settings, flags or configuration file."""

    exit_code = 2


class InputError(SummarizerError):
    """The input path cannot be read as a corpus."""

    exit_code = 2


class MissingDependencyError(SummarizerError):
    """An optional package is needed for the chosen backend."""

    exit_code = 2

    def __init__(self, package: str, extra: str | None = None, purpose: str = "") -> None:
        hint = f"pip install 'summarizer[{extra}]'" if extra else f"pip install {package}"
        what = f" for {purpose}" if purpose else ""
        super().__init__(f"the package '{package}' is needed{what}: {hint}")


class ModelNotFoundError(SummarizerError):
    """A model the run needs is not available locally."""

    exit_code = 2
