"""Datasets: raw bytes + mapping -> prepared data, the estimate grid and provenance."""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.i18n import t
from analysis.io.codebook import codebook as file_codebook
from analysis.io.mapping import Label, Mapping, MappingError, parse_mapping
from analysis.io.problems import ProblemList
from analysis.io.readers import FORMAT_NAMES, Table, read_data, read_table
from analysis.study.columns import ColumnFactors
from analysis.study.prepare import Prepared, prepare
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from analysis.study.validate import validate


@dataclass(frozen=True)
class Provenance:
    """Where the numbers come from: shown beside every result and stamped on every export."""

    file_name: str
    file_bytes: int
    sha256: str
    rows: int
    columns: int
    mapping_name: str
    mapping_sha256: str
    load_seconds: float
    simulated: bool
    title_en: str
    title_ja: str
    citation: str
    file_format: str = ""
    encoding: str = ""
    citation_ja: str = ""  # the citation as the mapping gives it in Japanese (else the English)
    link: str = ""  # the study's DOI address or URL, when the mapping gives one

    def source(self, lang: str = "en") -> str:
        """The study's citation (and DOI or URL) in ``lang``; "" when the mapping gives none."""
        citation = Label(self.citation, self.citation_ja).get(lang)
        return " ".join(part for part in (citation.strip(), self.link) if part)

    @property
    def format_name(self) -> str:
        """The file format as people call it, with the text encoding when there is one."""
        name = FORMAT_NAMES.get(self.file_format, self.file_format)
        return (
            f"{name} ({self.encoding})"
            if self.encoding and self.file_format in ("csv", "tsv", "tab")
            else name
        )

    def short_source(self, lang: str = "en") -> str:
        """The citation cut after its year ("Eck, K., … & Tago, A. (2021)"), for a chart's
        corner; the study's title when the citation has no year, "" when there is neither."""
        citation = Label(self.citation, self.citation_ja).get(lang)
        year = re.search(r"\((1[89]|20)\d\d[a-z]?\)", citation)
        if year:
            return citation[: year.end()].strip()
        return self.title(lang).strip()

    def title(self, lang: str) -> str:
        """The study's title in ``lang`` as the mapping gives it, else in English."""
        return Label(self.title_en, self.title_ja).get(lang)

    def stamp(self, lang: str = "en") -> str:
        """One line for exports: source, checksum and (if so) that the data is simulated.

        The study's citation comes from the mapping; without one the stamp names no source."""
        source = self.source(lang)
        head = t("export_stamp_simulated", lang) if self.simulated else ""
        return head + t(
            "export_stamp_source" if source else "export_stamp",
            lang,
            file=self.file_name,
            # One placeholder: "SHA-256 …" reads the same in every language.
            checksum=f"SHA-256 {self.sha256[:12]}…",
            rows=self.rows,
            mapping=self.mapping_name,
            **({"source": source} if source else {}),
        )


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: prepared frame, precomputed estimate grid and provenance."""

    prepared: Prepared
    grid: pd.DataFrame
    provenance: Provenance
    codebook: pd.DataFrame | None = None  # one row per column of the file (analysis.io.codebook)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # The file's first rows as read (the Data page's preview once the raw frame is let go).
    preview: pd.DataFrame | None = None

    @property
    def mapping(self) -> Mapping:
        """The mapping of this dataset."""
        return self.prepared.mapping


def sha256(data: bytes) -> str:
    """Hex SHA-256 of some bytes (the cache key of a dataset)."""
    return hashlib.sha256(data).hexdigest()


def compute_grid(prep: Prepared) -> pd.DataFrame:
    """The estimate grid of a prepared dataset (rates and HC2 effects of every cell).

    The statistics are imported here, not with this module: they bring SciPy's special
    functions (a few tenths of a second), which a server reading the grid from its disk cache
    never needs.
    """
    from analysis.stats.estimates import grid_estimates

    return grid_estimates(prep)


def build_dataset(
    data: bytes,
    data_name: str,
    mapping_text: bytes,
    mapping_name: str,
    *,
    grid: Callable[[Prepared], pd.DataFrame] = compute_grid,
    table: Table | None = None,
    data_sha: str | None = None,
    with_codebook: bool = True,
    codebook: pd.DataFrame | None = None,
) -> Dataset:
    """Read, check and prepare a dataset and compute its estimate grid (with ``grid``: a
    server passes one that reads the grid from its disk cache when it has it).

    ``table``: these very bytes already read (:func:`read_data`), so a caller that has parsed
    the file once does not pay for it again (a million rows: ~0.2 s and a frame's memory);
    ``data_sha``: their SHA-256, likewise. ``with_codebook=False`` leaves out the file's
    codebook (the CLI does not show it, and it costs ~0.1 s at a million rows); ``codebook``: the
    file's codebook already made (the Data page makes it while the mapping is chosen).

    Raises ``MappingError`` with every problem (errors first, then warnings) when the file or
    the mapping cannot be used; a mapping problem and a file problem are reported together.
    """
    started = time.perf_counter()
    problems: ProblemList = []
    mapping: Mapping | None = None
    try:
        mapping = parse_mapping(mapping_text)
    except MappingError as exc:
        problems += exc.problems
    try:
        if table is None:
            table = read_data(data, data_name)
    except MappingError as exc:
        raise MappingError(problems + exc.problems) from None
    if mapping is None:
        raise MappingError(problems)
    raw = table.frame
    factors = ColumnFactors(raw)  # each column factorised once, for the checks and prepare
    checked = validate(raw, mapping, factors=factors)
    errors = [p for p in checked if p.severity == "error"]
    if errors:
        raise MappingError(errors + [p for p in checked if p.severity != "error"])
    prep = prepare(raw, mapping, problems=checked, factors=factors)
    del factors
    own_memory(prep.frame, raw)
    estimates = grid(prep)
    provenance = Provenance(
        file_name=data_name,
        file_bytes=len(data),
        sha256=data_sha or sha256(data),
        rows=int(raw.shape[0]),
        columns=int(raw.shape[1]),
        mapping_name=mapping_name,
        mapping_sha256=sha256(mapping_text),
        load_seconds=time.perf_counter() - started,
        simulated=mapping.simulated,
        title_en=mapping.title.en,
        title_ja=mapping.title.ja,
        citation=mapping.citation,
        file_format=table.file_format,
        encoding=table.encoding,
        citation_ja=mapping.study.citation.ja if mapping.study.citation else "",
        link=mapping.study.link,
    )
    book = (codebook if codebook is not None else file_codebook(table)) if with_codebook else None
    preview = detached(raw.head(PREVIEW_ROWS))
    return Dataset(prep, estimates, provenance, book, table.value_labels, preview)


PREVIEW_ROWS = 20


def detached(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a few rows that shares no memory with the frame they were cut from: a copy of
    an Arrow-backed slice keeps its parent's whole buffers alive (at a million rows, tens of
    MB a text column), so every column is built again from its values."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = frame.iloc[:, i]
        out.isetitem(i, pd.array(column.tolist(), dtype=column.dtype))
    return out


def _buffers(column: pd.Series) -> list[np.ndarray]:
    """The NumPy arrays holding a column's values (none for text or other Arrow columns)."""
    values = column.array
    if isinstance(column.dtype, np.dtype):
        return [column.to_numpy(copy=False)]
    if isinstance(
        values, pd.arrays.IntegerArray | pd.arrays.FloatingArray | pd.arrays.BooleanArray
    ):
        return [values._data, values._mask]
    return []


def own_memory(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    """Copy, in place, every column of ``frame`` that is a view into ``raw``'s memory.

    Why: a Parquet file's integer columns are read as one block (at a million rows, eight
    columns: 64 MB), and a prepared column taken from one of them unchanged (the respondent
    ID) kept that whole block alive after the raw frame was let go: 56 MB for nothing.
    """
    held = [a for i in range(raw.shape[1]) for a in _buffers(raw.iloc[:, i])]
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if any(np.may_share_memory(a, b) for a in _buffers(column) for b in held):
            frame.isetitem(i, column.copy(deep=True))


def load_dataset_files(
    data_path: str | Path,
    mapping_path: str | Path,
    *,
    grid: Callable[[Prepared], pd.DataFrame] = compute_grid,
    with_codebook: bool = True,
) -> Dataset:
    """A dataset from a data file and a mapping file on disk."""
    data_path, mapping_path = Path(data_path), Path(mapping_path)
    return build_dataset(
        data_path.read_bytes(),
        data_path.name,
        mapping_path.read_bytes(),
        mapping_path.name,
        grid=grid,
        with_codebook=with_codebook,
    )


@functools.cache
def _file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


def is_embedded(provenance: Provenance) -> bool:
    """Whether these are the embedded simulated data read with their own mapping.

    Only then may a page quote what the simulation was calibrated to (N = 4,514, +8 points);
    any other study, simulated or not, is described from its own mapping and data.
    """
    return provenance.sha256 == _file_sha256(
        DATA_FILE
    ) and provenance.mapping_sha256 == _file_sha256(MAPPING_FILE)


def load_embedded_dataset(*, grid: Callable[[Prepared], pd.DataFrame] = compute_grid) -> Dataset:
    """The embedded simulated dataset."""
    return load_dataset_files(DATA_FILE, MAPPING_FILE, grid=grid)


def embedded_hashes() -> tuple[str, str]:
    """SHA-256 of the embedded data file and of its mapping (read once per process)."""
    return _file_sha256(DATA_FILE), _file_sha256(MAPPING_FILE)


def load_embedded() -> Prepared:
    """The embedded simulated dataset, prepared (no grid)."""
    mapping = parse_mapping(MAPPING_FILE.read_bytes())
    return prepare(read_table(DATA_FILE.read_bytes(), DATA_FILE.name), mapping)
