"""Shared fixtures: offline, sockets blocked, cache in a temporary folder, paths to shared data."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# ../shared beside the checkout may add data for benchmarks; tests never need it: what they read
# is copied into tests/data (the seed gold, the public language-ID samples).
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "seeds.json"
LANGID = DATA / "langid"
PAGES = Path(__file__).resolve().parent / "pages"


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the network, the real cache, or the hub."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(*args: Any, **kwargs: Any) -> None:
        raise NetworkBlocked(f"network access attempted in a test: {args!r}")

    def connect(self: socket.socket, address: Any) -> None:
        # Only the machine itself (a local Ray cluster's processes) may be reached.
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            guard(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", guard)


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """fr→en and de→en tiny Marian models, saved with save_pretrained (built once per session)."""
    from tests.tiny import build_pair

    return build_pair(tmp_path_factory.mktemp("models"))


@pytest.fixture
def spawn() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """`subprocess.Popen` for a test, each child in its own process group; whatever is still
    running when the test ends (passed, failed or timed out) is killed with its children."""
    children: list[subprocess.Popen[str]] = []

    def start(*args: Any, **kwargs: Any) -> subprocess.Popen[str]:
        child: subprocess.Popen[str] = subprocess.Popen(*args, start_new_session=True, **kwargs)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


# Filled by the fuzz test; printed at the end of the run so the count shows in CI's output.
FUZZ_REPORT: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, line in FUZZ_REPORT.items():
        terminalreporter.write_line(f"fuzz ({name}): {line}")
