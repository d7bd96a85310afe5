"""The catalogue's messages that no extractor sees: the commands' help, collected from the commands."""

from __future__ import annotations


def cli_messages() -> set[str]:
    """Every help text the ``rentrack`` command and its sub-commands look up (docstrings, short help, options' help).

    Each is as :mod:`tracker.cli.help` looks it up: the docstring cleaned as Click cleans it, up
    to a form feed; its first sentence; each option's ``help=``.
    """
    from tracker.cli.help import help_messages
    from tracker.cli.main import cli

    return help_messages(cli)
