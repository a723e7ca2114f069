import factory

from coaching.models import Assignment
from tests.accounts.factories import CoachFactory, ParticipantFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    participant = factory.SubFactory(ParticipantFactory)
    coach = factory.SubFactory(CoachFactory)
