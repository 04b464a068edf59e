"""Start the dashboard: ``python -m dashboard.server.serve [streamlit options]``.

Why not plain ``streamlit run app.py``: with a ``pages/`` folder beside the entry point,
Streamlit starts in its old multipage mode until the first session runs ``app.py`` and calls
``st.navigation``. If the first request after a start is a share link to a page
(``/explore?...``), that page script runs alone — no router, no data badge, no language — and the
router never gets its turn. Marking the process as a ``st.navigation`` app before the server
starts closes that gap. The pages also refuse to render without the router (see ``require_router``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    """Run ``streamlit run app.py`` with ``argv`` as extra options, in this process."""
    PagesManager.uses_pages_directory = False
    from dashboard.server import prewarm  # after the flag

    prewarm.start(freeze_gc=True, wait_for_first_view=True, wait_for_server=True)
    sys.argv = ["streamlit", "run", str(APP), *(argv if argv is not None else sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
