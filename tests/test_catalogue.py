"""The Chinese catalogue: every message shown is in it, translated, compiled, with its placeholders kept."""

from __future__ import annotations

import gettext
import re
import string

import pytest
from catalogue_check import CATALOGUE, all_messages, read_catalogue, unmarked_text

from db import schema
from tracker import i18n
from tracker.words import VALUES


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue()


def test_every_message_shown_is_in_the_catalogue_translated(catalogue) -> None:
    missing = []
    for text, (where, line) in all_messages().items():
        context = None
        if isinstance(text, tuple) and text[0].endswith("\x04"):
            context, text = text[0][:-1], text[1]
        key = text[0] if isinstance(text, tuple) else text
        entry = catalogue.get(key, context=context)
        strings = (entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ("",)
        if not all(strings):
            missing.append(f"{where}:{line}: {text!r}")
    assert not missing, f"{len(missing)} messages not translated (make catalogue, then translate):\n" + "\n".join(
        missing[:50])


def test_no_text_an_owner_reads_is_left_unmarked() -> None:
    found = list(unmarked_text())
    assert not found, "text shown but not marked for the catalogue:\n" + "\n".join(found[:50])


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_translation_keeps_the_placeholders_of_its_message(catalogue) -> None:
    wrong = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for s in strings:
            if s and _fields(s) != _fields(ids[-1]) and _fields(s) != _fields(ids[0]):
                wrong.append(f"{ids[0]!r} -> {s!r}")
            if s and len(re.findall(r"%[sdr]", s)) != len(re.findall(r"%[sdr]", ids[0])):
                wrong.append(f"{ids[0]!r} -> {s!r}")
    assert not wrong, "\n".join(wrong)


def test_the_shipped_mo_is_the_po_compiled(catalogue) -> None:
    with CATALOGUE.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in catalogue:
        if not entry.id or not entry.string:
            continue
        if isinstance(entry.id, tuple):
            assert compiled.ngettext(entry.id[0], entry.id[1], 1) == entry.string[0], entry.id
        elif entry.context:
            assert compiled.pgettext(entry.context, entry.id) == entry.string, entry.id
        else:
            assert compiled.gettext(entry.id) == entry.string, entry.id


def test_every_stored_value_has_a_word_in_each_language() -> None:
    stored = {
        "tier": schema.TIERS, "segment": schema.SEGMENTS, "rental status": schema.RENTAL_STATUSES,
        "complaint cause": schema.COMPLAINT_CATEGORIES, "complaint status": schema.COMPLAINT_STATUSES,
        "interaction kind": schema.INTERACTION_KINDS, "equipment category": schema.EQUIPMENT_CATEGORIES,
        "equipment status": schema.EQUIPMENT_STATUSES, "payment method": schema.PAYMENT_METHODS,
        "upkeep kind": schema.UPKEEP_KINDS, "task kind": schema.TASK_KINDS,
        "satisfaction": schema.SATISFACTION_RATINGS,
    }
    for what, values in stored.items():
        assert tuple(VALUES[what]) == tuple(values), what
    i18n.use_language("zh")
    from tracker.words import shown

    untranslated = [v for values in VALUES.values() for v in values if shown(v) == v]
    assert not untranslated


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),
    ({"LANGUAGE": "en:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_locale_chooses_the_language(environ: dict[str, str], expected: str) -> None:
    assert i18n.language_of_locale(environ) == expected


def test_a_language_chosen_outranks_the_setting() -> None:
    assert i18n.follow_setting("zh") == "zh"
    assert i18n.use_language("en") == "en"
    assert i18n.follow_setting("zh") == "en"
    i18n.reset_language()
    assert i18n.follow_setting("auto") == "en"  # the suite's locale is C.UTF-8
