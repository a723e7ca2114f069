from datetime import timedelta

import factory
from django.utils import timezone

from coaching.models import Assignment, Interview
from tests.accounts.factories import CoachFactory, ParticipantFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    participant = factory.SubFactory(ParticipantFactory)
    coach = factory.SubFactory(CoachFactory)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    participant = factory.SubFactory(ParticipantFactory)
    coach = factory.SubFactory(CoachFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))
