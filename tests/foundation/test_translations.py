"""Every string is translated: the English catalogue has no empty or fuzzy entry and matches the code."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_the_english_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or entry.fuzzy)]
    assert missing == []


def test_the_compiled_catalogues_are_up_to_date():
    for language in ("en", "fr_CA"):
        po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
        compiled = {entry.msgid: entry.msgstr for entry in mo}
        assert {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural} == {
            k: v for k, v in compiled.items() if k and k in {e.msgid for e in po.translated_entries()}
        }
