"""``rentrack export``: canonical columns, spreadsheet safety, encodings, atomic files, stdout."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.cli import cli
from tracker.records import ENTITIES, to_text
from tracker.services import add, open_store
from tracker.transfer import exporter
from tracker.transfer.csvfile import FORMULA_TRIGGERS, protect


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def filled(db_path: Path) -> Path:
    conn = open_store(db_path)
    add(conn, "customers", {"code": "C1", "name": "=HYPERLINK(\"http://x\")", "notes": "-5 owed, @ref",
                            "city": "上海", "created_on": "2024-01-01"})
    add(conn, "customers", {"code": "C2", "name": "+86 Lifts, \"Best\"", "notes": "two\nlines",
                            "partner": "yes", "potential": "4", "created_on": "2024-01-02"})
    add(conn, "equipment", {"code": "U1", "name": "Scissor", "height_m": "12.5", "daily_rate": "300"})
    add(conn, "rentals", {"ref": "R1", "customer": "C1", "equipment": "U1", "start_date": "2024-03-01",
                          "end_date": "2024-03-03", "daily_rate": "300", "cost": "¥1,000.5"})
    conn.close()
    return db_path


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_to_stdout_has_canonical_columns_bom_and_crlf(filled: Path) -> None:
    result = run(filled, "export", "customers")
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    table = parse(data)
    assert tuple(table[0]) == ENTITIES["customers"].columns
    assert [r[0] for r in table[1:]] == ["C1", "C2"]
    assert result.stderr == ""


def test_no_bom_option(filled: Path) -> None:
    data = run(filled, "export", "rentals", "--no-bom").stdout_bytes
    assert data.startswith(b"ref,customer,")
    assert parse(data)[1] == ["R1", "C1", "U1", "2024-03-01", "2024-03-03", "", "300.00", "900.00",
                              "1000.50", "0.00", "", "booked", ""]


def test_formula_cells_are_protected_and_numbers_are_not(filled: Path) -> None:
    table = parse(run(filled, "export", "customers").stdout_bytes)
    c1, c2 = table[1], table[2]
    cols = ENTITIES["customers"].columns
    assert c1[cols.index("name")] == "'=HYPERLINK(\"http://x\")"
    assert c1[cols.index("notes")] == "'-5 owed, @ref"
    assert c2[cols.index("name")] == "'+86 Lifts, \"Best\""
    assert c2[cols.index("notes")] == "two\nlines"
    assert c2[cols.index("partner")] == "yes" and c2[cols.index("potential")] == "4"
    for row in table[1:]:
        assert not any(cell and cell[0] in FORMULA_TRIGGERS for cell in row)


def test_export_to_a_file_is_atomic(filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "customers.csv"
    result = run(filled, "export", "customers", "-o", str(out))
    assert result.exit_code == 0 and "Exported 2 customers" in result.stderr
    good = out.read_bytes()
    real_lines = exporter._lines

    def failing(conn, entity):
        yield from list(real_lines(conn, entity))[:1]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter, "_lines", failing)
    with pytest.raises(OSError):
        run(filled, "export", "customers", "--force", "-o", str(out))
    assert out.read_bytes() == good  # the old file is untouched
    assert not list(out.parent.glob(".customers.csv.*"))  # no temporary left behind


def test_export_all_writes_every_entity_the_settings_and_the_tier_history(filled: Path, tmp_path: Path) -> None:
    from tracker.cli.transfer import ENTITY_NAMES
    from tracker.transfer.kept import KEPT

    assert ENTITY_NAMES == (*ENTITIES, *KEPT)  # the command's choices are every file it writes
    result = run(filled, "export", "all", str(tmp_path / "dump"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "dump").iterdir()) == sorted(f"{n}.csv" for n in ENTITY_NAMES)
    assert parse((tmp_path / "dump" / "complaints.csv").read_bytes()) == [list(ENTITIES["complaints"].columns)]


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    missing = run(tmp_path / "none.db", "export", "customers")
    assert missing.exit_code == 1 and "no such database" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    assert run(tmp_path / "none.db", "export", "all").exit_code == 2
    db = tmp_path / "db.db"
    open_store(db).close()
    folder = run(db, "export", "customers", "-o", str(tmp_path))
    assert folder.exit_code == 1 and "is a folder" in folder.stderr


# --- the SQL formatting is exactly to_text + protect ------------------------------

_TEXT = st.text(alphabet=st.sampled_from("ab上海,\"'=+-@ \t\r\n"), max_size=8)


def _value(entity, column):
    kind = entity.field(column).kind
    if kind.export == "money":
        return st.one_of(st.none(), st.integers(-10**12, 10**12))
    if kind.export == "int":
        return st.one_of(st.none(), st.integers(1, 5))
    if kind.export == "flag":
        return st.sampled_from([0, 1])
    if kind.export == "real":
        return st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))
    if kind.export == "date":
        return st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))
    if kind.export == "choice":
        return st.one_of(st.sampled_from(kind.choices), _TEXT)
    return _TEXT


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_export_cells_equal_to_text_then_protect(data) -> None:
    name = data.draw(st.sampled_from(list(ENTITIES)))
    entity = ENTITIES[name]
    values = [data.draw(_value(entity, c)) for c in entity.columns]
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE {name} ({', '.join(entity.columns)})")
    conn.execute(f"INSERT INTO {name} VALUES ({', '.join('?' * len(values))})", values)
    (got,) = list(exporter.rows(conn, entity))
    text = to_text(entity, dict(zip(entity.columns, values)))
    want = [exporter.protect_cell(entity, c, text[c]) for c in entity.columns]
    assert ["" if v is None else str(v) for v in got] == want
    for c in entity.columns:
        if c in entity.money and text[c]:
            assert want[entity.columns.index(c)] == text[c]  # a negative amount stays a number
        elif c not in entity.money and isinstance(dict(zip(entity.columns, values))[c], str):
            assert want[entity.columns.index(c)] == protect(text[c])


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_export_lines_equal_the_csv_module_writing_to_text_then_protect(data) -> None:
    name = data.draw(st.sampled_from(list(ENTITIES)))
    entity = ENTITIES[name]
    table = [[data.draw(_value(entity, c)) for c in entity.columns] for _ in range(data.draw(st.integers(0, 3)))]
    table = list({tuple(r)[0]: r for r in table}.values())  # one row per key, as in the database
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE {name} ({', '.join(entity.columns)})")
    conn.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(entity.columns))})", table)
    got = io.StringIO(newline="")
    assert exporter.write(conn, name, got, bom=False) == len(table)
    want = io.StringIO(newline="")
    writer = csv.writer(want, lineterminator="\r\n")
    writer.writerow(entity.columns)
    for values in sorted(table, key=lambda r: (r[0] is not None, r[0])):
        text = to_text(entity, dict(zip(entity.columns, values)))
        writer.writerow([exporter.protect_cell(entity, c, text[c]) for c in entity.columns])
    assert got.getvalue() == want.getvalue()


def test_dash_output_is_stdout(filled: Path) -> None:
    assert run(filled, "export", "rentals", "-o", "-").stdout_bytes == run(filled, "export", "rentals").stdout_bytes
