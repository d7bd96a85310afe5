"""``python -m tracker.cli``: the ``rentrack`` command."""

from tracker.cli.main import main

main()
