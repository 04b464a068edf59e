"""Command line: ``python -m analysis estimates [--data FILE --mapping FILE] --out FILE.csv``.

Writes one row per estimate (see ``analysis.stats.estimates.EXPORT_COLUMNS``). Problems with the
data or the mapping are printed to standard error, every one, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.io.mapping import MappingError
from analysis.io.spreadsheet import spreadsheet_safe
from analysis.stats.report import all_estimates
from analysis.study.dataset import load_dataset_files
from analysis.study.simulate import DATA_FILE, MAPPING_FILE


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Survey-experiment estimates without the UI."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimates", help="write every estimate to a CSV file")
    est.add_argument("--data", type=Path, default=DATA_FILE, help="data file (default: embedded)")
    est.add_argument(
        "--mapping",
        type=Path,
        default=None,
        help="mapping TOML (default: the embedded data's mapping)",
    )
    est.add_argument("--out", type=Path, required=True, help="output CSV")
    est.add_argument(
        "--p-adjust",
        choices=["holm", "fdr_bh"],
        default="holm",
        help="p_adjusted within each family: Holm (default) or Benjamini-Hochberg",
    )
    args = parser.parse_args(argv)

    mapping = args.mapping or (MAPPING_FILE if args.data == DATA_FILE else None)
    if mapping is None:
        print("error: --mapping is required with --data", file=sys.stderr)
        return 2
    for path in (args.data, mapping):
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
    try:
        dataset = load_dataset_files(args.data, mapping, with_codebook=False)
    except MappingError as exc:
        for problem in exc.problems:
            print(f"{problem.severity}: {problem.message('en')}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read {exc.filename or args.data}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"note: read {args.data.name} as {dataset.provenance.format_name}", file=sys.stderr)
    for problem in dataset.prepared.warnings:
        print(f"warning: {problem.message('en')}", file=sys.stderr)
    if dataset.provenance.simulated:
        print("note: SIMULATED data (not the study's results)", file=sys.stderr)
    estimates = all_estimates(dataset.prepared, dataset.grid, p_adjust=args.p_adjust)
    try:
        # Keys and codes from the mapping and data cannot run as formulas in a spreadsheet.
        spreadsheet_safe(estimates).to_csv(args.out, index=False, lineterminator="\n")
        # The CSV keeps exactly the documented columns; its provenance (and "simulated") beside.
        note = args.out.with_name(args.out.name + ".provenance.txt")
        note.write_text(dataset.provenance.stamp("en") + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {exc.filename or args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {len(estimates)} estimates to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
