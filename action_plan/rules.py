"""Pure functions: which steps a profile gets, texts with placeholders filled, task dates.

No database access here, so generation costs the same number of queries whatever the size of
the template, and these rules are tested without a database.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from django.utils.html import escape
from django.utils.translation import gettext, override

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@dataclass(frozen=True)
class ProfileFacts:
    """What the rules look at, read once from the profile."""

    is_abroad: bool
    region_code: str
    region_name_fr: str
    region_name_en: str
    occupation_code: str
    occupation_name_fr: str
    occupation_name_en: str
    regulated: bool | None
    french_level: int | None
    has_children: bool
    order_name_fr: str
    order_name_en: str


def facts_from_profile(profile, *, order_name_fr: str = "", order_name_en: str = "") -> ProfileFacts:
    region, occupation = profile.region, profile.occupation
    return ProfileFacts(
        is_abroad=profile.is_abroad,
        region_code=region.code if region else "",
        region_name_fr=region.name_fr if region else "",
        region_name_en=(region.name_en or region.name_fr) if region else "",
        occupation_code=occupation.code if occupation else "",
        occupation_name_fr=occupation.name_fr if occupation else "",
        occupation_name_en=(occupation.name_en or occupation.name_fr) if occupation else "",
        regulated=profile.occupation_regulated,
        french_level=profile.french_level,
        has_children=profile.has_children,
        order_name_fr=order_name_fr,
        order_name_en=order_name_en or order_name_fr,
    )


def step_applies(step, facts: ProfileFacts) -> bool:
    """Every condition set on the step must hold (AND); a step without conditions is for everyone.

    An unknown code in a condition simply matches nobody: generation never fails on a rule.
    """
    if step.cond_stage == "abroad" and not facts.is_abroad:
        return False
    if step.cond_stage == "arrived" and facts.is_abroad:
        return False
    if step.region_codes and facts.region_code not in step.region_codes:
        return False
    prefixes = step.occupation_prefixes
    if prefixes and not any(facts.occupation_code and facts.occupation_code.startswith(p) for p in prefixes):
        return False
    if step.cond_regulated is not None and facts.regulated is not step.cond_regulated:
        return False
    if step.cond_french_min is not None and (facts.french_level is None or facts.french_level < step.cond_french_min):
        return False
    if step.cond_french_max is not None and (facts.french_level is None or facts.french_level > step.cond_french_max):
        return False
    return not (step.cond_has_children is not None and facts.has_children is not step.cond_has_children)


def _values(facts: ProfileFacts, language: str) -> dict[str, str]:
    english = language.startswith("en")
    with override(language):
        fallback = {
            "region": gettext("votre région"),
            "occupation": gettext("votre profession"),
            "order": gettext("à trouver dans la liste de l'Office des professions, semaine 3"),
        }
    return {
        "{region}": (facts.region_name_en if english else facts.region_name_fr) or fallback["region"],
        "{occupation}": (facts.occupation_name_en if english else facts.occupation_name_fr) or fallback["occupation"],
        "{order}": (facts.order_name_en if english else facts.order_name_fr) or fallback["order"],
        "{region_code}": facts.region_code,
        "{occupation_code}": facts.occupation_code,
        "{occupation_category}": facts.occupation_code[:1],
    }


def _replace(text: str, values: dict[str, str]) -> str:
    # Plain replacement, not str.format: a stray brace typed by an admin must not break anything.
    for placeholder, value in values.items():
        if placeholder in text:
            text = text.replace(placeholder, value)
    return text


class Filler:
    """The placeholder values of one profile, in both languages, computed once per generation."""

    def __init__(self, facts: ProfileFacts) -> None:
        self.values = {"fr": _values(facts, "fr"), "en": _values(facts, "en")}
        self.escaped = {
            language: {key: escape(value) for key, value in values.items()} for language, values in self.values.items()
        }

    def text(self, text: str, *, language: str) -> str:
        """{region} {occupation} {order} and the codes used in link filters, filled in."""
        return _replace(text, self.values["en" if language.startswith("en") else "fr"])

    def html(self, markdown_text: str, *, language: str) -> str:
        """Markdown rendered and sanitised first (cached: the same for everyone), then filled with
        HTML-escaped values, so a profile's text can never add markup."""
        return _replace(render_markdown(markdown_text), self.escaped["en" if language.startswith("en") else "fr"])


def fill_placeholders(text: str, facts: ProfileFacts, *, language: str) -> str:
    return Filler(facts).text(text, language=language)


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Markdown to HTML, then sanitised: admins write Markdown, participants get safe HTML.

    A pure function of the text, memoised per process (template texts repeat for every plan).
    """
    html = markdown.markdown(text, extensions=["sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")


def checklist_items(text_fr: str, text_en: str) -> list[dict]:
    fr = [line.strip() for line in text_fr.splitlines() if line.strip()]
    en = [line.strip() for line in text_en.splitlines() if line.strip()]
    return [{"fr": label, "en": en[index] if index < len(en) else ""} for index, label in enumerate(fr)]


def next_monday(*, now: datetime.datetime, time_zone: str) -> datetime.date:
    """The next Monday in the person's time zone (a week later when it is Monday there today)."""
    try:
        local_today = now.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        local_today = now.date()
    return local_today + datetime.timedelta(days=7 - local_today.weekday())


@dataclass(frozen=True)
class Slot:
    week: int
    opens_on: datetime.date
    due_on: datetime.date


def schedule(*, template_week: int, timing: str, start_date: datetime.date, arrival_date: datetime.date | None) -> Slot:
    """Dates of a task: its template week, moved to the right side of the arrival date if needed.

    Before-arrival tasks are due the day before arrival at the latest; after-arrival tasks open on
    the arrival date at the earliest. The task's week follows its opening date.
    """
    opens = start_date + datetime.timedelta(weeks=template_week - 1)
    due = opens + datetime.timedelta(days=6)
    if arrival_date is not None:
        if timing == "before_arrival" and due >= arrival_date:
            due = max(arrival_date - datetime.timedelta(days=1), start_date)
            opens = max(min(opens, due - datetime.timedelta(days=6)), start_date)
        elif timing == "after_arrival" and opens < arrival_date:
            opens = arrival_date
            due = opens + datetime.timedelta(days=6)
    week = max(1, (opens - start_date).days // 7 + 1)
    return Slot(week=week, opens_on=opens, due_on=due)


def current_week(*, start_date: datetime.date, local_today: datetime.date) -> int:
    """The plan week that `local_today` (the person's own date) falls in; < 1 before the start."""
    return (local_today - start_date).days // 7 + 1
