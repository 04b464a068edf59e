"""Read a data file (CSV/TSV/.tab, Stata, SPSS, Excel, Parquet) into a raw DataFrame plus labels.

Every format gives the same raw frame for the same data: codes stay codes (value labels are kept
beside the frame, never applied), missing values become NaN, and the mapping's code matching
(``analysis.io.mapping.code_key``) treats ``1``, ``1.0`` and ``"1"`` alike. So the same survey in
any
format gives identical estimates.

Limits (also stated in the README and on the Data page) protect a shared server: a file larger
than :data:`MAX_FILE_BYTES`, with more than :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns
is refused with a clear message before (or instead of) being parsed in full.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.io.mapping import MappingError, code_key
from analysis.io.problems import Problem

MAX_FILE_BYTES = 50 * 1024 * 1024  # same as server.maxUploadSize in .streamlit/config.toml
MAX_ROWS = 1_000_000  # the scale the estimates are benchmarked at (bench/)
MAX_COLUMNS = 2_000
# An .xlsx is a zip: refuse one that would unpack to far more than a sane sheet (zip bomb).
MAX_XLSX_UNPACKED_BYTES = 4 * MAX_FILE_BYTES

FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tab",
    ".txt": "tsv",
    ".dta": "stata",
    ".sav": "spss",
    ".zsav": "spss",
    ".xlsx": "excel",
    ".parquet": "parquet",
}
SUPPORTED_SUFFIXES = tuple(FORMATS)
# Tried in this order; the first that decodes the whole file is used and reported.
TEXT_ENCODINGS = ("utf-8-sig", "cp932")
FORMAT_NAMES = {
    "csv": "CSV",
    "tsv": "TSV",
    "tab": "Dataverse .tab",
    "stata": "Stata .dta",
    "spss": "SPSS .sav",
    "excel": "Excel .xlsx",
    "parquet": "Parquet",
}


@dataclass(frozen=True)
class Table:
    """A raw data frame as read, with what the file said about its variables.

    ``value_labels`` maps a column to ``{code key: label}`` (code keys as in
    :func:`analysis.io.mapping.code_key`); ``variable_labels`` maps a column to its description.
    """

    frame: pd.DataFrame
    file_format: str
    encoding: str = ""
    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def label_of(self, column: str, value: object) -> str:
        """The value label of one code of ``column`` ('' when it has none)."""
        key = code_key(value)
        return self.value_labels.get(column, {}).get(key, "") if key is not None else ""


def _problem(code: str, **params: object) -> MappingError:
    return MappingError([Problem(code, "error", dict(params))])


def _check_shape(rows: int, columns: int, name: str) -> None:
    problems = []
    if rows > MAX_ROWS:
        problems.append(
            Problem(
                "file_too_many_rows",
                "error",
                {"name": name, "rows": f"{rows:,}", "limit": f"{MAX_ROWS:,}"},
            )
        )
    if columns > MAX_COLUMNS:
        problems.append(
            Problem(
                "file_too_many_columns",
                "error",
                {"name": name, "columns": f"{columns:,}", "limit": f"{MAX_COLUMNS:,}"},
            )
        )
    if problems:
        raise MappingError(problems)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = TEXT_ENCODINGS
    for encoding in encodings:
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise _problem("file_encoding", name=name)


def _read_text(data: bytes, name: str, file_format: str) -> Table:
    text, encoding = _decode(data, name)
    # Any line ending ends the header (a lone carriage return too, as old Mac files have).
    first_line = (text.splitlines() or [""])[0]
    if file_format == "csv":
        # Some "CSV" exports are tab-separated; a header with tabs and no commas tells.
        sep = "\t" if "\t" in first_line and "," not in first_line else ","
    else:
        # And a .txt or .tsv saved from a spreadsheet as CSV: commas and no tabs in the header.
        sep = "," if "," in first_line and "\t" not in first_line else "\t"
    try:
        n_columns = len(next(csv.reader([first_line], delimiter=sep), []))
    except csv.Error as exc:
        raise _problem("file_unreadable", name=name, detail=str(exc)[:200]) from None
    _check_shape(0, n_columns, name)
    try:
        # One row past the limit is enough to refuse the file: never parse a huge one in full.
        frame = pd.read_csv(io.StringIO(text), sep=sep, low_memory=False, nrows=MAX_ROWS + 1)
    except (ValueError, pd.errors.ParserError) as exc:
        raise _problem("file_unreadable", name=name, detail=str(exc)[:200]) from None
    if len(frame) > MAX_ROWS:
        _check_shape(max(text.count("\n") - 1, len(frame)), 0, name)
    frame.columns = [str(c).strip() for c in frame.columns]
    return Table(frame, file_format, encoding)


def _read_readstat(data: bytes, name: str, file_format: str) -> Table:
    import pyreadstat  # local: heavy import, only for these formats

    reader = pyreadstat.read_dta if file_format == "stata" else pyreadstat.read_sav
    # pyreadstat reads from a path only; the file lives in a private temporary directory.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "upload" + Path(name).suffix.lower())
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            _, meta = reader(path, metadataonly=True)
            _check_shape(int(meta.number_rows or 0), int(meta.number_columns or 0), name)
            frame, meta = reader(path, apply_value_formats=False)
        except MappingError:
            raise
        except Exception as exc:  # noqa: BLE001 - readstat raises its own types for bad files
            raise _problem(
                "file_damaged", name=name, format=FORMAT_NAMES[file_format], detail=str(exc)[:200]
            ) from None
    variable_labels = {
        col: lab for col, lab in zip(meta.column_names, meta.column_labels, strict=False) if lab
    }
    value_labels = {
        col: {code_key(code) or str(code): str(lab) for code, lab in labels.items()}
        for col, labels in (meta.variable_value_labels or {}).items()
    }
    encoding = getattr(meta, "file_encoding", None) or ""
    return Table(frame, file_format, encoding, variable_labels, value_labels)


def _read_excel(data: bytes, name: str) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _problem(
            "file_damaged", name=name, format=FORMAT_NAMES["excel"], detail="not a zip archive"
        ) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _problem(
            "file_too_large",
            name=name,
            size=f"{unpacked / 2**20:,.0f} MB (unpacked)",
            limit=f"{MAX_XLSX_UNPACKED_BYTES / 2**20:,.0f} MB",
        )
    try:
        import openpyxl  # local: only for this format

        # The sheet's stated dimensions let an oversized sheet be refused before parsing it.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        sheet = workbook.worksheets[0]
        _check_shape(max((sheet.max_row or 1) - 1, 0), sheet.max_column or 0, name)
        workbook.close()
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, engine="openpyxl")
    except MappingError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad workbooks
        raise _problem(
            "file_damaged", name=name, format=FORMAT_NAMES["excel"], detail=str(exc)[:200]
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Table(frame, "excel")


def _read_parquet(data: bytes, name: str) -> Table:
    import pyarrow.parquet as pq

    try:
        # One thread and a closed reader: arrow's thread pool, left running on some damaged
        # files, could abort the interpreter at exit ("terminate called ...") after our message.
        with pq.ParquetFile(io.BytesIO(data)) as parquet:
            meta = parquet.metadata
            _check_shape(int(meta.num_rows), int(meta.num_columns), name)
            frame = parquet.read(use_threads=False).to_pandas(use_threads=False)
    except MappingError:
        raise
    except Exception as exc:  # noqa: BLE001 - arrow raises its own types for bad files
        raise _problem(
            "file_damaged", name=name, format=FORMAT_NAMES["parquet"], detail=str(exc)[:200]
        ) from None
    return Table(_flat_cells(frame.reset_index(drop=True)), "parquet")


def _flat_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Nested cells (Parquet lists, structs, maps) as text: a survey cell holds one value.

    Left nested, they cannot be compared or counted, and checks downstream would fail on them.
    """
    nested = (list, tuple, dict, set, np.ndarray)
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])]:
        values = frame[column]
        if values.map(lambda v: isinstance(v, nested)).any():
            frame[column] = values.map(
                lambda v: (
                    str(v.tolist() if isinstance(v, np.ndarray) else v)
                    if isinstance(v, nested)
                    else v
                )
            )
    return frame


def read_data(data: bytes, name: str) -> Table:
    """Parse the bytes of a data file named ``name`` (format from its suffix) into a :class:`Table`.

    Raises
    ------
    MappingError
        With a clear problem when the file type is unsupported, the file is over a limit, or it
        cannot be read.

    Examples
    --------
    >>> table = read_data(b"arm,q1\\n1,2\\n", "tiny.csv")
    >>> table.file_format, table.encoding, table.frame.shape
    ('csv', 'utf-8', (1, 2))
    """
    suffix = Path(name).suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        raise _problem("file_unsupported", name=name, allowed=", ".join(SUPPORTED_SUFFIXES))
    if len(data) > MAX_FILE_BYTES:
        # MB as Streamlit counts them (2**20 bytes), so the limit reads as in the app's caption.
        raise _problem(
            "file_too_large",
            name=name,
            size=f"{len(data) / 2**20:,.1f} MB",
            limit=f"{MAX_FILE_BYTES / 2**20:,.0f} MB",
        )
    if not data:
        raise _problem("file_empty", name=name)
    if file_format in ("csv", "tsv", "tab"):
        table = _read_text(data, name, file_format)
    elif file_format in ("stata", "spss"):
        table = _read_readstat(data, name, file_format)
    elif file_format == "excel":
        table = _read_excel(data, name)
    else:
        table = _read_parquet(data, name)
    rows, columns = table.frame.shape
    _check_shape(rows, columns, name)
    if table.frame.shape[0] == 0:
        raise _problem("file_empty", name=name)
    return table


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """Parse the bytes of a data file named ``name`` into a DataFrame (see :func:`read_data`)."""
    return read_data(data, name).frame
