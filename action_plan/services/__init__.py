"""Writes on action plans, one module per concern:

- generation.py  plan_generate, plan_reschedule, plan_update_settings, plan_on_profile_updated
- work.py        the participant's task: task_save_draft, task_submit, task_reopen, plan_links_tick
- review.py      the coach's task_review
- reminders.py   reminders_send_due (the beat job), reminder_send, plan_unsubscribe
- templates.py   admin actions: template_new_version, template_publish
- privacy.py     action_plan_personal_data_erase (Law 25)
- errors.py      PlanError and its kinds, whose message is for the person

Reads are in action_plan/selectors.py; e-mails are built in action_plan/emails.py. Callers use
`from action_plan import services` and `services.<name>`: the names below are the package's API.
"""

from action_plan.services.errors import (
    DeliverableIncomplete,
    NoTemplateAvailable,
    PlanError,
    ReviewNotAllowed,
    TaskNotEditable,
)
from action_plan.services.generation import (
    RULE_FIELDS,
    plan_generate,
    plan_generate_for_profile_if_missing,
    plan_on_profile_updated,
    plan_reschedule,
    plan_update_settings,
)
from action_plan.services.privacy import action_plan_personal_data_erase
from action_plan.services.reminders import REMINDER_LOCAL_HOUR, plan_unsubscribe, reminder_send, reminders_send_due
from action_plan.services.review import task_review
from action_plan.services.templates import template_new_version, template_publish
from action_plan.services.work import plan_links_tick, task_reopen, task_save_draft, task_submit

__all__ = [
    "REMINDER_LOCAL_HOUR",
    "RULE_FIELDS",
    "DeliverableIncomplete",
    "NoTemplateAvailable",
    "PlanError",
    "ReviewNotAllowed",
    "TaskNotEditable",
    "action_plan_personal_data_erase",
    "plan_generate",
    "plan_generate_for_profile_if_missing",
    "plan_links_tick",
    "plan_on_profile_updated",
    "plan_reschedule",
    "plan_unsubscribe",
    "plan_update_settings",
    "reminder_send",
    "reminders_send_due",
    "task_reopen",
    "task_review",
    "task_save_draft",
    "task_submit",
    "template_new_version",
    "template_publish",
]
