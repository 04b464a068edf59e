"""Installs are reproducible and the version a reader sees is the one that was installed."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]
FIRST_PARTY = {"analysis", "dashboard", "tests", "bench", "app", "pages"}


def _requirements(extra: str | None = None) -> list[Requirement]:
    listed = PROJECT["optional-dependencies"][extra] if extra else PROJECT["dependencies"]
    return [Requirement(line) for line in listed]


def _declared(names: list[Requirement]) -> set[str]:
    return {re.sub(r"[-_.]+", "-", r.name).lower() for r in names}


def _imports(paths: list[Path]) -> set[str]:
    """Top-level names of every absolute import in ``paths``."""
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - FIRST_PARTY


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    """Import name -> the installed distributions that provide it."""
    provided = metadata.packages_distributions()
    return {m: {re.sub(r"[-_.]+", "-", d).lower() for d in provided.get(m, [])} for m in modules}


def _sources(*patterns: str) -> list[Path]:
    return [p for pattern in patterns for p in ROOT.glob(pattern) if ".venv" not in p.parts]


def test_every_package_the_app_imports_is_a_dependency() -> None:
    declared = _declared(_requirements())
    modules = _imports(_sources("app.py", "pages/*.py", "analysis/**/*.py", "dashboard/**/*.py"))
    missing = {m: d for m, d in _distributions(modules).items() if not d & declared}
    assert not missing, missing


def test_every_package_the_tests_import_is_declared() -> None:
    declared = _declared(_requirements()) | _declared(_requirements("test"))
    modules = _imports(_sources("tests/**/*.py", "bench/*.py"))
    missing = {m: d for m, d in _distributions(modules).items() if not d & declared}
    assert not missing, missing


def test_streamlit_is_bounded_to_one_minor_version() -> None:
    (streamlit,) = [r for r in _requirements() if r.name == "streamlit"]
    assert streamlit.specifier.contains(metadata.version("streamlit"))
    assert any(s.operator == "<" for s in streamlit.specifier)


def test_constraints_pin_every_installed_requirement_and_name_no_index() -> None:
    text = (ROOT / "constraints.txt").read_text("utf-8")
    pins = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1]
        for line in text.splitlines()
        if line and not line.startswith("#")
    }
    assert all("==" in line for line in text.splitlines() if line and not line.startswith("#"))
    for requirement in [*_requirements(), *_requirements("test")]:
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, name
        assert requirement.specifier.contains(pins[name]), (name, pins[name])
    assert not re.search(r"(?i)--(extra-)?index-url|--find-links|--trusted-host|://", text)


def test_installed_version_is_the_project_version() -> None:
    assert metadata.version("surveillance-dashboard") == PROJECT["version"]


def test_changelog_has_a_section_for_the_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{PROJECT['version']}]" in changelog


def test_export_stamps_cite_the_installed_version() -> None:
    from analysis.study.dataset import load_embedded_dataset
    from dashboard.render.exports import dashboard_version, stamp_lines

    assert dashboard_version() == PROJECT["version"]
    stamp = "\n".join(stamp_lines(load_embedded_dataset().provenance, "en"))
    assert PROJECT["version"] in stamp
