"""What the catalogue must hold, found in the source: the messages marked, and text shown but not marked.

Used by ``tests/test_catalogue.py`` and by ``make catalogue`` (which writes the
template the Chinese catalogue is merged from).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The folders whose text reaches the owner.
SOURCES = ("tracker", "screens")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

#: Calls whose text arguments an owner reads: by the called name (a function or a method).
SHOWN_ARGUMENTS = {
    "notify": (0,), "Static": (0,), "Label": (0,), "Button": (0,), "ClickException": (0,), "UsageError": (0,),
    "BadParameter": (0,), "echo": (0,), "secho": (0,), "update": (0,), "add_column": (0,), "Tab": (0,),
    "ConfirmScreen": (0, 1), "set_message": (0,), "FieldError": (1,), "Rule": (1,),
}
SHOWN_KEYWORDS = {"title", "placeholder", "label", "tooltip", "description", "help", "message", "sub_title"}


#: A message: its text, (singular, plural) for a count's, or ("context\x04", text) for one with a context.
Message = str | tuple[str, str]
CONTEXT = "\x04"


def marked_messages() -> dict[Message, tuple[str, int]]:
    """Every message marked in the source (``_``, ``N_``, ``ngettext``), with where it is first marked."""
    from babel.messages.extract import extract_from_dir

    found: dict[Message, tuple[str, int]] = {}
    for folder in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
        ):
            if _context:
                found.setdefault((_context + CONTEXT, message), (f"{folder}/{filename}", lineno))
            elif isinstance(message, tuple):
                if all(message):
                    found.setdefault((message[0], message[1]), (f"{folder}/{filename}", lineno))
            elif message:
                found.setdefault(message, (f"{folder}/{filename}", lineno))
    return found


def _has_words(node: ast.AST) -> bool:
    """A literal or f-string holding a word of two letters or more (not a key name or a style)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return False
    text = re.sub(r"\[/?[a-z $#0-9.-]*\]", " ", text)  # markup tags are not words
    return bool(re.search(r"[A-Za-z]{2,}", text)) and " " in text.strip() or bool(re.fullmatch(r"[A-Z][a-z]+", text))


def unmarked_text() -> Iterator[str]:
    """``file:line: text`` for each literal passed where an owner reads it, not marked for the catalogue.

    A literal the catalogue holds anyway is looked up where it is shown (a
    command's option help, by :mod:`tracker.cli.help`).
    """
    known = set(all_messages())
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                candidates = [node.args[i] for i in SHOWN_ARGUMENTS.get(name, ()) if i < len(node.args)]
                candidates += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
                for arg in candidates:
                    if isinstance(arg, ast.Constant) and arg.value in known:
                        continue
                    if _has_words(arg):
                        where = path.relative_to(ROOT)
                        yield f"{where}:{arg.lineno}: {ast.unparse(arg)[:80]}"


CATALOGUE = ROOT / "tracker" / "locale" / "zh_CN" / "LC_MESSAGES" / "rentrack.po"


def read_catalogue(path: Path = CATALOGUE):  # -> babel.messages.Catalog
    """The Chinese catalogue as Babel reads it."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale="zh_CN")


def all_messages() -> dict[Message, tuple[str, int]]:
    """Every message the catalogue must hold: marked in the source, and the commands' help."""
    found = marked_messages()
    try:
        from catalogue_support import cli_messages  # type: ignore[import-not-found]
    except ImportError:
        return found
    for text in sorted(cli_messages()):
        found.setdefault(text, ("tracker/cli", 0))
    return found


def click_messages() -> set[Message]:
    """Click's own messages (``Usage:``, ``Error: {message}``): it looks them up in our catalogue too."""
    import click
    from babel.messages.extract import extract_from_dir

    found: set[Message] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        Path(click.__file__).parent, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
    ):
        found.add(tuple(message) if isinstance(message, tuple) else message)
    return found


def write_catalogue() -> None:
    """Merge every message into the Chinese catalogue (keeping its translations) and compile it.

    New messages are added untranslated (the catalogue test then names them);
    messages no longer in the source are dropped.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    old = read_catalogue()
    new = Catalog(locale="zh_CN", domain="rentrack", project="rentrack", charset="utf-8")
    new.creation_date = old.creation_date  # merged again, unchanged: the same file
    for text, (where, line) in sorted(all_messages().items(), key=lambda item: str(item[0])):
        context = None
        if isinstance(text, tuple) and text[0].endswith(CONTEXT):
            context, text = text[0][:-1], text[1]
        before = old.get(text[0] if isinstance(text, tuple) else text, context=context)
        string = before.string if before and isinstance(before.id, tuple) == isinstance(text, tuple) else None
        if string is None:
            string = ("",) if isinstance(text, tuple) else ""
        new.add(text, string, locations=[(where, line)] if line else [], context=context)
    # Click's messages are kept as translated (only those an owner commonly meets are).
    clicks = click_messages()
    for msg in old:
        if msg.id and msg.string and msg.id not in new and msg.id in clicks:
            new.add(msg.id, msg.string, locations=[("click", 0)])
    with CATALOGUE.open("wb") as f:
        write_po(f, new, width=0, omit_header=False, sort_output=True)
    with CATALOGUE.with_suffix(".mo").open("wb") as f:
        write_mo(f, new)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    write_catalogue()
    missing = [m.id for m in read_catalogue() if m.id and not all(m.string if isinstance(m.id, tuple) else [m.string])]
    print(f"{CATALOGUE.relative_to(ROOT)}: {len(missing)} untranslated")
