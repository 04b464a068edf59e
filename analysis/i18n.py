"""The one translation lookup of the dashboard and the command line.

Every user-visible message lives in a gettext catalog, ``locale/<lang>/LC_MESSAGES/dashboard.po``
(the msgid is a stable message key, the msgstr the text), which translators edit with their own
tools (Poedit, Lokalize, Weblate) and Babel reads. English is the reference language: a message
missing in another language falls back to it. Adding a language is adding a folder.

>>> t("page_overview", "ja")
'概要'
>>> t("url_invalid", "en", key="issue")
"The link's value for 'issue' is not valid here; showing the default."
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "dashboard"
REFERENCE = "en"


def _languages() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (REFERENCE, *[lang for lang in found if lang != REFERENCE])


LANGS: tuple[str, ...] = _languages()
# Each language named in itself, as a language menu shows it ("English", "日本語").
LANG_NAMES: dict[str, str] = {
    lang: (Locale.parse(lang).get_display_name(lang) or lang).capitalize() for lang in LANGS
}


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of ``lang`` (key -> text); empty or fuzzy translations are left out."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    # Messages are singular (no plural forms): id and string are plain text.
    return {
        m.id: m.string
        for m in po
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
        if not m.fuzzy
    }


def has(key: str) -> bool:
    """Whether ``key`` is a message of the reference language."""
    return key in catalog(REFERENCE)


def t(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang`` (else in English), formatted with ``values``.

    An unknown key is a programming error and raises ``KeyError``.
    """
    text = catalog(lang).get(key) if lang != REFERENCE else None
    if text is None:
        text = catalog(REFERENCE)[key]
    return text.format(**values) if values else text


def table() -> dict[str, dict[str, str]]:
    """Every message in every language (key -> language -> text), for tests and reviews."""
    return {key: {lang: catalog(lang).get(key, "") for lang in LANGS} for key in catalog(REFERENCE)}
