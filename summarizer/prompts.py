"""Prompt templates for LLM backends: files in prompts/, named placeholders, strict on missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_FENCE = re.compile(r"<<<\w+|\w+>>>")


@dataclass(frozen=True, slots=True)
class Prompt:
    """A system message and a user message template."""

    name: str
    system: str
    template: str

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.template))

    def render(self, **values: object) -> str:
        """Fill every placeholder; a missing or unknown one is an error, never a silent blank."""
        missing = self.placeholders - values.keys()
        unknown = values.keys() - self.placeholders
        if missing or unknown:
            raise ConfigError(
                f"prompt '{self.name}': missing {sorted(missing)} / unknown {sorted(unknown)} placeholders"
            )
        safe = {k: fence_safe(str(v)) for k, v in values.items()}
        return _PLACEHOLDER.sub(lambda m: safe[m.group(1)], self.template)


def fence_safe(text: str) -> str:
    """Article text is data: it cannot close or open the fence it is placed in."""
    return _FENCE.sub(lambda m: m.group(0).replace("<<<", "‹‹‹").replace(">>>", "›››"), text)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """`prompts/<name>.md`: optional front matter with `system: |`, then the user template."""
    path = (directory or PROMPTS_DIR) / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt file not found: {path}")
    raw = path.read_text(encoding="utf-8")
    system = ""
    if raw.startswith("---\n"):
        head, _, raw = raw[4:].partition("\n---\n")
        match = re.search(r"system:\s*\|\n((?:  .*\n?)+)", head + "\n")
        if match:
            system = "\n".join(line[2:] for line in match.group(1).splitlines()).strip()
    return Prompt(name=name, system=system, template=raw.strip() + "\n")
