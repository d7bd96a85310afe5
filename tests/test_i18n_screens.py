"""The app's own screens in Chinese: the board's headings and keys, the help, the command palette, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_helpers import demo_db, screen_text, seen_after

from tracker import i18n


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def _seen(demo: Path, *steps: str, word: str, size: tuple[int, int] = (120, 40)) -> str:
    """The screen's text once *steps* are pressed on the board and *word* shows."""
    return seen_after(demo, *steps, word=word, size=size, ready="提醒", read=screen_text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_board_speaks_chinese(demo: Path, size: tuple[int, int]) -> None:
    i18n.use_language("zh")
    text = _seen(demo, word="铂金", size=size)
    assert "铂金" in text and "铅" in text  # the tiers' headings
    assert "撤销" in text and "帮助" in text and "搜索" in text  # the footer's keys
    assert "Undo" not in text and "Help" not in text


def test_the_help_lists_the_keys_in_chinese(demo: Path) -> None:
    i18n.use_language("zh")
    text = _seen(demo, "question_mark", word="按键")
    assert "任何界面" in text and "撤销在这里做的上一次修改" in text
    assert "Anywhere" not in text and "undo the last change" not in text


def test_the_palette_names_its_commands_in_chinese(demo: Path) -> None:
    i18n.use_language("zh")
    text = _seen(demo, "ctrl+p", word="搜索命令")
    assert "主题" in text and "截图" in text  # Textual's own
    assert "客户列表" in text  # the app's
    assert "Theme" not in text and "Screenshot" not in text


def test_dates_and_days_in_chinese() -> None:
    from screens.format import long_date, short_date, weekday
    from tracker.rules.lifecycle import follow_up_in as days_from

    d = date(2026, 12, 3)
    assert (short_date(d), long_date(d), weekday(d)) == ("3 Dec", "3 Dec 2026", "Thu")
    assert days_from(d, date(2026, 11, 28)) == "+5d" and days_from(d, d) == "today"
    i18n.use_language("zh")
    assert (short_date(d), long_date(d), weekday(d)) == ("12月3日", "2026年12月3日", "周四")
    assert days_from(d, date(2026, 12, 8)) == "-5天" and days_from(d, d) == "今天"
