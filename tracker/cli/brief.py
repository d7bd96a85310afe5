"""``rentrack brief CODE``: what to know before visiting a customer.

Only click is imported at the top; the rest inside the command so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

import click

from tracker.cli.help import Command
from tracker.cli.state import CliState, date_option, no_database, pass_state
from tracker.i18n import _


@click.command(cls=Command)
@click.argument("code")
@click.option("--as-of", "as_of", metavar="DATE", help="The brief as of this date (default today).")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
              help="table for reading, json for other programs (money in currency units).")
@pass_state
def brief(state: CliState, code: str, as_of: str | None, fmt: str) -> None:
    """Before a visit to customer CODE: open promises, tasks and complaints, the last contacts, its tier and
    the distance to the next one, what it gained with us this year, its contacts' birthdays in the next 30 days."""
    import json

    from tracker.board import UnknownCustomer
    from tracker.brief import brief_lines, visit_brief

    day = date_option(as_of, "--as-of")
    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path, hint=True))
    conn = state.connect(reading=True)
    try:
        try:
            found = visit_brief(conn, code, day)
        except UnknownCustomer:
            raise click.ClickException(_("no customer with code {code}").format(code=repr(code))) from None
    finally:
        conn.close()
    if fmt == "json":
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(brief_lines(found)))
