"""A day in Chinese: every screen and form an owner opens speaks Chinese, with the owner's own data as typed.

Each screen's text is searched for English words; the only ones allowed are
what the owner typed (names, notes, sites: read from the database itself),
key names, and a few words that stay as they are in Chinese too (VIP, CSV).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, screen_lines, seen_after

from tracker import i18n

#: Words that are the same in both languages: key names, file formats, units, the program's name.
SAME_IN_BOTH = {
    "Enter", "Esc", "Tab", "ctrl", "shift", "CSV", "JSON", "VIP", "rentrack", "SQLite", "WeChat", "km",
    "ctrl+p", "ctrl+q", "ctrl+z", "ctrl+t", "Ctrl", "pinyin", "SVG",
}


def owners_words(path: Path) -> set[str]:
    """Every word held in the database's text (what the owner typed is shown as typed)."""
    conn = sqlite3.connect(path)
    words: set[str] = set()
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                for value in row:
                    if isinstance(value, str):
                        words.update(re.findall(r"[A-Za-z]+", value))
    finally:
        conn.close()
    return words


def english_words(text: str, allowed: set[str]) -> set[str]:
    """The English words in *text* that are not allowed (three letters or more; part of a word cut short)."""
    pieces = {w[i:j].lower() for w in allowed for i in range(len(w)) for j in range(i + 3, len(w) + 1)}
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in pieces}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


#: (how to get there from the board, a Chinese word the screen must show once there)
SCREENS = {
    "board": ((), "铂金"),
    "customers": (("2",), "客户"),
    "rentals": (("3",), "租"),
    "complaints": (("4",), "投诉"),
    "equipment": (("5",), "设备"),
    "timeline": (("6",), "排期"),
    "reports": (("7",), "报表"),
    "today": (("8",), "今日"),
    "help": (("question_mark",), "帮助"),
    "customer": (("enter",), "情感"),
    "new customer": (("n",), "客户"),
    "rental form": (("r",), "租"),
    "complaint form": (("c",), "投诉"),
    "interaction form": (("i",), "互动"),
    "palette": (("ctrl+p",), "客户"),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("where", list(SCREENS))
def test_every_screen_speaks_chinese(demo: Path, where: str, size: tuple[int, int]) -> None:
    i18n.use_language("zh")
    allowed = owners_words(demo) | SAME_IN_BOTH | set(re.findall(r"[A-Za-z]+", str(demo)))  # the file, in the header
    steps, word = SCREENS[where]
    text = seen_after(demo, *steps, word=word, size=size)
    assert not english_words(text, allowed), text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(("key", "row", "word"), [("3", r"R\d{4}", "R03"), ("2", r"C\d{3}", "C00"),
                                                 ("4", r"K\d{3}", "K02")],
                         ids=["rentals", "customers", "complaints"])
def test_chinese_text_keeps_every_column_in_line(
    demo: Path, size: tuple[int, int], key: str, row: str, word: str
) -> None:
    """Each row's columns start at the same terminal cell, whatever mix of Chinese and Latin text is in them."""
    from rich.cells import cell_len

    i18n.use_language("zh")
    text = seen_after(demo, key, word=word, size=size)
    lines = [line for line in text.splitlines() if re.match(rf"\s*{row}\s", line)]
    assert len(lines) >= 3
    # Where each column starts: the cell after a run of two spaces or more (a column's gap).
    starts = [{cell_len(line[: m.end()]) for m in re.finditer(r"\S\s{2,}(?=\S)", line)} for line in lines]
    # A name of Chinese characters beside one of Latin letters would push every later column out of line.
    assert len(set.intersection(*starts)) >= 3, "\n".join(lines)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_a_footer_too_full_leaves_keys_out_rather_than_under_the_palette_key(
    demo: Path, language: str, size: tuple[int, int]
) -> None:
    from textual.widgets._footer import FooterKey

    from screens.widgets.footer import Footer

    i18n.use_language(language)
    seen: dict[str, Any] = {}

    def read(app: Any) -> str:
        keys_ = list(app.screen.query_one(Footer).query(FooterKey))
        (palette,) = [k for k in keys_ if k.has_class("-command-palette")]
        seen["shown"] = [k.key for k in keys_ if k.display and k is not palette]
        seen["under"] = [k.key for k in keys_ if k.display and k is not palette and k.region.right > palette.region.x]
        return screen_lines(app)

    ready = "铂金" if language == "zh" else "PLATINUM"
    text = seen_after(demo, "down", "enter", word="C002", size=size, ready=ready, read=read)  # a crowded footer
    assert seen["shown"] and not seen["under"]
    assert text.splitlines()[-1].rstrip().endswith(("^p 命令", "^p palette"))
