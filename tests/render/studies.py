"""Variants of the embedded study that the statistics pages must handle: one that offered no
exit option, and one that recorded who left but not at which question."""

from __future__ import annotations

import io
import re

import pandas as pd

from analysis.study.dataset import Dataset, build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE


def _csv(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    frame.to_csv(out, index=False)
    return out.getvalue().encode()


def no_exit_study() -> Dataset:
    """Only the 'no opinion' cells: nobody was offered the exit."""
    frame = pd.read_csv(DATA_FILE)
    frame = frame[frame["arm"].isin([1, 2, 3])].drop(columns=["exit_q"])
    text = MAPPING_FILE.read_text(encoding="utf-8")
    text = re.sub(r'"[456]" = \[.*\]\n', "", text)
    text = re.sub(r"exit = \{.*\}\n", "", text)
    text = text.replace('[exit]\nposition = "exit_q"\n', "")
    return build_dataset(_csv(frame), "no_exit.csv", text.encode(), "no_exit.toml")


def exit_flag_study() -> Dataset:
    """The embedded study with exits recorded as a 0/1 flag: who left, not where."""
    frame = pd.read_csv(DATA_FILE)
    frame["exited"] = frame["exit_q"].notna().astype(int)
    frame = frame.drop(columns=["exit_q"])
    text = MAPPING_FILE.read_text(encoding="utf-8")
    text = text.replace('[exit]\nposition = "exit_q"\n', '[exit]\nflag = "exited"\n')
    return build_dataset(_csv(frame), "exit_flag.csv", text.encode(), "exit_flag.toml")
