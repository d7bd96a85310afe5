"""The board's alerts, each with its reason; Enter opens the customer (a unit's: the unit; a deposit's: the rental)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.format import named
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.rules.alerts import Alert

#: The mark before an alert, by its kind (``tracker.rules.alerts``).
KIND_MARKS = {
    "spend-drop": "↓",
    "silent-churn": "◌",
    "complaint": "!",
    "emotion-drop": "♥",
    "follow-up": "⏰",
    "unpaid": "¥",
    "tier-drop": "▼",
    "overdue-return": "⌛",
    "deposit-held": "¤",
    "inspection": "⚠",
}


def alert_text(alert: Alert) -> str:
    """``Harbor Steel: spend down 62% vs its usual quarter``."""
    name = alert.name or alert.code
    return alert.reason if alert.reason.startswith(name) else _("{name}: {reason}").format(name=name, reason=alert.reason)


class AlertList(OptionList):
    """One line an alert; the option id is ``<index>:<code>`` (a customer's, or a unit's for a unit's alert).

    OptionList measures every option it holds, so thousands of alerts are put
    in a page at a time: the first :attr:`PAGE`, then more as the highlight
    nears the end.
    """

    PAGE = 100
    #: The named style of an alert's mark (app.tcss colours it).
    COMPONENT_CLASSES = {"alert--mark"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._alerts: list[Alert] = []

    def show(self, alerts: list[Alert]) -> None:
        """Replace the alerts shown, keeping the highlight where it was if possible."""
        index = self.highlighted
        self._alerts = alerts
        self.clear_options()
        self._add_until(max(self.PAGE, (index or 0) + 1))
        if self.option_count:
            self.highlighted = min(index or 0, self.option_count - 1)
        self.border_title = _("Alerts · {n}").format(n=f"{len(alerts):,}")

    def _add_until(self, count: int) -> None:
        start, end = self.option_count, min(len(self._alerts), count)
        if end <= start:
            return
        options = []
        for i in range(start, end):
            alert = self._alerts[i]
            line = Text()
            line.append(f"{KIND_MARKS.get(alert.kind, '•')} ", style=named(self, "alert--mark"))
            line.append(alert_text(alert))
            options.append(Option(line, id=f"{i}:{alert.code}"))
        self.add_options(options)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self.option_count - 10:
            self._add_until(self.option_count + self.PAGE)

    def current_alert(self) -> Alert | None:
        """The highlighted alert."""
        if self.highlighted is None or not self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        index = option_id.split(":", 1)[0]
        return self._alerts[int(index)] if index.isdigit() and int(index) < len(self._alerts) else None

    def current_code(self) -> str | None:
        """Customer of the highlighted alert."""
        if self.highlighted is None or not self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        return option_id.split(":", 1)[1] if ":" in option_id else None
