"""Reading pages: encodings, formats, ids, and never writing into the input folder."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from summarizer.ingest import decode_bytes, read_documents, stable_id
from summarizer.models import Document, PageError

TEXT = "Les soldats nord-coréens arrivent à Koursk. « Nous constatons des preuves », a-t-il dit.\nZweite Zeile: Größe, Übung."


def _docs(root: Path) -> list[Document | PageError]:
    return list(read_documents(root))


def test_encodings_are_detected_not_guessed(tmp_path: Path) -> None:
    variants = {
        "utf8.txt": TEXT.encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        "cp1252.txt": TEXT.replace("\n", "\r\n").encode("cp1252"),
        "utf16.txt": TEXT.encode("utf-16"),
        "latin1.txt": ("Déjà vu à l'été, élève. " * 5).encode("latin-1"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    docs = {Path(d.path).name: d for d in _docs(tmp_path) if isinstance(d, Document)}
    assert set(docs) == set(variants)
    for name in ("utf8.txt", "bom.txt", "cp1252.txt", "utf16.txt"):
        assert [line.text for line in docs[name].lines] == TEXT.split("\n"), name
    assert docs["latin1.txt"].lines[0].text.startswith("Déjà vu à l'été")
    assert docs["bom.txt"].encoding == "utf-8-sig"


def test_decode_html_uses_declared_charset() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Élysée – « oui »</p></body></html>'
    text, encoding = decode_bytes(html.encode("cp1252"), html=True)
    assert "Élysée – « oui »" in text
    assert encoding == "cp1252"


def test_bad_files_become_errors_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Un article.\nDeuxième ligne.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "huge.txt").write_bytes(b"a" * 2000)
    items = list(read_documents(tmp_path, max_bytes=1000))
    errors = {Path(e.path).name: e.error for e in items if isinstance(e, PageError)}
    assert "empty file" in errors["empty.txt"]
    assert "binary" in errors["binary.txt"]
    assert "directory" in errors["x.txt"]
    assert "invalid JSON" in errors["broken.json"]
    assert "symbolic link" in errors["dangling.md"]
    assert "max-bytes" in errors["huge.txt"]
    docs = [d for d in items if isinstance(d, Document)]
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    assert docs[0].lines[1].text == "Deuxième ligne."


def test_ids_are_stable_hashes_and_ignore_content(tmp_path: Path) -> None:
    record = {"title": "../../etc/passwd", "text": "Texte.", "url": "file:///etc/passwd"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    first = _docs(tmp_path)[0]
    again = _docs(tmp_path)[0]
    assert isinstance(first, Document) and isinstance(again, Document)
    assert first.id == again.id == stable_id("a.json#0")
    assert first.id.isalnum() and len(first.id) == 12


def test_reading_never_writes_to_the_input(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("Une ligne.", encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    _docs(tmp_path)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir()) == before


def test_markdown_front_matter_gives_title_date_and_language(tmp_path: Path) -> None:
    """A static-site or scraper export's front matter (YAML "---" or TOML "+++") gives the page's
    title, date, language and URL; its lines are no text of the page and keep their numbers. A
    page opening on a rule that never closes is read as it is."""
    (tmp_path / "yaml.md").write_text(
        '---\ntitle: "Incendie géant dans le port"\ndate: 2025-08-14\nlang: fr\nauthor: X\n---\n\n# Incendie géant\nTexte.\n',
        encoding="utf-8",
    )
    (tmp_path / "toml.md").write_text(
        "+++\ntitle = 'Brand im Hafen'\npublishDate = 2025-08-13\nurl = \"https://example.de/a\"\n+++\nText.\n",
        encoding="utf-8",
    )
    (tmp_path / "rule.md").write_text("---\nNur ein Strich, dann Text.\n", encoding="utf-8")
    docs = {Path(d.path).name: d for d in _docs(tmp_path) if isinstance(d, Document)}
    yaml, toml, rule = docs["yaml.md"], docs["toml.md"], docs["rule.md"]
    assert (yaml.title, yaml.date, yaml.declared_lang) == ("Incendie géant dans le port", "2025-08-14", "fr")
    assert [line.text for line in yaml.lines][:7] == [""] * 7
    assert yaml.lines[7].text == "Incendie géant" and yaml.lines[7].n == 8
    assert (toml.title, toml.date, toml.url) == ("Brand im Hafen", "2025-08-13", "https://example.de/a")
    assert rule.title is None and rule.lines[1].text == "Nur ein Strich, dann Text."


def test_markdown_is_read_as_a_reader_sees_it(tmp_path: Path) -> None:
    """A scraper's Markdown: headings keep their role; links their words (and the line its share
    of link text, so a list of linked headlines reads as a teaser list); images, emphasis, list
    and quote markers and rules go; words with underscores and products like 2*3 stay."""
    (tmp_path / "page.md").write_text(
        "# Le **titre** de l'article\n"
        "*Par la rédaction* | 20.12.2024\n"
        "![Une photo](https://example.org/photo.jpg)\n"
        'Le texte cite un [rapport officiel](https://example.org/r "Rapport") et __insiste__ sur snake_case.\n'
        "- [Autre article : les marchés reculent](https://example.org/a)\n"
        "> « Nous verrons », a-t-il dit.\n"
        "---\n"
        "1. Premier point, 2*3 = 6.\n",
        encoding="utf-8",
    )
    (doc,) = _docs(tmp_path)
    assert isinstance(doc, Document)
    lines = [(line.text, line.role_hint) for line in doc.lines]
    assert lines == [
        ("Le titre de l'article", "heading"),
        ("Par la rédaction | 20.12.2024", None),
        ("", None),
        ("Le texte cite un rapport officiel et insiste sur snake_case.", None),
        ("Autre article : les marchés reculent", None),
        ("« Nous verrons », a-t-il dit.", None),
        ("", None),
        ("Premier point, 2*3 = 6.", None),
    ]
    assert doc.lines[4].links == 1.0 and 0 < doc.lines[3].links < 0.5 and doc.lines[0].links == 0.0


def test_a_json_body_written_in_html_is_read_by_its_blocks(tmp_path: Path) -> None:
    """A dump's body in HTML (a CMS's API, an RSS `content:encoded`): each block is a line,
    tags and entities read off, a linked teaser known by its link share; a plain body is read
    by its lines as before."""
    records = [
        {"title": "Grève SNCF", "text": "<p>La grève des cheminots perturbe le trafic ce jeudi &amp; vendredi.</p>"
                                        "<p><a href='/x'>Grève : vos droits</a></p><h2>Les revendications</h2>"
                                        "<p>Les syndicats réclament une hausse des salaires.</p>"},
        {"title": "Plain", "text": "Une ligne a < b.\nUne autre ligne."},
    ]  # fmt: skip
    (tmp_path / "dump.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    first, second = _docs(tmp_path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert [(line.text, line.role_hint) for line in first.lines] == [
        ("Grève SNCF", "title"),
        ("La grève des cheminots perturbe le trafic ce jeudi & vendredi.", None),
        ("Grève : vos droits", None),
        ("Les revendications", "heading"),
        ("Les syndicats réclament une hausse des salaires.", None),
    ]
    assert first.lines[2].links == 1.0 and first.lines[1].links == 0.0
    assert [line.text for line in second.lines] == ["Plain", "Une ligne a < b.", "Une autre ligne."]


def test_api_responses_are_read_as_their_records(tmp_path: Path) -> None:
    """Dumps as APIs return them: records wrapped two levels down ({"data": {"items": [...]}}),
    a WordPress REST record (title and content under "rendered", entities in the title), a body
    given as a list of paragraphs and one under a nested "text"."""
    api = {"status": "ok", "data": {"items": [
        {"headline": "Grève à la SNCF", "body": ["Un TGV sur deux jeudi.", "Les syndicats réclament 5 %."],
         "published": "2025-02-06T06:00:00Z", "link": "https://exemple.fr/sncf"},
        {"headline": "Bahnstreik in Frankreich", "content": {"text": "Jeder zweite TGV fällt aus."}},
    ]}}  # fmt: skip
    wordpress = [{"id": 12, "date": "2025-02-06T07:00:00", "link": "https://blog.exemple.fr/greve",
                  "title": {"rendered": "Gr&egrave;ve &#8211; le trafic perturb&eacute;"},
                  "content": {"rendered": "<p>La SNCF pr&eacute;voit un TGV sur deux.</p>", "protected": False}}]  # fmt: skip
    (tmp_path / "api.json").write_text(json.dumps(api, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "wp.json").write_text(json.dumps(wordpress), encoding="utf-8")
    docs = [d for d in _docs(tmp_path) if isinstance(d, Document)]
    read = {(Path(d.path).name, d.record): [line.text for line in d.lines] for d in docs}
    assert read == {
        ("api.json", 0): ["Grève à la SNCF", "Un TGV sur deux jeudi.", "Les syndicats réclament 5 %."],
        ("api.json", 1): ["Bahnstreik in Frankreich", "Jeder zweite TGV fällt aus."],
        ("wp.json", 0): ["Grève – le trafic perturbé", "La SNCF prévoit un TGV sur deux."],
    }
    first = next(d for d in docs if d.record == 0 and d.path.endswith("api.json"))
    assert first.url == "https://exemple.fr/sncf" and first.date == "2025-02-06T06:00:00Z"


def test_a_json_feed_is_read_as_its_items_not_its_own_title(tmp_path: Path) -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Le fil info", "items": [
        {"id": "1", "title": "Grève à la SNCF", "content_html": "<p>Un TGV sur deux jeudi.</p>",
         "date_published": "2025-02-06T06:00:00Z", "url": "https://exemple.fr/sncf"}]}  # fmt: skip
    (tmp_path / "feed.json").write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    (doc,) = _docs(tmp_path)
    assert isinstance(doc, Document)
    assert [line.text for line in doc.lines] == ["Grève à la SNCF", "Un TGV sur deux jeudi."]
    assert doc.date == "2025-02-06T06:00:00Z"


def test_a_body_of_cms_blocks_is_read_a_paragraph_each(tmp_path: Path) -> None:
    """A headless CMS's export: records two levels down, the body a list of typed blocks whose
    text sits under "content" (an image block without text gives none)."""
    payload = {"data": {"articles": [{
        "headline": "Waldbrand in Brandenburg: 300 Hektar betroffen", "datePublished": "2025-07-02T10:00:00Z",
        "body": [{"type": "paragraph", "content": "In Brandenburg ist ein Waldbrand außer Kontrolle geraten."},
                 {"type": "image", "src": "https://example.de/a.jpg"},
                 {"type": "paragraph", "content": "Mehr als 150 Feuerwehrleute sind im Einsatz."}],
    }]}}  # fmt: skip
    (tmp_path / "cms.json").write_text(json.dumps(payload), encoding="utf-8")
    (doc,) = _docs(tmp_path)
    assert isinstance(doc, Document)
    assert [line.text for line in doc.lines] == [
        "Waldbrand in Brandenburg: 300 Hektar betroffen",
        "In Brandenburg ist ein Waldbrand außer Kontrolle geraten.",
        "Mehr als 150 Feuerwehrleute sind im Einsatz.",
    ]
    assert doc.date == "2025-07-02T10:00:00Z"  # schema.org's "datePublished"
