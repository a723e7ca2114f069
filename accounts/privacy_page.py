"""The readable form of "Download my data": the registry's export written for a person.

Keys become labels in the person's language (the section's own `labels`, else the field's
verbose_name among the portal's models), codes their label, times the person's zone and
language (or the app's own wording, e.g. Montréal's time beside an interview's). The JSON
download is the same export, untouched.
"""

import functools
import zoneinfo
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext, pgettext

from accounts.privacy import Coded, CodedNumber, Day, Moment, PersonalDataSection, personal_data_sections


@functools.cache
def _field_labels() -> dict:
    """Exported keys are mostly model field names: show them by the fields' translated names."""
    labels = {}
    # Only the portal's own models: their wording is ours (a library's could be English-only).
    ours = str(settings.BASE_DIR)
    for model in apps.get_models():
        if not model._meta.app_config.path.startswith(ours) or model._meta.app_label == "reporting":
            continue
        for field in model._meta.concrete_fields:
            labels.setdefault(field.name, field.verbose_name)
    return labels


def key_label(section: PersonalDataSection, key: str) -> str | None:
    """The label of one key, or None when neither the section nor a field names it."""
    label = section.labels.get(key) or _field_labels().get(key)
    return None if label is None else str(capfirst(label))


@functools.lru_cache(maxsize=4096)
def _escaped_label(language: str, section_name: str, key: str) -> str:
    """Escaped once per language: the same few dozen keys label thousands of rows."""
    section = next(s for s in personal_data_sections() if s.name == section_name)
    return escape(key_label(section, key) or key.replace("_", " "))


def unlabelled_keys(section: PersonalDataSection, value) -> set[str]:
    """Keys of this export that would be shown as their raw name (the tests want none)."""
    missing = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key_label(section, str(key)) is None:
                missing.add(str(key))
            missing |= unlabelled_keys(section, item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            missing |= unlabelled_keys(section, item)
    return missing


def local_moment(value: datetime, zone) -> str:
    """In the person's zone, in their language: "30 novembre 2026, 4 h 30" / "Nov. 30, 2026, 4:30 a.m."."""
    # Not DATETIME_FORMAT: Django's fr_CA one reads "H h i", whose unescaped h is the hour again.
    return dateformat.format(
        timezone.localtime(value, zone), pgettext("date and time in the data export", r"N j, Y, P")
    )


FOLD_AFTER = 3
# The keys that name a record best, in order; else its first plain value.
TITLE_KEYS = ("title", "topic", "capsule", "question", "with", "coach", "document", "starts_at", "at")


def item_title(item: dict):
    for key in TITLE_KEYS:
        if item.get(key) not in (None, ""):
            return item[key]
    return next((value for value in item.values() if isinstance(value, (str, int)) and value != ""), "…")


class _Writer:
    """Builds the page by appending escaped pieces to one list: faster than a recursive template,
    and than format_html on each of the thousands of values of a long plan (issue 16)."""

    def __init__(self, section: PersonalDataSection, zone_key: str):
        self.section = section
        self.zone_key = zone_key
        self.zone = zoneinfo.ZoneInfo(zone_key)
        self.language = get_language()
        self.parts: list[str] = []

    def write(self, value) -> None:
        parts = self.parts
        if isinstance(value, dict):
            parts.append('<dl class="export-fields">')
            for key, item in value.items():
                parts.append("<dt>")
                parts.append(_escaped_label(self.language, self.section.name, str(key)))
                parts.append("</dt><dd>")
                self.write(item)
                parts.append("</dd>")
            parts.append("</dl>")
        elif isinstance(value, (list, tuple)):
            if not value:
                parts.append(f'<span class="text-body-secondary">{escape(gettext("(aucune donnée)"))}</span>')
                return
            # A long list of records (a plan's tasks, forum posts) folds each under its title; short
            # records (a checklist's items) stay open.
            fold = len(value) > FOLD_AFTER and all(isinstance(item, dict) and len(item) > 3 for item in value)
            parts.append('<ol class="export-list">')
            for item in value:
                parts.append("<li>")
                if fold:
                    parts.append('<details class="export-item"><summary>')
                    self.write(item_title(item))
                    parts.append("</summary>")
                self.write(item)
                parts.append("</details></li>" if fold else "</li>")
            parts.append("</ol>")
        elif isinstance(value, bool):
            parts.append(escape(gettext("oui") if value else gettext("non")))
        elif value is None or value == "":
            parts.append('<span class="text-body-secondary">—</span>')
        elif isinstance(value, (Coded, CodedNumber)):
            parts.append(escape(str(value.label)))
        elif isinstance(value, Moment):
            self.write_moment(value)
        elif isinstance(value, Day):
            parts.append(escape(formats.date_format(value.value, "DATE_FORMAT")))
        else:
            parts.append(str(conditional_escape(value)))

    def write_moment(self, value: Moment) -> None:
        if value.shown:
            self.parts.append(escape(value.shown))
            return
        iso = timezone.localtime(value.value, self.zone).isoformat(timespec="minutes")
        self.parts.append(f'<time datetime="{iso}">{escape(local_moment(value.value, self.zone))}</time>')


def section_count(value) -> int | None:
    return len(value) if isinstance(value, (list, tuple)) else None


def readable_sections(data: dict, *, zone_key: str) -> list[dict]:
    """One entry per registered section: its heading, how many rows, and its HTML."""
    sections = []
    for section in personal_data_sections():
        value = data[section.name]
        writer = _Writer(section, zone_key)
        writer.write(value)
        count = section_count(value)
        sections.append(
            {
                "name": section.name,
                "label": section.label or section.name,
                "count": ngettext("%(count)s élément", "%(count)s éléments", count) % {"count": count}
                if count
                else None,
                "empty": value in (None, [], {}),
                "html": mark_safe("".join(writer.parts)),
            }
        )
    return sections
