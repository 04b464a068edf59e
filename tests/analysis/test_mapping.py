"""The mapping format: parsing, code matching, and every problem reported at once."""

from __future__ import annotations

import pytest

from analysis.i18n import table
from analysis.io.mapping import MappingError, code_key, parse_mapping
from analysis.study.simulate import MAPPING_FILE

GOOD = MAPPING_FILE.read_text(encoding="utf-8")


def test_embedded_mapping_parses() -> None:
    m = parse_mapping(GOOD)
    assert m.prompt_keys == ("none", "company", "government")
    assert m.option_keys == ("no_opinion", "exit")
    assert [i.key for i in m.issues][:2] == ["economy", "ldp"]
    assert m.simulated is True
    assert m.issue("economy").no_opinion == ("9",)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (1, "1"),
        (1.0, "1"),
        ("1", "1"),
        (" 1 ", "1"),
        ("1.0", "1"),
        (True, "1"),
        (1.5, "1.5"),
        ("a", "a"),
        (None, None),
        (float("nan"), None),
        ("", None),
        ("01", "1"),
    ],
)
def test_code_key_normalises(value, key) -> None:
    assert code_key(value) == key


def test_malformed_toml_is_one_clear_error() -> None:
    with pytest.raises(MappingError) as err:
        parse_mapping("version = 1\n[design\n")
    assert [p.code for p in err.value.problems] == ["mapping_bad_toml"]


def test_all_problems_are_reported_together() -> None:
    text = (
        GOOD.replace('control = "none"', 'control = "nobody"')
        .replace('"6" = ["government", "exit"]', '"6" = ["police", "exit"]')
        .replace("version = 1", "version = 7")
    )
    with pytest.raises(MappingError) as err:
        parse_mapping(text)
    codes = {p.code for p in err.value.problems}
    assert {"mapping_version", "mapping_unknown_control", "mapping_unknown_prompt_in_arm"} <= codes


def test_two_column_design() -> None:
    text = (
        GOOD.replace('arm = "arm"', 'prompt = "p"\noption = "o"')
        .replace(
            'none = { en = "No prompt", ja = "提示なし" }',
            'none = { en = "No prompt", ja = "提示なし", code = 0 }',
        )
        .replace(
            'company = { en = "Company monitoring", ja = "企業による監視" }',
            'company = { en = "Company monitoring", ja = "企業による監視", code = 1 }',
        )
        .replace(
            'government = { en = "Government monitoring", ja = "政府による監視" }',
            'government = { en = "Government monitoring", ja = "政府による監視", code = 2 }',
        )
        .replace(
            """no_opinion = { en = "'No opinion' offered", ja = "「意見なし」を提示" }""",
            """no_opinion = { en = "'No opinion' offered", ja = "「意見なし」を提示", code = "N" }""",
        )
        .replace(
            'exit = { en = "Exit offered", ja = "離脱を提示" }',
            'exit = { en = "Exit offered", ja = "離脱を提示", code = "E" }',
        )
    )
    start = text.index("[design.arms]")
    end = text.index("[design.prompts]")
    m = parse_mapping(text[:start] + text[end:])
    assert dict(m.prompt_codes) == {"0": "none", "1": "company", "2": "government"}
    assert dict(m.option_codes) == {"N": "no_opinion", "E": "exit"}


def test_too_deep_toml_is_refused() -> None:
    deep = "version = 1\nx = " + "[" * 50 + "]" * 50 + "\n"
    with pytest.raises(MappingError) as err:
        parse_mapping(deep)
    assert err.value.problems[0].code == "mapping_too_deep"


def test_messages_exist_in_both_languages() -> None:
    for code, texts in table().items():
        assert set(texts) == {"en", "ja"}, code
        assert all(v.strip() for v in texts.values()), code
