"""One registry through which every app declares the personal data it holds (Québec's Law 25).

An app registers, in its AppConfig.ready():
    register_personal_data("forum", export=forum_personal_data_export, erase=forum_personal_data_erase,
                           label=_("Forum"))
The hooks are module functions named `<app>_personal_data_export(*, user)` and
`<app>_personal_data_erase(*, user)` (keyword-only; called as `export(user=user)`).
`export` returns JSON-serialisable data (it feeds both the JSON download
and the readable HTML page of "Download my data"): dicts keyed by field names, lists, and plain
values. So that one export serves both readers, a value that a person would not read as is goes
through one of the helpers below: `coded(code, label)` / `choice(instance, "field")` for a code
(the JSON keeps "submitted", the page shows « Remis »), `moment(datetime)` and `day(date)` for
times (the JSON keeps ISO 8601, the page shows them in the person's zone and language;
`moment(..., shown=text)` gives the page a wording of the app's own, e.g. coaching's time in
the person's zone with Montréal's beside it, for an appointment between two people).
Each is a `str` holding what the JSON writes, so code comparing with plain strings still works.
`labels={"key": _("Label")}` names the keys that are not fields of the portal's models (a
field's key is shown by its verbose_name); a test fails on any key left unnamed. `erase` removes or anonymises
that app's personal data (forum posts stay readable under an anonymous name). Every erase is
called by accounts.erasure.account_erase inside one transaction, before the User row itself is
anonymised (it is kept, so foreign keys to it stay valid).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from integration_portal.choice_labels import choice_label


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable
    erase: Callable | None = None
    label: str | None = None  # shown as the section's heading on the HTML export (lazy translation)
    labels: Mapping[str, str] = field(default_factory=dict)  # key -> label (lazy), for keys that are no field
    order: int = 100  # on the page, the person's own account and profile come first; then by name


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(
    name: str,
    *,
    export: Callable,
    erase: Callable | None = None,
    label: str | None = None,
    labels: Mapping[str, str] | None = None,
    order: int = 100,
) -> None:
    _sections[name] = PersonalDataSection(
        name=name, export=export, erase=erase, label=label, labels=labels or {}, order=order
    )


def unregister_personal_data(name: str) -> None:
    """For tests that register a section of their own."""
    _sections.pop(name, None)


def personal_data_sections() -> list[PersonalDataSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def personal_data_export(*, user) -> dict:
    """Everything the portal holds on this person, one key per registered section."""
    return {section.name: section.export(user=user) for section in personal_data_sections()}


# --- Values with a machine form (the JSON) and a human one (the page) -----------------------------


class Coded(str):
    """A code for machines ("submitted", "MA", "fr-ca") carrying its label for people."""

    label: str

    def __new__(cls, code: str, label) -> "Coded":
        value = super().__new__(cls, code)
        value.label = label
        return value


class Moment(str):
    """An instant: ISO 8601 for machines, the datetime itself (or the app's wording) for the page."""

    value: datetime
    shown: str | None

    def __new__(cls, value: datetime, *, shown: str | None = None) -> "Moment":
        text = super().__new__(cls, value.isoformat())
        text.value, text.shown = value, shown
        return text


class Day(str):
    value: date

    def __new__(cls, value: date) -> "Day":
        text = super().__new__(cls, value.isoformat())
        text.value = value
        return text


class CodedNumber(int):
    """The same for a number code (a level), so that the JSON keeps a number."""

    label: str

    def __new__(cls, code: int, label) -> "CodedNumber":
        value = super().__new__(cls, code)
        value.label = label
        return value


def coded(code, label) -> Coded | CodedNumber | None:
    if code is None or code == "":
        return None
    if isinstance(code, int) and not isinstance(code, bool):
        return CodedNumber(code, label)
    return Coded(str(code), label)


def choice_of(model, field_name: str, code) -> Coded | CodedNumber | None:
    """A choice field's code with its label, for a code read with .values() (no instance)."""
    return coded(code, choice_label(model, field_name, code))


def choice(instance, field_name: str) -> Coded | CodedNumber | None:
    """The same from an instance, e.g. choice(task, "status")."""
    return choice_of(instance._meta.model, field_name, getattr(instance, field_name))


def moment(value: datetime | None, *, shown: str | None = None) -> Moment | None:
    return None if value is None else Moment(value, shown=shown)


def day(value: date | None) -> Day | None:
    return None if value is None else Day(value)
