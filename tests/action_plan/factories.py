import datetime

import factory
from django.utils import timezone

from accounts.models import Occupation, Profile, Region
from action_plan.models import DeliverableType, PlanTemplate, StepLink, TemplateStep
from tests.accounts.factories import ParticipantFactory


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)


class ProfileFactory(factory.django.DjangoModelFactory):
    """A participant whose onboarding is complete: arrived in Montréal, health occupation, regulated."""

    class Meta:
        model = Profile

    user = factory.SubFactory(ParticipantFactory)
    stage = Profile.Stage.ARRIVED
    region = factory.LazyFunction(lambda: region("06"))
    occupation = factory.LazyFunction(lambda: occupation("3"))
    occupation_regulated = True
    french_level = 8
    household = Profile.Household.ALONE
    mode = Profile.Mode.SELF_TRAINING
    onboarding_completed_at = factory.LazyFunction(timezone.now)


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTemplate

    slug = factory.Sequence(lambda n: f"modele-{n}")
    version = 1
    name_fr = factory.Sequence(lambda n: f"Modèle {n}")
    name_en = factory.Sequence(lambda n: f"Template {n}")
    weeks = 11
    status = PlanTemplate.Status.PUBLISHED
    is_default = False
    published_at = factory.LazyFunction(timezone.now)


class TemplateStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateStep

    template = factory.SubFactory(PlanTemplateFactory)
    key = factory.Sequence(lambda n: f"etape-{n}")
    week = 1
    order = factory.Sequence(lambda n: n)
    title_fr = factory.Sequence(lambda n: f"Étape {n} à {{region}}")
    title_en = factory.Sequence(lambda n: f"Step {n} in {{region}}")
    instructions_fr = "Cherchez **trois** faits sur {region}."
    instructions_en = "Find **three** facts about {region}."
    deliverable_type = DeliverableType.TEXT


class StepLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepLink

    step = factory.SubFactory(TemplateStepFactory)
    kind = "url"
    url = "https://www.quebec.ca/"
    label_fr = "Québec.ca"
    label_en = "Québec.ca"


def template_with_steps(count: int, *, weeks: int = 11, **template_fields) -> PlanTemplate:
    template = PlanTemplateFactory(weeks=weeks, **template_fields)
    for index in range(count):
        step = TemplateStepFactory(template=template, week=index % weeks + 1)
        StepLinkFactory(step=step)
        StepLinkFactory(step=step, kind="job_offers", url="", query="region={region_code}")
    return template


def open_start() -> datetime.date:
    """A Monday twelve weeks ago: every week of an eleven-week plan is open today."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday(), weeks=12)


def monday(year: int = 2027, month: int = 1, day: int = 4) -> datetime.date:
    date = datetime.date(year, month, day)
    assert date.weekday() == 0
    return date


def owner_plan(user):
    """A plan from the shipped template for this participant (profile made if missing)."""
    from action_plan import services
    from action_plan.models import Plan

    plan = Plan.objects.filter(user=user).first()
    if plan is not None:
        return plan
    profile = Profile.objects.filter(user=user).first() or ProfileFactory(user=user)
    return services.plan_generate(profile=profile, start_date=open_start())


def owner_plan_task(user, *, coach=None, with_file: bool = False, submitted: bool = False):
    """A task of the participant's plan: a written answer, or the CV file; submitted for review if asked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from action_plan import services
    from coaching.models import Assignment

    plan = owner_plan(user)
    if coach is not None or submitted:
        plan.accompanied = True
        plan.save(update_fields=["accompanied"])
    if coach is not None:
        Assignment.objects.get_or_create(participant=user, coach=coach, ended_at=None)
    if with_file:
        task = plan.tasks.get(step_key="cv-quebecois")
        upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        services.task_save_draft(task=task, file=upload)
    else:
        task = plan.tasks.get(step_key="objectifs-du-parcours")
        services.task_save_draft(task=task, answer_text="Mes objectifs")
    if submitted:
        services.task_submit(task=task)
    return task
