"""Sentence splitting and block roles."""

from __future__ import annotations

import pytest

from summarizer.lexicon import load_lexicon
from summarizer.models import Document, SourceLine
from summarizer.segment import guess_role, segment_document, split_sentences

LEX = load_lexicon(("fr", "de", "en"))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "M. Dupont a parlé. Il est parti.", ["M. Dupont a parlé.", "Il est parti."]),
        ("fr", "Environ 3 000 soldats sont là. Le record est de 9,80 s.",
         ["Environ 3 000 soldats sont là.", "Le record est de 9,80 s."]),
        ("fr", "Il a dit : « Nous constatons des preuves. Il faut agir. » Puis il est parti.",
         ["Il a dit : « Nous constatons des preuves. Il faut agir. »", "Puis il est parti."]),
        ("fr", "Le Dr. Martin l'a confirmé. Rien d'autre.", ["Le Dr. Martin l'a confirmé.", "Rien d'autre."]),
        ("de", "Er sagte: „Wir sehen Beweise. Das ist klar.“ Dann ging er.",
         ["Er sagte: „Wir sehen Beweise. Das ist klar.“", "Dann ging er."]),
        ("de", "Z. B. kamen 3.000 Soldaten am 3. Oktober an. Dr. Müller bestätigte das.",
         ["Z. B. kamen 3.000 Soldaten am 3. Oktober an.", "Dr. Müller bestätigte das."]),
        ("en", "Mr. Smith arrived at 9 a.m. on Monday. He left.", ["Mr. Smith arrived at 9 a.m. on Monday.", "He left."]),
        # Dates, ordinals and abbreviations end no sentence.
        ("de", "Die 2. Bundesliga spielt am Sonntag. Der 1. FC Köln gewann.",
         ["Die 2. Bundesliga spielt am Sonntag.", "Der 1. FC Köln gewann."]),
        ("de", "Newton wurde am 25. Dezember 1642 geboren. Danach zog er nach London.",
         ["Newton wurde am 25. Dezember 1642 geboren.", "Danach zog er nach London."]),
        ("de", "Das gilt z. B. für Dr. Müller. Sie kommt am 3. Mai.",
         ["Das gilt z. B. für Dr. Müller.", "Sie kommt am 3. Mai."]),
        ("fr", "Le 1er mai, M. Dupont a parlé. Il est parti.", ["Le 1er mai, M. Dupont a parlé.", "Il est parti."]),
        # A number opens a German sentence after a word (not after an ordinal, nor an abbreviation).
        ("de", "Rund 80 Feuerwehrleute waren im Einsatz. 45 Bewohner mussten das Haus verlassen.",
         ["Rund 80 Feuerwehrleute waren im Einsatz.", "45 Bewohner mussten das Haus verlassen."]),
        ("de", "Er nannte zwei bzw. 3 Varianten. Es kamen ca. 45 Menschen.",
         ["Er nannte zwei bzw. 3 Varianten.", "Es kamen ca. 45 Menschen."]),
        # Punctuation alone is no sentence: a scrape's stray "." before the text, an ellipsis after one.
        ("fr", ". Ce sont les plaintes de deux jeunes. Elles datent de 2019.",
         ["Ce sont les plaintes de deux jeunes.", "Elles datent de 2019."]),
        ("fr", "Fin. ...", ["Fin. ..."]),
        # An abbreviation that may end a sentence ends one before a sentence starter; a title
        # never does ("M. Le Pen").
        ("fr", "Il a cité la Chine, l'Inde, etc. Le débat a duré 2 h. Le vote suit. Selon M. Le Pen, non.",
         ["Il a cité la Chine, l'Inde, etc.", "Le débat a duré 2 h.", "Le vote suit.", "Selon M. Le Pen, non."]),
        ("de", "Äpfel, Birnen usw. Die Preise stiegen. Äpfel, Birnen usw. wurden teurer.",
         ["Äpfel, Birnen usw.", "Die Preise stiegen.", "Äpfel, Birnen usw. wurden teurer."]),
        ("en", "They met at 5 p.m. The talks failed.", ["They met at 5 p.m.", "The talks failed."]),
    ],
)  # fmt: skip
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang, LEX) == expected


def test_roles() -> None:
    doc = Document(id="x", path="x.txt", format="txt", lines=[
        SourceLine(1, "Un titre d'article"), SourceLine(2, ""),
        SourceLine(3, "Une intertitre courte"),
        SourceLine(4, "Un long paragraphe qui développe l'intertitre avec plusieurs phrases. Et encore une."),
        SourceLine(5, "« Une citation complète. »"),
    ])  # fmt: skip
    roles = [b.role for b in segment_document(doc)]
    assert roles == ["title", "blank", "heading", "body", "quote"]
    assert guess_role("Fin.", None) == "body"
