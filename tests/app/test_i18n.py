"""The translation catalogs: every message in every language, used, with the same placeholders.

The messages live in ``locale/<lang>/LC_MESSAGES/dashboard.po`` (msgid = message key). These
tests read the files themselves with Babel, so a broken file, a duplicate entry or an empty
translation fails here even though :func:`analysis.i18n.catalog` would quietly fall back to
English at run time.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from analysis.i18n import DOMAIN, LANGS, LOCALE_DIR, REFERENCE, table

STRINGS = table()
ROOT = Path(__file__).resolve().parents[2]
# Where messages are used: the app, its pages and both packages (the CLI prints them too).
SOURCES = [
    ROOT / "app.py",
    *sorted(ROOT.glob("pages/*.py")),
    *sorted(ROOT.glob("analysis/**/*.py")),
    *sorted(ROOT.glob("dashboard/**/*.py")),
]
# The shortest f-string prefix that marks a family of keys built at run time (f"outcome_{o}").
# Shorter constant prefixes ("q", "sg_") are mostly column names, not message keys; they count
# only when the f-string is handed straight to the lookup: t(f"cb_{column}", lang).
MIN_PREFIX = 4
LOOKUPS = {"t", "has"}
# Messages written ahead of the code that shows them, each with where it is going to be used.
# Remove an entry once the message is used (the entry then only hides nothing).
WAITING = {
    "ex_no_exit_offered": "pages/exits.py for a study without an exit (tests/app/test_matrix.py)",
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def msgids(lang: str) -> list[str]:
    """Every msgid of the file, in file order, duplicates kept (Babel keeps only the last)."""
    text = po_path(lang).read_text("utf-8")
    return [m for m in re.findall(r'^msgid "(.*)"$', text, flags=re.MULTILINE) if m]


def _constant_suffix(node: ast.expr) -> str | None:
    """The constant end of f"{code}_suggest" or code + "_suggest", else None."""
    if isinstance(node, ast.JoinedStr) and node.values:
        last = node.values[-1]
        if isinstance(last, ast.Constant) and isinstance(last.value, str):
            return last.value
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and isinstance(node.right, ast.Constant)
        and isinstance(node.right.value, str)
    ):
        return node.right.value
    return None


def _constant_prefix(node: ast.expr) -> str | None:
    """The constant start of f"key_{x}" or "key_" + x, else None."""
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        return node.left.value
    return None


@cache
def code_strings() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """String literals, key prefixes and key suffixes of built keys found in the sources.

    A built key counts as used when it starts with a constant prefix (f"outcome_{o}") or is a
    literal key plus a constant suffix (code + "_suggest" with "mapping_unknown_key" a literal).
    What this cannot see: a key assembled by ``str.format``, ``%`` or ``join``, from two
    variables, or read from a data file. Write a key family as f"family_{x}" so that it stays
    visible here.
    """
    literals: set[str] = set()
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
                continue
            prefix = _constant_prefix(node) if isinstance(node, ast.expr) else None
            if prefix and len(prefix) >= MIN_PREFIX:
                prefixes.add(prefix)
            suffix = _constant_suffix(node) if isinstance(node, ast.expr) else None
            if suffix and len(suffix) >= MIN_PREFIX:
                suffixes.add(suffix)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in LOOKUPS
                and node.args
            ):
                short = _constant_prefix(node.args[0])
                if short:
                    prefixes.add(short)
    return frozenset(literals), frozenset(prefixes), frozenset(suffixes)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_read_by_babel(lang: str) -> None:
    with po_path(lang).open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    assert len(po) > 0


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_no_duplicate_msgid(lang: str) -> None:
    ids = msgids(lang)
    duplicates = sorted({m for m in ids if ids.count(m) > 1})
    assert not duplicates, duplicates


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_the_same_messages(lang: str) -> None:
    reference = set(msgids(REFERENCE))
    here = set(msgids(lang))
    assert sorted(reference - here) == [], "missing"
    assert sorted(here - reference) == [], "not in the reference language"


@pytest.mark.parametrize("lang", LANGS)
def test_no_message_is_empty_or_fuzzy(lang: str) -> None:
    with po_path(lang).open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    bad = sorted(m.id for m in po if m.id and (not str(m.string).strip() or m.fuzzy))
    assert not bad, bad


def test_placeholders_match_between_languages() -> None:
    for key, texts in STRINGS.items():
        fields = {lang: sorted(set(re.findall(r"{(\w+)", texts[lang]))) for lang in LANGS}
        assert all(f == fields[REFERENCE] for f in fields.values()), (key, fields)


def test_japanese_text_is_japanese() -> None:
    ascii_only = [k for k, v in STRINGS.items() if v["ja"].isascii() and v["ja"] != v["en"]]
    same = [k for k, v in STRINGS.items() if v["ja"] == v["en"] and not v["en"].isascii()]
    assert not same
    assert ascii_only == [] or all(len(STRINGS[k]["ja"]) <= 3 for k in ascii_only)
    # A handful of symbols (n, p) are the same in both languages; anything else must differ.
    untranslated = [k for k, v in STRINGS.items() if v["ja"] == v["en"] and len(v["en"]) > 3]
    assert not untranslated, untranslated


def test_every_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for path in SOURCES:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text("utf-8")))
    missing = sorted(used - set(STRINGS))
    assert not missing, missing


def _used(key: str) -> bool:
    literals, prefixes, suffixes = code_strings()
    return (
        key in literals
        or key.startswith(tuple(prefixes))
        or any(key.endswith(s) and key.removesuffix(s) in literals for s in suffixes)
    )


def test_every_message_is_used() -> None:
    unused = sorted(key for key in STRINGS if key not in WAITING and not _used(key))
    assert not unused, unused


def test_waiting_messages_exist() -> None:
    assert set(WAITING) <= set(STRINGS)


def test_unused_message_check_sees_built_keys() -> None:
    literals, prefixes, suffixes = code_strings()
    assert "_suggest" in suffixes  # code + "_suggest"
    assert _used("mapping_unknown_key_suggest")
    assert "outcome_" in prefixes  # f"outcome_{outcome}"
    assert "cb_" in prefixes  # t(f"cb_{column}", lang): short, but handed to the lookup
    assert "sg_" not in prefixes  # f"sg_{key}" names a column, not a message
    assert "mapping_bad_value" in literals  # a problem code raised in analysis/
