"""How the owner runs this rentrack from another terminal: the command's full path, and `make install`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rentrack"
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_running_rentrack_command_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.command import command_path

    script = _script(tmp_path / "venv" / "bin")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["venv/bin/rentrack"])
    monkeypatch.setenv("PATH", str(_script(tmp_path / "elsewhere").parent))  # another rentrack: not this one
    assert command_path() == str(script)


def test_else_the_rentrack_on_the_path_else_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.command import command_path

    monkeypatch.setattr(sys, "argv", [str(ROOT / "tests" / "test_command.py")])
    on_path = _script(tmp_path / "with space" / "bin")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert command_path() == f"'{on_path}'"  # quoted for the shell
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert command_path() == f"{sys.executable} -m tracker.cli"
    shown = subprocess.run([*command_path().split(), "--help"], capture_output=True, text=True, check=True)
    assert "import" in shown.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_install_installs_for_the_user_and_says_where() -> None:
    plan = subprocess.run(["make", "-n", "install"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PATH": "/usr/bin:/bin"}, check=True).stdout
    assert "pipx install" in plan and "pip install --user" in plan and "installed" in plan
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make install" in readme
