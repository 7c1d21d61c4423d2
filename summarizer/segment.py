"""Split a document into blocks (lines/paragraphs with a role) and blocks into sentences."""

from __future__ import annotations

import functools
import re
import unicodedata

from summarizer.lexicon import Lexicon
from summarizer.models import Block, Document

_TERMINAL = tuple('.!?…:;»"“”)')
_OPENING_QUOTES = ("«", "„", "“", '"', "‚", "‹")
_CLOSING_QUOTES = ("»", "“", "”", '"', "‘", "›")
_WS = re.compile(r"\s+")
_INITIAL = re.compile(r"(?:^|\s)(?:[A-ZÀ-Þ]\.)+$")
# A German ordinal ("der 1. FC Köln", "die 2. Bundesliga", "am 25. Dezember") ends no sentence:
# one or two digits and a full stop (years have four; "Platz 3." at a sentence's end is rarer).
_ORDINAL_END = re.compile(r"(?:^|[\s(/])\d{1,2}\.$")
# A headline's kicker ("Demenz: …", "„Über manches irritiert“: …"): a short phrase and a colon
# before the headline (matched at a line's start).
KICKER = re.compile(r"[„“\"»]?[^.!?:]{2,45}[“\"«]?:\s+(?=\S)")
# Quote closes a sentence when followed by a capitalised word: « … agir. » Puis il …
_QUOTE_BOUNDARY = re.compile(r"([.!?…]\s*[»“”\"])\s+(?=[A-ZÀ-Þ])")


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """NFKC, no control characters, single spaces: the form patterns and duplicates compare.

    Cached: the cleaner's rules ask for the same line's form several times, within one page (a
    small cache: a large one holds tens of MB of old pages' lines, memory growing with the run).
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # only then can a control or format character be there
        text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _WS.sub(" ", text).strip()


WORD = re.compile(r"\w[\w'’-]*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def segment_document(doc: Document) -> list[Block]:
    """Blocks of a document with their roles: title, heading, body, quote or blank."""
    blocks = [Block(n=line.n, source=line.text, text=line.text, role=line.role_hint or "body",
                    links=line.links, box=line.box) for line in doc.lines]  # fmt: skip
    content = [b for b in blocks if b.text.strip()]
    for b in blocks:
        if not b.text.strip():
            b.role = "blank"
    if content and not any(b.role == "title" for b in content):
        first = content[0]
        if len(first.text) <= 300:
            first.role = "title"
    for i, block in enumerate(content):
        if block.role != "body":
            continue
        nxt = content[i + 1] if i + 1 < len(content) else None
        block.role = guess_role(block.text, nxt.text if nxt else None)
    return blocks


def guess_role(text: str, next_text: str | None) -> str:
    """heading: short, unpunctuated, followed by a longer paragraph; quote: wrapped in quotes."""
    stripped = text.strip()
    if stripped.startswith(_OPENING_QUOTES) and stripped.endswith(_CLOSING_QUOTES):
        return "quote"
    n_words = len(words(stripped))
    if (
        next_text is not None
        and 0 < n_words <= 18
        and len(stripped) <= 120
        and not stripped.endswith(_TERMINAL)
        and len(next_text.strip()) > 1.5 * len(stripped)
    ):
        return "heading"
    return "body"


def split_sentences(text: str, lang: str | None, lexicon: Lexicon) -> list[str]:
    """Sentences of `text`; they concatenate back to `text` up to white space (and to the
    punctuation of a piece without a word at its start, which is no sentence).

    sentencex does the splitting with the language's rules; our abbreviation lists repair the
    splits it makes after titles and initials (``M. Dupont``), and quotes that close a sentence
    (``… agir. » Puis``) are split as well.
    """
    if not text.strip():
        return []
    from sentencex import segment

    pieces = [q for p in segment(lang or "en", text) for q in _NUMBER_OPENING.split(p) if q.strip()]
    joined: list[list[str]] = []  # each sentence's pieces, joined once (no quadratic re-joining)
    for piece in pieces:
        last = joined[-1][-1] if joined else ""
        if (
            joined
            and not _closes(last, piece, lexicon)
            and (ends_with_abbreviation(last, lexicon) or _ORDINAL_END.search(last.rstrip()))
        ):
            joined[-1].append(piece)
        else:
            joined.append([piece])
    merged = ["".join(parts) for parts in joined]
    merged = [part for sentence in merged for part in _split_closing(sentence, lexicon)]
    out: list[str] = []
    for sentence in merged:
        for part in _QUOTE_BOUNDARY.sub(r"\1\n", sentence).split("\n"):
            if not _WORDLESS.fullmatch(part):
                out.append(part)
            elif out:  # punctuation alone ("…", a stray "." of a scrape) ends the sentence before
                out[-1] += part
    return [s.strip() for s in out]


# A piece with no letter nor digit is no sentence: a stray "." opening a scraped body is dropped.
_WORDLESS = re.compile(r"[\W_]*")


# German rules never split before a number (an ordinal: "am 3. Oktober"); after a word of
# three or more lower-case letters a number opens the next sentence ("… mitteilte. 45 Bewohner …"),
# unless that word is an abbreviation ("bzw. 3"), which the merge below repairs.
_NUMBER_OPENING = re.compile(r"(?<=[a-zäöüßàâçéèêëîïôûùüÿœ]{3}[.!?]\s)(?=\d)")


def _split_closing(sentence: str, lexicon: Lexicon) -> list[str]:
    """`sentence` split after an abbreviation that ends a sentence before a sentence starter
    ("… l'Inde, etc. Le débat …", "… Birnen usw. Die Preise …"): the language's rules keep them
    together."""
    if not lexicon.closing_abbreviations or "." not in sentence:
        return [sentence]
    parts, start = [], 0
    for match in _TOKEN_END.finditer(sentence):
        # Only the word before and the words after are read: bounded work on a long "sentence".
        before = sentence[max(start, match.start() - CLOSING_WINDOW) : match.start()]
        if _closes(before, sentence[match.end() : match.end() + CLOSING_WINDOW], lexicon):
            parts.append(sentence[start : match.end()])
            start = match.end()
    return [*parts, sentence[start:]] if parts else [sentence]


CLOSING_WINDOW = 40


_TOKEN_END = re.compile(r"(?<=\.)\s+(?=\S)")


def _closes(sentence: str, following: str, lexicon: Lexicon) -> bool:
    """Whether `sentence` ends on an abbreviation that may end one ("etc.", "usw.", "h.") and
    `following` opens a sentence (a capitalised sentence starter: "… l'Inde, etc. Le débat …").
    A title never closes one: "M. Le Pen"."""
    tokens = sentence[-CLOSING_WINDOW:].split()
    if not tokens or tokens[-1] not in lexicon.closing_abbreviations:
        return False
    first = re.match(r"\W*([^\W\d_]+)", following[:CLOSING_WINDOW])
    if first is None:
        return False
    word = first.group(1)
    return word[0].isupper() and word.casefold() in lexicon.sentence_starters


def ends_with_abbreviation(sentence: str, lexicon: Lexicon) -> bool:
    """Whether `sentence` ends on an abbreviation or an initial ("M.", "z. B.", "J.")."""
    tail = sentence[-CLOSING_WINDOW:].rstrip()  # only its end is read: bounded on a long one
    if not tail.endswith("."):
        return False
    words = tail.split()
    last = words[-1] if words else ""
    return last in lexicon.abbreviations or bool(_INITIAL.search(tail))
