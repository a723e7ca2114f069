"""One registry through which every app declares the personal data it holds (Québec's Law 25).

An app registers, in its AppConfig.ready():
    register_personal_data("forum", export=forum_export_for, erase=forum_erase_for)
`export(user) -> dict | list` returns JSON-serialisable data; `erase(user) -> None` removes or
anonymises that app's personal data (forum posts stay readable under an anonymous name).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable
    erase: Callable | None = None


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(name: str, *, export: Callable, erase: Callable | None = None) -> None:
    _sections[name] = PersonalDataSection(name=name, export=export, erase=erase)


def personal_data_sections() -> list[PersonalDataSection]:
    return [_sections[name] for name in sorted(_sections)]
