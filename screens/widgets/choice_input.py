"""A text input for one of a few choices: suggests as you type, accepts a unique prefix.

The choices are stored values (``on-rent``, ``attitude``): the input shows them in
the language spoken now (:func:`tracker.words.shown`) and reads either form, so
what is saved is always the canonical value.
"""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input

from tracker.words import shown


class ChoiceInput(Input):
    """Type ``vis`` for ``visit`` (or the start of its shown word): a unique prefix is accepted on save."""

    def __init__(
        self, choices: tuple[str, ...], value: str = "", *, placeholder: str = "", id: str | None = None
    ) -> None:
        words = tuple(shown(c) for c in choices)
        both = tuple(dict.fromkeys(words + choices))
        super().__init__(
            self.shown_text(value, choices),
            placeholder=placeholder or " | ".join(words),
            suggester=SuggestFromList(both, case_sensitive=False),
            id=id,
        )
        #: The canonical values (what is stored).
        self.choices = choices
        #: Each choice as the owner reads it, in the order of :attr:`choices`.
        self.words = words

    @staticmethod
    def shown_text(value: str, choices: tuple[str, ...]) -> str:
        """*value* as the input shows it: a choice in its shown word, anything else as it is."""
        return shown(value) if value in choices else value

    def show_value(self, value: str) -> None:
        """Put the stored value *value* in the box, in its shown word."""
        self.value = self.shown_text(value, self.choices)

    @property
    def resolved_value(self) -> str:
        """The choice the text stands for (itself when not a unique prefix; validation says why).

        The canonical value, whether its English form or its shown word was typed.
        """
        text = self.value.strip().lower()
        if not text:
            return ""
        pairs = list(zip(self.choices, self.words, strict=True))
        exact = [c for c, w in pairs if c.lower() == text or w.lower() == text]
        if exact:
            return exact[0]
        starts = list(dict.fromkeys(c for c, w in pairs if c.lower().startswith(text) or w.lower().startswith(text)))
        return starts[0] if len(starts) == 1 else self.value
