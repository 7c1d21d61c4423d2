"""Run the real `summarizer` command in a subprocess with the network blocked inside it.

A `sitecustomize` module placed first on PYTHONPATH replaces socket connects and DNS lookups in
the child: any attempt is written to a log file (which the test reads) and fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SITECUSTOMIZE = """
import os, socket
_LOG = os.environ["SUMMARIZER_TEST_NETLOG"]
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

def _record(what):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(what + "\\n")
    raise OSError("network access blocked by the test")

def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record(f"connect {address!r}")
    return _connect(self, address)

def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _record(f"connect_ex {address!r}")
    return _connect_ex(self, address)

socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.create_connection = lambda address, *a, **k: _record(f"create_connection {address!r}")
socket.getaddrinfo = lambda host, *a, **k: _record(f"getaddrinfo {host!r}")
"""


def cli_env(tmp_path: Path, *, keep_offline_vars: bool = True) -> dict[str, str]:
    """Environment of a blocked child; without `keep_offline_vars` the HF_*_OFFLINE switches are
    removed, so only the tool's own code can keep the Hugging Face libraries offline."""
    guard = tmp_path / "netguard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard), str(ROOT), env.get("PYTHONPATH", "")])
    env["SUMMARIZER_TEST_NETLOG"] = str(tmp_path / "network-attempts.log")
    env["COLUMNS"] = "200"
    if not keep_offline_vars:
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
            env.pop(name, None)
    return env


def network_attempts(tmp_path: Path) -> list[str]:
    log = tmp_path / "network-attempts.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", *args]


def run_cli(
    tmp_path: Path, *args: str, timeout: float = 600, **env_options: bool
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(*args), env=cli_env(tmp_path, **env_options), capture_output=True, text=True,
        timeout=timeout, cwd=tmp_path, check=False,
    )  # fmt: skip
