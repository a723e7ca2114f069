import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from action_plan import services
from tests.action_plan.factories import ProfileFactory, open_start


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in English leaves English active in the test thread (reverse() would then give
    /en/ URLs to the next test): start each test from the site's default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def plan_emails_sent_in_process(celery_eager):
    """The plan's e-mails leave through a task queued on commit: here it runs in the test process."""


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
