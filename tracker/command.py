"""How to run this rentrack from another terminal (an import while the app is open)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def command_path() -> str:
    """The command that runs this very rentrack, as the owner can type it in another terminal.

    The full path of the ``rentrack`` command this process runs as (``make
    run`` runs ``.venv/bin/rentrack``, which is on no PATH); else of the
    ``rentrack`` on the PATH; else this Python running the package
    (``python -m tracker.cli``). Quoted for the shell where it needs to be.
    """
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.stem == "rentrack" and running.is_file():
        return shlex.quote(os.path.abspath(running))
    found = shutil.which("rentrack")
    if found is not None:
        return shlex.quote(os.path.abspath(found))
    return f"{shlex.quote(sys.executable)} -m tracker.cli"
