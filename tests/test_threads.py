"""Concurrent runs on one machine share its CPUs instead of oversubscribing them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.backends import threads
from summarizer.errors import ConfigError


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(threads, "runs_dir", lambda: tmp_path / "runs")
    monkeypatch.setattr(threads, "available_cpus", lambda: 4)
    monkeypatch.setattr(threads, "_registered", None)
    monkeypatch.delenv("SUMMARIZER_THREADS", raising=False)
    return tmp_path / "runs"


def test_a_lone_run_takes_every_cpu_and_two_runs_half_each(machine: Path) -> None:
    assert threads.model_threads() == 4
    assert (machine / str(os.getpid())).is_file()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (machine / str(other.pid)).touch()
        assert threads.model_threads() == 2
    finally:
        other.kill()
        other.wait()
    # A run that died without cleaning up no longer counts, and its entry goes.
    assert threads.model_threads() == 4
    assert not (machine / str(other.pid)).exists()


def test_summarizer_threads_overrides_and_is_checked(machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_THREADS", "3")
    assert threads.model_threads() == 3
    for bad in ("0", "-2", "two", "1.5"):
        monkeypatch.setenv("SUMMARIZER_THREADS", bad)
        with pytest.raises(ConfigError, match="SUMMARIZER_THREADS"):
            threads.model_threads()


def test_the_affinity_mask_bounds_the_cpus() -> None:
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this system")
    assert threads.available_cpus() == len(os.sched_getaffinity(0))
