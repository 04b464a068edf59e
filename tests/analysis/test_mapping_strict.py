"""A strict mapping: what is misspelt, mistyped or repeated is an error, never ignored.

Every problem is reported at once, in English and Japanese, with the closest known key
suggested when one is close; a valid mapping (the embedded one, the second test study) loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.io.mapping import MappingError, parse_mapping
from analysis.study.simulate import MAPPING_FILE
from tests import studies

GOOD = MAPPING_FILE.read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[2]


def problems(text: str) -> list:
    with pytest.raises(MappingError) as err:
        parse_mapping(text)
    return err.value.problems


def only(text: str):
    found = problems(text)
    assert len(found) == 1, [p.message("en") for p in found]
    return found[0]


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("[weights]", "[weight]", "weights"),
        ("covariates =", "covariate =", "covariates"),
        ("no_opinion = [9]", "no_opnion = [9]", "no_opinion"),
        ('position = "exit_q"', 'postion = "exit_q"', "position"),
        ('ja = "提示なし" }', 'jp = "提示なし" }', "ja"),
        ("bins = [20, 40, 60, 80]", "bin = [20, 40, 60, 80]", "bins"),
    ],
)
def test_misspelt_key_is_an_error_with_a_suggestion(old, new, suggestion) -> None:
    found = problems(GOOD.replace(old, new, 1))
    problem = next(p for p in found if p.code.startswith("mapping_unknown"))
    assert problem.severity == "error"
    assert problem.params["suggestion"] == suggestion
    for lang in ("en", "ja"):
        assert f"'{suggestion}'" in problem.message(lang) or f"「{suggestion}」" in problem.message(
            lang
        )


def test_misspelt_option_key_is_an_error_with_a_suggestion() -> None:
    text = GOOD.replace("no_opinion = { en", "no_opnion = { en", 1)
    found = problems(text)
    first = found[0]
    assert first.code == "mapping_unknown_option_suggest"
    assert first.params["suggestion"] == "no_opinion"


@pytest.mark.parametrize(
    ("value", "suggestion"), [('"no"', "simulated = false"), ('"yes"', "simulated = true")]
)
def test_simulated_as_text_is_an_error_not_true(value, suggestion) -> None:
    problem = only(GOOD.replace("simulated = true", f"simulated = {value}", 1))
    assert problem.code == "mapping_bad_bool_suggest"
    assert problem.params["suggestion"] == suggestion
    assert suggestion in problem.message("en") and suggestion in problem.message("ja")


def test_simulated_as_a_number_is_an_error() -> None:
    assert only(GOOD.replace("simulated = true", "simulated = 2", 1)).code == "mapping_bad_bool"


def test_unknown_key_far_from_any_lists_the_known_ones() -> None:
    problem = only(GOOD.replace("[weights]", "[zzzzqq]", 1))
    assert problem.code == "mapping_unknown_top"
    assert "weights" in problem.params["allowed"]


def test_every_misspelling_is_reported_at_once() -> None:
    text = (
        GOOD.replace("[weights]", "[weight]", 1)
        .replace("covariates =", "covariate =", 1)
        .replace("no_opinion = [9]", "no_opnion = [9]", 1)
        .replace("simulated = true", 'simulated = "no"', 1)
    )
    suggested = {p.params.get("suggestion") for p in problems(text)}
    assert {"weights", "covariates", "no_opinion", "simulated = false"} <= suggested


def test_a_code_listed_twice_in_one_issue_is_an_error() -> None:
    problem = only(GOOD.replace("support = [1, 2]", "support = [1, 1.0]", 1))
    assert problem.code == "mapping_issue_code_twice"


def test_no_opinion_code_also_an_answer_is_an_error() -> None:
    problem = only(GOOD.replace("no_opinion = [9]", "no_opinion = [9, 2]", 1))
    assert problem.code == "mapping_issue_code_twice"


def test_an_arm_code_given_twice_is_an_error() -> None:
    problem = only(GOOD.replace('"2" = ["company"', '"1.0" = ["company"', 1))
    assert problem.code == "mapping_code_twice"


def test_a_subgroup_level_given_twice_is_an_error() -> None:
    problem = only(GOOD.replace('"1" = { en = "Women"', '"0.0" = { en = "Women"', 1))
    assert problem.code == "mapping_code_twice"


def test_a_covariate_listed_twice_is_an_error() -> None:
    problem = only(GOOD.replace('"polint"]', '"polint", "age"]', 1))
    assert problem.code == "mapping_duplicate_key"


COVARIATES_LINE = 'covariates = ["female", "age", "educ", "polint"]'


def with_covariate_labels(*lines: str) -> str:
    assert COVARIATES_LINE in GOOD
    return GOOD.replace(COVARIATES_LINE, "\n".join([COVARIATES_LINE, *lines]), 1)


def test_covariate_labels_name_covariates_else_their_subgroup_else_their_column() -> None:
    m = parse_mapping(
        with_covariate_labels(
            'labels.polint = { en = "Interest in politics", ja = "政治への関心" }',
            'labels.age = "Age in years"',
        )
    )
    assert m.covariate_label("polint", "ja") == "政治への関心"
    assert m.covariate_label("age", "ja") == "Age in years"  # one text: both languages
    assert m.covariate_label("educ", "en") == m.subgroup("education").label.en
    assert parse_mapping(GOOD).covariate_label("polint", "en") == "Political interest"
    second = studies.mapping_text()
    labels = second[second.index("[adjustment.labels]") :].split("\n", 2)[:2]
    assert parse_mapping(second).covariate_label("age", "ja") == "年齢（歳）"
    bare = parse_mapping(second.replace("\n".join(labels), "", 1))
    assert bare.covariate_label("age", "en") == "age"  # no label, no subgroup of that column


def test_a_label_for_a_column_that_is_no_covariate_is_an_error_with_a_suggestion() -> None:
    problem = only(with_covariate_labels('labels.polnt = "Interest in politics"'))
    assert problem.code == "mapping_unknown_key_suggest"
    assert "polint" in problem.message("en")


def test_a_covariate_label_of_the_wrong_type_is_an_error() -> None:
    problem = only(with_covariate_labels("labels.age = 3"))
    assert problem.code == "mapping_bad_value"
    assert "adjustment.labels.age" in problem.message("en")


def test_two_issues_on_one_column_is_an_error() -> None:
    problem = only(GOOD.replace('column = "q2"', 'column = "q1"', 1))
    assert problem.code == "mapping_duplicate_column"


def test_exit_table_without_an_exit_option_is_an_error() -> None:
    text = GOOD.replace('"4" = ["none", "exit"]\n', "").replace('"5" = ["company", "exit"]\n', "")
    text = text.replace('"6" = ["government", "exit"]\n', "")
    text = text.replace('exit = { en = "Exit offered", ja = "離脱を提示" }\n', "")
    assert only(text).code == "mapping_exit_not_offered"


def test_exit_position_and_flag_together_is_an_error() -> None:
    problem = only(GOOD.replace('position = "exit_q"', 'position = "exit_q"\nflag = "x"', 1))
    assert problem.code == "mapping_exit_both"


@pytest.mark.parametrize(
    ("line", "code"),
    [('doi = "not a doi"', "mapping_bad_doi"), ('url = "javascript:alert(1)"', "mapping_bad_url")],
)
def test_bad_doi_or_url_is_an_error(line, code) -> None:
    assert only(GOOD.replace("simulated = true", f"simulated = true\n{line}", 1)).code == code


def test_doi_written_as_an_address_is_kept_as_a_doi() -> None:
    text = GOOD.replace(
        "simulated = true", 'simulated = true\ndoi = "https://doi.org/10.1234/abc.5"', 1
    )
    study = parse_mapping(text).study
    assert study.doi == "10.1234/abc.5"
    assert study.link == "https://doi.org/10.1234/abc.5"


def test_description_label_with_unknown_language_is_an_error() -> None:
    text = GOOD.replace('payment = { en = "At most', 'payment = { fr = "x", en = "At most', 1)
    problem = only(text)
    assert problem.code == "mapping_unknown_key"
    assert problem.params["where"] == "[study.payment]"


def test_study_description_fields_are_parsed() -> None:
    study = parse_mapping(GOOD).study
    assert study.where_when.en == "Japan, June 2018"
    assert study.where_when.ja == "日本、2018年6月"
    assert "¥130" in study.payment.en
    assert "4,514" in study.respondents.en
    assert "Journal of Politics" in study.citation.en


def test_missing_description_fields_stay_missing() -> None:
    start = GOOD.index("where_when =")
    end = GOOD.index("[design]")
    study = parse_mapping(GOOD[:start] + "\n" + GOOD[end:]).study
    assert (study.where_when, study.respondents, study.payment, study.design) == (None,) * 4


def test_the_second_study_loads() -> None:
    m = parse_mapping(studies.mapping_text())
    assert m.prompt_keys == ("none_given", "police", "employer", "platform")
    assert m.option_keys == ("no_opinion",)
    assert m.study.url == studies.URL


def test_cli_exits_2_with_every_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GOOD.replace("[weights]", "[weight]", 1)
        .replace("covariates =", "covariate =", 1)
        .replace("simulated = true", 'simulated = "no"', 1),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "estimates",
            "--mapping",
            str(bad),
            "--out",
            str(tmp_path / "out.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, done.stderr
    for word in ("'weights'", "'covariates'", "simulated = false"):
        assert word in done.stderr
