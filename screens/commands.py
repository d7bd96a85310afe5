"""Command palette providers: customers by name, code or phone (actions come from the app)."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import Any, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.actions import ANYWHERE, key_for
from screens.app import RentrackApp
from screens.format import plain
from tracker.i18n import _


class CustomerSearchProvider(Provider):
    """Type part of a customer's name, code or phone to open it."""

    @property
    def rentrack(self) -> RentrackApp:
        """The app, as its own type (a provider is no widget: ``getters.app`` does not apply)."""
        return cast(RentrackApp, self.app)

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 1:
            return
        app = self.rentrack
        rows = await asyncio.to_thread(_search, app.db_path, query)
        for rank, row in enumerate(rows):
            label = _("Customer: {name} ({code})").format(name=row["name"], code=row["code"])
            yield Hit(
                max(0.1, 1.0 - rank * 0.05),
                _prompt(label, " · ".join(p for p in (row.get("phone"), row.get("city")) if p)),
                partial(app.open_customer, row["code"]),
                text=label,
            )

    async def discover(self) -> Hits:
        app = self.rentrack
        yield DiscoveryHit(
            _("Search customers…"), app.action_search,
            help=_("Find a customer as you type ({key})").format(key=key_for(ANYWHERE, "search")),
        )


def _prompt(label: str, help_text: str) -> Text:
    """The hit as text, its phone and city on a dim second line.

    The palette reads a ``str`` prompt and any ``help`` as markup, so both go in one
    :class:`~rich.text.Text`: a name such as ``[/]`` shows as typed.
    """
    prompt = plain(label)
    if help_text:
        prompt.append("\n")
        prompt.append(help_text, style="dim not bold")
    return prompt


def _search(path: Path, query: str) -> list[dict[str, Any]]:
    from screens.store import reading
    from tracker.views import search_customers

    with reading(path) as conn:
        return search_customers(conn, query, limit=10)
