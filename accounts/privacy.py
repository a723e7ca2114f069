"""One registry through which every app declares the personal data it holds (Québec's Law 25).

An app registers, in its AppConfig.ready():
    register_personal_data("forum", export=forum_personal_data_export, erase=forum_personal_data_erase,
                           label=_("Forum"))
The hooks are module functions named `<app>_personal_data_export(*, user)` and
`<app>_personal_data_erase(*, user)` (keyword-only; called as `export(user=user)`).
`export` returns JSON-serialisable data (it feeds both the JSON download
and the readable HTML page of "Download my data"); `erase` removes or anonymises
that app's personal data (forum posts stay readable under an anonymous name). Every erase is
called by accounts.erasure.account_erase inside one transaction, before the User row itself is
anonymised (it is kept, so foreign keys to it stay valid).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable
    erase: Callable | None = None
    label: str | None = None  # shown as the section's heading on the HTML export (lazy translation)


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(
    name: str, *, export: Callable, erase: Callable | None = None, label: str | None = None
) -> None:
    _sections[name] = PersonalDataSection(name=name, export=export, erase=erase, label=label)


def unregister_personal_data(name: str) -> None:
    """For tests that register a section of their own."""
    _sections.pop(name, None)


def personal_data_sections() -> list[PersonalDataSection]:
    return [_sections[name] for name in sorted(_sections)]


def personal_data_export(*, user) -> dict:
    """Everything the portal holds on this person, one key per registered section."""
    return {section.name: section.export(user=user) for section in personal_data_sections()}
