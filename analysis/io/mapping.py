"""The mapping file (TOML, format version 1): how a data file describes a survey experiment.

A mapping tells the dashboard which columns hold the arm (prompt x response option), the exit,
the issues and the subgroups, and which codes mean what. Parsing only checks the mapping itself;
checks that need the data live in :mod:`analysis.study.validate`.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Sequence
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
class StudyText:
    """What the mapping says about the study itself, each part optional (``[study]``).

    Pages and exports describe a study only with these texts and with counts from the data; a
    part the mapping leaves out is left out of the pages too.
    """

    where_when: Label | None = None  # e.g. "Japan, June 2018"
    respondents: Label | None = None  # who was asked
    payment: Label | None = None
    design: Label | None = None  # a paragraph on the design
    citation: Label | None = None
    doi: str | None = None  # "10.xxxx/…"
    url: str | None = None  # http(s) address

    @property
    def link(self) -> str:
        """The study's DOI as an address, else its URL ("" when neither is given)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or ""


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
    # Display names of covariates, from ``[adjustment.labels]`` (column -> label).
    covariate_labels: tuple[tuple[str, Label], ...] = ()
    study: StudyText = StudyText()
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

    def covariate_label(self, column: str, lang: str) -> str:
        """Display name of a covariate: its ``[adjustment.labels]`` text, else the name of the
        subgroup made from the same column, else the column's name."""
        named = dict(self.covariate_labels)
        if column in named:
            return named[column].get(lang)
        sub = next((s for s in self.subgroups if s.column == column), None)
        return sub.label.get(lang) if sub else column

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


# Every table and key the format knows (docs/mapping.md lists each with its type). Anything
# else is an error, with the closest known key suggested: a misspelt key must never be ignored.
TOP_KEYS = ("version", "study", "design", "exit", "weights", "adjustment", "issues", "subgroups")
STUDY_TEXT_KEYS = ("where_when", "respondents", "payment", "design", "citation")
STUDY_KEYS = ("title", "simulated", *STUDY_TEXT_KEYS, "doi", "url")
DESIGN_KEYS = ("id", "arm", "prompt", "option", "control", "arms", "prompts", "options")
EXIT_KEYS = ("position", "flag")
WEIGHTS_KEYS = ("column",)
ADJUSTMENT_KEYS = ("covariates", "labels")
ISSUE_KEYS = ("key", "column", "en", "ja", "no_opinion", "support", "oppose")
SUBGROUP_KEYS = ("key", "column", "en", "ja", "levels", "bins")
LABEL_KEYS = ("en", "ja")
CODED_LABEL_KEYS = ("en", "ja", "code")
ANSWER_LISTS = ("no_opinion", "support", "oppose")
TRUE_WORDS = ("true", "yes", "y", "on", "1", "はい")
FALSE_WORDS = ("false", "no", "n", "off", "0", "いいえ")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def closest(name: str, known: Sequence[str]) -> str | None:
    """The known name closest to a misspelt one (``"weight"`` -> ``"weights"``), if any."""
    # Two-letter keys ("jp" for "ja") share at most one letter: a lower bar there.
    cutoff = 0.5 if len(str(name)) <= 3 else 0.6
    found = difflib.get_close_matches(str(name), list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def _path(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


class _Reader:
    """Collects problems while reading the TOML tree, so that all are reported at once."""

    def __init__(self) -> None:
        self.problems: ProblemList = []

    def error(self, message_code: str, /, **params: Any) -> None:
        self.problems.append(Problem(message_code, "error", params))

    def known(self, table: dict, allowed: Sequence[str], where: str) -> None:
        """Report every key of ``table`` that the format does not know, with a suggestion."""
        for name in table:
            if name in allowed:
                continue
            suggestion = closest(name, allowed)
            code = "mapping_unknown_top" if not where else "mapping_unknown_key"
            params: dict[str, Any] = {"key": name, "allowed": ", ".join(allowed)}
            if where:
                params["where"] = where if "[" in where else f"[{where}]"
            if suggestion:
                self.error(code + "_suggest", suggestion=suggestion, **params)
            else:
                self.error(code, **params)

    def text(self, table: dict, name: str, where: str, required: bool = True) -> str | None:
        value = table.get(name)
        if value is None:
            if required:
                self.error("mapping_missing_key", key=_path(where, name))
            return None
        if not isinstance(value, str) or not value.strip():
            self.error("mapping_bad_value", key=_path(where, name), expected="text")
            return None
        return value

    def flag(self, table: dict, name: str, where: str, default: bool) -> bool:
        """A true/false value; text such as "no" is an error (TOML's false has no quotes)."""
        value = table.get(name, default)
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        suggestion = "false" if word in FALSE_WORDS else "true" if word in TRUE_WORDS else None
        found = f'"{value}"' if isinstance(value, str) else str(value)
        if suggestion:
            self.error(
                "mapping_bad_bool_suggest",
                key=_path(where, name),
                found=found,
                suggestion=f"{name} = {suggestion}",
            )
        else:
            self.error("mapping_bad_bool", key=_path(where, name), found=found)
        return default

    def label(
        self, value: Any, where: str, fallback: str, keys: Sequence[str] = LABEL_KEYS
    ) -> Label:
        """A text given as one string or as ``{ en = …, ja = … }`` (the missing one falls back)."""
        if isinstance(value, str):
            return Label(value, value)
        if isinstance(value, dict):
            self.known(value, keys, where)
            texts = {}
            for lang in LABEL_KEYS:
                item = value.get(lang)
                if item is not None and not isinstance(item, str):
                    self.error("mapping_bad_value", key=f"{where}.{lang}", expected="text")
                elif item is not None:
                    texts[lang] = item
            if texts or "code" in value:
                en_text = texts.get("en") or texts.get("ja") or fallback
                return Label(en_text, texts.get("ja") or en_text)
            self.error("mapping_bad_value", key=where, expected="{ en = …, ja = … }")
            return Label(fallback, fallback)
        if value is not None:
            self.error("mapping_bad_value", key=where, expected="{ en = …, ja = … }")
        return Label(fallback, fallback)

    def optional_label(self, table: dict, name: str, where: str) -> Label | None:
        """An optional description text; absent or empty gives None (it is then left out)."""
        value = table.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        label = self.label(value, _path(where, name), "")
        return label if (label.en.strip() or label.ja.strip()) else None

    def item_label(self, item: dict, where: str, fallback: str) -> Label:
        """The ``en``/``ja`` texts of an issue or subgroup table."""
        texts = {}
        for lang in LABEL_KEYS:
            value = item.get(lang)
            if value is not None and not isinstance(value, str):
                self.error("mapping_bad_value", key=f"{where}.{lang}", expected="text")
            elif value is not None and value.strip():
                texts[lang] = value
        en_text = texts.get("en") or fallback
        return Label(en_text, texts.get("ja") or en_text)

    def codes(self, table: dict, name: str, where: str) -> tuple[str, ...]:
        value = table.get(name, [])
        if not isinstance(value, list):
            value = [value]
        out = []
        for v in value:
            if isinstance(v, dict | list | bool):
                self.error("mapping_bad_value", key=f"{where}.{name}", expected="codes")
                continue
            key = code_key(v)
            if key is not None:
                out.append(key)
        return tuple(out)

    def column(self, table: dict, name: str, where: str) -> str | None:
        """An optional column name: text, not empty."""
        value = table.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error("mapping_bad_value", key=_path(where, name), expected="column name")
            return None
        return value


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


def _table(r: _Reader, tree: dict, name: str, where: str = "", required: bool = False) -> dict:
    value = tree.get(name, {})
    if not isinstance(value, dict):
        r.error("mapping_bad_value", key=_path(where, name), expected="table")
        return {}
    if required and not value:
        r.error("mapping_missing_key", key=_path(where, name))
    return value


def _twice(values: Sequence[str]) -> list[str]:
    """Values that occur more than once, in first-seen order."""
    return [v for v in dict.fromkeys(values) if values.count(v) > 1]


def _study(r: _Reader, tree: dict) -> tuple[Label, bool, StudyText]:
    study = _table(r, tree, "study")
    r.known(study, STUDY_KEYS, "study")
    title = r.label(study.get("title"), "study.title", "Survey experiment")
    simulated = r.flag(study, "simulated", "study", default=False)
    texts = {name: r.optional_label(study, name, "study") for name in STUDY_TEXT_KEYS}
    doi = r.text(study, "doi", "study", required=False)
    if doi is not None:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)
        if not DOI_PATTERN.match(doi):
            r.error("mapping_bad_doi", found=doi)
            doi = None
    url = r.text(study, "url", "study", required=False)
    if url is not None and not URL_PATTERN.match(url.strip()):
        r.error("mapping_bad_url", found=url)
        url = None
    return title, simulated, StudyText(**texts, doi=doi, url=url.strip() if url else None)


def _build(tree: dict, source: str) -> Mapping:
    r = _Reader()
    r.known(tree, TOP_KEYS, "")
    version = tree.get("version")
    if version != MAPPING_VERSION or isinstance(version, bool):
        r.error("mapping_version", found=str(version), expected=MAPPING_VERSION)

    title, simulated, study = _study(r, tree)

    design = _table(r, tree, "design", required=True)
    r.known(design, DESIGN_KEYS, "design")
    control = r.text(design, "control", "design") or ""
    prompts_tbl = _table(r, design, "prompts", "design", required=True)
    options_tbl = _table(r, design, "options", "design", required=True)
    arm_column = r.column(design, "arm", "design")
    prompt_column = r.column(design, "prompt", "design")
    option_column = r.column(design, "option", "design")
    two_columns = arm_column is None and ("prompt" in design or "option" in design)
    label_keys = CODED_LABEL_KEYS if two_columns else LABEL_KEYS
    prompts = tuple(
        (str(k), r.label(v, f"design.prompts.{k}", str(k), label_keys))
        for k, v in prompts_tbl.items()
    )
    for k in options_tbl:
        if k not in OPTION_KEYS:
            suggestion = closest(k, OPTION_KEYS)
            if suggestion:
                r.error("mapping_unknown_option_suggest", option=k, suggestion=suggestion)
            else:
                r.error("mapping_unknown_option", option=k, allowed=", ".join(OPTION_KEYS))
    options = tuple(
        (str(k), r.label(v, f"design.options.{k}", str(k), label_keys))
        for k, v in options_tbl.items()
        if k in OPTION_KEYS
    )
    prompt_keys = {k for k, _ in prompts}
    option_keys = {k for k, _ in options}
    if control and prompts and control not in prompt_keys:
        r.error("mapping_unknown_control", control=control)
    if prompts and len(prompts) < 2:
        r.error("mapping_one_prompt")

    arms: list[tuple[str, str, str]] = []
    prompt_codes: list[tuple[str, str]] = []
    option_codes: list[tuple[str, str]] = []
    if "arm" in design and ("prompt" in design or "option" in design):
        r.error("mapping_arm_both")
    if "arm" in design:
        arms_tbl = _table(r, design, "arms", "design", required=True)
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
        for code in _twice([c for c, _, _ in arms]):
            r.error("mapping_code_twice", code=code, where="design.arms")
    elif two_columns:
        for name, col in (("prompt", prompt_column), ("option", option_column)):
            if not col:
                r.error("mapping_missing_key", key=f"design.{name}")
        if "arms" in design:
            r.error("mapping_arms_need_arm")
        for table, out, where in (
            (prompts_tbl, prompt_codes, "prompts"),
            (options_tbl, option_codes, "options"),
        ):
            for key, value in table.items():
                if where == "options" and key not in OPTION_KEYS:
                    continue
                code = value.get("code") if isinstance(value, dict) else None
                if code is None:
                    r.error("mapping_missing_key", key=f"design.{where}.{key}.code")
                elif isinstance(code, dict | list | bool) or code_key(code) is None:
                    r.error("mapping_bad_value", key=f"design.{where}.{key}.code", expected="code")
                else:
                    out.append((code_key(code) or str(code), str(key)))
            for code in _twice([c for c, _ in out]):
                r.error("mapping_code_twice", code=code, where=f"design.{where}")
    else:
        r.error("mapping_missing_key", key="design.arm")

    id_column = r.column(design, "id", "design")

    exit_tbl = _table(r, tree, "exit")
    r.known(exit_tbl, EXIT_KEYS, "exit")
    exit_position = r.column(exit_tbl, "position", "exit")
    exit_flag = r.column(exit_tbl, "flag", "exit")
    if exit_position and exit_flag:
        r.error("mapping_exit_both")
    if "exit" in option_keys and not exit_position and not exit_flag:
        r.error("mapping_missing_key", key="exit.position")
    if exit_tbl and options and "exit" not in option_keys:
        r.error("mapping_exit_not_offered")

    weights_tbl = _table(r, tree, "weights")
    r.known(weights_tbl, WEIGHTS_KEYS, "weights")
    weight = r.column(weights_tbl, "column", "weights")
    if "weights" in tree and isinstance(tree["weights"], dict) and "column" not in weights_tbl:
        r.error("mapping_missing_key", key="weights.column")

    adj_tbl = _table(r, tree, "adjustment")
    r.known(adj_tbl, ADJUSTMENT_KEYS, "adjustment")
    covariates = adj_tbl.get("covariates", [])
    if not isinstance(covariates, list) or not all(
        isinstance(c, str) and c.strip() for c in covariates
    ):
        r.error("mapping_bad_value", key="adjustment.covariates", expected="list of columns")
        covariates = []
    for c in _twice(covariates):
        r.error("mapping_duplicate_key", key=c, where="adjustment.covariates")
    labels_tbl = _table(r, adj_tbl, "labels", "adjustment")
    r.known(labels_tbl, covariates, "adjustment.labels")
    covariate_labels = tuple(
        (c, r.label(labels_tbl[c], f"adjustment.labels.{c}", c))
        for c in covariates
        if c in labels_tbl
    )

    issues: list[Issue] = []
    raw_issues = tree.get("issues", [])
    if not isinstance(raw_issues, list) or not raw_issues:
        r.error("mapping_no_issues")
        raw_issues = []
    for n, item in enumerate(raw_issues, start=1):
        where = f"issues[{n}]"
        if not isinstance(item, dict):
            r.error("mapping_bad_value", key=where, expected="table")
            continue
        r.known(item, ISSUE_KEYS, where)
        key = r.text(item, "key", where)
        column = r.text(item, "column", where)
        if key is None or column is None:
            continue
        lists = {name: r.codes(item, name, where) for name in ANSWER_LISTS}
        issue = Issue(key, column, r.item_label(item, where, key), *lists.values())
        for name in ANSWER_LISTS:
            for code in _twice(list(lists[name])):
                r.error("mapping_issue_code_twice", issue=key, code=code)
        if set(issue.support) & set(issue.oppose):
            r.error("mapping_codes_overlap", issue=key)
        for code in sorted(set(issue.no_opinion) & set(issue.support + issue.oppose)):
            r.error("mapping_issue_code_twice", issue=key, code=code)
        issues.append(issue)
    keys = [i.key for i in issues]
    for k in _twice(keys):
        r.error("mapping_duplicate_key", key=k, where="issues")
    for c in _twice([i.column for i in issues]):
        r.error("mapping_duplicate_column", column=c)
    if "all" in keys:
        r.error("mapping_reserved_key", key="all")

    subgroups: list[Subgroup] = []
    raw_sub = tree.get("subgroups", [])
    if not isinstance(raw_sub, list):
        r.error("mapping_bad_value", key="subgroups", expected="array of tables")
        raw_sub = []
    for n, item in enumerate(raw_sub, start=1):
        where = f"subgroups[{n}]"
        if not isinstance(item, dict):
            r.error("mapping_bad_value", key=where, expected="table")
            continue
        r.known(item, SUBGROUP_KEYS, where)
        key = r.text(item, "key", where)
        column = r.text(item, "column", where)
        if key is None or column is None:
            continue
        label = r.item_label(item, where, key)
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
        for code in _twice([c for c, _ in levels]):
            r.error("mapping_code_twice", code=code, where=f"subgroups.{key}.levels")
        bins = item.get("bins", [])
        if (
            not isinstance(bins, list)
            or not all(
                isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b)
                for b in bins
            )
            or any(b2 <= b1 for b1, b2 in zip(bins, bins[1:], strict=False))
            or len(bins) == 1
        ):
            r.error("mapping_bad_bins", key=key)
            bins = []
        if levels and bins:
            r.error("mapping_levels_and_bins", key=key)
        subgroups.append(Subgroup(key, column, label, tuple(levels), tuple(float(b) for b in bins)))
    skeys = [s.key for s in subgroups]
    for k in _twice(skeys):
        r.error("mapping_duplicate_key", key=k, where="subgroups")
    if "all" in skeys:
        r.error("mapping_reserved_key", key="all")

    if r.problems:
        raise MappingError(r.problems)
    return Mapping(
        title=title,
        simulated=simulated,
        citation=study.citation.en if study.citation else "",
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
        covariate_labels=covariate_labels,
        study=study,
        source_text=source,
    )
