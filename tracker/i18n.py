"""The interface's language: Simplified Chinese or English, through gettext.

The catalogue lives in ``tracker/locale/zh_CN/LC_MESSAGES/rentrack.po`` (the
compiled ``.mo`` is shipped beside it). English is the source language: a
message is written in English in the code and looked up when it is shown.

- ``_("...")`` translates now; use it where the text is made, at the moment it
  is shown or raised. Values go in through named fields filled after the
  lookup: ``_("{n} rentals imported").format(n=n)``, never an f-string inside.
- ``N_("...")`` only marks a message for the catalogue; use it for text
  declared at import time (a key's label, a field's label, a column heading),
  and ``_()`` it where it is shown, so a change of language shows at once.
- ``ngettext(singular, plural, n)`` for a count's noun; ``pgettext(context, message)``
  where one English word means two things (a key "Back", a column "Back" of dates).

The language is chosen, most specific first, by ``--lang``, the database's
``language`` setting, then the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``, as gettext reads them). Stored values, CSV and
JSON keep their canonical English forms in every language.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "rentrack"
LOCALE_DIR = Path(__file__).with_name("locale")
#: The languages the interface speaks, by the code ``--lang`` and the setting take.
LANGUAGES = {"en": "English", "zh": "简体中文"}
#: Each language's catalogue (English is the source: it has none).
_CATALOGUES = {"zh": "zh_CN"}
#: What the ``language`` setting holds when the locale decides.
AUTO = "auto"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
#: Whether the language was chosen (``--lang``, a test) rather than taken from the setting or the locale.
_chosen = False
#: ``LANGUAGE`` as the process found it (:func:`use_language` sets it for Click's messages).
_LOCALE_LANGUAGE = os.environ.get("LANGUAGE", "")


def language_of_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for (``zh`` for any ``zh_*``), English otherwise."""
    if environ is None:
        environ = {**os.environ, "LANGUAGE": _LOCALE_LANGUAGE}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            first = value.split(":")[0].lower()
            return "zh" if first.startswith("zh") else "en"
    return "en"


def language_code(text: str) -> str:
    """``zh``, ``en`` or ``auto`` from what a person would type (``zh_CN``, ``中文``, ``English``)."""
    t = text.strip().lower().replace("-", "_")
    if t in ("", AUTO):
        return AUTO
    if t.startswith("zh") or t in ("中文", "简体中文", "chinese", "cn"):
        return "zh"
    if t.startswith("en") or t in ("英文", "english"):
        return "en"
    raise ValueError(text)


def use_language(code: str | None) -> str:
    """Speak *code* (``en``, ``zh``; ``auto`` or None: the locale's) from now on; return the one chosen.

    A language given here (not ``auto``) outranks the database's setting
    (:func:`follow_setting`). Click's own messages (``Usage:``, ``Error:``)
    come from the same catalogue: the domain is made gettext's default and
    ``LANGUAGE`` names the catalogue.
    """
    global _chosen
    _chosen = language_code(code or AUTO) != AUTO
    return _speak(code)


def follow_setting(value: str) -> str:
    """Speak the database's ``language`` setting, unless a language was chosen; return the one spoken."""
    return _language if _chosen else _speak(value)


def reset_language() -> str:
    """Forget any language chosen and speak the locale's again (as a new process would)."""
    global _chosen
    _chosen = False
    return _speak(AUTO)


def _speak(code: str | None) -> str:
    global _translations, _language
    code = language_code(code or AUTO)
    if code == AUTO:
        code = language_of_locale()
    catalogue = _CATALOGUES.get(code)
    if catalogue is None:
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalogue])
    _language = code
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = catalogue or "en"
    return code


def language() -> str:
    """The language spoken now: ``en`` or ``zh``."""
    return _language


def _(message: str) -> str:
    """*message* in the language spoken now."""
    return _translations.gettext(message) if message else message


def N_(message: str) -> str:
    """Mark *message* for the catalogue without translating it (see the module's docstring)."""
    return message


def pgettext(context: str, message: str) -> str:
    """*message* in the language spoken now, where the same English means two things (``date``: "Returned")."""
    return _translations.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for *n*, in the language spoken now."""
    return _translations.ngettext(singular, plural, n)
