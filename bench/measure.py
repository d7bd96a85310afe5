"""Timing helpers: processes with their wall time and peak memory, repeated runs, figures."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One run of a process: seconds of wall time and peak resident memory in bytes."""

    seconds: float
    max_rss: int


class ProcessFailed(RuntimeError):
    """A measured process exited non-zero (its stderr is in the message)."""


def run_process(
    argv: Sequence[str], *, stdout: Path | None = None, stdin: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run *argv* to completion; its wall time and its own peak RSS (``wait4``).

    Output goes to *stdout* (a file) or is discarded; stderr is kept for the
    message when the process fails.
    """
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 - closed below
    inp = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stdin=inp, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()  # drained while it runs, so it cannot block on a full pipe
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
        if stdin:
            inp.close()  # type: ignore[union-attr]
    if proc.returncode != 0:
        text = err.decode("utf-8", "replace").strip().splitlines()
        raise ProcessFailed(f"{' '.join(map(str, argv[:6]))}... exited {proc.returncode}: {' / '.join(text[-3:])}")
    return Run(seconds, usage.ru_maxrss * 1024)  # Linux reports kilobytes


@dataclass
class Series:
    """Repeated measurements of one thing."""

    label: str
    seconds: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)

    def add(self, run: Run | float) -> None:
        """Record one run (a :class:`Run` or plain seconds)."""
        if isinstance(run, Run):
            self.seconds.append(run.seconds)
            self.rss.append(run.max_rss)
        else:
            self.seconds.append(run)

    @property
    def median(self) -> float:
        """Median seconds."""
        return statistics.median(self.seconds)

    def describe(self) -> str:
        """``median (min-max)`` in a readable unit."""
        lo, hi = min(self.seconds), max(self.seconds)
        return f"{_dur(self.median)} ({_dur(lo)}-{_dur(hi)})"


def _dur(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def side_by_side(
    runs: int,
    subject: Callable[[], Run | float],
    yardstick: Callable[[], Run | float] | None,
    *,
    before: Callable[[], None] | None = None,
) -> tuple[Series, Series | None]:
    """Alternate *subject* and *yardstick* *runs* times each (same files, same conditions).

    *before* prepares each run (copying a fresh database, say) and is not timed.
    """
    a, b = Series("subject"), Series("yardstick") if yardstick else None
    for _ in range(runs):
        if before:
            before()
        a.add(subject())
        if yardstick and b is not None:
            if before:
                before()
            b.add(yardstick())
    return a, b


def find_sqlite3(*, install: bool = True) -> str | None:
    """The ``sqlite3`` command-line shell, installing it with apt-get when run as root.

    Returns None (and the yardsticks needing it are skipped) when it is missing
    and cannot be installed.
    """
    found = shutil.which("sqlite3")
    if found or not install:
        return found
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    print("sqlite3 is missing: installing it with apt-get (needed for the yardsticks)", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in ([apt, "install", "-y", "-q", "sqlite3"], [apt, "update", "-q"], [apt, "install", "-y", "-q", "sqlite3"]):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if shutil.which("sqlite3"):
            break
    return shutil.which("sqlite3")


def machine() -> str:
    """CPU count, CPU model and Python version of this machine, in one line."""
    import platform

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}"
