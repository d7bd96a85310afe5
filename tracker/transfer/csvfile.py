"""CSV files as owners keep them: encodings, headers, formula protection, safe writing.

Shared by the importer and the exporter; nothing here knows about the database.

- Encodings: a file is read as UTF-8 (with or without BOM), UTF-16 (with BOM)
  or GB18030 (what Excel on Chinese Windows saves as "CSV"), decided over the
  whole file: a BOM, else strict UTF-8, else GB18030. Read as GBK or
  GB18030, a lone byte 0x80 is "€", as Windows code page 936 has it.
- Headers: canonical column names match case-insensitively, ignoring spaces,
  underscores and hyphens; each column's description lists the other names
  accepted, English and Chinese (:mod:`tracker.records.entities`).
- Formula protection (OWASP): a text cell starting with ``= + - @``, tab, CR or
  LF is written with a leading ``'`` so no spreadsheet runs it;
  :func:`unprotect` reverses exactly that.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, BinaryIO

from tracker.i18n import _
from tracker.parse import os_reason, shown, shown_names
from tracker.records import Entity

# --- encodings -----------------------------------------------------------------

#: Encodings the importer accepts by name with ``--encoding`` (plus anything Python knows).
ENCODING_NAMES = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHUNK = 1 << 20
#: Per codec that may hold Windows code page 936's single-byte euro sign, how its bytes
#: split into characters (from a character boundary): runs of ASCII, a lead byte with what
#: follows it, or one stray byte. Only the decoder itself decides what is valid.
_CP936_TOKENS = {
    "gbk": re.compile(rb"[\x00-\x7f]+|[\x81-\xfe][\x40-\x7e\x80-\xfe]?|[\x80\xff]"),
    "gb18030": re.compile(
        rb"[\x00-\x7f]+|[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|[\x40-\x7e\x80-\xfe])?|[\x80\xff]"
    ),
}
_CP936_PREFIX = "rentrack_cp936_"


class _Cp936Decoder(codecs.IncrementalDecoder):
    """GBK or GB18030, strict, but a lone byte 0x80 is "€" as in Windows code page 936.

    Python's ``gbk`` and ``gb18030`` codecs have no single-byte 0x80. No
    character of either starts with that byte (it only ever follows a lead
    byte), so a 0x80 found where a character starts is the euro sign. Data
    without the byte goes straight to the codec's own decoder.
    """

    codec = "gb18030"

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._inner = codecs.getincrementaldecoder(self.codec)(errors)
        self._tokens = _CP936_TOKENS[self.codec]

    def decode(self, data: bytes, final: bool = False) -> str:  # type: ignore[override]
        data = bytes(data)
        if b"\x80" not in data:
            return self._inner.decode(data, final)
        pending, _flag = self._inner.getstate()  # bytes of a character begun in the last chunk
        buf = pending + data
        self._inner.reset()
        out: list[str] = []
        start = 0
        for m in self._tokens.finditer(buf, 0, buf.rfind(b"\x80") + 1):
            if m.end() - m.start() == 1 and buf[m.start()] == 0x80:
                out.append(self._inner.decode(buf[start:m.start()], True))
                out.append("€")
                start = m.end()
        out.append(self._inner.decode(buf[start:], final))
        return "".join(out)

    def reset(self) -> None:
        self._inner.reset()

    def getstate(self) -> tuple[bytes, int]:
        return self._inner.getstate()  # type: ignore[return-value]

    def setstate(self, state: tuple[bytes, int]) -> None:
        self._inner.setstate(state)


def _cp936_codec(name: str) -> codecs.CodecInfo | None:
    """The codecs ``rentrack_cp936_gbk`` and ``rentrack_cp936_gb18030`` (see :class:`_Cp936Decoder`)."""
    if not name.startswith(_CP936_PREFIX) or name[len(_CP936_PREFIX):] not in _CP936_TOKENS:
        return None
    base = codecs.lookup(name[len(_CP936_PREFIX):])
    decoder = type(f"_Cp936Decoder_{base.name}", (_Cp936Decoder,), {"codec": base.name})

    def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
        return decoder(errors).decode(data, True), len(data)

    return codecs.CodecInfo(
        base.encode, decode, incrementalencoder=base.incrementalencoder,
        incrementaldecoder=decoder, name=name,
    )


codecs.register(_cp936_codec)


def _reading_codec(encoding: str) -> str:
    """The codec to read text of *encoding* with: GBK and GB18030 take code page 936's euro sign."""
    name = codecs.lookup(encoding).name
    return _CP936_PREFIX + name if name in _CP936_TOKENS else encoding


class CsvFileError(Exception):
    """A file that cannot be read as CSV of the expected kind (one line for the owner)."""


def detect_encoding(stream: BinaryIO) -> str:
    """The encoding of a seekable binary *stream*, judged over the whole file.

    A BOM decides; else the file is UTF-8 if every byte of it decodes strictly
    as UTF-8; else GB18030 (GBK's superset, as Excel saves on Chinese
    Windows). The stream is left at its start.
    """
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                decoder.decode(b"", final=True)
                break
            if chunk.isascii():
                continue
            decoder.decode(chunk)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        stream.seek(start)


def normalize_encoding(name: str) -> str:
    """A Python codec name for what the owner typed (``GBK``, ``utf8``, ``UTF-8-BOM``)."""
    folded = name.strip().lower().replace("_", "-")
    if folded in ("utf-8-bom", "utf8-bom", "utf-8-sig", "utf8-sig", "utf8bom"):
        return "utf-8-sig"
    try:
        codec = codecs.lookup(folded)
    except LookupError:
        raise CsvFileError(_("unknown encoding {name} (try utf-8, utf-8-sig or gb18030)").format(
            name=shown(repr(name)))) from None
    if codec.name == "utf-8":
        return "utf-8-sig"  # a BOM, if present, is never data
    return codec.name


@dataclass
class Source:
    """An opened CSV source: the binary stream, its name for messages and its encoding."""

    name: str
    binary: BinaryIO
    encoding: str
    size: int | None

    def text(self) -> IO[str]:
        """The stream as text, for :mod:`csv` (universal newlines off, as csv wants).

        Strict, but for GBK and GB18030 a lone 0x80 reads as "€" (code page 936).
        """
        return io.TextIOWrapper(self.binary, encoding=_reading_codec(self.encoding), newline="", errors="strict")

    def position(self) -> int:
        """Bytes consumed so far (for a progress bar)."""
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self.binary.close()


def open_source(path: str | os.PathLike[str], encoding: str | None = None) -> Source:
    """Open *path* (``-`` for stdin) for reading, its encoding detected unless given.

    Standard input is first copied to a temporary file: the encoding is judged
    over the whole input, and memory stays flat however large it is.
    """
    name = str(path)
    if name == "-":
        spool = tempfile.TemporaryFile()
        shutil.copyfileobj(sys.stdin.buffer, spool, _CHUNK)
        spool.seek(0)
        binary: BinaryIO = spool
        size = spool.seek(0, os.SEEK_END)
        spool.seek(0)
        name = "<stdin>"
    else:
        p = Path(path)
        if p.is_dir():
            raise CsvFileError(_("{file}: is a folder, not a CSV file").format(file=shown(name, 200)))
        try:
            binary = p.open("rb")
        except FileNotFoundError:
            raise CsvFileError(_("{file}: no such file").format(file=shown(name, 200))) from None
        except OSError as exc:
            raise CsvFileError(f"{shown(name, 200)}: {os_reason(exc)}") from None
        size = p.stat().st_size
    enc = normalize_encoding(encoding) if encoding else detect_encoding(binary)
    if enc == "utf-8":
        enc = "utf-8-sig"
    return Source(shown(name, 200), binary, enc, size)


# --- reading rows ------------------------------------------------------------------

#: The longest cell accepted (csv's own default): anything longer is not a spreadsheet cell.
MAX_FIELD = 131_072


def read_rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    """The records of *source* as ``(line, cells)``, *line* being where the record starts.

    Blank lines, and rows whose every cell is empty or spaces, are skipped:
    they are not records (later rows keep their own line numbers). A file
    that cannot be read as CSV (bytes that are not *source*'s encoding, NUL
    bytes, a quoted field never closed, a cell longer than :data:`MAX_FIELD`)
    raises :class:`CsvFileError` naming the line.
    """
    import csv

    csv.field_size_limit(MAX_FIELD)
    text = source.text()
    reader = csv.reader(text, strict=True)
    try:
        yield from _records(source, reader)
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            _("{file}: not {encoding} text near line {line} (byte {byte}); try --encoding gb18030 or utf-8").format(
                file=source.name, encoding=source.encoding, line=reader.line_num + 1,
                byte=exc.object[exc.start:exc.start + 1].hex())
        ) from None
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = _("a cell longer than {n} characters").format(n=f"{MAX_FIELD:,}")
        elif "unexpected end of data" in message or "EOF" in message:
            message = _("a quoted field is never closed")
        raise CsvFileError(_("{file}: line {line}: {problem}").format(
            file=source.name, line=reader.line_num, problem=message)) from None
    finally:
        try:
            text.detach()  # leave the binary stream open: a second pass may read it again
        except ValueError:
            pass  # the source was closed first


def _records(source: Source, reader: Any) -> Iterator[tuple[int, list[str]]]:
    line = 1
    for cells in reader:
        if cells:
            for cell in cells:
                if "\x00" in cell:
                    raise CsvFileError(
                        _("{file}: line {line} holds NUL bytes: not a CSV text file"
                          " (save it from the spreadsheet as CSV)").format(file=source.name, line=line)
                    )
            first = cells[0]
            # A row of empty cells (``,,,,`` as a spreadsheet leaves below its data) is not a record.
            if (first and not first.isspace()) or any(c and not c.isspace() for c in cells):
                yield line, cells
        line = reader.line_num + 1


# --- headers -------------------------------------------------------------------

#: Header names ignored without a warning: the reason column of a rejects file.
IGNORED_HEADERS = frozenset({"error", "errors", "错误"})

_FOLD = re.compile(r"[\s_\-]+")


def fold_header(name: str) -> str:
    """Header text as compared: lower case, no spaces, underscores or hyphens, no BOM."""
    return _FOLD.sub("", name.replace("\ufeff", "").strip().lower())


@cache
def _header_table(entity: Entity) -> dict[str, str]:
    """Folded header text -> column, for the canonical names and every column's aliases."""
    table: dict[str, str] = {fold_header(c): c for c in entity.columns}
    for c in entity.fields:
        for alias in c.aliases:
            table.setdefault(fold_header(alias), c.name)
    return table


@dataclass(frozen=True)
class HeaderMap:
    """How a file's header row maps onto an entity's canonical columns."""

    #: Per file column position, its canonical column (None: ignored).
    columns: tuple[str | None, ...]
    #: The file's own header text per position (for messages).
    labels: tuple[str, ...]
    #: Header names that matched no column (ignored, with a warning).
    unknown: tuple[str, ...]

    def present(self) -> set[str]:
        """Canonical columns the file holds."""
        return {c for c in self.columns if c is not None}

    def label(self, column: str) -> str:
        """The file's name for *column* (as a message shows it), with the canonical name when they differ."""
        for canonical, label in zip(self.columns, self.labels):
            if canonical == column:
                return column if fold_header(label) == fold_header(column) else f"{shown(label, 40)} ({column})"
        return column


def map_header(entity: Entity, header: list[str], required: tuple[str, ...]) -> HeaderMap:
    """Match a header row to *entity*'s columns; raises :class:`CsvFileError` when unusable.

    Refused: a column given twice (two headers meaning the same column) and a
    missing required column. Unknown headers are reported in ``unknown``.
    """
    table = _header_table(entity)
    columns: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for text in header:
        folded = fold_header(text)
        column = table.get(folded)
        if column is None:
            if folded and folded not in IGNORED_HEADERS:
                unknown.append(text.strip())
            columns.append(None)
            continue
        if column in seen:
            raise CsvFileError(
                _("columns {first} and {second} both mean {column}; keep one").format(
                    first=shown(repr(seen[column])), second=shown(repr(text.strip())), column=column)
            )
        seen[column] = text.strip()
        columns.append(column)
    missing = [c for c in required if c not in seen]
    if missing:
        has = shown_names(h.strip() for h in header if h.strip()) or _("nothing")
        if len(missing) > 1:
            raise CsvFileError(_("missing required columns: {columns} (the header row has: {header})").format(
                columns=", ".join(missing), header=has))
        raise CsvFileError(_("missing required column: {columns} (the header row has: {header})").format(
            columns=", ".join(missing), header=has))
    return HeaderMap(tuple(columns), tuple(h.strip() for h in header), tuple(unknown))


# --- formula protection ----------------------------------------------------------

#: First characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")
_NEEDS_PROTECTION = re.compile(r"^'*[=+\-@\t\r\n]")
_PROTECTED = re.compile(r"^'+[=+\-@\t\r\n]")
#: First characters worth a closer look when protecting (cheap pre-check).
_PROTECT_FIRST = frozenset("=+-@\t\r\n'")


def protect(text: str) -> str:
    """Text made safe for a spreadsheet cell: a leading ``'`` before a formula trigger.

    Text that already starts with quotes before a trigger gets one more, so
    :func:`unprotect` can always give back exactly the original.
    """
    if text and text[0] in _PROTECT_FIRST and _NEEDS_PROTECTION.match(text):
        return "'" + text
    return text


def unprotect(text: str) -> str:
    """The inverse of :func:`protect`: drop one ``'`` that guards a formula trigger."""
    if text and text[0] == "'" and _PROTECTED.match(text):
        return text[1:]
    return text
