"""Keys handed on in the order they were typed, each after the one before it has been handled.

Textual forwards a key to the widget that has focus *when the key arrives*. A
key that moves focus (Tab, Enter in a form, ``r`` opening a form) is handled a
moment later, so the keys typed straight after it (a quick typist, a paste
that arrives as keys) went to the field being left: "Acme Liftslarge" in Name.
:class:`KeysInOrder` holds a key while the keys before it are still being
handled, then hands it on to whatever has focus by then.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic

from textual import events
from textual.app import App
from textual.timer import Timer


class KeysInOrder:
    """A queue in front of *hand_on* (the app's own key handling) for the keys typed ahead."""

    #: Seconds between two looks at whether the app has caught up.
    POLL = 0.005
    #: A key is never held longer than this (a widget that is never idle must not eat the keyboard).
    PATIENCE = 2.0

    def __init__(self, app: App[object], hand_on: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.hand_on = hand_on
        self.held: deque[events.Key] = deque()
        self._timer: Timer | None = None
        self._since = 0.0
        #: The key handed on last, until it has been handled (stopped by a widget, or back at the app).
        self._flying: events.Key | None = None

    def arrived(self, event: events.Key) -> None:
        """*event* has come back up to the app: its bindings run now, it is handled."""
        if event is self._flying:
            self._flying = None

    def handed(self, event: events.Key) -> None:
        """*event* has been handed on: one a priority binding took is handled already (never forwarded)."""
        if event is self._flying and not event.is_forwarded:
            self._flying = None

    def _settled(self) -> bool:
        flying = self._flying
        return flying is None or flying._stop_propagation

    def hold(self, event: events.Key) -> bool:
        """Keep *event* for later if keys before it are still being handled; False: hand it on now."""
        if not self.held and self._settled() and not self.busy():
            self._flying = event
            return False
        if not self.held:
            self._since = monotonic()
        self.held.append(event)
        self._release_later()
        return True

    def busy(self) -> bool:
        """Whether a message is waiting anywhere on the current screen or in the app itself."""
        app = self.app
        if app.message_queue_size:
            return True
        try:
            screen = app.screen
        except Exception:
            return False
        return any(node.message_queue_size for node in screen.walk_children(with_self=True))

    def _release_later(self) -> None:
        if self._timer is None:
            # A timer's callback runs beside the app's messages; the release must run between them.
            self._timer = self.app.set_timer(self.POLL, lambda: self.app.call_later(self._release))

    async def _release(self) -> None:
        self._timer = None
        if not self.held:
            return
        if (not self._settled() or self.busy()) and monotonic() - self._since < self.PATIENCE:
            self._release_later()
            return
        event = self.held.popleft()
        self._since = monotonic()
        self._flying = event
        await self.hand_on(event)
        self.handed(event)
        if self.held:
            self._release_later()
