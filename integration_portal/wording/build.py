"""Rebuild locale/fr_CA/LC_MESSAGES/django.po from the installed allauth's French catalogue,
after upgrading allauth:  .venv/bin/python -m integration_portal.wording.build  (then make messages)."""

import re
from pathlib import Path

import allauth
import polib

HERE = Path(__file__).resolve().parent
SOURCE = Path(allauth.__file__).resolve().parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
TARGET = HERE / "locale" / "fr_CA" / "LC_MESSAGES" / "django.po"

# Order matters: the longer phrases first. "mailto:" and %(email)s placeholders are never touched.
REWORDINGS = [
    (r"\bcet e-?mail\b", "ce courriel"),
    (r"\bCet e-?mail\b", "Ce courriel"),
    (r"\bd'e-?mail\b", "de courriel"),
    (r"\bd’e-?mail\b", "de courriel"),
    (r"\badresses e-?mail\b", "adresses courriel"),
    (r"\badresse e-?mail\b", "adresse courriel"),
    (r"\bAdresses e-?mail\b", "Adresses courriel"),
    (r"\bAdresse e-?mail\b", "Adresse courriel"),
    (r"(?<![%({\w:])\be-?mail\b(?!:)", "courriel"),
    (r"(?<![%({\w:])\bE-?mail\b(?!:)", "Courriel"),
    (r"\breçu par mail\b", "reçu par courriel"),
]
# Admin names allauth leaves in English or abbreviated.
EXTRA = {"MFA": "Double authentification", "User Sessions": "Sessions de connexion"}


def reword(text: str) -> str:
    for pattern, replacement in REWORDINGS:
        text = re.sub(pattern, replacement, text)
    return text


def build() -> int:
    source = polib.pofile(str(SOURCE))
    target = polib.POFile()
    target.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "fr_CA",
        "Plural-Forms": source.metadata.get("Plural-Forms", "nplurals=2; plural=(n > 1);"),
    }
    for entry in source:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid in EXTRA:
            target.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=EXTRA[entry.msgid]))
            continue
        if entry.msgid_plural:
            plurals = {index: reword(text) for index, text in entry.msgstr_plural.items()}
            if plurals != entry.msgstr_plural:
                target.append(
                    polib.POEntry(
                        msgctxt=entry.msgctxt,
                        msgid=entry.msgid,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural=plurals,
                        flags=[flag for flag in entry.flags if flag.endswith("-format")],
                    )
                )
        elif entry.msgstr and reword(entry.msgstr) != entry.msgstr:
            target.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgstr=reword(entry.msgstr),
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
            )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    target.save(str(TARGET))
    return len(target)


if __name__ == "__main__":
    print(f"{build()} entries written to {TARGET}")
