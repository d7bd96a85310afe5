"""The commands' help in the language spoken now.

A command's docstring and its options' ``help=`` are written in English when
the command is declared (at import); :class:`Command` and :class:`Group` look
them up in the catalogue when the help is shown. What a command looks up is
exactly what :func:`help_messages` lists: the docstring as Click cleans it
(up to a form feed), its first sentence (the short help a group's command list
shows) and each option's help. Click's own words (``Usage:``, ``Options``,
``Show this message and exit.``) come from the same catalogue through
gettext (see :func:`tracker.i18n.use_language`).

Only click is imported at the top, so ``rentrack --help`` stays instant.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Iterator

import click
from click.utils import _make_default_short_help

from tracker.i18n import N_, _, language

#: The help option's text, as Click words it (the option is made once and kept: its text must stay the msgid).
HELP_OPTION = N_("Show this message and exit.")


def help_text(command: click.Command) -> str:
    """The command's help as Click shows it: cleaned, up to the first form feed (the msgid)."""
    return inspect.cleandoc(command.help).partition("\f")[0] if command.help else ""


def short_help(command: click.Command) -> str:
    """The first sentence of the command's help (the msgid of the line a group lists it on)."""
    if command.short_help:
        return inspect.cleandoc(command.short_help)
    return _make_default_short_help(help_text(command), 1_000_000) if command.help else ""


def _fit(text: str, limit: int) -> str:
    """*text* cut to *limit* terminal cells, with ``...`` (a Chinese character takes two)."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= limit:
        return text
    if limit < 3:
        return "..."
    return set_cell_size(text, limit - 3).rstrip() + "..."


#: Punctuation a line never starts with (it stays at the end of the line before, a cell or two over).
_NO_BREAK_BEFORE = frozenset("，。、；：！？）》」』】…,.;:!?)")
#: What a line of help text breaks between: runs of spaces, words of Latin script, any other one character.
_TOKENS = re.compile(r"\s+|[\x21-\x7e\u00a0-\u02ff]+|.")


def _wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """Click's rewrapping of help text, measured in terminal cells when the text is not ASCII.

    English and ASCII text go to Click's own :func:`click.formatting.wrap_text` (English help is as
    Click lays it out); other text is filled line by line, a Chinese character taking two cells, and
    may break between any two of them. Paragraphs (a blank line apart) are kept; one starting
    with ``\\b`` is not rewrapped.
    """
    from click.formatting import wrap_text

    if text.isascii() or language() == "en":
        return wrap_text(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                         preserve_paragraphs=True)
    from rich.cells import cell_len

    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if paragraph.startswith("\b"):
            out.append("\n".join(initial_indent + line for line in paragraph[1:].strip("\n").splitlines()))
            continue
        lines: list[str] = []
        line, used = initial_indent, cell_len(initial_indent)
        for token in _TOKENS.findall(" ".join(paragraph.split())):
            size = cell_len(token)
            if used + size > width and line.strip() and token not in _NO_BREAK_BEFORE:
                if token.isspace():
                    continue
                lines.append(line.rstrip())
                line, used = subsequent_indent, len(subsequent_indent)
            if token.isspace() and not line.strip():
                continue
            line += token
            used += size
        if line.strip():
            lines.append(line.rstrip())
        out.append("\n".join(lines))
    return "\n\n".join(out)


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter, wrapping text in terminal cells (a Chinese character takes two)."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(_wrap(text, self.width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_dl(self, rows: Iterator[tuple[str, str]] | list[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        if language() == "en" or all(second.isascii() for _first, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        from click.formatting import iter_rows, measure_table, term_len

        widths = measure_table(rows)
        first_col = min(widths[0], col_max) + col_spacing
        for first, second in iter_rows(rows, len(widths)):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if term_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - term_len(first)))
            else:
                self.write("\n")
                self.write(" " * (first_col + self.current_indent))
            lines = _wrap(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    """A command's context, whose help is laid out by :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class _Translated(click.Command):
    """Help text, short help and options' help looked up in the catalogue as they are shown."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION  # made in whatever language was spoken first: keep it the msgid
        return option

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        english = self.help
        try:
            self.help = _(help_text(self)) if self.help else self.help
            super().format_help_text(ctx, formatter)
        finally:
            self.help = english

    def get_short_help_str(self, limit: int = 45) -> str:
        if language() == "en" or not (self.short_help or self.help):
            return super().get_short_help_str(limit)
        return _fit(_(short_help(self)), limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Click's own, but each option's help looked up (a group then lists its commands).
        opts = []
        for param in self.get_params(ctx):
            record = _with_help(param).get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                opts.append(record)
        if opts:
            with formatter.section(_("Options")):
                formatter.write_dl(opts)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


def _with_help(param: click.Parameter) -> click.Parameter:
    """A copy of *param* whose help is in the language spoken now (the original keeps its msgid)."""
    text = getattr(param, "help", None)
    if not text:
        return param
    shown = copy.copy(param)
    shown.help = _(text)  # type: ignore[attr-defined]
    return shown


class Command(_Translated):
    """A command whose help is shown in the language spoken now."""


class Group(_Translated, click.Group):
    """A group of commands whose help, and its commands' short help, are shown in the language spoken now."""

    command_class = Command
    group_class = type  # a sub-group is a Group too


def walk(command: click.Command) -> Iterator[click.Command]:
    """*command* and every command under it."""
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from walk(sub)


def help_messages(command: click.Command) -> set[str]:
    """What the help of *command* and the commands under it looks up: every docstring, short help and option help."""
    out: set[str] = set()
    for cmd in walk(command):
        out |= {help_text(cmd), short_help(cmd)}
        ctx = click.Context(cmd, info_name=cmd.name)
        for param in cmd.get_params(ctx):
            out.add(getattr(param, "help", None) or "")
    out.discard("")
    return out
