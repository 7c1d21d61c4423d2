"""The cleaning rules on pages written for these tests: other sites, templates, formats."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import PAGES

# (file, start of the line) → the reason it must be removed with, or None when it must stay.
EXPECTED: list[tuple[str, str, str | None]] = [
    ("de_nachrichten.html", "Bundestag beschließt umstrittenes", None),
    ("de_nachrichten.html", "Berlin. Der Bundestag hat am Freitag", None),
    ("de_nachrichten.html", "Kritik der Union", None),
    ("de_nachrichten.html", "Bundeswirtschaftsminister Robert Habeck", None),
    ("de_nachrichten.html", "Lesen Sie auch:", "read-also"),
    ("de_nachrichten.html", "Teilen", "share-button"),
    ("de_nachrichten.html", "Dieser Artikel wurde mithilfe von KI", "ai-disclaimer"),
    ("de_nachrichten.html", "© dpa-infocom", "agency-credit"),
    ("de_nachrichten.html", "Wärmepumpen: Die wichtigsten Fragen", "related-headline"),
    ("de_nachrichten.html", "Förderung: So viel Geld", "related-headline"),
    ("fr_quotidien.html", "Inondations dans le Pas-de-Calais", None),
    ("fr_quotidien.html", "Les pluies diluviennes", None),
    ("fr_quotidien.html", "Un bilan encore provisoire", None),
    ("fr_quotidien.html", "Le gouvernement a annoncé", None),
    ("fr_quotidien.html", "Publié le 08/11/2023", "published-date"),
    ("fr_quotidien.html", "Temps de lecture", "reading-time"),
    ("fr_quotidien.html", "À lire aussi :", "read-also"),
    ("fr_quotidien.html", "Abonnez-vous à notre newsletter", "newsletter"),
    ("fr_quotidien.html", "Partager sur Facebook", "share-button"),
    ("fr_quotidien.html", "Cet article a été rédigé avec l'aide d'une intelligence", "ai-disclaimer"),
    ("fr_quotidien.html", "(Avec AFP)", "agency-credit"),
    ("fr_portail.txt", "Accueil > Monde > Europe", "breadcrumb"),
    ("fr_portail.txt", "Grève des contrôleurs aériens", None),
    ("fr_portail.txt", "Lecture : 2 min", "reading-time"),
    ("fr_portail.txt", "Publié le 21 mars 2024", "published-date"),
    ("fr_portail.txt", "PARIS — Des centaines de vols", None),
    ("fr_portail.txt", "Facebook Twitter WhatsApp E-mail", "share-button"),
    ("fr_portail.txt", "Les passagers sont invités", None),
    ("fr_portail.txt", "Sur le même sujet", "read-also"),
    ("fr_portail.txt", "Transport aérien : les compagnies", "related-headline"),
    ("fr_portail.txt", "SNCF : le trafic perturbé", "related-headline"),
    ("fr_portail.txt", "Nous utilisons des cookies", "cookie"),
    ("de_agentur.md", "Starkregen: Hunderte Keller", None),
    ("de_agentur.md", "Lesezeit: 2 Min.", "reading-time"),
    ("de_agentur.md", "München (dpa) - Heftige Unwetter", None),
    ("de_agentur.md", "Transparenz: Redaktionell erstellt", "editorial-disclaimer"),
    ("de_agentur.md", "Der Deutsche Wetterdienst warnte", None),
    ("de_agentur.md", "jbr/dpa", "agency-credit"),
    ("de_portal.html", "Hochwasser in Sachsen: Pegel", None),
    ("de_portal.html", "Stand: 14.09.2024", "published-date"),
    ("de_portal.html", "Dresden. Der Pegel der Elbe", None),
    ("de_portal.html", "Bild vergrößern", "site-navigation"),
    ("de_portal.html", "Bildunterschrift:", "agency-credit"),
    ("de_portal.html", "Nach Angaben des Landeshochwasserzentrums", None),
    ("de_portal.html", "Evakuierungen in Pirna", None),
    ("de_portal.html", "In Pirna wurden zwei Pflegeheime", None),
    ("de_portal.html", "Hier geht's zum Liveblog", "read-also"),
    ("de_portal.html", "Mit * gekennzeichnete Links", "editorial-disclaimer"),
    ("de_portal.html", "Quelle: MDR, dpa", "agency-credit"),
    ("de_portal.html", "Kommentare (37)", "share-button"),
    ("de_portal.html", "Schlagwörter:", "read-also"),
    ("fr_regional.html", "Tempête Ciarán : 1,2 million", None),
    ("fr_regional.html", "EN DIRECT", "site-navigation"),
    ("fr_regional.html", "Brest. La tempête Ciarán", None),
    ("fr_regional.html", "Le ministre de l'Intérieur a annoncé", None),
    ("fr_regional.html", "Contenu sponsorisé", "advertisement"),
    ("fr_regional.html", "Dans le Morbihan, plusieurs routes", None),
    ("fr_regional.html", "Cet article a été initialement publié", "editorial-disclaimer"),
    ("fr_regional.html", "12 commentaires", "share-button"),
    ("fr_regional.html", "Rejoignez-nous sur WhatsApp", "share-button"),
    ("fr_regional.html", "Mots-clés :", "read-also"),
    ("fr_regional.html", "Haut de page", "site-navigation"),
    ("newsplease.json", "Le Parlement européen adopte", None),
    ("newsplease.json", "Les systèmes d'IA jugés à haut risque", None),
    ("newsplease.json", "Partager cet article", "share-button"),
    ("en_wire.txt", "Home > World > Europe", "breadcrumb"),
    ("en_wire.txt", "Floods force thousands", None),
    ("en_wire.txt", "By Maria Rossi, Rome correspondent", "byline"),
    ("en_wire.txt", "Published 3 hours ago", "published-date"),
    ("en_wire.txt", "Share this article", "share-button"),
    ("en_wire.txt", "Heavy rain has forced", None),
    ("en_wire.txt", "Rivers burst their banks", None),
    ("en_wire.txt", '"We have never seen anything', None),
    ("en_wire.txt", "Civil protection chief", None),
    ("en_wire.txt", "Sign up for our morning newsletter", "newsletter"),
    ("en_wire.txt", "Read more: Italy declares", "read-also"),
    ("en_wire.txt", "Italy floods: Death toll rises", "related-headline"),
    ("en_wire.txt", "2 days ago", "date-line"),
    ("en_wire.txt", "This article was translated with the help of AI.", "ai-disclaimer"),
    ("en_wire.txt", "We use cookies", "cookie"),
    ("en_wire.txt", "Manage preferences", "cookie"),
    ("en_wire.txt", "Follow us on X", "share-button"),
    ("en_wire.txt", "3 min read", "reading-time"),
    ("en_wire.txt", "Advertisement", "advertisement"),
]


@pytest.fixture(scope="module")
def pages() -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["clean", str(PAGES), "--json"])
    assert result.exit_code == 1, result.output  # dump.jsonl holds two broken records
    return json.loads(result.stdout)["files"]  # type: ignore[no-any-return]


def _line(pages: list[dict[str, Any]], name: str, start: str) -> dict[str, Any]:
    for page in pages:
        if page["path"].endswith(name):
            for line in page["lines"]:
                if line["text"].startswith(start):
                    return line
    raise AssertionError(f"{name}: no line starts with {start!r}")


@pytest.mark.parametrize(("name", "start", "reason"), EXPECTED)
def test_page_lines(pages: list[dict[str, Any]], name: str, start: str, reason: str | None) -> None:
    line = _line(pages, name, start)
    if reason is None:
        assert line["keep"], f"{name}: {start!r} removed as {line['reason']}"
    else:
        assert not line["keep"] and line["reason"] == reason, (line["keep"], line["reason"])


def test_languages_of_pages(pages: list[dict[str, Any]]) -> None:
    for page in pages:
        if page["error"]:
            continue
        expected = "de" if page["path"].endswith((".md", ".html")) and "de_" in page["path"] else None
        expected = "en" if "en_" in page["path"] else expected
        if expected:
            assert all(line["lang"] == expected for line in page["lines"] if line["text"].strip())


def test_jsonl_records_and_errors(pages: list[dict[str, Any]]) -> None:
    dump = [p for p in pages if "dump.jsonl" in p["path"]]
    assert len([p for p in dump if p["error"] is None]) == 2
    errors = sorted(p["error"] for p in dump if p["error"])
    assert any("invalid JSON" in e for e in errors)
    assert any("text fields" in e for e in errors)
    storm = next(p for p in dump if p["error"] is None and p["lines"][0]["text"].startswith("Sturm"))
    assert storm["lines"][0]["role"] == "title"
    assert [line["keep"] for line in storm["lines"]] == [True, True, True, False]


def test_title_promoted_when_first_line_is_boilerplate(pages: list[dict[str, Any]]) -> None:
    assert _line(pages, "fr_portail.txt", "Grève des contrôleurs")["role"] == "title"


def test_cleaner_keeps_what_trafilatura_keeps_minus_junk(pages: list[dict[str, Any]]) -> None:
    """On HTML, everything trafilatura extracts stays unless a rule names it as junk."""
    import trafilatura

    for name in ("de_nachrichten.html", "fr_quotidien.html"):
        raw = (PAGES / name).read_bytes()
        extracted = trafilatura.extract(raw) or ""
        page = next(p for p in pages if p["path"].endswith(name))
        ours = {line["text"]: line for line in page["lines"]}
        for paragraph in extracted.split("\n"):
            if paragraph.strip() and paragraph in ours and not ours[paragraph]["keep"]:
                assert ours[paragraph]["reason"], paragraph
        kept = sum(line["keep"] for line in page["lines"])
        assert 0 < kept < len(extracted.split("\n")), "removes more junk than trafilatura alone"
