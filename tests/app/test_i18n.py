"""Both languages everywhere: same keys, no empty text, every key used in code exists."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.i18n import LANGS, table

STRINGS = table()


ROOT = Path(__file__).resolve().parents[2]


def test_every_string_has_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key


def test_placeholders_match_between_languages() -> None:
    for key, texts in STRINGS.items():
        fields = {lang: set(re.findall(r"{(\w+)", texts[lang])) for lang in LANGS}
        assert fields["en"] == fields["ja"], key


def test_japanese_text_is_japanese() -> None:
    ascii_only = [k for k, v in STRINGS.items() if v["ja"].isascii() and v["ja"] != v["en"]]
    same = [k for k, v in STRINGS.items() if v["ja"] == v["en"] and not v["en"].isascii()]
    assert not same
    # A handful of symbols (n, p) are the same in both languages; anything else must differ.
    untranslated = [k for k, v in STRINGS.items() if v["ja"] == v["en"] and len(v["en"]) > 3]
    assert not untranslated, untranslated
    assert ascii_only == [] or all(len(STRINGS[k]["ja"]) <= 3 for k in ascii_only)


def test_every_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("dashboard/**/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text("utf-8")))
    missing = sorted(used - set(STRINGS))
    assert not missing, missing
