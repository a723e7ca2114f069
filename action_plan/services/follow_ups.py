"""Tasks a coach adds to a participant's plan outside the template (an interview's follow-ups)."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from action_plan import rules
from action_plan.models import DeliverableType, Plan, PlanTask

# Step keys of these tasks ("suivi-<key>"): never a template step's, kept when the plan is regenerated.
FOLLOW_UP_KEY_PREFIX = "suivi-"


@transaction.atomic
def task_add_follow_up(*, plan: Plan, key: str, title: str, due_in_days: int = 7) -> PlanTask:
    """A task the coach agreed on with the participant, added to their plan in the current week.

    `key` (unique in the plan, e.g. "<interview id>-<n>-<summary id>") makes a second call with the
    same key return the task already made instead of adding another. The title is the coach's plain
    text, shown escaped; the instructions say where the task comes from, in both languages.
    """
    step_key = f"{FOLLOW_UP_KEY_PREFIX}{key}"[:60]
    existing = PlanTask.objects.filter(plan=plan, step_key=step_key).first()
    if existing is not None:
        return existing
    today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(plan.user.time_zone or settings.TIME_ZONE))
    week = max(1, rules.current_week(start_date=plan.start_date, local_today=today))
    texts = {}
    for language in ("fr-ca", "en"):
        with translation.override(language):
            texts[language] = _("Suivi convenu avec votre accompagnatrice ou accompagnateur lors de votre entrevue.")
    return PlanTask.objects.create(
        plan=plan,
        step_key=step_key,
        template_week=week,
        week=week,
        order=1000,  # after the template's tasks of that week
        title_fr=title[:250],
        title_en=title[:250],
        instructions_html_fr=f"<p>{escape(texts['fr-ca'])}</p>",
        instructions_html_en=f"<p>{escape(texts['en'])}</p>",
        deliverable_type=DeliverableType.NONE,
        effort_minutes=30,
        opens_on=today,
        due_on=today + datetime.timedelta(days=due_in_days),
    )
