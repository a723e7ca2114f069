import pytest
from django.test import Client

from action_plan import services
from tests.action_plan.factories import ProfileFactory, open_start


@pytest.fixture
def profile(db):
    return ProfileFactory()


@pytest.fixture
def plan(profile):
    """A plan from the shipped default template, started on a Monday in the past so weeks are open."""
    return services.plan_generate(profile=profile, start_date=open_start())


@pytest.fixture
def owner_client(plan) -> Client:
    client = Client()
    client.force_login(plan.user)
    return client
