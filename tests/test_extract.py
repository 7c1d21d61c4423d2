"""HTML extraction from the page's structure: titles, ledes, tables, formatting, encodings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.extract import extract_html, strip_site_name
from summarizer.ingest import decode_bytes

BODY = (
    "<p>Die Bundesbank hat am Dienstag vor wachsenden Risiken für die Finanzstabilität gewarnt, "
    "vor allem wegen der hohen Zinsen und der schwachen Konjunktur in Deutschland.</p>"
    "<p>Nach Angaben der Notenbank sind besonders Gewerbeimmobilien betroffen, deren Preise seit zwei "
    "Jahren deutlich gefallen sind. Die Banken müssten ihre Vorsorge erhöhen.</p>"
    "<p>Der Vizepräsident der Bundesbank sagte in Frankfurt, das System sei insgesamt robust, doch die "
    "Lage verlange Wachsamkeit von allen Beteiligten.</p>"
)


def _page(
    head: str = "",
    body: str = BODY,
    title: str = "Bundesbank warnt vor Risiken | Börsen-Zeitung",
    shown: str = "",
) -> str:
    """A news page; `shown` is text the page shows above the article (a teaser in its header)."""
    teaser = f"<p class='teaser'>{shown}</p>" if shown else ""
    return (f"<html lang='de'><head><title>{title}</title>{head}</head><body><header><nav>Startseite</nav>"
            f"{teaser}</header><article><h1>Bundesbank warnt vor Risiken</h1>{body}</article></body></html>")  # fmt: skip


def _clean(tmp_path: Path, html: str) -> list[dict[str, Any]]:
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "page.html"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["files"][0]["lines"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("title", "url", "site", "expected"),
    [
        ("Bundesbank warnt vor Risiken | Börsen-Zeitung", "https://www.boersen-zeitung.de/x", None,
         "Bundesbank warnt vor Risiken"),
        ("Scholz reist nach Kiew – DW", "https://www.dw.com/de/x", None, "Scholz reist nach Kiew"),
        ("Wahl in Thüringen - tagesschau.de", "https://www.tagesschau.de/x", None, "Wahl in Thüringen"),
        ("Le Monde - Les prix baissent", "https://www.lemonde.fr/x", "Le Monde", "Les prix baissent"),
        # A dash inside a headline is the headline's own.
        ("Ob Radler oder Politiker - zwei Rankings lassen tief blicken", "https://www.sz.de/x", None,
         "Ob Radler oder Politiker - zwei Rankings lassen tief blicken"),
    ],
)  # fmt: skip
def test_site_names_leave_titles(title: str, url: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, url, site) == expected


def test_metadata_and_title_come_from_the_page(tmp_path: Path) -> None:
    head = ('<link rel="canonical" href="https://www.boersen-zeitung.de/banken/bundesbank">'
            '<meta property="article:published_time" content="2024-05-03T10:00:00+02:00">')  # fmt: skip
    lines, meta = extract_html(_page(head))
    assert meta.url == "https://www.boersen-zeitung.de/banken/bundesbank"
    assert meta.date == "2024-05-03T10:00:00+02:00" and meta.language == "de"
    assert lines[0].text == "Bundesbank warnt vor Risiken" and lines[0].role_hint == "title"
    assert [ln.text for ln in lines].count("Bundesbank warnt vor Risiken") == 1


def test_a_lede_outside_the_article_body_is_taken_from_the_description(tmp_path: Path) -> None:
    lede = "Hohe Zinsen und fallende Immobilienpreise setzen die Banken unter Druck, warnt die Bundesbank."
    lines, _ = extract_html(_page(f'<meta name="description" content="{lede}">', shown=lede))
    assert [ln.text for ln in lines][:2] == ["Bundesbank warnt vor Risiken", lede]
    # A description the page does not show is a search-engine teaser, not the article's lede.
    unseen, _ = extract_html(_page(f'<meta name="description" content="{lede}">'))
    assert lede not in [ln.text for ln in unseen]
    # Already in the text, or unrelated to the page (a site-wide description): not added.
    inside, _ = extract_html(
        _page(f'<meta name="description" content="{lede}">', body=f"<p>{lede}</p>" + BODY)
    )
    assert [ln.text for ln in inside].count(lede) == 1
    generic = (
        "Nachrichten, Hintergründe und Videos aus Ihrer Region rund um die Uhr aktuell auf unserem Portal."
    )
    unrelated, _ = extract_html(_page(f'<meta name="description" content="{generic}">', shown=generic))
    assert generic not in [ln.text for ln in unrelated]
    # The body names the lede's people, places and topics again without repeating the lede: the
    # lede is still missing (its words are there, its passage is not).
    retold = "Die Bundesbank warnt: Gewerbeimmobilien, hohe Zinsen und schwache Konjunktur gefährden die Banken in Deutschland."
    again, _ = extract_html(_page(f'<meta name="description" content="{retold}">', shown=retold))
    assert [ln.text for ln in again][:2] == ["Bundesbank warnt vor Risiken", retold]
    # A teaser whose first sentence the body opens with (a word changed) is no lost lede, and a
    # site's template that quotes the headline is none either.
    teaser = ("Die Bundesbank hat am Dienstag vor den wachsenden Risiken für die Finanzstabilität gewarnt, "
              "vor allem wegen der hohen Zinsen. Und sie verlangt Wachsamkeit.")  # fmt: skip
    opened, _ = extract_html(_page(f'<meta name="description" content="{teaser}">', shown=teaser))
    assert teaser not in [ln.text for ln in opened]
    template = (
        "Hier finden Sie Informationen zu dem Thema „Banken“. Lesen Sie jetzt „Bundesbank warnt vor Risiken“."
    )
    quoted, _ = extract_html(_page(f'<meta name="description" content="{template}">', shown=template))
    assert template not in [ln.text for ln in quoted]
    # The template may quote the headline without its kicker ("Kicker: Headline").
    kicked = "Hier finden Sie Informationen zu dem Thema „Finanzen“. Lesen Sie jetzt „Bundesbank warnt vor Risiken“."
    title = "Finanzen: Bundesbank warnt vor Risiken | Börsen-Zeitung"
    split, _ = extract_html(_page(f'<meta name="description" content="{kicked}">', title=title, shown=kicked))
    assert kicked not in [ln.text for ln in split]


def test_table_rows_are_data_not_breadcrumbs_or_headlines(tmp_path: Path) -> None:
    table = ("<table><tr><th>Partei</th><th>Stimmen</th><th>Sitze</th></tr>"
             "<tr><td>CDU</td><td>31,5 %</td><td>42</td></tr><tr><td>SPD</td><td>22,1 %</td><td>29</td></tr></table>")  # fmt: skip
    lines = _clean(tmp_path, _page(body=BODY + table))
    rows = [line for line in lines if line["role"] == "table"]
    assert [r["text"] for r in rows] == ["Partei | Stimmen | Sitze", "CDU | 31,5 % | 42", "SPD | 22,1 % | 29"]
    assert all(r["keep"] for r in rows)


def test_formatting_leaves_no_markers(tmp_path: Path) -> None:
    body = BODY + ("<p>Das sei <em>kein Grund zur Panik</em>, aber ein <b>Warnsignal</b> für die Branche, "
                   "sagte der Präsident der Notenbank.</p>")  # fmt: skip
    texts = [line["text"] for line in _clean(tmp_path, _page(body=body))]
    assert any("Das sei kein Grund zur Panik, aber ein Warnsignal" in t for t in texts)
    assert not any("*" in t or "_" in t for t in texts)


def test_teaser_lists_after_the_article_go(tmp_path: Path) -> None:
    teasers = "".join(f"<p>{k}: {h}</p>" for k, h in [
        ("Hormone", "Die ersten Anzeichen der Wechseljahre"), ("Demenz", "Ab wann Lücken besorgniserregend sind"),
        ("Studie", "Forscher finden mögliche Ursache für Fettleibigkeit")])  # fmt: skip
    lines = _clean(tmp_path, _page(body=BODY + teasers))
    removed = {line["text"]: line["reason"] for line in lines if not line["keep"]}
    assert removed.get("Demenz: Ab wann Lücken besorgniserregend sind") == "related-headline"
    assert sum(line["keep"] for line in lines if line["role"] != "title") == 3


def test_a_list_of_linked_headlines_inside_the_body_goes(tmp_path: Path) -> None:
    """Teasers of other articles between two paragraphs: told apart by their links, not their words."""
    paragraphs = BODY.split("</p>")
    teasers = "<ul>" + "".join(f'<li><a href="/a{i}">{h}</a></li>' for i, h in enumerate([
        "Zinsen: Was Sparer jetzt wissen müssen", "Immobilien: Preise fallen weiter",
        "Banken: Die Vorsorge steigt", "Konjunktur: Ökonomen senken Prognose"])) + "</ul>"  # fmt: skip
    facts = (
        "<ul><li>Gewerbeimmobilien verlieren an Wert</li><li>Die Zinsen bleiben hoch</li>"
        "<li>Die Vorsorge der Banken steigt</li></ul>"
    )
    linked = ('<p>Die Notenbank verweist auf ihren <a href="/bericht">Finanzstabilitätsbericht</a>, '
              "der im November erschienen ist und die Risiken im Einzelnen beschreibt.</p>")  # fmt: skip
    body = paragraphs[0] + "</p>" + teasers + paragraphs[1] + "</p>" + facts + linked + paragraphs[2] + "</p>"
    lines = _clean(tmp_path, _page(body=body))
    removed = {line["text"]: line["reason"] for line in lines if not line["keep"]}
    assert removed == {h: "related-headline" for h in ["Zinsen: Was Sparer jetzt wissen müssen",
                       "Immobilien: Preise fallen weiter", "Banken: Die Vorsorge steigt",
                       "Konjunktur: Ökonomen senken Prognose"]}  # fmt: skip
    kept = [line["text"] for line in lines if line["keep"]]
    assert "Die Zinsen bleiben hoch" in kept and any("Finanzstabilitätsbericht" in t for t in kept)


def test_utf8_with_a_few_stray_bytes_is_decoded_per_sequence() -> None:
    data = "Grüße aus Köln: die Straße am Dom ist gesperrt, sagt die Polizei. ".encode() * 2 + b"Caf\xe9"
    text, encoding = decode_bytes(data, html=True)
    assert encoding == "utf-8"
    assert text.startswith("Grüße aus Köln") and text.endswith("Café")
    assert decode_bytes("Café crème à Noël, déjà".encode("cp1252"))[0] == "Café crème à Noël, déjà"


def test_clean_json_streams_valid_json(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(f"Titre {i}\nLe conseil municipal {i} a voté le budget.\n",
                                            encoding="utf-8")  # fmt: skip
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path), "--json"])
    files = json.loads(result.stdout)["files"]
    assert len(files) == 4 and sum(f["error"] is not None for f in files) == 1
    assert len(result.stdout.splitlines()) == 6  # one page a line between the brackets


def test_a_page_of_very_many_elements_is_read_by_a_linear_walk() -> None:
    """Above MAX_ELEMENTS trafilatura (quadratic there) is skipped: block elements are walked
    once, navigation and scripts left out, headings and table cells keep their roles."""
    from summarizer.extract import MAX_ELEMENTS

    paragraph = "<p>Le <b>conseil</b> <i>municipal</i> a <span>voté</span> le budget.</p>"
    html = ("<html><head><title>Budget voté</title><script>var x = 1;</script></head><body>"
            "<nav><ul><li>Accueil</li></ul></nav><article><h2>Le vote</h2>"
            + paragraph * (MAX_ELEMENTS // 5 + 1) + "<table><tr><td>Pour</td><td>31</td></tr></table>"
            "</article><footer><p>Mentions légales</p></footer></body></html>")  # fmt: skip
    lines, meta = extract_html(html)
    texts = [line.text for line in lines]
    assert meta.title == "Budget voté" and lines[0].role_hint == "title"
    assert lines[1].text == "Le vote" and lines[1].role_hint == "heading"
    assert texts[2] == "Le conseil municipal a voté le budget."
    assert (lines[-1].text, lines[-1].role_hint) == ("Pour | 31", "table")
    assert not {"Accueil", "Mentions légales", "var x = 1;"} & set(texts)


def test_boxes_beside_the_article_go_with_their_reason(tmp_path: Path) -> None:
    """An info box, a newsletter sign-up around an e-mail field and a linked teaser card, each
    inside the article: removed for what the page's structure says they are."""
    info = ("<div class='article-InfoBox'><p>Weitere Informationen</p><p>Der Finanzstabilitätsbericht "
            "erscheint zweimal im Jahr und ist auf der Seite der Bundesbank abrufbar.</p></div>")  # fmt: skip
    signup = ("<div class='promo'><p>Alle zwei Wochen sonntags: das Wichtigste aus der Finanzwelt, "
              "kompakt und verständlich erklärt.</p><form><input type='email' name='mail'>"
              "<button>Senden</button></form></div>")  # fmt: skip
    card = "<a href='/zinsen'><h3>Zinswende: Was Sparer jetzt wissen müssen</h3></a>"
    # A teaser list under its own label, each kicker outside the headline's link.
    teasers = ("<h3>Exklusive Hintergründe – für Sie recherchiert</h3><ul>"
               "<li><strong>„Über manches irritiert“: </strong><a href='/a'>Klingbeil greift Klöckner an</a></li>"
               "<li><strong>Pflege: </strong><a href='/b'>Heime melden Insolvenz an</a></li></ul>")  # fmt: skip
    paragraphs = BODY.split("</p>")
    body = (paragraphs[0] + "</p>" + info + paragraphs[1] + "</p>" + signup + card + teasers
            + paragraphs[2] + "</p>")  # fmt: skip
    lines = _clean(tmp_path, _page(body=body))
    removed = {line["text"]: line["reason"] for line in lines if not line["keep"]}
    assert removed.get("Der Finanzstabilitätsbericht erscheint zweimal im Jahr und ist auf der Seite der "
                       "Bundesbank abrufbar.") == "info-box"  # fmt: skip
    assert removed.get("Weitere Informationen") == "info-box"
    assert removed.get("Alle zwei Wochen sonntags: das Wichtigste aus der Finanzwelt, kompakt und "
                       "verständlich erklärt.") == "newsletter"  # fmt: skip
    assert removed.get("Zinswende: Was Sparer jetzt wissen müssen") == "related-headline"
    assert removed.get("„Über manches irritiert“: Klingbeil greift Klöckner an") == "related-headline"
    assert removed.get("Pflege: Heime melden Insolvenz an") == "related-headline"
    assert removed.get("Exklusive Hintergründe – für Sie recherchiert") == "read-also"
    kept = [line["text"] for line in lines if line["keep"]]
    assert sum(text in BODY for text in kept) == 3  # the three paragraphs of the article stay


def test_a_box_class_on_the_whole_article_keeps_it(tmp_path: Path) -> None:
    """A container named like a box that holds most of the page is the article itself."""
    lines = _clean(tmp_path, _page(body=f"<div class='infobox'>{BODY}</div>"))
    assert sum(line["keep"] for line in lines if line["role"] != "title") == 3


def test_the_lede_under_the_headline_is_recovered(tmp_path: Path) -> None:
    """A teaser paragraph set apart in the page's header, under its <h1>, with no description to
    recover it from: the lede the page shows is the article's."""
    lede = "Hohe Zinsen und fallende Immobilienpreise setzen die Banken unter Druck, warnt die Bundesbank."
    html = ("<html lang='de'><head><title>Bundesbank warnt vor Risiken</title></head><body>"
            "<nav><a href='/'>Startseite</a></nav><div class='header'><h1>Bundesbank warnt vor Risiken</h1>"
            f"<div class='intro'>{lede}</div></div><div class='share'><a href='/s'>Teilen</a></div>"
            f"<article>{BODY}</article><footer><p>Impressum</p></footer></body></html>")  # fmt: skip
    lines, _ = extract_html(html)
    texts = [line.text for line in lines]
    assert texts[:2] == ["Bundesbank warnt vor Risiken", lede] and texts.count(lede) == 1
    # A short line under the headline (a date, a kicker) is no lede.
    short = html.replace(lede, "Aktualisiert am 3. Mai 2024.")
    assert "Aktualisiert am 3. Mai 2024." not in [line.text for line in extract_html(short)[0]][:2]


def test_pages_parse_like_trafilatura_also_with_an_xml_declaration() -> None:
    """The fast parser's pages are trafilatura's; a str with an encoding declaration (which lxml
    refuses) and an XHTML page still give their article."""
    from summarizer.extract import parse_html

    page = _page()
    tree = parse_html(page)
    assert tree.find(".//h1").text_content() == "Bundesbank warnt vor Risiken"
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + page
    lines, meta = extract_html(xhtml)
    assert (
        meta.title == "Bundesbank warnt vor Risiken"
        and len([ln for ln in lines if ln.role_hint != "title"]) == 3
    )


def test_headings_linked_to_their_own_anchors_stay(tmp_path: Path) -> None:
    """A section heading wrapped in a link to its own anchor (a permalink, a table of contents)
    is the article's, not another article's teaser; a linked card to another page still goes."""
    paragraphs = BODY.split("</p>")
    body = (paragraphs[0] + "</p><h2><a href='#risiken'>Die Risiken im Einzelnen</a></h2>" + paragraphs[1]
            + "</p><h3><a href='/zinsen'>Zinswende: Was Sparer jetzt wissen müssen</a></h3>" + paragraphs[2] + "</p>")  # fmt: skip
    lines = _clean(tmp_path, _page(body=body))
    kept = [line["text"] for line in lines if line["keep"]]
    removed = {line["text"]: line["reason"] for line in lines if not line["keep"]}
    assert "Die Risiken im Einzelnen" in kept
    assert removed == {"Zinswende: Was Sparer jetzt wissen müssen": "related-headline"}


def test_a_headline_given_only_in_json_ld_is_the_title() -> None:
    """A script-rendered page whose <title> carries the site's name ("… - WELT") and whose
    schema.org JSON-LD gives the headline: the headline is the title (escapes read)."""
    page = (
        "<html lang='de'><head><title>Bahnstreik: GDL legt Fernverkehr lahm - WELT</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bahnstreik: GDL legt '
        'Fernverkehr \\u201elahm\\u201c", "datePublished": "2025-01-10T06:30:00+01:00", "articleBody": "Die '
        "Lokführergewerkschaft GDL hat den Fern- und Regionalverkehr der Deutschen Bahn am Freitag weitgehend "
        'lahmgelegt. Nach Angaben der Bahn fielen rund 80 Prozent der Fernzüge aus."}</script></head>'
        "<body><nav><a href='/'>WELT</a></nav><p>Die Lokführergewerkschaft GDL hat den Fern- und Regionalverkehr "
        "der Deutschen Bahn am Freitag weitgehend lahmgelegt. Nach Angaben der Bahn fielen rund 80 Prozent der "
        "Fernzüge aus.</p></body></html>"
    )
    _, meta = extract_html(page)
    assert meta.title == "Bahnstreik: GDL legt Fernverkehr „lahm“"
    assert meta.date == "2025-01-10T06:30:00+01:00"
