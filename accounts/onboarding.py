"""Onboarding: the participant's profile in five steps, each saved when completed, resumable.

The same steps are the sections of the profile page afterwards. Writes go through
profile_save_step(); it sends onboarding_completed once (at the last step) and, after onboarding,
profile_updated with the fields that changed, both once the transaction commits.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import forms as profile_forms
from accounts.models import Profile, User
from accounts.signals import onboarding_completed, profile_updated
from integration_portal.choice_labels import choice_label

# Fields of a step's form that belong to the user rather than to the profile.
USER_FIELDS = frozenset({"time_zone"})


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    form_class: type[forms.ModelForm]


STEPS: tuple[Step, ...] = (
    Step("situation", _("Votre situation"), profile_forms.SituationForm),
    Step("settlement", _("Votre établissement"), profile_forms.SettlementForm),
    Step("occupation", _("Votre profession"), profile_forms.OccupationForm),
    Step("languages", _("Vos langues"), profile_forms.LanguagesForm),
    Step("household", _("Votre ménage et votre formule"), profile_forms.HouseholdForm),
)
STEP_KEYS = tuple(step.key for step in STEPS)


def step_by_key(key: str) -> Step | None:
    return next((step for step in STEPS if step.key == key), None)


def step_number(step: Step) -> int:
    return STEP_KEYS.index(step.key) + 1


def first_incomplete_step(profile: Profile) -> Step | None:
    """Where onboarding resumes: the step after the last one completed; None once finished."""
    if profile.onboarding_completed:
        return None
    if profile.onboarding_step not in STEP_KEYS:
        return STEPS[0]
    index = STEP_KEYS.index(profile.onboarding_step) + 1
    return STEPS[index] if index < len(STEPS) else STEPS[-1]


def step_is_open(profile: Profile, step: Step) -> bool:
    """Steps already completed can be revisited; steps after the first incomplete one cannot."""
    resume = first_incomplete_step(profile)
    return resume is None or STEP_KEYS.index(step.key) <= STEP_KEYS.index(resume.key)


def profile_of_participant(user: User) -> Profile:
    """The participant's profile, made empty on first use. One query (two the first time)."""
    profile = Profile.objects.select_related("region", "occupation").filter(user=user).first()
    if profile is None:
        profile, _created = Profile.objects.get_or_create(user=user)
    profile.user = user
    return profile


def _value_key(value) -> object:
    if isinstance(value, Model):
        return value.pk
    if value is None:
        return None
    return str(value) if not isinstance(value, (bool, int)) else value


@dataclass(frozen=True)
class StepSaved:
    profile: Profile
    changed_fields: frozenset[str]
    completed_now: bool


@transaction.atomic
def profile_save_step(*, user: User, step_key: str, values: dict) -> StepSaved:
    """Save one step's cleaned values on the participant's profile (and time zone on the user).

    Locks the profile row, so two submissions of the last step cannot both complete onboarding.
    During onboarding it advances the resume point; the last step sets onboarding_completed_at
    and sends onboarding_completed once. After onboarding it sends profile_updated(changed_fields)
    if something changed. Signals are sent on commit.
    """
    step = step_by_key(step_key)
    if step is None:
        raise ValueError(f"unknown onboarding step {step_key!r}")
    Profile.objects.get_or_create(user=user)
    profile = Profile.objects.select_for_update(of=("self",)).select_related("region", "occupation").get(user=user)
    profile.user = user
    allowed = set(step.form_class._meta.fields)
    changed: set[str] = set()
    profile_fields: list[str] = []
    for name, value in values.items():
        if name not in allowed:
            continue
        if name in USER_FIELDS:
            if getattr(user, name) != value:
                setattr(user, name, value)
                user.save(update_fields=[name])
                changed.add(name)
            continue
        if _value_key(getattr(profile, name)) != _value_key(value):
            changed.add(name)
        setattr(profile, name, value)
        profile_fields.append(name)

    completed_now = False
    was_completed = profile.onboarding_completed
    if not was_completed:
        resume = first_incomplete_step(profile)
        if resume is not None and resume.key == step.key:
            profile.onboarding_step = step.key
            profile_fields.append("onboarding_step")
            if step.key == STEP_KEYS[-1]:
                profile.onboarding_completed_at = timezone.now()
                profile_fields.append("onboarding_completed_at")
                completed_now = True
    profile.save(update_fields=[*profile_fields, "updated_at"])

    if completed_now:
        transaction.on_commit(lambda: onboarding_completed.send(sender=Profile, profile=profile))
    elif was_completed and changed:
        frozen = frozenset(changed)
        transaction.on_commit(lambda: profile_updated.send(sender=Profile, profile=profile, changed_fields=set(frozen)))
    return StepSaved(profile=profile, changed_fields=frozenset(changed), completed_now=completed_now)


def profile_summary(profile: Profile) -> list[dict]:
    """Each step with (label, value shown) for its fields: the profile page. No query beyond the
    profile loaded with its region and occupation."""
    from django.utils.formats import date_format, time_format

    empty = _("Non précisé")
    sections = []
    for step in STEPS:
        rows = []
        for name in step.form_class._meta.fields:
            label = step.form_class.base_fields[name].label
            if name in USER_FIELDS:
                value = getattr(profile.user, name)
            else:
                value = getattr(profile, name)
                field = Profile._meta.get_field(name)
                if isinstance(value, bool):
                    value = _("Oui") if value else _("Non")
                elif field.choices and value not in (None, ""):
                    value = choice_label(Profile, name, value)
                elif isinstance(value, datetime.time):
                    value = time_format(value, "TIME_FORMAT")
                elif hasattr(value, "isoformat"):
                    value = date_format(value, "DATE_FORMAT")
                elif hasattr(value, "code") and hasattr(value, "name") and not isinstance(value, Model):
                    value = value.name  # django-countries' Country
            rows.append((label, value if value not in (None, "") else empty))
        sections.append({"step": step, "rows": rows})
    return sections
