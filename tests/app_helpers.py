"""Shared set-up for the app's pilot and snapshot tests: demo databases and screen text."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fixtures import DEMO_AS_OF

SIZE = (120, 40)


def demo_db(path: Path) -> Path:
    """A database at *path* holding the demo business as of :data:`DEMO_AS_OF`."""
    from tracker.services import open_store
    from tracker.transfer.demo import load_demo

    conn = open_store(path)
    try:
        load_demo(conn, today=DEMO_AS_OF)
    finally:
        conn.close()
    return path


def make_app(path: Path, **kwargs: Any) -> Any:
    """The app on *path*, as of the demo day."""
    from screens.app import RentrackApp

    return RentrackApp(path, as_of=DEMO_AS_OF, **kwargs)


def screen_text(app: Any) -> str:
    """Everything the current screen shows, as plain text (exported the way snapshots are)."""
    import re

    svg = app.export_screenshot()
    # Text in the SVG is split into <text> elements; gather them in order.
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    import html

    return html.unescape("".join(parts)).replace("\xa0", " ")


def screen_lines(app: Any) -> str:
    """The current screen as the terminal shows it, line by line (wide characters take their two cells)."""
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Query the database file directly (a second connection)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


async def wait_for(pilot: Any, predicate: Any, *, timeout: float = 5.0, step: float = 0.02) -> None:
    """Let the app run until *predicate()* holds (workers are threads: give them time)."""
    import asyncio

    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        await pilot.pause()
        if predicate():
            return
        await asyncio.sleep(step)
    raise AssertionError("condition not reached in time")


def drive(app: Any, scenario: Any, *, size: tuple[int, int] = SIZE) -> None:
    """Run *app* headless at *size* and play ``await scenario(pilot)`` against it."""
    import asyncio

    async def main() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:
            await scenario(pilot)

    asyncio.run(main())


#: Key names :func:`keys` presses; any other string is typed a character at a time.
KEY_NAMES = {
    "tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "backspace", "delete",
    "home", "end", "space", "slash", "question_mark", "left_square_bracket", "right_square_bracket",
}


def seen_after(path: Path, *steps: str, word: str, size: tuple[int, int] = SIZE, ready: str = "铂金",
               read: Any = None) -> str:
    """The screen (as :func:`screen_lines`, or *read*) once the board shows *ready*, *steps* are pressed
    and *word* shows: the app on the demo day, in the language spoken now."""
    seen: dict[str, str] = {}

    async def scenario(pilot: Any) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: app.board is not None and ready in screen_text(app), timeout=10)
        if steps:
            await keys(pilot, *steps)
        await wait_for(pilot, lambda: word in screen_text(app), timeout=10)
        await pilot.pause(0.3)
        seen["text"] = (read or screen_lines)(app)

    drive(make_app(path, watch=False), scenario, size=size)
    return seen["text"]


async def keys(pilot: Any, *parts: str) -> None:
    """Press named keys (``tab``, ``enter``, ``ctrl+u``...) and type every other part as text.

    Text is typed the way a quick typist types: the characters arrive one after
    another without waiting for the screen in between.
    """
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for part in parts:
        if part in KEY_NAMES or part.startswith(("ctrl+", "shift+")):
            await pilot.press(part)
            continue
        for ch in part:
            event = events.Key(_character_to_key(ch), ch)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()


def board_screenshot(out: Path, *, size: tuple[int, int] = SIZE) -> Path:
    """Write an SVG picture of the board on the demo business (as of the demo day) to *out*."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(demo_db(Path(tmp) / "demo.db"), watch=False)

        async def shoot(pilot: Any) -> None:
            await wait_for(pilot, lambda: app.board is not None and "PLATINUM ·" in screen_text(app))
            await pilot.pause()
            svg = app.export_screenshot(title="rentrack")
            app.exit(svg)

        svg = app.run(headless=True, size=size, auto_pilot=shoot)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(svg, encoding="utf-8")
    return out


if __name__ == "__main__":
    import sys

    print(board_screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/board.svg")))
