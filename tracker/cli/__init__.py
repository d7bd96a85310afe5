"""The ``rentrack`` command: the app with no sub-command, and the companion commands (:mod:`tracker.cli.main`)."""

from tracker.cli.main import cli, main, skip_final_collection

__all__ = ["cli", "main", "skip_final_collection"]
