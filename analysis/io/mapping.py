"""The mapping file (TOML, format version 1): how a data file describes a survey experiment.

A mapping tells the dashboard which columns hold the arm (prompt x response option), the exit,
the issues and the subgroups, and which codes mean what. Parsing only checks the mapping itself;
checks that need the data live in :mod:`analysis.study.validate`.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.io.problems import Problem, ProblemList

MAPPING_VERSION = 1
OPTION_KEYS = ("no_opinion", "exit")
MAX_TOML_BYTES = 1_000_000
MAX_TOML_DEPTH = 8


@dataclass(frozen=True)
class Label:
    """A text in English and Japanese."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("en" or "ja"), falling back to English."""
        return self.ja if lang == "ja" and self.ja else self.en


@dataclass(frozen=True)
class Issue:
    """One survey question, in the order asked."""

    key: str
    column: str
    label: Label
    no_opinion: tuple[str, ...]
    support: tuple[str, ...]
    oppose: tuple[str, ...]


@dataclass(frozen=True)
class Subgroup:
    """A respondent characteristic to split results by."""

    key: str
    column: str
    label: Label
    levels: tuple[tuple[str, Label], ...] = ()
    bins: tuple[float, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A parsed, self-consistent mapping (data not yet checked)."""

    title: Label
    simulated: bool
    citation: str
    control: str
    prompts: tuple[tuple[str, Label], ...]
    options: tuple[tuple[str, Label], ...]
    issues: tuple[Issue, ...]
    subgroups: tuple[Subgroup, ...] = ()
    id_column: str | None = None
    arm_column: str | None = None
    arms: tuple[tuple[str, str, str], ...] = ()  # (code, prompt key, option key)
    prompt_column: str | None = None
    option_column: str | None = None
    prompt_codes: tuple[tuple[str, str], ...] = ()  # (code, prompt key)
    option_codes: tuple[tuple[str, str], ...] = ()  # (code, option key)
    exit_position: str | None = None
    exit_flag: str | None = None
    weight: str | None = None
    covariates: tuple[str, ...] = ()
    source_text: str = field(default="", compare=False, repr=False)

    @property
    def prompt_keys(self) -> tuple[str, ...]:
        """Prompt keys with the control first."""
        keys = [k for k, _ in self.prompts]
        return (self.control, *[k for k in keys if k != self.control])

    @property
    def option_keys(self) -> tuple[str, ...]:
        """Response-option keys in mapping order."""
        return tuple(k for k, _ in self.options)

    def prompt_label(self, key: str, lang: str) -> str:
        """Display name of a prompt."""
        return dict(self.prompts)[key].get(lang)

    def option_label(self, key: str, lang: str) -> str:
        """Display name of a response option."""
        return dict(self.options)[key].get(lang)

    def issue(self, key: str) -> Issue:
        """The issue with this key."""
        return next(i for i in self.issues if i.key == key)

    def subgroup(self, key: str) -> Subgroup:
        """The subgroup with this key."""
        return next(s for s in self.subgroups if s.key == key)

    def columns_used(self) -> list[str]:
        """Every data column the mapping refers to, in a stable order, without repeats."""
        cols = [
            self.id_column,
            self.arm_column,
            self.prompt_column,
            self.option_column,
            self.exit_position,
            self.exit_flag,
            self.weight,
            *[i.column for i in self.issues],
            *[s.column for s in self.subgroups],
            *self.covariates,
        ]
        return list(dict.fromkeys(c for c in cols if c))


class MappingError(Exception):
    """The mapping (or the data against it) cannot be used; carries every problem found."""

    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems))


def code_key(value: Any) -> str | None:
    """Normalise a code from TOML or from data to the string used for matching.

    ``1``, ``1.0`` and ``"1"`` all become ``"1"`` so that the same mapping fits a CSV, a Stata
    file (floats) and a TOML key (string). Missing values give ``None``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    text = str(value).strip()
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return text


def _depth(obj: Any, level: int = 0) -> int:
    if isinstance(obj, dict):
        return max([level + 1, *(_depth(v, level + 1) for v in obj.values())])
    if isinstance(obj, list):
        return max([level + 1, *(_depth(v, level + 1) for v in obj)])
    return level


class _Reader:
    """Collects problems while reading the TOML tree, so that all are reported at once."""

    def __init__(self) -> None:
        self.problems: ProblemList = []

    def error(self, message_code: str, /, **params: Any) -> None:
        self.problems.append(Problem(message_code, "error", params))

    def text(self, table: dict, name: str, where: str, required: bool = True) -> str | None:
        value = table.get(name)
        if value is None:
            if required:
                self.error("mapping_missing_key", key=f"{where}.{name}" if where else name)
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(
                "mapping_bad_value", key=f"{where}.{name}" if where else name, expected="text"
            )
            return None
        return value

    def label(self, value: Any, where: str, fallback: str) -> Label:
        if isinstance(value, str):
            return Label(value, value)
        if isinstance(value, dict):
            en = value.get("en")
            ja = value.get("ja")
            if isinstance(en, str) or isinstance(ja, str):
                en_text = en if isinstance(en, str) else (ja or fallback)
                ja_text = ja if isinstance(ja, str) else en_text
                return Label(en_text, ja_text)
        if value is not None:
            self.error("mapping_bad_value", key=where, expected="{ en = …, ja = … }")
        return Label(fallback, fallback)

    def codes(self, table: dict, name: str, where: str) -> tuple[str, ...]:
        value = table.get(name, [])
        if not isinstance(value, list):
            value = [value]
        out = []
        for v in value:
            if isinstance(v, dict | list):
                self.error("mapping_bad_value", key=f"{where}.{name}", expected="codes")
                continue
            key = code_key(v)
            if key is not None:
                out.append(key)
        return tuple(out)


def parse_mapping(text: str | bytes) -> Mapping:
    """Parse and check a mapping's TOML text.

    Raises
    ------
    MappingError
        With every problem found (malformed TOML, missing keys, inconsistent codes).

    Examples
    --------
    >>> m = parse_mapping(Path("data/simulated_mapping.toml").read_text("utf-8"))
    >>> m.control, m.prompt_keys
    ('none', ('none', 'company', 'government'))
    """
    if isinstance(text, bytes):
        if len(text) > MAX_TOML_BYTES:
            raise MappingError([Problem("mapping_too_large", "error", {"limit": MAX_TOML_BYTES})])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MappingError([Problem("mapping_not_utf8", "error", {})]) from None
    if len(text) > MAX_TOML_BYTES:
        raise MappingError([Problem("mapping_too_large", "error", {"limit": MAX_TOML_BYTES})])
    try:
        tree = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise MappingError([Problem("mapping_bad_toml", "error", {"detail": str(exc)})]) from None
    if _depth(tree) > MAX_TOML_DEPTH:
        raise MappingError([Problem("mapping_too_deep", "error", {"limit": MAX_TOML_DEPTH})])
    return _build(tree, text)


def read_mapping(path: str | Path) -> Mapping:
    """Read and parse a mapping file."""
    return parse_mapping(Path(path).read_bytes())


def _table(r: _Reader, tree: dict, name: str, required: bool = False) -> dict:
    value = tree.get(name, {})
    if not isinstance(value, dict):
        r.error("mapping_bad_value", key=name, expected="table")
        return {}
    if required and not value:
        r.error("mapping_missing_key", key=name)
    return value


def _build(tree: dict, source: str) -> Mapping:
    r = _Reader()
    version = tree.get("version")
    if version != MAPPING_VERSION:
        r.error("mapping_version", found=str(version), expected=MAPPING_VERSION)

    study = _table(r, tree, "study")
    title = r.label(study.get("title"), "study.title", "Survey experiment")
    simulated = bool(study.get("simulated", False))
    citation = study.get("citation", "")
    if not isinstance(citation, str):
        citation = str(citation)

    design = _table(r, tree, "design", required=True)
    control = r.text(design, "control", "design") or ""
    prompts_tbl = _table(r, design, "prompts", required=True)
    options_tbl = _table(r, design, "options", required=True)
    prompts = tuple(
        (str(k), r.label(v, f"design.prompts.{k}", str(k))) for k, v in prompts_tbl.items()
    )
    options = tuple(
        (str(k), r.label(v, f"design.options.{k}", str(k))) for k, v in options_tbl.items()
    )
    prompt_keys = {k for k, _ in prompts}
    option_keys = {k for k, _ in options}
    for k in option_keys - set(OPTION_KEYS):
        r.error("mapping_unknown_option", option=k, allowed=", ".join(OPTION_KEYS))
    if control and prompts and control not in prompt_keys:
        r.error("mapping_unknown_control", control=control)
    if prompts and len(prompts) < 2:
        r.error("mapping_one_prompt")

    arm_column = design.get("arm")
    prompt_column = design.get("prompt")
    option_column = design.get("option")
    arms: list[tuple[str, str, str]] = []
    prompt_codes: list[tuple[str, str]] = []
    option_codes: list[tuple[str, str]] = []
    if arm_column is not None and (prompt_column is not None or option_column is not None):
        r.error("mapping_arm_both")
    if arm_column is not None:
        if not isinstance(arm_column, str):
            r.error("mapping_bad_value", key="design.arm", expected="column name")
            arm_column = None
        arms_tbl = _table(r, design, "arms", required=True)
        for code, pair in arms_tbl.items():
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not all(isinstance(x, str) for x in pair)
            ):
                r.error(
                    "mapping_bad_value", key=f"design.arms.{code}", expected='["prompt", "option"]'
                )
                continue
            p, o = pair
            if p not in prompt_keys:
                r.error("mapping_unknown_prompt_in_arm", arm=code, prompt=p)
            if o not in option_keys:
                r.error("mapping_unknown_option_in_arm", arm=code, option=o)
            arms.append((code_key(code) or str(code), p, o))
    elif prompt_column is not None or option_column is not None:
        for name, col in (("prompt", prompt_column), ("option", option_column)):
            if not isinstance(col, str) or not col:
                r.error("mapping_missing_key", key=f"design.{name}")
        for key, value in prompts_tbl.items():
            code = value.get("code") if isinstance(value, dict) else None
            if code is None:
                r.error("mapping_missing_key", key=f"design.prompts.{key}.code")
            else:
                prompt_codes.append((code_key(code) or str(code), str(key)))
        for key, value in options_tbl.items():
            code = value.get("code") if isinstance(value, dict) else None
            if code is None:
                r.error("mapping_missing_key", key=f"design.options.{key}.code")
            else:
                option_codes.append((code_key(code) or str(code), str(key)))
    else:
        r.error("mapping_missing_key", key="design.arm")

    id_column = design.get("id")
    if id_column is not None and not isinstance(id_column, str):
        r.error("mapping_bad_value", key="design.id", expected="column name")
        id_column = None

    exit_tbl = _table(r, tree, "exit")
    exit_position = exit_tbl.get("position")
    exit_flag = exit_tbl.get("flag")
    for name, col in (("exit.position", exit_position), ("exit.flag", exit_flag)):
        if col is not None and not isinstance(col, str):
            r.error("mapping_bad_value", key=name, expected="column name")
    if "exit" in option_keys and not exit_position and not exit_flag:
        r.error("mapping_missing_key", key="exit.position")

    weights_tbl = _table(r, tree, "weights")
    weight = weights_tbl.get("column")
    if weight is not None and not isinstance(weight, str):
        r.error("mapping_bad_value", key="weights.column", expected="column name")
        weight = None

    adj_tbl = _table(r, tree, "adjustment")
    covariates = adj_tbl.get("covariates", [])
    if not isinstance(covariates, list) or not all(isinstance(c, str) for c in covariates):
        r.error("mapping_bad_value", key="adjustment.covariates", expected="list of columns")
        covariates = []

    issues: list[Issue] = []
    raw_issues = tree.get("issues", [])
    if not isinstance(raw_issues, list) or not raw_issues:
        r.error("mapping_no_issues")
        raw_issues = []
    for n, item in enumerate(raw_issues, start=1):
        if not isinstance(item, dict):
            r.error("mapping_bad_value", key=f"issues[{n}]", expected="table")
            continue
        key = r.text(item, "key", f"issues[{n}]")
        column = r.text(item, "column", f"issues[{n}]")
        if key is None or column is None:
            continue
        label = Label(str(item.get("en", key)), str(item.get("ja", item.get("en", key))))
        issue = Issue(
            key,
            column,
            label,
            r.codes(item, "no_opinion", f"issues[{n}]"),
            r.codes(item, "support", f"issues[{n}]"),
            r.codes(item, "oppose", f"issues[{n}]"),
        )
        if set(issue.support) & set(issue.oppose):
            r.error("mapping_codes_overlap", issue=key)
        issues.append(issue)
    keys = [i.key for i in issues]
    for k in {k for k in keys if keys.count(k) > 1}:
        r.error("mapping_duplicate_key", key=k, where="issues")
    if "all" in keys:
        r.error("mapping_reserved_key", key="all")

    subgroups: list[Subgroup] = []
    raw_sub = tree.get("subgroups", [])
    if not isinstance(raw_sub, list):
        r.error("mapping_bad_value", key="subgroups", expected="array of tables")
        raw_sub = []
    for n, item in enumerate(raw_sub, start=1):
        if not isinstance(item, dict):
            r.error("mapping_bad_value", key=f"subgroups[{n}]", expected="table")
            continue
        key = r.text(item, "key", f"subgroups[{n}]")
        column = r.text(item, "column", f"subgroups[{n}]")
        if key is None or column is None:
            continue
        label = Label(str(item.get("en", key)), str(item.get("ja", item.get("en", key))))
        levels_tbl = item.get("levels", {})
        levels: list[tuple[str, Label]] = []
        if isinstance(levels_tbl, dict):
            for code, lab in levels_tbl.items():
                levels.append(
                    (
                        code_key(code) or str(code),
                        r.label(lab, f"subgroups.{key}.levels.{code}", str(code)),
                    )
                )
        else:
            r.error("mapping_bad_value", key=f"subgroups.{key}.levels", expected="table")
        bins = item.get("bins", [])
        if (
            not isinstance(bins, list)
            or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bins)
            or any(b2 <= b1 for b1, b2 in zip(bins, bins[1:], strict=False))
            or len(bins) == 1
        ):
            r.error("mapping_bad_bins", key=key)
            bins = []
        if levels and bins:
            r.error("mapping_levels_and_bins", key=key)
        subgroups.append(Subgroup(key, column, label, tuple(levels), tuple(float(b) for b in bins)))
    skeys = [s.key for s in subgroups]
    for k in {k for k in skeys if skeys.count(k) > 1}:
        r.error("mapping_duplicate_key", key=k, where="subgroups")
    if "all" in skeys:
        r.error("mapping_reserved_key", key="all")

    if r.problems:
        raise MappingError(r.problems)
    return Mapping(
        title=title,
        simulated=simulated,
        citation=citation,
        control=control,
        prompts=prompts,
        options=options,
        issues=tuple(issues),
        subgroups=tuple(subgroups),
        id_column=id_column,
        arm_column=arm_column,
        arms=tuple(arms),
        prompt_column=prompt_column,
        option_column=option_column,
        prompt_codes=tuple(prompt_codes),
        option_codes=tuple(option_codes),
        exit_position=exit_position,
        exit_flag=exit_flag,
        weight=weight,
        covariates=tuple(covariates),
        source_text=source,
    )
