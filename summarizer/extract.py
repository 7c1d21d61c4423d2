"""HTML extraction (part of ingest): a page's main text as lines, from its structure.

The HTML is parsed once; the page's own metadata (title, canonical URL, date, description,
language) is read from that tree with a few XPath look-ups, then trafilatura finds the main
content and we walk the tree it returns: headings, paragraphs, list items, table rows and
quotes each become a line with their role, so no Markdown round trip (and no `*italic*` or
`\\<` residue) is involved. A lede that the content extraction missed (teaser paragraphs often
sit outside the article body) is taken back from the page's description. Text cleaning happens
later (clean.py); this module only decides what text the page has.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from summarizer.models import SourceLine
from summarizer.segment import KICKER

# A lede from the page's description is added only when the extracted text does not already hold
# most of its three-word runs (LEDE_PRESENT of them) nor those of its first sentence, when it does
# not quote the whole headline (a site template), when it shares a content word with the
# title or the first paragraphs (a site-wide description does not), and when the page shows it
# (`shown_on_page`: a description only in the metadata is a search-engine teaser). Calibrated on
# ../shared/extract-dev (benchmarks/extract.py).
LEDE_MIN_WORDS = 8
LEDE_PRESENT = 0.6
# A sentence ends after a word of three letters or a closing bracket, before a capital or a quote
# (not after "2." of "2. Bundesliga" or "Dr.").
_FIRST_SENTENCE = re.compile(r"(?:(?<=[^\W\d_]{3}[.!?])|(?<=\)[.!?]))\s+(?=[A-ZÀ-ÖØ-Þ„“\"«])")
# trafilatura's content search grows with the square of the page's element count (40,000
# paragraphs took 5 s, 600,000 did not finish in 5 minutes); news pages have a few thousand
# elements (../shared/extract-dev: at most 2,281). Above this many, a linear walk of the page's
# block elements (outside navigation, scripts and forms) gives the lines instead.
MAX_ELEMENTS = 20_000
# Beyond this many elements a page is refused outright (the walk alone would take seconds).
MAX_PAGE_ELEMENTS = 200_000
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "td", "th",
                     "dd", "dt", "figcaption"})  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED = frozenset({"script", "style", "noscript", "nav", "footer", "aside", "form", "template", "svg",
                      "iframe", "button", "select", "head"})  # fmt: skip
# Lines longer than this are never teaser headlines: their link share is not measured.
LINKED_MAX_CHARS = 200
_LINKED_BLOCKS = frozenset({"li", "p", "h2", "h3", "h4", "dd"})
LINK_DEPTH = 6  # a link's block is among its nearest ancestors
# Boxes beside the article, by the name in a container's class (any case, with or without "-"
# and "_") and the reason their lines are removed for: info and fact boxes (a "Weitere
# Informationen" panel, an author's or a book's card, an investment disclaimer) and video
# teaser cards. Curated article bodies leave them out (on ../shared/extract-dev every such box,
# on five sites; no curated line lies in one). A box that holds most of the page's text is the
# article itself, whatever its class says.
BOX_NAMES = {"info-box": "info-box", "fact-box": "info-box", "fakten-box": "info-box", "info-kasten": "info-box",
             "video-teaser": "read-also", "video-heading": "read-also",
             # Embedded posts as their platforms' embed code marks them.
             "twitter-tweet": "social-embed", "instagram-media": "social-embed", "tiktok-embed": "social-embed"}  # fmt: skip
INFO_BOX_MAX_SHARE = 0.5
# A line of fewer words is taken as the box's only where a neighbouring line is (a short
# heading such as "Die Autorin" may also stand in the article).
INFO_BOX_ALONE_WORDS = 4
# A sign-up box: the largest container around an e-mail field (up to SIGNUP_DEPTH levels up)
# whose text stays under SIGNUP_MAX_CHARS ("Ein FUNKE Liebe – Alle zwei Wochen sonntags: …").
SIGNUP_DEPTH = 6
SIGNUP_MAX_CHARS = 500
_TITLE_SPLIT = re.compile(r"\s+([|–—\-:·•])\s+")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    url: str | None = None
    date: str | None = None
    description: str | None = None
    language: str | None = None
    site_name: str | None = None


class ExtractionError(Exception):
    """A page with no main text."""


def _first(tree: Any, *paths: str) -> str | None:
    for path in paths:
        for value in tree.xpath(path):
            text = _WS.sub(" ", str(value)).strip()
            if text:
                return text
    return None


_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_LD_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.){3,500})"')


def _json_ld(tree: Any, field: re.Pattern[str]) -> Iterator[str]:
    """Each JSON-LD script's first value of `field` (its group 1), in page order."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if match := field.search(str(script)):
            yield match.group(1)


def _json_ld_date(tree: Any) -> str | None:
    return next(_json_ld(tree, _LD_DATE), None)


def _json_ld_headline(tree: Any) -> str | None:
    """The article's `headline` in its JSON-LD (schema.org NewsArticle): the headline without the
    site's name that a bare <title> carries ("… - WELT")."""
    for raw in _json_ld(tree, _LD_HEADLINE):
        try:
            text = json.loads(f'"{raw}"')
        except ValueError:
            continue
        text = _WS.sub(" ", html.unescape(text)).strip()
        if text:
            return str(text)
    return None


def _metas(tree: Any) -> dict[tuple[str, str], str]:
    """Every <meta> content by (attribute, value), the first non-empty one in page order: one
    pass over the page's meta elements instead of a search of the whole page per look-up."""
    found: dict[tuple[str, str], str] = {}
    for meta in tree.iter("meta"):
        content = _WS.sub(" ", meta.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            value = meta.get(attribute)
            if value:
                found.setdefault((attribute, value.casefold()), content)
    return found


def page_meta(tree: Any) -> PageMeta:
    """Title, canonical URL, publication date, description and language from the page's head."""
    metas = _metas(tree)

    def meta(*keys: str) -> str | None:
        for key in keys:
            attribute, value = key.split("=", 1)
            if (attribute, value) in metas:
                return metas[(attribute, value)]
        return None

    return PageMeta(
        title=meta("property=og:title", "name=twitter:title") or _json_ld_headline(tree)
        or _first(tree, "//title/text()", "//h1//text()"),
        url=_first(tree, '//link[@rel="canonical"]/@href') or meta("property=og:url"),
        date=meta("property=article:published_time", "itemprop=datepublished", "name=date", "name=pubdate")
        or _first(tree, "//time/@datetime") or _json_ld_date(tree),
        description=meta("property=og:description", "name=description", "name=twitter:description"),
        language=_first(tree, "/html/@lang") or meta("http-equiv=content-language"),
        site_name=meta("property=og:site_name"),
    )  # fmt: skip


def _fold(text: str) -> str:
    """Letters and digits only, accents and case folded, umlauts spelled out (ö → oe)."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum())


def strip_site_name(title: str, url: str | None, site_name: str | None) -> str:
    """The headline without its site part ("… | Börsen-Zeitung", "… – DW", "SZ.de: …").

    A part is the site's when it is the og:site_name or matches the host name; after "|" a short
    last part counts as one too (headlines rarely use "|"). A dash inside a headline stays.
    """
    host = _fold((urlsplit(url).hostname or "").removeprefix("www.").rsplit(".", 1)[0]) if url else ""
    site = _fold(site_name or "")
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 3:
        return title
    pieces = parts[0::2]
    seps = parts[1::2]

    def is_site(piece: str, sep: str) -> bool:
        folded = _fold(piece)
        if not folded or len(piece.split()) > 5:
            return False
        if site and (folded == site or folded in site or site in folded):
            return True
        if host and len(folded) >= 2 and (folded in host or host in folded):
            return True
        return sep == "|" and len(piece.split()) <= 3

    while len(pieces) > 1 and is_site(pieces[-1], seps[-1]):
        pieces, seps = pieces[:-1], seps[:-1]
    while len(pieces) > 1 and is_site(pieces[0], seps[0]) and seps[0] != ":":
        pieces, seps = pieces[1:], seps[1:]
    out = pieces[0]
    for sep, piece in zip(seps, pieces[1:], strict=True):
        out += f" {sep} {piece}"
    return out.strip()


def _text(element: Any) -> str:
    return _WS.sub(" ", "".join(element.itertext())).strip()


def body_lines(body: Any) -> list[SourceLine]:
    """Lines from trafilatura's content tree, each with its role (heading, table, quote)."""
    lines: list[SourceLine] = []

    def add(text: str, hint: str | None) -> None:
        if text:
            lines.append(SourceLine(n=len(lines) + 1, text=text, role_hint=hint))

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "head":
                add(_text(child), "heading")
            elif tag == "list":
                for item in child.iter("item"):
                    add(_WS.sub(" ", "".join(t for t in item.xpath("text()|*[not(self::list)]//text()"))).strip(),
                        None)  # fmt: skip
            elif tag == "table":
                for row in child.iter("row"):
                    cells = [_text(cell) for cell in row.iter("cell")]
                    add(" | ".join(c for c in cells if c), "table")
            elif tag == "quote":
                if any(isinstance(c.tag, str) and c.tag in ("p", "list", "head") for c in child):
                    walk(child)
                else:
                    add(_text(child), None)
            elif tag in ("p", "code"):
                add(_text(child), None)
            elif tag in ("div", "section", "body"):
                walk(child)
            elif tag and tag not in ("graphic", "lb"):
                add(_text(child), None)

    walk(body)
    return lines


def _plain(element: Any) -> str:
    from lxml import etree

    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def _flat(element: Any) -> str:
    """An element's text, white space collapsed (lxml's text serialiser: fast on any size)."""
    return " ".join(_plain(element).split())


def _points_away(link: Any) -> bool:
    """A link to another page: not an anchor within this one (`<a href="#context">`, a heading's
    own permalink), nor a script action, nor a bare `<a name=…>`."""
    href = (link.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def set_link_shares(tree: Any, lines: list[SourceLine]) -> None:
    """Each line's share of characters inside links, read from the page's own paragraphs, list
    items and headings (the content tree trafilatura returns has no links left). Only short
    lines can be teaser headlines, so only elements with such a text are measured; a block inside a link
    (a teaser card: `<a><h3>headline</h3></a>`) is all link text."""
    wanted = {line.text for line in lines if len(line.text) <= LINKED_MAX_CHARS}
    if not wanted:
        return
    shares: dict[str, float] = {}
    blocks: dict[int, Any] = {}  # the block elements (and their block ancestors) holding a link
    inside: set[int] = set()  # blocks wrapped in a link (a teaser card's <a><h3>headline</h3></a>)
    for link in tree.iter("a"):
        if not _points_away(link):
            continue
        for element in link.iter(*_LINKED_BLOCKS):
            blocks.setdefault(id(element), element)
            inside.add(id(element))
        parent = link.getparent()
        for _ in range(LINK_DEPTH):
            if parent is None:
                break
            if parent.tag in _LINKED_BLOCKS:
                blocks.setdefault(id(parent), parent)
            parent = parent.getparent()
    for element in blocks.values():
        raw = _plain(element)
        if len(raw) > 4 * LINKED_MAX_CHARS:
            continue
        text = " ".join(raw.split())
        if text not in wanted:
            continue
        linked = (
            len(text)
            if id(element) in inside
            else sum(len(_flat(a)) for a in element.iter("a") if _points_away(a))
        )
        # A teaser's kicker is often left out of its link ("<strong>Kicker:</strong> <a>Headline</a>"):
        # the share is measured on the headline after it.
        kicker = KICKER.match(text)
        measured = len(text) - (kicker.end() if kicker else 0)
        shares[text] = max(shares.get(text, 0.0), min(1.0, linked / measured))
    for line in lines:
        line.links = shares.get(line.text, 0.0)


# A box name in any case, its parts joined by "-", "_" or nothing ("info-box", "InfoBox", "fact_box").
_BOX_NAME = re.compile("|".join(name.replace("-", "[-_]?") for name in BOX_NAMES), re.IGNORECASE)
# Class attributes holding a box name's last letters (its last part less its first letter, for
# its case: "ox", "asten", "easer", "eading"), found in C; the names are matched on these few
# only (a Python search of a page's source takes longer than its extraction; ids name no box on
# ../shared/extract-dev).
_BOX_ENDINGS = sorted({name.rsplit("-", 1)[-1][1:] for name in BOX_NAMES})
_BOX_CLASSES = "//@class[" + " or ".join(f"contains(., '{ending}')" for ending in _BOX_ENDINGS) + "]"


def _signup_box(field: Any) -> tuple[str, str] | None:
    """The text of the largest small container around an e-mail field (a newsletter sign-up)."""
    text = None
    parent = field.getparent()
    for _ in range(SIGNUP_DEPTH):
        if parent is None:
            break
        flat = _flat(parent)
        if len(flat) > SIGNUP_MAX_CHARS:
            break
        text = flat or text
        parent = parent.getparent()
    return (text, "newsletter") if text else None


def _box_key(name: str) -> str:
    """The BOX_NAMES key of a box name as spelt in a class ("InfoBox", "info_box" → "info-box")."""
    bare = re.sub(r"[-_]", "", name.casefold())
    return next(key for key in BOX_NAMES if key.replace("-", "") == bare)


def _box(value: Any, total: int) -> tuple[str, str] | None:
    """(text, reason) of the element whose class attribute is `value` when it names a box
    (BOX_NAMES) and holds at most INFO_BOX_MAX_SHARE of the page's `total` characters."""
    match = _BOX_NAME.search(value)
    if match is None:
        return None
    text = _flat(value.getparent())
    return (text, BOX_NAMES[_box_key(match.group())]) if len(text) <= INFO_BOX_MAX_SHARE * total else None


def mark_boxes(tree: Any, lines: list[SourceLine]) -> None:
    """Set `box` on the lines that sit in a box beside the article (BOX_NAMES) or in a
    newsletter sign-up around an e-mail field ("newsletter"): the reason they are removed for."""
    boxes: list[tuple[str, str]] = []
    total = sum(len(line.text) for line in lines)
    for hit in tree.xpath(_BOX_CLASSES + "|//input[@type='email']"):  # one walk of the tree
        box = _box(hit, total) if isinstance(hit, str) else _signup_box(hit)
        if box:
            boxes.append(box)
    if not boxes:
        return
    found = [next((kind for text, kind in boxes if line.text and line.text in text), None) for line in lines]
    for i, line in enumerate(lines):
        if found[i] is None or line.role_hint == "title":
            continue
        neighbour = (i > 0 and found[i - 1] is not None) or (i + 1 < len(lines) and found[i + 1] is not None)
        if neighbour or len(_WORD.findall(line.text)) >= INFO_BOX_ALONE_WORDS:
            line.box = found[i]


def walk_blocks(tree: Any) -> list[SourceLine]:
    """The text of each outermost block element, in order, outside skipped containers: one pass
    over the tree (start/end events), whatever its size or depth."""
    from lxml import etree

    lines: list[SourceLine] = []
    skipped = 0
    inside: Any = None  # the outermost block being read
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED:
                skipped += 1
            elif not skipped and inside is None and tag in _BLOCKS:
                inside = element
            continue
        if tag in _SKIPPED:
            skipped -= 1
        elif element is inside:
            if tag == "tr":  # a row is one line, its cells joined as trafilatura's rows are
                cells = (_flat(c) for c in element if c.tag in ("td", "th"))
                text = " | ".join(c for c in cells if c)
            else:
                text = _flat(element)
            if text:
                hint = "heading" if tag in _HEADINGS else "table" if tag in ("tr", "td", "th") else None
                lines.append(SourceLine(n=len(lines) + 1, text=text, role_hint=hint))
            inside = None
    return lines


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.casefold()) if len(t) >= 4 and not t.isdigit()]


def _runs(tokens: list[str], n: int = 3) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def _word_runs(text: str) -> set[tuple[str, ...]]:
    """A text's three-word runs, case folded: a passage, not merely its words."""
    return set(_runs(_WORD.findall(text.casefold())))


def _mostly_in(runs: set[tuple[str, ...]], present: set[tuple[str, ...]]) -> bool:
    """Whether LEDE_PRESENT of `runs` are among `present`."""
    return bool(runs) and len(runs & present) / len(runs) >= LEDE_PRESENT


def recover_lede(lines: list[SourceLine], title: str | None, description: str | None) -> str | None:
    """The page's description as its lede, when the extracted text lacks it and it belongs."""
    if not description or len(description.split()) < LEDE_MIN_WORDS:
        return None
    text = " ".join(line.text for line in lines)
    words = _tokens(description)
    if not words:
        return None
    # Present as a passage (its word runs), not merely its words: a body names the lede's people
    # and places again without repeating the lede.
    runs = _word_runs(description)
    if not runs:
        return None
    present = _word_runs(text)
    if _mostly_in(runs, present):
        return None
    # A teaser whose first sentence the body opens with again (reworded a little) is no lost
    # lede; nor is a site's template that quotes the headline ("Lesen Sie jetzt „<title>“").
    first = _FIRST_SENTENCE.split(description.strip(), maxsplit=1)[0]
    if len(first.split()) >= LEDE_MIN_WORDS and _mostly_in(_word_runs(first), present):
        return None
    # The headline may be quoted without its kicker ("Basketball-Euroleague: Nach …" quoted as
    # "… zu dem Thema „Basketball-Euroleague“. Lesen Sie jetzt „Nach …“").
    said = " ".join(description.casefold().split())
    headlines = [title, title.split(": ", 1)[-1]] if title else []
    if any(len(h.split()) >= 4 and " ".join(h.casefold().split()) in said for h in headlines):
        return None
    near = set(_tokens(title or "")) | set(_tokens(" ".join(line.text for line in lines[:3])))
    if not near & set(words):
        return None
    return description.strip()


# The lede as the page shows it: the first paragraph after the page's headline (its first
# <h1>) that is a leaf block (no paragraphs, figures or images inside) outside navigation,
# asides, figures and links, of LEDE_MIN_WORDS to LEDE_MAX_WORDS words ending a sentence,
# looked for among the LEDE_LOOKAHEAD blocks before the extracted text begins. Teaser
# paragraphs set apart in the header ("Essen. Drei uralte Städte tauchen …") are where content
# extraction loses a lede whose description the page does not show.
LEDE_MAX_WORDS = 80
LEDE_LOOKAHEAD = 60
_LEDE_END = re.compile(r"[.!?…“\"«»]$")
_OUTSIDE = ("ancestor-or-self::nav|ancestor-or-self::footer|ancestor-or-self::aside|ancestor-or-self::figure"
            "|ancestor-or-self::figcaption|ancestor::button|ancestor::a")  # fmt: skip
_NOT_LEAF = ".//p|.//div|.//figure|.//section|.//ul|.//ol|.//table|.//header|.//img"


def lede_after_headline(tree: Any, lines: list[SourceLine]) -> str | None:
    """The paragraph the page shows under its headline, before the extracted text begins."""
    headline = tree.find(".//h1")
    if headline is None:
        return None
    extracted = {line.text for line in lines}
    for element in headline.xpath("following::*[self::p or self::div]")[:LEDE_LOOKAHEAD]:
        if element.xpath(_OUTSIDE) or element.xpath(_NOT_LEAF):
            continue
        text = _flat(element)
        if text in extracted:
            return None  # the extracted text begins: a lede after it is no lost lede
        if LEDE_MIN_WORDS <= len(text.split()) <= LEDE_MAX_WORDS and _LEDE_END.search(text):
            return text
    return None


_HIDDEN = frozenset({"head", "script", "style", "noscript", "template"})


def visible_text(tree: Any) -> str:
    """The page's text a reader sees (outside its head, scripts and styles): one pass over the
    tree (start/end events), whatever its depth."""
    from lxml import etree

    parts: list[str] = []
    hidden = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden and element.text and tag:
                parts.append(element.text)
            continue
        if tag in _HIDDEN:
            hidden -= 1
        if not hidden and element.tail:
            parts.append(element.tail)
    return " ".join(parts)


def shown_on_page(tree: Any, text: str) -> bool:
    """Whether the page shows `text` to its reader: LEDE_PRESENT of its word runs are in the
    page's visible text (not in its head, scripts or styles). A description only in the page's
    metadata is a search-engine teaser, not the article's lede (on ../shared/extract-dev every
    description the page shows is in the curated body; of nine it does not show, eight are not)."""
    runs = _word_runs(text)
    return bool(runs) and _mostly_in(runs, _word_runs(visible_text(tree)))


@functools.lru_cache(maxsize=1)
def _html_parser() -> Any:
    """trafilatura's HTML parser settings, with every element an `HtmlElement` looked up in C:
    lxml.html's own lookup is a Python call per element object, 4% of a run on news pages."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)  # fmt: skip
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))  # fmt: skip
    return parser


def parse_html(text: str) -> Any:
    """The page's tree as trafilatura's `load_html` builds it (its repairs and checks), with
    `_html_parser`; anything unusual (an encoding declaration lxml refuses, a tree too small
    to be a page) goes to `load_html` itself."""
    from lxml import etree
    from lxml import html as lxml_html
    from trafilatura.utils import is_dubious_html, load_html, repair_faulty_html

    beginning = text[:50].lower()
    try:
        tree = lxml_html.fromstring(repair_faulty_html(text, beginning), parser=_html_parser())
    except (ValueError, etree.LxmlError):  # an encoding declaration in a str, an empty document
        return load_html(text)
    if tree is None or len(tree) < 1 or (is_dubious_html(beginning) and len(tree) < 2):
        return load_html(text)
    return tree


def fragment_lines(text: str) -> list[SourceLine]:
    """The lines of an HTML fragment (a JSON record's body written in HTML: `<p>…</p><p>…</p>`),
    each block element one line, with its link share and box; nothing is left out here, the
    cleaner judges every line. A fragment without block elements is one line."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div", parser=_html_parser())
    except (ValueError, etree.LxmlError):
        return []
    lines = walk_blocks(root)
    if not lines:
        flat = _flat(root)
        return [SourceLine(n=1, text=flat)] if flat else []
    set_link_shares(root, lines)
    mark_boxes(root, lines)
    return lines


def extract_html(text: str) -> tuple[list[SourceLine], PageMeta]:
    """The lines of an HTML page's main text (title first, role "title") and its metadata."""
    import trafilatura

    tree = parse_html(text)
    if tree is None:
        raise ExtractionError("HTML that cannot be parsed")
    meta = page_meta(tree)
    elements = int(tree.xpath("count(//*)"))  # counted in C: no Python object per element
    if elements > MAX_PAGE_ELEMENTS:
        raise ExtractionError(f"HTML page of {elements:,} elements, more than a news page has "
                              f"({MAX_PAGE_ELEMENTS:,})")  # fmt: skip
    if elements > MAX_ELEMENTS:
        lines = walk_blocks(tree)
    else:
        result: Any = trafilatura.bare_extraction(
            tree, url=meta.url, include_comments=False, include_tables=True, deduplicate=False,
            with_metadata=False, include_formatting=False, fast=True,
        )  # fmt: skip
        body = getattr(result, "body", None) if result is not None else None
        lines = body_lines(body) if body is not None else []
    if not lines:
        raise ExtractionError("HTML page with no main text that trafilatura can extract")
    set_link_shares(tree, lines)
    mark_boxes(tree, lines)
    title = strip_site_name(meta.title, meta.url, meta.site_name) if meta.title else None
    first = _loose(lines[0].text)
    if title and (
        first == _loose(title) or (lines[0].role_hint == "heading" and _loose(title).startswith(first))
    ):
        lines[0].role_hint = "title"  # the page's own headline (the meta title may add a site part)
        title = lines[0].text
        head, rest = [lines[0]], lines[1:]
    else:
        head = [SourceLine(n=0, text=title, role_hint="title")] if title else []
        rest = lines
    lede = recover_lede(lines, title, meta.description)
    if (lede and shown_on_page(tree, lede)) or (
        lede := recover_lede(lines, title, lede_after_headline(tree, rest))
    ):
        head.append(SourceLine(n=0, text=lede))
    meta.title = title
    return [
        SourceLine(n=i + 1, text=ln.text, role_hint=ln.role_hint, links=ln.links, box=ln.box)
        for i, ln in enumerate(head + rest)
    ], meta


def _loose(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()
