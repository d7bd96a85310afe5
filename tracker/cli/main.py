"""The ``rentrack`` command: the app with no sub-command, and the companion commands.

Messages go to stderr, data to stdout. Every error is one line and a non-zero
exit, never a traceback. Heavy modules are imported inside the commands so
``rentrack --help`` stays instant.
"""

from __future__ import annotations

import atexit
import gc
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker import __version__
from tracker.cli.help import Group
from tracker.cli.state import (
    CliState,
    check_new_file,
    database_error,
    date_option,
    follow_stored_language,
    no_database,
    os_error,
    pass_state,
)
from tracker.counting import counted, counted_rows_of
from tracker.i18n import LANGUAGES, _, follow_setting, use_language

if TYPE_CHECKING:
    from tracker.settings import Spec


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rentrack")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="RENTRACK_DB",
    show_envvar=True,
    help="Database file (default: rentrack.db in the user data directory).",
)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGES, reverse=True)),  # zh, en
    is_eager=True,
    expose_value=False,
    callback=lambda _ctx, _param, value: use_language(value) if value else None,
    help="Language of the app and the messages: zh (简体中文) or en (default: the `language` setting, else the locale).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Customer tiers, relationship scores and rental logging for an equipment-rental business.

    Run with no command to open the app.
    """
    from db.connection import default_path

    ctx.obj = CliState(db_path=(db_path or default_path()).expanduser())
    ctx.call_on_close(ctx.obj.close)
    follow_stored_language(ctx.obj.db_path)  # before a command reads its options (and --help), or the app opens
    if ctx.invoked_subcommand is None:
        from screens.app import run_app

        run_app(ctx.obj.db_path)


@cli.command()
@click.option("--force", is_flag=True, help="Add the demo even if the database holds data.")
@click.option("--as-of", "as_of", metavar="DATE", help="Date the demo is current on (default today).")
@pass_state
def demo(state: CliState, force: bool, as_of: str | None) -> None:
    """Fill the database with a demo rental business."""
    from tracker.transfer.demo import NotEmptyError, load_demo

    today = date_option(as_of, "--as-of")
    conn = state.connect()
    try:
        counts = load_demo(conn, today=today, force=force)
    except NotEmptyError:
        raise click.ClickException(
            _("{db}: the database already holds data; use --force to add the demo to it").format(db=state.db_path)
        ) from None
    summary = _(", ").join(counted_rows_of(n, name) for name, n in counts.items())
    click.echo(_("Loaded the demo into {db}: {summary}.").format(db=state.db_path, summary=summary), err=True)


@cli.command()
@pass_state
def check(state: CliState) -> None:
    """Check the database's integrity, foreign keys and schema version, changing nothing.

    The file is opened read-only: an older schema is reported, not migrated
    (`rentrack migrate` does that).
    """
    from db.migrations import SCHEMA_VERSION, schema_version

    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path))
    conn = state.connect(read_only=True)
    problems: list[str] = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [_("integrity: {line}").format(line=line) for line in integrity[:20]]
    for table, rowid, parent, _key in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(_("foreign key: {table} row {row} points to a missing {parent} record").format(
            table=table, row=rowid, parent=parent))
    version = schema_version(conn)
    if version < SCHEMA_VERSION:
        problems.append(
            _("schema version {version}, this rentrack knows {known}: run `rentrack migrate` to migrate"
              " (a copy of the file is kept beside it)").format(version=version, known=SCHEMA_VERSION)
        )
    elif version > SCHEMA_VERSION:
        problems.append(_("schema version {version}, this rentrack knows {known}: upgrade rentrack").format(
            version=version, known=SCHEMA_VERSION))
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise click.ClickException(_("{db}: {problems} found").format(
            db=state.db_path, problems=counted(len(problems), "problem")))
    click.echo(_("{db}: ok (schema version {version})").format(db=state.db_path, version=version))


@cli.command()
@pass_state
def migrate(state: CliState) -> None:
    """Bring the database to this rentrack's schema version (a copy of the old file is kept beside it)."""
    from db.connection import connect_read_only
    from db.migrations import SCHEMA_VERSION, schema_version

    reader = connect_read_only(state.db_path)
    try:
        before = schema_version(reader)
    finally:
        reader.close()
    state.connect()
    if before == SCHEMA_VERSION:
        click.echo(_("{db}: already at schema version {version}").format(db=state.db_path, version=SCHEMA_VERSION),
                   err=True)
    else:
        click.echo(_("{db}: migrated from schema version {before} to {version}").format(
            db=state.db_path, before=before, version=SCHEMA_VERSION), err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@pass_state
def backup(state: CliState, file: Path, force: bool) -> None:
    """Copy the database to FILE, safely even while the app is open."""
    from db.connection import copy_database
    from db.files import UnsafeTarget, check_target, is_special
    from tracker.cli.state import unsafe_target

    if not state.db_path.exists():
        raise click.ClickException(no_database(state.db_path))
    if is_special(file):
        raise click.ClickException(_("{file}: a backup is a database file; give a regular file's name").format(
            file=file))
    try:
        check_target(file, database=state.db_path, what="the backup")
    except UnsafeTarget as exc:
        raise click.ClickException(unsafe_target(exc)) from None
    check_new_file(file, force=force)
    copy_database(state.connect(reading=True), file)
    click.echo(_("Backed up {db} to {file}.").format(db=state.db_path, file=file), err=True)


@cli.group(invoke_without_command=True)
@click.pass_context
def config(ctx: click.Context) -> None:
    """Show or change the settings (weights, windows, thresholds, cadences)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(config_show)


@config.command("show")
@pass_state
def config_show(state: CliState) -> None:
    """List every setting with its value and meaning."""
    from rich.cells import set_cell_size

    from tracker.services import load_settings
    from tracker.settings import SPECS

    values = load_settings(state.connect(reading=True)).as_dict()
    width = max(len(k) for k in SPECS)
    for key, spec in SPECS.items():
        mark = "" if values[key] == spec.default else _("  (changed)")
        value = spec.format(values[key])
        click.echo(f"{key:<{width}}  {set_cell_size(value, max(8, len(value)))}  {spec.help_text()}{mark}")


@config.command("get")
@click.argument("key")
@pass_state
def config_get(state: CliState, key: str) -> None:
    """Print one setting's value."""
    from tracker.services import load_settings

    spec = _setting(key)
    click.echo(spec.format(getattr(load_settings(state.connect(reading=True)), key)))


@config.command("set", context_settings={"ignore_unknown_options": True})
@click.argument("key")
@click.argument("value")
@pass_state
def config_set(state: CliState, key: str, value: str) -> None:
    """Change one setting (validated)."""
    from tracker.services import change_setting

    try:
        stored = change_setting(state.connect(), key, value)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{key} = {stored}", err=True)


@config.command("reset")
@click.argument("key")
@pass_state
def config_reset(state: CliState, key: str) -> None:
    """Put one setting back to its default."""
    from tracker.services import change_setting

    default = _setting(key).format(_setting(key).default)
    change_setting(state.connect(), key, default)
    click.echo(_("{key} = {value} (default)").format(key=key, value=default), err=True)


def _setting(key: str) -> Spec:
    """The setting *key*, or one line saying there is none."""
    from tracker.settings import SPECS

    if key not in SPECS:
        raise click.ClickException(_("unknown setting {key}; `rentrack config` lists them").format(key=repr(key)))
    return SPECS[key]


def _register() -> None:
    # These modules import only click at the top, so `rentrack --help` stays instant.
    from tracker.cli.board import board, explain
    from tracker.cli.brief import brief
    from tracker.cli.report import report
    from tracker.cli.tasks import task, today, visit
    from tracker.cli.transfer import export, import_

    for command in (board, explain, brief, import_, export, report, task, today, visit):
        cli.add_command(command)


_register()


def skip_final_collection() -> None:
    """Spare the ending process the collector's last pass over everything still alive.

    The interpreter collects once more as it shuts down; with a large board in
    memory that pass takes tens of milliseconds and frees nothing the exit would
    not. Frozen objects are left out of it.
    """
    atexit.register(gc.freeze)


def main() -> None:
    """Entry point: run the CLI, turning any unexpected failure into one line on stderr."""
    skip_final_collection()
    follow_setting("auto")  # the locale's, until --lang or the database's setting says otherwise
    try:
        cli.main(prog_name="rentrack")
    except KeyboardInterrupt:
        click.echo(_("rentrack: interrupted"), err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): quietly stop writing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except sqlite3.Error as exc:
        click.echo(_("rentrack: database error: {error}").format(error=database_error(exc)), err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"rentrack: {os_error(exc)}: {exc.filename or ''}".rstrip(": "), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        from db.files import UnsafeTarget
        from db.migrations import NewerSchemaError
        from tracker.cli.state import newer_schema, unsafe_target

        if isinstance(exc, NewerSchemaError):  # messages meant for the owner
            click.echo(f"rentrack: {newer_schema(exc)}", err=True)
        elif isinstance(exc, UnsafeTarget):
            click.echo(f"rentrack: {unsafe_target(exc)}", err=True)
        else:
            click.echo(_("rentrack: unexpected error: {kind}: {error}").format(kind=type(exc).__name__, error=exc),
                       err=True)
        sys.exit(1)

