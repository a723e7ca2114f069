"""Profiles and occupations for the onboarding and profile tests."""

import factory
from django.utils import timezone

from accounts.models import Occupation, Profile, Region
from tests.accounts.factories import ParticipantFactory


def region(code: str = "06") -> Region:
    return Region.objects.get(code=code)


def broad_category(code: str = "2") -> Occupation:
    return Occupation.objects.get(code=code)


class UnitGroupFactory(factory.django.DjangoModelFactory):
    """A 5-digit NOC unit group under a broad category (the data migration loads only those)."""

    class Meta:
        model = Occupation
        django_get_or_create = ["code"]

    code = "21300"
    name_fr = "Ingénieurs civils/ingénieures civiles"
    name_en = "Civil engineers"
    level = Occupation.Level.UNIT_GROUP
    parent = factory.LazyFunction(lambda: broad_category("2"))


class OnboardedProfileFactory(factory.django.DjangoModelFactory):
    """A participant who finished onboarding: CSQ received, Montréal, natural sciences, French 6."""

    class Meta:
        model = Profile

    user = factory.SubFactory(ParticipantFactory)
    stage = Profile.Stage.CSQ_RECEIVED
    csq_number = "Q-2026-123456"
    country_of_residence = "MA"
    city_of_residence = "Casablanca"
    region = factory.LazyFunction(lambda: region("06"))
    municipality = "Montréal"
    occupation = factory.LazyFunction(lambda: broad_category("2"))
    years_of_experience = 7
    highest_diploma = Profile.Diploma.MASTER
    diploma_country = "MA"
    french_level = 6
    english_level = 4
    household = Profile.Household.COUPLE
    mode = Profile.Mode.SELF_TRAINING
    onboarding_step = "household"
    onboarding_completed_at = factory.LazyFunction(timezone.now)


def give_profile(user, *, region: str | None = "06", occupation=None, stage="arrived", french_level=None) -> Profile:
    """Gives `user` a profile (or replaces theirs): a region code, an occupation code or Occupation."""
    if isinstance(occupation, str):
        occupation = Occupation.objects.get(code=occupation)
    return Profile.objects.update_or_create(
        user=user,
        defaults={
            "region": Region.objects.get(code=region) if region else None,
            "occupation": occupation,
            "stage": stage,
            "french_level": french_level,
        },
    )[0]
