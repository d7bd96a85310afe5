"""A rental's status flow: quote -> booked -> on-rent -> returned, or cancelled (a pure rule)."""

from __future__ import annotations

from tracker.i18n import N_, _
from tracker.words import shown

#: The statuses a rental may move to each status from, one step of the flow at a time
#: (a cancelled quote or booking may be taken up again; a return is recorded with its day).
FROM: dict[str, tuple[str, ...]] = {
    "booked": ("quote", "cancelled"),
    "on-rent": ("quote", "booked"),
    "returned": ("booked", "on-rent"),
    "cancelled": ("quote", "booked"),
}

#: What each move is called (marked for the catalogue: show it with ``_()``).
MOVES = {"booked": N_("confirm"), "on-rent": N_("hand over"), "returned": N_("mark returned"), "cancelled": N_("cancel")}


def refused_move(status: str, to: str) -> str | None:
    """Why a rental in *status* cannot move to *to* by a key of the flow, or None when it can."""
    if status in FROM.get(to, ()):
        return None
    if to == "returned":
        return _("a rental that is {status} cannot be marked returned").format(status=shown(status))
    return _("a rental that is {status} cannot be {to}").format(status=shown(status), to=shown(to))
