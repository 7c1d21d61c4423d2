"""Real corpora repeat stories: syndicated copies keep their text, templates go only per site,
and an inline link or a glued widget label never costs a paragraph its prose."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.clean import classify_line
from summarizer.cli import app
from summarizer.lexicon import load_lexicon

LEX = load_lexicon(("fr", "de", "en"))

AGENCY = [
    "Le gouvernement a présenté mardi un plan de rénovation de 2 000 écoles d'ici à 2030, selon l'AFP.",
    "Le ministre de l'Éducation a précisé que les travaux commenceraient dès la rentrée prochaine.",
    "Les syndicats d'enseignants ont salué l'annonce tout en réclamant davantage de moyens humains.",
]


def _clean_json(path: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["clean", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["files"]  # type: ignore[no-any-return]


def _kept(page: dict[str, Any]) -> list[str]:
    return [line["text"] for line in page["lines"] if line["keep"]]


def test_fifty_copies_of_one_page_keep_their_body(tmp_path: Path) -> None:
    corpus = tmp_path / "copies"
    corpus.mkdir()
    page = "Un plan pour les écoles\n" + "\n".join(AGENCY) + "\n"
    for i in range(50):
        (corpus / f"copy-{i:02}.txt").write_text(page, encoding="utf-8")
    pages = _clean_json(corpus)
    assert len(pages) == 50
    for one in pages:
        assert _kept(one)[1:] == AGENCY, one["path"]
        assert not any(line["reason"] == "site-template" for line in one["lines"])


def test_copies_of_one_story_become_one_article_listing_every_copy(tmp_path: Path) -> None:
    corpus = tmp_path / "copies"
    corpus.mkdir()
    for i in range(50):  # the same agency story under fifty outlets' own title lines
        (corpus / f"copy-{i:02}.txt").write_text(f"Plan écoles, édition {i}\n" + "\n".join(AGENCY) + "\n",
                                                 encoding="utf-8")  # fmt: skip
    (corpus / "other.txt").write_text(
        "Le musée rouvre\nLe musée municipal rouvre samedi après deux ans de travaux de rénovation.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["digest", str(corpus), "-o", str(out), "--no-translate", "-q"])
    assert result.exit_code == 0, result.output
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert [a["path"] for a in digest["articles"]] == ["copies/copy-00.txt", "copies/other.txt"]
    first = digest["articles"][0]
    assert first["copies"] == [f"copies/copy-{i:02}.txt" for i in range(1, 50)]
    assert digest["stats"]["copies_merged"] == 49
    assert len(list((out / "articles").glob("*.md"))) == 2  # copies are not written again
    assert len(digest["stories"]) == 2
    body = (out / "articles" / f"{first['id']}.clean.txt").read_text(encoding="utf-8")
    assert all(paragraph in body for paragraph in AGENCY)
    markdown = (out / "digest.md").read_text(encoding="utf-8")
    assert "Also published as:" in markdown and "`copies/copy-49.txt`" in markdown
    assert "49 copies of this story" in markdown
    assert "copies/copy-49.txt" in (out / "digest.html").read_text(encoding="utf-8")


def test_an_agency_paragraph_on_five_sites_stays_and_each_site_template_goes(tmp_path: Path) -> None:
    records = []
    for site in ("lemonde.fr", "ouest-france.fr", "lefigaro.fr", "liberation.fr", "20minutes.fr"):
        for k in range(6):  # a prose line is a template from six pages of one site (2 x min_pages)
            body = (
                [AGENCY[0]] if k == 0 else [f"Article {k} du site {site} sur un autre sujet local du jour."]
            )
            footer = (
                f"Retrouvez toute l'actualité de {site} dans notre application et notre lettre quotidienne."
            )
            records.append({"url": f"https://www.{site}/article-{k}", "title": f"Titre {k} {site}",
                            "text": "\n".join([*body, footer])})  # fmt: skip
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pages = _clean_json(dump)
    assert len(pages) == 30
    for page in pages:
        reasons = {line["text"]: line["reason"] for line in page["lines"]}
        footer = next(t for t in reasons if t.startswith("Retrouvez"))
        assert reasons[footer] == "site-template", page["path"]
        if AGENCY[0] in reasons:
            assert reasons[AGENCY[0]] is None  # the same paragraph on five sites is content
    assert sum(AGENCY[0] in _kept(p) for p in pages) == 5


def test_a_long_line_with_a_social_link_keeps_its_prose(tmp_path: Path) -> None:
    prose = " ".join(AGENCY * 3)
    body = f"{prose} Voir la photo pic.twitter.com/AbC123xyz ainsi que la réaction du ministre. {prose}"
    (tmp_path / "dump.json").write_text(json.dumps({"title": "Un plan", "text": body}), encoding="utf-8")
    [page] = _clean_json(tmp_path / "dump.json")
    [line] = [x for x in page["lines"] if x["n"] == 2]
    assert line["keep"]
    assert "pic.twitter.com" not in line["text"] and "réaction du ministre" in line["text"]
    assert line["repairs"][0]["kind"] == "inline-social-link"
    assert "pic.twitter.com/AbC123xyz" in line["repairs"][0]["before"]
    # A tweet-sized line with its status link is still an embedded post.
    assert (
        classify_line("North Korea has deployed troops to Russia https://t.co/uEqO7x4fAg", LEX)
        == "social-embed"
    )
    # "t.co" inside a glued word is no link.
    assert classify_line("Le ministre a conclu son test.Connu pour sa prudence, il a attendu.", LEX) is None


def test_widget_labels_glued_between_sentences_are_cut(tmp_path: Path) -> None:
    text = (
        "La coopération entre les deux pays s'intensifie depuis février 2022. Petit journal La Corée du "
        "Nord a transféré des soldats. Pyongyang dément une « rumeur ». Temps signalé. Néanmoins, le "
        "président a commenté les images. Video Games are not news here."
    )
    (tmp_path / "page.txt").write_text(f"Titre du jour\n{text}\n", encoding="utf-8")
    [page] = _clean_json(tmp_path / "page.txt")
    line = page["lines"][1]
    assert line["keep"]
    assert "Petit journal" not in line["text"] and "Temps signalé" not in line["text"]
    assert "2022. La Corée du Nord" in line["text"] and "« rumeur ». Néanmoins" in line["text"]
    assert "Video Games" in line["text"]  # a label is cut only between sentences, before a starter
    assert [r["kind"] for r in line["repairs"]] == ["glued-widget-label"]


BANNER = (
    "Um die Funktion unserer Website zu verbessern und Ihnen passende Werbung anzuzeigen, sammeln wir mit "
    "unseren Partnern Informationen über Sie. Details stehen in der Erklärung. Indem Sie „Akzeptieren und "
    "schließen“ anklicken, stimmen Sie der Verarbeitung Ihrer persönlichen Daten zu. Ihre Zustimmung können "
    "Sie jederzeit widerrufen, wie in den Datenschutzrichtlinien beschrieben."
)
REPORT = (
    "Der Europäische Gerichtshof hat am Dienstag entschieden, dass Websites für Cookies eine aktive "
    "Einwilligung der Nutzer brauchen. Voreingestellte Häkchen reichen nach dem Urteil nicht aus, die "
    "Verarbeitung personenbezogener Daten zu erlauben. Verbraucherschützer begrüßten die Entscheidung."
)


def test_a_cookie_banner_inside_a_one_line_body_is_cut(tmp_path: Path) -> None:
    records = [
        {"title": "Urteil zu Cookies", "text": f"{REPORT} {BANNER}"},  # the banner glued after the report
        {"title": "Schweiz schränkt Export ein", "text": BANNER},  # a page that is nothing but the banner
        {"title": "A bridge for the city", "text": "By clicking “Accept”, you consent to the processing of your "
                                             "personal data and to tracking by our partners."},
    ]  # fmt: skip
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    report, banner, english = _clean_json(dump)
    [line] = [x for x in report["lines"] if x["n"] == 2]
    assert line["keep"] and line["text"] == REPORT  # the report about cookies stays, whole
    assert [r["kind"] for r in line["repairs"]] == ["consent-text"]
    assert "Akzeptieren und schließen" in line["repairs"][0]["before"]
    # The sentence between two banner sentences goes with them; the title stays.
    assert _kept(banner) == ["Schweiz schränkt Export ein"]
    assert [x["reason"] for x in banner["lines"] if not x["keep"]] == ["cookie"]
    assert _kept(english) == ["A bridge for the city"]


def test_pages_emptied_by_cleaning_are_not_one_story(tmp_path: Path) -> None:
    """Two pages that are nothing but a cookie banner (no title field: a scrape of the consent
    wall) are named by their paths; the paths are no evidence that they report one event."""
    from summarizer.pipeline import run_digest
    from summarizer.settings import load_settings

    folder = tmp_path / "in"
    folder.mkdir()
    french = ("En cliquant sur « Accepter », vous consentez au traitement de vos données personnelles par "
              "nos partenaires. Vous pouvez retirer votre consentement dans les paramètres.")  # fmt: skip
    for name, banner in (("1556463214.json", BANNER), ("1558913813.json", french)):
        (folder / name).write_text(json.dumps({"title": None, "maintext": banner}), encoding="utf-8")
    settings = load_settings(overrides={"cache_dir": tmp_path / "cache", "translate": False})
    digest = run_digest(folder, tmp_path / "out", settings)
    assert len(digest.articles) == 2
    assert sorted(len(s.articles) for s in digest.stories) == [1, 1]


def test_prose_closing_three_pages_of_one_site_is_its_template(tmp_path: Path) -> None:
    """Three reports of one site close with its comment policy: a template from three pages when
    it closes them (six are needed higher up a page). A paragraph one site's updates of one story
    share stays, and so do reports alike but for their figures (keys fold digits)."""
    policy = "Unsere Redaktion behält sich vor, Kommentare zu kürzen oder nicht zu veröffentlichen, wenn sie gegen Regeln verstoßen."
    shared = "Die Stadtverwaltung hatte den Umbau des alten Bahnhofs schon vor Jahren angekündigt und mehrfach verschoben."
    records = [{"url": f"https://www.example-zeitung.de/lokales/a-{k}", "title": f"Meldung {k} aus der Stadt",
                "text": "\n".join([shared, f"Am Tag {k} waren {k * 7} Menschen betroffen, teilte die Stadt am Abend mit.", policy])}
               for k in range(1, 4)]  # fmt: skip
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    for page in _clean_json(dump):
        reasons = {line["text"]: line["reason"] for line in page["lines"]}
        assert reasons[policy] == "site-template"
        assert reasons[shared] is None
        assert [r for t, r in reasons.items() if t.startswith("Am Tag")] == [None]
