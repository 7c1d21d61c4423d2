"""Strip boilerplate and duplicates line by line, recording a stable reason for each removal.

Reason codes (documented in docs/reasons.md): share-button, newsletter, cookie, reading-time,
published-date, agency-credit, byline, read-also, related-headline, ai-disclaimer,
editorial-disclaimer, embed-notice, social-embed, bare-url, breadcrumb, date-line,
sidebar-timestamp, sidebar-headline, no-text, site-template, duplicate-of:N,
cross-language-duplicate-of:N.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from summarizer.lexicon import Lexicon, fold, load_lexicon, pattern_union, place_names
from summarizer.models import Block, Document, Repair, Sentence
from summarizer.segment import KICKER, WORD, ends_with_abbreviation, normalise, words

# Longest line each pattern family may remove: boilerplate is short, so a long paragraph that
# merely mentions "cookies" or "newsletter" stays (calibrated on the seeds and tests/pages/).
MAX_CHARS = {
    "share-button": 160, "reading-time": 60, "published-date": 110, "agency-credit": 200,
    "byline": 80, "read-also": 250, "newsletter": 250, "cookie": 800, "ai-disclaimer": 400,
    "editorial-disclaimer": 300, "embed-notice": 400, "press-contact": 200,
    # A post is at most 280 characters plus its link: a longer line holding a status link or
    # pic.twitter.com is prose (a JSON dump's one-line body) and loses only the link.
    "social-embed": 320,
}  # fmt: skip
DEFAULT_MAX_CHARS = 400
# A headline in a sidebar or a related-articles list: short and not a finished sentence.
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 25
# Lines that look like prose need twice the page count before they count as a site template:
# the same agency paragraph on several sites is content, a repeated teaser is not.
PROSE_WORDS = 12
# Near-duplicate paragraphs: token-set Jaccard at or above this (exact repeats score 1.0).
NEAR_DUPLICATE = 0.8
# Cross-language duplicates: how close (in content blocks) and how alike before translation.
CROSS_WINDOW = 3
# An agency subheading glued into a one-line body, between two sentences: "… avoisinantes.
# - Parole d'honneur -Dans son village …" (AFP's "- Title -" intertitles): cut, as a repair.
_GLUED_SUBHEADING = re.compile(
    r"(?:^|(?<=[.!?»\"”])|(?<=[.!?»\"”] ))- [A-ZÀ-ÖØ-Þ][^.!?\n]{2,80}? -\s?(?=[A-ZÀ-ÖØ-Þ«\"“])"
)
# An embedded video's title and channel glued into a portal's one-line body, the next sentence
# glued to the channel: "… du Télégramme. Qui sont les convertis radicalisés ?par BFMTVCe suspect,
# âgé …", "… du Covid-19 ? - 18/05par RMCEn juillet …" (165 in 5,000 articles of
# ../shared/summaries-train: BFMTV, Europe 1, CNEWS, Le Point …):
# cut from the sentence start to the channel, as a repair. "par" glued to the text before it and
# the channel glued to the next word are what tell it from prose.
_GLUED_VIDEO_TEASER = re.compile(
    r"(?:^|(?<=[.!?»\"”] ))[^.!?\n]{8,200}?[?!»\"”]{0,2}(?: ?[-–(] ?\d{1,2}/\d{1,2}(?:/\d{2,4})?\)?)?(?<=\S)par "
    r"[A-ZÀ-ÖØ-Þ][\w.-]*(?:['’]\w+)*(?: (?:[A-Z0-9][\w.-]*(?:['’]\w+)*|de|du|des|la|le)){0,3}"
    r"(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]|[«\"“])"
)
# A portal's intertitle glued to the sentence after it, no space between ("… sans plus de
# précision. Renault mis en causeLe véhicule datait de 2005", "• PoliceLes syndicats …"; 769 in
# 5,000 articles of ../shared/summaries-train): cut from the sentence start to the next
# sentence's opening word (a French `sentence_starters` word glued to a lower-case letter), as a
# repair, when it is two to INTERTITLE_WORDS words or follows a bullet. A longer run is a sentence
# that lost its full stop, left as it is; so is German, where scrapes glue sentences, not
# intertitles ("… das stark beschädigt warDie Ursache …" in ../shared/stories-dev), and English
# ("WordPress", "PowerPoint").
INTERTITLE_LANGUAGES = ("fr",)
INTERTITLE_WORDS = 12


@functools.lru_cache(maxsize=4)
def _glued_intertitle(languages: tuple[str, ...]) -> re.Pattern[str] | None:
    starters = {w for lang in INTERTITLE_LANGUAGES if lang in languages for w in load_lexicon((lang,)).sentence_starters
                if len(w) >= 2 and w.isalpha()}  # fmt: skip
    if not starters:
        return None
    alternatives = "|".join(re.escape(w[:1].upper() + w[1:]) for w in sorted(starters, key=len, reverse=True))
    # The word glued to the starter opens with a lower-case letter ("causeLe"), is a capitalised
    # word of seven letters or more ("EspagneAvant") or closes a bracket (not a quote: » opens a
    # German one, a straight " either); a shorter capitalised one
    # is a name ("LinkedIn", "LaLa Land", "BlaBlaCar"), unless a bullet opens the intertitle.
    # Words of at most 40 characters: a megabyte token is tried in bounded time.
    return re.compile(
        r"(?:^|(?<=[.!?»\"”] )|(?<=[.!?»\"”]))"
        rf"(?:[•►▶■*-]\s?(?:[^\s.!?]{{1,40}}\s+){{0,{INTERTITLE_WORDS - 1}}}[^\s.!?]{{0,40}}?"
        rf"|(?:[^\s.!?]{{1,40}}\s+){{1,{INTERTITLE_WORDS - 1}}}"
        r"(?:[a-zß-öø-ÿ][\w'’-]{0,40}?|[A-ZÀ-ÖØ-Þ][\w'’-]{6,40}?|[^\s.!?]{0,40}\)))"
        rf"(?<=[a-zß-öø-ÿ)])(?=(?:{alternatives})[\s,])"
    )


# A cookie banner's first sentence that has at least this many words before the banner's opening
# words starts with a headline glued to it (a scraped consent wall's only content): kept.
CONSENT_HEADLINE_WORDS = 3
CROSS_LENGTH_RATIO = (0.6, 1.67)
CROSS_ANCHOR_OVERLAP = 0.2
# Lines that give this many numbers, all the same, need share only one word to be one line told twice.
CROSS_NUMBERS = 2
# A copy whose sentence count differs by one (a translation joining two sentences) needs the same
# numbers (one at least), this many shared names and twice CROSS_ANCHOR_OVERLAP of them.
CROSS_MERGED_ANCHORS = 3
# Two lines giving no number share at least this many words (`_anchors`) to be one in two languages.
CROSS_BARE_ANCHORS = 2
# A press contact's address under its label: this many lines at most, each this short.
CONTACT_LINES = 6
CONTACT_LINE_CHARS = 80
HEADER_BLOCKS = 2
# A page with no date in its metadata (plain text, Markdown without front matter) takes it from
# a date line among its first lines.
DATE_LINE_BLOCKS = 6
# Teaser lists of other articles: this many "Kicker: headline" lines in a row after the last
# paragraph (WAZ, Funke and regional portals end their pages with them).
TEASER_RUN = 3
# Teasers from the HTML structure: a headline-like line whose text is mostly link text
# (Block.links, the share of characters inside <a>) is another article's headline, anywhere on
# the page (LINKED_RUN of them in a row; one is enough: a single linked card between two
# paragraphs is a teaser too).
LINKED_SHARE = 0.6
LINKED_RUN = 1
# A heading right above LIST_LABEL_RUN or more removed teaser headlines is the teaser list's
# label ("Exklusive Politik-Hintergründe – für Sie recherchiert"), not a section of the article.
LIST_LABEL_RUN = 2
# Rules whose shape a table row often has ("A | B | C", short cells) without being boilerplate.
TABLE_SAFE = {"breadcrumb", "date-line", "no-text", "share-button", "published-date"}
# Cookie-banner text inside a paragraph (a JSON dump's one-line body often opens or ends with
# it): a sentence of at most CONSENT_MAX_CHARS that addresses the reader and has CONSENT_TERMS
# distinct consent terms (lexicons' consent_terms). Two such sentences and what lies between
# them go together when they make CONSENT_SHARE of that span. No such sentence among 76,000
# of ../shared/summaries-train nor the curated bodies of ../shared/extract-dev.
CONSENT_TERMS = 3
CONSENT_MAX_CHARS = 600
CONSENT_SHARE = 0.5
# A banner told in plainer sentences ("Wir verwenden auf unserer Webseite Cookies …. Zudem messen
# und werten wir die Besuche aus, um … auf Ihre Bedürfnisse anzupassen …"): a paragraph of at most
# CONSENT_PARAGRAPH_CHARS, of two sentences or more that each name a consent term, naming cookies,
# addressing the reader and CONSENT_TERMS + 1 distinct terms in all.
CONSENT_PARAGRAPH_CHARS = 1500
_COOKIES = re.compile(r"\bcookies?\b", re.IGNORECASE)
# A subscription offer or appeal: a line of at most PROMO_MAX_CHARS that addresses the reader and
# names PROMO_TERMS distinct promotion terms (lexicons' promo_terms: "Testen Sie für zwei Wochen
# die gedruckte Zeitung … kostenlos …", a donation appeal closing "Jetzt unterstützen"). None in
# the curated bodies of ../shared/extract-dev nor in 55,000 windows of one to five sentences of
# ../shared/summaries-train.
PROMO_TERMS = 4
PROMO_MAX_CHARS = 1000
# A finished sentence (PROSE_WORDS words or more) that a newsletter pattern matches and that
# names a newsletter or opens with a quotation mark (someone's words) is an offer when it
# addresses the reader or names OFFER_PROMO_TERMS promotion terms; otherwise it reports one ("… Chez Pol, la nouvelle newsletter politique de Libération.": a
# sentence of ../shared/summaries-train; "The newsletter … now has 40,000 readers."). Short calls
# to action ("Newsletter abonnieren und nichts verpassen!") are no prose and stay offers.
OFFER_PROMO_TERMS = 3
# A line that names a newsletter needs one term fewer ("Der BR24 Newsletter informiert Sie …
# direkt in Ihrem Postfach. Hier geht's zur Anmeldung!"); none in the same sets.
NEWSLETTER_PROMO_TERMS = 3
_NEWSLETTER = re.compile(r"newsletter", re.IGNORECASE)
_QUOTES = ('"', "«", "„", "“", "»")  # a line opening with one is someone's words
# A media teaser: a video or audio card's text ending with its date and running time
# ("… Eskalation? 21.04.2024 | 3:18 min").
_MEDIA_TEASER = re.compile(r".*\d{1,2}\.\d{1,2}\.\d{2,4}\s*[|·]\s*\d{1,3}:\d{2}\s*(?:min|Min)\.?")

_SPLIT_TOKENS = re.compile(r"[\s·•|,;()\[\]–—]+")
_DATE_TOKEN = re.compile(r"\d{1,4}(?:[.:/h-]\d{1,4}){0,2}(?:h|uhr|er|e)?\.?", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d{3})*(?:[.,]\d+)?")
_SENTENCE_END = (".", "!", "?", "…", ".»", ".“", '."', "!»", "?»")
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_GLUED_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][{_LOWER}]+(?:[- ][{_UPPER}][{_LOWER}]+){{0,2}})"
    rf"(?P<next>[{_UPPER}][{_LOWER}]*)(?=[\s,’'])"
)


def template_key(text: str) -> int:
    """A 64-bit key of a line for counting it across pages (digits folded: dates vary)."""
    folded = re.sub(r"\d", "0", normalise(text).casefold())
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")  # fmt: skip


def _is_prose(text: str) -> bool:
    """A finished sentence of PROSE_WORDS words or more (the words counted only that far: a
    multi-megabyte line is asked several times)."""
    if not text.rstrip().endswith(_SENTENCE_END):
        return False
    return sum(1 for _ in itertools.islice(WORD.finditer(text), PROSE_WORDS)) >= PROSE_WORDS


def site_of(doc: Document) -> str:
    """The site a page comes from: the host of its URL (HTML canonical/og:url, a JSON record's
    `url`), else the folder (or dump file) it was read from."""
    if doc.url:
        host = urlsplit(doc.url if "//" in doc.url else f"//{doc.url}").hostname or ""
        if host:
            return host.removeprefix("www.")
    if doc.format in ("json", "jsonl"):
        return doc.path
    return doc.path.rsplit("/", 1)[0] if "/" in doc.path else ""


def line_key(text: str, site: str) -> int:
    """The key a line is counted under: prose per site (the same paragraph on several sites is
    syndicated content, not a template), short lines across the whole corpus (page furniture)."""
    return template_key(f"{site}\x00{text}") if _is_prose(text) else template_key(text)


def page_line_keys(doc: Document) -> set[int]:
    """The distinct line keys of one page, as pass one counts them."""
    site = site_of(doc)
    return {line_key(line.text, site) for line in doc.lines if line.text.strip()}


def body_fingerprint(doc: Document) -> int | None:
    """The page's prose lines as one key: equal for copies of one story (the same agency text
    under other site templates), None for a page without prose."""
    # Digits count here (unlike template keys): two reports differing only in a figure are two.
    prose = sorted({normalise(line.text).casefold() for line in doc.lines if _is_prose(line.text)})
    if not prose:
        return None
    digest = hashlib.blake2b("\n".join(prose).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(slots=True)
class TemplateIndex:
    """Pass one of cleaning: in how many distinct pages each line occurs.

    Copies of one story (the same prose, see `body_fingerprint`) count once, so 50 outlets
    printing one agency text do not turn its lines into templates. Memory grows with the number
    of distinct lines, not pages: one int per line key.
    """

    min_pages: int = 3
    counts: Counter[int] = field(default_factory=Counter)
    pages: int = 0
    bodies: set[int] = field(default_factory=set)

    def add(self, lines: Iterable[str]) -> None:
        """Count the lines of one page (keys not qualified by site)."""
        self.add_keys({template_key(t) for t in lines if t.strip()})

    def add_document(self, doc: Document) -> None:
        """Count a page's lines; a copy of a page already counted adds only to the page total."""
        body = body_fingerprint(doc)
        self.pages += 1
        if body is not None:
            if body in self.bodies:
                return
            self.bodies.add(body)
        self.counts.update(page_line_keys(doc))

    def add_keys(self, keys: set[int]) -> None:
        self.counts.update(keys)
        self.pages += 1

    def merge(self, other: TemplateIndex) -> TemplateIndex:
        """The index of two disjoint sets of pages (for distributed counting)."""
        merged = TemplateIndex(min_pages=self.min_pages, counts=self.counts + other.counts,
                               pages=self.pages + other.pages, bodies=self.bodies | other.bodies)  # fmt: skip
        return merged

    def is_template(self, text: str, site: str = "") -> bool:
        need = self.min_pages * (2 if _is_prose(text) else 1)
        return self.counts.get(line_key(text, site), 0) >= need

    def is_footer(self, text: str, site: str = "") -> bool:
        """A prose line without a digit in `min_pages` pages of one site (not twice as many): a
        template when it closes the page (`Cleaner._template_footer`), a comment policy or a legal
        notice. (Keys fold digits: "mit 15 Kräften" and "mit 20 Kräften" are one key, and two
        reports of one site differing in their figures are no template.)"""
        if any(ch.isdigit() for ch in text) or not _is_prose(text):
            return False
        return self.counts.get(line_key(text, site), 0) >= self.min_pages


def is_date_like(text: str, lexicon: Lexicon) -> bool:
    """A line made only of dates, times and date words ("22 novembre 2024 · 10:28")."""
    tokens = [t.strip(".,'’") for t in _SPLIT_TOKENS.split(text.casefold()) if t.strip(".,'’")]
    if not tokens:
        return False
    anchored = False
    for token in tokens:
        if _DATE_TOKEN.fullmatch(token):
            anchored = anchored or any(c.isdigit() for c in token)
        elif token in lexicon.months or token in lexicon.relative_days:
            anchored = True
        elif token not in lexicon.date_words:
            return False
    return anchored


@functools.lru_cache(maxsize=8)
def _breadcrumb_split(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\s*[{''.join(re.escape(s) for s in separators)}]\s*")


def _is_breadcrumb(text: str, lexicon: Lexicon) -> bool:
    parts = [p.strip() for p in _breadcrumb_split(lexicon.breadcrumb_separators).split(text) if p.strip()]
    if len(parts) < 2 or len(text) > 150:
        return False
    if any(p.endswith((".", "!", "?", ":")) or len(p.split()) > 5 for p in parts):
        return False
    if parts[0].casefold() in lexicon.home_words:
        return True
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def _reasons_for(length: int, languages: tuple[str, ...]) -> frozenset[str]:
    """The pattern reasons that apply to a line of `length` characters (MAX_CHARS)."""
    caps, sets = _caps(languages)
    i = bisect.bisect_left(caps, length)  # the smallest cap that admits the line
    return sets[i] if i < len(caps) else frozenset()


@functools.lru_cache(maxsize=16)
def _caps(languages: tuple[str, ...]) -> tuple[list[int], list[frozenset[str]]]:
    reasons = {r for r, _ in load_lexicon(languages).patterns}
    caps = sorted({MAX_CHARS.get(r, DEFAULT_MAX_CHARS) for r in reasons})
    return caps, [frozenset(r for r in reasons if MAX_CHARS.get(r, DEFAULT_MAX_CHARS) >= cap) for cap in caps]


def classify_line(text: str, lexicon: Lexicon) -> str | None:
    """The boilerplate reason of one line on its own, or None when it may be content. A short
    line of parts set apart by "|", "·" or "•" whose every part is boilerplate is too, with the
    first part's reason ("Von unserer Wirtschaftsredaktion | 20.12.2024, 18:45 Uhr": byline)."""
    reason = _classify_whole(text, lexicon)
    if reason is not None or len(text) > PARTS_MAX_CHARS:
        return reason
    parts = _PART_SEPARATOR.split(normalise(text))
    if len(parts) < 2:
        return None
    reasons = [_classify_whole(part, lexicon) for part in parts if part.strip()]
    return reasons[0] if reasons and all(reasons) else None


# A line of parts ("byline | date"): only a short one is read part by part.
PARTS_MAX_CHARS = 200
_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+")


def _classify_whole(text: str, lexicon: Lexicon) -> str | None:
    reason = _classify_plain(text, lexicon)
    # A label after a separator of the page's meta row ("-Aktualisiert am", "· Mis à jour le").
    bare = text.lstrip(_LEADING_SEPARATORS)
    if reason is None and bare != text and bare.strip():
        return _classify_plain(bare, lexicon)
    return reason


_LEADING_SEPARATORS = "-–—·•|> \u00a0"


def _classify_plain(text: str, lexicon: Lexicon) -> str | None:
    norm = normalise(text)
    if not norm:
        return None
    if not any(ch.isalpha() for ch in norm):
        return "no-text"
    if lexicon.bare_url.fullmatch(norm):
        return "bare-url"
    if lexicon.social_attribution.fullmatch(norm) or (
        len(norm) <= MAX_CHARS["social-embed"] and lexicon.social_link.search(norm)
    ):
        return "social-embed"
    if is_date_like(norm, lexicon):
        published = any(r == "published-date" and p.fullmatch(norm) for r, p in lexicon.patterns)
        return "published-date" if published else "date-line"
    tokens = [t for t in re.split(r"[\s·•|,/]+", norm.casefold()) if t.strip(".:!")]  # "Partager :"
    if len(tokens) <= 8 and all(t.strip(".:!") in lexicon.share_words for t in tokens):
        return "share-button"
    if _is_breadcrumb(norm, lexicon):
        # "Bild: picture alliance/dpa | Kay Nietfeld" is split like a trail but credits a photo.
        credit = any(r == "agency-credit" and p.fullmatch(norm) for r, p in lexicon.patterns)
        return "agency-credit" if credit else "breadcrumb"
    promo_terms = NEWSLETTER_PROMO_TERMS if _NEWSLETTER.search(norm) else PROMO_TERMS
    if len(norm) <= PROMO_MAX_CHARS and _addresses_with(norm, lexicon.promo, promo_terms):
        return "newsletter"
    if len(norm) <= DEFAULT_MAX_CHARS and _MEDIA_TEASER.fullmatch(norm):
        return "related-headline"
    union = pattern_union(lexicon.languages, _reasons_for(len(norm), lexicon.languages))
    if union is None or not union.fullmatch(norm):
        return None
    for reason, pattern in lexicon.patterns:
        if len(norm) > MAX_CHARS.get(reason, DEFAULT_MAX_CHARS):
            continue
        match = pattern.fullmatch(norm)
        if not match:
            continue
        if reason == "published-date":
            rest = (match.groupdict().get("rest") or "").strip(" :.,")
            if rest and not is_date_like(rest, lexicon):
                continue
        if reason in ("read-also", "byline") and _is_prose(norm) and ":" not in norm[:40]:
            continue
        if (
            reason == "newsletter"
            and (_NEWSLETTER.search(norm) or norm.startswith(_QUOTES))
            and _is_prose(norm)
            and _reports_offer(norm, lexicon)
        ):
            continue  # a report naming a newsletter; a quote ("Oui je pousse les Français à télécharger l'application …")
        if reason == "cookie" and _is_prose(norm) and not _speaks_as_site(norm, lexicon):
            continue  # a report on cookies ("Webseiten dürfen Cookies nur mit Einwilligung setzen, urteilte …")
        if reason == "site-navigation" and _is_prose(norm):
            continue  # a paragraph after an arrow bullet ("► RATP Les syndicats de la RATP promettent …")
        return reason
    return None


def is_consent_sentence(text: str, lexicon: Lexicon) -> bool:
    """A cookie banner's sentence: it addresses the reader and names CONSENT_TERMS distinct
    consent terms of one language ("Indem Sie „Akzeptieren" anklicken, stimmen Sie der
    Verarbeitung Ihrer persönlichen Daten zu"). A report about cookies does not address the reader."""
    if len(text) > CONSENT_MAX_CHARS:
        return False
    return _addresses_with(text, lexicon.consent, CONSENT_TERMS)


# A banner speaks as the site ("Wir verwenden Cookies", "nous utilisons", "we use", "Diese Seite
# verwendet Cookies") or to the reader; a report on cookies does neither.
_SITE_VOICE = re.compile(r"\b(?:wir|unser\w*|nous|notre|nos|we|our)\b", re.IGNORECASE)


def _speaks_as_site(text: str, lexicon: Lexicon) -> bool:
    if _SITE_VOICE.search(text) or (lexicon.consent_opener and lexicon.consent_opener.search(text)):
        return True
    return any(reader.search(text) for reader, _ in lexicon.consent)


def is_consent_paragraph(sentences: Sequence[str], lexicon: Lexicon) -> bool:
    """A cookie banner told in several plain sentences (see CONSENT_PARAGRAPH_CHARS): none says
    enough alone, together they name cookies, address the reader and name the consent terms."""
    text = " ".join(sentences)
    if len(sentences) < 2 or len(text) > CONSENT_PARAGRAPH_CHARS or not _COOKIES.search(text):
        return False
    return any(
        reader.search(text) is not None
        and _distinct(terms, text) > CONSENT_TERMS
        and all(terms.search(sentence) for sentence in sentences)
        for reader, terms in lexicon.consent
    )


def _addresses_with(
    text: str, vocabularies: Sequence[tuple[re.Pattern[str], re.Pattern[str]]], n: int
) -> bool:
    """Whether `text` addresses the reader and names `n` distinct terms of one language's vocabulary."""
    return any(
        reader.search(text) is not None and _distinct(terms, text) >= n for reader, terms in vocabularies
    )


def _distinct(terms: re.Pattern[str], text: str) -> int:
    """How many distinct terms of one vocabulary `text` names."""
    return len({m.group().casefold() for m in terms.finditer(text)})


def _reports_offer(text: str, lexicon: Lexicon) -> bool:
    """Whether a sentence that names an offer reports it: it does not address the reader and
    names fewer than OFFER_PROMO_TERMS promotion terms of any one language."""
    return not _addresses_with(text, lexicon.promo, 1) and not any(
        _distinct(terms, text) >= OFFER_PROMO_TERMS for _, terms in lexicon.promo
    )


def is_headline_like(block: Block) -> bool:
    text = normalise(block.text)
    return (
        block.role not in ("title", "blank", "table")
        and 0 < len(text) <= HEADLINE_MAX_CHARS
        and len(words(text)) <= HEADLINE_MAX_WORDS
        and not text.endswith((".", ":", ";"))
    )


# A date and a time closing a line: "05.02.2026, 18:44 Uhr", "2026-02-05 18:44", "12/03/2025 à
# 14h05", "Mar 5, 2026 6:44 PM" — a teaser's timestamp.
_TRAILING_STAMP = re.compile(
    r"\s+(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2}\.? [^\W\d]{3,9}\.? \d{4})"
    r",?\s+(?:à\s+|um\s+|at\s+)?\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))?\s*$",
    re.IGNORECASE,
)


def is_timestamped_headline(block: Block) -> bool:
    """A headline closed by a date and a time, in the body below its first lines: another
    article's teaser ("Bahnstreik: GDL kündigt neue Runde an 05.02.2026, 18:44 Uhr"), whether
    or not a "Mehr zum Thema" label above it was kept."""
    if not is_headline_like(block):  # short: the search below stays cheap
        return False
    stamp = _TRAILING_STAMP.search(block.text)
    if not stamp:
        return False
    head = block.text[: stamp.start()].rstrip()
    return len(words(head)) >= 3 and not head.endswith((".", ",", ";", ":"))


# Month names and their abbreviations in fr/de/en ("juil.", "Sept", "März") → month number.
MONTHS = {
    **dict.fromkeys(("january", "janvier", "januar", "jänner", "jan", "janv"), 1),
    **dict.fromkeys(("february", "février", "fevrier", "februar", "feb", "févr", "fév"), 2),
    **dict.fromkeys(("march", "mars", "märz", "maerz", "mar", "mär"), 3),
    **dict.fromkeys(("april", "avril", "apr", "avr"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("june", "juin", "juni", "jun"), 6),
    **dict.fromkeys(("july", "juillet", "juli", "jul", "juil"), 7),
    **dict.fromkeys(("august", "août", "aout", "aug"), 8),
    **dict.fromkeys(("september", "septembre", "sep", "sept"), 9),
    **dict.fromkeys(("october", "octobre", "oktober", "oct", "okt"), 10),
    **dict.fromkeys(("november", "novembre", "nov"), 11),
    **dict.fromkeys(("december", "décembre", "decembre", "dezember", "dec", "déc", "dez"), 12),
}
DATE_CHARS = 200
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})[./](\d{4}))(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:\.|er)?\s+([^\W\d]{3,9})\.?,?\s+(\d{4})(?!\d)")
_MONTH_DAY = re.compile(r"\b([^\W\d]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")


def page_date(text: str) -> str | None:
    """The ISO day a date line gives ("Stand: 14.07.2026 16:12 Uhr", "Publié le 1er juillet
    2026", "Updated July 14, 2026", "2026-07-14"); None when it gives none that exists. Numbers
    are read day first, as French and German write them, unless the day cannot be a month."""
    found: list[tuple[int, int, int]] = []
    text = text[:DATE_CHARS]  # a date is near the start of its line or field: bounded work
    if match := _NUMERIC_DATE.search(text):
        if match.group(1):
            found.append((int(match.group(1)), int(match.group(2)), int(match.group(3))))
        else:
            first, second, year = int(match.group(4)), int(match.group(5)), int(match.group(6))
            found.append((year, first, second) if second > 12 else (year, second, first))
    for pattern, (d, m, y) in ((_DAY_MONTH, (1, 2, 3)), (_MONTH_DAY, (2, 1, 3))):
        if (match := pattern.search(text)) and (month := MONTHS.get(match.group(m).casefold())):
            found.append((int(match.group(y)), month, int(match.group(d))))
    for year, month, day in found:
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _loose(text: str) -> str:
    return " ".join(re.findall(r"\w+", normalise(text).casefold()))


def _anchors(text: str, *, names: bool = False) -> set[str]:
    """A text's words of four letters or more as two languages may share them: folded, cut to
    four letters, a place under its English name too ("Genf", "Genève" → "gene"). With `names`,
    only its capitalised words."""
    found = set()
    places = place_names()
    for token in re.findall(r"\w+", text):
        if names and not token[0].isupper():
            continue
        if len(token) >= 4 and not token.isdigit():
            folded = fold(token)
            found.add(folded[:4])
            if folded in places:  # under both names: "Nordkorea" shares "nord" with "Corée du Nord"
                found.add(places[folded][:4])
    return found


def _numbers(text: str, words: Mapping[str, int]) -> set[str]:
    """A text's numbers, digits only, with the small ones it spells out ("zwölf" → 12)."""
    found = {re.sub(r"\D", "", n) for n in _NUMBER.findall(text)}
    if words:
        found.update(str(words[w]) for w in re.findall(r"[^\W\d_][\w-]*", text.casefold()) if w in words)
    return found


def cross_language_candidate(a: Block, b: Block, number_words: Mapping[str, int] | None = None) -> bool:
    """`b` may be `a` in another language: same shape, same numbers (in digits or spelled out:
    `number_words`), shared names.

    Before translation only surface clues exist; the translation stage confirms on English.
    """
    if not a.lang or not b.lang or a.lang == b.lang:
        return False
    if not b.text or not _lengths_alike(a.text, b.text):
        return False
    words = number_words or {}
    told = _numbers(a.text, words)
    for whole, part in ((a, b), (b, a)):
        # A paragraph's first sentence retold alone ("In Genf haben … rund 8000 Menschen …
        # demonstriert. Die Gewerkschaften …" / "À Genève, quelque 8000 personnes …").
        if (
            len(part.sentences) == 1
            and len(whole.sentences) >= 2
            and _lede_retold(whole.sentences[0].text, part.text, words)
        ):
            return True
    merged = abs(len(a.sentences) - len(b.sentences)) == 1  # two sentences told as one
    if (len(a.sentences) != len(b.sentences) and not merged) or told != _numbers(b.text, words):
        return False
    if a.text.lstrip().startswith(_QUOTES) != b.text.lstrip().startswith(_QUOTES):
        return False  # someone's words beside a report of them, not a translation of it
    aa, ab = _anchors(a.text), _anchors(b.text)
    if not aa or not ab:
        return False
    overlap = len(aa & ab) / min(len(aa), len(ab))
    # Two sentences joined in one: the same number or more and most names ("… Scholz … 11. Dezember
    # … Berlin an." / "Chancellor Olaf Scholz … December 11 … Berlin …").
    if merged:
        return bool(told) and len(aa & ab) >= CROSS_MERGED_ANCHORS and overlap >= 2 * CROSS_ANCHOR_OVERLAP
    if len(told) >= CROSS_NUMBERS and aa & ab:
        return True  # the same figures and a name: "… magnitude 7,5 … Noto … 62 morts" / "… Stärke 7,5 … Noto … 62 Menschen"
    # Without a number, one word in common is chance ("general" and "Genève" share "gene").
    return overlap >= CROSS_ANCHOR_OVERLAP and (bool(told) or len(aa & ab) >= CROSS_BARE_ANCHORS)


def _lengths_alike(a: str, b: str) -> bool:
    """Whether `b` is as long as a translation of `a` may be (CROSS_LENGTH_RATIO)."""
    return bool(a) and CROSS_LENGTH_RATIO[0] <= len(b) / len(a) <= CROSS_LENGTH_RATIO[1]


def _lede_retold(first: str, alone: str, words: Mapping[str, int]) -> bool:
    """`alone` may be the sentence `first` in another language: the same numbers (one at least),
    a length alike and a share of names (CROSS_ANCHOR_OVERLAP)."""
    if not _lengths_alike(first, alone):
        return False
    told = _numbers(first, words)
    if not told or told != _numbers(alone, words):
        return False
    if first.lstrip().startswith(_QUOTES) != alone.lstrip().startswith(_QUOTES):
        return False
    aa, ab = _anchors(first), _anchors(alone)
    return bool(aa and ab) and len(aa & ab) / min(len(aa), len(ab)) >= CROSS_ANCHOR_OVERLAP


class Cleaner:
    """Pass two of cleaning: decide every line of a page, given the corpus's template index."""

    def __init__(self, *, lexicon: Lexicon, templates: TemplateIndex | None = None) -> None:
        self.lexicon = lexicon
        self.templates = templates
        self._site = ""

    def clean(self, doc: Document) -> None:
        """Set keep/reason on every block of `doc` and apply the recorded repairs."""
        content = [b for b in doc.blocks if not b.is_blank]
        self._site = site_of(doc)
        for block in content:
            if block.box:  # the extractor found the line in a box beside the article
                self._remove(block, block.box)
        self._line_rules(content)
        self._template_footer(content)
        self._contact_blocks(content)
        self._linked_runs(content)
        self._trailing_headlines(content)
        self._list_labels(content)
        self._duplicates(content)
        self._cross_language(content, doc)
        for block in content:
            # A scraped consent wall's first line is its "title": judged too.
            if block.keep and block.role in ("title", "body", "quote"):
                self._cut_consent(block)
            if block.keep and block.role in ("body", "quote"):
                self._repair_dateline(block)
                self._repair_inline(block, "inline-social-link", self.lexicon.social_link)
                if self.lexicon.widget_label is not None:
                    self._repair_inline(block, "glued-widget-label", self.lexicon.widget_label)
                self._repair_inline(block, "glued-subheading", _GLUED_SUBHEADING)
                self._repair_inline(block, "glued-video-teaser", _GLUED_VIDEO_TEASER)
                if (intertitle := _glued_intertitle(self.lexicon.languages)) is not None:
                    self._repair_inline(block, "glued-intertitle", intertitle)
        kept = [b for b in content if b.keep]
        if kept and not any(b.role == "title" for b in kept) and is_headline_like(kept[0]):
            kept[0].role = "title"  # the first line was boilerplate (a breadcrumb, say)
        if doc.date is None:  # a text page's own date line ("Stand: 14.07.2026 16:12 Uhr")
            stamped = (
                b.text for b in content[:DATE_LINE_BLOCKS] if b.reason in ("published-date", "date-line")
            )
            doc.date = next((day for text in stamped if (day := page_date(text))), None)

    def _remove(self, block: Block, reason: str) -> None:
        if block.keep:
            block.keep, block.reason = False, reason

    def _line_rules(self, content: Sequence[Block]) -> None:
        follow: str | None = None  # a removed label whose following headlines go too
        for i, block in enumerate(content):
            reason = classify_line(block.text, self.lexicon)
            if block.role == "table" and reason in TABLE_SAFE:
                reason = None  # a table row is data: headline and breadcrumb rules do not apply
            nxt = content[i + 1] if i + 1 < len(content) else None
            if reason is None and follow and is_headline_like(block):
                reason = follow
                follow = "related-headline" if follow == "related-headline" else None
            else:
                follow = None
            if reason is None and i >= HEADER_BLOCKS and is_timestamped_headline(block):
                reason = "related-headline"  # "Bahnstreik: GDL kündigt neue Runde an 05.02.2026, 18:44 Uhr"
            if reason == "date-line" and i >= HEADER_BLOCKS and nxt and is_headline_like(nxt):
                reason, follow = "sidebar-timestamp", "sidebar-headline"
            elif reason == "read-also" and (len(words(block.text)) <= 5 or
                                            block.text.rstrip().endswith(":")):  # fmt: skip
                follow = "related-headline"
            if (reason is None and self.templates and block.role != "title"
                    and self.templates.is_template(block.text, self._site)):  # fmt: skip
                reason = "site-template"
            if reason == "cookie" and (headline := self._headline_before_banner(block.text)):
                block.repairs.append(Repair(kind="consent-text", before=block.text, after=headline))
                block.text, block.sentences = headline, [Sentence(text=headline, lang=block.lang)]
                reason = None  # a consent wall's headline, glued to its banner: kept
            if reason:
                self._remove(block, reason)

    def _headline_before_banner(self, text: str) -> str | None:
        """The headline glued before a cookie banner's opening words ("Schweiz schränkt Export
        ein Um die Funktion unserer Website …"), None when the text opens with the banner."""
        opener = self.lexicon.consent_opener.search(text) if self.lexicon.consent_opener else None
        if not opener:
            return None
        before = text[: opener.start()]
        if len(words(before)) < CONSENT_HEADLINE_WORDS:
            return None
        if not text[opener.start()].isupper() or before.rstrip().endswith(","):
            return None  # the banner goes on mid-sentence ("Liebe Leser, wir verwenden Cookies")
        head = before.rstrip(" -–—|·:")
        if any(reader.search(head) or terms.search(head) for reader, terms in self.lexicon.consent):
            return None  # "Liebe Leser, wir verwenden Cookies …": the banner's own words
        return head or None

    def _remove_runs(self, blocks: Sequence[Block], is_teaser: Callable[[Block], bool], length: int) -> None:
        """Remove as `related-headline` every run of `length` or more consecutive teasers."""
        run: list[Block] = []
        for block in [*blocks, None]:
            if block is not None and is_teaser(block):
                run.append(block)
                continue
            if len(run) >= length:
                for teaser in run:
                    self._remove(teaser, "related-headline")
            run = []

    def _linked_runs(self, content: Sequence[Block]) -> None:
        """Linked headlines (LINKED_RUN or more in a row) are other articles' teasers, wherever
        they sit (teaser cards and lists are often placed inside the body, between its paragraphs)."""
        self._remove_runs(content, lambda b: b.links >= LINKED_SHARE and is_headline_like(b), LINKED_RUN)

    def _template_footer(self, content: Sequence[Block]) -> None:
        """Prose that closes the page and that `min_pages` pages of its site close with too
        ("Unsere Redaktion behält sich vor, Kommentare zu kürzen …") is the site's template:
        removed (`site-template`). Repeated higher up, such prose is left to the stricter count
        (`TemplateIndex.is_template`): one site's updates of one story share paragraphs."""
        if not self.templates:
            return
        templates = self.templates
        kept = [b for b in content if b.keep and b.role != "title" and _is_prose(b.text)]
        tail: list[Block] = []
        for block in reversed(kept):
            if not templates.is_footer(block.text, self._site):
                break
            tail.append(block)
        if len(tail) < len(kept):  # the page keeps prose of its own
            for block in tail:
                self._remove(block, "site-template")

    def _contact_blocks(self, content: Sequence[Block]) -> None:
        """The lines under a press contact's label ("Rückfragen bitte an:", "Contact presse :")
        are its address: the office's name and department, up to CONTACT_LINES short lines that
        are no sentence ("Polizeiinspektion Göttingen", "Pressestelle")."""
        for i, block in enumerate(content):
            if block.keep or block.reason != "press-contact" or not block.text.rstrip().endswith(":"):
                continue
            for below in content[i + 1 : i + 1 + CONTACT_LINES]:
                if not below.keep:
                    continue
                if len(below.text) > CONTACT_LINE_CHARS or below.text.rstrip().endswith(_SENTENCE_END):
                    break
                self._remove(below, "press-contact")

    def _list_labels(self, content: Sequence[Block]) -> None:
        """A heading over a list of removed teaser headlines labels that list (`read-also`)."""
        for i, block in enumerate(content):
            below = content[i + 1 : i + 1 + LIST_LABEL_RUN]
            if (
                block.keep
                and block.role == "heading"
                and len(below) == LIST_LABEL_RUN
                and all(not b.keep and b.reason == "related-headline" for b in below)
            ):
                self._remove(block, "read-also")

    def _trailing_headlines(self, content: Sequence[Block]) -> None:
        """Headlines after the article's end (its last paragraph, then boilerplate) are teasers;
        so is a run of TEASER_RUN "Kicker: headline" lines there, boilerplate or not."""
        last_prose = max((i for i, b in enumerate(content) if b.keep and _is_prose(b.text)), default=-1)
        tail = content[last_prose + 1 :]
        self._remove_runs(
            tail, lambda b: b.keep and is_headline_like(b) and bool(KICKER.match(b.text)), TEASER_RUN
        )
        if not any(not b.keep for b in tail):
            return
        first_removed = next(i for i, b in enumerate(tail) if not b.keep)
        earlier = {_loose(b.text): b.n for b in content[: last_prose + 1] if b.keep}
        for block in tail[first_removed:]:
            if block.keep and is_headline_like(block):
                # The page's own title or lede again is a repeat, not another article's headline.
                same = earlier.get(_loose(block.text))
                self._remove(block, f"duplicate-of:{same}" if same is not None else "related-headline")

    def _duplicates(self, content: Sequence[Block]) -> None:
        seen: dict[str, int] = {}
        kept: list[tuple[Block, set[str], str]] = []
        for block in content:
            if not block.keep:
                continue
            key = _loose(block.text)
            if not key:
                continue
            if key in seen:
                self._remove(block, f"duplicate-of:{seen[key]}")
                continue
            tokens = set(key.split())
            if len(tokens) >= 6:
                for earlier, earlier_tokens, earlier_key in kept:
                    if len(earlier_tokens) < 6:
                        continue
                    overlap = len(tokens & earlier_tokens) / len(tokens | earlier_tokens)
                    # A lede repeated cut short is the start of the earlier line again.
                    if overlap >= NEAR_DUPLICATE or earlier_key.startswith(f"{key} "):
                        self._remove(block, f"duplicate-of:{earlier.n}")
                        break
            if block.keep:
                seen[key] = block.n
                kept.append((block, tokens, key))

    def _cross_language(self, content: Sequence[Block], doc: Document) -> None:
        mix: Counter[str] = Counter(b.lang for b in content if b.keep and b.lang)
        main = mix.most_common(1)[0][0] if mix else None
        # A line repeated in the page's language and then in another: the other is a repeat of
        # the first telling too ("… 35 000 emplois en Allemagne d'ici 2030." again, then in German).
        repeats = {b.n: b.reason.removeprefix("duplicate-of:") for b in content
                   if not b.keep and b.reason and b.reason.startswith("duplicate-of:")}  # fmt: skip
        kept = [b for b in content if b.keep or b.n in repeats]
        self._title_echo([b for b in content if b.keep], main)
        for j, b in enumerate(kept):
            for a in kept[max(0, j - CROSS_WINDOW) : j]:
                if not b.keep or not cross_language_candidate(a, b, self.lexicon.number_words):
                    continue
                if not a.keep:
                    if a.n in repeats:
                        self._remove(b, f"cross-language-duplicate-of:{repeats[a.n]}")
                    continue
                if "title" in (a.role, b.role):
                    # The title stays, and a copy of it goes only when foreign to the page: a
                    # short title's language is often misread, and then both are the page's own.
                    title, copy = (a, b) if a.role == "title" else (b, a)
                    if copy.lang != main:
                        self._remove(copy, f"cross-language-duplicate-of:{title.n}")
                # Drop the copy that is not in the page's main language (else the later one).
                elif a.lang != main and b.lang == main:
                    self._remove(a, f"cross-language-duplicate-of:{b.n}")
                else:
                    self._remove(b, f"cross-language-duplicate-of:{a.n}")

    def _title_echo(self, kept: Sequence[Block], main: str | None) -> None:
        """The headline again in another language right under it ("Genf: Tausende demonstrieren
        …" / "Genève : des milliers de manifestants …"): a heading of one sentence, no full stop,
        not in the page's `main` language, of a length alike, the same numbers and a capitalised
        name or place in common (`_anchors`: "Genève" is not "general")."""
        if len(kept) < 2 or kept[0].role != "title":
            return
        title, echo = kept[0], kept[1]
        if not title.lang or not echo.lang or title.lang == echo.lang or len(echo.sentences) != 1:
            return
        if echo.lang == main:
            return  # the page's own language under a title misread as another (short titles are)
        if echo.text.rstrip().endswith(_SENTENCE_END) or echo.text.lstrip().startswith(_QUOTES):
            return
        words = self.lexicon.number_words
        if not _lengths_alike(title.text, echo.text):
            return
        if _numbers(title.text, words) != _numbers(echo.text, words):
            return
        if _anchors(title.text, names=True) & _anchors(echo.text, names=True):
            self._remove(echo, f"cross-language-duplicate-of:{title.n}")

    def _cut_consent(self, block: Block) -> None:
        """Cut a cookie banner's sentences out of a paragraph (a repair); a paragraph that is
        nothing else is removed as `cookie`."""
        sentences = block.sentences or []
        flagged = [i for i, s in enumerate(sentences) if is_consent_sentence(s.text, self.lexicon)]
        if not flagged and is_consent_paragraph([s.text for s in sentences], self.lexicon):
            flagged = list(range(len(sentences)))
        if not flagged:
            return
        # The banner may open in the sentence before its first flagged one, glued to a headline
        # ("Schweiz schränkt Export ein Um die Funktion unserer Website …"): the headline stays.
        for start in (flagged[0] - 1, flagged[0]) if flagged[0] else (0,):
            if headline := self._headline_before_banner(sentences[start].text):
                lang = sentences[start].lang
                sentences = [*sentences[:start], Sentence(text=headline, lang=lang), *sentences[start:]]
                flagged = sorted({start + 1, *(i + 1 for i in flagged)})
                break
        cut = set(flagged)
        span = sentences[flagged[0] : flagged[-1] + 1]
        if len(flagged) >= 2 and sum(len(sentences[i].text) for i in flagged) >= CONSENT_SHARE * sum(
            len(s.text) for s in span
        ):
            cut.update(range(flagged[0], flagged[-1] + 1))
        kept = [s for i, s in enumerate(sentences) if i not in cut]
        if not kept:
            self._remove(block, "cookie")
            return
        fixed = " ".join(s.text for s in kept)
        block.repairs.append(Repair(kind="consent-text", before=block.text, after=fixed))
        block.text, block.sentences = fixed, kept

    def _repair_inline(self, block: Block, kind: str, pattern: re.Pattern[str]) -> None:
        """Cut the tokens `pattern` finds inside a kept paragraph (a social link in a long line,
        a widget label glued between two sentences): the prose stays, the cut is a repair. A
        sentence the cut leaves ending on a title ("… -M." of "- Silence total -M. Keïta") runs
        on into the next."""

        def cut(text: str) -> str:
            out = pattern.sub(lambda m: " " if m.start() > 0 else "", text)
            return re.sub(r"[ \t]{2,}", " ", out).strip()

        if not pattern.search(block.text):
            return
        fixed = cut(block.text)
        if not fixed or fixed == block.text:
            return
        block.repairs.append(Repair(kind=kind, before=block.text, after=fixed))
        block.text = fixed
        sentences: list[Sentence] = []
        for sentence in block.sentences:
            sentence.text = cut(sentence.text)
            if sentences and ends_with_abbreviation(sentences[-1].text, self.lexicon):
                sentences[-1].text = f"{sentences[-1].text} {sentence.text}".strip()
            elif sentence.text:
                sentences.append(sentence)
        block.sentences = sentences

    def _repair_dateline(self, block: Block) -> None:
        match = _GLUED_DATELINE.match(block.text)
        if not match or match.group("next").casefold() not in self.lexicon.sentence_starters:
            return
        following = block.text[match.end() : match.end() + 1]
        if len(match.group("place")) < 3 or (len(match.group("next")) == 1 and following not in "'’"):
            return  # "AfD", "McDonald": one word in capitals inside; "ParisL'enquête" is glued
        place = match.group("place")
        fixed = f"{place} — {block.text[len(place) :]}"
        block.repairs.append(Repair(kind="glued-dateline", before=block.text, after=fixed))
        block.text = fixed
        for sentence in block.sentences[:1]:
            if sentence.text.startswith(place):
                sentence.text = f"{place} — {sentence.text[len(place) :]}"
