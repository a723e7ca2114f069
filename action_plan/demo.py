"""Demo data for `make run`: the demo participant's plan, with some work done and one review waiting."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Occupation, Profile, Region, User
from action_plan import services
from action_plan.default_template import load_default_template
from action_plan.models import Plan, PlanTemplate, StepLink, TemplateStep


@transaction.atomic
def demo_plan_ensure(*, participant: User, coach: User | None = None) -> Plan | None:
    """Give the demo participant a completed profile (if onboarding was not done) and a plan.

    Safe to run again: an existing plan is left as it is.
    """
    load_default_template(PlanTemplate, TemplateStep, StepLink)
    profile, _created = Profile.objects.get_or_create(user=participant)
    if not profile.onboarding_completed:
        today = timezone.localdate()
        profile.stage = Profile.Stage.PR_VISA
        profile.country_of_residence = "MA"
        profile.arrival_date = today + datetime.timedelta(weeks=6)
        profile.region = Region.objects.filter(code="03").first()
        profile.occupation = Occupation.objects.filter(code="3").first()
        profile.occupation_regulated = True
        profile.french_level = 7
        profile.household = Profile.Household.WITH_CHILDREN
        profile.mode = Profile.Mode.ACCOMPANIED if coach else Profile.Mode.SELF_TRAINING
        profile.onboarding_completed_at = timezone.now()
        profile.save()
    existing = Plan.objects.filter(user=participant).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    start = today - datetime.timedelta(days=today.weekday() + 7)  # started last week: two weeks open
    plan = services.plan_generate(profile=profile, start_date=start)
    first = plan.tasks.filter(week=1).order_by("order").first()
    if first is not None and first.deliverable_type == "text":
        services.task_save_draft(
            task=first,
            answer_text="1. Trouver un logement près de mon futur travail.\n"
            "2. Obtenir mon permis de l'ordre professionnel.\n"
            "3. Atteindre le niveau 8 en français d'ici un an.",
        )
    if coach is not None:
        from coaching.models import Assignment
        from coaching.services import assignment_create

        if not Assignment.objects.filter(participant=participant, ended_at__isnull=True).exists():
            assignment_create(participant=participant, coach=coach, note="demo")
        if first is not None:
            services.task_submit(task=first)
    return plan
