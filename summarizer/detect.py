"""Detect the language of every block and sentence, using the page around short segments."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from summarizer.backends.langid import LanguageDetector, Scores
from summarizer.lexicon import Lexicon
from summarizer.models import Block, Document, Sentence
from summarizer.segment import split_sentences

# Linear on any input: an e-mail is tried only where a token starts, and its local part is not
# backtracked into (`\S+@\S+` was cubic on a long `a@a@…` token, 6 KB took minutes, and
# `[^\s@]+@` quadratic on a long token without `@`, 40 KB took 7 s).
_NOISE = re.compile(r"(https?://\S+|www\.\S+|(?<!\S)[^\s@]++@[^\s@]+|@\w+|#\w+|\d+)")
_LETTER = re.compile(r"[^\W\d_]")

# Below this many letters a segment is short: the detector's scores are weighed against the
# language of the page and of the neighbouring segments. Calibrated on the seeds and on
# ../shared/langid word pairs (median 14 letters), whose accuracy context must not lower.
SHORT_LETTERS = 60
# A segment counts as firm evidence for the page's language mix above these values.
FIRM_LETTERS = 20
FIRM_CONFIDENCE = 0.9
PRIOR_FLOOR = 0.02


@functools.lru_cache(maxsize=4096)
def letters(text: str) -> int:
    """How many letters `text` has (asked several times per sentence of one page: cached)."""
    return len(_LETTER.findall(text))


# Lingua's cost grows with the square of a word's length (a 100 KB token took 3.7 s) and with
# the text's length: a word is cut to MAX_WORD characters and a text to DETECT_CHARS (a
# sentence's language is plain long before that; its length in letters is then only "long").
MAX_WORD = 64
DETECT_CHARS = 2000


@functools.lru_cache(maxsize=4096)
def detection_text(text: str) -> str:
    """The text a detector should see: URLs, handles, e-mails and digits carry no language."""
    words = _NOISE.sub(" ", text[: 4 * DETECT_CHARS]).split()
    out = " ".join(w if len(w) <= MAX_WORD else w[:MAX_WORD] for w in words)
    return out if len(out) <= DETECT_CHARS else out[:DETECT_CHARS].rsplit(" ", 1)[0]


def _declared(doc: Document, languages: Sequence[str]) -> str | None:
    """The page's declared language ("de-DE" → "de") when it is a candidate, else None."""
    code = (doc.declared_lang or "")[:2].casefold()
    return code if code in languages else None


def _weighted_language(pairs: Iterable[tuple[str, str | None]]) -> str | None:
    """The language of most letters among (text, language) pairs."""
    weights: Counter[str] = Counter()
    for text, lang in pairs:
        if lang:
            weights[lang] += max(letters(text), 1)
    return weights.most_common(1)[0][0] if weights else None


def _own_language(sentences: Sequence[str], scores: Sequence[Scores]) -> str | None:
    """A block's language from its sentences' own scores, weighed by their letters."""
    return _weighted_language((text, max(s, key=s.__getitem__) if s else None)
                              for text, s in zip(sentences, scores, strict=True))  # fmt: skip


def detect_document(doc: Document, detector: LanguageDetector, lexicon: Lexicon) -> None:
    """Set `lang`, `confidence` and `sentences` on every non-blank block of `doc`.

    Blocks are split into sentences with the rules of the page's declared language (English's
    when it declares none), every sentence is scored once, in one batch; a block whose own
    sentences say another language and whose split differs under that language's rules is split
    again and its new sentences scored (rules differ on a few blocks in a hundred: "Leo XIV.
    wurde", "Mexiko. 2023 überholte"), so no text is scored only to choose its rules.
    """
    blocks = [b for b in doc.blocks if not b.is_blank]
    if not blocks:
        return
    guess = _declared(doc, detector.languages)
    pieces = [split_sentences(b.text, guess, lexicon) or [b.text] for b in blocks]
    flat_texts = [detection_text(p) for ps in pieces for p in ps]
    flat_scores = iter(detector.scores_batch(flat_texts))
    scores = [[next(flat_scores) for _ in ps] for ps in pieces]
    again: list[int] = []
    for k, (block, ps) in enumerate(zip(blocks, pieces, strict=True)):
        own = _own_language(ps, scores[k])
        if own is not None and own != (guess or "en"):
            resplit = split_sentences(block.text, own, lexicon) or [block.text]
            if resplit != ps:
                pieces[k] = resplit
                again.append(k)
    if again:
        redo = iter(detector.scores_batch([detection_text(p) for k in again for p in pieces[k]]))
        for k in again:
            scores[k] = [next(redo) for _ in pieces[k]]
    flat: list[tuple[Sentence, Scores]] = []
    for block, ps, ss in zip(blocks, pieces, scores, strict=True):
        block.sentences = [Sentence(text=p) for p in ps]
        flat.extend(zip(block.sentences, ss, strict=True))
    _resolve(flat, detector.languages, doc.declared_lang)
    for block in blocks:
        block.lang = _weighted_language((s.text, s.lang) for s in block.sentences)
        total = sum(max(letters(s.text), 1) for s in block.sentences)
        block.confidence = round(
            sum(s.confidence * max(letters(s.text), 1) for s in block.sentences) / total, 4
        )


def _resolve(items: Sequence[tuple[Sentence, Scores]], languages: Sequence[str],
             declared: str | None) -> None:  # fmt: skip
    """Pick each sentence's language: its own scores, weighed by context when it is short."""
    sizes = [letters(detection_text(s.text)) for s, _ in items]
    firm: list[str | None] = []
    page: Counter[str] = Counter()
    for (_, scores), size in zip(items, sizes, strict=True):
        top = max(scores, key=scores.__getitem__) if scores else None
        if top and size >= FIRM_LETTERS and scores[top] >= FIRM_CONFIDENCE:
            firm.append(top)
            page[top] += size
        else:
            firm.append(None)
    if not page and declared is not None and declared in languages:
        page[declared] = 1
    total = sum(page.values())
    page_prior = {lang: (page[lang] / total if total else 1 / len(languages)) for lang in languages}
    neighbours = _neighbours(firm)
    for i, ((sentence, scores), size) in enumerate(zip(items, sizes, strict=True)):
        if size >= SHORT_LETTERS and scores:
            best = max(scores, key=scores.__getitem__)
            sentence.lang, sentence.confidence = best, round(scores[best], 4)
            continue
        local = neighbours[i]
        posterior = {}
        for lang in languages:
            prior = 0.5 * page_prior[lang] + 0.5 * local.get(lang, 0.0) + PRIOR_FLOOR
            evidence = scores.get(lang, 0.0) if scores else 1.0
            posterior[lang] = prior * evidence
        norm = sum(posterior.values()) or 1.0
        best = max(posterior, key=posterior.__getitem__)
        sentence.lang, sentence.confidence = best, round(posterior[best] / norm, 4)


def _neighbours(firm: Sequence[str | None]) -> list[dict[str, float]]:
    """For each position, the languages of the nearest firm segments before and after it.

    Two passes over the page (the nearest firm segment on each side carried along), so a page
    of thousands of lines with no firm segment costs linear time, not a scan per line.
    """
    n = len(firm)
    before: list[str | None] = [None] * n
    after: list[str | None] = [None] * n
    last: str | None = None
    for i in range(n):
        before[i] = last
        last = firm[i] if firm[i] is not None else last
    last = None
    for i in range(n - 1, -1, -1):
        after[i] = last
        last = firm[i] if firm[i] is not None else last
    out: list[dict[str, float]] = []
    for b, a in zip(before, after, strict=True):
        found = [lang for lang in (b, a) if lang is not None]
        out.append({lang: k / len(found) for lang, k in Counter(found).items()} if found else {})
    return out


def language_mix(blocks: Sequence[Block]) -> dict[str, float]:
    """Share of each language in the letters of `blocks`, e.g. ``{"fr": 0.93, "en": 0.07}``."""
    counts: Counter[str] = Counter()
    for block in blocks:
        for s in block.sentences:
            if s.lang:
                counts[s.lang] += letters(s.text)
    total = sum(counts.values())
    if not total:
        return {}
    return {lang: round(n / total, 3) for lang, n in counts.most_common()}
