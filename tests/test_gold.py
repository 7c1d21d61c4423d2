"""The cleaner and the language detector held to the line-level gold labels of the seeds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import SEEDS


def _clean_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["clean", str(SEEDS), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def cleaned() -> dict[str, dict[str, Any]]:
    return {f["path"].split("/")[-1]: f for f in _clean_json()["files"]}


def _pairs(gold: dict[str, Any], cleaned: dict[str, dict[str, Any]]):  # type: ignore[no-untyped-def]
    for name, labels in gold["files"].items():
        lines = {line["n"]: line for line in cleaned[name]["lines"]}
        for label in labels["lines"]:
            yield name, label, lines[label["n"]]


def test_every_seed_is_cleaned(cleaned: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    assert set(cleaned) == set(gold["files"])
    assert all(f["error"] is None for f in cleaned.values())


def test_gold_removals(cleaned: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    wrong = []
    for name, label, line in _pairs(gold, cleaned):
        if label["remove"] is True and line["keep"]:
            wrong.append(f"{name}:{label['n']} kept, gold says remove ({label.get('note', label['role'])})")
        if label["remove"] is False and not line["keep"]:
            wrong.append(f"{name}:{label['n']} removed as {line['reason']}, gold says keep")
    assert not wrong, "\n".join(wrong)


def test_every_removal_has_a_reason(cleaned: dict[str, dict[str, Any]]) -> None:
    for f in cleaned.values():
        for line in f["lines"]:
            assert line["keep"] or line["reason"], line


def test_gold_languages(cleaned: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    wrong = [
        f"{name}:{label['n']} detected {line['lang']}, gold {label['lang']}: {line['text'][:60]}"
        for name, label, line in _pairs(gold, cleaned)
        if label["lang"] is not None and line["lang"] != label["lang"]
    ]
    assert not wrong, "\n".join(wrong)


def test_gold_languages_with_langdetect(gold: dict[str, Any]) -> None:
    files = {f["path"].split("/")[-1]: f for f in _clean_json("--detector", "langdetect")["files"]}
    labelled = [(label, line) for _, label, line in _pairs(gold, files) if label["lang"]]
    right = sum(line["lang"] == label["lang"] for label, line in labelled)
    # Raw langdetect gets 94% of the seed lines; with the page context it must do better.
    assert right / len(labelled) >= 0.97, f"{right}/{len(labelled)}"


def test_reasons_name_the_rule(cleaned: dict[str, dict[str, Any]]) -> None:
    reasons = {(name, line["n"]): line["reason"] for name, f in cleaned.items() for line in f["lines"]}
    assert reasons[("004_98388140be0633d7.txt", 8)] == "cross-language-duplicate-of:6"
    assert reasons[("004_98388140be0633d7.txt", 9)] == "duplicate-of:6"
    assert reasons[("004_98388140be0633d7.txt", 11)] == "duplicate-of:1"
    assert reasons[("002_6f0cd0a81aa7e709.txt", 14)] == "ai-disclaimer"
    assert reasons[("001_6af0ef2c71c73676.txt", 19)] == "share-button"
    assert reasons[("001_6af0ef2c71c73676.txt", 7)] == "sidebar-timestamp"


def test_glued_dateline_is_repaired(cleaned: dict[str, dict[str, Any]]) -> None:
    line = cleaned["001_6af0ef2c71c73676.txt"]["lines"][1]
    assert line["keep"]
    assert line["text"].startswith("Paris — Environ 3 000 soldats")
    assert line["repairs"][0]["kind"] == "glued-dateline"
    assert line["repairs"][0]["before"].startswith("ParisEnviron")
