"""What is computed once per server process and kept in its memory: the page chrome, the admin's
index, empty forms' HTML (issue 16). Only for values that a key says whole (the language, who
asks, the content's digest...) and that change with the code alone, never with the database.

Each memo is bounded: when full it starts again empty (the keys are few: languages × roles ×
pages), and every memo forgets all when a test changes a setting (ROOT_URLCONF, LANGUAGES,
TEMPLATES make other HTML).
"""

from collections.abc import Callable, Hashable
from typing import Any

from django.dispatch import receiver
from django.test.signals import setting_changed

_memos: list["ProcessMemo"] = []


class ProcessMemo:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: dict[Hashable, Any] = {}
        _memos.append(self)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value kept under `key`, else `compute()` kept (None is never kept)."""
        value = self._values.get(key)
        if value is None:
            value = compute()
            if value is not None:
                if len(self._values) >= self.max_entries:
                    self._values.clear()
                self._values[key] = value
        return value

    def clear(self) -> None:
        self._values.clear()


@receiver(setting_changed)
def forget_all(**kwargs) -> None:
    for memo in _memos:
        memo.clear()
