"""Per-language lexicons and patterns, loaded from the JSON data files shipped in the package."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The merged word lists and compiled patterns of a set of languages."""

    languages: tuple[str, ...]
    abbreviations: frozenset[str]
    months: frozenset[str]
    date_words: frozenset[str]
    relative_days: frozenset[str]
    share_words: frozenset[str]
    home_words: frozenset[str]
    sentence_starters: frozenset[str]
    # Abbreviations that may end a sentence ("etc.", "usw."): before a sentence starter they do.
    closing_abbreviations: frozenset[str]
    stopwords: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    breadcrumb_separators: tuple[str, ...]
    social_link: re.Pattern[str]
    social_attribution: re.Pattern[str]
    bare_url: re.Pattern[str]
    # Widget labels glued between two sentences of a paragraph ("… 2022. Petit journal La Corée …").
    widget_label: re.Pattern[str] | None = None
    # Statements every report of its kind makes ("Personen wurden nicht verletzt."): no key fact.
    generic_statement: re.Pattern[str] | None = None
    # Per language: the words that address the reader (Sie / vous / you), the consent vocabulary
    # (cookies, personal data, accept, withdraw) and the promotion vocabulary (subscription, free
    # trial, newsletter): a cookie banner or a subscription offer addresses the reader in them.
    consent: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()  # (reader, terms)
    promo: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()  # (reader, terms)
    # Small numbers spelled out ("zwölf", "douze", "twelve" → 12): a lede retold in another
    # language gives the same numbers, in digits or in words.
    number_words: Mapping[str, int] = field(default_factory=dict)
    # How a cookie banner opens ("Wir verwenden Cookies", "Nous utilisons des cookies"): a
    # headline glued to it, with no full stop between, is cut from it and kept.
    consent_opener: re.Pattern[str] | None = None


_RELATIVE_DAYS = {"aujourd'hui", "aujourd’hui", "hier", "avant-hier", "heute", "gestern",
                  "vorgestern", "today", "yesterday"}  # fmt: skip


def _read(name: str) -> dict:  # type: ignore[type-arg]
    text = resources.files("summarizer.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=8)
def load_lexicon(languages: tuple[str, ...]) -> Lexicon:
    """The lexicon of `languages` (all of them are applied to every line: pages mix languages)."""
    common = _read("common")
    sets: dict[str, set[str]] = {k: set() for k in ("abbreviations", "months", "date_words",
                                                     "share_words", "home_words", "sentence_starters",
                                                     "stopwords", "closing_abbreviations")}  # fmt: skip
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for lang in languages:
        data = _read(lang)
        for key, bucket in sets.items():
            words = data.get(key, [])
            bucket.update(
                words if key in ("abbreviations", "closing_abbreviations") else (w.casefold() for w in words)
            )
        for reason, regexes in data["patterns"].items():
            patterns.extend((reason, re.compile(rx, re.IGNORECASE)) for rx in regexes)
    sets["share_words"].update(w.casefold() for w in common["share_words"])
    labels = sorted({label for lang in languages for label in _read(lang).get("widget_labels", [])},
                    key=len, reverse=True)  # fmt: skip
    widget = _widget_pattern(labels, sets["sentence_starters"]) if labels else None
    generic = [rx for lang in languages for rx in _read(lang).get("generic_statements", [])]
    consent = _addressed(languages, "consent_terms")
    promo = _addressed(languages, "promo_terms")
    return Lexicon(
        languages=languages,
        abbreviations=frozenset(sets["abbreviations"]),
        months=frozenset(sets["months"]),
        date_words=frozenset(sets["date_words"] | _RELATIVE_DAYS),
        relative_days=frozenset(_RELATIVE_DAYS),
        share_words=frozenset(sets["share_words"]),
        home_words=frozenset(sets["home_words"]),
        sentence_starters=frozenset(sets["sentence_starters"]),
        closing_abbreviations=frozenset(sets["closing_abbreviations"]),
        stopwords=frozenset(sets["stopwords"]),
        patterns=tuple(patterns),
        breadcrumb_separators=tuple(common["breadcrumb_separators"]),
        social_link=re.compile(common["social_link_regex"], re.IGNORECASE),
        social_attribution=re.compile(common["social_attribution_regex"]),
        bare_url=re.compile(common["bare_url_regex"], re.IGNORECASE),
        widget_label=widget,
        generic_statement=re.compile("|".join(f"(?:{rx})" for rx in generic), re.IGNORECASE)
        if generic
        else None,
        consent=consent,
        promo=promo,
        number_words={
            w.casefold(): n for lang in languages for w, n in _read(lang).get("number_words", {}).items()
        },
        consent_opener=_opener(languages),
    )


def _opener(languages: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted(
        {p for lang in languages for p in _read(lang).get("consent_openers", [])}, key=len, reverse=True
    )
    return re.compile("|".join(map(re.escape, phrases)), re.IGNORECASE) if phrases else None


def _addressed(languages: tuple[str, ...], key: str) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Per language: its reader words and its `key` vocabulary (matched at a word start)."""
    out = []
    for data in map(_read, languages):
        if data.get(key) and data.get("reader_regex"):
            terms = re.compile(r"\b(?:" + "|".join(map(re.escape, data[key])) + ")", re.IGNORECASE)
            out.append((re.compile(data["reader_regex"]), terms))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def pattern_union(languages: tuple[str, ...], reasons: frozenset[str]) -> re.Pattern[str] | None:
    """One regex matching what any pattern of `reasons` matches (group names dropped): a line it
    does not fullmatch matches none of them, so one call decides most content lines."""
    parts = [_GROUP_NAME.sub("(?:", p.pattern) for r, p in load_lexicon(languages).patterns if r in reasons]
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE) if parts else None


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _widget_pattern(labels: list[str], starters: set[str]) -> re.Pattern[str]:
    """A label between two sentences: after sentence-final punctuation (or at a sentence's
    start), before a capitalised word. A label without its own full stop must be followed by a
    sentence starter ("Petit journal La …"), so that "Video Games are …" is left alone."""
    starter = "|".join(sorted((re.escape(w) for w in starters), key=len, reverse=True))
    ended = "|".join(re.escape(label) for label in labels if label.endswith("."))
    bare = "|".join(re.escape(label) for label in labels if not label.endswith("."))
    options = []
    if ended:
        options.append(rf"(?:{ended})\s+(?=[A-ZÀ-ÖØ-Þ])")
    if bare:
        options.append(rf"(?:{bare})\s+(?=(?i:{starter})\b)" if starter else rf"(?:{bare})\s+(?=[A-ZÀ-ÖØ-Þ])")
    return re.compile(rf"(?:(?<=[.!?…»”\"])\s+|^)(?P<label>{'|'.join(options)})")


@functools.lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Every name of a place in fr/de/en, case and accents folded → its English name, folded
    ("genf", "geneve" → "geneva"; data/places.json): what two languages call one place."""
    raw = json.loads(resources.files("summarizer.data").joinpath("places.json").read_text("utf-8"))
    places: dict[str, list[str]] = raw["places"]
    return {fold(name): fold(english) for english, names in places.items() for name in (english, *names)}


def fold(text: str) -> str:
    """Case and accents folded ("Genève" → "geneve"): how words of two languages are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
