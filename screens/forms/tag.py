"""Ask for a tag to filter by (VIP, installers, potential): nothing is written."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen
from screens.widgets.field import Field
from tracker.i18n import N_, _


class TagForm(FormScreen):
    """One field, the tag; Enter closes with it (without a leading ``#``), Escape with nothing."""

    heading = N_("Filter by tag")
    ASK_BEFORE_DISCARD = False

    def __init__(self, tag: str = "") -> None:
        super().__init__()
        self.tag = tag

    def fields(self) -> Iterable[Widget]:
        yield Field("tag", _("Tag"), Input(self.tag, id="tag", placeholder=_("VIP, installers, potential…")),
                    note=_("customers tagged so, in any case"))

    def on_mount(self) -> None:
        self.query_one("#tag", Input).focus()

    def action_save(self) -> None:
        tag = self.field("tag").value.strip().lstrip("#").strip()
        if not tag:
            self.field("tag").set_error(_("a tag, e.g. VIP"))
            return
        self.dismiss(tag)
