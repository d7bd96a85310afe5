"""A text input for one of a few choices: suggests as you type, accepts a unique prefix."""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input


class ChoiceInput(Input):
    """Type ``vis`` for ``visit``: the suggestion shows, and a unique prefix is accepted on save."""

    def __init__(
        self, choices: tuple[str, ...], value: str = "", *, placeholder: str = "", id: str | None = None
    ) -> None:
        super().__init__(
            value,
            placeholder=placeholder or " | ".join(choices),
            suggester=SuggestFromList(choices, case_sensitive=False),
            id=id,
        )
        self.choices = choices

    @property
    def resolved_value(self) -> str:
        """The choice the text stands for (itself when not a unique prefix; validation says why)."""
        text = self.value.strip().lower()
        if not text:
            return ""
        exact = [c for c in self.choices if c.lower() == text]
        if exact:
            return exact[0]
        starts = [c for c in self.choices if c.lower().startswith(text)]
        return starts[0] if len(starts) == 1 else self.value
