"""summarizer: offline English digests of scraped French/German news pages."""

from summarizer.errors import SummarizerError
from summarizer.models import (
    ArticleSummary,
    Block,
    Digest,
    Document,
    Fact,
    Figure,
    FigureValue,
    PageError,
    Sentence,
    Story,
)
from summarizer.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "ArticleSummary",
    "Block",
    "Digest",
    "Document",
    "Fact",
    "Figure",
    "FigureValue",
    "PageError",
    "Sentence",
    "Settings",
    "Story",
    "SummarizerError",
    "__version__",
    "load_settings",
]
