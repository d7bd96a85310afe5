"""``rentrack import`` and ``rentrack export``: canonical CSV in and out."""

from __future__ import annotations

import click


@click.command("import")
def import_() -> None:
    """Import records from a CSV file."""
    raise click.ClickException("import: not available yet")


@click.command()
def export() -> None:
    """Export records as canonical CSV."""
    raise click.ClickException("export: not available yet")
