"""``rentrack board`` and ``rentrack explain``: the tier board and one customer's reasons, without the app."""

from __future__ import annotations

import click


@click.command()
def board() -> None:
    """The tier board without the app."""
    raise click.ClickException("board: not available yet")


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Why a customer is in its tier, and its score line by line."""
    raise click.ClickException("explain: not available yet")
