"""How many CPU threads a model may use, so that concurrent runs on one machine share the CPUs.

Each run that loads a model registers itself in a per-user folder of the temporary directory;
a run then takes its CPUs (its affinity mask) divided by the runs alive on the machine. Without
this, two runs of two threads each on a 2-core machine ran 3.5x slower than one (PyTorch's
threads spin while they wait for the other run's). `SUMMARIZER_THREADS` overrides it all.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from pathlib import Path

from summarizer.errors import ConfigError

_registered: Path | None = None


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, e.g. under taskset or a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def runs_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"summarizer-runs-{uid}"


def process_alive(pid: int) -> bool:
    """Whether a process of that id runs on this machine (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def register_run() -> None:
    """Count this process among the runs using models on this machine (once; removed at exit)."""
    global _registered
    if _registered is not None:
        return
    folder = runs_dir()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        entry = folder / str(os.getpid())
        entry.touch()
    except OSError:  # an unwritable temporary directory only loses the sharing
        return
    _registered = entry
    atexit.register(_unregister)


def _unregister() -> None:
    global _registered
    if _registered is not None:
        with contextlib.suppress(OSError):
            _registered.unlink()
        _registered = None


def live_runs() -> int:
    """Runs alive on this machine (at least this one); entries of dead processes are removed."""
    count = 0
    try:
        entries = list(runs_dir().iterdir())
    except OSError:
        return 1
    for entry in entries:
        if not entry.name.isdigit():
            continue
        if process_alive(int(entry.name)):
            count += 1
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    return max(1, count)


def threads_setting() -> int | None:
    """`SUMMARIZER_THREADS` as a positive number, None when unset; anything else is an error."""
    raw = os.environ.get("SUMMARIZER_THREADS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"SUMMARIZER_THREADS must be a whole number of threads, 1 or more (got {raw!r})")
    return int(raw)


def model_threads() -> int:
    """Threads for one model now: SUMMARIZER_THREADS, else this run's share of its CPUs."""
    fixed = threads_setting()
    if fixed is not None:
        return fixed
    register_run()
    return max(1, available_cpus() // live_runs())
