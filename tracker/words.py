"""The interface's words for stored values: a tier, a status, a kind, a cause, as the owner reads them.

The database, CSV and JSON keep the canonical English value (``platinum``,
``on-rent``); what is shown goes through :func:`shown`. Every value any
column can hold is marked here for the catalogue.
"""

from __future__ import annotations

from tracker.i18n import N_, _

#: Every stored value that the interface shows, by what it is.
VALUES = {
    "tier": (N_("platinum"), N_("gold"), N_("iron"), N_("lead")),
    "band": (N_("close"), N_("warm"), N_("neutral"), N_("cool"), N_("cold")),
    "stage": (
        N_("partner"), N_("strategic"), N_("supporter"), N_("long-term"), N_("repeat"), N_("first-time"),
        N_("prospect"), N_("profiled"),
    ),
    "segment": (N_("large"), N_("small"), N_("prospect")),
    "rental status": (N_("quote"), N_("booked"), N_("on-rent"), N_("returned"), N_("cancelled")),
    "complaint cause": (
        N_("attitude"), N_("overcharge"), N_("waiting"), N_("quality"), N_("broken-promise"),
        N_("not-fixed-first-time"), N_("warranty"), N_("after-sales"), N_("advertising"), N_("unfounded"),
    ),
    "complaint status": (N_("open"), N_("resolved")),
    "interaction kind": (
        N_("call"), N_("message"), N_("visit"), N_("event"), N_("project"), N_("honour"), N_("gift"),
        N_("friction"),
    ),
    "equipment category": (N_("scissor"), N_("boom"), N_("spider"), N_("mast"), N_("other")),
    "equipment status": (N_("available"), N_("maintenance"), N_("retired")),
    "payment method": (
        N_("cash"), N_("transfer"), N_("wechat"), N_("alipay"), N_("card"), N_("cheque"), N_("other"),
    ),
    "upkeep kind": (N_("inspection"), N_("service"), N_("repair")),
    "task kind": (N_("task"), N_("promise")),
    "satisfaction": (N_("not-satisfied"), N_("ok"), N_("satisfied"), N_("very-satisfied")),
}


def shown(value: str | None) -> str:
    """A stored value in the language spoken now (``platinum`` -> ``铂金``); blank stays blank."""
    return _(value) if value else ""
