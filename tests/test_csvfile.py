"""CSV files as owners keep them: encodings, headers, formula protection, reading; fuzzed."""

from __future__ import annotations

import codecs
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.parse import parse_date, parse_int, parse_money, parse_number
from tracker.records import (
    CUSTOMERS,
    ENTITIES,
    RENTALS,
    ParseOptions,
    ValidationError,
    validate_row,
)
from tracker.transfer.csvfile import (
    FORMULA_TRIGGERS,
    CsvFileError,
    Source,
    detect_encoding,
    fold_header,
    map_header,
    normalize_encoding,
    open_source,
    protect,
    read_rows,
    unprotect,
)
from tracker.transfer.importer import header_required


def source(data: bytes, encoding: str | None = None) -> Source:
    binary = io.BytesIO(data)
    return Source("t.csv", binary, encoding or detect_encoding(binary), len(data))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "名称".encode(), "utf-8-sig"),
        ("名称".encode(), "utf-8"),
        ("名称".encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + "名称".encode("utf-16-le"), "utf-16"),
        (b"plain ascii", "utf-8"),
        # UTF-8 for a megabyte, then one GBK byte pair: judged over the whole file.
        (b"a" * (1 << 20) + "客户".encode("gb18030"), "gb18030"),
    ],
)
def test_detect_encoding(data: bytes, expected: str) -> None:
    stream = io.BytesIO(data)
    assert detect_encoding(stream) == expected
    assert stream.tell() == 0


def test_normalize_encoding() -> None:
    assert normalize_encoding("UTF8") == "utf-8-sig"
    assert normalize_encoding("GBK") == "gbk"
    assert normalize_encoding("utf-8-bom") == "utf-8-sig"
    with pytest.raises(CsvFileError, match="unknown encoding"):
        normalize_encoding("klingon")


def test_headers_fold_and_aliases() -> None:
    assert fold_header("\ufeffStart Date") == fold_header("start_date") == "startdate"
    hmap = map_header(RENTALS, ["单号", "客户编号", "开始日期", "End-Date", "金额", "weather"],
                      header_required(RENTALS))
    assert hmap.columns == ("ref", "customer", "start_date", "end_date", "amount", None)
    assert hmap.unknown == ("weather",)
    assert hmap.label("start_date") == "开始日期 (start_date)"
    with pytest.raises(CsvFileError, match="both mean code"):
        map_header(CUSTOMERS, ["code", "客户编号", "name"], ("code", "name"))
    for entity in ENTITIES.values():
        for column in entity.fields:
            for name in column.aliases:
                assert map_header(entity, [name], ()).columns == (column.name,), (entity.name, name)


def test_read_rows_gives_start_lines_and_skips_blank_lines() -> None:
    data = b'a,b\r\n\r\n1,"two\r\nlines"\r\n3,4\r\n'
    assert list(read_rows(source(data))) == [(1, ["a", "b"]), (3, ["1", "two\r\nlines"]), (5, ["3", "4"])]


def test_rows_of_empty_cells_are_not_records_and_later_lines_keep_their_numbers() -> None:
    data = b"a,b,c\r\n1,2,3\r\n,,\r\n \t, ,\r\n\"\",,\r\n4,,\r\n,,\r\n,,\r\n"
    assert list(read_rows(source(data))) == [(1, ["a", "b", "c"]), (2, ["1", "2", "3"]), (6, ["4", "", ""])]
    assert list(read_rows(source(b",,,\r\n,,,\r\ncode,name\r\n"))) == [(3, ["code", "name"])]


#: Windows code page 936: GBK with the single byte 0x80 for "€".
CP936_TEXT = "客户,€ 500\r\n亐€,€€\r\n"
CP936_BYTES = "客户,".encode("gbk") + b"\x80 500\r\n" + "亐".encode("gbk") + b"\x80,\x80\x80\r\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "cp936", None])
def test_the_cp936_euro_byte_reads_as_the_euro_sign(encoding: str | None) -> None:
    src = source(CP936_BYTES, normalize_encoding(encoding) if encoding else None)
    assert src.encoding == ("gbk" if encoding in ("gbk", "cp936") else "gb18030")
    assert [cells for _, cells in read_rows(src)] == [["客户", "€ 500"], ["亐€", "€€"]]


def test_the_euro_byte_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each character is split across reads somewhere: "亐" (0x81 0x80), "\U00020000" (four bytes)
    # and a lone 0x80 just after a four-byte character ending in digits.
    text = "\U00020000€亐" * 3000
    data = "\U00020000".encode("gb18030") + b"\x80" + "亐".encode("gb18030")
    src = source(b"a\r\n" + data * 3000 + b"\r\n", "gb18030")
    assert [cells for _, cells in read_rows(src)] == [["a"], [text]]
    # Bytes that are still not GB18030 stay an error.
    with pytest.raises(CsvFileError, match="not gb18030 text"):
        list(read_rows(source(b"a\r\n\x81\x30\x80\r\n", "gb18030")))
    with pytest.raises(CsvFileError, match="not gbk text"):
        list(read_rows(source(b"a\r\n\xff\r\n", "gbk")))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.just("€"), st.characters(codec="gb18030", exclude_categories=("Cs",))), max_size=60),
       st.sampled_from(["gb18030", "gbk"]))
def test_a_lone_0x80_is_the_euro_and_every_other_character_reads_as_the_codec_has_it(chars, encoding) -> None:
    parts = []
    for ch in chars:
        if ch == "€":
            parts.append(b"\x80")
            continue
        try:
            parts.append(ch.encode(encoding))
        except UnicodeEncodeError:
            continue
    data = b"".join(parts)
    expected = "".join(p.decode(encoding) if p != b"\x80" else "€" for p in parts)
    stream = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data), buffer_size=3),
                              encoding=Source("t", io.BytesIO(), encoding, 0).text().encoding, newline="")
    stream._CHUNK_SIZE = 3  # type: ignore[attr-defined]
    assert stream.read() == expected


def test_header_messages_are_short_and_escaped() -> None:
    with pytest.raises(CsvFileError) as caught:
        map_header(CUSTOMERS, [f"x{i}" for i in range(50_000)], ("code", "name"))
    message = str(caught.value)
    assert len(message) < 300 and message.endswith("x0, x1, x2, x3, x4, x5, x6, x7 … and 49,992 more)")
    with pytest.raises(CsvFileError) as caught:
        map_header(CUSTOMERS, ["code", "co\x1cde" + " " * 100_000, "name"], ("code", "name"))
    assert "\x1c" not in str(caught.value) and "\\x1c" in str(caught.value) and len(str(caught.value)) < 300
    hmap = map_header(RENTALS, ["ref", "customer", "开始\x1c日期", "end_date", "amount"], ())
    assert hmap.label("start_date") == "开始\\x1c日期 (start_date)"


def test_open_source_errors(tmp_path: Path) -> None:
    with pytest.raises(CsvFileError, match="no such file"):
        open_source(tmp_path / "nope.csv")
    with pytest.raises(CsvFileError, match="is a folder"):
        open_source(tmp_path)


# --- properties and fuzzing ------------------------------------------------------------


@given(st.text())
def test_unprotect_inverts_protect_and_protected_text_is_inert(text: str) -> None:
    protected = protect(text)
    assert unprotect(protected) == text
    assert not protected or protected[0] not in FORMULA_TRIGGERS


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_reading_any_bytes_gives_rows_or_one_clear_error(data: bytes) -> None:
    try:
        src = source(data)
        rows = list(read_rows(src))
    except CsvFileError as exc:
        assert "\n" not in str(exc)
        return
    for line, cells in rows:
        assert line >= 1 and cells and all("\x00" not in c for c in cells)


CSV_TEXT = st.text(alphabet=st.sampled_from(list('ab,"\r\n\t \'=上\x00')), max_size=200)


@settings(max_examples=300, deadline=None)
@given(CSV_TEXT, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_reading_csv_like_text_in_any_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    try:
        rows = list(read_rows(source(data)))
    except CsvFileError:
        return
    assert all(isinstance(c, str) for _, cells in rows for c in cells)


ENTITY_RAW = st.sampled_from(["customers", "equipment", "rentals", "complaints", "interactions"]).flatmap(
    lambda entity: st.tuples(
        st.just(entity),
        st.dictionaries(
            st.sampled_from(["code", "name", "ref", "customer", "equipment", "start_date", "end_date",
                             "returned_on", "daily_rate", "amount", "cost", "paid", "status", "segment",
                             "potential", "partner", "height_m", "severity", "category", "opened_on",
                             "resolved_on", "date", "kind", "created_on", "archived_on", "referred_by"]),
            st.one_of(st.text(max_size=12), st.sampled_from([
                "2024-02-29", "2026-02-30", "05/03/2024", "1e309", "NaN", "-1", "¥1,200.50", "1" * 30,
                "inf", "booked", "returned", "9999-12-31", "0001-01-01", "yes", "3", "waiting", "=1+1"])),
        ),
    )
)


@settings(max_examples=400, deadline=None)
@given(ENTITY_RAW, st.booleans())
def test_validators_raise_only_validation_errors(case, dayfirst: bool) -> None:
    entity, raw = case
    try:
        row = validate_row(ENTITIES[entity], raw, options=ParseOptions(dayfirst=dayfirst))
    except ValidationError as exc:
        assert exc.errors and all(e.field and e.message for e in exc.errors)
        return
    assert isinstance(row, tuple)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.booleans())
def test_parsers_raise_only_value_errors(text: str, dayfirst: bool) -> None:
    for parse in (lambda t: parse_date(t, dayfirst=dayfirst), parse_money, parse_number,
                  lambda t: parse_int(t, low=1, high=5)):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
def test_iso_dates_are_never_read_day_first(day, dayfirst: bool) -> None:
    assert parse_date(day.isoformat(), dayfirst=dayfirst) == day
