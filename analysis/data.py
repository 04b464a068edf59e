"""Datasets: raw bytes + mapping -> prepared data, the estimate grid and provenance."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.estimates import grid_estimates
from analysis.io import read_table
from analysis.mapping import parse_mapping
from analysis.prepare import Prepared, prepare
from analysis.simulate import DATA_FILE, MAPPING_FILE


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

    def stamp(self, lang: str = "en") -> str:
        """One line for exports: source, checksum and (if so) that the data is simulated."""
        if lang == "ja":
            head = "シミュレーションデータ（実際の調査結果ではありません）。" if self.simulated else ""
            return (f"{head}データ：{self.file_name}（SHA-256 {self.sha256[:12]}…、"
                    f"{self.rows}行）、マッピング：{self.mapping_name}。出典：{self.citation}")
        head = "SIMULATED DATA (not the study's results). " if self.simulated else ""
        return (f"{head}Data: {self.file_name} (SHA-256 {self.sha256[:12]}…, {self.rows} rows), "
                f"mapping: {self.mapping_name}. Source: {self.citation}")


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: prepared frame, precomputed estimate grid and provenance."""

    prepared: Prepared
    grid: pd.DataFrame
    provenance: Provenance

    @property
    def mapping(self):  # noqa: ANN201 - Mapping, kept short for pages
        """The mapping of this dataset."""
        return self.prepared.mapping


def sha256(data: bytes) -> str:
    """Hex SHA-256 of some bytes (the cache key of a dataset)."""
    return hashlib.sha256(data).hexdigest()


def build_dataset(data: bytes, data_name: str, mapping_text: bytes, mapping_name: str,
                  ) -> Dataset:
    """Read, check and prepare a dataset and compute its estimate grid.

    Raises ``MappingError`` with every problem when the file or mapping cannot be used.
    """
    started = time.perf_counter()
    mapping = parse_mapping(mapping_text)
    raw = read_table(data, data_name)
    prep = prepare(raw, mapping)
    grid = grid_estimates(prep)
    provenance = Provenance(
        file_name=data_name, file_bytes=len(data), sha256=sha256(data), rows=int(raw.shape[0]),
        columns=int(raw.shape[1]), mapping_name=mapping_name,
        mapping_sha256=sha256(mapping_text), load_seconds=time.perf_counter() - started,
        simulated=mapping.simulated, title_en=mapping.title.en, title_ja=mapping.title.ja,
        citation=mapping.citation,
    )
    return Dataset(prep, grid, provenance)


def load_dataset_files(data_path: str | Path, mapping_path: str | Path) -> Dataset:
    """A dataset from a data file and a mapping file on disk."""
    data_path, mapping_path = Path(data_path), Path(mapping_path)
    return build_dataset(data_path.read_bytes(), data_path.name, mapping_path.read_bytes(),
                         mapping_path.name)


def load_embedded_dataset() -> Dataset:
    """The embedded simulated dataset."""
    return load_dataset_files(DATA_FILE, MAPPING_FILE)


def load_embedded() -> Prepared:
    """The embedded simulated dataset, prepared (no grid)."""
    mapping = parse_mapping(MAPPING_FILE.read_bytes())
    return prepare(read_table(DATA_FILE.read_bytes(), DATA_FILE.name), mapping)
