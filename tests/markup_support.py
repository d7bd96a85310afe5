"""A business whose every text field holds something that reads like Rich or Textual markup.

The names come from ``tests/corpus/markup_names.txt``; the other texts (a site, an equipment
name, a complaint description, an interaction note, a phone, a city...) are written here.
Nothing in it may ever be read as markup: each must show exactly as it was typed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fixtures import DEMO_AS_OF

CORPUS = Path(__file__).resolve().parent / "corpus" / "markup_names.txt"
#: One customer per name, codes M01, M02, ... in file order.
NAMES: tuple[str, ...] = tuple(line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line)


def code_of(name: str) -> str:
    """The code of the corpus customer called *name*."""
    return f"M{NAMES.index(name) + 1:02d}"


#: A customer whose code, not its name, looks like markup.
ODD_CODE = "[/]K"
ODD_CODE_NAME = "Bracket Code Works"
#: The other texts, each tied to the customer M02 (``[bold red]x[/]``) unless said otherwise.
PHONE = "[bold]138 0000 0002"
CITY = "[link=https://example.test]上海[/link]"
INDUSTRY = "[@click=app.quit]steel"
NOTES = "[/] notes [red"
SITE = "[@click=app.quit]site [/]"
UNIT_NAME = "[bold red]lift[/]"
OTHER_UNIT_NAME = "[link=file:///etc/passwd]boom[/link]"
DESCRIPTION = "[b]unclosed description"
RESOLUTION = "[/i] refunded"
NOTE = "[/bold] 拜访 [red"


def markup_db(path: Path) -> Path:
    """A database at *path* holding the corpus customers and their records, as of the demo day."""
    from tracker import services
    from tracker.records import ParseOptions
    from tracker.services import open_store

    day = DEMO_AS_OF
    options = ParseOptions(relative=True, today=day)

    def iso(days: int) -> str:
        return (day + timedelta(days=days)).isoformat()

    conn = open_store(path)
    try:
        def add(entity: str, **raw: object) -> None:
            services.add(conn, entity, {k: str(v) for k, v in raw.items()}, options=options)

        add("equipment", code="E01", name=UNIT_NAME, category="scissor", daily_rate="500")
        add("equipment", code="E02", name=OTHER_UNIT_NAME, category="boom", daily_rate="900")
        add("equipment", code="E03", name="Plain mast", category="mast", daily_rate="300")
        for i, name in enumerate(NAMES):
            code = f"M{i + 1:02d}"
            extra: dict[str, object] = {}
            if code == "M02":
                extra = {"phone": PHONE, "city": CITY, "industry": INDUSTRY, "notes": NOTES}
            if code == "M03":
                extra = {"referred_by": "M02"}
            add("customers", code=code, name=name, segment="large" if i % 2 else "small",
                created_on=iso(-400), **extra)
            # One returned rental each, on different days of the plain unit: a value on the board.
            add("rentals", ref=f"R{i + 1:02d}", customer=code, equipment="E03", start_date=iso(-200 + 3 * i),
                end_date=iso(-199 + 3 * i), amount=str(1000 * (i + 1)), paid=str(1000 * (i + 1)),
                status="returned", site=SITE if code == "M01" else "")
        add("customers", code=ODD_CODE, name=ODD_CODE_NAME, segment="small", created_on=iso(-400))
        add("rentals", ref="R90", customer=ODD_CODE, equipment="E03", start_date=iso(-30), end_date=iso(-29),
            amount="700", paid="0", status="returned")
        # M02: on rent now at a site, a booking to come, an open complaint, a note, a resolved complaint.
        add("rentals", ref="R91", customer="M02", equipment="E01", start_date=iso(-3), end_date=iso(4),
            daily_rate="500", paid="0", status="on-rent", site=SITE)
        add("rentals", ref="R92", customer="M02", equipment="E02", start_date=iso(10), end_date=iso(12),
            daily_rate="900", status="booked", site=SITE)
        add("complaints", ref="K01", customer="M02", rental="R91", opened_on=iso(-2), category="quality",
            severity="4", description=DESCRIPTION)
        add("complaints", ref="K02", customer="M04", opened_on=iso(-60), category="waiting", severity="2",
            description=DESCRIPTION, status="resolved", resolved_on=iso(-58), resolution=RESOLUTION,
            compensation="100")
        add("interactions", ref="I01", customer="M02", date=iso(-1), kind="visit", note=NOTE)
    finally:
        conn.close()
    return path
