"""A large, seeded, synthetic rental business written as canonical CSV files.

One file per entity (``customers.csv``, ``equipment.csv``, ``rentals.csv``,
``complaints.csv``, ``interactions.csv``) with the columns of
:data:`tracker.records.ENTITIES` in their order, money as ``1200.00`` and ISO dates,
so that ``rentrack import`` takes every file as it is. The same parameters and
seed always give byte-identical files.

The shape follows the seed business: customers' shares of the rentals follow a
long tail (the 80/20 shape); half the rentals name a unit and a unit's rentals
never overlap; rentals run over about six years up to two months past
*as_of*, with statuses that fit their dates (quotes and bookings ahead,
on-rent around *as_of*, returned behind). A rental is on rent only while it
runs over *as_of*, or, for a few without a unit, when it ended in the month
before and is overdue: a unit on rent is out until it is returned, so an
older one left on rent would hold its unit over every later rental of it.
Checked as of *as_of* (``rentrack import --as-of``), every row is valid.

Usage::

    python -m bench.generate DIR [--customers 10000] [--units 500] [--rentals 1000000]
        [--interactions 200000] [--complaints 20000] [--seed N] [--as-of 2025-06-30]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from db.schema import COMPLAINT_CATEGORIES, EQUIPMENT_CATEGORIES, INTERACTION_KINDS
from tracker.records import COMPLAINTS, CUSTOMERS, EQUIPMENT, INTERACTIONS, RENTALS

#: How much of each kind of contact an owner logs (same order as INTERACTION_KINDS).
KIND_WEIGHTS = (30, 30, 12, 5, 2, 1, 5, 5)
INDUSTRIES = ("installation", "steel structure", "construction", "advertising", "individual")
CITIES = ("Shanghai", "Suzhou", "Hangzhou", "Nanjing", "Wuxi", "Ningbo", "Hefei", "Changzhou")
SITES = ("warehouse", "mall atrium", "factory roof", "billboard", "stadium", "office lobby", "")


@dataclass(frozen=True)
class Scale:
    """How big a business to generate, and from which seed."""

    customers: int = 10_000
    units: int = 500
    rentals: int = 1_000_000
    interactions: int = 200_000
    complaints: int = 20_000
    seed: int = 20250630
    as_of: str = "2025-06-30"
    years: int = 6

    def key(self) -> str:
        """A short name for a cache directory of these files (and of the generator that wrote them)."""
        return (
            f"c{self.customers}-u{self.units}-r{self.rentals}-i{self.interactions}"
            f"-k{self.complaints}-s{self.seed}-a{self.as_of}-y{self.years}-g{GENERATOR}"
        )


FILES = ("customers", "equipment", "rentals", "complaints", "interactions")
#: Bumped whenever the generator writes different files for the same scale (cached files are keyed by it).
GENERATOR = 5
#: Days before *as_of* within which a rental without a unit may still be on rent (an overdue return).
OVERDUE_WITHIN = 30


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def generate(out: str | Path, scale: Scale = Scale()) -> dict[str, Path]:
    """Write the five CSV files of a business of *scale* into directory *out*.

    Returns the path of each file by entity name. Each file is written under a
    temporary name and renamed when complete, so a directory holding all five
    names holds five whole files.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(scale.seed)
    as_of = date.fromisoformat(scale.as_of).toordinal()
    first = as_of - 365 * scale.years
    last = as_of + 62  # bookings and quotes run a little past as_of
    span = last - first
    # Every date the files can hold, as ISO text, looked up by ordinal offset.
    iso = [date.fromordinal(first + d).isoformat() for d in range(span + 120)]

    def write(name: str, columns: tuple[str, ...], rows) -> Path:
        path = out / f"{name}.csv"
        tmp = out / f".{name}.csv.tmp"
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(columns)
            w.writerows(rows)
        tmp.replace(path)
        return path

    paths: dict[str, Path] = {}

    # --- customers -------------------------------------------------------------
    n_cust = scale.customers
    codes = [f"C{i:05d}" for i in range(n_cust)]
    created = [rng.randrange(span // 2) for _ in range(n_cust)]

    def customers():
        r = rng.random
        for i, code in enumerate(codes):
            seg_roll = r()
            segment = "large" if seg_roll < 0.15 else ("prospect" if seg_roll > 0.9 else "small")
            referred = codes[rng.randrange(i)] if i > 10 and r() < 0.1 else ""
            potential = rng.choice(("", "", "1", "2", "3", "4", "5"))
            grade = rng.choice(("H", "A", "B", "C", "P")) if segment == "prospect" else ""
            archived = ""
            if r() < 0.03:
                archived = iso[min(created[i] + rng.randrange(200, 1500), span)]
            yield (
                code, f"Customer {i}", segment, rng.choice(INDUSTRIES),
                f"138{i:08d}", f"c{i}@example.com", "", rng.choice(CITIES), "",
                referred, potential, grade, "yes" if r() < 0.01 else "no", "",
                iso[created[i]], archived, "VIP" if i % 50 == 0 else "",  # tags: no draw, the rest stays as it was
            )

    paths["customers"] = write("customers", CUSTOMERS.columns, customers())

    # --- equipment -------------------------------------------------------------
    units = [f"U{u:03d}" for u in range(scale.units)]
    unit_rate = [rng.randrange(300, 3000) * 100 for _ in units]
    cats = EQUIPMENT_CATEGORIES[:4]

    in_maintenance = {code for code in units if rng.random() < 0.02}

    def equipment():
        for u, code in enumerate(units):
            yield (
                code, f"Lift {u}", cats[u % 4], f"{rng.randrange(6, 40)}.0",
                _money(unit_rate[u]), "maintenance" if code in in_maintenance else "available", "",
                _money(unit_rate[u] * 35 // 100),  # what a day of it costs
            )

    paths["equipment"] = write("equipment", EQUIPMENT.columns, equipment())

    # --- rentals ---------------------------------------------------------------
    # Customers' shares follow a long tail; picks are drawn once, in bulk.
    weights = [1.0 / (k + 1) ** 0.9 for k in range(n_cust)]
    rng.shuffle(weights)
    n_rent = scale.rentals
    picks = rng.choices(range(n_cust), weights, k=n_rent) if n_cust else []
    n_on_units = n_rent // 2 if scale.units else 0
    per_unit = -(-n_on_units // scale.units) if scale.units else 0
    slot = span / per_unit if per_unit else 0.0
    # Remembered for the complaints: who rented, and when (offset from *first*).
    rent_cust: list[int] = []
    rent_start: list[int] = []

    def rental(n: int, unit: str, start: int, days: int, rate: int):
        end = start + days - 1
        amount = rate * days
        cost = amount * rng.randrange(10, 60) // 100
        r = rng.random()
        today = as_of - first
        if unit in in_maintenance and end >= today:
            status = "cancelled"  # a unit in maintenance is not out now, nor booked ahead
        elif start > today:
            status = "quote" if r < 0.2 else "booked"
        elif end >= today:
            status = "on-rent" if r < 0.9 else "booked"
        elif r < 0.05:
            status = "quote"
        elif r < 0.10:
            status = "cancelled"
        elif r < 0.105 and not unit and end >= today - OVERDUE_WITHIN:
            status = "on-rent"  # an overdue return, of a rental naming no unit
        else:
            status = "returned"
        returned = ""
        if status == "returned" and r < 0.75:
            returned = iso[end + (1 if r < 0.3 else 0)]
        paid = amount if rng.random() < 0.97 else rng.randrange(amount + 1)
        cust = picks[n]
        rent_cust.append(cust)
        rent_start.append(start)
        return (
            f"R{n:07d}", codes[cust], unit, iso[start], iso[end], returned,
            _money(rate), _money(amount), _money(cost), _money(paid),
            SITES[n % len(SITES)], status, "",
        )

    def rentals():
        # Slot by slot, so the file runs roughly in date order: each slot gives
        # every unit one rental inside the slot (so a unit's rentals never
        # overlap) and its share of the rentals without a unit.
        randrange = rng.randrange
        on_units = free = 0
        n_free = n_rent - n_on_units
        for k in range(per_unit):
            s0 = int(k * slot)
            room = max(1, int((k + 1) * slot) - s0)
            for u in range(scale.units):
                if on_units >= n_on_units:
                    break
                days = randrange(1, min(room, 3) + 1)
                yield rental(len(rent_cust), units[u], s0 + randrange(room - days + 1), days, unit_rate[u])
                on_units += 1
            target = n_free * (k + 1) // per_unit
            while free < target:
                start = min(s0 + randrange(room), span - 20)
                yield rental(len(rent_cust), "", start, randrange(1, 15), randrange(300, 3000) * 100)
                free += 1
        while len(rent_cust) < n_rent:  # no units at all
            yield rental(len(rent_cust), "", randrange(span - 20), randrange(1, 15), randrange(300, 3000) * 100)

    paths["rentals"] = write("rentals", RENTALS.columns, rentals())

    # --- complaints ------------------------------------------------------------
    cats_k = COMPLAINT_CATEGORIES
    today = as_of - first

    def complaints():
        for i in range(scale.complaints):
            if rent_cust and rng.random() < 0.7:
                r = rng.randrange(len(rent_cust))
                cust, opened = rent_cust[r], min(rent_start[r] + rng.randrange(0, 5), today)
                opened = max(opened, rent_start[r])
                rental_ref = f"R{r:07d}"
            else:
                cust = rng.choices(range(n_cust), weights)[0]
                opened, rental_ref = rng.randrange(max(1, today - 2)), ""
            resolved = opened + rng.choice((0, 1, 2, 5, 7, 12, 30, 45))
            is_open = resolved > today or rng.random() < 0.02
            comp = rng.choice((0, 0, 0, 5000, 20000))
            yield (
                f"K{i:06d}", codes[cust], rental_ref, iso[opened], cats_k[i % len(cats_k)],
                str(rng.randrange(1, 6)), "", "open" if is_open else "resolved",
                "" if is_open else iso[resolved], "" if is_open else "called back",
                _money(comp),
            )

    paths["complaints"] = write("complaints", COMPLAINTS.columns, complaints() if n_cust else ())

    # --- interactions ----------------------------------------------------------
    def interactions():
        who = rng.choices(range(n_cust), weights, k=scale.interactions)
        kinds = rng.choices(INTERACTION_KINDS, KIND_WEIGHTS, k=scale.interactions)
        for i in range(scale.interactions):
            yield (f"I{i:07d}", codes[who[i]], iso[rng.randrange(today + 1)], kinds[i], "")

    paths["interactions"] = write("interactions", INTERACTIONS.columns, interactions() if n_cust else ())
    return paths


def cached(base: str | Path, scale: Scale = Scale(), *, quiet: bool = False) -> dict[str, Path]:
    """The files of *scale* under *base*/<key>, generated only if not there yet."""
    out = Path(base) / scale.key()
    paths = {name: out / f"{name}.csv" for name in FILES}
    if all(p.exists() for p in paths.values()):
        return paths
    t0 = time.perf_counter()
    generate(out, scale)
    if not quiet:
        print(f"generated {out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command line: write the files of a business of the given size into DIR."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    defaults = asdict(Scale())
    for name, value in defaults.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    args = parser.parse_args(argv)
    scale = Scale(**{k: getattr(args, k) for k in defaults})
    t0 = time.perf_counter()
    paths = generate(args.dir, scale)
    took = time.perf_counter() - t0
    for name, path in paths.items():
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    print(f"done in {took:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
