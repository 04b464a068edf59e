"""The floor pass the exports are measured against, importable alone and runnable as a process.

Read the file as an upload is read, then take group means of every answer column by arm and by
arm x each other column: what any tool must at least do to tabulate these answers. As a process
(``python -m bench.floor_pass DATA MAPPING``) it is the like-for-like floor of the command-line
export, which also pays a new interpreter, its imports and a cold file reader.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from analysis.io.mapping import Mapping, parse_mapping
from analysis.io.readers import read_data


def floor_pass(data: bytes, name: str, mapping: Mapping) -> float:
    """Seconds for one floor pass over ``data`` (a file's bytes named ``name``)."""
    started = time.perf_counter()
    frame = read_data(data, name).frame
    arm = mapping.arm_column or mapping.prompt_column
    answers = [i.column for i in mapping.issues]
    frame.groupby(arm)[answers].mean()
    skip = {arm, mapping.id_column, *answers}
    for column in frame.columns:
        if column not in skip:
            frame.groupby([arm, column])[answers].mean()
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    data_path, mapping_path = (Path(a) for a in argv)
    floor_pass(data_path.read_bytes(), data_path.name, parse_mapping(mapping_path.read_bytes()))


if __name__ == "__main__":
    main(sys.argv[1:])
