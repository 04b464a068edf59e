"""Provenance of a dataset: the stamp every export carries and the study title per language."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from analysis.i18n import LANGS, t
from analysis.study.dataset import load_dataset_files, load_embedded_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE

PROVENANCE = load_embedded_dataset().provenance


@pytest.mark.parametrize("lang", LANGS)
def test_stamp_of_simulated_data_says_so_first(lang: str) -> None:
    stamp = PROVENANCE.stamp(lang)
    assert stamp.startswith(t("export_stamp_simulated", lang))
    assert PROVENANCE.sha256[:12] in stamp
    assert PROVENANCE.file_name in stamp


@pytest.mark.parametrize("lang", LANGS)
def test_stamp_of_real_data_has_no_simulated_note(lang: str) -> None:
    stamp = replace(PROVENANCE, simulated=False).stamp(lang)
    assert t("export_stamp_simulated", lang).strip() not in stamp


def test_title_falls_back_to_english() -> None:
    untranslated = replace(PROVENANCE, title_ja="")
    assert untranslated.title("ja") == PROVENANCE.title_en
    assert PROVENANCE.title("ja") == PROVENANCE.title_ja


@pytest.mark.parametrize("lang", LANGS)
def test_stamp_without_a_citation_names_no_source(lang: str) -> None:
    bare = replace(PROVENANCE, citation="", citation_ja="", link="")
    assert PROVENANCE.source(lang) in PROVENANCE.stamp(lang)
    assert bare.stamp(lang).endswith(bare.mapping_name + ("。" if lang == "ja" else "."))


def test_dataset_without_codebook_has_the_same_estimates() -> None:
    full = load_dataset_files(DATA_FILE, MAPPING_FILE)
    lean = load_dataset_files(DATA_FILE, MAPPING_FILE, with_codebook=False)
    assert full.codebook is not None and lean.codebook is None
    pd.testing.assert_frame_equal(lean.grid, full.grid)


def test_a_prepared_frame_keeps_no_view_into_the_raw_frame() -> None:
    """Parquet integer columns arrive as one block; a prepared column left a view into it
    would keep the whole raw block alive once the raw frame is let go."""
    import io

    import numpy as np
    import pandas as pd

    from analysis.io.readers import read_data
    from analysis.study.dataset import _buffers, build_dataset

    buffer = io.BytesIO()
    pd.read_csv(DATA_FILE).to_parquet(buffer)
    data = buffer.getvalue()
    table = read_data(data, "survey.parquet")
    held = [a for i in range(table.frame.shape[1]) for a in _buffers(table.frame.iloc[:, i])]
    assert held  # the check below looks at something
    prepared = build_dataset(
        data, "survey.parquet", MAPPING_FILE.read_bytes(), "m.toml", table=table
    ).prepared.frame
    mine = [a for i in range(prepared.shape[1]) for a in _buffers(prepared.iloc[:, i])]
    assert not any(np.may_share_memory(a, b) for a in mine for b in held)
