"""Building a mapping in the page: suggestions, code guesses, and TOML that parses back."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.io.mapping import parse_mapping, read_mapping
from analysis.io.mapping_builder import (
    build_mapping,
    column_codes,
    guess_answer_codes,
    guess_arm,
    mapping_toml,
    parse_codes,
    slug,
    suggest_bins,
    suggest_columns,
)
from analysis.io.readers import Table, read_data
from analysis.study.dataset import build_dataset, load_embedded_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE


@pytest.fixture(scope="module")
def table() -> Table:
    return read_data(DATA_FILE.read_bytes(), DATA_FILE.name)


def embedded_as_choices() -> dict:
    """The embedded mapping expressed as the page's choices."""
    m = read_mapping(MAPPING_FILE)
    return dict(
        title_en=m.title.en,
        title_ja=m.title.ja,
        citation=m.citation,
        control=m.control,
        prompts=[(k, lab.en, lab.ja) for k, lab in m.prompts],
        arm_column=m.arm_column,
        arms=list(m.arms),
        id_column=m.id_column,
        exit_position=m.exit_position,
        weight=m.weight,
        simulated=True,
        issues=[
            {
                "key": i.key,
                "column": i.column,
                "en": i.label.en,
                "ja": i.label.ja,
                "no_opinion": ", ".join(i.no_opinion),
                "support": ", ".join(i.support),
                "oppose": ", ".join(i.oppose),
            }
            for i in m.issues
        ],
        subgroups=[
            {
                "key": s.key,
                "column": s.column,
                "en": s.label.en,
                "ja": s.label.ja,
                "levels": {c: lab.en for c, lab in s.levels},
                "bins": list(s.bins),
            }
            for s in m.subgroups
        ],
    )


def test_built_mapping_gives_the_same_estimates_as_the_hand_written_one() -> None:
    text = mapping_toml(build_mapping(**embedded_as_choices()))
    built = build_dataset(DATA_FILE.read_bytes(), DATA_FILE.name, text.encode(), "built.toml")
    pd.testing.assert_frame_equal(built.grid, load_embedded_dataset().grid, check_exact=True)


def test_built_mapping_parses_with_two_arm_columns() -> None:
    doc = build_mapping(
        title_en="T",
        control="none",
        prompts=[("none", "None", ""), ("gov", "Gov", "政府")],
        prompt_column="p",
        option_column="o",
        prompt_codes={"none": "0", "gov": "1"},
        option_codes={"exit": 2},
        exit_position="x",
        issues=[{"key": "q", "column": "q", "support": "1", "oppose": "2"}],
    )
    mapping = parse_mapping(mapping_toml(doc))
    assert mapping.prompt_codes == (("0", "none"), ("1", "gov"))
    assert mapping.option_codes == (("2", "exit"),)
    assert mapping.prompt_label("gov", "ja") == "政府"


def test_suggestions_find_the_roles_of_the_embedded_columns(table) -> None:
    found = suggest_columns(table)
    assert found["id"] == ["respondent_id"]
    assert found["arm"] == ["arm"]
    assert found["exit"] == ["exit_q"]
    assert found["weight"] == ["wt"]
    assert found["issue"] == [f"q{i}" for i in range(1, 9)]
    assert {"female", "age", "educ", "region", "income", "polint"} <= set(found["subgroup"])


def test_column_codes_show_labels_counts_and_unused_labelled_codes() -> None:
    frame = pd.DataFrame({"q": [1, 1, 2, None]})
    codes = column_codes(
        Table(frame, "csv", value_labels={"q": {"1": "Yes", "2": "No", "9": "Don't know"}}), "q"
    )
    assert codes.to_dict("list") == {
        "code": ["1", "2", "9"],
        "label": ["Yes", "No", "Don't know"],
        "rows": [2, 1, 0],
    }


def test_answer_codes_are_guessed_from_english_and_japanese_labels() -> None:
    codes = pd.DataFrame(
        {
            "code": ["1", "2", "3", "9"],
            "label": ["賛成", "Oppose", "どちらともいえない", "Agree strongly"],
        }
    )
    assert guess_answer_codes(codes) == {
        "support": ["1", "9"],
        "oppose": ["2"],
        "no_opinion": ["3"],
    }


def test_arm_guess_reads_prompt_and_option_from_a_label() -> None:
    assert guess_arm("Government monitoring / exit") == ("government", "exit")
    assert guess_arm("統制・意見なし") == ("none", "no_opinion")


def test_codes_typed_with_japanese_commas_become_numbers() -> None:
    assert parse_codes("1、2, 3.5 x") == [1, 2, 3.5, "x"]


def test_slug_makes_unique_ascii_keys_and_avoids_all() -> None:
    assert slug("Q1 経済") == "q1"
    assert slug("all") == "all_"
    assert slug("q1", taken=["q1"]) == "q1_2"


def test_suggested_bins_cover_the_maximum() -> None:
    bins = suggest_bins(pd.Series([20, 30, 45, 60, 79]))
    assert bins[0] == 20 and bins[-1] == 80


def _minimal(**extra) -> dict:
    return build_mapping(
        title_en="T",
        control="none",
        prompts=[("none", "None", ""), ("gov", "Gov", "")],
        arm_column="arm",
        arms=[(1, "none", "no_opinion"), (2, "gov", "no_opinion")],
        issues=[{"key": "q", "column": "q", "no_opinion": "9", "support": "1", "oppose": "2"}],
        **extra,
    )


def test_built_mapping_writes_the_description_given() -> None:
    doc = _minimal(
        citation="A (2024).",
        citation_ja="A（2024年）。",
        description={"where_when": ("Ruritania, 2024", "ルリタニア、2024年"), "payment": ("", "")},
        url="https://example.org/a",
    )
    study = parse_mapping(mapping_toml(doc)).study
    assert study.where_when.ja == "ルリタニア、2024年"
    assert study.citation.ja == "A（2024年）。"
    assert study.url == "https://example.org/a"
    assert study.payment is None


def test_built_mapping_leaves_out_what_was_left_empty() -> None:
    doc = _minimal()
    assert set(doc["study"]) == {"title", "simulated"}
    study = parse_mapping(mapping_toml(doc)).study
    assert (study.where_when, study.citation, study.doi, study.url) == (None, None, None, None)


def test_built_mapping_writes_no_exit_table_without_an_exit_option() -> None:
    doc = _minimal(exit_position="exit_q")
    assert "exit" not in doc
    parse_mapping(mapping_toml(doc))
