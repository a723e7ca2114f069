"""The one place that decides which of a model's French/English texts to show."""

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "fr").startswith("en")


def bilingual(obj, field: str) -> str:
    """The English text when the active language is English and it exists, else the French one."""
    if english_active():
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_fr", "")
