"""A form that adds a record, or edits a stored one: the stored values loaded, the changes saved."""

from __future__ import annotations

from typing import Any, ClassVar

from screens.forms.base import FormScreen
from screens.widgets.field import Field
from tracker.i18n import N_, _

#: An edit form's heading and what its save says, by entity (each a whole phrase, for the catalogue).
EDIT_HEADINGS = {
    "customers": N_("Edit customer {key}"), "equipment": N_("Edit equipment unit {key}"),
    "rentals": N_("Edit rental {key}"), "complaints": N_("Edit complaint {key}"),
    "interactions": N_("Edit interaction {key}"), "tasks": N_("Edit task {key}"),
    "contacts": N_("Edit contact {key}"), "return_visits": N_("Edit return visit {key}"),
}
SAVED = {
    "customers": N_("Saved customer {key}"), "equipment": N_("Saved equipment unit {key}"),
    "rentals": N_("Saved rental {key}"), "complaints": N_("Saved complaint {key}"),
    "interactions": N_("Saved interaction {key}"), "tasks": N_("Saved task {key}"),
    "contacts": N_("Saved contact {key}"), "return_visits": N_("Saved return visit {key}"),
}


class EditableForm(FormScreen):
    """Adds a record of :attr:`ENTITY` (:meth:`perform_new`), or edits the one with *key*.

    On an edit the stored record fills the fields, a cleared field clears the
    column, and the save goes through ``services.update`` (the importer's
    validation and checks; undo puts the record back).
    """

    #: The entity as the tables name it (``"rentals"``).
    ENTITY: ClassVar[str] = ""

    def __init__(self, key: str | None = None) -> None:
        super().__init__()
        #: The record edited; None: a new one.
        self.key = key
        if key is not None:
            self.heading = self._said(EDIT_HEADINGS, N_("Edit {what} {key}"), key)

    @property
    def editing(self) -> bool:
        """True when the form edits a stored record."""
        return self.key is not None

    def initial(self, text: str) -> str:
        """What a field starts with: *text* for a new record, blank on an edit (the stored value fills it)."""
        return "" if self.editing else text

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import record_text

        if self.key is None:
            return self.load_new(conn)
        return record_text(conn, self.ENTITY, self.key)

    def load_new(self, conn: Any) -> dict[str, Any] | None:
        """Values for a new record's fields (worker thread); None: nothing."""
        return None

    def collect(self) -> dict[str, str]:
        raw = super().collect()
        if self.editing:
            for f in self.query(Field):
                raw.setdefault(f.field_name, f.value)
        return raw

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        if self.key is None:
            return self.perform_new(conn, raw)
        saved = services.update(conn, self.ENTITY, self.key, raw, options=ParseOptions(relative=True, today=self.today))
        return saved, self._said(SAVED, N_("Saved {what} {key}"), self.key)

    def _said(self, phrases: dict[str, str], other: str, key: str) -> str:
        """The entity's phrase from *phrases* for record *key*, in the language spoken now."""
        from tracker.records import ENTITIES

        if self.ENTITY in phrases:
            return _(phrases[self.ENTITY]).format(key=key)
        return _(other).format(what=_(ENTITIES[self.ENTITY].singular), key=key)

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        """Add the new record (worker thread): return (saved, what to tell the owner)."""
        raise NotImplementedError
