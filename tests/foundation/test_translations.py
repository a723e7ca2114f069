"""Every string is translated: the English catalogue has no empty or fuzzy entry and matches the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_the_english_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or entry.fuzzy)]
    assert missing == []


def translations_of(catalogue) -> dict:
    return {
        entry.msgid: entry.msgstr or tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
        for entry in catalogue
        if entry.msgid and (entry.msgstr or any(entry.msgstr_plural.values()))
    }


def test_the_compiled_catalogues_are_up_to_date():
    for language in ("en", "fr_CA"):
        po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
        assert translations_of(mo) == translations_of(e for e in po if not e.obsolete and not e.fuzzy), language


def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the code finds no msgid that the committed English catalogue lacks."""
    root = LOCALE.parent
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "private_media", "tests"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--ignore=.venv"],
        cwd=copy,
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")) if e.msgid}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po")) if not e.obsolete}
    assert sorted(extracted - committed) == [], "run `make messages` and translate the new strings"


def test_english_plural_entries_are_english():
    """Plural entries were once copied from the French ("4 contenus" on English pages)."""
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    french = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and {entry.msgid, entry.msgid_plural} & set(entry.msgstr_plural.values())
    ]
    assert french == []


def test_french_plural_entries_follow_the_french_rule():
    """French puts 0 and 1 in the singular ("1 tâche terminée"): each plural entry has both forms,
    under the catalogue's French plural rule (an empty entry would fall back to n != 1)."""
    po = polib.pofile(str(LOCALE / "fr_CA" / "LC_MESSAGES" / "django.po"))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    incomplete = [entry.msgid for entry in po if entry.msgid_plural and not all(entry.msgstr_plural.values())]
    assert incomplete == []


def test_plurals_render_in_each_language():
    from django.utils import translation

    with translation.override("fr-ca"):
        for count in (0, 1):
            text = translation.ngettext("%(total)s contenu", "%(total)s contenus", count) % {"total": count}
            assert text == f"{count} contenu"
        assert translation.ngettext("%(total)s contenu", "%(total)s contenus", 4) % {"total": 4} == "4 contenus"
    with translation.override("en"):
        assert translation.ngettext("%(total)s contenu", "%(total)s contenus", 4) % {"total": 4} == "4 items"
        assert translation.ngettext("%(total)s contenu", "%(total)s contenus", 1) % {"total": 1} == "1 item"
