"""The reports' emotion trend and the import screen speak Chinese when the interface does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, wait_for

from tracker.i18n import _, use_language


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def test_a_refused_import_says_which_row_in_chinese() -> None:
    from screens.import_screen import HOLDS, refusal
    from tracker.transfer.importer import FileReport

    use_language("zh")
    report = FileReport("rentals", "r.csv", rows=9, rejected=7, problems=[f"line {n}: x" for n in range(2, 9)])
    lines = refusal([report], "7 bad rows; nothing was imported")
    assert lines[0] == "r.csv：line 2: x"
    assert lines[-2] == "… 另有 2 行有误"
    assert lines[-1].endswith("：改好文件后再按 Enter。")
    assert _(HOLDS["return_visits"]) == "回访"


def test_the_emotion_trend_and_the_import_screen_in_chinese(demo: Path, tmp_path: Path) -> None:
    from screens.import_screen import ImportScreen
    from screens.reports import ReportsScreen

    use_language("zh")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.board is not None)
        await pilot.press("7")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen)
                       and "情感分" in str(app.screen.query_one("#emotion-title").render()))
        screen = app.screen
        assert str(screen.query_one("#emotion-title").render()) == "铂金等级客户的情感分，逐月月底（e：下一等级）"
        assert str(screen.query_one("#emotion-range").render()).startswith("现在 ")
        await keys(pilot, "ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        assert str(app.screen.query_one("#import-title").render()) == "导入 CSV 文件"
        await keys(pilot, str(tmp_path / "nothing.csv"), "enter")
        await wait_for(pilot, lambda: str(app.screen.query_one("#import-error").render()).endswith("：文件不存在。"))

    drive(app, scenario)
