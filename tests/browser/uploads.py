"""Putting files into the Data page's two uploaders, as a person would: each into its own box.

Why not ``input[type=file]`` by position: while the page reruns after "Upload a data file" is
chosen, the first file input in the document is not always the data file's (seen under load: the
data file went into the mapping's box and the test waited for "Read N rows" in vain). Each
uploader is found by its accessible name instead, once the page shows both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from analysis.i18n import t

TIMEOUT = 120_000


def uploader(page: Page, label: str) -> Locator:
    """The file input of the uploader named ``label`` (its drop zone is a region so named)."""
    return page.get_by_role("region", name=label, exact=True).locator("input[type=file]")


def choose_upload(page: Page, lang: str = "en") -> None:
    """Choose "Upload a data file" and wait until both uploaders are on the page."""
    page.get_by_text(t("data_source_upload", lang), exact=True).click()
    for label in (t("data_file", lang), t("data_mapping_file", lang)):
        expect(uploader(page, label)).to_have_count(1, timeout=TIMEOUT)


def put_data(page: Page, data: Path | dict[str, Any], lang: str = "en") -> None:
    """The data file into the data uploader."""
    uploader(page, t("data_file", lang)).set_input_files(
        data if isinstance(data, dict) else str(data)
    )


def put_mapping(page: Page, mapping: Path, lang: str = "en") -> None:
    """The mapping file into the mapping uploader."""
    uploader(page, t("data_mapping_file", lang)).set_input_files(str(mapping))
