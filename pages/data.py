"""Data: which dataset is in use, load a file with a mapping (uploaded or built here), codebook."""

import streamlit as st

from analysis.i18n import t
from analysis.io.readers import (
    FORMAT_NAMES,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    SUPPORTED_SUFFIXES,
    Table,
)
from dashboard.render.safe import md_escape
from dashboard.ui.data_panels import (
    codebook_table,
    provenance_table,
    show_dataset_warnings,
    show_last_result,
    show_problems,
)
from dashboard.ui.mapping_form import mapping_form
from dashboard.ui.state import (
    current_dataset,
    lang,
    load_upload,
    read_codebook,
    read_upload,
    require_router,
    upload_sha,
    use_embedded,
    uses_upload,
)

require_router()
L = lang()
data = current_dataset()
RESULT_KEY = "data_last_result"

st.title(t("data_title", L))
st.write(t("data_intro", L))

st.subheader(t("data_in_use", L))
prov_rows = provenance_table(data, L)
st.dataframe(prov_rows, hide_index=True, width="stretch", height=35 * (len(prov_rows) + 1) + 3)
if data.provenance.citation:  # whole, under the grid (a grid cell cut it off at its edge)
    st.markdown(f"**{t('prov_citation', L)}**: {md_escape(data.provenance.citation)}")
show_dataset_warnings(data, L)

source = st.radio(
    t("data_source", L),
    ["embedded", "upload"],
    key="data_source",
    index=1 if uses_upload() else 0,
    horizontal=True,
    format_func=lambda k: t(f"data_source_{k}", L),
)
if source == "embedded":
    st.caption(t("data_embedded_note", L))
    if st.button(t("data_use_embedded", L), disabled=not uses_upload(), key="data_use_embedded"):
        use_embedded()
        st.session_state[RESULT_KEY] = None
        st.rerun()
else:
    st.caption(
        t(
            "data_limits",
            L,
            size=f"{MAX_FILE_BYTES // 2**20} MB",
            rows=f"{MAX_ROWS:,}",
            columns=f"{MAX_COLUMNS:,}",
            types=", ".join(SUPPORTED_SUFFIXES),
        )
    )
    # No type= filter: Streamlit would raise on another suffix; the loader names the file types.
    upload = st.file_uploader(t("data_file", L), key="data_file")
    # What was read goes in a place kept from the start, so the mapping uploader below stays
    # where it is when a file arrives: a mapping dropped while the page redraws is not lost.
    read = st.container()
    # The file in the uploader is the dataset in use: what the page shows of it comes from the
    # dataset, and the raw frame (let go when it was loaded) is read again only for the
    # mapping form, which needs its columns.
    in_use = bool(upload) and uses_upload() and data.provenance.sha256 == upload_sha(upload)
    building = st.session_state.get("data_mapping_mode", "upload") == "build"
    table = None
    if upload and not (in_use and not building):
        table = read_upload(upload.getvalue(), upload.name, upload_sha(upload))
    if isinstance(table, tuple):
        with read:
            show_problems(table, L)
        table = None
    if isinstance(table, Table) or in_use:
        prov = data.provenance
        fmt = (
            FORMAT_NAMES[table.file_format] + (f", {table.encoding}" if table.encoding else "")
            if isinstance(table, Table)
            else FORMAT_NAMES.get(prov.file_format, prov.file_format)
            + (f", {prov.encoding}" if prov.encoding else "")
        )
        rows, columns = table.frame.shape if isinstance(table, Table) else (prov.rows, prov.columns)
        read.caption(
            t("data_read_as", L, rows=f"{rows:,}", columns=f"{columns:,}", format=md_escape(fmt))
        )
        preview = table.frame.head(20) if isinstance(table, Table) else data.preview
        if preview is not None:
            with read.expander(t("data_preview", L)):
                st.dataframe(preview, width="stretch")
    mode = st.radio(
        t("data_mapping_source", L),
        ["upload", "build"],
        key="data_mapping_mode",
        horizontal=True,
        format_func=lambda k: t(f"data_mapping_{k}", L),
    )
    mapping_bytes, mapping_name = None, None
    if mode == "upload":
        mapping_upload = st.file_uploader(
            t("data_mapping_file", L), key="data_mapping_file", max_upload_size=1
        )  # MB; a mapping is a short text
        st.caption(t("data_mapping_help", L))
        if mapping_upload:
            mapping_bytes, mapping_name = mapping_upload.getvalue(), mapping_upload.name
    elif isinstance(table, Table):
        text = mapping_form(table, L, file_name=upload.name)
        if text:
            mapping_bytes, mapping_name = text.encode("utf-8"), "mapping_built_here.toml"
            st.download_button(
                t("data_mapping_download", L),
                data=mapping_bytes,
                file_name=mapping_name,
                mime="application/toml",
                key="data_mapping_download",
                icon=":material/download:",
            )
    else:
        st.caption(t("data_mapping_need_file", L))
    ready = (isinstance(table, Table) or in_use) and mapping_bytes is not None
    if st.button(t("data_load", L), type="primary", disabled=not ready, key="data_load"):
        loaded, problems = load_upload(
            upload.getvalue(), upload.name, mapping_bytes, mapping_name, upload_sha(upload)
        )
        st.session_state[RESULT_KEY] = {
            "loaded": loaded,
            "problems": problems,
            "file": upload.name,
            "sha": upload_sha(upload),
        }
        st.rerun()  # the badge and every page show what is in use now
    last = st.session_state.get(RESULT_KEY)
    if last and upload and last["sha"] == upload_sha(upload):  # not for another file
        show_last_result(last, L)

st.subheader(t("data_codebook", L))
st.caption(t("data_codebook_note", L))
if data.codebook is not None:
    book = codebook_table(data, L)
    st.dataframe(book, hide_index=True, width="stretch", height=36 * (min(len(book), 25) + 1) + 3)
if source == "upload" and isinstance(table, Table):
    read_codebook(table, upload_sha(upload))  # last: the page is drawn; the click won't wait
