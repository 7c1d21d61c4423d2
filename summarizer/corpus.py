"""The corpus step: articles grouped into stories, each story's cited facts and the figures its
sources disagree on. Reads what per-article summarising keeps (`ArticleText`); runs after it."""

from __future__ import annotations

import datetime
import decimal
import functools
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from importlib import resources
from typing import TypeVar

from summarizer.clean import page_date
from summarizer.lexicon import fold, load_lexicon, place_names
from summarizer.models import Fact, Figure, FigureValue, Story, Support
from summarizer.summarize import (
    STEM,
    TERM_CHARS,
    Vector,
    cosine,
    idf_of,
    is_dangling,
    numbers,
    stopwords,
    terms,
    tfidf,
)


def is_generic(sentence: str) -> bool:
    """A statement every report of its kind makes (the `generic_statements` of the data files:
    "Personen wurden nicht verletzt.", "Une enquête a été ouverte."): never a key fact."""
    pattern = load_lexicon(("fr", "de", "en")).generic_statement
    text = " ".join(sentence.replace("’", "'").split()).rstrip(" .!")
    return bool(pattern and pattern.fullmatch(text))


@dataclass(slots=True)
class ArticleText:
    """What the corpus step keeps of an article: id, title, kept sentences (English where
    translated), the same sentences in the source language (figures are read from those) and
    the publication date when the page gives one; `languages`, each sentence's source language
    ("" or none at all where unknown). `title_terms` is False when the title is no
    text of the page (a page whose every line was removed is named by its path): it then gives
    no terms to match on, and the article is a story of its own."""

    id: str
    title: str
    sentences: list[str]
    sources: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    date: str | None = None
    title_terms: bool = True
    languages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = list(self.sentences)
        if not self.counts:
            for text in self.pairs():
                self.counts.update(terms(text))
            if self.title_terms and self.title not in self.sentences and self.title not in self.sources:
                self.counts.update(terms(self.title))

    def pairs(self) -> list[str]:
        """Each sentence's text for matching: English and source together (names, numbers and
        terms survive an imperfect translation)."""
        return [e if e == s else f"{e} {s}" for e, s in zip(self.sentences, self.sources, strict=True)]

    @property
    def language(self) -> str:
        """The language most of its sentences are in ("" when unknown)."""
        known = Counter(lang for lang in self.languages if lang)
        return known.most_common(1)[0][0] if known else ""

    def names(self) -> frozenset[str]:
        """Its names (`names_in` its title and sentences): with its figures, what two languages
        write alike."""
        return frozenset().union(*map(names_in, (self.title, *self.sources)))

    @property
    def day(self) -> int | None:
        """The publication day (proleptic ordinal), None when unknown or unreadable."""
        return publication_day(self.date)


@functools.lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    """Names too common in news to tie two articles to one event ("Paris", "Macron", "Trump":
    data/common_names.json, learned by benchmarks/learn_common_names.py)."""
    data = json.loads(resources.files("summarizer.data").joinpath("common_names.json").read_text("utf-8"))
    return frozenset(data["names"])


def publication_day(date: str | None) -> int | None:
    """The day of an ISO-like date ("2020-01-05", "2020-01-05 14:03:00", "2020-01-05T14:03Z"), or
    of one as feeds and pages write it ("Tue, 14 Jul 2026 17:05:00 GMT", "14.07.2026")."""
    day = page_date(date) if date else None
    return datetime.date.fromisoformat(day).toordinal() if day else None


# Two articles report the same event above this cosine of their TF-IDF vectors (calibrated on
# the seeds, all one event, lowest pair 0.22, and tests/pages' mixed corpora, unrelated pairs
# below 0.08).
STORY_SIMILARITY = 0.15
# ... and share at least this many distinct terms: a city and its police repeated in two
# police reports ("Duisburg", "Polizei", "Mann") make a cosine above STORY_SIMILARITY, not one
# event (on ../shared/stories-dev, 4 to 10 terms all gave F1 0.783–0.794 against 0.777 without).
STORY_TERMS = 5
# Two groups of articles are one story only when their centroids are this close (centroid
# linkage; calibrated on ../shared/stories-dev with benchmarks/stories.py: chaining made one
# "story" of 75 articles there; the seeds, one event, stay one story).
STORY_COHESION = 0.18
# Articles published further apart than this (both dates known) are not one story: news of one
# event comes within days; "weeks apart are rarely one story". A story's dates span at most this.
STORY_DAYS = 14
# Two articles that each give at least this many figures and share none report different events
# (one event's reports repeat its toll, its date, its sums: two TV-ratings or police reports of
# one town share words but no figure).
STORY_FIGURES = 4
# Two articles that give this many of the same rare figures (see RARE_ANCHOR_SHARE) report one
# event, whatever their words: a toll, a magnitude and a distance in a German and an English
# report left untranslated.
SHARED_FIGURES = 3
# Two articles in different languages that share this many rare names and figures (each in at
# most RARE_ANCHOR_SHARE of the articles, or RARE_ANCHOR_FLOOR) report one event: untranslated,
# names and numbers are the words they have in common ("Carlos Ghosn", "Luca de Meo", "Renault").
SHARED_ANCHORS = 4
# ... or this many rare figures and a name, however common in news, that few of the corpus's
# articles give ("Marseille", 80 firefighters and 45 residents in a French and a German report).
NAMED_FIGURES = 2
RARE_ANCHOR_SHARE = 0.02
RARE_ANCHOR_FLOOR = 5
# Only this many of an article's strongest terms index it, and terms in more than this share of
# the articles are not indexed; each indexed article meets only the next STORY_WINDOW articles
# of a posting list, so candidate pairs stay linear in the corpus size.
SIGNATURE_TERMS = 40
COMMON_TERM_SHARE = 0.5
STORY_WINDOW = 8
# Two sentences of different articles state the same fact above this cosine.
FACT_SIMILARITY = 0.2
MAX_FACTS = 8
# Untranslated, two sentences in two languages giving the same numbers (this many at least) and
# a name state one fact (cleaning's CROSS_NUMBERS rule for a lede retold in another language).
FACT_NUMBERS = 2
# A candidate this close to an already chosen fact states the same thing.
REPEAT_FACT = 0.3
# Inside a large story each sentence meets this many others per shared term (bounded work).
FACT_WINDOW = 50
# Sentences of a story this close are one sentence (syndicated copy, a word changed): collapsed
# before facts are sought, keeping every article that carries them.
NEAR_DUPLICATE = 0.6


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def candidate_pairs(vectors: Sequence[Vector], *, top: int, max_df: int, window: int = 0
                    ) -> set[tuple[int, int]]:  # fmt: skip
    """Pairs that share a strong, not-too-common term (an inverted index, not all pairs).

    With `window`, each member of a term's posting list is paired with the next `window` members
    only: linear in the corpus, and a large story still chains together under union-find.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term in sorted(vec, key=lambda t: (-vec[t], t))[:top]:
            index[term].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2 or len(members) > max_df:
            continue
        for a in range(len(members)):
            stop = len(members) if not window else min(len(members), a + 1 + window)
            for b in range(a + 1, stop):
                pairs.add((members[a], members[b]))
    return pairs


def group_stories(articles: Sequence[ArticleText], cohesion: float | None = None) -> list[list[int]]:
    """Articles grouped by event; an unrelated article is a story of its own.

    Candidate pairs above STORY_SIMILARITY are merged strongest first, and two groups merge only
    when their centroids are close too (STORY_COHESION): a story is close to each of its
    members as a whole, so A~B~C~… chains of one shared name cannot run across the corpus.
    Where pages give publication dates, a story's dates span at most STORY_DAYS; two articles
    with STORY_FIGURES figures each and none in common are not linked. What two languages write
    alike links articles whatever their words: SHARED_FIGURES of the same figures, or, in two
    languages, SHARED_ANCHORS of the same rare names (`ArticleText.names`, not the
    `common_names` of news) and figures, or NAMED_FIGURES figures and a name few articles give.
    """
    n = len(articles)
    if n == 0:
        return []
    cohesion = STORY_COHESION if cohesion is None else cohesion
    idf = idf_of(a.counts.keys() for a in articles)
    vectors = [tfidf(a.counts, idf) for a in articles]
    max_df = max(2, int(COMMON_TERM_SHARE * n)) if n > 20 else n
    scored = []
    figures = [story_numbers(a) for a in articles]
    languages = [a.language for a in articles]
    several = len({lang for lang in languages if lang}) > 1  # else no pair is in two languages
    # Names and figures many articles give ("Paris", "100") tie no two of them to one event.
    rare = max(RARE_ANCHOR_FLOOR, int(RARE_ANCHOR_SHARE * n))
    telling = _rare(figures, rare)
    anchors: list[frozenset[str]] = [frozenset()] * n
    every_name: list[frozenset[str]] = [frozenset()] * n
    if several:
        names = _rare([a.names() - common_names() for a in articles], rare)
        anchors = [found | told for found, told in zip(names, telling, strict=True)]
        every_name = _rare([a.names() for a in articles], rare)
    figure_vectors = [dict.fromkeys(f, 1.0) for f in telling]
    anchor_vectors = [dict.fromkeys(f, 1.0) for f in anchors]
    candidates = candidate_pairs(vectors, top=SIGNATURE_TERMS, max_df=max_df, window=STORY_WINDOW)
    candidates |= candidate_pairs(figure_vectors, top=SIGNATURE_TERMS, max_df=max_df, window=STORY_WINDOW)
    candidates |= candidate_pairs(anchor_vectors, top=SIGNATURE_TERMS, max_df=max_df, window=STORY_WINDOW)
    for i, j in sorted(candidates):
        sim = cosine(vectors[i], vectors[j])
        fi, fj = figures[i], figures[j]
        told_both = len(telling[i] & telling[j])
        two_languages = "" != languages[i] != languages[j] != ""
        named = told_both >= NAMED_FIGURES and bool(every_name[i] & every_name[j])
        anchored = len(anchors[i] & anchors[j]) >= SHARED_ANCHORS or named
        shared = told_both >= SHARED_FIGURES or (two_languages and anchored)
        if (
            sim < STORY_SIMILARITY or len(vectors[i].keys() & vectors[j].keys()) < STORY_TERMS
        ) and not shared:
            continue
        if len(fi) >= STORY_FIGURES and len(fj) >= STORY_FIGURES and not fi & fj:
            continue
        scored.append((-sim, i, j, shared))
    scored.sort()
    uf = UnionFind(n)
    centroid: dict[int, Counter[str]] = {}
    days = [(d, d) if (d := a.day) is not None else None for a in articles]  # a group's first, last
    for _, i, j, shared in scored:
        a, b = uf.find(i), uf.find(j)
        if a == b:
            continue
        span = _span(days[a], days[b])
        if span is not None and span[1] - span[0] > STORY_DAYS:
            continue
        ca = centroid.get(a) or Counter(vectors[a])
        cb = centroid.get(b) or Counter(vectors[b])
        if not shared and _normalised_cosine(ca, cb) < cohesion:
            continue
        uf.union(a, b)
        days[uf.find(a)] = span
        small, large = (ca, cb) if len(ca) < len(cb) else (cb, ca)
        large.update(small)  # the sum of the members' unit vectors: its direction is the centroid
        centroid.pop(a, None)
        centroid.pop(b, None)
        centroid[uf.find(a)] = large
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _rare(found: Sequence[frozenset[str]], limit: int) -> list[frozenset[str]]:
    """Each set without what more than `limit` of the sets hold."""
    df = Counter(t for items in found for t in items)
    return [frozenset(t for t in items if df[t] <= limit) for items in found]


def story_numbers(article: ArticleText) -> frozenset[str]:
    """The figures an article gives, as values (1.918 = 1,918 = 1 918 = 1918; 6,8 = 6.8), without
    the small numbers and bare years any report has (1–12, 1900–2099)."""
    found = set()
    for text in article.sources:
        for raw, value in numbers(text):
            if raw.isdigit() and (int(raw) <= 12 or (len(raw) == 4 and raw[:2] in ("19", "20"))):
                continue
            found.add(value)
    return frozenset(found)


def _span(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _normalised_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def collapse_near_duplicates(vectors: Sequence[Vector], *, top: int = 5, window: int = 20) -> list[int]:
    """For each vector, the index of the first earlier vector it nearly repeats (or itself).

    Leader clustering over an inverted index of the leaders' strongest terms: a sentence is
    compared with at most `top` × `window` earlier leaders, so syndicated copy repeated across
    hundreds of articles costs a linear pass, not all pairs.
    """
    by_term: dict[str, list[int]] = defaultdict(list)
    leader_of: list[int] = []
    for i, vec in enumerate(vectors):
        keys = sorted(vec, key=lambda t: (-vec[t], t))[:top]
        best, best_sim = i, NEAR_DUPLICATE
        seen: set[int] = set()
        for term in keys:
            for leader in by_term[term][-window:]:
                if leader in seen:
                    continue
                seen.add(leader)
                sim = cosine(vec, vectors[leader])
                if sim > best_sim or (sim == best_sim and best != i and leader < best):
                    best, best_sim = leader, sim
        leader_of.append(best)
        if best == i:
            for term in keys:
                by_term[term].append(i)
    return leader_of


_NAME = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w'’-]{2,}")


def names_in(text: str) -> frozenset[str]:
    """The names of a text: capitalised words, stop words out, folded to a stem."""
    stop = stopwords()
    return frozenset(fold(m.group())[:STEM] for m in _NAME.finditer(text) if m.group().casefold() not in stop)


def evidence(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names (`names_in`) and the numbers (values: 3 000 = 3,000, 6,8 = 6.8) of a sentence:
    what a second source must share to state its fact."""
    return names_in(text), frozenset(value for _, value in numbers(text))


def states_same(
    fact: tuple[frozenset[str], frozenset[str]],
    other: tuple[frozenset[str], frozenset[str]],
    current: Set[str] = frozenset(),
) -> bool:
    """`other` can state `fact`: it gives one of the fact's numbers, when the fact has any (a
    close sentence with other figures states another fact: a seat count is not a vote share),
    and every year the fact names but the story's own (`current`, its publication years): "the
    deadliest since 2022, when five people died" is not stated by "five people were killed". A
    year alone is no shared number. Names are not required to match: paraphrases name the same
    parties differently ("Moscou et Pyongyang" for "la Russie et la Corée du Nord"), which on
    the seeds loses true sources."""
    figures = fact[1]
    if not figures:
        return True
    counts = {value for value in figures if not is_year(value)}
    if counts and not counts & other[1]:
        return False
    if _conflicting(counts, {value for value in other[1] if not is_year(value)}):
        return False  # "28,6 %" is not stated by "28.5%", even beside a share alike
    return gives_years(fact, other, current) and (bool(counts) or bool(figures & other[1]))


# Two numbers this close (relatively) but not equal tell one figure two ways: a source giving
# one does not state a fact giving the other ("28.5%" / "28,6 %", "38" / "41" injured).
CONFLICT_SHARE = 0.1


def _conflicting(a: Set[str], b: Set[str]) -> bool:
    """Whether a number only `a` gives and one only `b` gives are near (CONFLICT_SHARE)."""
    mine, theirs = [float(v) for v in a - b], [float(v) for v in b - a]
    return any(0 < abs(x - y) <= CONFLICT_SHARE * max(x, y) for x in mine for y in theirs)


def gives_years(fact: tuple[frozenset[str], frozenset[str]], other: tuple[frozenset[str], frozenset[str]],
                current: Set[str] = frozenset()) -> bool:  # fmt: skip
    """`other` gives every year that `fact` gives but the story's own (`current`)."""
    return all(value in other[1] or value in current for value in fact[1] if is_year(value))


def is_year(value: str) -> bool:
    """A number's value that reads as a year of news (1900-2099)."""
    return len(value) == 4 and value.isdigit() and value[:2] in ("19", "20")


def story_facts(articles: Sequence[ArticleText], limit: int = MAX_FACTS) -> list[Fact]:
    """Statements made by several articles of a story, best attested first, each source with
    the sentence in which it states the fact (`Fact.support`).

    Near-identical sentences (syndicated copy) are first collapsed into one candidate that keeps
    all their articles. A candidate's sources are its own articles and every other article with
    a sentence close to it (FACT_SIMILARITY) that gives the same numbers (`states_same`). A
    candidate with neither a name nor a number, or one that any such report makes (`is_generic`:
    "Personen wurden nicht verletzt."), or a lead-in ending with a colon, is no key fact.
    Candidates are ranked by how many
    sources support them, then by how closely; one too close to a chosen fact is skipped.
    """
    kept = [(a.id, text, match, lang) for a in articles
            for text, match, lang in zip(a.sentences, a.pairs(), a.languages or [""] * len(a.sentences), strict=True)
            if len(text.split()) >= 4]  # fmt: skip
    if not kept:
        return []
    items = [(aid, text, match) for aid, text, match, _ in kept]
    language = [lang for *_, lang in kept]
    # The language each item is shown in: English where translated, else its source's.
    shown = ["en" if text != match else lang for _, text, match, lang in kept]
    counts = [Counter(terms(m)) for _, _, m in items]
    idf = idf_of(counts)
    all_vectors = [tfidf(c, idf) for c in counts]
    proof = [evidence(m) for _, _, m in items]
    current = frozenset(a.date[:4] for a in articles if a.day is not None and a.date)
    leader_of = collapse_near_duplicates(all_vectors)
    leaders = sorted(set(leader_of))
    position = {leader: k for k, leader in enumerate(leaders)}
    members: list[dict[str, int]] = [{} for _ in leaders]  # article → its sentence (item) stating it
    for i, leader in enumerate(leader_of):
        if i == leader or states_same(proof[leader], proof[i], current):
            members[position[leader]].setdefault(items[i][0], i)
    vectors = [all_vectors[leader] for leader in leaders]
    support: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    max_df = max(6, len(leaders) // 4)
    for i, j in candidate_pairs(vectors, top=15, max_df=max_df, window=FACT_WINDOW):
        sim = cosine(vectors[i], vectors[j])
        if sim < FACT_SIMILARITY:
            continue
        for a, b in ((i, j), (j, i)):
            for article, item in members[b].items():
                if article in members[a] or not states_same(proof[leaders[a]], proof[item], current):
                    continue
                if sim > support[a].get(article, (0.0, -1))[0]:
                    support[a][article] = (sim, item)
    # Told in two languages untranslated, one fact shares few words but its counted figure:
    # "Rund 80 Feuerwehrleute waren im Einsatz" states "Quelque 80 marins-pompiers ont été mobilisés".
    for group in _told_alike(leaders, items, language, proof):
        # Each member meets the next FACT_WINDOW of its group, both ways: bounded work in a large story.
        near = ((a, b) for k, a in enumerate(group) for b in group[k + 1 : k + 1 + FACT_WINDOW])
        for a, b in (pair for x, y in near for pair in ((x, y), (y, x))):
            if language[leaders[a]] == language[leaders[b]]:
                continue
            for article, item in members[b].items():
                if article not in members[a] and article not in support[a]:
                    if _counts_differ(items[leaders[a]][2], items[item][2]):
                        continue  # one figure alike, another not: "1 200 migrants" / "1500 Migranten"
                    if not gives_years(proof[leaders[a]], proof[item], current):
                        continue  # "five died in 2022" is not "five were killed"
                    support[a][article] = (FACT_SIMILARITY, item)
    order = {a.id: k for k, a in enumerate(articles)}

    def sources(k: int) -> set[str]:
        return members[k].keys() | support[k].keys()

    def closeness(k: int) -> float:
        return len(members[k]) + sum(sim for sim, _ in support[k].values())

    ranked = sorted(range(len(leaders)), key=lambda k: (-len(sources(k)), -closeness(k), k))
    chosen: list[int] = []
    facts: list[Fact] = []
    cited: dict[int, set[int]] = {}  # a sentence (item) cited for chosen facts → their sentences
    for k in ranked:
        text = items[leaders[k]][1]
        if not any(proof[leaders[k]]) or is_generic(text) or text.rstrip().endswith(":"):
            continue  # no name, no number, a statement any such report makes, or a lead-in to a list
        if any(cosine(vectors[k], vectors[j]) >= REPEAT_FACT for j in chosen):
            continue
        told = {members[k][a] if a in members[k] else support[k][a][1] for a in sources(k)}
        mine = {leaders[k], *told}
        if any(_one_fact(proof[fact], proof[leaders[k]], language[fact] != language[leaders[k]])
               or quoted(items[fact][2]) & quoted(items[leaders[k]][2])
               or _counts_alike(items[fact][2], items[leaders[k]][2])
               for fact in {f for i in mine for f in cited.get(i, ())}):  # fmt: skip
            # It and a chosen fact are told by one sentence (one cites the other, or a source's
            # sentence is cited for both) and give one figure but a year, or, told in two
            # languages, one name, or quote the same words («Nous ne lâcherons rien»), or count
            # one thing alike in digits and in words ("12 people had died", "douze personnes
            # sont mortes"): one fact told twice.
            continue
        if len(articles) > 1 and len(sources(k)) < 2:
            break
        chosen.append(k)
        reporters = sorted(sources(k), key=order.__getitem__)
        said = [members[k][a] if a in members[k] else support[k][a][1] for a in reporters]
        for i in said:
            cited.setdefault(i, set()).add(leaders[k])
            cited.setdefault(leader_of[i], set()).add(leaders[k])
        tellings = [(items[i][1], shown[i]) for i in (leaders[k], *said)]
        text = _telling(tellings, {fact.text for fact in facts})
        facts.append(Fact(text=text, sources=reporters,
                          support=[Support(article=a, sentence=items[i][1]) for a, i in zip(reporters, said, strict=True)]))  # fmt: skip
        if len(facts) >= (limit if len(articles) > 1 else min(limit, 3)):
            break
    return facts


def _one_fact(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]],
              two_languages: bool) -> bool:  # fmt: skip
    """Two candidate facts told by one sentence state one fact: they give a figure in common (a
    year is none: a revenue and a loss of 2024 are two facts), or, told in two languages, a name."""
    return any(not is_year(v) for v in a[1] & b[1]) or (two_languages and bool(a[0] & b[0]))


_QUOTED = re.compile(r"[«„“\"»]\s*([^«»„“”\"]{8,300}?)\s*[»“”\"«]")
QUOTED_WORDS = 3


def quoted(text: str) -> frozenset[str]:
    """The words a sentence quotes, folded (of QUOTED_WORDS words or more): «Nous ne lâcherons
    rien» quoted by a German and a French report is one statement."""
    found = set()
    for match in _QUOTED.finditer(text):
        words = re.findall(r"\w+", fold(match.group(1)))
        if len(words) >= QUOTED_WORDS:
            found.add(" ".join(words))
    return frozenset(found)


def _told_alike(leaders: Sequence[int], items: Sequence[tuple[str, str, str]], language: Sequence[str],
                proof: Sequence[tuple[frozenset[str], frozenset[str]]]) -> list[list[int]]:  # fmt: skip
    """Groups of candidate facts (positions in `leaders`) in two or more languages that give one
    counted figure (the same thing counted, the same value: `figure_mentions`), or the same
    FACT_NUMBERS numbers or more and a name ("Lille … 18 membres … 15 ans" / "Lille … 18
    Mitglieder … 15 Jahren", as cleaning tells a lede retold in another language; `proof`: each
    item's names and numbers, `evidence`); none when the story is told in one language."""
    if len({language[leader] for leader in leaders} - {""}) < 2:
        return []
    told: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for k, leader in enumerate(leaders):
        text = items[leader][2]
        keys: set[tuple[object, ...]] = {
            (about, v) for about, values in _counted(text).items() for v in values
        }
        names, given = proof[leader]
        if len(given) >= FACT_NUMBERS:
            keys.update((given, name) for name in names)
        for key in keys:
            told[key].append(k)
    return [group for group in told.values() if len({language[leaders[k]] for k in group}) > 1]


def _counts_alike(a: str, b: str) -> bool:
    """Whether two sentences count one thing with a value in common (`figure_mentions`)."""
    told, other = _counted(a), _counted(b)
    return any(told[about] & values for about, values in other.items() if about in told)


def _counts_differ(a: str, b: str) -> bool:
    """Whether two sentences count one thing with no value in common (`figure_mentions`)."""
    told, other = _counted(a), _counted(b)
    return any(not told[about] & values for about, values in other.items() if about in told)


@functools.lru_cache(maxsize=4096)
def _counted(sentence: str) -> dict[str, frozenset[float]]:
    """What a sentence counts and its values (a bounded cache: a story's sentences are asked again)."""
    told: dict[str, set[float]] = defaultdict(set)
    for m in figure_mentions(sentence):
        told[m.about].add(m.value)
    return {about: frozenset(values) for about, values in told.items()}


def _telling(tellings: Sequence[tuple[str, str]], taken: Set[str] = frozenset()) -> str:
    """How a fact is shown, from its (sentence, language) tellings, its own first, then its
    sources' in order: the first in English that stands alone (the digest is English: left
    untranslated, an English source's words are shown), else the first that stands alone (not
    "En échange, la Russie fournirait …", "Elle pourrait …"), else its own. A sentence `taken`
    (shown for another fact: one English sentence giving a revenue and a loss that two German
    ones tell apart) is passed over while another telling is left."""
    fresh = [(text, lang) for text, lang in tellings if text not in taken] or list(tellings)
    alone = [text for text, _ in fresh if not is_dangling(text)]
    english = [text for text, lang in fresh if lang == "en" and not is_dangling(text)]
    return next(iter(english or alone), fresh[0][0])


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Units:
    nouns: dict[str, str]
    qualifiers: dict[str, str]
    multipliers: dict[str, int]
    measures: frozenset[str]  # labels of money and measures: the counted thing is named before
    people: frozenset[str]  # labels a following state word refines ("people infected")
    states: frozenset[str]
    approximation_words: frozenset[str]
    bounds: dict[str, str]  # "mehr als" → "more than", "mindestens" → "at least", "rund" → "about"
    heads: dict[str, str]  # "verlust" → "loss": one label for the word naming an amount
    verb_states: frozenset[str]  # state words read to the clause's end ("… gestorben")
    currency_before: re.Pattern[str]  # "$", "£", "US$" right before a number: its group(1)
    currencies: dict[str, str]  # "$" → "dollars"
    short_multipliers: dict[str, int]  # "bn", "m" glued after a currency's number
    tolls: tuple[tuple[str, re.Pattern[str]], ...]  # label, "death toll|zahl der toten|bilan|…"
    ages: frozenset[str] = frozenset()  # "ans", "year-old", "jährige": after a number, no count
    age_before: frozenset[str] = frozenset()  # "aged" 46
    speeds: tuple[tuple[str, re.Pattern[str]], ...] = ()  # "km/h", its units written after a number
    part_of: frozenset[str] = frozenset()  # "of the", "der": "32 of the 88 seats"
    toll_verbs: frozenset[str] = frozenset()  # "… ist auf 62 gestiegen": a toll's number, its verb after it
    rates: tuple[tuple[str, re.Pattern[str]], ...] = ()  # label, "wahlbeteiligung|turnout|…": a percentage's
    parts: frozenset[str] = frozenset()  # labels counted as a part of a whole ("seats")
    claimants: tuple[tuple[str, re.Pattern[str]], ...] = ()  # "selon les syndicats": whose count
    attributions: frozenset[str] = frozenset()  # "selon", "laut": a count's source after it
    collectives: dict[str, int] = field(default_factory=dict)  # "vingtaine" → 20: roughly that many


@functools.lru_cache(maxsize=1)
def _units() -> Units:
    raw = json.loads(resources.files("summarizer.data").joinpath("units.json").read_text("utf-8"))
    nouns = {w: label for label, ws in raw["units"].items() for w in ws}
    qualifiers = {w: label for label, ws in raw["qualifiers"].items() for w in ws}
    return Units(nouns=nouns, qualifiers=qualifiers, multipliers=raw["multipliers"],
                 measures=frozenset(raw["measures"]), people=frozenset(raw["people"]),
                 states=frozenset(raw["states"]),
                 approximation_words=frozenset(w for phrase in raw["approximations"] for w in phrase.split()),
                 bounds={w: label for label, ws in raw["bounds"].items() for w in ws},
                 heads={w: label for label, ws in raw["heads"].items() for w in ws},
                 verb_states=frozenset(raw["verb_states"]),
                 currency_before=re.compile(r"(?<![\w$€£])(" + "|".join(
                     map(re.escape, sorted(raw["currency_before"], key=len, reverse=True))) + r")\s?$"),
                 currencies=raw["currency_before"], short_multipliers=raw["short_multipliers"],
                 tolls=_phrase_patterns(raw["tolls"]), ages=frozenset(raw["ages_and_durations"]),
                 age_before=frozenset(raw["age_before"]), speeds=_speed_patterns(raw["speeds"]),
                 part_of=frozenset(raw["part_of"]), toll_verbs=frozenset(raw["toll_verbs"]),
                 rates=_phrase_patterns(raw["rates"]), parts=frozenset(raw["parts"]),
                 claimants=_phrase_patterns(raw["claimants"]), attributions=frozenset(raw["attributions"]),
                 collectives=raw["collectives"])  # fmt: skip


def _alternatives(phrases: Sequence[str]) -> str:
    """`phrases` as one regular-expression alternation, the longest first."""
    return "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))


def _speed_patterns(speeds: dict[str, list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, pattern of its units right after a number: "180 km/h", "180 Kilometern pro Stunde")."""
    return tuple((label, re.compile(rf"\s*(?:{_alternatives(ws)})(?![\w/])", re.IGNORECASE))
                 for label, ws in speeds.items())  # fmt: skip


def _phrase_patterns(named: dict[str, list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, pattern of its phrases as whole words, lower case) for each label of `named`."""
    return tuple(
        (label, re.compile(rf"(?<!\w)(?:{_alternatives(phrases)})(?!\w)")) for label, phrases in named.items()
    )


# 3 000 · 3.000 · 3,000 · 3000 · 9,80 · 10 000 — with NBSP / narrow NBSP as thousands separator —
# or a number written out ("zwölf", "douze", "twelve": the lexicons' `number_words`, 2 to 20).
_FIGURE_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+(?:[.,]\d+)?"
_SCALE = r"(?:\s*(mille|tausend|thousand|millions?|millionen|mio\.?|milliards?|milliarden|mrd\.?|billions?))?"


@functools.lru_cache(maxsize=1)
def _figure() -> re.Pattern[str]:
    words = sorted(
        [*load_lexicon(("fr", "de", "en")).number_words, *_units().collectives], key=len, reverse=True
    )
    written = "|".join(map(re.escape, words))
    return re.compile(
        rf"(?<![\w.,:/-])(?:({_FIGURE_DIGITS})(?![\d])|({written})(?![\w'’-])){_SCALE}", re.IGNORECASE
    )


_NO_DIGIT = re.compile(r"\D*")
_SCALED_CURRENCY = re.compile(r"\s?(k|m|md|mds|mrd|mio|mn|bn)\.?\s?(€|\$|£)", re.IGNORECASE)
_SYMBOL = re.compile(r"()\s?(€|\$|£)")  # a currency right after a scale word ("2 Mio. €")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+")
_WORDS_AFTER = re.compile(r"[»“”\"']?\s*((?:[\w'’-]+\s*){1,8})")  # to the clause's end, 8 words at most


def parse_number(raw: str) -> float | None:
    """'3 000', '3.000', '3,000' → 3000; '9,80' → 9.8; '2.5' → 2.5."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", s):
        seps = set(re.findall(r"[ .,]", s))
        if len(seps) == 1:
            return float(re.sub(r"\D", "", s))
    if re.fullmatch(r"\d+[.,]\d+", s):
        return float(s.replace(",", "."))
    if s.isdigit():
        return float(s)
    return None


def format_number(value: float) -> str:
    """`3,000`, `2.5`, `1.1 billion`, `300 million`; a value beyond float range (a 400-digit "figure") is shown as such."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞" if value < 0 else "?"
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale and round(value / scale, 3) == value / scale:
            return f"{value / scale:,.3f}".rstrip("0").rstrip(".") + f" {word}"  # 1.1 billion
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Mention:
    """One counted quantity in a sentence: what it counts (`about`), its value, the word naming
    a measured amount ("subsidy" of 2 million euros: `head`, for money and measures only) and the
    place it is given for ("in Wales": `place`, a stem), each None when the sentence has none;
    `bound` when the value is one ("at least", "up to") or approximate ("about")."""

    about: str
    value: float
    head: str | None = None
    place: str | None = None
    place_name: str | None = None
    bound: str | None = None
    year: str | None = None  # the year nearest the figure in its sentence (YEAR_WINDOW), if any


# The year a figure is given for: the nearest year (1900-2099) within this many characters of it
# in its sentence ("2023 rund 2000 Stellen", "3,000 jobs in 2024", "En 2024, … 3 000 emplois").
YEAR_WINDOW = 60
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")


# A year in a sentence's opening words sets the time of all of it ("En février 2024, un mouvement
# similaire avait entraîné l'annulation d'environ 1 000 vols").
_OPENING_YEAR = re.compile(r"\W*(?:[^\W\d]+\.?\s+){0,4}((?:19|20)\d{2})(?![\d.,]\d)")


def _year_near(sentence: str, start: int, end: int) -> str | None:
    """The year nearest the figure at `start`-`end` within YEAR_WINDOW characters, else the year
    the sentence opens with (`_OPENING_YEAR`), else None."""
    best: tuple[int, str] | None = None
    for match in _YEAR.finditer(sentence, max(0, start - YEAR_WINDOW), end + YEAR_WINDOW):
        if match.start() < end and match.end() > start:
            continue  # the figure itself
        distance = start - match.end() if match.end() <= start else match.start() - end
        if best is None or distance < best[0]:
            best = (distance, match.group())
    if best is None and (opening := _OPENING_YEAR.match(sentence)) and opening.end() <= start:
        return opening.group(1)
    return best[1] if best else None


# A place given for a figure, in its clause after the counted noun: "40 000 foyers in Wales",
# "soldats … formés en Russie orientale".
PLACE_WINDOW = 80
_CLAUSE_END = re.compile(r"[,;:.!?()«»“”\"]")
_PLACE = re.compile(r"\b(?:in|en|au|aux|dans|im)\s+(?:(?:the|der|dem|den|la|le|les)\s+|l['’])?"
                    r"(?:[a-z][\w-]*\s+){0,2}?([A-ZÀ-ÖØ-Þ][\w-]+)")  # fmt: skip
# A number after these is the base of a rate ("neuf décès pour 1 000 habitants").
_RATE_BASE = frozenset({"je", "pro", "per", "par", "pour", "sur", "every"})
# A figure in parentheses right after another one converts it ("60 Milliarden Yen (512 Mio Euro)").
_CONVERSION = re.compile(r"\d[\w.,%€$£ ]*\(\s*(?:[a-zäöüéèêà]+\s*){0,2}$", re.IGNORECASE)
CONVERSION_WINDOW = 40  # only the end of the text before a figure is searched (bounded work)
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w-]*")
_PERCENT = re.compile(r"\s?(?:%|(?:prozent|percent|per cent|pour ?cent|pct)(?!\w))", re.IGNORECASE)
_ALL_CAPS = re.compile(r"[A-Z]{2,}[\w-]*")


def figure_mentions(sentence: str) -> list[Mention]:
    """The counted quantities of a sentence, in any of our languages.

    Not figures: years, times (10:30), ages and spans of time ("a 46-year-old", "46 ans", "drei
    Jahre"), model and product names ("Boeing 737 MAX", "A340-600",
    "Airbus 320 planes": a number right after a capitalised word inside the sentence, or before
    an all-capitals one), and numbers whose counted noun is not named within four words
    (`_counted_noun`) nor by a currency before them ("$1.2bn", "£300m").
    """
    units = _units()
    sentence = sentence[:TERM_CHARS]  # bounded work on a hostile page's megabyte "sentence"
    found: list[Mention] = []
    last_about: str | None = None  # what the last count counted (its organisers' claim aside)
    last_count: Mention | None = None  # that count's mention
    number_words = load_lexicon(("fr", "de", "en")).number_words
    low: tuple[float, int] | None = None  # a range's low end and where it ends: "entre 5 000 et …"
    for match in _figure().finditer(sentence):
        digits, written, scale_word = match.groups()
        collective = units.collectives.get(written.casefold()) if written else None  # "une vingtaine"
        value = parse_number(digits) if digits else float(collective or number_words[written.casefold()])
        if value is None:
            continue
        before = sentence[: match.start()].rstrip(" ")
        if _RANGE_OPEN.search(before[-20:]) and _RANGE_NEXT.match(sentence, match.end()):
            low = (value, match.end())  # told with its high end: "between 5,000 and 8,000 people"
            continue
        range_low = low[0] if low and _RANGE_JOIN.fullmatch(sentence, low[1], match.start()) else None
        low, parsed = None, value
        previous = before.rsplit(None, 1)[-1] if before.strip() else ""
        # "3.412": thousands are counted, not models; nor is a number written out.
        grouped = not digits or bool(_GROUPED.fullmatch(digits))
        clause_before = _CLAUSE_END.split(before[-PLACE_WINDOW:])[-1]
        # "Boeing 737", "Airbus 320": a model, not a count ("in Bayern 3.412 Menschen", "der Stärke 7,5" are).
        if (
            not grouped
            and _is_model_name(before, previous)
            and not _toll(clause_before, units, adjacent=True)
        ):
            continue
        if previous.casefold() in _RATE_BASE or _CONVERSION.search(before[-CONVERSION_WINDOW:]):
            continue  # "je 1.000 Einwohner" is a rate's base; "(108 Mio Euro)" restates a figure
        if scale_word:
            value *= units.multipliers.get(scale_word.casefold().rstrip("."), 1)
        after = _WORDS_AFTER.match(sentence, match.end())
        raw_tail = re.findall(r"[\w'’-]+", after.group(1)) if after else []
        currency = units.currency_before.search(before[-8:])
        if currency:  # "$1.2bn", "£300m", "US$ 2 billion": money, its scale glued after
            scale = raw_tail[0].casefold() if raw_tail and not scale_word else ""
            if scale in units.short_multipliers and sentence[match.end() : match.end() + 1].isalpha():
                value *= units.short_multipliers[scale]
                raw_tail = raw_tail[1:]
        paid = None  # a currency after the number, its scale glued before it: "80 M€", "1,2 Md€"
        scaled = (
            None if currency else (_SYMBOL if scale_word else _SCALED_CURRENCY).match(sentence, match.end())
        )
        if scaled and scaled.group(2) in units.currencies:  # "2 Mio. €": its scale read already
            value *= units.short_multipliers.get((scaled.group(1) or "").casefold(), 1)
            paid = units.currencies[scaled.group(2)]
            after = _WORDS_AFTER.match(sentence, scaled.end())
            raw_tail = re.findall(r"[\w'’-]+", after.group(1)) if after else []
        if raw_tail and _ALL_CAPS.fullmatch(raw_tail[0]) and raw_tail[0].casefold() not in units.nouns:
            continue  # "737 MAX"
        tail = [w.casefold() for w in raw_tail]
        if (tail and tail[0].lstrip("-") in units.ages) or previous.casefold() in units.age_before:
            continue  # an age or a span of time: "a 46-year-old driver died", "46 ans", "aged 46"
        # The clause's last words before the number: "has killed more than 2,000 people".
        clause_words = [w.casefold() for w in re.findall(r"[\w'’-]+", clause_before)[-STATE_WINDOW:]]
        leading = clause_words[-4:]
        if tail[:1] and tail[0] in ("de", "d'", "of", "ses", "seiner"):
            tail = tail[1:]
        tail = [t[2:] if t.startswith(("d'", "d’")) else t for t in tail]
        if collective and tail and tail[0] in units.ages:
            continue  # "un homme d'une trentaine d'années": an age
        percent = None if currency or paid else _PERCENT.match(sentence, match.end())
        if percent:  # a rate, when its clause names one ("die Wahlbeteiligung lag bei 73,6 Prozent")
            rate = _last_named(clause_before, units.rates)
            if rate is not None:
                found.append(Mention(about="percent", value=value, head=rate, bound=_bound(leading, units)))
            continue
        speed = None if currency or paid else next(
            ((label, m.end()) for label, pattern in units.speeds if (m := pattern.match(sentence, match.end()))), None
        )  # fmt: skip
        # "8000 selon la police": the words after the number name its source, not its noun.
        attributed = bool(tail) and tail[0] in units.attributions
        noun = None if currency or paid or speed or attributed else _counted_noun(tail, clause_words, units)
        toll = None
        bare = not tail or tail[0] in stopwords() or tail[0] in _date_words() or tail[0] in units.toll_verbs
        if noun is None and not currency and not paid and not speed:
            # "the death toll rose to 14"; right before it, whatever follows: "a magnitude 7.5 earthquake".
            toll = _toll(clause_before, units, adjacent=not bare)
            if toll is None and not attributed:
                toll = _state_before(leading, units)  # "killed three people and injured 24"
        named = units.currencies[currency.group(1)] if currency else paid or (speed[0] if speed else None)
        about = named or (noun[0] if noun else toll)
        noun_at = 0 if currency or paid or toll or speed else noun[1] if noun else -1
        noun_end = speed[1] if speed else match.end()
        if noun:
            position = sentence.casefold().find(tail[noun[1]], match.end())
            noun_end = position + len(tail[noun[1]]) if position >= 0 else match.end()
        if (
            about is None
            and last_about
            and value >= 1000
            and (not tail or tail[0] in stopwords() or tail[0] in units.attributions)
        ):
            # "plus de 10 000 soldats …, et 3 000 sont déjà attendus"; not "… 111.058 déplacés";
            # "10 000 personnes selon les syndicats, 8000 selon la police"
            about = last_about
            inherited = last_count if found and found[-1] is last_count else None
        else:
            inherited = None
        if about is None or (
            1900 <= value <= 2100
            and bool(digits)
            and digits.isdigit()
            and not (noun_at == 0 and (not previous or previous.casefold() in units.approximation_words))
        ):
            # A year is four plain digits: "2 000 personnes", "2.000 Menschen" are counts, and
            # so is "mehr als 2000 Menschen" (an approximation or nothing before, its noun next).
            continue
        label = about.rsplit(" ", 1)[-1]
        if (
            written
            and not collective
            and not (scale_word and label in units.measures)
            and (label not in units.states or noun_at != 0)
        ):
            # A number written out counts only the dead, injured, evacuated… named right after it:
            # "les deux hommes", "six mille de ses militaires" name who they are more than a count,
            # "two crashes that killed" counts crashes; "zwölf Tote", "douze personnes tuées" count,
            # and so do sums with their scale ("sechs Millionen Euro").
            continue
        # Money, measures and plain counts of people are told apart by the word naming them
        # ("a loss of", "776 Personen … arbeitslos" vs "82.303 Personen verstarben").
        spoken = before[: len(before) - len(currency.group(0))] if currency else before  # not "US" of "US$"
        head = _head_word(spoken) if label in units.measures or label in units.people else None
        head = units.heads.get(head, head) if head else None
        clause = _CLAUSE_END.split(sentence[noun_end : noun_end + PLACE_WINDOW], maxsplit=1)[0]
        place = _PLACE.search(clause)
        # A count continuing the one before keeps its place unless it names its own ("10 000
        # soldats … en Russie, et 3 000 sont déjà attendus sur place"; "davon 2800 in Deutschland").
        place_name = place.group(1) if place else inherited.place_name if inherited else None
        # A count the organisers give is theirs, not the one reported: "10 000 personnes selon les
        # syndicats" does not contradict "8000 Menschen nach Polizeiangaben".
        said = _NO_DIGIT.match(sentence, noun_end, noun_end + PLACE_WINDOW)  # up to the next number
        claimed = _last_named(said.group() if said else "", units.claimants) or _last_named(
            clause_before, units.claimants
        )
        last_about = about
        last_count = Mention(about=f"{about} ({claimed})" if claimed else about, value=value, head=head,
                             place=place_key(place_name) if place_name else None, place_name=place_name,
                             bound=_range_bound(range_low, value, parsed) if range_low is not None
                             else "roughly" if collective else _bound(leading, units),
                             year=_year_near(sentence, match.start(), match.end()))  # fmt: skip
        found.append(last_count)
    return found


# A range: "between 5,000 and 8,000", "entre 5 000 et 7 000", "zwischen 5000 und 6000".
_RANGE_OPEN = re.compile(r"(?<!\w)(?:between|entre|zwischen)$", re.IGNORECASE)
_RANGE_NEXT = re.compile(r"\s+(?:and|et|und)\s+\d")
_RANGE_JOIN = re.compile(r"\s+(?:and|et|und)\s+")
_RANGE_BOUND = re.compile(r"between (.+) and")


def _range_bound(low: float, high: float, parsed: float) -> str:
    """The bound of a range's high end, naming its low end: "between 5,000 and" (7,000); a scale
    told once applies to both ("between 1.2 and 1.5 million")."""
    scaled = low * high / parsed if parsed else low
    return f"between {format_number(scaled if scaled <= high else low)} and"


def range_low(bound: str | None) -> float | None:
    """The low end a range's bound names ("between 5,000 and" → 5000), None for other bounds."""
    match = _RANGE_BOUND.fullmatch(bound or "")
    if not match:
        return None
    number, _, word = match.group(1).partition(" ")
    value = float(number.replace(",", ""))
    return value * {"million": 1e6, "billion": 1e9}.get(word, 1)


def place_key(name: str) -> str:
    """A place as figures compare it: one key whatever the language names it ("Allemagne",
    "Deutschland", "Germany"; data/places.json), else the name's stem."""
    folded = fold(name)
    return place_names().get(folded, folded)[:STEM]


# A verb of state this many words before a count in its clause tells its state: German puts the
# verb second ("Seit Freitag starben nach Angaben des Ministeriums mindestens 14 Menschen").
STATE_WINDOW = 8


def _counted_noun(tail: Sequence[str], before: Sequence[str], units: Units) -> tuple[str, int] | None:
    """What the number before `tail` (the clause's next words, lower case) counts and where its
    noun is: the first counted noun within four words, refined by a state ("2 000 people
    infected", "killed 157 people"; a verb of state up to STATE_WINDOW words of the clause
    `before` it) and a qualifier of its phrase; None when none is named."""
    leading = before[-4:]
    for k, word in enumerate(tail[:4]):
        if word.isdigit():
            whole = tail[k + 1] if k + 1 < len(tail) else ""
            if " ".join(tail[:k]) in units.part_of and units.nouns.get(whole) in units.parts:
                return f"{units.nouns[whole]} of {word}", k + 1  # "32 der 88 Sitze": 32 seats of 88
            return None  # the next number's noun is not this one's
        if word not in units.nouns:
            continue
        label = units.nouns[word]
        # A state within three words, one word or two ("ums Leben": died), before the number in
        # its clause, or a verb of state further on ("3.412 Menschen an oder mit dem Virus gestorben").
        # Not past a conjunction: "killed three people and injured 24" are three dead.
        after_noun = list(itertools.takewhile(lambda w: w not in _CONJUNCTIONS, tail[k + 1 : k + 5]))
        rest = tail[k + 1 :]
        # Three words before two, two before one ("ont perdu la vie" is dead; "schwer verletzt" is
        # seriously injured, not injured).
        near = [*_phrases(after_noun, words=3), *_phrases(leading),
                *(w for w in (*_phrases(before), *_phrases(rest)) if w in units.verb_states)]  # fmt: skip
        state = next((units.nouns[w] for w in near if units.nouns.get(w) in units.states), None)
        if label in units.people and state:
            label = state
        # A qualifier anywhere in the noun phrase: "12 additional F-35 fighter jets", "12 avions de
        # combat F-35 supplémentaires"; not in the next number's phrase.
        phrase = list(itertools.takewhile(lambda w: not w.isdigit(), tail[k : k + 5]))
        qualifier = next((units.qualifiers[w] for w in (*tail[:k], *phrase) if w in units.qualifiers), None)
        return (f"{qualifier} {label}" if qualifier else label), k
    return None


# A state named after one of these belongs to the next clause, not to the count before it.
_CONJUNCTIONS = frozenset({"and", "und", "et", "while", "whereas", "but", "aber", "mais", "sowie", "während"})


def _phrases(found: Sequence[str], words: int | None = None) -> list[str]:
    """The three-word, then two-word phrases of `found`, then its words; with `words`, only the
    three-word phrases reach past the first `words` words ("ont perdu la vie" is one state,
    "gegen die vielen Toten" names no state of the marchers)."""
    short = found[:words] if words else found
    return [*map(" ".join, zip(found, found[1:], found[2:], strict=False)), *map(" ".join, itertools.pairwise(short)),
            *short]  # fmt: skip


def _toll(clause: str, units: Units, *, adjacent: bool = False) -> str | None:
    """What a number with no noun of its own counts when its clause names a toll before it
    ("the death toll rose to 14", "die Zahl der Toten stieg auf 14", "le bilan s'élève à 14"):
    the label of the toll named last; None when none is. With `adjacent`, only a toll named
    right before the number counts ("magnitude 7.5", "der Stärke 7,5")."""
    return _last_named(clause, units.tolls, adjacent=adjacent)


def _state_before(leading: Sequence[str], units: Units) -> str | None:
    """The state a verb right before a number names, the number then counting those in it:
    "… and injured 24", "evacuated 2,000 from their homes"; None when the word before is none."""
    for size in (2, 1):
        words = " ".join(leading[-size:])
        if len(leading) >= size and words in units.verb_states and units.nouns.get(words) in units.states:
            return units.nouns[words]
    return None


Named = Sequence[tuple[str, re.Pattern[str]]]  # label, the pattern of its phrases


def _last_named(clause: str, named: Named, *, adjacent: bool = False) -> str | None:
    """The label of the phrase of `named` that `clause` names last (with `adjacent`, only one
    that ends the clause), None when none is."""
    text = clause.casefold().rstrip()
    last: tuple[int, int, str] | None = None
    for label, pattern in named:
        for match in pattern.finditer(text):
            if last is None or match.start() > last[0]:
                last = (match.start(), match.end(), label)
    if last is None or (adjacent and last[1] != len(text)):
        return None
    return last[2]


def _bound(leading: Sequence[str], units: Units) -> str | None:
    """What the words right before a figure make of it: "mehr als 2000" → "more than"."""
    for size in (2, 1):
        if len(leading) >= size and (bound := units.bounds.get(" ".join(leading[-size:]))):
            return bound
    return None


def _is_model_name(before: str, previous: str) -> bool:
    """A number right after a capitalised word inside a clause ("Boeing 737") names a model; not
    after a clause's first word ("Paris — Environ 3 000", "Rund 3.000"), a stop word, an
    approximation, or a day or month ("am Dienstag 12 Menschen", "On Tuesday 300 people": German
    and English capitalise them)."""
    if not previous or not _CAPITALISED.fullmatch(previous) or sentence_start(before, previous):
        return False
    word = previous.casefold()
    return word not in stopwords() and word not in _units().approximation_words and word not in _date_words()


@functools.lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    lexicon = load_lexicon(("fr", "de", "en"))
    return lexicon.months | lexicon.date_words


def sentence_start(before: str, previous: str) -> bool:
    """`previous` (the last word of `before`) opens the sentence or a clause after a dash or colon."""
    rest = before[: len(before) - len(previous)].rstrip()
    return not rest or rest.endswith(("—", "–", "-", ":", "«", '"', "(", "“", ".", "!", "?"))


@functools.lru_cache(maxsize=1)
def _head_skip() -> frozenset[str]:
    return stopwords() | _units().approximation_words


# A word naming an amount ("Schaden") is sought this many words back in the figure's clause:
# "Den Schaden schätzt der Bürgermeister von Crest auf 80 Millionen Euro".
HEAD_WINDOW = 10
HEAD_CHARS = 120  # of the text before the figure: bounded work


def _head_word(before: str) -> str | None:
    """The word naming a measured amount: of the HEAD_WINDOW words before it in its clause, the
    nearest that names an amount (`heads` in units.json: "eine Strafe in Höhe von 1,8 Milliarden"
    → Strafe, "fined Apple €1.84bn" → fined), else the nearest of the five words before it that
    is a content word ("a subsidy of 2 million euros" → subsidy, "une perte de 2 milliards" → perte)."""
    skip = _head_skip()
    clause = _CLAUSE_END.split(before[-HEAD_CHARS:])[-1]
    words = [
        w.casefold().split("'")[-1].split("’")[-1] for w in re.findall(r"[\w'’-]+", clause)[-HEAD_WINDOW:]
    ]
    content = [w for w in reversed(words) if w and w not in skip and not w.isdigit()]
    nearest = [w for w in reversed(words[-5:]) if w and w not in skip and not w.isdigit()]
    return next((w for w in content if w in _units().heads), nearest[0] if nearest else None)


def extract_figures(sentence: str) -> list[tuple[str, float]]:
    """(what it counts, value) for each counted quantity in a sentence (see `figure_mentions`)."""
    return [(m.about, m.value) for m in figure_mentions(sentence)]


def story_figures(articles: Sequence[ArticleText]) -> list[Figure]:
    """Quantities reported by two or more articles, each distinct value with its sources and
    the sentence each source gives it in.

    Like is compared with like: the same counted noun and qualifiers, for money and measures
    the same head word (a subsidy is not a loss), and where sources give places for it, the
    same place ("in Wales" is not "in south-west England"; a value without a place then belongs
    to no place and is left out). Where one place is given, a value without it is for that place,
    unless one sentence gives both: then the two are two quantities.
    """
    order = {a.id: k for k, a in enumerate(articles)}
    # (about, head) → place → [(value, bound, article, sentence, year)]
    found: dict[tuple[str, str | None], dict[str | None, list[Told]]] = defaultdict(lambda: defaultdict(list))
    place_titles: dict[str, str] = {}
    heads: dict[str, str] = {}
    states = frozenset(_units().states)
    for article in articles:
        counted: set[str] = set()  # the states this article has counted so far
        published = datetime.date.fromordinal(article.day).year if article.day else None
        for sentence in article.sources:
            for m in figure_mentions(sentence):
                about = _others(m.about, counted, states)
                if about in states:
                    counted.add(about)
                head = fold(m.head)[:STEM] if m.head else None
                if head and m.head:
                    heads.setdefault(head, m.head)
                if m.place and m.place_name:
                    place_titles.setdefault(m.place, m.place_name)
                past = m.year if m.year and published and int(m.year) < published - PAST_YEARS else None
                found[(about, head)][m.place].append((m.value, m.bound, article.id, sentence, m.year, past))
    figures = []
    for (about, head), by_place in found.items():
        places = [p for p in by_place if p is not None]
        label = f"{about} ({heads[head]})" if head else about
        placed = {told[3] for p in places for told in by_place[p]}
        if len(places) == 1 and placed & {told[3] for told in by_place.get(None, ())}:
            # One sentence gives it with the place and without: two quantities ("4500 Stellen
            # ab, davon 2800 in Deutschland"), the worldwide one and the German one.
            groups = [(label, by_place[None]), (f"{label} in {place_titles[places[0]]}", by_place[places[0]])]
        elif len(places) <= 1:
            groups = [(label, [x for mentions in by_place.values() for x in mentions])]
        else:
            groups = [(f"{label} in {place_titles[p]}", by_place[p]) for p in places]
        for name, mentions in (group for pair in groups for group in _by_year(*pair)):
            values: dict[float, dict[str, str]] = defaultdict(dict)  # value → article → sentence
            bounds: dict[float, set[str | None]] = defaultdict(set)
            for value, bound, reporter, sentence, *_ in mentions:
                if reporter not in values[value]:  # the bound of the sentence shown for the source
                    values[value][reporter] = sentence
                    bounds[value].add(bound)
            reporters = {a for by in values.values() for a in by}
            if len(reporters) < 2:
                continue
            if len(values) > 1 and not sources_differ(values):
                continue  # every source gives the same values: two quantities its key runs together
            ordered = sorted(values.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            consistent = can_all_be_true([(v, b) for v, bs in bounds.items() for b in bs])
            figures.append(Figure(about=name, consistent=consistent, values=[
                FigureValue(value=format_number(v), bound=next(iter(bounds[v])) if len(bounds[v]) == 1 else None,
                            sources=sorted(by, key=order.__getitem__),
                            support=[Support(article=a, sentence=by[a]) for a in sorted(by, key=order.__getitem__)])
                for v, by in ordered]))  # fmt: skip
    figures.sort(key=lambda g: (-len(g.values), g.about))
    return figures


# value, bound, article, sentence, the year it is told for, that year when it is past (PAST_YEARS)
Told = tuple[float, str | None, str, str, str | None, str | None]
# A figure told for a year more than this many years before its article's publication is a past
# quantity, not the story's ("En 2017, les incendies … avaient fait 66 morts" in a 2025 report of
# three dead); last year's is not (a company's "loss of 620 million in 2024", reported in 2025).
PAST_YEARS = 1


def _by_year(name: str, mentions: list[Told]) -> list[tuple[str, list[Told]]]:
    """A quantity told for a past year (PAST_YEARS before its report) is a quantity of that year;
    of the others, one told for two years or more is one quantity per year ("2000 Stellen" cut
    in 2023, "3,000 jobs in 2024"), a value given for no year then left out; told for one year
    or none, the year is no qualifier (a report's own date: "am 11. März 2025")."""
    past = sorted({told[5] for told in mentions if told[5]})
    groups = [(f"{name} in {year}", [told for told in mentions if told[5] == year]) for year in past]
    current = [told for told in mentions if not told[5]]
    years = sorted({told[4] for told in current if told[4]})
    if len(years) < 2:
        return [*groups, (name, current)] if current else groups
    return [
        *groups,
        *((f"{name} in {year}", [told for told in current if told[4] == year]) for year in years),
    ]


def _others(about: str, counted: Set[str], states: Set[str]) -> str:
    """What an "additional" count of people in a state counts, given the states its article has
    counted before: after the dead, "38 weitere wurden verletzt" are the injured ("38 others"),
    not 38 more injured; after a count of the injured, or first, they are more of them."""
    qualifier, _, state = about.partition(" ")
    if qualifier == "additional" and state in states and state not in counted and counted:
        return state
    return about


def sources_differ(values: Mapping[float, Mapping[str, str]]) -> bool:
    """Whether two sources each give a value of a figure that the other does not (value → source
    → sentence). A source giving two values tells two quantities apart ("150.000 Haushalte in
    der Bretagne, in der Normandie 40.000") or a toll and its update ("rose from 12 to 14"):
    another source giving both, or one of them, contradicts it in nothing."""
    told: dict[str, set[float]] = defaultdict(set)
    for value, by in values.items():
        for source in by:
            told[source].add(value)
    return any(a - b and b - a for a, b in itertools.combinations(told.values(), 2))


# "about 2,000" admits a value this far off (1,900–2,100): "about 40,000" and "some 45,000" differ.
ABOUT = 0.05
ROUGHLY = 0.3  # "une vingtaine", "ein Dutzend": a loose count, 30% either way


def is_round(value: float) -> bool:
    """A value a reporter rounds to: 300, 2,000, 1,500, 10,000 (one significant digit, or a
    half), not 13, 1,404 or 2,122."""
    if value < 100 or value != int(value):
        return False
    digits = str(int(value)).rstrip("0")
    return len(digits) == 1 or (len(digits) == 2 and digits[1] == "5")


def _last_digit(value: float) -> float | None:
    """The place of a value's last significant digit when it has two or more (1.8 billion →
    100 million, 74 → 1, 73.6 → 0.1), None for one ("10,000", "8") or none."""
    if not math.isfinite(value) or value == 0:
        return None
    digits = decimal.Decimal(repr(value)).normalize().as_tuple()
    if len(digits.digits) < 2 or not isinstance(digits.exponent, int):
        return None
    return float(decimal.Decimal(1).scaleb(digits.exponent))


def _half_up(x: float) -> int:
    """`x` rounded as news rounds it, halves up (82.5 → 83; Python's round gives 82)."""
    return math.floor(x + 0.5 + 1e-9)


def can_all_be_true(values: Sequence[tuple[float, str | None]]) -> bool:
    """Whether the (value, bound) pairs reported are one figure told loosely: only a round
    value given as a bound or an approximation is loose ("more than 2,000" and "2,122" can both
    be true: the toll rose), and one true value fits them all ("about 2,000" admits ±5%). Two
    precise values that differ disagree, bounds or not: "at least 13" and "at least 14" dead
    are two tolls, and so are "2,000" and "2,122"; a value of two significant digits or more
    that another rounds to is that value rounded ("1.8 billion" and "1.84 billion", "74 %" and
    "73.6 %" can both be true; "7.5" and "7.6" cannot, nor "10,000" and "12,000")."""
    units = {value: _last_digit(value) for value, _ in values}
    rounded = {value: unit for value, unit in units.items()
               if unit and any(u and u < unit and _half_up(other / unit) * unit == value for other, u in units.items())}  # fmt: skip
    precise = {
        value
        for value, bound in values
        if (bound is None or (bound != "roughly" and range_low(bound) is None and not is_round(value)))
        and value not in rounded
    }
    if len(precise) > 1:
        return False
    low, high = -math.inf, math.inf
    for value, bound in values:
        if bound in ("at least", "more than"):
            low = max(low, value)
        elif bound == "up to":
            high = min(high, value)
        elif (floor := range_low(bound)) is not None:  # "between 5,000 and 7,000"
            low, high = max(low, floor), min(high, value)
        elif bound == "roughly":  # "une vingtaine": 14 to 26
            low, high = max(low, value * (1 - ROUGHLY)), min(high, value * (1 + ROUGHLY))
        elif bound == "about":
            low, high = max(low, value * (1 - ABOUT)), min(high, value * (1 + ABOUT))
        elif value in rounded:
            low, high = max(low, value - rounded[value] / 2), min(high, value + rounded[value] / 2)
        else:
            low, high = max(low, value), min(high, value)
    return low <= high


def build_story(members: Sequence[ArticleText]) -> Story:
    """One story from the articles grouped into it: its title, facts and figures."""
    if len(members) == 1:
        title = members[0].title
    else:
        # The title of the article closest to the story's centroid names the story; of an
        # English article when the story has one (the digest is English, even untranslated).
        idf = idf_of(a.counts.keys() for a in members)
        vecs = [tfidf(a.counts, idf) for a in members]
        centroid: Vector = defaultdict(float)
        for vec in vecs:
            for term, weight in vec.items():
                centroid[term] += weight
        english = [i for i, a in enumerate(members) if a.language == "en"]
        centre = max(english or range(len(members)), key=lambda i: (cosine(vecs[i], centroid), -i))
        title = members[centre].title
    failed: list[tuple[str, str]] = []
    facts = _guarded(story_facts, members, failed)
    figures = _guarded(story_figures, members, failed)
    return Story(title=title, articles=[a.id for a in members], facts=facts, figures=figures,
                 failed=list(dict.fromkeys(failed)))  # fmt: skip


T = TypeVar("T")


def _guarded(step: Callable[[Sequence[ArticleText]], list[T]], members: Sequence[ArticleText],
             failed: list[tuple[str, str]]) -> list[T]:  # fmt: skip
    """`step` over the story; when it fails, the articles it fails on alone are found, recorded
    in `failed` and left out, and the step runs again on the others (one page's odd text never
    costs the story its facts, nor the run its digest)."""
    try:
        return step(members)
    except Exception:  # any failure here is one page's doing, found below
        pass
    good = []
    for article in members:
        try:
            step([article])
        except Exception as exc:
            failed.append((article.id, f"{type(exc).__name__}: {exc}"[:200]))
            continue
        good.append(article)
    try:
        return step(good)
    except Exception as exc:  # a failure no single page causes: the step is skipped
        failed.extend((a.id, f"{type(exc).__name__}: {exc}"[:200]) for a in good)
        return []


def build_stories(
    articles: Sequence[ArticleText],
    build: Callable[[list[list[ArticleText]]], list[Story]] | None = None,
) -> list[Story]:
    """The corpus digest: articles grouped into stories, then each story's facts and figures.

    `build` turns the groups into stories (default: one after the other, here); the Ray engine
    passes one that builds them in parallel tasks.
    """
    groups = [[articles[i] for i in group] for group in group_stories(articles)]
    if build is not None:
        return build(groups)
    return [build_story(members) for members in groups]
