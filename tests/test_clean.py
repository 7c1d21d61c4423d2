"""Cleaning rules in isolation: line patterns, corpus templates, duplicates, repairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.backends.langid import make_detector
from summarizer.clean import Cleaner, TemplateIndex, classify_line, is_date_like
from summarizer.detect import detect_document
from summarizer.lexicon import load_lexicon
from summarizer.models import Document, SourceLine
from summarizer.pipeline import CleaningPipeline
from summarizer.segment import segment_document
from summarizer.settings import load_settings

LANGS = ("fr", "de", "en")
LEX = load_lexicon(LANGS)


def _clean(*lines: str, templates: TemplateIndex | None = None) -> Document:
    doc = Document(id="x", path="x.txt", format="txt",
                   lines=[SourceLine(n=i + 1, text=t) for i, t in enumerate(lines)])  # fmt: skip
    doc.blocks = segment_document(doc)
    detect_document(doc, make_detector("lingua", LANGS), LEX)
    Cleaner(lexicon=LEX, templates=templates).clean(doc)
    return doc


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Startseite › Panorama › Unglücke", "breadcrumb"),
        ("Anzeige", "advertisement"),
        ("Contenu sponsorisé", "advertisement"),
        ("Advertisement", "advertisement"),
        ("Michael Kappeler / picture alliance", "agency-credit"),
        ("Quelle: ntv.de, dpa", "agency-credit"),
        ("(dpa)", "agency-credit"),
        ("Zur Startseite", "site-navigation"),
        ("Haut de page", "site-navigation"),
        ("Mentions légales", "site-navigation"),
        ("Alle Rechte vorbehalten", "site-navigation"),
        ("EN DIRECT", "site-navigation"),
        ("Kommentare (12)", "share-button"),
        ("12 commentaires", "share-button"),
        ("Rejoignez-nous sur WhatsApp", "share-button"),
        ("Tags : Russie, Ukraine", "read-also"),
        ("Hier geht's zum Liveblog", "read-also"),
        ("Mit * gekennzeichnete Links sind Affiliate-Links.", "editorial-disclaimer"),
        ("Cet article a été initialement publié sur Le Parisien.", "editorial-disclaimer"),
        ("Vous avez choisi de refuser le dépôt de cookies", "cookie"),
        ("Empfohlener redaktioneller Inhalt", "embed-notice"),
        ("Photo : Ludovic Marin / AFP", "agency-credit"),
        ("Accueil > Monde", "breadcrumb"),
        ("Aujourd'hui · 02:04", "date-line"),
        ("Mittwoch, 23.10.2024, 10:28 Uhr", "date-line"),
        ("vor 2 Stunden", "date-line"),
        ("Handelsblatt Morning Briefing: Jetzt kostenlos abonnieren!", "newsletter"),
        ("-Aktualisiert am", "published-date"),
        ("· Teilen", "share-button"),
        ("Ihre Meinung ist uns wichtig. Senden Sie uns Ihr Feedback zu diesem Artikel an: briefe@zeitung.de", "share-button"),
        ("Votre avis nous intéresse. Écrivez-nous à redaction@exemple.fr", "share-button"),
        ("Send us your feedback at letters@example.com", "share-button"),
        ("Beitrag auf X ansehen", "embed-notice"),
        ("Original-Content von: Polizeiinspektion Göttingen, übermittelt durch news aktuell", "agency-credit"),
        ("Pressekontakt: Anna Müller, 030 1234567", "press-contact"),
        ("Contact presse : Marie Dupont", "press-contact"),
        ("Media contact: John Smith", "press-contact"),
        ("Voir la publication sur X", "embed-notice"),
        ("View post on Bluesky", "embed-notice"),
        ("— Olaf Scholz (@OlafScholz) 5. Dezember 2025", "social-embed"),
        ("This article was amended on 19 November 2025 to correct the name of the motorway.", "editorial-disclaimer"),
        ("In einer früheren Version dieses Artikels hieß es, 1500 Traktoren seien beteiligt gewesen.", "editorial-disclaimer"),
        ("Cet article a été modifié le 19 novembre pour corriger le nom de l'autoroute.", "editorial-disclaimer"),
        ("The Morning Briefing - Sign up now", "newsletter"),
        ("Le Brief éco : inscrivez-vous gratuitement", "newsletter"),
        ("Mit Informationen von Max Mustermann, BR", "byline"),
        ("Mit Material von Anna Schmidt und Jens Kuhn", "byline"),
        ("Dieses Thema im Programm: Das Erste | tagesschau | 11.03.2025 | 17:00 Uhr", "site-navigation"),
        ("Über dieses Thema berichtet: BR24 im Radio am 11.03.2025 um 17:00 Uhr", "site-navigation"),
        ("il y a 3 heures", "date-line"),
        ("Veröffentlicht am 23.10.2024", "published-date"),
        ("Mis à jour le 3 janvier 2024 à 10h00", "published-date"),
        ("Ce contenu a été créé avec l'aide de l'IA.", "ai-disclaimer"),
        ("Dieser Text wurde mit Unterstützung von KI übersetzt.", "ai-disclaimer"),
        ("This article was generated with the help of AI and reviewed by our editors.", "ai-disclaimer"),
        ("Transparenz: Redaktionell erstellt und geprüft.", "editorial-disclaimer"),
        ("Lesen Sie auch:", "read-also"),
        ("À lire aussi : La Russie accuse Kiev", "read-also"),
        ("Link kopieren", "share-button"),
        ("Imprimer", "share-button"),
        ("Facebook · X · WhatsApp", "share-button"),
        ("Wir verwenden Cookies, um unsere Website zu verbessern. Akzeptieren Sie?", "cookie"),
        ("© dpa-infocom, dpa:241123-930-296843/1", "agency-credit"),
        ("Avec AFP", "agency-credit"),
        ("— CNN (@CNN) October 23, 2024", "social-embed"),
        ("Voir cette publication sur Instagram", "embed-notice"),
        ("https://example.com/article", "bare-url"),
        ("Lesezeit: 4 Min.", "reading-time"),
        ("•••", "no-text"),
        ("dpa/lno", "agency-credit"),  # the agency, then its regional desk
        ("Seite 1 von 2", "site-navigation"),
        ("Page 2 sur 3", "site-navigation"),
        ("Next page", "site-navigation"),
        ("Watch: Scholz explains his decision", "read-also"),  # a video teaser
        ("Bild: picture alliance/dpa | Kay Nietfeld", "agency-credit"),  # split like a trail, a credit
        ("Le Monde avec AFP", "agency-credit"),
        ("Abonnez-vous pour lire la suite", "newsletter"),
        ("À voir également", "read-also"),
        ("Mehr aus Politik", "read-also"),
        ("Zum Artikel", "site-navigation"),
        ("Über den Autor", "byline"),
        # Subscription offers and appeals address the reader with promotion terms.
        ("Informieren Sie sich: Testen Sie für zwei Wochen die gedruckte Zeitung. Sie bekommen sie kostenlos "
         "in Ihren Briefkasten. Das Angebot endet automatisch.", "newsletter"),
        ("Profitez de notre offre : abonnez-vous maintenant, le premier mois est gratuit et sans engagement.",
         "newsletter"),
        ("Support us: subscribe now for unlimited access to your news, free for the first month.", "newsletter"),
        ("Mit Informationen der ARD-Korrespondentinnen und -Korrespondenten sowie der Nachrichtenagenturen "
         "AFP, dpa und Reuters. Die Angaben lassen sich zum Teil nicht unabhängig überprüfen.", "agency-credit"),
        ("By Maria Rossi, Rome correspondent", "byline"),
        ("By Maria Rossi and John Smith", "byline"),
        ("Fehler gefunden? Jetzt melden.", "site-navigation"),
        ("Found a mistake? Let us know.", "site-navigation"),
        ("Vous avez aimé cet article ? Abonnez-vous pour soutenir notre rédaction, 1 € le premier mois.",
         "newsletter"),
        ("Gerade jetzt braucht es Zusammenhalt. Die Zeitung kooperiert deshalb mit einem Netzwerk, das Projekte "
         "für Demokratie fördert. Eine offene Gesellschaft braucht guten, frei zugänglichen Journalismus. Finden "
         "Sie auch? Dann machen Sie mit und unterstützen Sie unsere Aktion. Noch bis zum 31. Oktober gehen 50 "
         "Prozent aller Einnahmen an das Netzwerk. In Zeiten wie diesen brauchen alle, die für eine offene "
         "Gesellschaft eintreten, unsere Unterstützung. Sind Sie dabei? Jetzt unterstützen", "newsletter"),
        ("Wie hat Ihnen dieser Artikel gefallen?", "share-button"),
        ("Cet article vous a-t-il été utile ?", "share-button"),
        ("Was this article helpful?", "share-button"),
        ("Aktuelle Meldungen zum Krieg in der Ukraine finden Sie jederzeit in unserem Liveblog:", "read-also"),
        ("Retrouvez toutes les informations sur la guerre en Ukraine dans notre direct :", "read-also"),
        # A video card: its text, date and running time.
        ("Wie groß ist die Gefahr einer nuklearen Eskalation? 21.04.2024 | 3:18 min", "related-headline"),
        # A caption that ends in its photo credit; an agency named with "mit".
        ("Der Kanzler bei seiner Rede im Bundestag. Bild: Michael Kappeler", "agency-credit"),
        ("Des manifestants devant l'Assemblée nationale • Photo : Ludovic Marin/AFP", "agency-credit"),
        ("Rescue workers search the rubble in Valencia. (Photo: Reuters)", "agency-credit"),
        ("mit dpa", "agency-credit"),
        ("Newsletter abonnieren und nichts verpassen!", "newsletter"),  # a call to action, no prose
        # A newsletter named: three promo terms are enough.
        ("Der Newsletter informiert Sie jeden Morgen über die wichtigsten Nachrichten des Tages aus Bayern, "
         "Deutschland und der Welt, über Hintergründe, Analysen und Kommentare unserer Korrespondenten – kompakt, "
         "verständlich und direkt in Ihrem Postfach. Hier geht's zur Anmeldung!", "newsletter"),
        # A line of parts that are each boilerplate: the first part's reason.
        ("Von unserer Wirtschaftsredaktion | 20.12.2024, 18:45 Uhr", "byline"),
        ("By Jane Miller · December 20, 2024", "byline"),
        # Bylines of a paper's own staff, a paywall's notices, a gift button, a privacy link.
        ("By our Europe correspondent · 15 October 2025", "byline"),
        ("De notre envoyée spéciale à Kiev", "byline"),
        ("Il vous reste 72 % de cet article à lire. La suite est réservée aux abonnés.", "newsletter"),
        ("Vous pouvez lire Le Monde sur un seul appareil à la fois. Ce message s'affichera sur l'autre appareil.",
         "newsletter"),
        ("Découvrir les offres multicomptes", "newsletter"),
        ("You have 2 free articles left this month.", "newsletter"),
        ("This article is for subscribers only.", "newsletter"),
        ("Offrir cet article", "share-button"),
        ("Teilen  Drucken  Mailen", "share-button"),
        ("Zur Datenschutzerklärung", "cookie"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "editorial-disclaimer"),
        ("Fri 6 Dec 2024 18.05 GMT", "date-line"),
        ("ven. 6 déc. 2024 à 18h05", "date-line"),
        ("Most viewed", "site-navigation"),
        ("Reuse this content", "site-navigation"),
        ("Meistgelesen", "read-also"),
        ("…we have a small favour to ask. Millions are turning to the Guardian for open, independent news.",
         "newsletter"),
        ("Support the Guardian", "newsletter"),
        ("Par Pierre Martin, correspondant à Berlin", "byline"),
        ("(Reporting by Catarina Demony; Editing by Andrew Heavens)", "byline"),
    ],
)  # fmt: skip
def test_boilerplate_lines(line: str, reason: str) -> None:
    assert classify_line(line, LEX) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Le gouvernement a publié mardi un décret sur les cookies tiers, que les sites devront désormais "
        "limiter, selon la CNIL qui veillera au respect des nouvelles règles de consentement pendant "
        "toute l'année à venir sur l'ensemble du territoire national, a précisé la ministre du numérique "
        "lors d'une conférence de presse tenue à Paris en présence de nombreux représentants du secteur "
        "de la publicité en ligne et des associations de consommateurs.",
        "Kritik der Union",
        "Die Anzeige wurde am Montag bei der Polizei erstattet.",
        "Themen wie Migration",
        "Macron a discuté avec l'AFP",
        "Kontakt zu den Entführern gab es nicht.",
        "Source d'inquiétude pour Berlin",
        "Live-Übertragung aus dem Bundestag beginnt um 9 Uhr.",
        "Les commentaires du ministre ont choqué.",
        "La publicité en ligne a progressé de 3 % en 2024.",
        "Zum Thema Migration sagte der Minister am Dienstag in Berlin, die Zahl der Anträge sei gesunken.",
        "Publié en 2019, le rapport avait déjà alerté sur les risques de crue dans la vallée.",
        "Par ailleurs, le correspondant à Berlin a été expulsé mardi.",
        "Par ailleurs, le gouvernement a annoncé",
        "Mehr als 800 Einsätze zählte die Feuerwehr in der Nacht zum Samstag in München.",
        "La Corée du Nord renforce son soutien militaire à la Russie",
        "By the numbers",
        "Der Artikel hat ihm gefallen, sagte der Minister am Dienstag.",
        "Depuis le début du mois, il donne des cours d'essai aux habitants qui le souhaitent, dit-il.",
        "By contrast",
        # Reports of offers, not offers: they do not address the reader.
        "Der Verlag bietet das Abo jetzt vier Wochen kostenlos an; die gedruckte Zeitung kommt per App.",
        "Le journal propose une offre d'essai gratuite d'un mois pour son abonnement numérique.",
        "Das Video vom 21.04.2024 dauert 3:18 Minuten und wurde tausendfach geteilt.",
        "Die Seite 1 von 2 des Berichts fehlt.",
        "Page 3 of the report lists the victims.",
        "dpa-Chef Peter Kropsch",
        "Watch this space, the minister told reporters on Tuesday.",
        "Le président s'est entretenu avec l'AFP",
        "Mehr aus Kostengründen als aus Überzeugung stimmte die Partei zu.",
        # Prose that asks to sign up or names its sources: no offer, no credit.
        "Wer mitmachen will, kann sich ab sofort im Rathaus anmelden.",
        "Mit Informationen von Zeugen konnte die Polizei den Fluchtwagen schließlich finden.",
        "Über dieses Thema berichtete die Zeitung bereits im Mai ausführlich.",
        "Ihre Meinung ist uns wichtig, sagte der Bürgermeister den Anwohnern bei der Versammlung.",
        # A live blog's update and a report of a correction are news.
        "Update: The motorway has reopened.",
        "Die Korrektur der Zahlen erfolgte am Montag, teilte das Amt mit.",
        # A report naming a press office or its questions is news.
        "Rückfragen der Journalisten beantwortete der Minister nicht.",
        "Pressestelle der Polizei bestätigte den Einsatz am Abend.",
        "Media contacts were not allowed at the hearing.",
        # A newsletter told of in prose: it neither addresses the reader nor makes an offer.
        "C'est ce qu'a révélé mardi « Le Brief », la nouvelle newsletter économique du quotidien régional.",
        "The newsletter, launched in 2019 by two former Guardian reporters, now has 40,000 readers.",
        "Der Verlag stellt seinen Newsletter ein, weil zu wenige Leser ihn lasen und die Kosten stiegen.",
        # A paragraph after an arrow bullet, a quote about an app: prose, not navigation or an offer.
        "► RATP : les syndicats de la RATP promettent une mobilisation aussi forte que le 13 septembre dernier.",
        "« Je pousse les Français à télécharger l'application, mais je ne l'ai pas fait », a reconnu le ministre.",
        # A photo told of in prose, not a credit.
        "Das Bild zeigt den Kanzler bei seiner Rede im Bundestag, aufgenommen am Dienstag in Berlin.",
        "Le photographe de l'AFP a pris la photo: un cliché de la place vide, publié dans le monde entier.",
        "Mit dpa-Material arbeiten viele Redaktionen, sagte der Sprecher.",
        "Berlin | Der Bundestag hat am Freitag ein neues Gesetz beschlossen.",
        "Volkswagen | 35.000 Stellen",
        "Il a voulu offrir cet article à sa fille.",
        "By our estimates, the damage runs to millions.",
        "Our standards are high, the minister said.",
        "The most viewed video of the year showed a cat.",
        "Support the troops was the message of the rally.",
        "Sun Life",
        "Webseiten dürfen Cookies nur mit Einwilligung der Nutzer setzen, urteilte der Europäische Gerichtshof.",
    ],
)
def test_content_is_not_boilerplate(line: str) -> None:
    assert classify_line(line, LEX) is None


def test_date_words_alone_are_not_dates() -> None:
    assert not is_date_like("il y a", LEX)
    assert is_date_like("22 novembre 2024 · 10:28", LEX)


def test_a_lede_repeated_cut_short_and_then_in_german_goes() -> None:
    """The lede again, cut short, is a repeat of it; its German telling after that is a repeat
    too, of the lede; a short line that opens a longer later one (a heading) stays."""
    doc = _clean(
        "Volkswagen va supprimer 35 000 emplois",
        "La production",
        "La production des usines allemandes baissera de 734 000 véhicules par an selon le groupe.",
        "Volkswagen va supprimer plus de 35 000 emplois en Allemagne d'ici 2030, selon un accord conclu vendredi.",
        "Volkswagen va supprimer plus de 35 000 emplois en Allemagne d'ici 2030.",
        "Volkswagen will bis 2030 in Deutschland mehr als 35.000 Stellen abbauen.",
    )
    assert [b.reason for b in doc.blocks] == [None, None, None, None, "duplicate-of:4",
                                              "cross-language-duplicate-of:4"]  # fmt: skip


def test_header_date_keeps_the_title_after_it() -> None:
    doc = _clean(
        "22 novembre 2024 · 10:28",
        "La Russie et la Corée du Nord signent un accord",
        "Le traité a été signé à Pyongyang en présence des deux dirigeants, selon les médias officiels.",
    )
    assert [b.keep for b in doc.blocks] == [False, True, True]
    assert doc.blocks[0].reason == "date-line"


def test_duplicates_exact_and_near() -> None:
    doc = _clean(
        "Titre de l'article sur la grève",
        "La grève des cheminots perturbe fortement le trafic ce vendredi dans toute la France.",
        "Titre de l'article sur la grève",
        "La grève des cheminots perturbe fortement le trafic ce vendredi dans toute la France !",
    )
    assert [b.reason for b in doc.blocks] == [None, None, "duplicate-of:1", "duplicate-of:2"]


def test_site_template_lines_are_counted_across_pages(tmp_path: Path) -> None:
    template = "Retrouvez toute l'actualité de la région sur notre application mobile"
    for i in range(4):
        (tmp_path / f"p{i}.txt").write_text(
            f"Titre numéro {i} sur un sujet local\n"
            f"Le conseil municipal numéro {i} a voté un budget de {i + 2} millions d'euros pour les écoles.\n"
            f"{template}\n",
            encoding="utf-8",
        )
    settings = load_settings(overrides={"cache_dir": tmp_path / "cache"})
    pipeline = CleaningPipeline(settings)
    docs = [d for d in pipeline.documents(tmp_path) if isinstance(d, Document)]
    assert len(docs) == 4
    for doc in docs:
        assert doc.blocks[2].reason == "site-template"
        assert doc.blocks[1].keep
    # Below the page threshold the line is content.
    index = TemplateIndex(min_pages=5)
    for doc in docs:
        index.add(b.text for b in doc.blocks)
    assert not index.is_template(template)


def test_a_record_without_a_title_is_named_by_its_first_sentence(tmp_path: Path) -> None:
    """A JSON dump's record with no title and its body on one line: the page's name is the
    headline its body opens with, not the whole paragraph; a short first line is the name whole."""
    body = ("16 Tote bei Massenschlägerei in mexikanischem Gefängnis. Mindestens 16 Menschen sind bei "
            "einer Massenschlägerei in einem Gefängnis in Mexiko getötet worden. Die Sicherheitskräfte "
            "stellten Waffen sicher. Zu der Auseinandersetzung kam es am Dienstagnachmittag im Gefängnis "
            "Cerereso im Bundesstaat Zacatecas, wie die Behörden mitteilten. Fünf weitere Menschen "
            "wurden verletzt.")  # fmt: skip
    (tmp_path / "dump.jsonl").write_text(
        json.dumps({"maintext": body}) + "\n" + json.dumps({"maintext": "Kurz notiert\n" + body}) + "\n",
        encoding="utf-8",
    )
    settings = load_settings(overrides={"cache_dir": tmp_path / "cache"})
    docs = [d for d in CleaningPipeline(settings).documents(tmp_path) if isinstance(d, Document)]
    assert [d.display_title for d in docs] == [
        "16 Tote bei Massenschlägerei in mexikanischem Gefängnis.", "Kurz notiert"]  # fmt: skip
    assert docs[0].source_title == docs[0].display_title


def test_template_index_merges_like_one_pass() -> None:
    a, b, whole = TemplateIndex(), TemplateIndex(), TemplateIndex()
    pages = [["x", "y"], ["x"], ["x", "z"]]
    for i, page in enumerate(pages):
        (a if i < 2 else b).add(page)
        whole.add(page)
    assert a.merge(b).counts == whole.counts
    assert whole.is_template("x") and not whole.is_template("y")


def test_glued_dateline_repair_is_recorded() -> None:
    doc = _clean(
        "Titre", "BerlinDer Bundestag hat am Freitag ein neues Gesetz beschlossen, berichten Medien."
    )
    block = doc.blocks[1]
    assert block.text.startswith("Berlin — Der Bundestag")
    assert block.source.startswith("BerlinDer")
    assert block.repairs[0].kind == "glued-dateline"
    untouched = _clean("Titre", "YouTube a annoncé mardi de nouvelles règles pour les vidéos politiques.")
    assert not untouched.blocks[1].repairs
    # A party's initials are one word ("AfD" is no place "Af" glued to "D…").
    party = _clean("Titre", 'AfD leader Björn Höcke hailed a "historic victory" in Erfurt on Sunday.')
    assert not party.blocks[1].repairs and party.blocks[1].text.startswith("AfD leader")
    glued = _clean("Titre", "ParisL'enquête a été confiée à la brigade criminelle, a indiqué le parquet.")
    assert glued.blocks[1].text.startswith("Paris — L'enquête")


def test_a_lede_retold_in_german_with_its_number_spelled_out_and_the_title_again() -> None:
    """A JSON dump's body: the French lede says "12 avions", its German retelling "zwölf": one lede
    in two languages; the title again at the end is a repeat of line 1, not another headline."""
    doc = _clean(
        "La Belgique commande 12 F-35 supplémentaires",
        "La Belgique va acheter 12 avions de combat F-35 supplémentaires, a annoncé vendredi la ministre "
        "de la Défense, Ludivine Dedonder.",
        "La commande, d'un montant de 1,1 milliard d'euros, portera la flotte belge à 46 appareils.",
        "Belgien kauft zwölf weitere F-35-Kampfflugzeuge, kündigte Verteidigungsministerin Ludivine Dedonder "
        "am Freitag an.",
        "Les premiers appareils doivent être livrés en 2027 à la base de Florennes.",
        "Partager cet article",
        "La Belgique commande 12 F-35 supplémentaires",
    )
    reasons = {b.n: b.reason for b in doc.blocks if not b.keep}
    assert reasons == {4: "cross-language-duplicate-of:2", 6: "share-button", 7: "duplicate-of:1"}


@pytest.mark.parametrize(
    "lines",
    [
        # A German page repeats its title and lede in English, the lede's two sentences joined
        # in one: both are copies. The English quote of another person stays.
        (
            "Scholz kündigt Vertrauensfrage für Dezember an",
            "Scholz announces confidence vote for December",
            "Bundeskanzler Olaf Scholz will am 11. Dezember im Bundestag die Vertrauensfrage stellen. Das kündigte "
            "er am Mittwochabend in Berlin an.",
            "Chancellor Olaf Scholz will call a confidence vote in the Bundestag on December 11, he announced in "
            "Berlin on Wednesday evening.",
            "Neuwahlen könnten dann im Februar stattfinden. Die Union fordert einen früheren Termin.",
            '"We need clarity quickly," CDU leader Friedrich Merz told reporters.',
        ),
        # A Swiss German page gives its headline again in French right under it (sharing only the
        # city, "Genf" and "Genève") and retells its lede's first sentence alone in French: both
        # are copies. A French quote in a German sentence and a French line telling more stay.
        (
            "Genf: Tausende demonstrieren gegen Sparpläne der Regierung",
            "Genève : des milliers de manifestants contre le plan d'économies du gouvernement",
            "In Genf haben am Samstag nach Polizeiangaben rund 8000 Menschen gegen die Sparpläne von "
            "Finanzdirektorin Nathalie Fontanet demonstriert. Die Gewerkschaften sprachen von 12.000 Teilnehmenden.",
            "À Genève, quelque 8000 personnes ont manifesté samedi contre le plan d'économies de la conseillère "
            "d'Etat Nathalie Fontanet, selon la police.",
            "«Nous ne lâcherons rien», rief eine Gewerkschaftssprecherin vor dem Rathaus.",
            "Le canton prévoit d'économiser 400 millions de francs d'ici 2027, a indiqué le gouvernement.",
        ),
    ],
)
def test_a_title_and_lede_retold_in_another_language_are_copies(lines: tuple[str, ...]) -> None:
    doc = _clean(*lines)
    reasons = {b.n: b.reason for b in doc.blocks if not b.keep}
    assert reasons == {2: "cross-language-duplicate-of:1", 4: "cross-language-duplicate-of:3"}


def test_a_headline_in_one_language_over_a_subtitle_in_another_stays() -> None:
    """A French headline over an English line that tells something else (no name in common) is
    no copy of it, nor is a French subtitle with another number."""
    doc = _clean(
        "Genève : des milliers de manifestants contre l'austérité",
        "Union leaders call for a general strike next month",
        "Le canton prévoit d'économiser 400 millions de francs d'ici 2027.",
    )
    assert all(b.keep for b in doc.blocks)
    # A subtitle in the page's own language under a title read as another (short titles are
    # misread) stays.
    doc = Document(id="x", path="x.txt", format="txt", lines=[SourceLine(n=i + 1, text=t) for i, t in enumerate([
        "Champions League: Bayern vs. Real Madrid",
        "Bayern München empfängt Real Madrid im Halbfinale",
        "Der FC Bayern trifft am Dienstag im Halbfinale der Champions League auf Real Madrid.",
        "Die Münchner hatten das Hinspiel mit 2:1 gewonnen, Trainer Vincent Kompany ist zuversichtlich.",
    ])])  # fmt: skip
    doc.blocks = segment_document(doc)
    detect_document(doc, make_detector("lingua", LANGS), LEX)
    doc.blocks[0].lang = "en"
    Cleaner(lexicon=LEX).clean(doc)
    assert all(b.keep for b in doc.blocks)
    doc = _clean(
        "Genf: 8000 Menschen demonstrieren gegen Sparpläne",
        "Genève : 12 000 manifestants selon les syndicats",
        "Der Kanton will bis 2027 rund 400 Millionen Franken einsparen.",
    )
    assert all(b.keep for b in doc.blocks)


def test_an_intertitle_glued_to_the_next_sentence_is_cut() -> None:
    """A portal's one-line body with its intertitles glued to the sentence after them: each is
    cut (a repair) and the sentence after it stands alone; capitals inside names stay."""
    doc = _clean(
        "Le constructeur mis en cause",
        "Le véhicule a pris feu mardi, sans plus de précision. Renault mis en causeLe véhicule datait de 2005. "
        "Trois morts en EspagneAvant d'arriver en France, la tempête a tué trois personnes. • PoliceLes syndicats "
        "ont appelé à la grève. La start-up BlaBlaCar a levé des fonds. Le réseau LinkedIn a annoncé un plan.",
    )
    body = next(b for b in doc.blocks if b.role == "body")
    assert [s.text for s in body.sentences] == [
        "Le véhicule a pris feu mardi, sans plus de précision.",
        "Le véhicule datait de 2005.",
        "Avant d'arriver en France, la tempête a tué trois personnes.",
        "Les syndicats ont appelé à la grève.",
        "La start-up BlaBlaCar a levé des fonds.",
        "Le réseau LinkedIn a annoncé un plan.",
    ]
    assert {r.kind for r in body.repairs} == {"glued-intertitle"}


def test_a_consent_wall_keeps_the_headline_glued_to_its_banner() -> None:
    """A scraped consent wall: the headline, then the banner with no full stop between. The
    headline stays (a repair records the cut); a banner that opens on its own words goes whole."""
    banner = ("Um die Funktion unserer Website zu verbessern, sammeln wir Informationen über Sie. Indem Sie "
              "„Akzeptieren und schließen“ anklicken, stimmen Sie der Verarbeitung Ihrer persönlichen Daten zu.")  # fmt: skip
    doc = _clean("Schweiz schränkt Export von Schutzausrüstung ein " + banner)
    (block,) = [b for b in doc.blocks if b.keep]
    assert block.text == "Schweiz schränkt Export von Schutzausrüstung ein"
    assert [r.kind for r in block.repairs] == ["consent-text"]
    glued = _clean("Corona-Appell – Kogler weist Freizeitsportler zurecht - News Cookie-InformationenDiese Seite "
                   "verwendet Cookies. Sie stimmen der Verwendung von Cookies durch Anklicken von OK zu.")  # fmt: skip
    assert [b.text for b in glued.blocks if b.keep] == [
        "Corona-Appell – Kogler weist Freizeitsportler zurecht - News"
    ]
    own = _clean("Liebe Leserinnen und Leser, wir verwenden Cookies, um unsere Website zu verbessern. Sie können "
                 "der Verwendung in den Einstellungen widersprechen.")  # fmt: skip
    assert not [b for b in own.blocks if b.keep]


def test_a_banner_told_in_plain_sentences_goes_whole() -> None:
    """A consent wall scraped as a news body: no one sentence of the banner names enough consent
    terms, together they do (cookies, the reader, the site, its partners, data protection); the
    link to the privacy policy goes too. A report on cookie rules that quotes no banner stays."""
    doc = _clean(
        "Einigung über erste schwarz-grüne Regierung in Österreich",
        "Wir verwenden auf unserer Webseite Cookies und pseudonyme Analysetechniken, um unseren Internetauftritt "
        "möglichst benutzerfreundlich zu gestalten. Zudem messen und werten wir die Besuche aus, um unsere Webseite "
        "optimal auf Ihre Bedürfnisse anzupassen. Dafür arbeiten wir mit Partnern und Dienstleistern zusammen, "
        "welche die Informationen zu Ihrer Verwendung unserer Webseite erhalten. Weitere Informationen, auch zur "
        "Deaktivierung von Cookies, finden Sie in unseren Datenschutzhinweisen.",
        "Zur Datenschutzerklärung",
    )
    assert [(b.n, b.reason) for b in doc.blocks if not b.keep] == [(2, "cookie"), (3, "cookie")]
    report = _clean(
        "EuGH stärkt Verbraucher",
        "Webseiten dürfen Cookies nur mit Einwilligung der Nutzer setzen, urteilte der Europäische Gerichtshof am "
        "Dienstag. Geklagt hatte der Bundesverband der Verbraucherzentralen gegen ein Gewinnspiel im Internet. "
        "Die Richter verlangten, dass Nutzer aktiv zustimmen müssen.",
    )
    assert all(b.keep for b in report.blocks)


def test_an_agency_subheading_glued_into_a_body_is_cut() -> None:
    """AFP's "- Title -" intertitles glued between two sentences of a one-line body are cut (a
    repair); a dash aside inside a sentence, a score and a dateline stay."""
    doc = _clean(
        "La dernière habitante du village",
        "Le mari de la vieille dame est décédé voici 20 ans. - Parole d'honneur -Dans son village, Mme Dicic "
        "est la seule à être restée. Il a dit - et c'est important - que l'épicier viendra. Le score était 2 - 1.",
    )
    body = next(b for b in doc.blocks if b.role == "body")
    assert body.text == ("Le mari de la vieille dame est décédé voici 20 ans. Dans son village, Mme Dicic est la "
                         "seule à être restée. Il a dit - et c'est important - que l'épicier viendra. Le score était 2 - 1.")  # fmt: skip
    assert [r.kind for r in body.repairs] == ["glued-subheading"]
    assert body.sentences[1].text.startswith("Dans son village")
    title = _clean("Mali", "Il a été arrêté au prix de quelques coups de feu.- Silence total -M. Keïta, devenu le "
                           "principal responsable, se tait.")  # fmt: skip
    body = next(b for b in title.blocks if b.role == "body")
    assert [s.text for s in body.sentences] == ["Il a été arrêté au prix de quelques coups de feu.",
                                                "M. Keïta, devenu le principal responsable, se tait."]  # fmt: skip


def test_an_embedded_video_glued_into_a_body_is_cut() -> None:
    """A portal's one-line body with an embedded video's title and channel glued in, the next
    sentence glued to the channel: cut as a repair; "par" in prose stays."""
    doc = _clean(
        "Un suspect interpellé",
        "Il a été interpellé mardi, confirmant une information du Télégramme. Qui sont les convertis radicalisés "
        "?par BFMTVCe suspect, âgé d'une trentaine d'années, était connu. Réforme des retraites : vers le 49-3 "
        "?par CNEWSL'Assemblée a voté. Le film, réalisé par Gaspar Noé, sort mercredi.",
    )
    body = next(b for b in doc.blocks if b.role == "body")
    assert body.text == ("Il a été interpellé mardi, confirmant une information du Télégramme. Ce suspect, âgé d'une "
                         "trentaine d'années, était connu. L'Assemblée a voté. Le film, réalisé par Gaspar Noé, sort mercredi.")  # fmt: skip
    assert [r.kind for r in body.repairs] == ["glued-video-teaser"]
    assert [s.text for s in body.sentences][1:3] == ["Ce suspect, âgé d'une trentaine d'années, était connu.",
                                                     "L'Assemblée a voté."]  # fmt: skip


def test_a_press_office_contact_block_goes_line_by_line() -> None:
    """A police press release (presseportal.de) ends with its press office's address under
    "Rückfragen bitte an:": the office, the department, phone and e-mail lines go as
    `press-contact`, the news-aktuell credit as `agency-credit`; the report stays."""
    doc = _clean(
        "POL-GÖ: (108/2020) Kurzfristige Vollsperrung der BAB A 7 zwischen Echte und Northeim-Nord",
        "Göttingen (ots) - Wegen eines defekten Lastwagens musste die A 7 am Dienstagmorgen gesperrt werden.",
        "Rückfragen bitte an:",
        "Polizeiinspektion Göttingen",
        "Pressestelle",
        "Telefon: 0551/491-1010",
        "E-Mail: pressestelle@pi-goe.polizei.niedersachsen.de",
        "Original-Content von: Polizeiinspektion Göttingen, übermittelt durch news aktuell",
    )
    reasons = {b.n: b.reason for b in doc.blocks if not b.keep}
    assert reasons == {3: "press-contact", 4: "press-contact", 5: "press-contact", 6: "press-contact",
                       7: "press-contact", 8: "agency-credit"}  # fmt: skip
