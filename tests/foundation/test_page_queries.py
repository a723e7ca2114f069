"""Every page a person opens runs a known number of queries, whatever the number of rows.

Each row of PAGES says who opens which page, the exact count and what the queries are. The pages
whose lists grow (plan tasks, content, offers, participants) are measured again after more rows
are added: the count must not move. Pages already pinned elsewhere are listed at the bottom.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile
from accounts.policies import consent_record, current_policies
from action_plan import services as plan_services
from coaching.models import Assignment
from tests.accounts.factories import CoachFactory
from tests.accounts.profile_factories import OnboardedProfileFactory
from tests.action_plan.factories import ProfileFactory, open_start
from tests.content.factories import ArticleFactory, CapsuleFactory, OrganisationFactory, order
from tests.job_feed.factories import JobOfferFactory, region

pytestmark = pytest.mark.django_db


class World:
    """An accompanied participant with a plan, their coach, and some of every kind of content."""

    def __init__(self) -> None:
        self.profile = ProfileFactory(mode=Profile.Mode.ACCOMPANIED)
        self.participant = self.profile.user
        self.plan = plan_services.plan_generate(profile=self.profile, start_date=open_start())
        self.coach = CoachFactory()
        Assignment.objects.create(participant=self.participant, coach=self.coach)
        self.task = self.plan.tasks.filter(deliverable_type="text").order_by("week", "order").first()
        plan_services.task_save_draft(task=self.task, answer_text="Mes objectifs")
        plan_services.task_submit(task=self.task)
        self.order_url = order().get_absolute_url()
        self.onboarding = OnboardedProfileFactory(onboarding_completed_at=None, onboarding_step="languages")
        for person in (self.participant, self.coach, self.onboarding.user):
            consent_record(user=person, policies=current_policies())
        self.more()

    def more(self) -> None:
        """Rows of every list: called once, then again to check that no page grows with them."""
        CapsuleFactory()
        self.capsule = CapsuleFactory()
        ArticleFactory()
        self.article = ArticleFactory()
        OrganisationFactory(region=region("06"))
        self.organisation = OrganisationFactory(region=region("06"))
        JobOfferFactory(region=region("06"))
        other = ProfileFactory(mode=Profile.Mode.ACCOMPANIED)
        Assignment.objects.create(participant=other.user, coach=self.coach)

    def client_for(self, who: str) -> Client:
        client = Client()
        person = {"participant": self.participant, "coach": self.coach, "onboarding": self.onboarding.user}.get(who)
        if person is not None:
            client.force_login(person)
        return client


@pytest.fixture
def world() -> World:
    return World()


def count(client: Client, url: str) -> int:
    # Warm: what the portal caches across requests (filter choices…) is counted once cached.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


# Every signed-in page starts with the user (1; sessions live in the cache); staff pages then check
# that two-factor authentication is set up (1). "profile" = the profile with region and occupation.
PAGES = {
    # name: (who, url, queries)
    # user, profile, next tasks (which prove the plan exists: its own row is read only when none
    # is open), next interviews, current coach: the real dashboard with all its blocks. Warm (see
    # count()): the occupation's order, the content suggestions and their cards, and the offers'
    # candidates and rows come from the cache, and the forum's cached count of unread
    # notifications (nought here) spares its "replies for you" query. 5 (was 9, issue 16).
    "dashboard": ("participant", lambda w: reverse("accounts:dashboard"), 5),
    "profile": ("participant", lambda w: reverse("accounts:profile"), 2),  # user, profile
    # user, profile, the regions of the form's list
    "profile_edit": ("participant", lambda w: reverse("accounts:profile_edit", args=["settlement"]), 3),
    "onboarding_situation": ("onboarding", lambda w: reverse("accounts:onboarding_step", args=["situation"]), 2),
    # user, profile, regions
    "onboarding_settlement": ("onboarding", lambda w: reverse("accounts:onboarding_step", args=["settlement"]), 3),
    # user, profile; warm: the occupations' list comes from the cache (accounts.choices)
    "onboarding_occupation": ("onboarding", lambda w: reverse("accounts:onboarding_step", args=["occupation"]), 2),
    "onboarding_languages": ("onboarding", lambda w: reverse("accounts:onboarding_step", args=["languages"]), 2),
    "onboarding_household": ("onboarding", lambda w: reverse("accounts:onboarding_step", args=["household"]), 2),
    "account_delete": ("participant", lambda w: reverse("accounts:account_delete"), 1),  # user
    "plan_settings": ("participant", lambda w: reverse("action_plan:settings"), 2),  # user, plan with template
    # user, plan with template, tasks, links of the tasks
    "plan_print": ("participant", lambda w: reverse("action_plan:print"), 4),
    # user, profile, plan with template, newer template?, tasks (those with work)
    "plan_refresh": ("participant", lambda w: reverse("action_plan:refresh"), 5),
    "plan_calendar": ("participant", lambda w: reverse("action_plan:calendar"), 3),  # user, plan, tasks
    # user, 2FA, task with plan and participant, its links, the coach's assignment, the access log row
    "review_task": ("coach", lambda w: reverse("action_plan:review_task", args=[w.task.pk]), 6),
    # user, capsule, themes, sources, captions, chapters, checkpoints (their choices too when there are
    # some: one more query, whatever their number), progress, answers
    "capsule": ("participant", lambda w: w.capsule.get_absolute_url(), 9),
    # the same without the progress
    "capsule_read": ("participant", lambda w: reverse("content:capsule_read", args=[w.capsule.pk, w.capsule.slug]), 8),
    # user, profile; warm: the filter choices, the "for you" ranking and the cards (capsules and
    # their themes) come from the cache
    "capsule_list": ("participant", lambda w: reverse("content:capsule_list"), 2),
    "article": ("participant", lambda w: w.article.get_absolute_url(), 4),  # user, article, themes, regions
    "article_list": ("participant", lambda w: reverse("content:article_list"), 2),  # as capsule_list
    # user, organisation with region, its services
    "organisation": ("participant", lambda w: w.organisation.get_absolute_url(), 3),
    # user, profile, the participant's order, orders, their occupations
    "profession_list": ("participant", lambda w: reverse("content:profession_list"), 5),
    "profession": ("participant", lambda w: w.order_url, 3),  # user, order, its occupations
    # user, 2FA, the caseload (assignments, profiles, plans: one query), its plan tasks, next
    # interviews and unanswered forum questions (one grouped query each), the coach's upcoming
    # interviews, the forum's questions waiting for a coach (a dashboard block)
    "coaching_dashboard": ("coach", lambda w: reverse("coaching:dashboard"), 8),
    # user, 2FA, participant with assignment and profile, the access log (one row per day), plan
    # tasks, reviews, interviews, the coach's notes
    "coaching_participant": ("coach", lambda w: reverse("coaching:participant_detail", args=[w.participant.pk]), 8),
    "home_anonymous": ("anonymous", lambda w: reverse("home"), 0),
    # two counts (capsules, articles), the scored union; warm: the filter choices and the cards
    # (capsules, articles and their themes) come from the cache
    "library_anonymous": ("anonymous", lambda w: reverse("content:library"), 3),
}
# Pinned in their app's tests: home (tests/foundation/test_pages.py), timeline, task page and review
# list (tests/action_plan/test_views.py), library and search and organisation list
# (tests/content/test_views.py), offers list, offer and saved offers (tests/job_feed/test_views.py),
# privacy export (tests/accounts/test_privacy_export.py).


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_runs_a_fixed_number_of_queries_whatever_the_rows(world, name):
    who, url, expected = PAGES[name]
    counts = [count(world.client_for(who), url(world))]
    world.more()
    counts.append(count(world.client_for(who), url(world)))
    assert counts == [expected, expected]
